"""Property-based tests (hypothesis) of the alternatives to softmax.

Named properties, each true of the mathematics (and tested where it is *not* true, too):

* every map gives distributions: non-negative rows summing to 1 (spherical, Taylor and ReLU
  rows are even strictly positive);
* sparsemax is the Euclidean projection onto the simplex: its KKT conditions hold (one
  threshold ``tau`` with ``p_i = z_i - tau > 0`` on the support and ``z_j <= tau`` off it),
  and it is at least as close to ``z`` as any other distribution tried;
* shift: sparsemax is shift *invariant* (bit for bit for exact shifts), like softmax; the
  spherical, Taylor, softplus and ReLU maps are not, and have the documented limits instead
  (large shifts make them uniform; softplus tends to softmax as the logits decrease; ReLU is
  uniform once every logit is non-positive);
* scale: ReLU-normalize is positively homogeneous in ``(z, eps)`` and spherical softmax in
  ``(z, eps)`` with ``eps`` scaling as ``c**2`` (bit for bit for powers of two); scaling up
  only shrinks the support of sparsemax;
* order: softmax, sparsemax, softplus and ReLU maps preserve the order of the logits; the
  spherical map orders by ``|z|``, the Taylor map by ``|1 + z|``;
* the two-class sparsemax is the "hard sigmoid" ``clip((t + 1) / 2, 0, 1)``;
* sparsemax loss is non-negative, 0 at ``y = sparsemax(z)``; its gradient rows sum to 0;
  every nll is non-negative and equals ``-log`` of its map.

Tolerances are stated per test in units of ``u = eps(float64)`` and ``lam = 2 + log2(n)``.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import derivations as dv

U = float(np.finfo(np.float64).eps)
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None)
MAPS = {
    "sparsemax": dv.sparsemax,
    "spherical": dv.spherical_softmax,
    "taylor": dv.taylor_softmax,
    "softplus": dv.softplus_normalize,
    "relu": dv.relu_normalize,
}


def _lam(n: int) -> float:
    return 2 + math.log2(n)


@st.composite
def logits(draw, max_n: int = 40, max_exp: int = 4) -> np.ndarray:
    """Batch shape of rank 0-2, n classes, logit scale 1e-3 .. 10**max_exp."""
    batch = draw(array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=4))
    n = draw(st.integers(1, max_n))
    scale = 10.0 ** draw(st.integers(-3, max_exp))
    unit = draw(arrays(np.float64, (*batch, n), elements=st.floats(-1, 1, allow_subnormal=False)))
    return unit * scale


@st.composite
def dyadic_logits(draw) -> np.ndarray:
    """Multiples of 2**-10 below 2**20 in size: sums and shifts of them are exact."""
    batch = draw(array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=4))
    n = draw(st.integers(1, 30))
    ints = draw(arrays(np.int64, (*batch, n), elements=st.integers(-(2**30), 2**30)))
    return ints / 1024.0


def _targets(draw, z: np.ndarray) -> np.ndarray:
    if draw(st.booleans()):
        return draw(arrays(np.int64, z.shape[:-1], elements=st.integers(0, z.shape[-1] - 1)))
    raw = draw(arrays(np.float64, z.shape, elements=st.floats(0, 1, allow_subnormal=False)))
    raw[..., 0] += 1e-3
    return raw / raw.sum(axis=-1, keepdims=True)


# --- distributions ----------------------------------------------------------------------


@SETTINGS
@given(logits())
def test_every_map_gives_distributions(z):
    n = z.shape[-1]
    for name, func in MAPS.items():
        p = func(z)
        assert np.all((p >= 0) & (p <= 1)), name
        assert np.all(np.abs(p.sum(axis=-1) - 1) <= 4 * (_lam(n) + 4) * U), name


@SETTINGS
@given(logits(max_exp=2))
def test_maps_with_a_positive_floor_are_strictly_positive(z):
    """g >= eps (spherical, ReLU) or g >= 1/2 (Taylor): no probability is 0 (moderate z)."""
    for name in ("spherical", "taylor", "relu"):
        assert np.all(MAPS[name](z) > 0), name


# --- sparsemax is the projection -------------------------------------------------------------


@SETTINGS
@given(logits())
def test_sparsemax_kkt_conditions(z):
    """One threshold tau: p_i = z_i - tau on the support, z_j <= tau off it."""
    p = dv.sparsemax(z)
    n = z.shape[-1]
    top = np.max(z, axis=-1, keepdims=True)
    # entries of p are absolute-accurate to a few ulps of 1 (logits shifted by their max)
    tol = 4 * (_lam(n) + 8) * U * np.maximum(1, np.abs(top))
    k = np.argmax(z, axis=-1)[..., None]
    tau = np.take_along_axis(z - p, k, axis=-1)  # the arg-max is always in the support
    support = p > 0
    assert np.all(np.abs(np.where(support, z - p - tau, 0)) <= 2 * tol)
    assert np.all(np.where(support, True, z <= tau + 2 * tol))
    assert np.all(tau <= top)  # p_max = max - tau >= 0 ...
    assert np.all(tau >= top - 1 - 2 * tol)  # ... and <= 1


@SETTINGS
@given(st.data())
def test_sparsemax_is_at_least_as_close_as_other_distributions(data):
    """The projection: ||sparsemax(z) - z|| <= ||q - z|| for distributions q."""
    z = data.draw(logits(max_exp=2))
    p = dv.sparsemax(z)
    n = z.shape[-1]
    raw = data.draw(arrays(np.float64, z.shape, elements=st.floats(0, 1)))
    raw[..., 0] += 1e-3
    candidates = [
        raw / raw.sum(axis=-1, keepdims=True),
        dv.softmax(z),
        np.full(z.shape, 1 / n),
        np.eye(n)[np.argmax(z, axis=-1)],
        0.5 * (p + dv.softmax(z)),  # near p
    ]
    d_p = np.linalg.norm(p - z, axis=-1)
    for q in candidates:
        assert np.all(d_p <= np.linalg.norm(q - z, axis=-1) * (1 + 1e-12) + 1e-12)


@SETTINGS
@given(arrays(np.float64, array_shapes(max_dims=2), elements=st.floats(-1e6, 1e6)))
def test_two_class_sparsemax_is_the_hard_sigmoid(t):
    """sparsemax([t, 0])_0 = clip((t + 1) / 2, 0, 1): linear in between, then saturated."""
    z = np.stack([t, np.zeros_like(t)], axis=-1)
    ref = np.clip((t + 1) / 2, 0, 1)
    assert np.all(np.abs(dv.sparsemax(z)[..., 0] - ref) <= 4 * U * (1 + np.abs(t)))
    assert np.all(dv.sparsemax(z)[np.abs(t) >= 1] % 1 == 0)  # saturated: exactly 0 and 1


# --- shift --------------------------------------------------------------------------------


@SETTINGS
@given(dyadic_logits(), st.integers(-(2**30), 2**30))
def test_sparsemax_is_shift_invariant_bit_for_bit(z, c_int):
    c = c_int / 1024.0  # z + c is exact, so the kernel sees the same differences
    np.testing.assert_array_equal(dv.sparsemax(z + c), dv.sparsemax(z))


@SETTINGS
@given(logits(max_n=20, max_exp=1))
def test_large_shifts_make_the_other_maps_uniform(z):
    """Not shift invariant: z + c tends to the uniform distribution as c grows (for Taylor and
    spherical in both directions), at the rate the definitions give."""
    n = z.shape[-1]
    span = float(np.max(np.abs(z)))
    for name, c in (("spherical", 1e7), ("spherical", -1e7), ("taylor", 1e7), ("taylor", -1e7)):
        p = MAPS[name](z + c)
        assert np.all(np.abs(p - 1 / n) <= 4 * (span + 1) / abs(c)), name  # |g'/g| ~ 2/c
    assert np.all(np.abs(dv.softplus_normalize(z + 1e7) - 1 / n) <= 4 * (span + 1) / 1e7)
    assert np.all(np.abs(dv.relu_normalize(z + 1e7) - 1 / n) <= 4 * (span + 1) / 1e7)


@SETTINGS
@given(logits(max_n=20, max_exp=1))
def test_softplus_normalize_tends_to_softmax_as_logits_decrease(z):
    """softplus(t) = e^t (1 + O(e^t)): far below 0 the map is softmax (also where softplus
    underflows in float64, the documented behaviour)."""
    lam = _lam(z.shape[-1])
    span = float(np.ptp(z, axis=-1).max())
    for c in (-50.0, -800.0, -1e5):
        zc = z + c  # rounded once; both maps see the same logits
        s = dv.softmax(zc)
        p = dv.softplus_normalize(zc)
        bound = 4 * U * (lam + 4 + 2 * span) + math.exp(float(np.max(zc)))
        assert np.all(np.abs(p - s) <= bound * s + 1e-300)


@SETTINGS
@given(logits(), st.floats(1e-6, 10))
def test_relu_normalize_is_uniform_for_non_positive_logits(z, eps):
    p = dv.relu_normalize(-np.abs(z), eps=eps)
    np.testing.assert_array_equal(p, np.full(z.shape, 1 / z.shape[-1]))


def test_shift_changes_the_non_invariant_maps():
    """What is not true: a shift by 1 moves spherical, Taylor, softplus and ReLU maps (to the
    values of their definitions), while sparsemax and softmax stay put."""
    z = np.array([-1.5, 0.0, 2.0])
    sp = np.log1p(np.exp(z))
    sp1 = np.log1p(np.exp(z + 1))
    definitions = {
        "spherical": (z**2 + 0.01, (z + 1) ** 2 + 0.01),
        "taylor": (1 + z + z**2 / 2, 2 + z + (z + 1) ** 2 / 2),
        "softplus": (sp, sp1),
        "relu": (np.maximum(z, 0) + 0.01, np.maximum(z + 1, 0) + 0.01),
    }
    for name, (g, g1) in definitions.items():
        p, p1 = MAPS[name](z), MAPS[name](z + 1)
        np.testing.assert_allclose(p, g / g.sum(), rtol=1e-14, err_msg=name)
        np.testing.assert_allclose(p1, g1 / g1.sum(), rtol=1e-14, err_msg=name)
        assert np.max(np.abs(p1 - p)) > 0.01, name
    np.testing.assert_array_equal(dv.sparsemax(z + 1), dv.sparsemax(z))
    np.testing.assert_allclose(dv.softmax(z + 1), dv.softmax(z), rtol=4 * U)


# --- scale ----------------------------------------------------------------------------------


@SETTINGS
@given(logits(max_exp=3), st.integers(-20, 20), st.floats(1e-4, 1.0))
def test_positive_homogeneity_bit_for_bit(z, k, eps):
    """relu_normalize(c z, c eps) = relu_normalize(z, eps); spherical with c**2 eps."""
    c = 2.0**k  # exact scaling, no over- or underflow for these ranges
    np.testing.assert_array_equal(
        dv.relu_normalize(c * z, eps=c * eps), dv.relu_normalize(z, eps=eps)
    )
    np.testing.assert_array_equal(
        dv.spherical_softmax(c * z, eps=c * c * eps), dv.spherical_softmax(z, eps=eps)
    )


@SETTINGS
@given(dyadic_logits(), st.integers(1, 10))
def test_scaling_up_only_shrinks_the_sparsemax_support(z, k):
    """k(z) = max{k : sum_{j<=k} (z_(j) - z_(k)) < 1}: scaling by c > 1 makes it harder."""
    small = dv.sparsemax(z)
    big = dv.sparsemax(2.0**k * z)
    # entries can only leave the support (up to entries at the rounding level of 0)
    assert np.all((big <= 64 * U) | (small > 0))
    assert np.all(np.count_nonzero(big > 64 * U, axis=-1) <= np.count_nonzero(small > 0, axis=-1))


# --- order ------------------------------------------------------------------------------------


@SETTINGS
@given(logits(max_n=20, max_exp=2))
def test_order_of_the_logits(z):
    """Increasing g preserves order; spherical orders by |z|, Taylor by |1 + z|."""
    n = z.shape[-1]
    i, j = np.triu_indices(n, 1)
    keys = {
        "sparsemax": z,
        "softplus": z,
        "relu": np.maximum(z, 0),
        "spherical": np.abs(z),
        "taylor": np.abs(1 + z),
    }
    for name, key in keys.items():
        p = MAPS[name](z)
        # key_i > key_j (clearly) implies p_i >= p_j (up to rounding)
        clearly = key[..., i] > key[..., j] + 1e-9 * (1 + np.abs(key[..., j]))
        assert np.all(~clearly | (p[..., i] >= p[..., j] - 1e-15)), name
        clearly = key[..., j] > key[..., i] + 1e-9 * (1 + np.abs(key[..., i]))
        assert np.all(~clearly | (p[..., j] >= p[..., i] - 1e-15)), name


# --- losses -----------------------------------------------------------------------------------


@SETTINGS
@given(st.data())
def test_sparsemax_loss_is_non_negative_and_zero_at_its_projection(data):
    z = data.draw(logits())
    y = _targets(data.draw, z)
    loss = dv.sparsemax_loss(z, y)
    assert np.all(loss >= 0)
    g = dv.sparsemax_loss_grad(z, y)
    n = z.shape[-1]
    assert np.all(np.abs(g.sum(axis=-1)) <= 4 * (_lam(n) + 8) * U * n)
    assert np.all((g >= -1) & (g <= 1))
    p = dv.sparsemax(z)
    p = p / p.sum(axis=-1, keepdims=True)  # exactly a distribution for check_targets
    assert np.all(dv.sparsemax_loss(z, p) <= 64 * n * U * (1 + np.max(np.abs(z))))


@SETTINGS
@given(st.data())
def test_nll_is_non_negative_and_minus_log_of_the_map(data):
    z = data.draw(logits(max_exp=2))
    y = _targets(data.draw, z)
    n = z.shape[-1]
    y_dense = y if y.shape == z.shape else np.eye(n)[y]
    for mapping, func in (
        ("spherical", dv.spherical_softmax),
        ("taylor", dv.taylor_softmax),
        ("softplus", dv.softplus_normalize),
        ("relu", dv.relu_normalize),
    ):
        loss = dv.nll(z, y, mapping)
        assert np.all(loss >= 0), mapping
        p = func(z)
        with np.errstate(divide="ignore"):
            ref = -np.sum(np.where(y_dense > 0, y_dense * np.log(p), 0), axis=-1)
        ok = np.all(np.where(y_dense > 0, p, 1) > 1e-300, axis=-1)  # log(p) finite there
        np.testing.assert_allclose(loss[ok], ref[ok], rtol=1e-12, atol=1e-13, err_msg=mapping)
