"""Gradients of the kernels against symbolic derivations and independent numerical derivatives.

Three independent references:

1. the SymPy derivations of :mod:`derivations.symbolic.concrete` (``d CE/dz`` and
   ``d MSE/dz`` derived for concrete ``n``, in ``e_j = exp(z_j)``), lambdified; and a small
   SymPy derivation written here from scratch, lambdified in ``z``;
2. the complex-step derivative ``Im L(z + i h e_j) / h`` (``h = 1e-30``) of a plain complex
   NumPy formula for each loss, which is free of subtractive cancellation;
3. central finite differences of the kernels' own loss functions (consistency of each
   gradient kernel with its loss kernel).

Stated tolerances: symbolic and complex step agree to ``rtol = 1e-10`` with an absolute
floor of ``1e-13``; central differences (``h = 1e-6``, truncation ~``h^2``, rounding
~``eps |L| / h``) to ``1e-7`` absolute.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import derivations as dv
from derivations.symbolic import concrete
from derivations.symbolic.symbols import exp_symbols, target_symbols

# (n, batch shape): n from 2 to 1000, batch ranks 0-2
CASES = [
    (2, ()),
    (2, (5,)),
    (2, (2, 3)),
    (3, (4,)),
    (10, ()),
    (10, (2, 3)),
    (100, (3,)),
    (100, (2, 2)),
    (1000, ()),
    (1000, (2,)),
]
RTOL, ATOL = 1e-10, 1e-13


def _point(n: int, batch: tuple[int, ...], seed: int, scale: float = 3.0):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=scale, size=(*batch, n))
    labels = rng.integers(0, n, size=batch)
    raw = rng.exponential(size=(*batch, n))
    targets = raw / raw.sum(-1, keepdims=True)
    return z, labels, targets


def _one_hot(labels: np.ndarray, n: int) -> np.ndarray:
    return (np.arange(n) == labels[..., None]).astype(float)


# --- complex step ------------------------------------------------------------------------


def _complex_softmax(zc: np.ndarray) -> np.ndarray:
    m = zc.real.max(axis=-1, keepdims=True)  # a real shift keeps exp analytic
    e = np.exp(zc - m)
    return e / e.sum(axis=-1, keepdims=True)


def _complex_ce(zc: np.ndarray, y: np.ndarray) -> np.ndarray:
    m = zc.real.max(axis=-1, keepdims=True)
    log_s = (zc - m) - np.log(np.exp(zc - m).sum(axis=-1, keepdims=True))
    return -(y * log_s).sum(axis=-1)


def _complex_mse(zc: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 0.5 * ((_complex_softmax(zc) - y) ** 2).sum(axis=-1)


def _complex_step_grad(loss, z: np.ndarray, y: np.ndarray, h: float = 1e-30) -> np.ndarray:
    """All n partial derivatives at once: perturb each class in its own batch copy."""
    n = z.shape[-1]
    zc = z[..., None, :] + 1j * h * np.eye(n)  # (..., n perturbations, n classes)
    return loss(zc, y[..., None, :]).imag / h


@pytest.mark.parametrize(("n", "batch"), CASES)
def test_gradients_match_complex_step(n, batch):
    z, labels, targets = _point(n, batch, seed=n + len(batch))
    for y_kernel, y_dense in ((labels, _one_hot(labels, n)), (targets, targets)):
        np.testing.assert_allclose(
            dv.cross_entropy_grad(z, y_kernel),
            _complex_step_grad(_complex_ce, z, y_dense),
            rtol=RTOL,
            atol=ATOL,
        )
        np.testing.assert_allclose(
            dv.mse_on_softmax_grad(z, y_kernel),
            _complex_step_grad(_complex_mse, z, y_dense),
            rtol=RTOL,
            atol=ATOL,
        )


@pytest.mark.parametrize(("n", "batch"), [c for c in CASES if c[0] <= 100])
def test_gradients_match_central_differences_of_the_loss_kernels(n, batch):
    z, labels, targets = _point(n, batch, seed=7 * n + len(batch))
    h = 1e-6
    step = h * np.eye(n)
    for y in (labels, targets):
        y_rep = y[..., None] if y.shape == z.shape[:-1] else y[..., None, :]
        y_rep = np.broadcast_to(y_rep, (*batch, n) if y.shape == z.shape[:-1] else (*batch, n, n))
        for loss, grad in (
            (dv.cross_entropy, dv.cross_entropy_grad),
            (dv.mse_on_softmax, dv.mse_on_softmax_grad),
        ):
            zp, zm = z[..., None, :] + step, z[..., None, :] - step
            fd = (loss(zp, y_rep) - loss(zm, y_rep)) / (2 * h)
            np.testing.assert_allclose(grad(z, y), fd, rtol=0, atol=1e-7)


# --- symbolic ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3, 5])
@pytest.mark.parametrize("batch", [(), (4,), (2, 3)])
def test_gradients_match_symbolic_derivations(n, batch):
    """The kernels equal the lambdified derivations of derivations.symbolic.concrete."""
    e_syms, y_syms = exp_symbols(n), target_symbols(n)
    ce = sp.lambdify([*e_syms, *y_syms], list(concrete.ce_gradient(n)), "numpy")
    mse = sp.lambdify([*e_syms, *y_syms], list(concrete.mse_gradient(n)), "numpy")
    z, labels, targets = _point(n, batch, seed=100 + n, scale=2.0)
    e = np.exp(z)
    for y_kernel, y_dense in ((labels, _one_hot(labels, n)), (targets, targets)):
        args = [*np.moveaxis(e, -1, 0), *np.moveaxis(y_dense, -1, 0)]
        ref_ce = np.stack(np.broadcast_arrays(*ce(*args)), axis=-1)
        ref_mse = np.stack(np.broadcast_arrays(*mse(*args)), axis=-1)
        np.testing.assert_allclose(dv.cross_entropy_grad(z, y_kernel), ref_ce, rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(
            dv.mse_on_softmax_grad(z, y_kernel), ref_mse, rtol=RTOL, atol=ATOL
        )


@pytest.mark.parametrize("n", [2, 4])
def test_gradients_match_a_self_contained_sympy_derivation(n):
    """A from-scratch SymPy derivation (no project code) as a second symbolic reference."""
    z = sp.symbols(f"z:{n}", real=True)
    y = sp.symbols(f"y:{n}", nonnegative=True)
    total = sp.Add(*[sp.exp(t) for t in z])
    s = [sp.exp(t) / total for t in z]
    ce = -sp.Add(*[yj * sp.log(sj) for yj, sj in zip(y, s, strict=True)])
    mse = sp.Rational(1, 2) * sp.Add(*[(sj - yj) ** 2 for sj, yj in zip(s, y, strict=True)])
    grads = {
        "ce": sp.lambdify([*z, *y], [sp.diff(ce, t) for t in z], "numpy"),
        "mse": sp.lambdify([*z, *y], [sp.diff(mse, t) for t in z], "numpy"),
    }
    zv, _, yv = _point(n, (6,), seed=200 + n, scale=2.0)
    args = [*zv.T, *yv.T]
    np.testing.assert_allclose(
        dv.cross_entropy_grad(zv, yv), np.stack(grads["ce"](*args), -1), rtol=RTOL, atol=ATOL
    )
    np.testing.assert_allclose(
        dv.mse_on_softmax_grad(zv, yv), np.stack(grads["mse"](*args), -1), rtol=RTOL, atol=ATOL
    )
