"""Gradients of the alternatives' losses against independent numerical derivatives.

Two references:

1. the complex-step derivative ``Im L(z + i h e_j) / h`` (``h = 1e-30``) of a plain complex
   NumPy formula for each loss, written from the definitions (``-sum_j y_j log p_j`` with
   ``p = g(z) / sum g(z)``; the sparsemax loss in the paper's form ``-y.z + 1/2 sum_S (z_j^2
   - tau^2) + 1/2 ||y||^2``, with the support ``S`` found by a pure-Python loop over the
   sorted logits). It is free of subtractive cancellation;
2. central finite differences of the kernels' own loss functions (consistency of each
   gradient kernel with its loss kernel).

Sparsemax's loss has kinks in its gradient where an entry meets the threshold; every point
used here is checked to be at least ``1e-3`` away from one.

Stated tolerances: complex step agrees to ``rtol = 1e-12`` with an absolute floor of
``1e-14`` (the gradients are of size at most ``1/sqrt(eps) = 10``); central differences
(``h = 1e-6``: truncation ~``h^2``, rounding ~``eps |L| / h``) to ``1e-7`` absolute.
"""

from __future__ import annotations

import numpy as np
import pytest

import derivations as dv

CASES = [(2, ()), (2, (5,)), (3, (4,)), (5, (2, 3)), (10, (2, 3)), (100, (3,))]
MAPPINGS = ["softmax", "spherical", "taylor", "softplus", "relu"]
EPS = 1e-2
RTOL, ATOL = 1e-12, 1e-14


def _point(n: int, batch: tuple[int, ...], seed: int, scale: float = 2.0):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=scale, size=(*batch, n))
    labels = rng.integers(0, n, size=batch)
    raw = rng.exponential(size=(*batch, n))
    return z, labels, raw / raw.sum(-1, keepdims=True)


def _one_hot(labels: np.ndarray, n: int) -> np.ndarray:
    return (np.arange(n) == labels[..., None]).astype(float)


# --- complex formulas from the definitions -------------------------------------------------


def _complex_log_g(mapping: str, zc: np.ndarray, eps: float) -> np.ndarray:
    if mapping == "softmax":
        return zc
    if mapping == "spherical":
        return np.log(zc * zc + eps)
    if mapping == "taylor":
        return np.log(1 + zc + zc * zc / 2)
    if mapping == "softplus":
        return np.log(np.log(1 + np.exp(zc)))  # moderate logits only: no log1p needed
    assert mapping == "relu"
    return np.log(np.where(zc.real > 0, zc, 0) + eps)


def _complex_nll(mapping: str, eps: float = EPS):
    def loss(zc: np.ndarray, y: np.ndarray) -> np.ndarray:
        h = _complex_log_g(mapping, zc, eps)
        m = h.real.max(axis=-1, keepdims=True)  # a real shift keeps it analytic
        log_p = h - (m + np.log(np.exp(h - m).sum(axis=-1, keepdims=True)))
        return -(y * log_p).sum(axis=-1)

    return loss


def _threshold(row: list[float]) -> float:
    """tau of sparsemax by the paper's loop over the sorted logits (plain Python floats)."""
    total, best = 0.0, 0.0
    for k, v in enumerate(sorted(row, reverse=True), start=1):
        total += v
        if 1 + k * v > total:
            best = (total - 1) / k
    return best


