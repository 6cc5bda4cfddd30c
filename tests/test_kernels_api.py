"""Public names, shapes, dtypes and axis conventions of the numeric kernels."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
import scipy.special

import derivations as dv

EXPECTED = {
    "softmax": ["z", "axis"],
    "log_softmax": ["z", "axis"],
    "logsumexp": ["z", "axis", "keepdims"],
    "cross_entropy": ["z", "y"],
    "cross_entropy_grad": ["z", "y"],
    "mse_on_softmax": ["z", "y"],
    "mse_on_softmax_grad": ["z", "y"],
    "normalize": ["x", "axis"],
    "sigmoid": ["t"],
}
BATCHES = [(), (4,), (2, 3)]  # batch shapes of rank 0, 1, 2


@pytest.mark.parametrize(("name", "params"), EXPECTED.items())
def test_public_names_and_signatures(name, params):
    func = getattr(dv, name)
    assert name in dv.__all__
    sig = inspect.signature(func)
    assert list(sig.parameters) == params
    if "axis" in params:
        assert sig.parameters["axis"].default == -1
    assert ">>>" in (func.__doc__ or ""), f"{name} needs a doctest"
    assert "Notes" in func.__doc__


def test_import_does_not_load_symbolic_side():
    import subprocess
    import sys

    code = "import sys, derivations; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("batch", BATCHES)
@pytest.mark.parametrize("n", [1, 2, 7])
def test_shapes_for_batch_ranks(batch, n):
    rng = np.random.default_rng(1)
    z = rng.normal(size=(*batch, n))
    labels = rng.integers(0, n, size=batch)
    targets = dv.softmax(rng.normal(size=(*batch, n)))
    for func in (dv.softmax, dv.log_softmax):
        assert func(z).shape == z.shape
    assert np.shape(dv.logsumexp(z)) == batch
    assert dv.normalize(np.exp(z)).shape == z.shape
    for y in (labels, targets):
        assert np.shape(dv.cross_entropy(z, y)) == batch
        assert np.shape(dv.mse_on_softmax(z, y)) == batch
        assert dv.cross_entropy_grad(z, y).shape == z.shape
        assert dv.mse_on_softmax_grad(z, y).shape == z.shape


@pytest.mark.parametrize("batch", BATCHES)
def test_labels_and_one_hot_targets_agree(batch):
    rng = np.random.default_rng(2)
    n = 5
    z = rng.normal(scale=5, size=(*batch, n))
    labels = rng.integers(0, n, size=batch)
    one_hot = (np.arange(n) == labels[..., None]).astype(float)
    for func in (dv.cross_entropy, dv.cross_entropy_grad, dv.mse_on_softmax):
        np.testing.assert_allclose(func(z, labels), func(z, one_hot), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(
        dv.mse_on_softmax_grad(z, labels), dv.mse_on_softmax_grad(z, one_hot), rtol=1e-12
    )
    # integer and boolean one-hot targets are distributions too
    np.testing.assert_allclose(dv.cross_entropy(z, labels), dv.cross_entropy(z, one_hot > 0))


def test_single_class_is_trivial():
    z = np.array([[3.0], [-1e308]])
    assert np.all(dv.softmax(z) == 1)
    assert np.all(dv.log_softmax(z) == 0)
    np.testing.assert_array_equal(dv.logsumexp(z), z[:, 0])
    assert np.all(dv.cross_entropy(z, [0, 0]) == 0)
    assert np.all(dv.cross_entropy_grad(z, [0, 0]) == 0)


def test_rank_zero_batch_returns_scalars():
    z = [1.0, 2.0, 3.0]
    for value in (dv.logsumexp(z), dv.cross_entropy(z, 2), dv.mse_on_softmax(z, 2)):
        assert isinstance(value, np.floating)
        assert np.ndim(value) == 0
    assert isinstance(dv.sigmoid(0.5), np.floating)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_axis_argument_matches_moving_the_axis(axis):
    rng = np.random.default_rng(3)
    z = rng.normal(scale=10, size=(3, 4, 5))
    z[1, 2, :] = np.inf  # non-finite rows must also follow the axis
    z[0, :, 1] = np.nan
    last = np.moveaxis(z, axis, -1)
    with np.errstate(invalid="ignore"):
        for func in (dv.softmax, dv.log_softmax):
            np.testing.assert_array_equal(func(z, axis=axis), np.moveaxis(func(last), -1, axis))
        np.testing.assert_array_equal(dv.logsumexp(z, axis=axis), dv.logsumexp(last))
        x = np.exp(np.nan_to_num(z, posinf=3.0))
        np.testing.assert_allclose(
            dv.normalize(x, axis=axis),
            np.moveaxis(dv.normalize(np.moveaxis(x, axis, -1)), -1, axis),
        )


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_floating_dtypes_are_kept(dtype):
    z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]], dtype=dtype)
    y = np.array([0, 2])
    t = np.full((2, 3), 1 / 3, dtype=dtype)
    outs = [
        dv.softmax(z),
        dv.log_softmax(z),
        dv.logsumexp(z),
        dv.normalize(np.abs(z)),
        dv.sigmoid(z),
        dv.cross_entropy(z, y),
        dv.cross_entropy(z, t),
        dv.cross_entropy_grad(z, y),
        dv.mse_on_softmax(z, y),
        dv.mse_on_softmax_grad(z, t),
    ]
    for out in outs:
        assert out.dtype == dtype


@pytest.mark.parametrize("z", [[1, 2, 3], np.array([1, 2, 3], np.int8), [True, False, True]])
def test_integer_and_bool_inputs_become_float64(z):
    for out in (dv.softmax(z), dv.log_softmax(z), dv.logsumexp(z), dv.sigmoid(z)):
        assert out.dtype == np.float64
    assert dv.cross_entropy(z, 1).dtype == np.float64
    assert dv.normalize(np.array([1, 2, 3], np.uint8)).dtype == np.float64


def test_inputs_are_not_modified():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(3, 4))
    y = dv.softmax(rng.normal(size=(3, 4)))
    z0, y0 = z.copy(), y.copy()
    for func in (dv.softmax, dv.log_softmax, dv.logsumexp, dv.sigmoid):
        func(z)
    for func in (
        dv.cross_entropy,
        dv.cross_entropy_grad,
        dv.mse_on_softmax,
        dv.mse_on_softmax_grad,
    ):
        func(z, y)
        func(z, np.array([0, 1, 2]))
    dv.normalize(np.exp(z))
    np.testing.assert_array_equal(z, z0)
    np.testing.assert_array_equal(y, y0)


# --- empty batches (issue 15): SciPy, JAX and PyTorch return an empty result --------------

EMPTY_CASES = [((0, 3), -1), ((3, 0), 0), ((2, 0, 4), -1), ((0, 5), 1), ((4, 0, 2), 0)]


@pytest.mark.parametrize(("shape", "axis"), EMPTY_CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_empty_batch_matches_scipy(shape, axis, dtype):
    """No samples: the same empty shape and dtype as scipy.special, keepdims included."""
    z = np.zeros(shape, dtype=dtype)
    for ours, theirs in (
        (dv.softmax, scipy.special.softmax),
        (dv.log_softmax, scipy.special.log_softmax),
        (dv.logsumexp, scipy.special.logsumexp),
    ):
        got, ref = ours(z, axis=axis), theirs(z, axis=axis)
        assert got.shape == ref.shape
        assert got.dtype == ref.dtype
    for keepdims in (False, True):
        got = dv.logsumexp(z, axis=axis, keepdims=keepdims)
        ref = scipy.special.logsumexp(z, axis=axis, keepdims=keepdims)
        assert (got.shape, got.dtype) == (ref.shape, ref.dtype)
    got, ref = dv.sigmoid(z), scipy.special.expit(z)
    assert (got.shape, got.dtype) == (ref.shape, ref.dtype)
    out = dv.normalize(z, axis=axis)
    assert (out.shape, out.dtype) == (shape, np.result_type(z.dtype, np.float16))


@pytest.mark.parametrize("batch", [(0,), (2, 0), (0, 3)])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_empty_batch_losses(batch, dtype):
    """Per-sample losses of no samples are empty; gradients have the (empty) shape of z."""
    n = 3
    z = np.zeros((*batch, n), dtype=dtype)
    for y in (np.zeros(batch, dtype=int), np.zeros((*batch, n), dtype=dtype)):
        for loss, grad in (
            (dv.cross_entropy, dv.cross_entropy_grad),
            (dv.mse_on_softmax, dv.mse_on_softmax_grad),
        ):
            value, g = loss(z, y), grad(z, y)
            assert (value.shape, value.dtype) == (batch, dtype)
            assert (g.shape, g.dtype) == (z.shape, dtype)


def test_empty_label_list_is_no_labels():
    """``[]`` (float64 to NumPy) is accepted as the labels of no samples."""
    z = np.zeros((0, 4))
    assert dv.cross_entropy(z, []).shape == (0,)
    assert dv.cross_entropy_grad(z, []).shape == (0, 4)
    with pytest.raises(TypeError, match=r"^cross_entropy: .*labels must be integers"):
        dv.cross_entropy(np.zeros((1, 4)), [0.0])  # a non-empty float label still fails


# --- keepdims ---------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4)])
def test_logsumexp_keepdims_matches_scipy(shape):
    rng = np.random.default_rng(8)
    z = rng.normal(scale=30, size=shape)
    for axis in range(-len(shape), len(shape)):
        got = dv.logsumexp(z, axis=axis, keepdims=True)
        ref = scipy.special.logsumexp(z, axis=axis, keepdims=True)
        assert got.shape == ref.shape
        assert isinstance(got, np.ndarray)
        np.testing.assert_allclose(got, ref, rtol=4 * np.finfo(float).eps)
        # keepdims=True is keepdims=False with the axis put back
        np.testing.assert_array_equal(np.squeeze(got, axis), dv.logsumexp(z, axis=axis))
        # ... so it broadcasts against z: log-softmax by hand
        np.testing.assert_allclose(z - got, dv.log_softmax(z, axis=axis), atol=1e-13)


@pytest.mark.parametrize("keepdims", [1, "yes", None, np.array([True])])
def test_logsumexp_keepdims_must_be_boolean(keepdims):
    with pytest.raises(TypeError, match=r"^logsumexp: keepdims must be a bool"):
        dv.logsumexp([1.0, 2.0], keepdims=keepdims)


def test_non_contiguous_input():
    rng = np.random.default_rng(5)
    z = rng.normal(size=(6, 8))[::2, ::3]
    np.testing.assert_allclose(dv.softmax(z), dv.softmax(np.ascontiguousarray(z)))
    np.testing.assert_allclose(
        dv.cross_entropy(z, [0, 1, 2]), dv.cross_entropy(z.copy(), [0, 1, 2])
    )


def test_benchmark_script_runs(capsys):
    """tools/bench_kernels.py runs and prints its ratios (timings are not asserted here)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "tools" / "bench_kernels.py"
    spec = importlib.util.spec_from_file_location("bench_kernels", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--quick", "--repeats", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("log_softmax / scipy.special.log_softmax") == 2
    for name in ("np.exp (floor)", "scipy log_softmax", "cross_entropy_grad"):
        assert name in out
    for name in ("sparsemax", "sparsemax_loss_grad", "spherical_softmax", "taylor_softmax"):
        assert out.count(f"  {name} ") == 2  # one line per shape
    for name in ("softplus_normalize", "relu_normalize", "nll_grad (taylor)"):
        assert out.count(f"  {name} ") == 2


def test_batched_results_equal_row_by_row_results():
    """A rank-2 batch gives the same numbers as each row on its own (rank-0 batch)."""
    rng = np.random.default_rng(6)
    n = 37
    z = rng.normal(scale=20, size=(2, 3, n))
    labels = rng.integers(0, n, size=(2, 3))
    targets = dv.softmax(rng.normal(size=(2, 3, n)))
    for func in (dv.softmax, dv.log_softmax, dv.logsumexp):
        whole = func(z)
        rows = np.array([[func(z[i, j]) for j in range(3)] for i in range(2)])
        np.testing.assert_allclose(whole, rows, rtol=2 * np.finfo(float).eps, atol=0)
    for func in (
        dv.cross_entropy,
        dv.cross_entropy_grad,
        dv.mse_on_softmax,
        dv.mse_on_softmax_grad,
    ):
        for y in (labels, targets):
            whole = func(z, y)
            rows = np.array([[func(z[i, j], y[i, j]) for j in range(3)] for i in range(2)])
            np.testing.assert_allclose(whole, rows, rtol=2 * np.finfo(float).eps, atol=1e-300)
