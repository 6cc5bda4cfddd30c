"""Accuracy of the alternatives to softmax against independent high-precision references.

References, computed from the exact values of the floating-point inputs:

* **sparsemax** -- exact rational arithmetic (:class:`fractions.Fraction`) and a different
  algorithm from the kernel's: Michelot's iteration (start from the full support, compute
  tau, drop the entries at or below it, repeat), which stops at the exact KKT point. The loss
  is the paper's own formula ``-y.z + 1/2 sum_S (z_j^2 - tau^2) + 1/2 ||y||^2``, also exact.
* **the other maps and nll** -- the definitions ``p_i = g(z_i) / sum_j g(z_j)`` evaluated
  in mpmath at 50 digits; gradients of the log-likelihood as ``(p_i - y_i) h'(z_i)`` with
  ``h' = (log g)'`` from ``mpmath.diff`` (numerical differentiation at 50 digits, independent
  of the kernels' closed forms), and ``1 - p_k`` at the arg-max ``k`` as the sum of the
  other probabilities (so 50 digits resolve it).

Target distributions are dyadic (multiples of 2**-20), so they sum to exactly 1 in floating
point and the loss formulas that use ``sum(y) = 1`` are exact identities for them.

Stated tolerances. ``u`` is the epsilon of the dtype, ``lam = 2 + log2(n)``, ``C = 4``.

* sparsemax: ``|err| <= C u (lam + 8)`` absolute (entries are at most 1 and the support lies
  within 1 of the maximum, so the size of the logits does not enter); its loss
  ``C u ((lam + 8)(||d||_1 + 1) + sum_j y_j |z_j - max z| + lam L)``; its gradient
  ``C u (lam + 8) + u |d|``.
* spherical, Taylor, ReLU maps (computed as a scaled ratio): ``C u (lam + 4) p_i``, relative.
* softplus map and every nll (computed through ``h = log g``): with ``A_i`` the size of
  ``h_i`` as the kernel forms it (spherical, Taylor, ReLU: ``|log g(z_i)|``; softplus:
  ``|log g(z_i) - c|`` with ``c = log g(max z)`` if ``max z > 0``, else ``max z``; softmax:
  ``|z_i - max z|``), ``K_i = |h_i - max h|``,
  ``W = sum_i p_i (A_i + K_i)``: ``C u p_i (A_i + K_i + W + lam + 4)`` for the map, ``C u
  (sum_j y_j (A_j + K_j) + W + lam nll + 4)`` for the loss, and ``C u |h'_i| (w_i (A_i +
  K_i + W + lam + 4) + 4 |d_i|)`` for the gradient, ``w_i = p_i`` except ``1 - p_k`` at
  the arg-max when ``y_k >= 1/2``. That is one rounding per ``h_i``, propagated exactly,
  plus a few per operation.

On top of these first-order bounds, every float64 case with logits up to 100 in size must
agree with the reference to ``1e-12``: relative for probabilities and losses, relative to the
row's largest entry for gradients. A subnormal floor of two smallest subnormals is allowed
everywhere.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import derivations as dv

DPS = 50
C = 4.0
NS = [1, 2, 3, 10, 100, 1000]
SCALES = [1e-3, 1e-1, 1.0, 10.0, 100.0, 1e4]
MAPPINGS = ["softmax", "spherical", "taylor", "softplus", "relu"]
KERNELS = {
    "spherical": dv.spherical_softmax,
    "taylor": dv.taylor_softmax,
    "softplus": dv.softplus_normalize,
    "relu": dv.relu_normalize,
}
EPS = {"spherical": 1e-2, "relu": 1e-2}  # the kernels' documented defaults


def _lam(n: int) -> float:
    return 2 + math.log2(n)


def _rows(n: int, scale: float, dtype=np.float64) -> np.ndarray:
    """Seeded rows: random ones, one logit pulled away, ties at the top, all negative."""
    rng = np.random.default_rng([n, round(math.log10(scale)) + 10, 7])
    z = rng.normal(scale=scale, size=(4, n))
    z[1, rng.integers(n)] += 5 * scale
    z[2, : n // 2 + 1] = z[2, 0]
    z[3] = -np.abs(z[3]) - 3 * scale
    big = float(np.finfo(dtype).max) / 4
    return np.clip(z, -big, big).astype(dtype)


def _dyadic_targets(n: int, rng: np.random.Generator) -> list[np.ndarray]:
    """One-hot at the arg-max-to-be, one-hot elsewhere, and a spread; each sums to exactly 1."""
    counts = rng.multinomial(2**20, rng.dirichlet(np.ones(n)))
    spread = counts / 2.0**20
    assert spread.sum() == 1.0
    return [np.eye(n)[0], np.eye(n)[n - 1], spread]


# --- exact sparsemax ---------------------------------------------------------------------


def exact_sparsemax(row: np.ndarray) -> tuple[list[Fraction], Fraction]:
    """Michelot's projection onto the simplex in exact rational arithmetic: ``(p, tau)``."""
    z = [Fraction(float(v)) for v in row]
    support = list(range(len(z)))
    while True:
        tau = (sum(z[i] for i in support) - 1) / len(support)
        kept = [i for i in support if z[i] > tau]
        if kept == support:
            break
        support = kept
    # KKT: every dropped entry is at or below the final threshold (tau only grows).
    assert all(z[i] <= tau for i in range(len(z)) if i not in support)
    return [max(v - tau, Fraction(0)) for v in z], tau


