"""F18 (overflow-thresholds): proof passes, wrong values fail, thresholds agree with float math."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from derivations.claims.overflow import overflow_threshold

from derivations import claims
from derivations.claims import ClaimFailed


def test_f18_check_passes():
    claim = claims.get("overflow-thresholds")
    assert claim.page == "numerics"
    assert claim.check().details


MUTATIONS = {
    "threshold_float16": [-11.09, 11.0, 22.18, 88.72],
    "threshold_float32": [-88.72, 88.0, 177.44, 709.78],
    "threshold_float64": [-709.78, 709.0, 354.89, 88.72],
    "naive_0": [0, 1],
    "naive_1": [1, sp.nan],
    "stable_0": [-1000, sp.nan, 1],
    "stable_1": [1000, 0, -500],
}


@pytest.mark.parametrize(
    ("name", "wrong"), [(k, w) for k, ws in MUTATIONS.items() for w in ws], ids=str
)
def test_f18_mutations_fail(name, wrong):
    claim = claims.get("F18")
    forms = claim.claimed()
    forms[name] = sp.sympify(wrong)
    with pytest.raises(ClaimFailed, match="F18"):
        claim.check(claimed=forms)


@pytest.mark.parametrize(
    ("dtype", "max_exponent", "mantissa_bits"),
    [("float16", 16, 10), ("float32", 128, 23), ("float64", 1024, 52)],
)
def test_threshold_from_ieee_layout(dtype, max_exponent, mantissa_bits):
    # Independent of finfo: max = (2 - 2^-p) 2^(emax - 1),
    # so log max = emax log 2 + log(1 - 2^-(p+1)).
    expected = max_exponent * math.log(2) + math.log1p(-(2.0 ** -(mantissa_bits + 1)))
    assert overflow_threshold(dtype) == pytest.approx(expected, rel=1e-15)


def test_naive_softmax_overflows_and_stable_does_not():
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.array([1000.0, 0.0]))
        naive = e / e.sum()
    assert np.isnan(naive[0])
    assert naive[1] == 0.0
    # Stable by hand: subtract the max before exp.
    z = np.array([1000.0, 0.0])
    shifted = z - z.max()
    stable = shifted - np.log(np.exp(shifted).sum())
    np.testing.assert_array_equal(stable, [0.0, -1000.0])


def test_overflow_threshold_rejects_non_float():
    with pytest.raises(TypeError, match="overflow_threshold"):
        overflow_threshold("int32")
    with pytest.raises(TypeError, match="overflow_threshold"):
        overflow_threshold("not-a-dtype")
