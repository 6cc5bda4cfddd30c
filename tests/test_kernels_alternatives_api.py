"""Public names, conventions, bad input and non-finite limits of the alternatives to softmax.

The conventions are those of the softmax kernels (DESIGN.md, "Public API"): classes on the
last axis (or ``axis``), any leading batch shape, floating dtypes kept, no samples give an
empty result, no classes is an error, bad input raises ``TypeError``/``ValueError`` whose
message starts with the function's name, an out-of-range axis raises NumPy's ``AxisError``,
and nothing warns (pytest turns warnings into errors).
"""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest
from numpy.exceptions import AxisError

import derivations as dv
import derivations.kernels as kernels

inf, nan = np.inf, np.nan

EXPECTED = {
    "sparsemax": ["z", "axis"],
    "sparsemax_loss": ["z", "y"],
    "sparsemax_loss_grad": ["z", "y"],
    "spherical_softmax": ["z", "axis", "eps"],
    "taylor_softmax": ["z", "axis"],
    "softplus_normalize": ["z", "axis"],
    "relu_normalize": ["z", "axis", "eps"],
    "nll": ["z", "y", "mapping", "eps"],
    "nll_grad": ["z", "y", "mapping", "eps"],
}
MAPS = {
    "sparsemax": dv.sparsemax,
    "spherical_softmax": dv.spherical_softmax,
    "taylor_softmax": dv.taylor_softmax,
    "softplus_normalize": dv.softplus_normalize,
    "relu_normalize": dv.relu_normalize,
}
MAPPINGS = ["softmax", "spherical", "taylor", "softplus", "relu"]


def _losses():
    """(name, loss, grad) for every loss of logits and targets added here."""
    out = [("sparsemax_loss", dv.sparsemax_loss, dv.sparsemax_loss_grad)]
    for m in MAPPINGS:
        out.append(
            (
                f"nll[{m}]",
                lambda z, y, m=m: dv.nll(z, y, m),
                lambda z, y, m=m: dv.nll_grad(z, y, m),
            )
        )
    return out


LOSSES = _losses()
LOSS_FUNCS = {
    "sparsemax_loss": dv.sparsemax_loss,
    "sparsemax_loss_grad": dv.sparsemax_loss_grad,
    "nll": lambda z, y: dv.nll(z, y, "taylor"),
    "nll_grad": lambda z, y: dv.nll_grad(z, y, "spherical"),
}
BATCHES = [(), (4,), (2, 3)]


def _raises(exc: type[Exception], name: str, *words: str):
    """``pytest.raises`` whose message must start with ``name:`` and contain ``words``."""
    pattern = "^" + re.escape(name) + ": " + "".join(f"(?=.*{re.escape(w)})" for w in words)
    return pytest.raises(exc, match=pattern)


# --- names, signatures, docs -------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), EXPECTED.items())
def test_public_names_and_signatures(name, params):
    func = getattr(dv, name)
    assert name in dv.__all__
    assert getattr(kernels, name) is func
    sig = inspect.signature(func)
    assert list(sig.parameters) == params
    if "axis" in params:
        assert sig.parameters["axis"].default == -1
    if name in ("spherical_softmax", "relu_normalize"):
        assert sig.parameters["eps"].default == 1e-2  # the documented default
    if name.startswith("nll"):
        assert sig.parameters["mapping"].default == "softmax"
        assert sig.parameters["eps"].kind is inspect.Parameter.KEYWORD_ONLY
    doc = func.__doc__ or ""
    for section in ("Parameters", "Returns", "Raises", "Notes", "Examples", ">>>"):
        assert section in doc, f"{name}: no {section}"
    if name != "nll_grad":  # nll_grad's Notes refer to nll's; the others cite their sources
        assert "References" in doc


# --- shapes, batches, axis, dtypes -----------------------------------------------------------


