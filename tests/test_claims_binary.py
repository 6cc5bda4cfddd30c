"""Claims F11, F12, F14 (page binary): proofs pass, mutated forms fail, numpy cross-checks."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derivations import claims
from derivations.claims import ClaimFailed
from derivations.claims.binary import Z1, Z2, A, Y, Z
from derivations.symbolic.binary import SIGMA, ZETA

RNG = np.random.default_rng(7)


@pytest.mark.parametrize("slug", ["sigmoid-two-class", "binary-nll-softplus", "nielsen-integral"])
def test_check_passes(slug):
    claim = claims.get(slug)
    assert claim.page == "binary"
    evidence = claim.check()
    assert "numeric" in evidence.methods
    assert "symbolic" in evidence.methods


MUTATIONS = [
    ("F11", "pinned_first", SIGMA(Z)),  # the wrong side pinned
    ("F11", "pinned_last", SIGMA(-Z)),
    ("F11", "pair", SIGMA(Z2 - Z1)),
    ("F11", "pair", SIGMA(Z1 + Z2)),
    ("F12", "nll", ZETA((2 * Y - 1) * Z)),
    ("F12", "nll", ZETA((1 - 2 * Y) * Z) + 1),
    ("F12", "slope_wrong_y1", sp.S.One),
    ("F12", "slope_wrong_y0", sp.S.Zero),
    ("F12", "slope_right", sp.S.One),
    ("F14", "dC_da", (A - Y) / A),
    ("F14", "cost", -(Y * sp.log(A) - (1 - Y) * sp.log(1 - A))),
    ("F14", "cost", -Y * sp.log(A)),
    ("F14", "cost", (A - Y) ** 2 / 2),
]


@pytest.mark.parametrize(("claim_id", "key", "wrong"), MUTATIONS)
def test_mutated_claim_fails(claim_id, key, wrong):
    claim = claims.get(claim_id)
    forms = claim.claimed()
    forms[key] = wrong
    with pytest.raises(ClaimFailed, match=claim_id):
        claim.check(claimed=forms)


def _sigmoid(t):
    return np.exp(-np.logaddexp(0.0, -t))  # accurate in the tails, unlike 1/(1+exp(-t))


def test_numpy_two_class_softmax():
    z = np.concatenate([RNG.normal(0, 5, 50), [-700.0, 700.0]])
    other = RNG.normal(0, 5, z.size)
    pair = np.stack([z, other], axis=1)
    soft = np.exp(pair - pair.max(axis=1, keepdims=True))
    soft /= soft.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(soft[:, 0], _sigmoid(z - other), rtol=1e-12, atol=1e-300)
    pinned_first = np.stack([np.zeros_like(z), z], axis=1)
    s = np.exp(pinned_first - pinned_first.max(axis=1, keepdims=True))
    s /= s.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(s[:, 0], _sigmoid(-z), rtol=1e-12, atol=1e-300)


def test_numpy_binary_nll_slopes_by_finite_differences():
    z = np.array([-60.0, -30.0, -5.0, 0.3, 5.0, 30.0, 60.0])
    h = 1e-5
    for y in (0, 1):
        nll = lambda t, y=y: np.logaddexp(0.0, (1 - 2 * y) * t)  # noqa: E731
        slope = (nll(z + h) - nll(z - h)) / (2 * h)
        np.testing.assert_allclose(slope, _sigmoid(z) - y, atol=1e-8)
        # Wrong side (y=1, z=-60 or y=0, z=60): slope ~ -1 / +1; right side: ~ 0.
        wrong = slope[0] if y == 1 else slope[-1]
        right = slope[-1] if y == 1 else slope[0]
        assert abs(abs(wrong) - 1) < 1e-8
        assert abs(right) < 1e-8


def test_numpy_nielsen_cost_gives_a_minus_y():
    z = RNG.normal(0, 3, 20)
    y = RNG.random(20)
    h = 1e-6

    def cost(t):
        a = _sigmoid(t)
        return -(y * np.log(a) + (1 - y) * np.log1p(-a))

    slope = (cost(z + h) - cost(z - h)) / (2 * h)
    np.testing.assert_allclose(slope, _sigmoid(z) - y, atol=1e-7)


def test_statements_render():
    for slug in ("sigmoid-two-class", "binary-nll-softplus", "nielsen-integral"):
        latex = claims.get(slug).latex
        assert latex.strip()
    assert r"\sigma{\left(- z \right)}" in claims.get("F11").latex