def _complex_sparsemax_loss(zc: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The paper's L(z; y), the support fixed by the real part (analytic off the kinks)."""
    flat_z = zc.reshape(-1, zc.shape[-1])
    flat_y = np.broadcast_to(y, zc.shape).reshape(flat_z.shape)
    out = np.empty(flat_z.shape[0], dtype=complex)
    for r, (row, yr) in enumerate(zip(flat_z, flat_y, strict=True)):
        tau_real = _threshold(list(row.real))
        s = row.real > tau_real
        tau = (row[s].sum() - 1) / s.sum()
        out[r] = -(yr * row).sum() + 0.5 * (row[s] ** 2 - tau**2).sum() + 0.5 * (yr**2).sum()
    return out.reshape(zc.shape[:-1])


def _complex_step_grad(loss, z: np.ndarray, y: np.ndarray, h: float = 1e-30) -> np.ndarray:
    """All n partial derivatives at once: perturb each class in its own batch copy."""
    n = z.shape[-1]
    zc = z[..., None, :] + 1j * h * np.eye(n)  # (..., n perturbations, n classes)
    return loss(zc, y[..., None, :]).imag / h


def _kink_distance(z: np.ndarray) -> float:
    """Smallest |z_j - tau| over all rows: how far the point is from a kink of the loss."""
    rows = z.reshape(-1, z.shape[-1])
    return min(float(np.min(np.abs(row - _threshold(list(row))))) for row in rows)


def _off_kink_point(n: int, batch: tuple[int, ...], seed: int):
    """A seeded point at least 1e-3 from every kink (the first seed that qualifies)."""
    for attempt in range(100):
        z, labels, targets = _point(n, batch, seed=1000 * seed + attempt, scale=1.0)
        if _kink_distance(z) > 1e-3:
            return z, labels, targets
    raise AssertionError("no point away from the kinks")  # pragma: no cover


# --- complex step ------------------------------------------------------------------------


@pytest.mark.parametrize("mapping", MAPPINGS)
@pytest.mark.parametrize(("n", "batch"), CASES)
def test_nll_gradients_match_complex_step(mapping, n, batch):
    z, labels, targets = _point(n, batch, seed=n + 10 * len(batch))
    for y_kernel, y_dense in ((labels, _one_hot(labels, n)), (targets, targets)):
        np.testing.assert_allclose(
            dv.nll_grad(z, y_kernel, mapping),
            _complex_step_grad(_complex_nll(mapping), z, y_dense),
            rtol=RTOL,
            atol=ATOL,
        )


@pytest.mark.parametrize(("n", "batch"), CASES)
def test_sparsemax_loss_gradient_matches_complex_step(n, batch):
    z, labels, targets = _off_kink_point(n, batch, seed=n + len(batch))
    assert np.any(dv.sparsemax(z) == 0) or n <= 3  # sparse points, not only full supports
    for y_kernel, y_dense in ((labels, _one_hot(labels, n)), (targets, targets)):
        np.testing.assert_allclose(
            dv.sparsemax_loss_grad(z, y_kernel),
            _complex_step_grad(_complex_sparsemax_loss, z, y_dense),
            rtol=RTOL,
            atol=ATOL,
        )
        # ... and the loss itself is the paper's formula
        np.testing.assert_allclose(
            dv.sparsemax_loss(z, y_kernel),
            _complex_sparsemax_loss(z.astype(complex), y_dense).real,
            rtol=1e-12,
            atol=1e-13,
        )


# --- central differences of the loss kernels -----------------------------------------------


def _central_differences(loss, z: np.ndarray, y: np.ndarray, h: float = 1e-6) -> np.ndarray:
    n = z.shape[-1]
    batch = z.shape[:-1]
    step = h * np.eye(n)
    if y.shape == batch:
        y_rep = np.broadcast_to(y[..., None], (*batch, n))
    else:
        y_rep = np.broadcast_to(y[..., None, :], (*batch, n, n))
    zp, zm = z[..., None, :] + step, z[..., None, :] - step
    return (loss(zp, y_rep) - loss(zm, y_rep)) / (2 * h)


@pytest.mark.parametrize("mapping", MAPPINGS)
@pytest.mark.parametrize(("n", "batch"), CASES)
def test_nll_gradients_match_central_differences(mapping, n, batch):
    z, labels, targets = _point(n, batch, seed=7 * n + len(batch))
    for y in (labels, targets):
        fd = _central_differences(lambda zz, yy: dv.nll(zz, yy, mapping), z, y)
        np.testing.assert_allclose(dv.nll_grad(z, y, mapping), fd, rtol=0, atol=1e-7)


@pytest.mark.parametrize(("n", "batch"), CASES)
def test_sparsemax_loss_gradient_matches_central_differences(n, batch):
    z, labels, targets = _off_kink_point(n, batch, seed=3 * n + len(batch))
    for y in (labels, targets):
        fd = _central_differences(dv.sparsemax_loss, z, y)
        np.testing.assert_allclose(dv.sparsemax_loss_grad(z, y), fd, rtol=0, atol=1e-7)


@pytest.mark.parametrize("mapping", ["spherical", "relu"])
@pytest.mark.parametrize("eps", [1e-6, 0.5, 3.0])
def test_nll_gradients_with_other_eps(mapping, eps):
    """eps reaches the gradient: complex step of the definition with the same eps."""
    z, labels, _ = _point(6, (4,), seed=99)
    ref = _complex_step_grad(_complex_nll(mapping, eps), z, _one_hot(labels, 6))
    got = dv.nll_grad(z, labels, mapping, eps=eps)
    np.testing.assert_allclose(got, ref, rtol=RTOL, atol=ATOL / min(eps, 1.0))


def test_kink_distance_detects_a_kink():
    """The kink guard can fail: a point with an entry exactly at the threshold has distance 0."""
    z = np.array([[1.0, 0.5, 0.25]])  # tau = 0.25: the last entry sits on the kink
    assert _threshold(list(z[0])) == 0.25
    assert _kink_distance(z) == 0