@pytest.mark.parametrize("batch", BATCHES)
@pytest.mark.parametrize("n", [1, 2, 7])
def test_shapes_for_batch_ranks(batch, n):
    rng = np.random.default_rng(1)
    z = rng.normal(size=(*batch, n))
    labels = rng.integers(0, n, size=batch)
    targets = dv.softmax(rng.normal(size=(*batch, n)))
    for func in MAPS.values():
        assert func(z).shape == z.shape
    for _, loss, grad in LOSSES:
        for y in (labels, targets):
            assert np.shape(loss(z, y)) == batch
            assert grad(z, y).shape == z.shape


@pytest.mark.parametrize("batch", BATCHES)
def test_labels_and_one_hot_targets_agree(batch):
    rng = np.random.default_rng(2)
    n = 5
    z = rng.normal(scale=3, size=(*batch, n))
    labels = rng.integers(0, n, size=batch)
    one_hot = (np.arange(n) == labels[..., None]).astype(float)
    for name, loss, grad in LOSSES:
        np.testing.assert_allclose(loss(z, labels), loss(z, one_hot), rtol=1e-14, err_msg=name)
        np.testing.assert_allclose(grad(z, labels), grad(z, one_hot), rtol=1e-14, err_msg=name)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
@pytest.mark.parametrize("name", MAPS)
def test_axis_argument_matches_moving_the_axis(name, axis):
    rng = np.random.default_rng(3)
    z = rng.normal(scale=3, size=(3, 4, 5))
    z[1, 2, :] = inf  # non-finite rows must also follow the axis
    z[0, :, 1] = nan
    z[2, 0, 0] = -inf
    func = MAPS[name]
    last = np.moveaxis(z, axis, -1)
    np.testing.assert_array_equal(func(z, axis=axis), np.moveaxis(func(last), -1, axis))


def test_batched_results_equal_row_by_row_results():
    rng = np.random.default_rng(6)
    n = 23
    z = rng.normal(scale=5, size=(2, 3, n))
    labels = rng.integers(0, n, size=(2, 3))
    for func in MAPS.values():
        rows = np.array([[func(z[i, j]) for j in range(3)] for i in range(2)])
        np.testing.assert_allclose(func(z), rows, rtol=4 * np.finfo(float).eps, atol=0)
    for name, loss, grad in LOSSES:
        for f in (loss, grad):
            rows = np.array([[f(z[i, j], labels[i, j]) for j in range(3)] for i in range(2)])
            np.testing.assert_allclose(f(z, labels), rows, rtol=4e-16, atol=1e-300, err_msg=name)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_floating_dtypes_are_kept(dtype):
    z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]], dtype=dtype)
    y = np.array([0, 2])
    t = np.full((2, 3), 1 / 3, dtype=dtype)
    for func in MAPS.values():
        assert func(z).dtype == dtype
    for _, loss, grad in LOSSES:
        assert loss(z, y).dtype == dtype
        assert grad(z, t).dtype == dtype


@pytest.mark.parametrize("z", [[1, 2, 3], np.array([1, 2, 3], np.int8), [True, False, True]])
def test_integer_and_bool_inputs_become_float64(z):
    for func in MAPS.values():
        assert func(z).dtype == np.float64
    for _, loss, grad in LOSSES:
        assert loss(z, 1).dtype == np.float64
        assert grad(z, 1).dtype == np.float64


def test_inputs_are_not_modified():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(3, 4))
    z[0, 0] = inf
    y = dv.softmax(rng.normal(size=(3, 4)))
    z0, y0 = z.copy(), y.copy()
    for func in MAPS.values():
        func(z)
        func(z, axis=0)
    for _, loss, grad in LOSSES:
        for f in (loss, grad):
            f(z, y)
            f(z, np.array([0, 1, 2]))
    np.testing.assert_array_equal(z, z0)
    np.testing.assert_array_equal(y, y0)


def test_single_class_is_trivial():
    z = np.array([[3.0], [-1e308], [0.0]])
    for func in MAPS.values():
        assert np.all(func(z) == 1)
    for name, loss, grad in LOSSES:
        assert np.all(loss(z, [0, 0, 0]) == 0), name
        assert np.all(grad(z, [0, 0, 0]) == 0), name


# --- empty batches and empty class axes ------------------------------------------------------


