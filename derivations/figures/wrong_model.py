"""Figures of the page "When the model is wrong": the LSE sandwich, loss and slope vs margin.

The sandwich is computed by the package's stable :func:`~derivations.logsumexp` kernel; the
loss and slope curves are the two-class losses derived from their definitions
(:func:`derivations.claims.wrong_model.two_class_losses`), lambdified, and the asymptote of the
squared error's slope is a SymPy limit of that derivation.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike, NDArray

from ..claims.wrong_model import two_class_losses
from ..kernels import logsumexp
from ..notation import LABELS
from .grids import margin_grid
from .style import EXTRA_COLORS, series_style

__all__ = [
    "lse_path",
    "mse_slope_asymptote",
    "plot_loss_vs_margin",
    "plot_lse_sandwich",
    "plot_slope_decay",
]


def lse_path(
    u: ArrayLike, start: ArrayLike = (0.0, 0.0, 0.0), direction: ArrayLike = (1.0, 0.0, 0.0)
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Logits ``z(u) = start + u * direction`` along a line, and their log-sum-exp.

    Parameters
    ----------
    u : array_like
        Positions along the line, 1-d.
    start, direction : array_like
        The line in logit space, both of length ``n >= 2``.

    Returns
    -------
    z : numpy.ndarray
        Shape ``(len(u), n)``.
    lse : numpy.ndarray
        ``logsumexp(z)`` per row, by the stable kernel.

    Examples
    --------
    >>> z, lse = lse_path([0.0], start=(0.0, 0.0, 0.0))
    >>> float(lse[0])  # all logits equal: LSE = max z + log 3
    1.0986...
    """
    uu = np.asarray(u, dtype=np.float64)
    z0 = np.asarray(start, dtype=np.float64)
    dz = np.asarray(direction, dtype=np.float64)
    if uu.ndim != 1 or z0.ndim != 1 or z0.shape != dz.shape or z0.size < 2:
        raise ValueError("lse_path: u must be 1-d; start and direction 1-d of equal length >= 2")
    z = z0[None, :] + uu[:, None] * dz[None, :]
    return z, logsumexp(z)


def plot_lse_sandwich(
    ax: Axes,
    u: ArrayLike | None = None,
    start: ArrayLike = (0.0, 0.0, 0.0),
    direction: ArrayLike = (1.0, 0.0, 0.0),
) -> list[Artist]:
    """Plot LSE(z) between its bounds max z and max z + log n along a line of logits.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    u : array_like, optional
        Positions along the line (default 401 points on ``[-6, 6]``).
    start, direction : array_like, optional
        The line ``z(u) = start + u * direction`` (default: ``z = (z_1, 0, 0)`` with
        :math:`z_1 = u`, the first logit moving and the others at 0).

    Returns
    -------
    list of matplotlib.artist.Artist
        The LSE line, the lower bound line, the upper bound line, and the shaded band.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> lse, lower, upper, band = plot_lse_sandwich(ax)
    >>> _, y = lse.get_data()
    >>> _, lo = lower.get_data()
    >>> _, hi = upper.get_data()
    >>> bool(np.all((lo <= y) & (y <= hi)))
    True
    >>> plt.close(fig)
    """
    grid = margin_grid(u, (-6.0, 6.0), "plot_lse_sandwich")
    z, lse = lse_path(grid, start, direction)
    z0, dz = np.asarray(start, dtype=np.float64), np.asarray(direction, dtype=np.float64)
    n = z.shape[-1]
    top = np.max(z, axis=-1)
    band = ax.fill_between(
        grid, top, top + np.log(n), color="#999999", alpha=0.15, linewidth=0, label="the bounds"
    )
    (lower,) = ax.plot(grid, top, label=r"$\max z$", **series_style("reference"))
    upper_style = {**series_style("reference"), "linestyle": "--"}
    (upper,) = ax.plot(grid, top + np.log(n), label=rf"$\max z + \log {n}$", **upper_style)
    (line,) = ax.plot(grid, lse, color=EXTRA_COLORS[0], label=r"$\mathrm{LSE}(z)$")
    default_path = np.array_equal(z0, np.zeros(3)) and np.array_equal(dz, [1.0, 0.0, 0.0])
    ax.set_xlabel(LABELS["logit_1"] + r", with $z = (z_1, 0, 0)$" if default_path else "position")
    ax.set_ylabel(r"$\mathrm{LSE}(z)$ and its bounds")
    ax.set_xlim(float(grid[0]), float(grid[-1]))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # Upper left: the curves there are flat and low, below the legend.
    ax.legend(loc="upper left")
    return [line, lower, upper, band]


