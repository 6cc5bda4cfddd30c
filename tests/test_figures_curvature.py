"""The curvature page's figure: plotted second derivatives vs finite differences of the kernels.

The reference differentiates the package's NumPy losses (not the SymPy expressions the figure
lambdifies) by central second differences at logits ``(d, 0)`` with true class 0.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import derivations
from derivations.figures.curvature import plot_margin_curvature


def _second_difference(loss, d: np.ndarray, h: float = 1e-4) -> np.ndarray:
    def f(t: np.ndarray) -> np.ndarray:
        z = np.stack([t, np.zeros_like(t)], axis=-1)
        return loss(z, np.zeros(t.shape, dtype=int))

    return (f(d + h) - 2 * f(d) + f(d - h)) / h**2


def test_plotted_curves_match_finite_differences_of_the_kernels() -> None:
    fig, ax = plt.subplots()
    try:
        ce, mse, *_ = plot_margin_curvature(ax, -8.0, 8.0, 161)
        d = np.asarray(ce.get_xdata())
        want_ce = _second_difference(derivations.cross_entropy, d)
        want_mse = _second_difference(derivations.mse_on_softmax, d)
        np.testing.assert_allclose(ce.get_ydata(), want_ce, atol=1e-6)
        np.testing.assert_allclose(mse.get_ydata(), want_mse, atol=1e-6)
    finally:
        plt.close(fig)


def test_threshold_line_is_where_the_plotted_mse_curve_changes_sign() -> None:
    fig, ax = plt.subplots()
    try:
        _, mse, _, cut = plot_margin_curvature(ax, -6.0, 6.0, 1201)
        d, values = np.asarray(mse.get_xdata()), np.asarray(mse.get_ydata())
        flips = np.flatnonzero(np.diff(np.sign(values)) != 0)
        assert flips.size == 1  # one sign change on the plotted range
        x_cut = cut.get_xdata()[0]
        assert d[flips[0]] <= x_cut <= d[flips[0] + 1]
        assert np.all(values[d < x_cut] < 0)
        assert np.all(values[d > x_cut] > 0)
        np.testing.assert_allclose(x_cut, -np.log(2.0), rtol=1e-14)
    finally:
        plt.close(fig)


@pytest.mark.parametrize(("lo", "hi", "num"), [(1.0, 0.0, 10), (0.0, np.inf, 10), (-1.0, 1.0, 1)])
def test_rejects_bad_ranges(lo: float, hi: float, num: int) -> None:
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match="plot_margin_curvature"):
            plot_margin_curvature(ax, lo, hi, num)
    finally:
        plt.close(fig)
