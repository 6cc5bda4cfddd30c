"""Figures of the page "Why not divide by the sum?": scale (in)dependence and gradients.

Probabilities come from the package's kernels :func:`~derivations.normalize` and
:func:`~derivations.softmax`; the gradient curve is the lambdified general-``n`` derivation
:func:`derivations.symbolic.general.normalization_nll_gradient`.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from numpy.typing import ArrayLike, NDArray

from ..kernels import cross_entropy_grad, normalize, softmax
from ..symbolic import general
from ..symbolic.symbols import general_symbols
from .style import series_style

__all__ = ["normalization_grad_entry", "plot_gradient_near_zero", "plot_scale_dependence"]


def _positive_grid(
    values: ArrayLike | None, default: NDArray[np.float64], caller: str
) -> NDArray[np.float64]:
    grid = default if values is None else np.asarray(values, dtype=np.float64)
    if grid.ndim != 1 or grid.size < 2 or not np.all(np.isfinite(grid) & (grid > 0)):
        raise ValueError(f"{caller}: the grid must be a 1-d array of at least 2 positive values")
    return grid


def plot_scale_dependence(
    ax: Axes,
    x: ArrayLike = (1.0, 2.0),
    c: ArrayLike | None = None,
    marks: ArrayLike = (1.0, 10.0),
) -> list[Artist]:
    """Plot the probability of the last class for the input ``c * x`` against the scale ``c``.

    Standard normalization gives the same value at every scale; softmax sharpens as ``c`` grows.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x : array_like, optional
        Positive input vector (default ``[1, 2]``).
    c : array_like, optional
        Positive scales (default 300 points from 0.01 to 30, log-spaced).
    marks : array_like, optional
        Scales to mark with dots on both curves (default 1 and 10: ``[1, 2]`` and ``[10, 20]``).

    Returns
    -------
    list of matplotlib.artist.Artist
        The normalization line, the softmax line, and the two sets of markers.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> norm, soft, *_ = plot_scale_dependence(ax)
    >>> bool(np.allclose(norm.get_data()[1], 2 / 3))
    True
    >>> c, p = soft.get_data()
    >>> bool(p[0] < 0.51 and p[-1] > 0.999)
    True
    >>> plt.close(fig)
    """
    xx = np.asarray(x, dtype=np.float64)
    if xx.ndim != 1 or xx.size < 2 or not np.all(np.isfinite(xx) & (xx > 0)):
        raise ValueError("plot_scale_dependence: x must be a 1-d vector of >= 2 positive values")
    scales = _positive_grid(c, np.logspace(-2, np.log10(30.0), 300), "plot_scale_dependence")
    at = _positive_grid(marks, np.array([1.0, 10.0]), "plot_scale_dependence")
    inputs = scales[:, None] * xx[None, :]
    last = xx.size
    (norm,) = ax.plot(
        scales,
        normalize(inputs)[:, -1],
        label="divide by the sum",
        **series_style("normalization"),
    )
    (soft,) = ax.plot(
        scales, softmax(inputs)[:, -1], label="softmax", **series_style("cross_entropy")
    )
    marked = at[:, None] * xx[None, :]
    dots_norm = ax.scatter(
        at, normalize(marked)[:, -1], color=series_style("normalization")["color"], zorder=3
    )
    dots_soft = ax.scatter(
        at, softmax(marked)[:, -1], color=series_style("cross_entropy")["color"], zorder=3
    )
    ax.set_xscale("log")
    ax.set_xlabel(r"scale $c$ of the input $c\,x$")
    ax.set_ylabel(rf"$p_{last}$")
    ax.set_ylim(0.45, 1.02)
    ax.legend(loc="upper left")
    return [norm, soft, dots_norm, dots_soft]


def normalization_grad_entry() -> sp.Expr:
    r"""Return the derived :math:`\partial(-\log p_k)/\partial x_k` for general ``n``.

    Returns
    -------
    sympy.Expr
        ``-1/x_k + 1/sum_m x_m``, from
        :func:`derivations.symbolic.general.normalization_nll_gradient`.

    Examples
    --------
    >>> normalization_grad_entry()
    1/Sum(x[m], (m, 1, n)) - 1/x[k]
    """
    g = general_symbols()
    return general.normalization_nll_gradient().reduced.xreplace({g.j: g.k}).doit()


def _grad_two_entries(x1: NDArray[np.float64]) -> NDArray[np.float64]:
    """Evaluate the derived entry at ``n = 2``, ``k = 1``, ``x = (x_1, 1)``."""
    g = general_symbols()
    expr = normalization_grad_entry().xreplace({g.k: 1, g.n: 2}).doit()
    a = sp.Symbol("a", positive=True)
    concrete = expr.xreplace({g.x[1]: a, g.x[2]: sp.S.One})
    return sp.lambdify(a, concrete, modules="numpy")(x1)


def plot_gradient_near_zero(ax: Axes, x1: ArrayLike | None = None) -> list[Artist]:
    """Plot the size of the gradient of ``-log p_1`` when the true class's input is small.

    With two classes, ``x = (x_1, 1)`` for standard normalization, and the corresponding logits
    ``z = (log x_1, 0)`` for softmax (so both give the same probabilities).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x1 : array_like, optional
        Positive values of ``x_1`` (default 300 log-spaced points from 1e-4 to 10).

    Returns
    -------
    list of matplotlib.artist.Artist
        The normalization line (``|d(-log p_1)/d x_1|``, the derived expression) and the
        softmax line (``|d CE / d z_1|`` from the kernel).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> norm, soft = plot_gradient_near_zero(ax)
    >>> x1, g = norm.get_data()
    >>> bool(g[0] > 9000), bool(np.all(soft.get_data()[1] <= 1.0))
    (True, True)
    >>> plt.close(fig)
    """
    grid = _positive_grid(x1, np.logspace(-4, 1, 300), "plot_gradient_near_zero")
    norm_grad = np.abs(_grad_two_entries(grid))
    logits = np.stack([np.log(grid), np.zeros_like(grid)], axis=-1)
    soft_grad = np.abs(cross_entropy_grad(logits, np.zeros(grid.size, dtype=np.intp))[:, 0])
    (norm,) = ax.plot(
        grid,
        norm_grad,
        label=r"divide by the sum: $|\partial(-\log p_1)/\partial x_1|$",
        **series_style("normalization"),
    )
    (soft,) = ax.plot(
        grid,
        soft_grad,
        label=r"softmax, $z = \log x$: $|\partial(-\log s_1)/\partial z_1|$",
        **series_style("cross_entropy"),
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"input of the true class, $x_1$ (with $x_2 = 1$)")
    ax.set_ylabel("gradient size")
    ax.legend(loc="upper right")
    return [norm, soft]