def exact_sparsemax_loss(
    row: np.ndarray, y: np.ndarray, projection: tuple[list[Fraction], Fraction] | None = None
) -> Fraction:
    """The paper's formula, exactly: -y.z + 1/2 sum_S (z_j^2 - tau^2) + 1/2 ||y||^2."""
    p, tau = exact_sparsemax(row) if projection is None else projection
    z = [Fraction(float(v)) for v in row]
    yq = [Fraction(float(v)) for v in y]
    quad = sum(zj * zj - tau * tau for zj, pj in zip(z, p, strict=True) if pj > 0)
    return -sum(a * b for a, b in zip(yq, z, strict=True)) + quad / 2 + sum(v * v for v in yq) / 2


def _err(g: float, r) -> float:
    """``|g - r|`` for a float ``g`` and an exact (Fraction) or 50-digit (mpf) reference."""
    if isinstance(r, Fraction):
        return float(abs(Fraction(g) - r))
    with mpmath.workdps(DPS):
        return float(abs(mpmath.mpf(g) - r))


def _check(name: str, got, ref, tol) -> None:
    """Assert ``|got - ref| <= tol`` entrywise, the difference taken exactly."""
    got = np.atleast_1d(np.asarray(got, dtype=np.float64))
    ref = list(ref) if isinstance(ref, list | tuple) else [ref]
    err = np.array([_err(float(g), r) for g, r in zip(got, ref, strict=True)])
    tol = np.broadcast_to(tol, err.shape)
    bad = err > tol
    worst = np.argmax(err / tol)
    assert not bad.any(), f"{name}: worst err/tol = {err[worst] / tol[worst]:.3g} at {worst}"


@pytest.mark.parametrize("n", NS)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_sparsemax_against_exact_projection(n, scale, dtype):
    u = float(np.finfo(dtype).eps)
    sub = 2 * float(np.finfo(dtype).smallest_subnormal)
    z = _rows(n, scale, dtype)
    got = dv.sparsemax(z)
    assert got.dtype == dtype
    for row, p in zip(z, got, strict=True):
        ref, _ = exact_sparsemax(row)
        ref_f = np.array([float(v) for v in ref])
        _check("sparsemax", p, ref, C * u * (_lam(n) + 8) + sub)
        if dtype == np.float64 and scale <= 100:
            assert np.all(np.abs(p - ref_f) <= 1e-12)  # absolute: entries lie in [0, 1]


