"""The landing figure plots the derived slopes; they match finite differences of the kernels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from derivations import cross_entropy, mse_on_softmax
from derivations.claims.wrong_model import two_class_losses
from derivations.figures.landing import plot_gradient_vs_margin


def _logits(t: np.ndarray, n: int) -> np.ndarray:
    z = np.zeros((t.size, n))
    z[:, 1] = t
    return z


def _central_difference(loss, t: np.ndarray, n: int, h: float = 1e-5) -> np.ndarray:
    labels = np.zeros(t.size, dtype=np.intp)
    return (loss(_logits(t + h, n), labels) - loss(_logits(t - h, n), labels)) / (2 * h)


def test_plotted_slopes_match_finite_differences_of_the_kernels() -> None:
    n = 2
    fig, ax = plt.subplots()
    try:
        ce_line, mse_line, _ = plot_gradient_vs_margin(ax, t=np.linspace(-4, 12, 81))
        t, ce_slope = (np.asarray(a) for a in ce_line.get_data())
        _, mse_slope = (np.asarray(a) for a in mse_line.get_data())
    finally:
        plt.close(fig)
    np.testing.assert_allclose(ce_slope, _central_difference(cross_entropy, t, n), atol=1e-8)
    np.testing.assert_allclose(mse_slope, _central_difference(mse_on_softmax, t, n), atol=1e-8)


def test_the_losses_themselves_match_the_kernels() -> None:
    m = two_class_losses()
    t = np.linspace(-5, 20, 51)
    labels = np.zeros(t.size, dtype=np.intp)
    np.testing.assert_allclose(m.numeric("ce")(t), cross_entropy(_logits(t, 2), labels), rtol=1e-12)
    np.testing.assert_allclose(
        m.numeric("mse")(t), mse_on_softmax(_logits(t, 2), labels), rtol=1e-12
    )


def test_the_figure_shows_the_contrast_it_claims() -> None:
    # Far on the wrong side the cross-entropy slope is near 1 and the squared error's near 0.
    fig, ax = plt.subplots()
    try:
        ce_line, mse_line, _ = plot_gradient_vs_margin(ax)
    finally:
        plt.close(fig)
    assert ce_line.get_ydata()[-1] > 0.99
    assert mse_line.get_ydata()[-1] < 1e-3


@pytest.mark.parametrize("bad", [[1.0], np.zeros((2, 2)), [0.0, np.nan], [0.0, 1000.0]])
def test_plot_rejects_bad_grids(bad: object) -> None:
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match="plot_gradient_vs_margin"):
            plot_gradient_vs_margin(ax, t=bad)  # type: ignore[arg-type]
    finally:
        plt.close(fig)


def test_numeric_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match=r"TwoClass\.numeric"):
        two_class_losses().numeric("hinge")
