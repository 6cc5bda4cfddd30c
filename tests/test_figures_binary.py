"""The binary page's figure plots Nielsen's four runs, checked against a hand-written neuron.

The independent reference trains ``a = sigmoid(w + b)`` (input 1, target 0) with the textbook
gradients written out by hand: ``(a - y) a (1 - a)`` for the quadratic cost ``(a - y)^2 / 2`` and
``a - y`` for binary cross-entropy (Nielsen, ch. 3, eqs. 55-56 and 61-62).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy.special import expit

from derivations.figures.binary import plot_nielsen_slowdown
from derivations.notation import LABELS
from derivations.training import nielsen_slowdown


def _costs(w: float, b: float, cost: str, eta: float, epochs: int) -> np.ndarray:
    out = np.empty(epochs + 1)
    for e in range(epochs + 1):
        a = expit(w + b)
        if cost == "quadratic":
            out[e], delta = 0.5 * a**2, a * a * (1 - a)
        else:
            out[e], delta = -np.log1p(-a), a
        w, b = w - eta * delta, b - eta * delta
    return out


def test_plotted_costs_match_a_hand_written_neuron() -> None:
    res = nielsen_slowdown()
    fig, ax = plt.subplots()
    try:
        lines = plot_nielsen_slowdown(ax, res)
        assert len(lines) == 4
        for line, run in zip(lines, res.runs, strict=True):
            want = _costs(*run.start, run.cost_name, 0.15, 300)
            np.testing.assert_allclose(line.get_ydata(), want, rtol=1e-10)
            np.testing.assert_array_equal(line.get_xdata(), np.arange(301))
        assert ax.get_yscale() == "log"
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert len(set(labels)) == 4
        # Each curve names its own cost, in the site's notation.
        for label, run in zip(labels, res.runs, strict=True):
            key = "quadratic_cost" if run.cost_name == "quadratic" else "sigmoid_ce"
            assert label.startswith(LABELS[key]), label
        assert ax.get_ylabel() == LABELS["cost"]
    finally:
        plt.close(fig)


def test_rejects_a_wrong_argument() -> None:
    fig, ax = plt.subplots()
    try:
        with pytest.raises(TypeError, match="plot_nielsen_slowdown"):
            plot_nielsen_slowdown(ax, result="runs")  # type: ignore[arg-type]
    finally:
        plt.close(fig)
