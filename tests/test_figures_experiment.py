"""The experiment figures draw the simulation's curves; their starting points are hand-checked."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from derivations.figures.experiment import plot_digits_accuracy, plot_digits_loss
from derivations.figures.style import stacked_panels
from derivations.notation import LABELS
from derivations.training import DEFAULT_WRONG_SCALE, load_digits_split, run_digits_experiment


@pytest.fixture(scope="module")
def small():
    return run_digits_experiment(epochs=15, learning_rates=[0.1, 1.0])


def test_accuracy_lines_are_the_runs(small) -> None:
    fig, axes = stacked_panels(2, sharex=True)
    lines = plot_digits_accuracy(axes, small)
    runs = [
        small.confidently_wrong.cross_entropy,
        small.confidently_wrong.mse_on_softmax,
        small.small_random.cross_entropy,
        small.small_random.mse_on_softmax,
    ]
    for line, run in zip(lines, runs, strict=True):
        np.testing.assert_array_equal(line.get_xdata(), np.arange(16))
        np.testing.assert_array_equal(line.get_ydata(), run.train_accuracy)
    # One panel per start, the control on its own (not faint lines crowded into the first one).
    assert [line.axes for line in lines] == [axes[0], axes[0], axes[1], axes[1]]
    for ax in axes:
        assert ax.get_xscale() == "symlog"
    assert axes[-1].get_xlabel() == LABELS["epoch"]
    assert all(line.get_alpha() in (None, 1.0) for line in lines)
    assert "control" in axes[1].get_title(loc="left")
    plt.close(fig)


def test_wrong_start_accuracy_is_the_share_of_zeros(small) -> None:
    # Independently of the model code: the start calls every image a 0.
    y = load_digits_split().y_train
    fig, axes = plt.subplots(1, 2)
    lines = plot_digits_accuracy(axes, small)
    assert lines[0].get_ydata()[0] == pytest.approx(np.mean(y == 0))
    assert lines[1].get_ydata()[0] == pytest.approx(np.mean(y == 0))
    plt.close(fig)


def test_loss_lines_are_relative_to_the_hand_computed_start(small) -> None:
    cmp = small.confidently_wrong
    y = load_digits_split().y_train
    c, share0 = DEFAULT_WRONG_SCALE, np.mean(y == 0)
    # Cross-entropy at the start: log(e^c + 9) - c for the zeros, log(e^c + 9) for the rest.
    ce0 = math.log(math.exp(c) + 9) - c * share0
    # Squared error at the start, with p = e^c / (e^c + 9), q = 1 / (e^c + 9).
    p, q = math.exp(c) / (math.exp(c) + 9), 1 / (math.exp(c) + 9)
    right = 0.5 * ((1 - p) ** 2 + 9 * q**2)
    wrong = 0.5 * (p**2 + (1 - q) ** 2 + 8 * q**2)
    mse0 = share0 * right + (1 - share0) * wrong
    assert cmp.cross_entropy.train_loss[0] == pytest.approx(ce0, rel=1e-12)
    assert cmp.mse_on_softmax.train_loss[0] == pytest.approx(mse0, rel=1e-12)
    fig, ax = plt.subplots()
    ce_line, mse_line = plot_digits_loss(ax, cmp)
    np.testing.assert_allclose(ce_line.get_ydata(), cmp.cross_entropy.train_loss / ce0, rtol=1e-12)
    np.testing.assert_allclose(
        mse_line.get_ydata(), cmp.mse_on_softmax.train_loss / mse0, rtol=1e-12
    )
    assert ax.get_yscale() == "log"
    plt.close(fig)


def test_bad_input_is_rejected(small) -> None:
    fig, ax = plt.subplots()
    with pytest.raises(TypeError, match="plot_digits_accuracy"):
        plot_digits_accuracy([ax, ax], small.confidently_wrong)
    with pytest.raises(ValueError, match="plot_digits_accuracy"):
        plot_digits_accuracy([ax], small)
    with pytest.raises(TypeError, match="plot_digits_loss"):
        plot_digits_loss(ax, small)
    plt.close(fig)