@pytest.mark.parametrize("n", [2, 3, 10, 100, 1000])
@pytest.mark.parametrize("scale", SCALES)
def test_sparsemax_loss_and_gradient_against_exact(n, scale):
    u = float(np.finfo(np.float64).eps)
    sub = 2 * float(np.finfo(np.float64).smallest_subnormal)
    rng = np.random.default_rng(n)
    lam = _lam(n)
    for row in _rows(n, scale):
        projection = exact_sparsemax(row)
        p = projection[0]
        p_f = np.array([float(v) for v in p])
        zs = np.abs(row - row.max())
        for y in _dyadic_targets(n, rng):
            label = int(np.argmax(y)) if y.max() == 1 else None
            for y_arg in [y] + ([label] if label is not None else []):
                loss_ref = exact_sparsemax_loss(row, y, projection)
                d_ref = [pj - Fraction(float(yj)) for pj, yj in zip(p, y, strict=True)]
                d1 = float(sum(abs(v) for v in d_ref))
                tol = C * u * ((lam + 8) * (d1 + 1) + float(np.sum(y * zs)) + lam * float(loss_ref))
                loss = dv.sparsemax_loss(row, y_arg)
                _check("sparsemax_loss", loss, loss_ref, tol + sub)
                grad = dv.sparsemax_loss_grad(row, y_arg)
                d_f = np.array([float(v) for v in d_ref])
                _check(
                    "sparsemax_loss_grad",
                    grad,
                    d_ref,
                    C * u * (lam + 8) + u * np.abs(d_f) + sub,
                )
                if scale <= 100:
                    # absolute below 1 (the loss is a difference of terms of size 1)
                    assert abs(loss - float(loss_ref)) <= 1e-12 * max(float(loss_ref), 1.0)
                    assert np.all(np.abs(grad - d_f) <= 1e-12)
        assert np.all(np.abs(dv.sparsemax(row) - p_f) <= C * u * (lam + 8))


# --- the "g then divide" maps and their log-likelihoods -----------------------------------


def _g(mapping: str, t, eps):
    """The defining positive function g of each mapping, in mpmath."""
    if mapping == "softmax":
        return mpmath.exp(t)
    if mapping == "spherical":
        return t * t + eps
    if mapping == "taylor":
        return 1 + t + t * t / 2
    if mapping == "softplus":
        return mpmath.log1p(mpmath.exp(t))
    assert mapping == "relu"
    return max(t, mpmath.mpf(0)) + eps


class Ref:
    """High-precision quantities of one row under one mapping."""

    def __init__(self, row: np.ndarray, mapping: str, *, derivative: bool = False):
        eps = mpmath.mpf(EPS.get(mapping, 0.0))
        with mpmath.workdps(DPS):
            z = [mpmath.mpf(float(v)) for v in row]
            h = [mpmath.log(_g(mapping, t, eps)) for t in z]
            self.k = max(range(len(z)), key=lambda i: h[i])
            top = h[self.k]
            e = [mpmath.exp(v - top) for v in h]
            rest = mpmath.fsum(e[j] for j in range(len(z)) if j != self.k)
            self.p = [v / (1 + rest) for v in e]
            self.r = rest / (1 + rest)  # 1 - p_k without cancellation
            self.logp = [(v - top) - mpmath.log1p(rest) for v in h]
            self.K = np.array([float(top - v) for v in h])
            if mapping == "softmax":
                self.A = self.K.copy()
            elif mapping == "softplus":
                top = max(z)
                shift = mpmath.log(_g(mapping, top, eps)) if top > 0 else top
                self.A = np.array([float(abs(v - shift)) for v in h])
            else:
                self.A = np.array([float(abs(v)) for v in h])
            if derivative:
                self.dh = [mpmath.diff(lambda t: mpmath.log(_g(mapping, t, eps)), t) for t in z]

    def nll(self, y: np.ndarray):
        with mpmath.workdps(DPS):
            terms = zip(y, self.logp, strict=True)
            return -mpmath.fsum(mpmath.mpf(float(yj)) * lj for yj, lj in terms if yj)

    def grad(self, y: np.ndarray) -> list:
        with mpmath.workdps(DPS):
            d = [pj - mpmath.mpf(float(yj)) for pj, yj in zip(self.p, y, strict=True)]
            d[self.k] = (1 - mpmath.mpf(float(y[self.k]))) - self.r
            return [dj * hj for dj, hj in zip(d, self.dh, strict=True)], d


