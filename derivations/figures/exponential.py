r"""Figure of the page ``exponential``: the Gumbel-max race against the softmax.

The curves are the result of the derivation
:func:`derivations.symbolic.exponential.gumbel_general` (the probability that class :math:`i`
wins when standard Gumbel noise is added to every logit), written for three classes and
lambdified; the markers are the winning frequencies of a seeded simulation
(:func:`derivations.kernels.gumbel.gumbel_max_frequencies`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from numpy.typing import ArrayLike

from ..kernels.gumbel import gumbel_max_frequencies
from ..notation import LABELS
from ..symbolic import exponential as ex
from ..symbolic.rewrite import concretize
from ..symbolic.symbols import general_symbols, logit_symbols
from .style import EXTRA_COLORS

__all__ = ["DEFAULT_OTHERS", "plot_gumbel_race", "win_probabilities"]

#: The logits of classes 2 and 3 while :math:`z_1` varies.
DEFAULT_OTHERS = (0.0, -1.0)
_STYLES = (
    {"color": EXTRA_COLORS[0], "linestyle": "-", "marker": "o"},
    {"color": EXTRA_COLORS[1], "linestyle": "--", "marker": "s"},
    {"color": EXTRA_COLORS[2], "linestyle": "-.", "marker": "^"},
)


def win_probabilities(z1: ArrayLike, others: Sequence[float] = DEFAULT_OTHERS) -> np.ndarray:
    r"""Evaluate the derived winning probabilities for :math:`z = (z_1, \text{others})`.

    Parameters
    ----------
    z1 : array_like
        Values of the first logit.
    others : sequence of float
        The other logits (at least one, finite).

    Returns
    -------
    numpy.ndarray
        Shape ``(len(z1), n)``: the probability that each class wins, from the derived
        expression of :func:`~derivations.symbolic.exponential.gumbel_general`.

    Raises
    ------
    ValueError
        For non-finite input or no other logit.

    Examples
    --------
    >>> win_probabilities([0.0], others=[0.0]).round(3)
    array([[0.5, 0.5]])
    """
    rest = np.asarray(others, dtype=np.float64)
    grid = np.atleast_1d(np.asarray(z1, dtype=np.float64))
    if rest.ndim != 1 or rest.size < 1 or not np.all(np.isfinite(rest)):
        raise ValueError("win_probabilities: others must be a 1-d array of finite logits")
    if grid.ndim != 1 or not np.all(np.isfinite(grid)):
        raise ValueError("win_probabilities: z1 must be finite")
    g = general_symbols()
    count = rest.size + 1
    zs = logit_symbols(count)
    derived = ex.gumbel_general().result.doit()
    values = {t: sp.Float(float(v)) for t, v in zip(zs[1:], rest, strict=True)}
    columns = []
    for a in ex.classes(count):
        expr = concretize(derived, count, {g.i: a}, {g.z: zs}).xreplace(values)
        f = sp.lambdify(zs[0], expr, modules="numpy")
        columns.append(np.broadcast_to(f(grid), grid.shape))
    return np.stack(columns, axis=-1)


def plot_gumbel_race(
    ax: Axes,
    others: Sequence[float] = DEFAULT_OTHERS,
    z1: ArrayLike | None = None,
    marks: int = 13,
    samples: int = 20_000,
    seed: int = 2014,
) -> list[Artist]:
    r"""Plot the derived winning probabilities against :math:`z_1`, with simulated frequencies.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    others : sequence of float, optional
        The logits of the other classes.
    z1 : array_like, optional
        Where to draw the curves; by default 301 points from -4 to 4.
    marks : int, optional
        Number of simulated points, evenly spread over the range of ``z1``.
    samples : int, optional
        Draws per simulated point.
    seed : int, optional
        Seed of the simulation (the same at every point).

    Returns
    -------
    list of matplotlib.artist.Artist
        One curve per class, then one set of markers per class.

    Raises
    ------
    ValueError
        For a grid of fewer than two finite points, or fewer than two simulated points.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> artists = plot_gumbel_race(ax, marks=3, samples=1000)
    >>> len(artists)
    6
    >>> plt.close(fig)
    """
    grid = np.linspace(-4.0, 4.0, 301) if z1 is None else np.asarray(z1, dtype=np.float64)
    if grid.ndim != 1 or grid.size < 2 or not np.all(np.isfinite(grid)):
        raise ValueError("plot_gumbel_race: z1 must be a finite 1-d grid of at least 2 points")
    if isinstance(marks, bool) or not isinstance(marks, int) or marks < 2:
        raise ValueError(f"plot_gumbel_race: marks must be an int >= 2, got {marks!r}")
    if len(others) + 1 > len(_STYLES):
        raise ValueError(f"plot_gumbel_race: at most {len(_STYLES)} classes")
    curves = win_probabilities(grid, others)
    at = np.linspace(grid.min(), grid.max(), marks)
    rest = list(others)
    simulated = np.array([gumbel_max_frequencies([t, *rest], samples, seed) for t in at])
    artists: list[Artist] = []
    for a, style in enumerate(_STYLES[: curves.shape[1]]):
        line_style = {k: v for k, v in style.items() if k != "marker"}
        (line,) = ax.plot(grid, curves[:, a], label=f"$s_{a + 1}$", **line_style)
        artists.append(line)
    for a, style in enumerate(_STYLES[: curves.shape[1]]):
        (dots,) = ax.plot(
            at, simulated[:, a], linestyle="none", marker=style["marker"], color=style["color"],
            markersize=5, markerfacecolor="none", markeredgewidth=1.3,
        )  # fmt: skip
        artists.append(dots)
    handles = [*artists[: curves.shape[1]]]
    handles.append(
        Line2D([], [], linestyle="none", marker="o", color="#555555", markerfacecolor="none",
               label="simulated wins")
    )  # fmt: skip
    ax.set_xlabel(LABELS["logit_1"])
    ax.set_ylabel(LABELS["probability"])
    ax.set_ylim(-0.02, 1.12)
    # Inside the axes, above the curves on the left: a legend beside the plot would shrink
    # the whole figure on a phone.
    ax.legend(handles=handles, loc="upper left", ncols=2, borderaxespad=0.2)
    return artists
