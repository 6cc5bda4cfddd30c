"""F8 and F16: claims pass, reject wrong forms, and agree with numerics independent of SymPy."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derivations import mse_on_softmax_grad
from derivations.claims import ClaimFailed, get
from derivations.claims import mse as mse_claims
from derivations.symbolic.symbols import general_symbols

G = general_symbols()
P = sp.IndexedBase("p", positive=True)


def test_claims_registered_and_pass():
    assert get("mse-gradient").id == "F8"
    assert get("proper-losses").id == "F16"
    assert get("F8").check().methods
    assert get("F16").check().methods


F8_MUTATIONS = {
    "flip sign": ("gradient", lambda f: -f),
    "drop sum": ("gradient", lambda f: G.s[G.k] * (G.s[G.k] - G.y[G.k])),
    "wrong factor": ("gradient", lambda f: 2 * f),
    "chain rule no J": ("chain_rule", lambda f: G.s[G.k] - G.y[G.k]),
    "vertex limit nonzero": ("vertex_limit", lambda f: f + 1),
}


@pytest.mark.parametrize("name", list(F8_MUTATIONS))
def test_f8_rejects_mutations(name):
    claim = get("F8")
    key, mutate = F8_MUTATIONS[name]
    forms = claim.claimed()
    forms[key] = mutate(forms[key])
    with pytest.raises(ClaimFailed, match="F8"):
        claim.check(claimed=forms)


F16_MUTATIONS = {
    "ce squared": ("ce_minimizer", lambda f: f**2),
    "brier complement": ("brier_minimizer", lambda f: 1 - f),
    "brier half": ("brier_minimizer", lambda f: f / 2),
}


@pytest.mark.parametrize("name", list(F16_MUTATIONS))
def test_f16_rejects_mutations(name):
    claim = get("F16")
    key, mutate = F16_MUTATIONS[name]
    forms = claim.claimed()
    forms[key] = mutate(forms[key])
    with pytest.raises(ClaimFailed, match="F16"):
        claim.check(claimed=forms)


def _mse(z, y):
    s = np.exp(z - z.max())
    s /= s.sum()
    return 0.5 * ((s - y) ** 2).sum()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mse_gradient_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    n = 6
    z = 2 * rng.standard_normal(n)
    y = np.eye(n)[rng.integers(n)]
    h = 1e-6
    fd = np.array([(_mse(z + h * e, y) - _mse(z - h * e, y)) / (2 * h) for e in np.eye(n)])
    np.testing.assert_allclose(mse_on_softmax_grad(z, y), fd, atol=1e-9)
    s = np.exp(z - z.max())
    s /= s.sum()
    closed = s * ((s - y) - s @ (s - y))
    np.testing.assert_allclose(closed, fd, atol=1e-9)


def test_mse_gradient_vanishes_at_wrong_vertex_numerically():
    # Confidently wrong: z_1 far above the others, truth is class 2; CE's gradient stays ~1.
    z = np.array([30.0, 0.0, 0.0])
    y = np.array([0.0, 1.0, 0.0])
    assert np.abs(mse_on_softmax_grad(z, y)).max() < 1e-11
    s = np.exp(z - z.max())
    s /= s.sum()
    assert np.abs(s - y).max() > 0.99


def test_vertex_limits_rejects_bad_class():
    with pytest.raises(ValueError, match="vertex_limits"):
        mse_claims.vertex_limits(3, 4, 1)