@pytest.mark.parametrize(("shape", "axis"), [((0, 3), -1), ((3, 0), 0), ((2, 0, 4), -1)])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int64])
def test_empty_batch_gives_empty_result(shape, axis, dtype):
    z = np.zeros(shape, dtype=dtype)
    out_dtype = np.result_type(dtype, np.float16)
    for func in MAPS.values():
        out = func(z, axis=axis)
        assert (out.shape, out.dtype) == (shape, out_dtype)
    if axis == -1:
        batch = shape[:-1]
        for y in (np.zeros(batch, dtype=int), np.zeros(shape, dtype=out_dtype), []):
            if isinstance(y, list) and len(batch) != 1:
                continue
            for _, loss, grad in LOSSES:
                value, g = loss(z, y), grad(z, y)
                assert (value.shape, value.dtype) == (batch, out_dtype)
                assert (g.shape, g.dtype) == (shape, out_dtype)


@pytest.mark.parametrize("name", MAPS)
@pytest.mark.parametrize(("shape", "axis"), [((0,), -1), ((3, 0), -1), ((0, 3), 0), ((0, 0), 0)])
def test_empty_class_axis_is_an_error(name, shape, axis):
    with _raises(ValueError, name, "class axis", "empty", "at least one class"):
        MAPS[name](np.zeros(shape), axis=axis)


@pytest.mark.parametrize("name", LOSS_FUNCS)
@pytest.mark.parametrize("shape", [(3, 0), (0, 0)])
def test_losses_reject_empty_class_axis(name, shape):
    with _raises(ValueError, name, "class axis", "empty"):
        LOSS_FUNCS[name](np.zeros(shape), np.zeros(shape))


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", MAPS)
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
    with _raises(TypeError, name, word):
        MAPS[name](bad)


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


@pytest.mark.parametrize("name", MAPS)
@pytest.mark.parametrize("axis", [2, -3, 10])
def test_out_of_range_axis_raises_axis_error(name, axis):
    with _raises(AxisError, name, f"axis {axis} is out of bounds for array of dimension 2"):
        MAPS[name](np.ones((2, 3)), axis=axis)


@pytest.mark.parametrize("name", MAPS)
@pytest.mark.parametrize("axis", [1.0, "0", None, (0, 1), True])
def test_non_integer_axis(name, axis):
    with _raises(TypeError, name, "axis", "integer"):
        MAPS[name](np.ones((2, 3)), axis=axis)


@pytest.mark.parametrize("name", [*MAPS, *LOSS_FUNCS])
def test_zero_dimensional_input_has_no_class_axis(name):
    with _raises(AxisError, name, "0-d"):
        if name in MAPS:
            MAPS[name](1.0)
        else:
            LOSS_FUNCS[name](1.0, 0)


@pytest.mark.parametrize("name", LOSS_FUNCS)
@pytest.mark.parametrize("y_shape", [(4,), (2, 3, 1), (3, 2), (3,), (1, 3), ()])
def test_mismatched_target_shapes(name, y_shape):
    with _raises(ValueError, name, "shape", str(y_shape)):
        LOSS_FUNCS[name](np.zeros((2, 3)), np.zeros(y_shape, dtype=int))


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
def test_targets_must_be_distributions(name):
    func = LOSS_FUNCS[name]
    z = [[0.0, 0.0], [1.0, 2.0]]
    with _raises(ValueError, name, "negative"):
        func(z, [[1.5, -0.5], [1.0, 0.0]])
    for y in ([0.5, 0.6], [0.0, 0.0], [0.5, 0.5 - 1e-6]):
        with _raises(ValueError, name, "sum to 1"):
            func(z, [[1.0, 0.0], y])
    for value in (nan, inf):
        with _raises(ValueError, name, "nan or inf"):
            func(z, [[value, 0.0], [1.0, 0.0]])


