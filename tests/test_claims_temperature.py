"""Claims F13, F17 (page temperature): proofs pass, mutated forms fail, numpy cross-checks."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import derivations as dv
from derivations import claims
from derivations.claims import ClaimFailed
from derivations.symbolic.symbols import general_symbols
from derivations.symbolic.temperature import TEMPERATURE, ordered_logits

G = general_symbols()
T = TEMPERATURE


@pytest.mark.parametrize("slug", ["temperature-limits", "free-logits"])
def test_check_passes(slug):
    claim = claims.get(slug)
    assert claim.page == "temperature"
    assert "numeric" in claim.check().methods


MUTATIONS = [
    ("F13", "cold_3", sp.Matrix([0, 0, 1])),  # argmin instead of argmax
    ("F13", "cold_2", sp.Matrix([sp.Rational(1, 2)] * 2)),
    ("F13", "hot_3", sp.Matrix([1, 0, 0])),
    ("F13", "hot_2", sp.Matrix([1, 1])),
    ("F13", "max_3", sp.Min(*ordered_logits(3))),
    ("F13", "gradient", G.s[G.k] - G.y[G.k]),  # dropped 1/T
    ("F13", "gradient", (G.y[G.k] - G.s[G.k]) / T),  # sign flipped
    ("F13", "gradient", (G.s[G.k] - G.y[G.k]) * T),
    ("F17", "difference", sp.S.One),
    ("F17", "free", G.n),
    ("F17", "pinned_last", sp.S.One),
]


@pytest.mark.parametrize(("claim_id", "key", "wrong"), MUTATIONS)
def test_mutated_claim_fails(claim_id, key, wrong):
    claim = claims.get(claim_id)
    forms = claim.claimed()
    forms[key] = wrong
    with pytest.raises(ClaimFailed, match=claim_id):
        claim.check(claimed=forms)


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_numpy_temperature_limits():
    rng = np.random.default_rng(13)
    z = rng.normal(0, 3, (20, 5))
    np.testing.assert_allclose(_softmax(z / 1e-4), np.eye(5)[z.argmax(axis=1)], atol=1e-12)
    np.testing.assert_allclose(_softmax(z / 1e7), np.full((20, 5), 0.2), atol=1e-5)
    # T * LSE(z / T) -> max z as T -> 0+, with the package's logsumexp: the gap is at most
    # T log n (F6) and shrinks with T, while it is far from max z at T = 1.
    top = z.max(axis=1)
    gaps = [temp * dv.logsumexp(z / temp) - top for temp in (1.0, 0.1, 0.01)]
    assert np.mean(gaps[0]) > 0.1  # at T = 1 the soft max is visibly above the max
    for temp, gap in zip((1.0, 0.1, 0.01), gaps, strict=True):
        assert np.all((gap >= -1e-12) & (gap <= temp * np.log(5) + 1e-12))
    assert np.all(gaps[2] <= gaps[1] + 1e-15)
    assert np.all(gaps[1] <= gaps[0] + 1e-15)


def test_numpy_temperature_gradient_by_finite_differences():
    rng = np.random.default_rng(14)
    z, y = rng.normal(0, 3, 6), rng.dirichlet(np.ones(6))
    h = 1e-6
    for temp in (0.3, 1.0, 7.0):

        def ce(v, temp=temp):
            vt = v / temp
            return -(y * (vt - vt.max() - np.log(np.exp(vt - vt.max()).sum()))).sum()

        fd = np.array([(ce(z + h * e) - ce(z - h * e)) / (2 * h) for e in np.eye(6)])
        np.testing.assert_allclose(fd, (_softmax(z / temp) - y) / temp, atol=1e-6)


def test_numpy_pinning_last_logit():
    rng = np.random.default_rng(15)
    z = rng.normal(0, 50, (10, 16))
    np.testing.assert_allclose(_softmax(z - z[:, -1:]), _softmax(z), rtol=1e-12, atol=1e-300)
