r"""Figure of the page ``curvature``: both losses' second derivatives along the margin.

The path is :math:`z = (0, t, \dots, t)` with the true class first, so :math:`t` is the margin
(positive when the model is wrong). The curves are the derived second derivatives
(:func:`~derivations.symbolic.curvature.margin_second_derivative` and
:func:`~derivations.symbolic.curvature.ce_second_derivative`) with :math:`n` put in,
lambdified; the marked sign changes are the derived thresholds
:math:`t^* = \log\bigl(2/(n - 1)\bigr)`, where the true class has probability :math:`1/3`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..notation import LABELS
from ..symbolic import curvature as cv
from ..symbolic.symbols import general_symbols
from .style import series_style

__all__ = ["DEFAULT_NS", "plot_margin_curvature", "threshold"]

#: Numbers of classes drawn by default: two, three (threshold at t = 0), and ten.
DEFAULT_NS = (2, 3, 10)
_COLORS = ("#CC79A7", "#E69F00", "#56B4E9", "#000000")


def threshold(n: int) -> float:
    r"""Return the margin where the squared error's curvature changes sign, for ``n`` classes.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    float
        :math:`\log\bigl(2/(n - 1)\bigr)`, derived by
        :func:`~derivations.symbolic.curvature.concavity_threshold`.

    Raises
    ------
    ValueError
        If ``n`` is not an int of at least 2.

    Examples
    --------
    >>> round(threshold(2), 4), threshold(3), round(threshold(10), 4)
    (0.6931, 0.0, -1.5041)
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"threshold: n must be an int >= 2, got {n!r}")
    _, margin = cv.concavity_threshold()
    return float(margin.xreplace({general_symbols().n: n}))


def plot_margin_curvature(
    ax: Axes,
    ns: Sequence[int] = DEFAULT_NS,
    t_min: float = -6.0,
    t_max: float = 6.0,
    num: int = 601,
) -> list[Artist]:
    r"""Plot :math:`\partial^2 L/\partial t^2` and :math:`\partial^2 \mathrm{CE}/\partial t^2`.

    For each number of classes: the squared error's second derivative (dashed), its concave part
    shaded, its sign change marked, and cross-entropy's (solid), in one colour per ``n``; a
    dotted line at :math:`t = 0` separates margins where the model is right from those where it
    is wrong.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    ns : sequence of int, default (2, 3, 10)
        Numbers of classes (each at least 2; at most four).
    t_min, t_max : float, default -6 and 6
        The margin range, ``t_min < t_max``.
    num : int, default 601
        Number of points (at least 2).

    Returns
    -------
    list of matplotlib.artist.Artist
        Per ``n``: the squared-error curve, the cross-entropy curve, the shaded concave region
        and the threshold marker; then the zero line and the line at :math:`t = 0`.

    Raises
    ------
    ValueError
        If the range is empty or not finite, ``num < 2``, or ``ns`` is empty, too long or holds
        a number below 2.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> mse, ce, shade, mark, *_ = plot_margin_curvature(ax, ns=(2,), t_min=-2.0, t_max=2.0, num=5)
    >>> [round(float(v), 4) for v in ce.get_ydata()]  # s_1 (1 - s_1) at t = -2..2
    [0.105, 0.1966, 0.25, 0.1966, 0.105]
    >>> round(float(mark.get_xdata()[0]), 4)  # log 2
    0.6931
    >>> plt.close(fig)
    """
    if not (np.isfinite(t_min) and np.isfinite(t_max) and t_min < t_max):
        raise ValueError(f"plot_margin_curvature: need finite t_min < t_max, got {t_min}, {t_max}")
    if isinstance(num, bool) or not isinstance(num, int) or num < 2:
        raise ValueError(f"plot_margin_curvature: num must be an int >= 2, got {num!r}")
    sizes = list(ns)
    if not sizes or len(sizes) > len(_COLORS):
        raise ValueError(f"plot_margin_curvature: need 1 to {len(_COLORS)} values of n")
    if any(isinstance(c, bool) or not isinstance(c, int) or c < 2 for c in sizes):
        raise ValueError(f"plot_margin_curvature: every n must be an int >= 2, got {sizes}")
    t = cv.MARGIN
    grid = np.linspace(t_min, t_max, num)
    artists: list[Artist] = []
    mse_style, ce_style = series_style("mse"), series_style("cross_entropy")
    for size, color in zip(sizes, _COLORS, strict=False):
        mse = np.broadcast_to(sp.lambdify(t, cv.margin_second_derivative(size))(grid), grid.shape)
        ce = np.broadcast_to(sp.lambdify(t, cv.ce_second_derivative(size))(grid), grid.shape)
        (mse_line,) = ax.plot(grid, mse, color=color, linestyle=mse_style["linestyle"])
        (ce_line,) = ax.plot(
            grid, ce, color=color, linestyle=ce_style["linestyle"], linewidth=1.2, alpha=0.7
        )
        shade = ax.fill_between(grid, mse, 0.0, where=mse < 0, color=color, alpha=0.25, lw=0)
        (mark,) = ax.plot(
            [threshold(size)], [0.0], marker="o", color=color, markersize=5, linestyle="none"
        )
        artists += [mse_line, ce_line, shade, mark]
    artists.append(ax.axhline(0.0, color="#555555", linewidth=0.8))
    artists.append(ax.axvline(0.0, **series_style("reference")))
    for x, text, align in ((-0.15, "model right", "right"), (0.15, "model wrong", "left")):
        ax.annotate(
            text,
            xy=(x, 1.0),
            xycoords=("data", "axes fraction"),
            ha=align,
            va="bottom",
            color=series_style("reference")["color"],
        )
    handles = [
        Line2D([], [], color=color, linewidth=6, alpha=0.5, label=f"$n = {size}$")
        for size, color in zip(sizes, _COLORS, strict=False)
    ]
    handles += [
        Line2D([], [], color="#555555", linestyle=mse_style["linestyle"], label=LABELS["mse"]),
        Line2D([], [], color="#555555", linestyle=ce_style["linestyle"], label=LABELS["ce"]),
    ]
    # Below the axes: to the right it would widen the figure, which a phone then shrinks.
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
    ax.set_xlabel(LABELS["margin"])
    ax.set_ylabel(LABELS["second_derivative"])
    return artists
