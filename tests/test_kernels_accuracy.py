"""Accuracy of the kernels against high-precision references (mpmath, 50 digits).

References are computed row by row in mpmath at ``mp.dps = 50`` from the exact values of the
floating-point inputs. Where the exact quantity is a small difference of numbers close to 1
(``1 - s_k`` at the arg-max ``k``, ``log S`` with ``S`` close to 1), the reference uses the
mathematically equivalent sum of the small terms (``sum_{j != k} s_j``, ``log1p``) so that 50
digits resolve it however extreme the logits are.

Stated tolerance. With ``u`` the epsilon of the dtype, ``k`` the arg-max, ``K_j = |z_j - z_k|``
(the shifted logits), ``W = sum_j s_j K_j`` and ``lam = 2 + log2(n)``, each output must be
within ``C u`` times its first-order rounding-error bound (``C = 4``), e.g.

* softmax:     ``|err_i| <= C u s_i (K_i + W + lam)``
* log-softmax: ``|err_i| <= C u (K_i + W + lam |log s_i|)``
* logsumexp:   ``|err|   <= C u (|LSE| + W + lam (LSE - z_k))``

i.e. one rounding per shifted logit propagated through the exact derivative, plus a few
roundings per operation (Blanchard, Higham & Higham 2021, doi:10.1093/imanum/draa038). A
subnormal floor of two smallest subnormals is allowed for outputs that underflow. For
inputs of moderate size this is a relative error of a few dozen ulps; the bounds are tight
enough that evaluating ``1 - s_k`` or ``log S`` directly (losing the tiny values) fails them.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

import derivations as dv

SCALES = [1e-3, 1e-1, 1.0, 10.0, 100.0, 1e3, 1e4]
NS = [2, 3, 10, 100, 1000]
C = 4.0
DPS = 50


def _rows(n: int, scale: float, dtype=np.float64) -> np.ndarray:
    """Seeded logit rows: random ones, a confidently right-shaped one, ties and a spread one."""
    rng = np.random.default_rng([n, int(np.log10(scale) + 10)])
    k = 3 if n <= 100 else 1
    z = rng.normal(scale=scale, size=(k, n))
    if n <= 100:
        z[1, rng.integers(n)] += 5 * scale  # one logit pulls away
        z[2, : n // 2 + 1] = z[2, 0]  # ties at the top
    big = float(np.finfo(dtype).max) / 4
    return np.clip(z, -big, big).astype(dtype)


class Ref:
    """High-precision softmax quantities of one row (mpmath numbers)."""

    def __init__(self, z_row: np.ndarray):
        with mpmath.workdps(DPS):
            z = [mpmath.mpf(float(v)) for v in z_row]
            self.k = int(np.argmax(z_row))
            m = z[self.k]
            e = [mpmath.exp(v - m) for v in z]
            rest = mpmath.fsum(e[j] for j in range(len(z)) if j != self.k)
            self.L = mpmath.log1p(rest)  # log S, S = 1 + rest
            self.s = [v / (1 + rest) for v in e]
            self.r = rest / (1 + rest)  # 1 - s_k without cancellation
            self.lse = m + self.L
            self.lsm = [(v - m) - self.L for v in z]
            self.z, self.m = z, m

    def residual(self, y: list) -> list:
        """``s - y`` with the arg-max entry as ``(1 - y_k) - (1 - s_k)``."""
        with mpmath.workdps(DPS):
            d = [sj - yj for sj, yj in zip(self.s, y, strict=True)]
            d[self.k] = (1 - y[self.k]) - self.r
            return d

    def ce(self, y: list):
        with mpmath.workdps(DPS):
            return -mpmath.fsum(yj * lj for yj, lj in zip(y, self.lsm, strict=True) if yj)

    def mse_grad(self, y: list) -> list:
        with mpmath.workdps(DPS):
            d, s, k = self.residual(y), self.s, self.k
            c = mpmath.fsum(si * di for si, di in zip(s, d, strict=True))
            b = [dj - c for dj in d]
            b[k] = mpmath.fsum(si * (d[k] - di) for si, di in zip(s, d, strict=True))
            return [sj * bj for sj, bj in zip(s, b, strict=True)]


def _f(values) -> np.ndarray:
    return np.array([float(v) for v in values])


def _check(name: str, got, ref_mp, tol: np.ndarray) -> None:
    """Assert ``|got - ref| <= tol`` entrywise, the difference taken in mpmath."""
    got = np.atleast_1d(np.asarray(got, dtype=np.float64))
    ref_mp = list(ref_mp) if isinstance(ref_mp, list | tuple) else [ref_mp]
    with mpmath.workdps(DPS):
        err = np.array(
            [float(abs(mpmath.mpf(float(g)) - r)) for g, r in zip(got, ref_mp, strict=True)]
        )
    bad = err > np.atleast_1d(tol)
    assert not bad.any(), (
        f"{name}: {bad.sum()} entries exceed the bound; worst err/tol = "
        f"{np.max(err / np.atleast_1d(tol)):.3g}"
    )


def _bounds(ref: Ref, n: int):
    s = _f(ref.s)
    K = np.abs(_f(ref.z) - float(ref.m))
    W = float(np.sum(s * K))
    lam = 2 + np.log2(n)
    return s, K, W, lam


@pytest.mark.parametrize("n", NS)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_softmax_log_softmax_logsumexp(n, scale, dtype):
    u = float(np.finfo(dtype).eps)
    sub = 2 * float(np.finfo(dtype).smallest_subnormal)
    z = _rows(n, scale, dtype)
    S, LS, LSE = dv.softmax(z), dv.log_softmax(z), dv.logsumexp(z)
    for i, row in enumerate(z):
        ref = Ref(row)
        s, K, W, lam = _bounds(ref, n)
        _check("softmax", S[i], ref.s, C * u * s * (K + W + lam) + sub)
        lsm = np.abs(_f(ref.lsm))
        _check("log_softmax", LS[i], ref.lsm, C * u * (K + W + lam * lsm) + sub)
        L = float(ref.L)
        _check("logsumexp", LSE[i], ref.lse, C * u * (abs(float(ref.lse)) + W + lam * L) + sub)


def _targets(row: np.ndarray, n: int, rng: np.random.Generator) -> list[np.ndarray]:
    """One-hot at the arg-max (confidently right), one-hot elsewhere (wrong), and a spread."""
    k = int(np.argmax(row))
    right = np.eye(n)[k]
    wrong = np.eye(n)[(k + 1 + rng.integers(n - 1)) % n]
    raw = rng.exponential(size=n)
    return [right, wrong, raw / raw.sum()]


@pytest.mark.parametrize("n", NS)
@pytest.mark.parametrize("scale", SCALES)
def test_losses_and_gradients(n, scale):
    u = float(np.finfo(np.float64).eps)
    sub = 2 * float(np.finfo(np.float64).smallest_subnormal)
    rng = np.random.default_rng(n)
    z = _rows(n, scale)
    for row in z:
        ref = Ref(row)
        s, K, W, lam = _bounds(ref, n)
        k = ref.k
        for y in _targets(row, n, rng):
            y_mp = [mpmath.mpf(float(v)) for v in y]
            label = int(np.argmax(y)) if y.max() == 1 else None
            for y_arg in [y] + ([label] if label is not None else []):
                # cross-entropy: both terms of -log s_j = (m - z_j) + log S are >= 0
                ce = ref.ce(y_mp)
                tol = C * u * (np.sum(y * K) + W + 2 * lam * float(ce)) + sub
                _check("cross_entropy", dv.cross_entropy(row, y_arg), ce, tol)
                # cross-entropy gradient d = s - y
                d_mp = ref.residual(y_mp)
                d = _f(d_mp)
                w = s.copy()
                w[k] = float(ref.r) if y[k] >= 0.5 else s[k]
                t_d = np.abs(d) + w * (lam + K) + s * W
                t_d[k] = abs(d[k]) + w[k] * lam + W
                _check(
                    "cross_entropy_grad", dv.cross_entropy_grad(row, y_arg), d_mp, C * u * t_d + sub
                )
                # MSE on softmax: 1/2 ||d||^2
                with mpmath.workdps(DPS):
                    mse = mpmath.fsum(v * v for v in d_mp) / 2
                tol = C * u * (np.sum(np.abs(d) * t_d) + lam * float(mse)) + sub
                _check("mse_on_softmax", dv.mse_on_softmax(row, y_arg), mse, tol)
                # MSE gradient s_i b_i; first-order bound from the errors of s, d and c
                t_s = s * (K + W + lam)
                b = np.abs(d - float(np.sum(s * d)))
                t_c = np.sum(np.abs(d) * t_s + s * t_d) + lam * np.sum(np.abs(s * d))
                t_b = t_d + t_c + b
                spread = np.abs(d[k] - d)
                b[k] = np.sum(s * spread)
                t_b[k] = np.sum(t_s * spread + s * (t_d[k] + t_d)) + lam * b[k]
                _check(
                    "mse_on_softmax_grad",
                    dv.mse_on_softmax_grad(row, y_arg),
                    ref.mse_grad(y_mp),
                    C * u * (b * t_s + s * t_b) + sub,
                )


@pytest.mark.parametrize("t", [1.0, 10.0, 36.0, 40.0, 100.0, 700.0])
def test_vanishing_gradients_keep_relative_accuracy(t):
    """z = (0, t), true class 0: MSE slope 2 s^2 (1 - s) and CE slope 1 - s, s = sigma(t).

    A confidently wrong softmax has an MSE gradient like 2 exp(-t); it must be computed to
    full relative accuracy (1e-13), not as a rounded difference of numbers close to 1.
    """
    with mpmath.workdps(DPS):
        s = 1 / (1 + mpmath.exp(-t))
        one_minus_s = 1 / (1 + mpmath.exp(t))  # not 1 - s: 50 digits cannot resolve it
        mse_slope = 2 * s**2 * one_minus_s
        right_ce = mpmath.log1p(mpmath.exp(-t))  # z = (t, 0), class 0: softplus(-t)
    g = dv.mse_on_softmax_grad([0.0, t], 0)
    assert abs(g[1] - float(mse_slope)) <= 1e-13 * float(mse_slope)
    assert abs(g[0] + float(mse_slope)) <= 1e-13 * float(mse_slope)
    assert abs(dv.cross_entropy([t, 0.0], 0) - float(right_ce)) <= 1e-14 * float(right_ce)
    slope = float(one_minus_s)
    assert abs(dv.cross_entropy_grad([t, 0.0], 0)[1] - slope) <= 1e-14 * slope


@pytest.mark.parametrize("t", [-745.0, -700.0, -40.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 40.0, 700.0])
def test_sigmoid_against_mpmath(t):
    with mpmath.workdps(DPS):
        ref = 1 / (1 + mpmath.exp(-t))
    got = dv.sigmoid(t)
    assert abs(mpmath.mpf(float(got)) - ref) <= 2 * np.finfo(float).eps * ref + 5e-324


def test_normalize_against_exact_fractions():
    from fractions import Fraction

    rng = np.random.default_rng(11)
    for n in (2, 10, 1000):
        x = rng.exponential(scale=10.0 ** rng.integers(-300, 300), size=n)
        total = sum(Fraction(v) for v in x)
        ref = np.array([float(Fraction(v) / total) for v in x])
        np.testing.assert_allclose(
            dv.normalize(x), ref, rtol=(3 + np.log2(n)) * 2.3e-16, atol=1e-323
        )
