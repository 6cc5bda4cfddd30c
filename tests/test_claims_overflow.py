"""F18 (overflow-thresholds) and F29 (stable-wrong-loss): proofs, wrong values, IEEE layout."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from derivations import claims, cross_entropy, cross_entropy_grad, log_softmax
from derivations.claims import ClaimFailed
from derivations.claims.overflow import NAN, overflow_threshold


@pytest.mark.parametrize("slug", ["overflow-thresholds", "stable-wrong-loss"])
def test_proof_passes_on_the_numerics_page(slug):
    claim = claims.get(slug)
    assert claim.page == "numerics"
    evidence = claim.check()
    for part in claim.parts():
        kinds = [m.kind for m in evidence.scope(part)]
        assert kinds[0] == "measured", (slug, part, kinds)
        assert "any-n" not in kinds


MISTAKES = {
    "float16": [sp.Float("11.08", 4), sp.Float("11.1", 3), sp.Float("11.085", 5), 11],
    "float32": [sp.Float("88.73", 4), sp.Float("88.7", 3), 89],
    "float64": [sp.Float("709.79", 5), sp.Float("709.8", 4), sp.Float("88.72", 4)],
    "naive": [sp.ImmutableMatrix([[0, 0]]), sp.ImmutableMatrix([[NAN, NAN]])],
    "stable": [sp.ImmutableMatrix([[0, 1000]]), sp.ImmutableMatrix([[NAN, -1000]])],
}


@pytest.mark.parametrize(
    ("part", "wrong"), [(k, w) for k, ws in MISTAKES.items() for w in ws], ids=str
)
def test_a_wrong_value_fails(part, wrong):
    claim = claims.get("F18")
    forms = claim.claimed()
    forms[part] = sp.sympify(wrong)
    with pytest.raises(ClaimFailed, match=rf"F18 \[{part}\]"):
        claim.check(forms)


def test_the_thresholds_are_shown_with_two_decimals():
    shown = claims.get("F18").display("float16", "float32", "float64").latex
    for value in ("11.09", "88.72", "709.78"):
        assert rf"\approx {value}" in shown


@pytest.mark.parametrize(
    ("dtype", "max_exponent", "mantissa_bits"),
    [("float16", 16, 10), ("float32", 128, 23), ("float64", 1024, 52)],
)
def test_threshold_from_ieee_layout(dtype, max_exponent, mantissa_bits):
    # Independent of finfo: max = (2 - 2^-p) 2^(emax - 1),
    # so log max = emax log 2 + log(1 - 2^-(p+1)).
    expected = max_exponent * math.log(2) + math.log1p(-(2.0 ** -(mantissa_bits + 1)))
    assert overflow_threshold(dtype) == pytest.approx(expected, rel=1e-15)


def test_naive_softmax_overflows_and_the_kernels_do_not():
    z = np.array([1000.0, 0.0])
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(z)
        naive = e / e.sum()
        naive_loss = -np.log(naive)[1]
    assert np.isnan(naive[0])
    assert naive[1] == 0.0
    assert np.isinf(naive_loss)
    np.testing.assert_array_equal(log_softmax(z), [0.0, -1000.0])
    assert float(cross_entropy(z, 1)) == 1000.0
    np.testing.assert_array_equal(cross_entropy_grad(z, 1), [1.0, -1.0])


def test_f33_wrong_values_fail():
    claim = claims.get("F29")
    for part, wrong in (("loss", sp.Integer(999)), ("gradient", sp.ImmutableMatrix([[1, 1]]))):
        forms = claim.claimed()
        forms[part] = wrong
        with pytest.raises(ClaimFailed, match=rf"F29 \[{part}\]"):
            claim.check(forms)


def test_overflow_threshold_rejects_non_float():
    with pytest.raises(TypeError, match="overflow_threshold"):
        overflow_threshold("int32")
    with pytest.raises(TypeError, match="overflow_threshold"):
        overflow_threshold("not-a-dtype")