def _bound_terms(ref: Ref, n: int) -> tuple[np.ndarray, float, float]:
    p = np.array([float(v) for v in ref.p])
    W = float(np.sum(p * (ref.A + ref.K)))
    return p, W, _lam(n)


@pytest.mark.parametrize("mapping", list(KERNELS))
@pytest.mark.parametrize("n", NS)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_maps_against_mpmath(mapping, n, scale, dtype):
    u = float(np.finfo(dtype).eps)
    sub = 2 * float(np.finfo(dtype).smallest_subnormal)
    z = _rows(n, scale, dtype)
    got = KERNELS[mapping](z)
    assert got.dtype == dtype
    for row, p_got in zip(z, got, strict=True):
        ref = Ref(row, mapping)
        p, W, lam = _bound_terms(ref, n)
        if mapping == "softplus":
            tol = C * u * p * (ref.A + ref.K + W + lam + 4)
        else:
            tol = C * u * (lam + 4) * p
        _check(mapping, p_got, ref.p, tol + sub)
        if dtype == np.float64 and scale <= 100:
            assert np.all(np.abs(p_got - p) <= 1e-12 * p + sub)


@pytest.mark.parametrize("mapping", MAPPINGS)
@pytest.mark.parametrize("n", [2, 3, 10, 100])
@pytest.mark.parametrize("scale", SCALES)
def test_nll_and_gradient_against_mpmath(mapping, n, scale):
    u = float(np.finfo(np.float64).eps)
    sub = 2 * float(np.finfo(np.float64).smallest_subnormal)
    rng = np.random.default_rng([n, 3])
    for row in _rows(n, scale):
        ref = Ref(row, mapping, derivative=True)
        p, W, lam = _bound_terms(ref, n)
        dh = np.abs([float(v) for v in ref.dh])
        for y in _dyadic_targets(n, rng):
            y = np.roll(y, ref.k)  # the first target is one-hot at the arg-max: right
            label = int(np.argmax(y)) if y.max() == 1 else None
            nll_ref = ref.nll(y)
            g_ref, d_ref = ref.grad(y)
            d = np.abs([float(v) for v in d_ref])
            w = p.copy()
            if y[ref.k] >= 0.5:
                w[ref.k] = float(ref.r)
            g_tol = C * u * dh * (w * (ref.A + ref.K + W + lam + 4) + 4 * d) + sub
            l_tol = C * u * (np.sum(y * (ref.A + ref.K)) + W + lam * float(nll_ref) + 4) + sub
            for y_arg in [y] + ([label] if label is not None else []):
                loss = dv.nll(row, y_arg, mapping)
                grad = dv.nll_grad(row, y_arg, mapping)
                _check(f"nll[{mapping}]", loss, nll_ref, l_tol)
                _check(f"nll_grad[{mapping}]", grad, g_ref, g_tol)
                if scale <= 100:
                    g_f = np.array([float(v) for v in g_ref])
                    assert abs(loss - float(nll_ref)) <= 1e-12 * float(nll_ref) + sub
                    assert np.all(np.abs(grad - g_f) <= 1e-12 * np.max(np.abs(g_f)) + sub)


def test_nll_of_softmax_is_cross_entropy():
    """mapping='softmax' is the cross-entropy kernel: the same numbers, bit for bit."""
    rng = np.random.default_rng(12)
    z = rng.normal(scale=20, size=(3, 4, 9))
    z[0, 0, :2] = [np.inf, 1.0]
    labels = rng.integers(0, 9, size=(3, 4))
    targets = dv.softmax(rng.normal(size=(3, 4, 9)))
    for y in (labels, targets):
        np.testing.assert_array_equal(dv.nll(z, y), dv.cross_entropy(z, y))
        np.testing.assert_array_equal(dv.nll_grad(z, y), dv.cross_entropy_grad(z, y))


