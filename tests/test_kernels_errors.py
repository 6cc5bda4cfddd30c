"""Every bad input listed in the kernels' issue raises a clear error naming the function."""

from __future__ import annotations

import re

import numpy as np
import pytest
import scipy.special
from numpy.exceptions import AxisError

import derivations as dv

AXIS_FUNCS = {"softmax": dv.softmax, "log_softmax": dv.log_softmax, "logsumexp": dv.logsumexp}
LOSS_FUNCS = {
    "cross_entropy": dv.cross_entropy,
    "cross_entropy_grad": dv.cross_entropy_grad,
    "mse_on_softmax": dv.mse_on_softmax,
    "mse_on_softmax_grad": dv.mse_on_softmax_grad,
}
ALL_Z_FUNCS = {**AXIS_FUNCS, "normalize": dv.normalize}


def _raises(exc: type[Exception], name: str, *words: str):
    """``pytest.raises`` whose message must start with ``name:`` and contain ``words``."""
    pattern = "^" + re.escape(name) + ": " + "".join(f"(?=.*{re.escape(w)})" for w in words)
    return pytest.raises(exc, match=pattern)


# --- non-numeric and unsupported dtypes -----------------------------------------------


@pytest.mark.parametrize("name", [*ALL_Z_FUNCS, "sigmoid"])
@pytest.mark.parametrize(
    ("bad", "word"),
    [
        (np.array(["a", "b"]), "dtype"),
        (np.array([1.0, None], dtype=object), "dtype"),
        (np.array([1 + 1j, 2.0]), "complex"),
        (np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[D]"), "dtype"),
        ([[1.0, 2.0], [3.0]], "real numeric"),
    ],
)
def test_non_numeric_inputs_raise_type_error(name, bad, word):
    func = dv.sigmoid if name == "sigmoid" else ALL_Z_FUNCS[name]
    with _raises(TypeError, name, word):
        func(bad)


@pytest.mark.parametrize("name", LOSS_FUNCS)
def test_losses_reject_non_numeric_logits_and_targets(name):
    func = LOSS_FUNCS[name]
    with _raises(TypeError, name, "complex"):
        func(np.array([1.0 + 0j, 2.0]), 0)
    with _raises(TypeError, name, "dtype"):
        func(np.array(["1", "2"]), 0)
    with _raises(TypeError, name, "dtype"):
        func([1.0, 2.0], np.array(["a", "b"]))
    with _raises(TypeError, name, "complex"):
        func([1.0, 2.0], np.array([1.0 + 0j, 0.0]))


# --- axis ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_Z_FUNCS)
@pytest.mark.parametrize("axis", [2, -3, 10])
def test_out_of_range_axis_raises_numpy_axis_error(name, axis):
    """NumPy's AxisError, as from SciPy; the message still names the function."""
    with _raises(AxisError, name, f"axis {axis} is out of bounds for array of dimension 2"):
        ALL_Z_FUNCS[name](np.ones((2, 3)), axis=axis)
    scipy_func = getattr(scipy.special, name, None)
    if scipy_func is not None:  # SciPy raises the same exception type
        with pytest.raises(AxisError):
            scipy_func(np.ones((2, 3)), axis=axis)


@pytest.mark.parametrize("name", ALL_Z_FUNCS)
@pytest.mark.parametrize("axis", [1.0, "0", None, (0, 1), True])
def test_non_integer_axis(name, axis):
    with _raises(TypeError, name, "axis", "integer"):
        ALL_Z_FUNCS[name](np.ones((2, 3)), axis=axis)


@pytest.mark.parametrize("name", ALL_Z_FUNCS)
def test_zero_dimensional_input_has_no_class_axis(name):
    with _raises(AxisError, name, "0-d"):
        ALL_Z_FUNCS[name](1.0)


@pytest.mark.parametrize("name", LOSS_FUNCS)
def test_losses_reject_zero_dimensional_logits(name):
    with _raises(AxisError, name, "0-d"):
        LOSS_FUNCS[name](1.0, 0)


# --- empty class axis --------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_Z_FUNCS)
@pytest.mark.parametrize(
    ("shape", "axis"), [((0,), -1), ((3, 0), -1), ((0, 3), 0), ((0, 0), -1), ((2, 0, 0), 1)]
)
def test_empty_class_axis(name, shape, axis):
    """No classes is an error (even with no samples): there is no distribution over nothing."""
    with _raises(ValueError, name, "class axis", "empty", "at least one class"):
        ALL_Z_FUNCS[name](np.zeros(shape), axis=axis)


@pytest.mark.parametrize("name", LOSS_FUNCS)
@pytest.mark.parametrize("shape", [(3, 0), (0, 0)])
def test_losses_reject_empty_class_axis(name, shape):
    with _raises(ValueError, name, "class axis", "empty"):
        LOSS_FUNCS[name](np.zeros(shape), np.zeros(shape))


# --- targets ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", LOSS_FUNCS)
@pytest.mark.parametrize("y_shape", [(4,), (2, 3, 1), (3, 2), (3,), (1, 3), ()])
def test_mismatched_target_shapes(name, y_shape):
    z = np.zeros((2, 3))
    with _raises(ValueError, name, "shape", str(y_shape)):
        LOSS_FUNCS[name](z, np.zeros(y_shape, dtype=int))


@pytest.mark.parametrize("name", LOSS_FUNCS)
@pytest.mark.parametrize("labels", [[0, 3], [-1, 0], [0, 100]])
def test_labels_out_of_range(name, labels):
    with _raises(ValueError, name, "out of range", "0 <= y < 3"):
        LOSS_FUNCS[name](np.zeros((2, 3)), np.array(labels))


@pytest.mark.parametrize("name", LOSS_FUNCS)
@pytest.mark.parametrize("labels", [np.array([0.0, 1.0]), np.array([True, False]), [0.5, 1]])
def test_labels_must_be_integers(name, labels):
    with _raises(TypeError, name, "labels must be integers"):
        LOSS_FUNCS[name](np.zeros((2, 3)), labels)


@pytest.mark.parametrize("name", LOSS_FUNCS)
def test_single_sample_label_out_of_range(name):
    with _raises(ValueError, name, "out of range"):
        LOSS_FUNCS[name](np.zeros(3), 3)


@pytest.mark.parametrize("name", LOSS_FUNCS)
def test_negative_targets(name):
    with _raises(ValueError, name, "negative"):
        LOSS_FUNCS[name]([0.0, 0.0], [1.5, -0.5])


@pytest.mark.parametrize("name", LOSS_FUNCS)
@pytest.mark.parametrize("y", [[0.5, 0.6], [0.0, 0.0], [2.0, 0.0], [0.5, 0.5 - 1e-6]])
def test_targets_not_summing_to_one(name, y):
    with _raises(ValueError, name, "sum to 1"):
        LOSS_FUNCS[name]([[0.0, 0.0], [1.0, 2.0]], [[1.0, 0.0], y])


@pytest.mark.parametrize("name", LOSS_FUNCS)
@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_non_finite_targets(name, value):
    with _raises(ValueError, name, "nan or inf"):
        LOSS_FUNCS[name]([0.0, 0.0], [value, 0.0])


@pytest.mark.parametrize("name", LOSS_FUNCS)
def test_sum_tolerance_follows_dtype(name):
    """float64 targets must sum to 1 within sqrt(eps64) ~ 1.5e-8, float32 within ~3.5e-4."""
    func = LOSS_FUNCS[name]
    off = np.array([0.5, 0.5 + 1e-5])
    func(np.zeros(2, np.float32), off.astype(np.float32))  # accepted in float32
    with _raises(ValueError, name, "sum to 1"):
        func(np.zeros(2), off)  # rejected in float64
    func(np.zeros(2), np.array([0.5, 0.5 + 1e-10]))  # rounding-level slack is accepted
    # float32 targets with float64 logits: the targets' own dtype sets the tolerance.
    func(np.zeros(2), np.array([0.1, 0.9], np.float32))
    # ... and float64 targets are held to float64 even when the logits are float16 or float32.
    for dtype in (np.float16, np.float32):
        with _raises(ValueError, name, "sum to 1"):
            func(np.zeros(2, dtype), [0.5, 0.47])
    # Integer targets (one-hot rows) must sum to exactly 1.
    with _raises(ValueError, name, "sum to 1"):
        func(np.zeros(2), np.array([1, 1]))


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "logsumexp"])
def test_float16_rows_too_long_to_sum(name):
    # 70000 ones-sized terms overflow float16's 65504: refuse rather than return inf or 0.
    z = np.zeros(70000, np.float16)
    with _raises(ValueError, name, "float16"):
        getattr(dv, name)(z)
    getattr(dv, name)(z.astype(np.float32))  # the same row is fine in float32


# --- normalize ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "x", [[1.0, 0.0], [1.0, -2.0], [[1.0, 2.0], [0.0, 0.0]], [1.0, np.nan], [1.0, np.inf]]
)
def test_normalize_rejects_non_positive_or_non_finite(x):
    with _raises(ValueError, "normalize", "strictly positive"):
        dv.normalize(x)


def test_errors_are_raised_before_any_warning():
    """Validation happens first: a bad target never reaches arithmetic that could warn."""
    with _raises(ValueError, "cross_entropy", "negative"):
        dv.cross_entropy([1e308, -1e308], [2.0, -1.0])
