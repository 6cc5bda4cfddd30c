"""The Gumbel-max figure: its curves are the derived probabilities, its markers the simulation."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from derivations import softmax
from derivations.figures.exponential import DEFAULT_OTHERS, plot_gumbel_race, win_probabilities
from derivations.kernels.gumbel import binomial_standard_error
from derivations.notation import LABELS


def test_win_probabilities_equal_the_softmax_kernel() -> None:
    z1 = np.linspace(-5, 5, 41)
    got = win_probabilities(z1)
    logits = np.column_stack([z1, np.broadcast_to(DEFAULT_OTHERS, (z1.size, 2))])
    np.testing.assert_allclose(got, softmax(logits), rtol=1e-12)


def test_curves_and_markers() -> None:
    fig, ax = plt.subplots()
    samples = 4000
    artists = plot_gumbel_race(ax, marks=5, samples=samples, seed=1)
    curves, markers = artists[:3], artists[3:]
    grid = curves[0].get_xdata()
    np.testing.assert_allclose(
        np.column_stack([c.get_ydata() for c in curves]), win_probabilities(grid), rtol=1e-12
    )
    at = markers[0].get_xdata()
    expected = win_probabilities(at)
    observed = np.column_stack([m.get_ydata() for m in markers])
    np.testing.assert_allclose(observed.sum(axis=1), 1.0)
    assert np.all(np.abs(observed - expected) <= 4 * binomial_standard_error(expected, samples))
    assert ax.get_xlabel() == LABELS["logit_1"]
    assert ax.get_ylabel() == LABELS["probability"]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["$s_1$", "$s_2$", "$s_3$", "simulated wins"]
    plt.close(fig)


def test_the_caption_number_of_draws_is_the_default() -> None:
    import inspect

    from helpers import ROOT

    default = inspect.signature(plot_gumbel_race).parameters["samples"].default
    page = (ROOT / "docs" / "exponential.md").read_text()
    assert f"{default:,}".replace(",", " ") in page


def test_bad_input_is_rejected() -> None:
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="plot_gumbel_race"):
        plot_gumbel_race(ax, z1=[0.0])
    with pytest.raises(ValueError, match="plot_gumbel_race"):
        plot_gumbel_race(ax, marks=1)
    with pytest.raises(ValueError, match="plot_gumbel_race"):
        plot_gumbel_race(ax, others=(0.0, 1.0, 2.0))
    with pytest.raises(ValueError, match="win_probabilities"):
        win_probabilities([0.0], others=[])
    with pytest.raises(ValueError, match="win_probabilities"):
        win_probabilities([np.inf])
    plt.close(fig)