def plot_loss_vs_margin(ax: Axes, t: ArrayLike | None = None) -> list[Artist]:
    """Plot both losses of a two-class sample against the margin ``t``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    t : array_like, optional
        The margin: logits ``z = (0, t)`` with the true class first (default 401 points on
        ``[-4, 8]``).

    Returns
    -------
    list of matplotlib.artist.Artist
        The cross-entropy line, the squared-error line, and the line ``t`` (the asymptote of
        the cross-entropy).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ce, mse, ref = plot_loss_vs_margin(ax)
    >>> t, loss = mse.get_data()
    >>> bool(np.all(loss <= 1.0)), bool(np.allclose(ce.get_data()[1][t > 7], t[t > 7], atol=1e-3))
    (True, True)
    >>> plt.close(fig)
    """
    grid = margin_grid(t, (-4.0, 8.0), "plot_loss_vs_margin")
    two = two_class_losses()
    (ce,) = ax.plot(
        grid,
        two.numeric("ce")(grid),
        label=f"cross-entropy {LABELS['ce']}",
        **series_style("cross_entropy"),
    )
    (mse,) = ax.plot(
        grid,
        two.numeric("mse")(grid),
        label=f"squared error {LABELS['mse']}",
        **series_style("mse"),
    )
    (ref,) = ax.plot(grid, grid, label="$t$", **series_style("reference"))
    _shade_wrong(ax, grid)
    ax.set_xlabel(LABELS["margin"])
    ax.set_ylabel("loss")
    ax.set_xlim(float(grid[0]), float(grid[-1]))
    ax.set_ylim(-0.2, float(grid[-1]) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # Upper left: every curve there is near 0 or below it.
    ax.legend(loc="upper left")
    return [ce, mse, ref]


def _shade_wrong(ax: Axes, grid: NDArray[np.float64]) -> None:
    """Shade the margins where the model is wrong, t > 0, as the landing page's figure does."""
    if grid[-1] > 0:
        ax.axvspan(
            max(0.0, float(grid[0])),
            float(grid[-1]),
            color="#999999",
            alpha=0.15,
            linewidth=0,
            label="model is wrong",
        )


@lru_cache(maxsize=1)
def mse_slope_asymptote() -> sp.Expr:
    """Return the leading term of the squared error's slope as ``t -> oo``, by a SymPy limit.

    Returns
    -------
    sympy.Expr
        ``c * exp(-t)`` with ``c = lim_{t -> oo} e^t * dL/dt`` for the two-class squared error.

    Examples
    --------
    >>> mse_slope_asymptote()
    2*exp(-t)
    """
    two = two_class_losses()
    c = sp.limit(two.mse_slope * sp.exp(two.t), two.t, sp.oo)
    return c * sp.exp(-two.t)


def plot_slope_decay(ax: Axes, t: ArrayLike | None = None) -> list[Artist]:
    """Plot both slopes on a log scale, with the exponential decay of the squared error's.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    t : array_like, optional
        The margin (default 401 points on ``[-4, 16]``).

    Returns
    -------
    list of matplotlib.artist.Artist
        The cross-entropy's slope, the squared error's slope, and the asymptote
        :func:`mse_slope_asymptote`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ce, mse, asym = plot_slope_decay(ax)
    >>> t, slope = mse.get_data()
    >>> ratio = slope / asym.get_data()[1]
    >>> bool(abs(ratio[-1] - 1) < 1e-5)
    True
    >>> plt.close(fig)
    """
    grid = margin_grid(t, (-4.0, 16.0), "plot_slope_decay")
    two = two_class_losses()
    (ce,) = ax.plot(
        grid,
        two.numeric("ce_slope")(grid),
        label=LABELS["ce_slope"],
        **series_style("cross_entropy"),
    )
    (mse,) = ax.plot(
        grid, two.numeric("mse_slope")(grid), label=LABELS["mse_slope"], **series_style("mse")
    )
    asym_expr = mse_slope_asymptote()
    asym_f = sp.lambdify(two.t, asym_expr, modules="numpy")
    (asym,) = ax.plot(
        grid, asym_f(grid), label=f"${sp.latex(asym_expr)}$", **series_style("reference")
    )
    _shade_wrong(ax, grid)
    ax.set_yscale("log")
    ax.set_xlabel(LABELS["margin"])
    ax.set_ylabel(LABELS["slope"])
    ax.set_xlim(float(grid[0]), float(grid[-1]))
    ax.set_ylim(1e-7, 3.0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # Lower left: every slope there is above 10^-4.
    ax.legend(loc="lower left")
    return [ce, mse, asym]
