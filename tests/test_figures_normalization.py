"""The normalization figures plot what they claim, checked against independent computations."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
import pytest

from derivations.figures.normalization import (
    normalization_grad_entry,
    plot_gradient_near_zero,
    plot_scale_dependence,
)


@pytest.fixture
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


def test_scale_curves_match_plain_formulas(ax) -> None:
    x = np.array([1.0, 2.0, 0.5])
    c = np.geomspace(0.05, 20.0, 40)
    norm, soft, *_ = plot_scale_dependence(ax, x=x, c=c)
    # Independent: the textbook formulas, evaluated in mpmath at 30 digits.
    with mp.workdps(30):
        want_soft = [float(mp.exp(ci * x[-1]) / mp.fsum(mp.exp(ci * v) for v in x)) for ci in c]
    np.testing.assert_allclose(soft.get_ydata(), want_soft, rtol=1e-13)
    np.testing.assert_allclose(norm.get_ydata(), x[-1] / x.sum(), rtol=1e-15)
    np.testing.assert_allclose(norm.get_xdata(), c)


def test_marks_sit_on_the_curves(ax) -> None:
    _, _, dots_norm, dots_soft = plot_scale_dependence(ax, marks=(1.0, 10.0))
    soft_at = dots_soft.get_offsets()
    # softmax([c, 2c])_2 = 1 / (1 + e^{-c})
    np.testing.assert_allclose(soft_at[:, 1], 1 / (1 + np.exp(-soft_at[:, 0])), rtol=1e-14)
    np.testing.assert_allclose(dots_norm.get_offsets()[:, 1], 2 / 3, rtol=1e-15)


def _nll(x1: float) -> mp.mpf:
    return -mp.log(x1 / (x1 + 1))


def test_gradient_curve_matches_mpmath_differences(ax) -> None:
    x1 = np.geomspace(1e-4, 10.0, 25)
    norm, soft = plot_gradient_near_zero(ax, x1=x1)
    with mp.workdps(30):
        want = [abs(float(mp.diff(_nll, mp.mpf(float(v))))) for v in x1]
    np.testing.assert_allclose(norm.get_ydata(), want, rtol=1e-10)
    # Softmax with z = log x: |d(-log s_1)/d z_1| = 1 - s_1 = 1 / (1 + x_1).
    np.testing.assert_allclose(soft.get_ydata(), 1 / (1 + x1), rtol=1e-12)


def test_derived_entry_matches_mpmath_at_n_3() -> None:
    from derivations.symbolic.symbols import general_symbols

    g = general_symbols()
    x = [mp.mpf("0.3"), mp.mpf("1.7"), mp.mpf("0.05")]
    for k in (1, 2, 3):
        expr = normalization_grad_entry().xreplace({g.k: k, g.n: 3}).doit()
        got = float(expr.xreplace({g.x[i + 1]: x[i] for i in range(3)}))

        def nll(v, k=k):
            moved = list(x)
            moved[k - 1] = v
            return -mp.log(moved[k - 1] / mp.fsum(moved))

        with mp.workdps(30):
            want = float(mp.diff(nll, x[k - 1]))
        assert got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"x": [1.0, -2.0]},
        {"x": [1.0]},
        {"c": [0.0, 1.0]},
        {"c": [[1.0, 2.0]]},
        {"marks": [-1.0, 2.0]},
    ],
)
def test_scale_plot_rejects_bad_input(ax, kwargs) -> None:
    with pytest.raises(ValueError, match="plot_scale_dependence"):
        plot_scale_dependence(ax, **kwargs)


def test_gradient_plot_rejects_non_positive_inputs(ax) -> None:
    with pytest.raises(ValueError, match="plot_gradient_near_zero"):
        plot_gradient_near_zero(ax, x1=[0.0, 1.0])
