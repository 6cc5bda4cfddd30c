"""Figures of the page ``experiment``: learning curves of softmax regression on the digits.

The curves are the package's simulation (:func:`derivations.training.run_digits_experiment`),
whose gradient steps use the kernels :func:`derivations.cross_entropy_grad` and
:func:`derivations.mse_on_softmax_grad`. Nothing is recomputed here; the functions only draw.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from ..notation import LABELS
from ..training import DigitsExperiment, StartComparison
from .style import series_style

__all__ = ["plot_digits_accuracy", "plot_digits_loss"]

# Short legend entries (the captions say the squared error acts on the softmax), so that the
# legends fit where no curve passes, on a phone too.
_LABELS = {"cross_entropy": "cross-entropy", "mse_on_softmax": "squared error"}
_STYLES = {"cross_entropy": "cross_entropy", "mse_on_softmax": "mse"}
_STARTS = {
    "confidently_wrong": "confidently wrong start",
    "small_random": "control: small random start",
}


def _runs(comparison: StartComparison) -> tuple:
    return (comparison.cross_entropy, comparison.mse_on_softmax)


def plot_digits_accuracy(axes: Sequence[Axes], experiment: DigitsExperiment) -> list[Artist]:
    """Plot training accuracy per epoch for both losses: one panel per start.

    The first panel shows the confidently wrong start, the second the control (a small random
    start), each loss at its own chosen learning rate and in the same styles on both panels.
    The epoch axis is linear up to 1 and logarithmic beyond, so the first epochs, where the
    control runs learn, are as readable as the long plateau of the wrong start.

    Parameters
    ----------
    axes : sequence of two matplotlib.axes.Axes
        The two panels (e.g. from :func:`.style.stacked_panels` ``(2, sharex=True)``).
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
    ValueError
        If ``axes`` does not hold exactly two axes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from derivations.training import run_digits_experiment
    >>> exp = run_digits_experiment(epochs=3, learning_rates=[1.0])
    >>> fig, axes = plt.subplots(2, 1, sharex=True)
    >>> lines = plot_digits_accuracy(axes, exp)
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
    panels = list(np.ravel(axes))
    if len(panels) != 2:
        raise ValueError(f"plot_digits_accuracy: need two axes, got {len(panels)}")
    lines: list[Artist] = []
    for ax, comparison in zip(
        panels, (experiment.confidently_wrong, experiment.small_random), strict=True
    ):
        for run in _runs(comparison):
            style = series_style(_STYLES[run.loss_name])
            (line,) = ax.plot(run.epoch, run.train_accuracy, label=_LABELS[run.loss_name], **style)
            lines.append(line)
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_xlim(0, comparison.cross_entropy.epoch[-1])
        # Epochs are whole numbers: 0, 1, 10, 100 rather than 10^0, 10^1, 10^2.
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        ax.set_ylim(0.0, 1.02)
        ax.set_title(_STARTS[comparison.start], loc="left", fontsize="medium")
        ax.set_ylabel(LABELS["train_accuracy"])
    panels[-1].set_xlabel(LABELS["epoch"])
    # Both panels draw the losses alike; the control's lower right is empty.
    panels[1].legend(loc="lower right")
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
        label = f"{_LABELS[run.loss_name]}, $\\eta = {run.learning_rate:g}$"
        (line,) = ax.plot(run.epoch, relative, label=label, **series_style(_STYLES[run.loss_name]))
        lines.append(line)
    ax.set_yscale("log")
    ax.set_xlabel(LABELS["epoch"])
    ax.set_ylabel("training loss / loss at the start")
    # Upper right: by then both curves are below a third of their start.
    ax.legend(loc="upper right")
    return lines