@pytest.mark.parametrize("name", ["spherical_softmax", "relu_normalize"])
@pytest.mark.parametrize(
    ("eps", "exc", "words"),
    [
        (0.0, ValueError, ("eps", "positive and finite")),
        (-1e-3, ValueError, ("eps", "positive and finite")),
        (nan, ValueError, ("eps", "positive and finite")),
        (inf, ValueError, ("eps", "positive and finite")),
        ("0.1", TypeError, ("eps", "real")),
        (None, TypeError, ("eps", "real")),
        (True, TypeError, ("eps", "real")),
        (1 + 1j, TypeError, ("eps", "real")),
        ([0.1, 0.2], TypeError, ("eps", "scalar")),
    ],
)
def test_bad_eps(name, eps, exc, words):
    with _raises(exc, name, *words):
        MAPS[name]([1.0, 2.0], eps=eps)
    if exc is ValueError or eps is not None:
        mapping = "spherical" if name == "spherical_softmax" else "relu"
        for func_name in ("nll", "nll_grad"):
            with _raises(exc, func_name, *words):
                getattr(dv, func_name)([1.0, 2.0], 0, mapping, eps=eps)


@pytest.mark.parametrize("name", ["spherical_softmax", "relu_normalize"])
def test_eps_must_be_representable_in_the_dtype(name):
    """eps is applied in the dtype of z: 1e-8 is 0 in float16 and 1e10 is inf; both fail."""
    z16 = np.array([0.0, 1.0], np.float16)
    with _raises(ValueError, name, "eps=1e-08", "float16", "rounds to 0.0"):
        MAPS[name](z16, eps=1e-8)
    with _raises(ValueError, name, "eps=10000000000.0", "float16", "inf"):
        MAPS[name](z16, eps=1e10)
    assert MAPS[name](z16.astype(np.float32), eps=1e-8).dtype == np.float32  # fine there
    # integer eps and NumPy scalars are numbers too
    np.testing.assert_array_equal(MAPS[name]([1.0, 2.0], eps=1), MAPS[name]([1.0, 2.0], eps=1.0))
    np.testing.assert_array_equal(
        MAPS[name]([1.0, 2.0], eps=np.float32(0.5)), MAPS[name]([1.0, 2.0], eps=0.5)
    )


@pytest.mark.parametrize("func_name", ["nll", "nll_grad"])
def test_mapping_names(func_name):
    func = getattr(dv, func_name)
    names = ("'softmax'", "'spherical'", "'taylor'", "'softplus'", "'relu'")
    with _raises(ValueError, func_name, "unknown mapping 'softmin'", *names):
        func([1.0, 2.0], 0, "softmin")
    with _raises(ValueError, func_name, "'sparsemax'", "probability exactly 0", "sparsemax_loss"):
        func([1.0, 2.0], 0, "sparsemax")
    with _raises(TypeError, func_name, "mapping must be a string", *names):
        func([1.0, 2.0], 0, None)
    for mapping in ("softmax", "taylor", "softplus"):
        with _raises(ValueError, func_name, f"mapping {mapping!r} takes no eps"):
            func([1.0, 2.0], 0, mapping, eps=0.1)
    with pytest.raises(TypeError):  # eps is keyword-only
        func([1.0, 2.0], 0, "relu", 0.1)


def test_errors_are_raised_before_any_arithmetic():
    """Validation happens first: bad targets never reach arithmetic that could warn."""
    with _raises(ValueError, "sparsemax_loss", "negative"):
        dv.sparsemax_loss([1e308, -1e308], [2.0, -1.0])
    with _raises(ValueError, "nll", "unknown mapping"):
        dv.nll(np.array(["a"]), 0, "nope")  # the mapping is checked before z


# --- non-finite limits ------------------------------------------------------------------------


ROWS = np.array(
    [
        [inf, 0.0, -1.0],  # one +inf: all its mass there
        [inf, inf, 0.0],  # two +inf: no limit at those entries
        [-inf, 0.0, 1.0],  # -inf: finite for relu/softplus/sparsemax; infinite g for spherical
        [-inf, -inf, -inf],
        [nan, 0.0, 1.0],
        [1e308, -1e308, 0.0],  # extreme but finite: never nan
    ]
)


def test_sparsemax_limits_follow_softmax():
    expected = np.array(
        [[1, 0, 0], [nan, nan, 0], [0, 0, 1], [nan, nan, nan], [nan, nan, nan], [1, 0, 0]]
    )
    np.testing.assert_array_equal(dv.sparsemax(ROWS), expected)
    # the limit is the value large finite logits approach
    for t in (1e3, 1e10, 1e300):
        np.testing.assert_array_equal(dv.sparsemax([t, 0.0, -1.0]), dv.sparsemax(ROWS[0]))


