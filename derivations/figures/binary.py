"""Figure of the page ``binary``: Nielsen's learning slowdown, cost against epoch.

The runs are the package's simulation (:func:`derivations.training.nielsen_slowdown`): one
sigmoid neuron, input 1, target 0, learning rate 0.15, from two starts and under two costs.
Each curve is labelled with its own cost, in the site's notation
(:data:`derivations.notation.LABELS`).
"""

from __future__ import annotations

from matplotlib.artist import Artist
from matplotlib.axes import Axes

from ..notation import LABELS
from ..training import NielsenSlowdown, nielsen_slowdown
from .style import series_style

__all__ = ["plot_nielsen_slowdown"]

_COST_LABELS = {"quadratic": LABELS["quadratic_cost"], "cross_entropy": LABELS["sigmoid_ce"]}
_COST_STYLES = {"quadratic": "mse", "cross_entropy": "cross_entropy"}
# The second start (the saturated one) is drawn thicker, so the two starts of one cost differ
# without a new colour: colour says the cost, width says the start.
_WIDTHS = (1.2, 2.6)


def plot_nielsen_slowdown(ax: Axes, result: NielsenSlowdown | None = None) -> list[Artist]:
    r"""Plot the cost against the epoch for each run of Nielsen's example (log cost axis).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    result : NielsenSlowdown, optional
        The runs; by default :func:`~derivations.training.nielsen_slowdown` with Nielsen's
        learning rate 0.15 for both costs and 300 epochs.

    Returns
    -------
    list of matplotlib.artist.Artist
        One line per run, in the order of ``result.runs``.

    Raises
    ------
    TypeError
        If ``result`` is not a :class:`~derivations.training.NielsenSlowdown`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from derivations.training import nielsen_slowdown
    >>> res = nielsen_slowdown(epochs=50)
    >>> fig, ax = plt.subplots()
    >>> lines = plot_nielsen_slowdown(ax, res)
    >>> len(lines)
    4
    >>> bool((lines[1].get_ydata() == res.runs[1].cost).all())
    True
    >>> plt.close(fig)
    """
    if result is None:
        result = nielsen_slowdown()
    if not isinstance(result, NielsenSlowdown):
        raise TypeError(
            f"plot_nielsen_slowdown: result must be a NielsenSlowdown, got {type(result).__name__}"
        )
    starts = list(dict.fromkeys(run.start for run in result.runs))
    lines: list[Artist] = []
    for run in result.runs:
        width = _WIDTHS[starts.index(run.start) % len(_WIDTHS)]
        w0, b0 = run.start
        label = f"{_COST_LABELS[run.cost_name]}, $(w, b) = ({w0:g}, {b0:g})$"
        style = series_style(_COST_STYLES[run.cost_name])
        (line,) = ax.plot(run.epoch, run.cost, label=label, linewidth=width, **style)
        lines.append(line)
    ax.set_yscale("log")
    ax.set_xlabel(LABELS["epoch"])
    ax.set_ylabel(LABELS["cost"])
    # Below the axes: inside, every corner is crossed by a curve.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
    return lines
