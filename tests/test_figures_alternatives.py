"""The alternatives figures: plotted slopes are the kernels' slopes; styles tell mappings apart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

import derivations
from derivations.figures.alternatives import (
    MAPPING_LABELS,
    mapping_style,
    plot_alternatives_accuracy,
    plot_wrong_start_slopes,
    wrong_start_slopes,
)
from derivations.notation import LABELS
from derivations.training.alternatives_experiment import (
    JITTERED,
    MAPPINGS,
    run_alternatives_experiment,
)


def _loss(mapping: str, t: np.ndarray) -> np.ndarray:
    z = np.zeros((t.size, 2))
    z[:, 1] = t
    labels = np.zeros(t.size, dtype=np.intp)
    if mapping == "sparsemax":
        return derivations.sparsemax_loss(z, labels)
    return derivations.nll(z, labels, mapping)


@pytest.mark.parametrize("mapping", MAPPINGS)
def test_plotted_slopes_are_central_differences_of_the_kernels(mapping: str) -> None:
    t = np.array([0.15, 0.5, 2.0, 7.0, 30.0, 250.0])
    fig, ax = plt.subplots()
    try:
        lines = plot_wrong_start_slopes(ax, t)
    finally:
        plt.close(fig)
    plotted = np.asarray(lines[MAPPINGS.index(mapping)].get_ydata())
    h = 1e-6
    want = (_loss(mapping, t + h) - _loss(mapping, t - h)) / (2 * h)
    np.testing.assert_allclose(plotted, want, rtol=1e-6, atol=1e-9)


def test_the_figure_shows_what_the_caption_says() -> None:
    slopes = wrong_start_slopes([100.0, 250.0])
    for name in ("softmax", "sparsemax"):
        assert slopes[name][-1] > 0.99
    for name, c in (("softplus", 1), ("relu", 1), ("spherical", 2), ("taylor", 2)):
        assert slopes[name][-1] * 250 == pytest.approx(c, rel=0.02)


def test_every_mapping_looks_different_in_colour_and_in_greyscale() -> None:
    styles = [mapping_style(m) for m in MAPPINGS]
    assert len({str(s["linestyle"]) for s in styles}) == len(MAPPINGS)
    assert len({s["color"] for s in styles}) == len(MAPPINGS)
    # No yellow: too light on a white page.
    assert all(min(to_rgb(s["color"])) < 0.5 or max(to_rgb(s["color"])) < 0.9 for s in styles)


def test_labels_follow_the_notation() -> None:
    fig, ax = plt.subplots()
    try:
        lines = plot_wrong_start_slopes(ax)
        assert ax.get_xlabel().startswith(LABELS["margin"])
        assert ax.get_ylabel().startswith(LABELS["slope"])
        assert [line.get_label() for line in lines] == [MAPPING_LABELS[m] for m in MAPPINGS]
    finally:
        plt.close(fig)


def test_the_learning_curves_are_the_runs() -> None:
    exp = run_alternatives_experiment(epochs=3, learning_rates=(1.0,))
    fig, ax = plt.subplots()
    try:
        lines = plot_alternatives_accuracy(ax, exp)
        assert ax.get_xlabel() == LABELS["epoch"]
    finally:
        plt.close(fig)
    assert len(lines) == len(MAPPINGS) + len(exp.stuck)
    for line, mapping in zip(lines, MAPPINGS, strict=False):
        np.testing.assert_array_equal(
            line.get_ydata(), exp.run("confidently_wrong", mapping).train_accuracy
        )
    for line, mapping in zip(lines[len(MAPPINGS) :], exp.stuck, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), exp.run(JITTERED, mapping).train_accuracy)


@pytest.mark.parametrize("bad", [[1.0], [0.0, 1.0], [1.0, np.nan], [1.0, 1e4], np.ones((2, 2))])
def test_bad_grids_are_rejected(bad: object) -> None:
    with pytest.raises(ValueError, match="wrong_start_slopes"):
        wrong_start_slopes(bad)  # type: ignore[arg-type]


def test_bad_arguments_are_rejected() -> None:
    fig, ax = plt.subplots()
    try:
        with pytest.raises(TypeError, match="plot_alternatives_accuracy"):
            plot_alternatives_accuracy(ax, object())  # type: ignore[arg-type]
        exp = run_alternatives_experiment(epochs=1, learning_rates=(1.0,))
        with pytest.raises(ValueError, match="unknown start"):
            plot_alternatives_accuracy(ax, exp, "warm")
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="mapping_style"):
        mapping_style("hinge")
    with pytest.raises(ValueError, match="eps"):
        wrong_start_slopes(eps=0.0)
