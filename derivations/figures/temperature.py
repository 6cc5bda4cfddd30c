r"""Figures of the page ``temperature``: softmax and log-sum-exp with a temperature.

Both curves are the SymPy definitions of :mod:`derivations.symbolic.definitions`
(:func:`~derivations.symbolic.definitions.softmax_temperature` and
:func:`~derivations.symbolic.definitions.logsumexp`), lambdified with the temperature :math:`T`
as a symbol and evaluated on a grid of temperatures; the soft maximum's upper bound is the
claimed form of the claim ``soft-maximum``, lambdified.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from ..claims import get
from ..notation import LABELS
from ..symbolic import definitions
from ..symbolic.symbols import general_symbols
from ..symbolic.temperature import MAX, TEMPERATURE
from .style import EXTRA_COLORS, series_style

__all__ = ["DEFAULT_LOGITS", "plot_soft_maximum", "plot_softmax_temperature"]

#: Example logits, distinct so that the arg max is unique.
DEFAULT_LOGITS = (2.0, 1.0, 0.5, -1.0)
_T = TEMPERATURE
_N = general_symbols().n
# The extra palette without its yellow, which is too faint on white.
_COLORS = tuple(c for c in EXTRA_COLORS if c != "#F0E442")


def _check(
    z: Sequence[float], temperatures: ArrayLike | None, func: str, t_max: float = 50.0
) -> tuple:
    zz = np.asarray(z, dtype=np.float64)
    if zz.ndim != 1 or zz.size < 2 or not np.all(np.isfinite(zz)):
        raise ValueError(f"{func}: z must be a 1-d array of at least two finite logits")
    if temperatures is None:
        t = np.geomspace(0.02, t_max, 300)
    else:
        t = np.asarray(temperatures, dtype=np.float64)
    if t.ndim != 1 or not np.all(np.isfinite(t) & (t > 0)):
        raise ValueError(f"{func}: temperatures must be a 1-d array of positive numbers")
    return zz, t


def plot_softmax_temperature(
    ax: Axes, z: Sequence[float] = DEFAULT_LOGITS, temperatures: ArrayLike | None = None
) -> list[Artist]:
    r"""Plot each component of :math:`\mathrm{softmax}(z/T)` against the temperature.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    z : sequence of float
        The logits (at least two, finite).
    temperatures : array_like, optional
        Positive temperatures; by default 300 log-spaced values from 0.02 to 50.

    Returns
    -------
    list of matplotlib.artist.Artist
        One line per component :math:`s_i`, then the reference line at :math:`1/n`.

    Raises
    ------
    ValueError
        For fewer than two or non-finite logits, or non-positive temperatures.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> lines = plot_softmax_temperature(ax, z=[1.0, 0.0], temperatures=[1.0])
    >>> round(float(lines[0].get_ydata()[0]), 4)  # sigmoid(1)
    0.7311
    >>> plt.close(fig)
    """
    zz, t = _check(z, temperatures, "plot_softmax_temperature")
    components = definitions.softmax_temperature([sp.Float(v) for v in zz], _T)
    artists: list[Artist] = []
    for i, (expr, color) in enumerate(zip(components, _COLORS * 4, strict=False)):
        values = np.broadcast_to(sp.lambdify(_T, expr, modules="numpy")(t), t.shape)
        (line,) = ax.plot(t, values, color=color, label=f"$z_{i + 1} = {zz[i]:g}$")
        artists.append(line)
    artists.append(
        ax.axhline(1 / zz.size, label=f"$1/n = 1/{zz.size}$", **series_style("reference"))
    )
    ax.set_xscale("log")
    ax.set_xlabel(LABELS["temperature"])
    ax.set_ylabel(r"$\mathrm{softmax}(z/T)_i$")
    ax.set_ylim(-0.02, 1.02)
    # Below the axes: to the right it would widen the figure, which a phone then shrinks.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
    return artists


def plot_soft_maximum(
    ax: Axes, z: Sequence[float] = DEFAULT_LOGITS, temperatures: ArrayLike | None = None
) -> list[Artist]:
    r"""Plot :math:`T\,\mathrm{LSE}(z/T)` against the temperature, between its two bounds.

    The bounds are :math:`\max z` and :math:`\max z + T \log n` (the claim ``soft-maximum``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    z : sequence of float
        The logits (at least two, finite).
    temperatures : array_like, optional
        Positive temperatures; by default 300 log-spaced values from 0.02 to 5.

    Returns
    -------
    list of matplotlib.artist.Artist
        The :math:`T\,\mathrm{LSE}(z/T)` line, the line at :math:`\max z` and the upper bound.

    Raises
    ------
    ValueError
        For fewer than two or non-finite logits, or non-positive temperatures.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> line, ref, upper = plot_soft_maximum(ax, z=[0.0, 0.0], temperatures=[1.0, 2.0])
    >>> np.round(line.get_ydata(), 4)  # T log 2
    array([0.6931, 1.3863])
    >>> plt.close(fig)
    """
    zz, t = _check(z, temperatures, "plot_soft_maximum", t_max=5.0)
    expr = _T * definitions.logsumexp([sp.Float(v) / _T for v in zz])
    values = np.broadcast_to(sp.lambdify(_T, expr, modules="numpy")(t), t.shape)
    (line,) = ax.plot(t, values, label=r"$T\,\mathrm{LSE}(z/T)$", **series_style("cross_entropy"))
    ref = ax.axhline(float(zz.max()), label=r"$\max z$", **series_style("reference"))
    bound = get("soft-maximum").claimed()["upper"].xreplace({MAX: float(zz.max()), _N: zz.size})
    upper_values = np.broadcast_to(sp.lambdify(_T, bound, modules="numpy")(t), t.shape)
    (upper,) = ax.plot(
        t, upper_values, label=r"$\max z + T \log n$", color="#555555", linestyle="--", lw=1.2
    )
    ax.set_xscale("log")
    ax.set_xlabel(LABELS["temperature"])
    ax.set_ylabel(r"$T\,\mathrm{LSE}(z/T)$")
    ax.legend(loc="upper left")
    return [line, ref, upper]
