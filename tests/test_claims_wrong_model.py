"""The wrong-model claims: their scope per part, wrong statements fail, numbers agree.

Independent of SymPy where possible: SciPy's ``logsumexp``/``softmax``/``expit`` on seeded
logits check the bounds and limits; extra mutations (beyond the generic ones of
``test_claims_mutations.py``) check the errors a person is likely to make: the other sign of the
margin, the other true class, a bound that holds but is not tight, the wrong slope form.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.special import expit, logsumexp, softmax

from derivations import claims
from derivations.claims import ClaimFailed
from derivations.claims.wrong_model import (
    MAX_Z,
    T,
    lse_about_max,
    two_class_ce,
    two_class_losses,
    two_class_mse,
)
from derivations.symbolic.binary import SIGMA, ZETA
from derivations.symbolic.symbols import general_symbols

G = general_symbols()
ZK = G.z[G.k]
SCOPES = {
    "lse-sandwich": {"any-n", "numeric"},
    "two-class-limits": {"exact", "numeric"},
    "right-model-limits": {"any-n", "numeric"},
    "wrong-model-slope": {"any-n", "numeric"},
}


@pytest.mark.parametrize("slug", sorted(SCOPES))
def test_each_part_is_proved_symbolically_and_numerically(slug: str) -> None:
    claim = claims.get(slug)
    assert claim.page == "wrong-model"
    evidence = claim.check()
    for part in claim.parts():
        assert {m.kind for m in evidence.scope(part)} == SCOPES[slug], part


def test_the_sandwich_is_proved_for_symbolic_n_and_never_for_listed_sizes_only() -> None:
    evidence = claims.get("lse-sandwich").check()
    assert not [s for s in evidence.steps if "proved exactly for $n =" in s.method.words]
    # Each bound: one step that it holds and one that it is attained or approached.
    for part in ("lse_lower", "lse_upper", "ce_lower", "ce_upper"):
        texts = [s.text for s in evidence.steps if s.part == part and s.method.kind == "any-n"]
        assert len(texts) == 2, part
        assert texts[1].startswith("attained" if part.endswith("upper") else "approached")


G_N = G.n
F6_MUTATIONS = {
    # True but not tight: the proof shows each bound is attained or approached.
    "lse_upper": [MAX_Z + sp.log(G_N) + 1, MAX_Z + G_N, MAX_Z + sp.log(G_N - 1)],
    "lse_lower": [MAX_Z - 1, MAX_Z - sp.log(G_N), MAX_Z + sp.log(2)],
    "ce_lower": [MAX_Z + ZK, ZK - MAX_Z, MAX_Z - ZK - 1],
    "ce_upper": [MAX_Z - ZK + sp.log(G_N + 1), MAX_Z + sp.log(G_N), MAX_Z + ZK + sp.log(G_N)],
    "about_max": [MAX_Z + sp.log(sp.Sum(sp.exp(G.z[G.m]), (G.m, 1, G_N)))],
}


@pytest.mark.parametrize(
    ("part", "wrong"), [(p, w) for p, ws in F6_MUTATIONS.items() for w in ws], ids=str
)
def test_sandwich_mutations_fail(part: str, wrong: sp.Expr) -> None:
    claim = claims.get("lse-sandwich")
    forms = claim.claimed()
    forms[part] = wrong
    with pytest.raises(ClaimFailed, match=rf"F6 \[{part}\]"):
        claim.check(forms)


SIG = SIGMA(T)
F9_MUTATIONS = {
    # The display that once passed every test:
    "mse_slope": [2 * SIG**2 / (1 - SIG), 2 * SIG * (1 - SIG), SIG**2 * (1 - SIG)],
    # The other sign of the margin, or the true class second:
    "ce": [ZETA(-T), ZETA(T) - T],
    "ce_slope": [SIGMA(-T), 1 - SIG],
    "mse": [(1 - SIG) ** 2, SIG],
    "ce_slope_limit": [sp.S.Zero],
    "mse_decay": [sp.S.One, sp.Integer(4)],
    "mse_limit": [sp.Rational(1, 2)],
}


@pytest.mark.parametrize(
    ("part", "wrong"), [(p, w) for p, ws in F9_MUTATIONS.items() for w in ws], ids=str
)
def test_two_class_mutations_fail(part: str, wrong: sp.Expr) -> None:
    claim = claims.get("two-class-limits")
    forms = claim.claimed()
    forms[part] = wrong
    with pytest.raises(ClaimFailed, match=rf"F9 \[{part}\]"):
        claim.check(forms)


@pytest.mark.parametrize(
    ("slug", "part", "wrong"),
    [
        ("right-model-limits", "ce_upper", sp.log(1 + G_N * sp.exp(T))),
        ("right-model-limits", "ce_upper", sp.log(1 + (G_N - 1) * sp.exp(-T))),
        ("right-model-limits", "ce_limit", sp.log(G_N)),
        ("right-model-limits", "gradient_limit", sp.S.NegativeOne),
        ("wrong-model-slope", "true_slope_limit", sp.S.One),
        ("wrong-model-slope", "true_slope_limit", sp.S.Zero),
    ],
    ids=str,
)
def test_limit_mutations_fail(slug: str, part: str, wrong: sp.Expr) -> None:
    claim = claims.get(slug)
    forms = claim.claimed()
    forms[part] = wrong
    with pytest.raises(ClaimFailed, match=rf"{claim.id} \[{part}\]"):
        claim.check(forms)


def test_the_derivations_shown_end_in_the_claimed_forms() -> None:
    forms = claims.get("two-class-limits").claimed()
    assert two_class_ce().result == forms["ce"]
    assert two_class_mse().result == forms["mse"]
    assert lse_about_max().result == claims.get("lse-sandwich").claimed()["about_max"]
    for chain in (lse_about_max(), two_class_ce(), two_class_mse()):
        assert len(chain.lines) >= 3


def test_lse_sandwich_numerically_with_scipy() -> None:
    rng = np.random.default_rng(123)
    for n in (2, 3, 10, 100):
        z = rng.standard_normal((200, n)) * rng.choice([1.0, 50.0, 1e4], size=(200, 1))
        lse, top = logsumexp(z, axis=1), z.max(axis=1)
        slack = 1e-9 * np.abs(top)
        assert np.all(lse >= top - slack)
        assert np.all(lse <= top + np.log(n) + slack)
        ce = lse[:, None] - z  # the cross-entropy of a one-hot target on every class k
        gap = top[:, None] - z
        assert np.all(ce >= gap - slack[:, None])
        assert np.all(ce <= gap + np.log(n) + slack[:, None])
        # Equal logits attain the upper bound; one logit far above the rest nearly the lower.
        assert logsumexp(np.full(n, 3.0)) == pytest.approx(3.0 + np.log(n), rel=1e-14)
        assert logsumexp(np.r_[0.0, np.full(n - 1, -800.0)]) == 0.0


def test_right_and_wrong_limits_numerically_with_scipy() -> None:
    rng = np.random.default_rng(5)
    for n in (2, 3, 10):
        for t in (-30.0, -3.0, 0.5, 4.0, 30.0):
            below = np.abs(rng.standard_normal(n - 1)) * 5
            below[0] = 0.0  # the best wrong logit is exactly t ahead of the true one
            z = np.r_[0.0, t - below]  # true class first, at 0
            s = softmax(z)
            ce = -np.log(s[0])
            assert ce <= np.log1p((n - 1) * np.exp(t)) + 1e-12
            assert s[0] <= np.exp(-t) + 1e-15  # so s_k - 1 -> -1 as t grows
            if t == -30.0:
                assert ce < 1e-12
                assert np.abs(s - np.eye(n)[0]).max() < 1e-12
            if t == 30.0:
                assert s[0] - 1 == pytest.approx(-1.0, abs=1e-12)
        equal = np.r_[0.0, np.full(n - 1, 2.0)]
        assert -np.log(softmax(equal)[0]) == pytest.approx(np.log1p((n - 1) * np.exp(2.0)))


def test_two_class_forms_by_finite_differences() -> None:
    # z = (0, t), true class 1: CE and L from their definitions, differentiated numerically.
    t = np.array([-5.0, 0.0, 3.0, 10.0, 20.0])
    h = 1e-6

    def ce(u: np.ndarray) -> np.ndarray:
        return logsumexp(np.stack([np.zeros_like(u), u]), axis=0)

    def loss(u: np.ndarray) -> np.ndarray:
        s2 = expit(u)  # softmax((0, u))_2
        return 0.5 * ((1 - s2 - 1) ** 2 + s2**2)

    sig = expit(t)
    np.testing.assert_allclose(ce(t), np.logaddexp(0.0, t), rtol=1e-14)
    np.testing.assert_allclose((ce(t + h) - ce(t - h)) / (2 * h), sig, rtol=1e-7)
    np.testing.assert_allclose(loss(t), sig**2, rtol=1e-14)
    slope = (loss(t + h) - loss(t - h)) / (2 * h)
    np.testing.assert_allclose(slope, 2 * sig**2 * (1 - sig), rtol=1e-4, atol=1e-9)
    # The derived expressions the figures plot are the same functions.
    two = two_class_losses()
    exact = 2 * sig**2 * expit(-t)  # 1 - sigma(t) = sigma(-t), without cancellation
    np.testing.assert_allclose(two.numeric("mse_slope")(t), exact, rtol=1e-12)
    big = 25.0
    assert np.exp(big) * two.numeric("mse_slope")(big) == pytest.approx(2.0, rel=1e-9)
