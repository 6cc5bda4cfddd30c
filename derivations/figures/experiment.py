"""Figures of the page ``experiment``: learning curves of softmax regression on the digits.

The curves are the package's simulation (:func:`derivations.training.run_digits_experiment`),
whose gradient steps use the kernels :func:`derivations.cross_entropy_grad` and
:func:`derivations.mse_on_softmax_grad`. Nothing is recomputed here; the functions only draw.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from ..training import DigitsExperiment, StartComparison
from .style import series_style

__all__ = ["plot_digits_accuracy", "plot_digits_loss"]

_LABELS = {"cross_entropy": "cross-entropy", "mse_on_softmax": "squared error on softmax"}
_STYLES = {"cross_entropy": "cross_entropy", "mse_on_softmax": "mse"}
_STARTS = {"confidently_wrong": "confidently wrong start", "small_random": "small random start"}


def _runs(comparison: StartComparison) -> tuple:
    return (comparison.cross_entropy, comparison.mse_on_softmax)


def plot_digits_accuracy(ax: Axes, experiment: DigitsExperiment) -> list[Artist]:
    """Plot training accuracy per epoch for both losses, from both starts.

    Each loss is drawn at its own chosen learning rate. The confidently wrong start is drawn
    in full; the small random start, the control, in thin translucent lines of the same style.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    experiment : DigitsExperiment
        The result of :func:`derivations.training.run_digits_experiment`.

    Returns
    -------
    list of matplotlib.artist.Artist
        Four lines: cross-entropy and squared error from the confidently wrong start, then the
        same two from the small random start.

    Raises
    ------
    TypeError
        If ``experiment`` is not a :class:`~derivations.training.DigitsExperiment`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from derivations.training import run_digits_experiment
    >>> exp = run_digits_experiment(epochs=3, learning_rates=[1.0])
    >>> fig, ax = plt.subplots()
    >>> lines = plot_digits_accuracy(ax, exp)
    >>> len(lines)
    4
    >>> bool((lines[1].get_ydata() == exp.confidently_wrong.mse_on_softmax.train_accuracy).all())
    True
    >>> plt.close(fig)
    """
    if not isinstance(experiment, DigitsExperiment):
        raise TypeError(
            "plot_digits_accuracy: experiment must be a DigitsExperiment, "
            f"got {type(experiment).__name__}"
        )
    lines: list[Artist] = []
    for comparison, extra in (
        (experiment.confidently_wrong, {}),
        (experiment.small_random, {"linewidth": 1.0, "alpha": 0.5}),
    ):
        for run in _runs(comparison):
            label = f"{_LABELS[run.loss_name]}, {_STARTS[comparison.start]}"
            style = {**series_style(_STYLES[run.loss_name]), **extra}
            (line,) = ax.plot(run.epoch, run.train_accuracy, label=label, **style)
            lines.append(line)
    ax.set_xlabel("epoch")
    ax.set_ylabel("training accuracy")
    ax.set_ylim(0.0, 1.02)
    ax.legend(loc="lower right", fontsize="small")
    return lines


def plot_digits_loss(ax: Axes, comparison: StartComparison) -> list[Artist]:
    """Plot each loss per epoch, divided by its value at the start, on a log scale.

    The two losses have different units (a log-likelihood and a squared distance), so each is
    shown relative to where it started: the curve says how much of its starting value is left.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    comparison : StartComparison
        Both runs from one start, e.g. ``run_digits_experiment().confidently_wrong``.

    Returns
    -------
    list of matplotlib.artist.Artist
        The cross-entropy line and the squared-error line.

    Raises
    ------
    TypeError
        If ``comparison`` is not a :class:`~derivations.training.StartComparison`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from derivations.training import run_digits_experiment
    >>> cmp = run_digits_experiment(epochs=3, learning_rates=[1.0]).confidently_wrong
    >>> fig, ax = plt.subplots()
    >>> lines = plot_digits_loss(ax, cmp)
    >>> float(lines[0].get_ydata()[0])  # every curve starts at 1
    1.0
    >>> plt.close(fig)
    """
    if not isinstance(comparison, StartComparison):
        raise TypeError(
            "plot_digits_loss: comparison must be a StartComparison, "
            f"got {type(comparison).__name__}"
        )
    lines: list[Artist] = []
    for run in _runs(comparison):
        relative = np.asarray(run.train_loss) / run.train_loss[0]
        label = f"{_LABELS[run.loss_name]} (learning rate {run.learning_rate:g})"
        (line,) = ax.plot(run.epoch, relative, label=label, **series_style(_STYLES[run.loss_name]))
        lines.append(line)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss / loss at the start")
    ax.legend(loc="lower left", fontsize="small")
    return lines
