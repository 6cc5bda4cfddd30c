"""The wrong-model figures agree with independent evaluations and use the site's notation."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
import pytest

from derivations import cross_entropy, mse_on_softmax
from derivations.figures.wrong_model import (
    lse_path,
    plot_loss_vs_margin,
    plot_lse_sandwich,
    plot_slope_decay,
)
from derivations.notation import LABELS


@pytest.fixture
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


def _two_class(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Logits z = (0, t) and the true class first (label 0 in the kernels' 0-based labels)."""
    z = np.stack([np.zeros_like(t), t], axis=-1)
    return z, np.zeros(t.size, dtype=np.intp)


def _fd(loss, t: np.ndarray, h: float = 1e-5) -> np.ndarray:
    zp, lab = _two_class(t + h)
    zm, _ = _two_class(t - h)
    return (loss(zp, lab) - loss(zm, lab)) / (2 * h)


def test_sandwich_lines_match_mpmath_on_a_custom_path(ax) -> None:
    u = np.linspace(-8, 8, 33)
    start, direction = (1.0, -2.0, 0.5, 0.0), (0.5, 1.0, -1.0, 0.0)
    line, lower, upper, _ = plot_lse_sandwich(ax, u=u, start=start, direction=direction)
    z = np.asarray(start)[None, :] + u[:, None] * np.asarray(direction)[None, :]
    with mp.workdps(30):
        want = [float(mp.log(mp.fsum(mp.exp(mp.mpf(float(v))) for v in row))) for row in z]
    np.testing.assert_allclose(line.get_ydata(), want, rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(lower.get_ydata(), z.max(axis=1))
    np.testing.assert_allclose(upper.get_ydata(), z.max(axis=1) + np.log(4))
    y = np.asarray(line.get_ydata())
    assert np.all(lower.get_ydata() <= y)
    assert np.all(y <= upper.get_ydata())


def test_lse_path_rejects_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="lse_path"):
        lse_path([0.0], start=(0.0, 0.0), direction=(1.0, 0.0, 0.0))


def test_loss_curves_match_the_kernels(ax) -> None:
    t = np.linspace(-6, 12, 61)
    ce, mse, ref = plot_loss_vs_margin(ax, t=t)
    z, lab = _two_class(t)
    np.testing.assert_allclose(ce.get_ydata(), cross_entropy(z, lab), rtol=1e-12)
    np.testing.assert_allclose(mse.get_ydata(), mse_on_softmax(z, lab), rtol=1e-12)
    np.testing.assert_allclose(ref.get_ydata(), t)


def test_slope_curves_match_finite_differences_and_the_asymptote(ax) -> None:
    t = np.linspace(-4, 16, 81)
    ce, mse, asym = plot_slope_decay(ax, t=t)
    np.testing.assert_allclose(ce.get_ydata(), _fd(cross_entropy, t), atol=1e-8)
    np.testing.assert_allclose(mse.get_ydata(), _fd(mse_on_softmax, t), atol=1e-8)
    # The derived asymptote agrees with the kernel's slope far out, and not near t = 0.
    far = t >= 14
    fd_far = _fd(mse_on_softmax, t[far], h=1e-3)
    np.testing.assert_allclose(np.asarray(asym.get_ydata())[far], fd_far, rtol=5e-6)
    assert abs(asym.get_ydata()[t == 0][0] / mse.get_ydata()[t == 0][0] - 1) > 0.5


def test_labels_follow_the_notation(ax) -> None:
    plot_loss_vs_margin(ax)
    assert ax.get_xlabel() == LABELS["margin"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(LABELS["ce"] in text for text in legend)
    assert any(LABELS["mse"] in text for text in legend)
    ax.clear()
    plot_slope_decay(ax)
    assert ax.get_xlabel() == LABELS["margin"]
    # Each slope is named by its own loss: no curve of CE is labelled with L.
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == [LABELS["ce_slope"], LABELS["mse_slope"]]
    assert ax.get_ylabel() == LABELS["slope"]


@pytest.mark.parametrize("plot", [plot_loss_vs_margin, plot_slope_decay, plot_lse_sandwich])
def test_plots_reject_bad_grids(ax, plot) -> None:
    with pytest.raises(ValueError, match=plot.__name__):
        plot(ax, [0.0, np.inf])