@pytest.mark.parametrize("mapping", list(KERNELS))
def test_nll_is_minus_log_of_the_map(mapping):
    """nll(z, j) = -log p_j(z), against the probability kernel (where p_j is not tiny)."""
    rng = np.random.default_rng(13)
    z = rng.normal(scale=3, size=(50, 6))
    p = KERNELS[mapping](z)
    for j in range(6):
        labels = np.full(50, j)
        np.testing.assert_allclose(dv.nll(z, labels, mapping), -np.log(p[:, j]), rtol=1e-13)


def test_softplus_normalize_where_softplus_underflows():
    """Logits far below -745: softplus is 0 in float64, the ratio is still right (mpmath)."""
    u = float(np.finfo(np.float64).eps)
    for row in (np.array([-1000.0, -1001.0, -1003.5]), np.array([-1e5, -1e5 - 0.5, -1e6])):
        ref = Ref(row, "softplus")
        p = np.array([float(v) for v in ref.p])
        assert np.all(np.log1p(np.exp(row)) == 0)  # the naive numerator is 0 everywhere
        _check("softplus_normalize", dv.softplus_normalize(row), ref.p, 16 * u * p + 1e-323)
        np.testing.assert_allclose(dv.softplus_normalize(row), dv.softmax(row), rtol=1e-13)
        _check("nll[softplus]", dv.nll(row, 1, "softplus"), -ref.logp[1], 16 * u * 1e6)


@pytest.mark.parametrize("mapping", ["spherical", "taylor", "relu", "softplus"])
def test_huge_logits_do_not_overflow(mapping):
    """Logits near the float64 limit: squares and sums would overflow; the kernels do not."""
    u = float(np.finfo(np.float64).eps)
    row = np.array([1e300, -3e299, 2e299, 1.0])
    ref = Ref(row, mapping)
    got = KERNELS[mapping](row)
    assert np.all(np.isfinite(got))
    p, W, lam = _bound_terms(ref, row.size)
    if mapping == "softplus":  # the stated bound: K-type terms only, no u * log(1e300)
        tol = C * u * p * (ref.A + ref.K + W + lam + 4)
        assert np.max(ref.A[[0, 2]]) < 2  # huge positive logits: shifted log-softplus is O(1)
    else:
        tol = C * u * (lam + 4) * p
    _check(mapping, got, ref.p, tol + 1e-320)
    assert np.isfinite(dv.nll(row, 3, mapping))
    _check(f"nll[{mapping}]", dv.nll(row, 3, mapping), -ref.logp[3], 32 * u * 2000)


@pytest.mark.parametrize("delta", [0.0, 2.0**-50, 1e-12, 1e-9, 1e-5])
@pytest.mark.parametrize("sign", [1, -1])
def test_sparsemax_entries_next_to_the_threshold(delta, sign):
    """An entry just above or below tau (tau = 0.25 for [1, 0.5, 0.25]) must be classified
    right: counting it in the support wrongly moves tau by about delta / 3."""
    u = float(np.finfo(np.float64).eps)
    row = np.array([1.0, 0.5, 0.25 + sign * delta, -3.0])
    ref, _ = exact_sparsemax(row)
    _check("sparsemax", dv.sparsemax(row), ref, C * u * (_lam(row.size) + 8))
    y = np.array([0.25, 0.25, 0.5, 0.0])
    _check("sparsemax_loss", dv.sparsemax_loss(row, y), exact_sparsemax_loss(row, y), 64 * u)


def test_softplus_normalize_of_close_negative_logits_is_as_accurate_as_softmax():
    """Close logits in (-36, -1), where log softplus = z + log(log1p(e^z)/e^z) is not just z:
    the row is shifted before rounding, so the error is that of softmax of the differences,
    u (lam + K + W) with C = 1 (without the shift it would be about u |z| = 10 u)."""
    u = float(np.finfo(np.float64).eps)
    for t in np.linspace(-36.0, -1.0, 60):
        row = t + np.array([0.0, 1e-3, 2.5e-3, 7e-3])
        ref = Ref(row, "softplus")
        p, W, lam = _bound_terms(ref, row.size)
        _check("softplus_normalize", dv.softplus_normalize(row), ref.p, u * p * (lam + ref.K + W))
