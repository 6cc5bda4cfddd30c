"""The MSE page's figure plots the descent it claims to, checked by an independent recursion.

For two classes with logits ``(z_0, z_1)`` and true class 0 both losses depend only on the margin
``d = z_0 - z_1``, and one gradient step on the logits moves the margin by ``eta`` times the sum
of the two gradient components' magnitudes. Written by hand from ``sigma = scipy.special.expit``:
cross-entropy moves ``d`` by ``2 eta (1 - sigma(d))``; ``(1 - sigma(d))^2`` (which equals
``1/2 ||s - y||^2`` here) moves it by ``4 eta sigma(d) (1 - sigma(d))^2``.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy.special import expit

from derivations.figures.mse import plot_wrong_start_margins
from derivations.training import wrong_start_trajectories


def _margins(d0: float, eta: float, steps: int, loss: str) -> np.ndarray:
    out = np.empty(steps + 1)
    d = d0
    for k in range(steps + 1):
        out[k] = d
        sig = expit(d)
        d += 2 * eta * (1 - sig) if loss == "ce" else 4 * eta * sig * (1 - sig) ** 2
    return out


@pytest.mark.parametrize(("d0", "eta"), [(-8.0, 1.0), (-5.0, 0.5)])
def test_plotted_margins_follow_the_hand_written_recursion(d0: float, eta: float) -> None:
    cmp = wrong_start_trajectories(margin=d0, learning_rate=eta, steps=400)
    fig, ax = plt.subplots()
    try:
        artists = plot_wrong_start_margins(ax, cmp)
        ce, mse = artists[0], artists[1]
        np.testing.assert_allclose(ce.get_ydata(), _margins(d0, eta, 400, "ce"), atol=1e-9)
        np.testing.assert_allclose(mse.get_ydata(), _margins(d0, eta, 400, "mse"), atol=1e-9)
        np.testing.assert_array_equal(ce.get_xdata(), np.arange(401))
    finally:
        plt.close(fig)


def test_markers_sit_at_the_first_right_step() -> None:
    cmp = wrong_start_trajectories(margin=-8.0, steps=1000)
    fig, ax = plt.subplots()
    try:
        artists = plot_wrong_start_margins(ax, cmp)
        markers = artists[3:]
        assert len(markers) == 2  # both runs become right within 1000 steps
        for marker, run in zip(markers, (cmp.cross_entropy, cmp.mse_on_softmax), strict=True):
            (k,) = marker.get_xdata()
            assert run.margin[k] > 0 >= run.margin[k - 1]
    finally:
        plt.close(fig)


def test_rejects_a_wrong_argument() -> None:
    fig, ax = plt.subplots()
    try:
        with pytest.raises(TypeError, match="plot_wrong_start_margins"):
            plot_wrong_start_margins(ax, comparison=[1, 2])  # type: ignore[arg-type]
    finally:
        plt.close(fig)
