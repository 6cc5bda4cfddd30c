r"""Figure of the page ``mse``: gradient descent on the logits from a confidently wrong start.

The trajectories are the package's simulation
(:func:`derivations.training.wrong_start_trajectories`), whose steps are the package kernels
:func:`derivations.cross_entropy_grad` and :func:`derivations.mse_on_softmax_grad`. The figure
shows their margin :math:`t = \max_{j \ne k} z_j - z_k` (positive while the model is wrong).
"""

from __future__ import annotations

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from ..notation import LABELS
from ..training import TrajectoryComparison, wrong_start_trajectories
from .style import series_style

__all__ = ["plot_wrong_start_margins"]

# Short legend entries (the caption says both act on the softmax), so the legend fits between
# the curves on a phone.
_LABELS = {
    "cross_entropy": f"cross-entropy {LABELS['ce']}",
    "mse_on_softmax": f"squared error {LABELS['mse']}",
}


def plot_wrong_start_margins(
    ax: Axes, comparison: TrajectoryComparison | None = None
) -> list[Artist]:
    r"""Plot the margin :math:`t = \max_{j \ne k} z_j - z_k` against the gradient step.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    comparison : TrajectoryComparison, optional
        Both runs from the same start; by default
        :func:`~derivations.training.wrong_start_trajectories` with its defaults (two classes,
        starting margin :math:`t = 8`, learning rate 1, 1000 steps).

    Returns
    -------
    list of matplotlib.artist.Artist
        The cross-entropy line, the squared-error line, the zero-margin reference line, and one
        marker per run that became right (at its first step with a negative margin :math:`t`),
        in that order.

    Raises
    ------
    TypeError
        If ``comparison`` is not a :class:`~derivations.training.TrajectoryComparison`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from derivations.training import wrong_start_trajectories
    >>> cmp = wrong_start_trajectories(steps=200)
    >>> fig, ax = plt.subplots()
    >>> artists = plot_wrong_start_margins(ax, cmp)
    >>> len(artists)  # two lines, the reference, one marker (MSE is still wrong at step 200)
    4
    >>> bool((artists[1].get_ydata() == cmp.mse_on_softmax.margin).all())
    True
    >>> plt.close(fig)
    """
    if comparison is None:
        comparison = wrong_start_trajectories()
    if not isinstance(comparison, TrajectoryComparison):
        raise TypeError(
            "plot_wrong_start_margins: comparison must be a TrajectoryComparison, "
            f"got {type(comparison).__name__}"
        )
    runs = (
        (comparison.cross_entropy, "cross_entropy"),
        (comparison.mse_on_softmax, "mse"),
    )
    lines: list[Artist] = []
    for run, style in runs:
        (line,) = ax.plot(run.step, run.margin, label=_LABELS[run.loss_name], **series_style(style))
        lines.append(line)
    lines.append(ax.axhline(0.0, **series_style("reference")))
    for run, style in runs:
        if run.steps_to_correct is not None:
            k = run.steps_to_correct
            color = series_style(style)["color"]
            (marker,) = ax.plot([k], [run.margin[k]], "o", color=color, markersize=6)
            lines.append(marker)
    ax.set_xlabel("gradient step")
    ax.set_ylabel(LABELS["margin"])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    # Between the two curves, left of the turn, where neither passes.
    ax.legend(
        loc="center left",
        bbox_to_anchor=(0.08, 0.6),
        frameon=True,
        framealpha=0.9,
        edgecolor="none",
    )
    return lines