@pytest.mark.parametrize("name", ["spherical_softmax", "taylor_softmax"])
def test_quadratic_maps_limits(name):
    """g(+-inf) = inf: one infinite logit of either sign takes all the mass."""
    expected = np.array(
        [[1, 0, 0], [nan, nan, 0], [1, 0, 0], [nan, nan, nan], [nan, nan, nan], [0.5, 0.5, 0]]
    )
    np.testing.assert_array_equal(MAPS[name](ROWS), expected)
    for t in (1e10, -1e10, 1e300, -1e300):
        np.testing.assert_allclose(MAPS[name]([t, 0.0, -1.0]), [1, 0, 0], atol=1e-18)


def test_relu_normalize_limits():
    e = 1e-2
    out = dv.relu_normalize(ROWS)
    np.testing.assert_array_equal(out[:2], [[1, 0, 0], [nan, nan, 0]])
    np.testing.assert_allclose(out[2], np.array([e, e, 1 + e]) / (1 + 3 * e), rtol=1e-15)
    np.testing.assert_array_equal(out[3], np.full(3, 1 / 3))  # every g is eps: uniform
    assert np.all(np.isnan(out[4]))
    np.testing.assert_allclose(out[5], [1, e / 1e308, e / 1e308], rtol=1e-12)


def test_softplus_normalize_limits():
    out = dv.softplus_normalize(ROWS)
    np.testing.assert_array_equal(out[:2], [[1, 0, 0], [nan, nan, 0]])
    sp = np.log1p(np.exp([0.0, 1.0]))
    np.testing.assert_allclose(out[2], [0, *(sp / sp.sum())], rtol=1e-15)
    assert np.all(np.isnan(out[3]))  # all -inf: no limit
    assert np.all(np.isnan(out[4]))
    np.testing.assert_allclose(out[5], [1, 0, np.log(2) / 1e308], rtol=1e-12, atol=0)


def test_loss_limits():
    z = np.array([[inf, 0.0, 1.0], [inf, 0.0, 1.0], [-inf, 0.0, 1.0], [inf, inf, 0.0]])
    labels = np.array([0, 1, 0, 0])
    # sparsemax: 0 when the target mass sits on the single +inf, +inf when a true class
    # is infinitely far below the threshold, nan where sparsemax itself is nan
    np.testing.assert_array_equal(dv.sparsemax_loss(z, labels), [0, inf, inf, nan])
    np.testing.assert_array_equal(
        dv.sparsemax_loss_grad(z, labels),
        [[0, 0, 0], [1, -1, 0], [-1, 0, 1], [nan, nan, 0]],
    )
    # a zero target on an infinitely bad class costs nothing (0 * inf = 0)
    assert dv.sparsemax_loss([0.0, -inf], [1.0, 0.0]) == 0
    for m in MAPPINGS:
        loss = dv.nll(z[:2], labels[:2], m)
        np.testing.assert_array_equal(loss, [0, inf], err_msg=m)
        assert np.all(np.isfinite(dv.nll_grad(z[:2], labels[:2], m))), m
        assert np.all(np.isnan(dv.nll([nan, 0.0], 1, m))), m


def test_extreme_finite_losses_stay_finite():
    """Logits near the float64 limit: every loss and gradient is finite (no overflow, no nan)."""
    big = np.finfo(np.float64).max
    z = np.array([[big, -big, 0.0], [-big, big, 1.0], [1e300, 1e300, -1e300]])
    labels = np.array([1, 0, 2])
    for name, loss, grad in LOSSES:
        value = loss(z, labels)
        assert np.all(np.isfinite(value) | (value == inf)), name
        assert np.all(np.isfinite(grad(z, labels))), name
    # sparsemax's loss grows linearly in how far the true class lies below the threshold
    assert dv.sparsemax_loss([1e300, 0.0], 1) == pytest.approx(1e300)
