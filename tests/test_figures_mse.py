"""The MSE page's figure plots the descent it claims to, checked by an independent recursion.

For two classes with logits ``(z_1, z_2)`` and true class 1 both losses depend only on the margin
``t = z_2 - z_1`` (positive while the model is wrong), and one gradient step on the logits moves
the margin by ``eta`` times the sum of the two gradient components' magnitudes. Written by hand
from ``sigma = scipy.special.expit``: cross-entropy lowers ``t`` by ``2 eta sigma(t)``;
``sigma(t)^2`` (which equals ``1/2 ||s - y||^2`` here) lowers it by
``4 eta sigma(t)^2 (1 - sigma(t))``.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy.special import expit

from derivations.figures.mse import plot_wrong_start_margins
from derivations.notation import LABELS
from derivations.training import wrong_start_trajectories


def _margins(t0: float, eta: float, steps: int, loss: str) -> np.ndarray:
    out = np.empty(steps + 1)
    t = t0
    for k in range(steps + 1):
        out[k] = t
        sig = expit(t)
        t -= 2 * eta * sig if loss == "ce" else 4 * eta * sig**2 * (1 - sig)
    return out


@pytest.mark.parametrize(("t0", "eta"), [(8.0, 1.0), (5.0, 0.5)])
def test_plotted_margins_follow_the_hand_written_recursion(t0: float, eta: float) -> None:
    cmp = wrong_start_trajectories(margin=t0, learning_rate=eta, steps=400)
    fig, ax = plt.subplots()
    try:
        artists = plot_wrong_start_margins(ax, cmp)
        ce, mse = artists[0], artists[1]
        np.testing.assert_allclose(ce.get_ydata(), _margins(t0, eta, 400, "ce"), atol=1e-9)
        np.testing.assert_allclose(mse.get_ydata(), _margins(t0, eta, 400, "mse"), atol=1e-9)
        np.testing.assert_array_equal(ce.get_xdata(), np.arange(401))
        assert ax.get_ylabel() == LABELS["margin"]
    finally:
        plt.close(fig)


def test_markers_sit_at_the_first_right_step() -> None:
    cmp = wrong_start_trajectories(margin=8.0, steps=1000)
    fig, ax = plt.subplots()
    try:
        artists = plot_wrong_start_margins(ax, cmp)
        markers = artists[3:]
        assert len(markers) == 2  # both runs become right within 1000 steps
        for marker, run in zip(markers, (cmp.cross_entropy, cmp.mse_on_softmax), strict=True):
            (k,) = marker.get_xdata()
            (t,) = marker.get_ydata()
            assert t == run.margin[k]
            assert t < 0 <= run.margin[k - 1]  # the first step at which the model is right
    finally:
        plt.close(fig)


def test_rejects_a_wrong_argument() -> None:
    fig, ax = plt.subplots()
    try:
        with pytest.raises(TypeError, match="plot_wrong_start_margins"):
            plot_wrong_start_margins(ax, comparison=[1, 2])  # type: ignore[arg-type]
    finally:
        plt.close(fig)
