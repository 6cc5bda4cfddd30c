"""Documented semantics of inf and nan entries, and extreme finite rows.

Rule: the kernels return the limit where it exists and nan where it does not; any nan in a
row makes that row nan. None of these cases may warn (pytest turns warnings into errors).
"""

from __future__ import annotations

import numpy as np
import pytest

import derivations as dv

inf, nan = np.inf, np.nan
MAXF = np.finfo(np.float64).max


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_extreme_finite_rows(dtype):
    big = np.finfo(dtype).max
    z = np.array([[1000, 0], [big, -big], [big, big], [-big, -big], [big / 2, 0]], dtype=dtype)
    s = dv.softmax(z)
    assert np.all(np.isfinite(s))
    np.testing.assert_array_equal(s, np.array([[1, 0], [1, 0], [0.5, 0.5], [0.5, 0.5], [1, 0]]))
    ls = dv.log_softmax(z)
    assert ls[0, 0] == 0
    assert ls[0, 1] == -z[0, 0]
    assert ls[1, 0] == 0
    assert ls[1, 1] == -inf
    np.testing.assert_allclose(ls[2:4], np.log(0.5), rtol=np.finfo(dtype).eps)
    lse = dv.logsumexp(z)
    assert lse[0] == z[0, 0]
    assert lse[1] == big
    assert lse[4] == z[4, 0]
    assert lse[2] == big  # big + log 2 rounds to big; it is finite, so no overflow
    np.testing.assert_allclose(lse[3], -big + np.log(2), rtol=np.finfo(dtype).eps)


def test_extreme_losses_and_gradients_are_finite():
    z = np.array([[1000.0, 0.0], [1e300, -1e300], [-1e300, 1e300], [MAXF, -MAXF]])
    y = np.array([1, 0, 0, 0])
    ce = dv.cross_entropy(z, y)
    np.testing.assert_array_equal(ce, [1000.0, 0.0, 2e300, 0.0])
    g = dv.cross_entropy_grad(z, y)
    np.testing.assert_array_equal(g, [[1, -1], [0, 0], [-1, 1], [0, 0]])
    np.testing.assert_array_equal(dv.mse_on_softmax(z, y), [1.0, 0.0, 1.0, 0.0])
    np.testing.assert_array_equal(dv.mse_on_softmax_grad(z, y), np.zeros((4, 2)))
    # the true value exceeds the float range: +inf is the correctly rounded result
    assert dv.cross_entropy([-MAXF, MAXF], 0) == inf


def test_softmax_limits():
    z = np.array(
        [
            [inf, 0.0, -1.0],
            [inf, inf, 0.0],
            [inf, -inf, 5.0],
            [0.0, -inf, 0.0],
            [-inf, -inf, -inf],
            [nan, 0.0, 1.0],
            [inf, nan, 0.0],
            [-inf, nan, -inf],
        ]
    )
    expected = np.array(
        [
            [1, 0, 0],
            [nan, nan, 0],
            [1, 0, 0],
            [0.5, 0, 0.5],
            [nan, nan, nan],
            [nan, nan, nan],
            [nan, nan, nan],
            [nan, nan, nan],
        ]
    )
    np.testing.assert_array_equal(dv.softmax(z), expected)
    with np.errstate(divide="ignore"):
        np.testing.assert_array_equal(dv.log_softmax(z), np.log(expected))
    np.testing.assert_array_equal(dv.logsumexp(z), [inf, inf, inf, np.log(2), -inf, nan, nan, nan])


def test_softmax_limit_is_approached_by_large_finite_logits():
    """softmax([inf, 0]) = [1, 0] is the value the kernel approaches for large finite z."""
    for t in (1e3, 1e10, 1e300):
        np.testing.assert_array_equal(dv.softmax([t, 0.0]), dv.softmax([inf, 0.0]))
        np.testing.assert_array_equal(dv.log_softmax([t, 0.0])[0], dv.log_softmax([inf, 0.0])[0])


def test_loss_limits():
    z = np.array([[inf, 0.0], [inf, 0.0], [inf, inf], [0.0, -inf], [nan, 0.0], [-inf, -inf]])
    labels = np.array([0, 1, 0, 0, 1, 0])
    np.testing.assert_array_equal(dv.cross_entropy(z, labels), [0, inf, nan, 0, nan, nan])
    np.testing.assert_array_equal(
        dv.cross_entropy_grad(z, labels),
        [[0, 0], [1, -1], [nan, nan], [0, 0], [nan, nan], [nan, nan]],
    )
    np.testing.assert_array_equal(dv.mse_on_softmax(z, labels), [0, 1, nan, 0, nan, nan])
    np.testing.assert_array_equal(
        dv.mse_on_softmax_grad(z, labels),
        [[0, 0], [0, 0], [nan, nan], [0, 0], [nan, nan], [nan, nan]],
    )
    # 0 * log 0 = 0: a class with zero target and zero probability contributes nothing.
    assert dv.cross_entropy([0.0, -inf], [1.0, 0.0]) == 0
    assert dv.cross_entropy([0.0, -inf], [0.5, 0.5]) == inf
    # a nan anywhere in the row spoils the loss, whatever the target
    assert np.isnan(dv.cross_entropy([nan, 0.0], [0.0, 1.0]))


def test_sigmoid_limits_and_extremes():
    t = np.array([-inf, -1000.0, -MAXF, 0.0, 1000.0, MAXF, inf, nan])
    np.testing.assert_array_equal(dv.sigmoid(t), [0, 0, 0, 0.5, 1, 1, 1, nan])
    assert dv.sigmoid(-745.0) > 0  # subnormal, not flushed: exp(-745) ~ 5e-324


def test_nan_in_one_row_leaves_other_rows_alone():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 3))
    clean = dv.softmax(z)
    z[2, 1] = nan
    out = dv.softmax(z)
    assert np.all(np.isnan(out[2]))
    np.testing.assert_array_equal(np.delete(out, 2, axis=0), np.delete(clean, 2, axis=0))
