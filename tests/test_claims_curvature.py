"""F10, F17 and F25 (page curvature): the losses along the margin, and the free logits.

Independent of SymPy: NumPy second differences of the losses along z = (0, t, ..., t) with the
true class first, using the package's kernels.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import derivations
from derivations import claims
from derivations.claims import ClaimFailed
from derivations.symbolic.binary import SIGMA, ZETA
from derivations.symbolic.curvature import MARGIN, margin_second_derivative
from derivations.symbolic.expressions import Softmax, Z
from derivations.symbolic.symbols import general_symbols

G = general_symbols()
S1, N, T = G.s[1], G.n, MARGIN
SIG = SIGMA(T)


def test_registered_with_the_scope_of_each_part() -> None:
    evidence = claims.get("margin-curvature").check()
    kinds = {part: [m.kind for m in evidence.scope(part)] for part in claims.get("F10").parts()}
    assert kinds["second"] == ["any-n", "exact", "numeric"]
    assert kinds["concave"] == ["any-n", "exact"]
    assert kinds["concave_probability"] == ["any-n", "exact"]
    assert kinds["convex"] == ["any-n", "numeric"]
    two = claims.get("margin-curvature-two-classes")
    assert (two.id, two.page) == ("F25", "curvature")
    assert {m.kind for m in two.check().methods} == {"exact"}


def test_the_title_is_not_the_two_class_statement() -> None:
    title = claims.get("F10").title
    assert "log 2" not in title
    assert "one third" in title


MUTATIONS = [
    ("F10", "second", 2 * S1 * (1 - S1) ** 2 * (1 - 3 * S1)),  # two-class factor for every n
    ("F10", "second", -N / (N - 1) * S1 * (1 - S1) ** 2 * (1 - 2 * S1)),
    ("F10", "concave", sp.log(2)),  # the two-class threshold for every n
    ("F10", "concave", -sp.log(N - 1)),
    ("F10", "concave_probability", sp.Rational(1, 2)),
    ("F10", "loss", (1 - S1) ** 2),
    ("F10", "slope", N / (N - 1) * S1 * (1 - S1)),
    ("F10", "increasing", sp.Rational(1, 1000)),
    ("F10", "ce_second", S1 * (1 - S1) ** 2),
    ("F25", "second", 2 * SIG**2 / (1 - SIG)),  # the display change the audit demonstrated
    ("F25", "second", -2 * SIG * (1 - SIG) ** 2 * (1 - 3 * SIG)),
    ("F25", "loss", (1 - SIG) ** 2),
    ("F25", "ce", ZETA(-T)),
    ("F25", "ce_second", -(SIG - 1) * SIG + SIG),
    ("F17", "rank", N),
    ("F17", "pinned", Softmax(Z, G.n)),
]


@pytest.mark.parametrize(("claim_id", "part", "wrong"), MUTATIONS)
def test_wrong_forms_fail(claim_id: str, part: str, wrong: sp.Expr) -> None:
    claim = claims.get(claim_id)
    forms = claim.claimed()
    forms[part] = wrong
    with pytest.raises(ClaimFailed, match=rf"{claim_id} \[{part}\]"):
        claim.check(forms)


def _along(loss, n: int, t: np.ndarray) -> np.ndarray:
    z = np.zeros((t.size, n))
    z[:, 1:] = t[:, None]
    return loss(z, np.zeros(t.size, dtype=int))


def _second_difference(loss, n: int, t: np.ndarray, h: float = 1e-3) -> np.ndarray:
    return (_along(loss, n, t + h) - 2 * _along(loss, n, t) + _along(loss, n, t - h)) / h**2


@pytest.mark.parametrize("n", [2, 3, 4, 10])
def test_the_squared_error_is_concave_exactly_beyond_log_2_over_n_minus_1(n: int) -> None:
    threshold = np.log(2 / (n - 1))
    left = np.linspace(threshold - 5, threshold - 0.02, 60)
    right = np.linspace(threshold + 0.02, threshold + 5, 60)
    assert np.all(_second_difference(derivations.mse_on_softmax, n, left) > 0)
    assert np.all(_second_difference(derivations.mse_on_softmax, n, right) < 0)
    # At the threshold the true class has probability 1/3.
    assert derivations.softmax(np.r_[0.0, [threshold] * (n - 1)])[0] == pytest.approx(1 / 3)
    # And the loss rises along the whole path: a shoulder, no ridge.
    t = np.linspace(-8, 8, 321)
    assert np.all(np.diff(_along(derivations.mse_on_softmax, n, t)) > 0)


@pytest.mark.parametrize("n", [2, 3, 10])
def test_cross_entropy_is_convex_along_the_path(n: int) -> None:
    t = np.linspace(-10, 10, 101)
    assert np.all(_second_difference(derivations.cross_entropy, n, t) > 0)


@pytest.mark.parametrize("n", [2, 5, 16])
def test_margin_second_derivative_matches_finite_differences(n: int) -> None:
    t = np.linspace(-6, 6, 49)
    derived = sp.lambdify(T, margin_second_derivative(n), "numpy")(t)
    np.testing.assert_allclose(
        derived, _second_difference(derivations.mse_on_softmax, n, t, h=1e-4), atol=1e-6
    )
    symbolic = sp.lambdify((N, T), margin_second_derivative(), "numpy")(n, t)
    np.testing.assert_allclose(symbolic, derived, rtol=1e-12, atol=1e-15)


def test_margin_second_derivative_rejects_a_bad_n() -> None:
    for bad in (1, 2.0, True):
        with pytest.raises(ValueError, match="margin_second_derivative"):
            margin_second_derivative(bad)


def test_free_logits_are_stated_on_this_page_for_every_n() -> None:
    claim = claims.get("free-logits")
    assert claim.page == "curvature"
    evidence = claim.check()
    for part in claim.parts():
        assert evidence.scope(part)[0].kind == "any-n", part


def test_free_logits_in_numpy() -> None:
    rng = np.random.default_rng(15)
    z = rng.normal(0, 50, (10, 16))
    np.testing.assert_allclose(
        derivations.softmax(z - z[:, -1:]), derivations.softmax(z), rtol=1e-12, atol=1e-300
    )
    s = derivations.softmax(rng.normal(size=7))
    jacobian = np.diag(s) - np.outer(s, s)
    assert np.linalg.matrix_rank(jacobian) == 6
    np.testing.assert_allclose(jacobian @ np.ones(7), 0.0, atol=1e-16)
