"""F6 (lse-sandwich) and F9 (two-class-limits): proofs pass, wrong forms fail, numbers agree."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.special import expit, logsumexp

from derivations import claims
from derivations.claims import ClaimFailed
from derivations.claims.wrong_model import MAX_Z, T
from derivations.symbolic.symbols import general_symbols

G = general_symbols()
ZK = G.z[G.k]


def test_f6_and_f9_check_pass():
    for slug in ("lse-sandwich", "two-class-limits"):
        claim = claims.get(slug)
        assert claim.page == "wrong-model"
        assert claim.check().details


F6_MUTATIONS = {
    "lse_lower": [-MAX_Z, MAX_Z - 1, 2 * MAX_Z, MAX_Z + sp.log(G.n)],
    "lse_upper": [-MAX_Z - sp.log(G.n), MAX_Z, MAX_Z + 2 * sp.log(G.n), MAX_Z - sp.log(G.n)],
    "ce_lower": [ZK - MAX_Z, MAX_Z, 2 * (MAX_Z - ZK), MAX_Z - ZK + sp.log(G.n)],
    "ce_upper": [ZK - MAX_Z + sp.log(G.n), MAX_Z - ZK, MAX_Z - ZK + 2 * sp.log(G.n)],
}


@pytest.mark.parametrize(
    ("name", "wrong"), [(k, w) for k, ws in F6_MUTATIONS.items() for w in ws], ids=str
)
def test_f6_mutations_fail(name, wrong):
    claim = claims.get("F6")
    forms = claim.claimed()
    forms[name] = wrong
    with pytest.raises(ClaimFailed, match="F6"):
        claim.check(claimed=forms)


SIG = 1 / (1 + sp.exp(-T))
F9_MUTATIONS = {
    "ce": [-sp.log(1 + sp.exp(T)), sp.log(sp.exp(T)), 2 * sp.log(1 + sp.exp(T)),
           sp.log(1 + sp.exp(-T))],
    "ce_slope_limit": [sp.Integer(-1), sp.S.Zero, sp.Integer(2)],
    "ce_minus_t_limit": [sp.Integer(-1), sp.log(2)],
    "mse": [-(SIG**2), SIG, 2 * SIG**2, (1 - SIG) ** 2],
    "mse_slope": [-2 * SIG**2 * (1 - SIG), 2 * SIG**2, SIG**2 * (1 - SIG), 2 * SIG * (1 - SIG)],
    "mse_slope_limit": [sp.Integer(1), sp.Integer(2)],
    "mse_decay": [sp.Integer(-2), sp.Integer(1), sp.Integer(4)],
}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "wrong"), [(k, w) for k, ws in F9_MUTATIONS.items() for w in ws], ids=str
)
def test_f9_mutations_fail(name, wrong):
    claim = claims.get("F9")
    forms = claim.claimed()
    forms[name] = wrong
    with pytest.raises(ClaimFailed, match="F9"):
        claim.check(claimed=forms)


def test_lse_sandwich_numerically_with_scipy():
    # Independent of SymPy: scipy's logsumexp on seeded logits, incl. huge and equal ones.
    rng = np.random.default_rng(123)
    for n in (2, 3, 10, 100):
        z = rng.standard_normal((200, n)) * rng.choice([1.0, 50.0, 1e4], size=(200, 1))
        lse, top = logsumexp(z, axis=1), z.max(axis=1)
        assert np.all(lse >= top)
        assert np.all(lse <= top + np.log(n) + 1e-9 * np.abs(top))
        ce = lse[:, None] - z  # CE of a one-hot target on every class k
        gap = top[:, None] - z
        assert np.all(ce >= gap - 1e-9 * np.abs(top[:, None]))
        assert np.all(ce <= gap + np.log(n) + 1e-9 * np.abs(top[:, None]))
        # Equal logits attain the upper bound; one logit far above the rest nearly the lower.
        assert logsumexp(np.full(n, 3.0)) == pytest.approx(3.0 + np.log(n), rel=1e-14)
        far = np.r_[0.0, np.full(n - 1, -800.0)]
        assert logsumexp(far) == 0.0


def test_two_class_slopes_by_finite_differences():
    # CE = log(1 + e^t) and L = sigma(t)^2 from their definitions, differentiated numerically.
    t = np.array([-5.0, 0.0, 3.0, 10.0, 20.0])
    h = 1e-6

    def ce(u):
        return logsumexp(np.stack([np.zeros_like(u), u]), axis=0)

    def loss(u):
        s1 = expit(u)  # softmax([0, u])[1]
        return 0.5 * ((1 - s1 - 1) ** 2 + s1**2)

    ce_slope = (ce(t + h) - ce(t - h)) / (2 * h)
    np.testing.assert_allclose(ce_slope, expit(t), rtol=1e-7)
    loss_slope = (loss(t + h) - loss(t - h)) / (2 * h)
    sig = expit(t)
    np.testing.assert_allclose(loss_slope, 2 * sig**2 * (1 - sig), rtol=1e-4, atol=1e-9)
    # The decay: e^t * slope -> 2, while CE's slope -> 1 and CE - t -> 0.
    big = 25.0
    assert np.exp(big) * 2 * expit(big) ** 2 * expit(-big) == pytest.approx(2.0, rel=1e-9)
    assert ce(np.array([40.0]))[0] - 40.0 == pytest.approx(0.0, abs=1e-15)
