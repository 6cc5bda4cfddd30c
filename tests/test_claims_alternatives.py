"""The alternatives claims (F39-F47): scope per part, likely mistakes fail, checks independent.

Beyond the generic mutations of ``test_claims_mutations.py``: the errors a person is likely to
make (the softmax's factor 1 kept for another mapping, 1/t where it is 2/t, the sign of the
residual, the delta on the wrong index, a shift invariance claimed for the wrong mapping). And
the claimed forms against computations that share nothing with SymPy: central differences of the
package's losses, SciPy, and plain NumPy.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.optimize import brentq

import derivations
from derivations import claims
from derivations.claims import ClaimFailed
from derivations.claims.alternatives import KERNEL_EPS, mp_sparsemax, sparsemax_two_class
from derivations.symbolic import alternatives as alt
from derivations.symbolic.alternatives import EPS, SHIFT, GFun, GPrime, Mapped, Q, T
from derivations.symbolic.binary import SIGMA, ZETA
from derivations.symbolic.expressions import Z
from derivations.symbolic.symbols import general_symbols

G = general_symbols()
z, y, s, i, j, k, m, n = G.z, G.y, G.s, G.i, G.j, G.k, G.m, G.n
DELTA = sp.KroneckerDelta(j, k)

#: Which methods prove each claim's parts (every part of the claim the same).
SCOPES = {
    "positive-divide-gradient": {"any-n", "exact", "numeric"},
    "alternative-gradients": {"any-n", "numeric", "measured"},
    "alternatives-wrong-slopes": {"exact", "numeric", "measured"},
    "alternatives-wrong-limits": {"exact", "numeric", "measured"},
    "sparsemax-loss-gradient": {"any-n", "numeric", "measured"},
    "sparsemax-two-class": {"exact", "numeric", "measured"},
    "sparsemax-shift": {"any-n", "numeric", "measured"},
}


@pytest.mark.parametrize("slug", sorted(SCOPES))
def test_each_part_is_proved_at_its_stated_scope(slug: str) -> None:
    claim = claims.get(slug)
    assert claim.page == "alternatives"
    evidence = claim.check()
    for part in claim.parts():
        assert {m.kind for m in evidence.scope(part)} == SCOPES[slug], part


def test_general_n_where_sympy_can_and_fixed_size_where_the_statement_is() -> None:
    scale = claims.get("shift-and-scale").check()
    assert {m.kind for m in scale.scope("shift")} == {"any-n", "exact", "numeric"}
    # The two-class line is a statement about n = 2: never labelled "every n".
    assert "any-n" not in {m.kind for m in scale.scope("two_class_shift")}
    order = claims.get("alternatives-order").check()
    assert all("any-n" not in {m.kind for m in order.scope(p)} for p in ("spherical", "taylor"))


MUTATIONS = {
    "positive-divide-gradient": {
        # The delta forgotten, the residual's sign, the factor at the wrong logit.
        "gradient": [
            GPrime(z[j]) / sp.Sum(GFun(z[m]), (m, 1, n)) - GPrime(z[k]) / GFun(z[k]),
            DELTA * GPrime(z[k]) / GFun(z[k]) - GPrime(z[j]) / sp.Sum(GFun(z[m]), (m, 1, n)),
        ],
        "factored": [
            (DELTA - Q[j]) * GPrime(z[j]) / GFun(z[j]),
            (Q[j] - DELTA) * GPrime(z[k]) / GFun(z[k]),
            Q[j] - DELTA,
        ],
    },
    "alternative-gradients": {
        # The softmax's factor 1 kept for another mapping; 1/z where it is 2z/(z^2 + eps).
        "spherical": [Q[j] - DELTA, (Q[j] - DELTA) / (z[j] + EPS)],
        "taylor": [(Q[j] - DELTA) * (1 + z[j]) / (1 + z[j] + z[j] ** 2)],
        "softplus": [(Q[j] - DELTA) * SIGMA(z[j]), (Q[j] - DELTA) / ZETA(z[j])],
        "relu_positive": [(Q[j] - DELTA) / z[j], Q[j] - DELTA],
        "relu_negative": [Q[j] - DELTA],
        "softmax": [DELTA - s[j], s[j] * (1 - s[j])],
    },
    "alternatives-wrong-slopes": {
        "taylor": [(1 + T) / (1 + T + T**2 / 2), 2 / T],
        "spherical": [2 * T / (T**2 + EPS), 2 / T],
        "relu": [1 / (T + EPS), 1 / T],
        "softplus": [SIGMA(T) / ZETA(T), SIGMA(T)],
    },
    "alternatives-wrong-limits": {
        "softplus": [sp.Integer(2), sp.S.Zero],
        "spherical": [sp.S.One],
        "taylor": [sp.S.One, sp.oo],
    },
    "sparsemax-loss-gradient": {
        "gradient": [
            y[i] - Mapped("sparsemax", Z, i),
            Mapped("sparsemax", Z, i) + y[i],
            Mapped("sparsemax", Z, i) * (1 - Mapped("sparsemax", Z, i)) - y[i],
        ],
    },
    "sparsemax-two-class": {
        "zero": [(1 - T) / 2],
        "loss_near": [(1 - T) ** 2 / 4, T],
        "loss_far": [T - 1, T**2 / 2],
        "slope_far": [sp.S.Zero],
    },
    "shift-and-scale": {
        # The softmax's own answer (invariance) claimed for every g.
        "shift": [sp.S.Zero],
        "scale": [sp.S.Zero, Q[i] * (z[i] - sp.Sum(Q[m] * z[m], (m, 1, n)))],
        "two_class_shift": [Q[1] * Q[2] * (GPrime(z[2]) / GFun(z[2]) - GPrime(z[1]) / GFun(z[1]))],
    },
    "sparsemax-shift": {"shift": [Mapped("sparsemax", Z, i) + SHIFT]},
    "alternatives-order": {
        "spherical": [(1 + EPS) / (5 + 2 * EPS)],
        "taylor": [sp.Rational(1, 6)],
        "taylor_square": [(1 + alt.U) ** 2 / 2],
    },
}
CASES = [
    (slug, part, wrong)
    for slug, parts in MUTATIONS.items()
    for part, wrongs in parts.items()
    for wrong in wrongs
]


@pytest.mark.parametrize(("slug", "part", "wrong"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_likely_mistakes_fail(slug: str, part: str, wrong: sp.Expr) -> None:
    claim = claims.get(slug)
    forms = claim.claimed()
    forms[part] = wrong
    with pytest.raises(ClaimFailed, match=rf"{claim.id} \[{part}\]"):
        claim.check(forms)


# -- the claimed forms against independent numerics ---------------------------------------------

PROBABILITY = {
    "softmax": derivations.softmax,
    "softplus": derivations.softplus_normalize,
    "relu": derivations.relu_normalize,
    "spherical": derivations.spherical_softmax,
    "taylor": derivations.taylor_softmax,
}


def _central(f, z0: np.ndarray, index: int, h: float = 1e-6) -> float:
    step = np.zeros_like(z0)
    step[index] = h
    return float((f(z0 + step) - f(z0 - step)) / (2 * h))


@pytest.mark.parametrize(
    ("part", "mapping"),
    [
        ("softmax", "softmax"),
        ("softplus", "softplus"),
        ("relu_positive", "relu"),
        ("spherical", "spherical"),
        ("taylor", "taylor"),
    ],
)
def test_each_gradient_matches_central_differences_of_minus_log_q(part: str, mapping: str) -> None:
    claimed = claims.get("alternative-gradients").claimed()[part]
    qj, zj, dl = sp.symbols("q_j z_j delta")
    flat = claimed.xreplace({Q[j]: qj, s[j]: qj, z[j]: zj, DELTA: dl}).replace(
        SIGMA, lambda a: 1 / (1 + sp.exp(-a))
    )
    flat = flat.replace(ZETA, lambda a: sp.log(1 + sp.exp(a))).xreplace({EPS: KERNEL_EPS})
    entry = sp.lambdify([qj, zj, dl], flat, modules="numpy")
    rng = np.random.default_rng(14)
    for _ in range(5):
        z0 = np.abs(rng.normal(size=4)) + 0.1 if mapping == "relu" else rng.normal(size=4)
        q = PROBABILITY[mapping](z0)
        for true in range(4):

            def loss(v: np.ndarray, true: int = true) -> float:
                return -np.log(PROBABILITY[mapping](v)[true])

            for a in range(4):
                want = _central(loss, z0, a)
                assert abs(entry(q[a], z0[a], float(a == true)) - want) < 1e-7


def test_two_class_slopes_match_central_differences() -> None:
    forms = claims.get("alternatives-wrong-slopes").claimed()
    for mapping, form in forms.items():
        f = sp.lambdify(T, alt_definitions(form).xreplace({EPS: KERNEL_EPS}), modules="numpy")
        for t in (0.3, 1.7, 12.0):

            def loss(v: np.ndarray, mapping: str = mapping) -> float:
                return -np.log(PROBABILITY[mapping](v)[0])

            want = _central(loss, np.array([0.0, t]), 1)
            assert abs(float(f(t)) - want) < 1e-7, (mapping, t)


def alt_definitions(expr: sp.Expr) -> sp.Expr:
    return expr.replace(SIGMA, lambda a: 1 / (1 + sp.exp(-a))).replace(
        ZETA, lambda a: sp.log(1 + sp.exp(a))
    )


def test_sparsemax_gradient_matches_central_differences_of_the_loss() -> None:
    rng = np.random.default_rng(15)
    for _ in range(10):
        z0 = rng.normal(size=5)
        label = int(rng.integers(5))
        p = derivations.sparsemax(z0)
        want = p.copy()
        want[label] -= 1  # the claimed form sparsemax(z) - y, y = e_label
        got = [
            _central(lambda v, label=label: derivations.sparsemax_loss(v, label), z0, a, h=1e-7)
            for a in range(5)
        ]
        np.testing.assert_allclose(got, want, atol=1e-6)


def test_sparsemax_by_bisection_agrees_with_scipy_root_finding() -> None:
    rng = np.random.default_rng(16)
    for _ in range(10):
        z0 = rng.normal(size=6) * 2
        tau = brentq(lambda u, z0=z0: np.maximum(z0 - u, 0).sum() - 1, z0.max() - 1, z0.max())
        p, tau_mp = mp_sparsemax(list(z0))
        assert abs(float(tau_mp) - tau) < 1e-12
        np.testing.assert_allclose([float(v) for v in p], np.maximum(z0 - tau, 0), atol=1e-12)


def test_sparsemax_two_class_against_the_projection_by_brute_force() -> None:
    two = sparsemax_two_class()
    grid = np.linspace(0, 1, 200001)
    for t in (-0.6, 0.2, 0.9, 1.5, 7.0):
        # Closest point (a, 1 - a) of the simplex to (0, t), by search over a.
        a = grid[np.argmin(grid**2 + (1 - grid - t) ** 2)]
        near = float(two["near"].subs(T, t))
        assert abs(a - (near if abs(t) < 1 else 0.0)) < 1e-5


def test_shift_response_matches_finite_differences_of_the_kernels() -> None:
    # q_i (g'/g (z_i) - sum_m q_m g'/g (z_m)), the first line of the claim, written out.
    rng = np.random.default_rng(17)
    for mapping in ("softplus", "spherical", "taylor", "softmax"):
        z0 = rng.normal(size=3)
        q = PROBABILITY[mapping](z0)
        g = alt.g_definition(mapping).xreplace({EPS: KERNEL_EPS})
        ratio = sp.lambdify(alt.U, sp.diff(g, alt.U) / g, modules="numpy")
        for a in range(3):
            f = PROBABILITY[mapping]
            want = _central(lambda c, a=a, f=f, z0=z0: f(z0 + c[0])[a], np.zeros(1), 0)
            got = q[a] * (ratio(z0[a]) - np.sum(q * ratio(z0)))
            assert abs(got - want) < 1e-8, (mapping, a)
        if mapping == "softmax":
            assert abs(want) < 1e-9  # the one shift-invariant member


def test_order_reversals_in_the_kernels() -> None:
    assert derivations.spherical_softmax([-2.0, 1.0])[0] > 0.5
    assert derivations.taylor_softmax([-4.0, 0.0])[0] > 0.5
    for f in (derivations.softmax, derivations.softplus_normalize, derivations.sparsemax):
        assert f(np.array([-2.0, 1.0]))[0] < 0.5
