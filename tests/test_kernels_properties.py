"""Property-based tests (hypothesis) of the numeric kernels.

Named invariants (F-numbers from the mission's fact table): rows of softmax are
distributions; softmax is shift *invariant* and log-sum-exp shift *equivariant* (F7);
``max z <= LSE(z) <= max z + log n`` (F6); cross-entropy gradient rows sum to 0 and lie in
``[-1, 1]``; the softmax Jacobian annihilates constants, so MSE gradient rows sum to 0 (F1);
two-class softmax is the sigmoid (F11); ``x / sum(x)`` is scale invariant and equals softmax
for ``x = exp(z)`` (F15). Tolerances are stated per test in units of ``u = eps(float64)``
and ``lam = 2 + log2(n)``.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import derivations as dv

U = float(np.finfo(np.float64).eps)
# derandomize: the same examples on every run (seeded randomness only); no example database
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None)


@st.composite
def logits(draw, max_n: int = 64) -> np.ndarray:
    """Batch shape of rank 0-2, n classes, logit scale 1e-3 .. 1e4."""
    batch = draw(array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=4))
    n = draw(st.integers(1, max_n))
    scale = 10.0 ** draw(st.integers(-3, 4))
    unit = draw(arrays(np.float64, (*batch, n), elements=st.floats(-1, 1, allow_subnormal=False)))
    return unit * scale


@st.composite
def dyadic_logits(draw) -> np.ndarray:
    """Multiples of 2**-10 below 2**20 in size: adding such shifts is exact in float64."""
    batch = draw(array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=4))
    n = draw(st.integers(1, 40))
    ints = draw(arrays(np.int64, (*batch, n), elements=st.integers(-(2**30), 2**30)))
    return ints / 1024.0


def _lam(n: int) -> float:
    return 2 + math.log2(n)


def _targets(draw, z: np.ndarray) -> np.ndarray:
    if draw(st.booleans()):
        return draw(arrays(np.int64, z.shape[:-1], elements=st.integers(0, z.shape[-1] - 1)))
    raw = draw(arrays(np.float64, z.shape, elements=st.floats(0, 1, allow_subnormal=False)))
    raw[..., 0] += 1e-3  # keep every row's total positive
    return raw / raw.sum(axis=-1, keepdims=True)


@SETTINGS
@given(logits())
def test_softmax_rows_are_distributions(z):
    s = dv.softmax(z)
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(np.abs(s.sum(axis=-1) - 1) <= 2 * _lam(z.shape[-1]) * U)


@SETTINGS
@given(logits())
def test_log_softmax_is_log_of_softmax_and_non_positive(z):
    ls = dv.log_softmax(z)
    assert np.all(ls <= 0)
    s = dv.softmax(z)
    # exp(log s) = s up to exp's rounding, amplified by |log s|; compare where s is normal
    normal = s > 1e-300
    lam = _lam(z.shape[-1])
    bound = 8 * U * (lam + np.abs(ls)) * s + 1e-300
    assert np.all(np.abs(np.exp(ls) - s)[normal] <= bound[normal])


@SETTINGS
@given(dyadic_logits(), st.integers(-(2**30), 2**30))
def test_shift_invariance_softmax_equivariance_logsumexp(z, c_int):
    """F7 with exact shifts: softmax and log_softmax unchanged bit for bit; LSE moves by c."""
    c = c_int / 1024.0
    np.testing.assert_array_equal(dv.softmax(z + c), dv.softmax(z))
    np.testing.assert_array_equal(dv.log_softmax(z + c), dv.log_softmax(z))
    lse, lse_c = dv.logsumexp(z), dv.logsumexp(z + c)
    # both are rounded once after the exact part, so they differ by at most an ulp each
    assert np.all(np.abs(lse_c - (lse + c)) <= 2 * U * (np.abs(lse) + np.abs(lse_c) + abs(c)))


@SETTINGS
@given(logits(), st.floats(-1e4, 1e4))
def test_shift_invariance_with_rounded_shifts(z, c):
    """General shifts round z + c; the result moves by at most the effect of that rounding."""
    s, s_c = dv.softmax(z), dv.softmax(z + c)
    dz = 2 * U * (np.max(np.abs(z), axis=-1, keepdims=True) + abs(c))  # |rounding of z + c|
    lam = _lam(z.shape[-1])
    assert np.all(np.abs(s_c - s) <= 4 * s * (2 * dz + lam * U) + 1e-300)


@SETTINGS
@given(logits())
def test_logsumexp_sandwich(z):
    """F6: max z <= LSE(z) <= max z + log n."""
    m = np.max(z, axis=-1)
    lse = dv.logsumexp(z)
    n = z.shape[-1]
    assert np.all(lse >= m)
    assert np.all(lse <= m + math.log(n) + 2 * U * (np.abs(m) + math.log(n)))


@SETTINGS
@given(st.data())
def test_cross_entropy_gradient_rows(data):
    z = data.draw(logits())
    y = _targets(data.draw, z)
    g = dv.cross_entropy_grad(z, y)
    assert np.all((g >= -1) & (g <= 1))
    n = z.shape[-1]
    y_dense = y if y.shape == z.shape else np.eye(n)[y]
    y_sum_err = np.abs(np.sum(y_dense, axis=-1) - 1)
    assert np.all(np.abs(g.sum(axis=-1)) <= 4 * _lam(n) * U + y_sum_err + 2 * n * U)
    ce = dv.cross_entropy(z, y)
    assert np.all(ce >= 0)


@SETTINGS
@given(st.data())
def test_mse_loss_bounds_and_gradient_rows_sum_to_zero(data):
    z = data.draw(logits())
    y = _targets(data.draw, z)
    loss = dv.mse_on_softmax(z, y)
    assert np.all((loss >= 0) & (loss <= 1 + 4 * U))
    g = dv.mse_on_softmax_grad(z, y)
    n = z.shape[-1]
    # J 1 = 0: the rows sum to 0 up to rounding. g_j = s_j (s_j - y_j) - s_j <s, s - y>, so the
    # rounding is relative to the terms s_j |s_j - y_j| before they cancel, not to |g| after.
    s = dv.softmax(z)
    y_dense = y if y.shape == z.shape else np.eye(n)[y]
    terms = np.maximum(np.max(np.abs(g), axis=-1), np.max(s * np.abs(s - y_dense), axis=-1))
    assert np.all(np.abs(g.sum(axis=-1)) <= 8 * (n + _lam(n)) * U * terms + 1e-300)


@SETTINGS
@given(arrays(np.float64, array_shapes(max_dims=2), elements=st.floats(-800, 800)))
def test_two_class_softmax_is_sigmoid(t):
    """F11: softmax([t, 0])_0 = sigma(t) and softmax([0, t])_0 = sigma(-t)."""
    z = np.stack([t, np.zeros_like(t)], axis=-1)
    sig = dv.sigmoid(t)
    np.testing.assert_allclose(dv.softmax(z)[..., 0], sig, rtol=8 * U, atol=1e-323)
    np.testing.assert_allclose(
        dv.softmax(z[..., ::-1])[..., 0], dv.sigmoid(-t), rtol=8 * U, atol=1e-323
    )
    assert np.all((sig >= 0) & (sig <= 1))


@SETTINGS
@given(
    arrays(
        np.float64,
        array_shapes(min_dims=1, max_dims=3),
        elements=st.floats(1e-280, 1e280),
    ),
    st.integers(-60, 60),
)
def test_normalize_scale_invariance(x, k):
    """F15: normalize(c x) = normalize(x); exactly so for c a power of two."""
    p = dv.normalize(x)
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_array_equal(dv.normalize(x * 2.0**k), p)
    assert np.all(np.abs(p.sum(axis=-1) - 1) <= 2 * _lam(x.shape[-1]) * U)


@SETTINGS
@given(logits(max_n=32).filter(lambda z: np.abs(z).max() <= 100))
def test_normalize_of_exp_is_softmax(z):
    """F15: with x = exp(z), standard normalization is softmax."""
    lam = _lam(z.shape[-1])
    x = np.exp(z)
    ok = x > 1e-290  # avoid underflowed inputs, which normalize rejects
    if not np.all(ok):
        return
    bound = 4 * U * (lam + 2 * np.abs(z).max()) * dv.softmax(z) + 1e-300
    assert np.all(np.abs(dv.normalize(x) - dv.softmax(z)) <= bound)
