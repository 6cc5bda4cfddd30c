"""Claim F10 (page curvature): proof passes, mutated forms fail, numpy finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derivations import claims
from derivations.claims import ClaimFailed
from derivations.claims.curvature import MARGIN
from derivations.symbolic.binary import SIGMA, ZETA

S = SIGMA(MARGIN)


def test_check_passes():
    claim = claims.get("margin-curvature")
    assert claim.id == "F10"
    assert claim.page == "curvature"
    evidence = claim.check()
    assert "numeric" in evidence.methods


MUTATIONS = [
    ("mse", 1 - S),
    ("mse", S**2),
    ("mse_second", 2 * S * (1 - S) ** 2 * (1 - 3 * S)),  # sign flipped
    ("mse_second", -2 * S * (1 - S) ** 2 * (1 - 2 * S)),  # wrong factor
    ("mse_second", -2 * S * (1 - S) * (1 - 3 * S)),  # dropped a power
    ("threshold", sp.log(2)),
    ("threshold", -sp.log(3)),
    ("ce", ZETA(MARGIN)),
    ("ce_second", -S * (1 - S)),
    ("ce_second", S * (1 - S) ** 2),
]


@pytest.mark.parametrize(("key", "wrong"), MUTATIONS)
def test_mutated_claim_fails(key, wrong):
    claim = claims.get("F10")
    forms = claim.claimed()
    forms[key] = wrong
    with pytest.raises(ClaimFailed, match="F10"):
        claim.check(claimed=forms)


def _mse_margin(d):
    """1/2 ||softmax([d, 0]) - (1, 0)||^2 from the definition, vectorised over d."""
    z = np.stack([d, np.zeros_like(d)], axis=-1)
    s = np.exp(z - z.max(axis=-1, keepdims=True))
    s /= s.sum(axis=-1, keepdims=True)
    return 0.5 * ((s - np.array([1.0, 0.0])) ** 2).sum(axis=-1)


def test_numpy_second_difference_sign_changes_at_minus_log2():
    d = np.linspace(-6, 4, 201)
    h = 1e-3
    second = (_mse_margin(d + h) - 2 * _mse_margin(d) + _mse_margin(d - h)) / h**2
    sig = 1 / (1 + np.exp(-d))
    np.testing.assert_allclose(second, -2 * sig * (1 - sig) ** 2 * (1 - 3 * sig), atol=1e-5)
    away = np.abs(d + np.log(2)) > 0.05
    assert np.all((second[away] < 0) == (d[away] < -np.log(2)))


def test_numpy_ce_second_difference_positive():
    d = np.linspace(-15, 15, 121)
    h = 1e-3
    ce = lambda t: np.logaddexp(0.0, -t)  # noqa: E731  CE of logits (t, 0), class 1 true
    second = (ce(d + h) - 2 * ce(d) + ce(d - h)) / h**2
    sig = 1 / (1 + np.exp(-d))
    np.testing.assert_allclose(second, sig * (1 - sig), atol=1e-6)
    assert np.all(second > 0)
