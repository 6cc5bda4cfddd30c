r"""Figures of the page "Why not divide by the sum?": scale, and the size of the gradient.

Probabilities come from the package's kernels :func:`~derivations.normalize` and
:func:`~derivations.softmax`. The gradient of :math:`-\log q_1` is the derived general-``n``
result (:func:`derivations.symbolic.general.normalization_nll_gradient`) turned into a NumPy
function, so the plotted curve is the derived formula; the softmax's gradient comes from the
kernel :func:`~derivations.cross_entropy_grad`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from numpy.typing import ArrayLike, NDArray

from ..kernels import cross_entropy_grad, normalize, softmax
from ..notation import LABELS
from ..symbolic import general
from ..symbolic.symbols import general_symbols
from .style import series_style

__all__ = [
    "PROBABILITIES",
    "normalization_grad_entry",
    "plot_gradient_near_zero",
    "plot_scale_dependence",
]

#: Probabilities of the true class in the gradient figure: far too low, undecided, nearly right.
PROBABILITIES = (1e-6, 0.5, 0.99)
#: Line style of each probability (the colour says which map).
_STYLES = ("-.", "-", ":")


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
    """Plot the probability of the last class for the outputs ``c * x`` against the scale ``c``.

    Dividing by the sum gives the same value at every scale; the softmax sharpens as ``c`` grows.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x : array_like, optional
        Positive outputs (default ``[1, 2]``).
    c : array_like, optional
        Positive scales (default 300 points from 0.01 to 30, log-spaced).
    marks : array_like, optional
        Scales to mark with dots on both curves (default 1 and 10: ``[1, 2]`` and ``[10, 20]``).

    Returns
    -------
    list of matplotlib.artist.Artist
        The divide-by-the-sum line, the softmax line, and the two sets of dots.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> divided, soft, *_ = plot_scale_dependence(ax)
    >>> bool(np.allclose(divided.get_data()[1], 2 / 3))
    True
    >>> c, s = soft.get_data()
    >>> bool(s[0] < 0.51 and s[-1] > 0.999)
    True
    >>> plt.close(fig)
    """
    xx = np.asarray(x, dtype=np.float64)
    if xx.ndim != 1 or xx.size < 2 or not np.all(np.isfinite(xx) & (xx > 0)):
        raise ValueError("plot_scale_dependence: x must be a 1-d vector of >= 2 positive values")
    scales = _positive_grid(c, np.logspace(-2, np.log10(30.0), 300), "plot_scale_dependence")
    at = _positive_grid(marks, np.array([1.0, 10.0]), "plot_scale_dependence")
    outputs = scales[:, None] * xx[None, :]
    last = xx.size
    (divided,) = ax.plot(
        scales,
        normalize(outputs)[:, -1],
        label=f"divide by the sum, $q_{last}$",
        **series_style("normalization"),
    )
    (soft,) = ax.plot(
        scales,
        softmax(outputs)[:, -1],
        label=f"softmax, $s_{last}$",
        **series_style("cross_entropy"),
    )
    marked = at[:, None] * xx[None, :]
    dots_divided = ax.scatter(
        at, normalize(marked)[:, -1], color=series_style("normalization")["color"], zorder=3
    )
    dots_soft = ax.scatter(
        at, softmax(marked)[:, -1], color=series_style("cross_entropy")["color"], zorder=3
    )
    ax.set_xscale("log")
    ax.set_xlabel(r"scale $c$ of the outputs $c\,x$")
    ax.set_ylabel(f"{LABELS['probability']} of class {last}")
    ax.set_ylim(0.45, 1.02)
    ax.legend(loc="upper left")
    return [divided, soft, dots_divided, dots_soft]


def normalization_grad_entry() -> sp.Expr:
    r"""Return the derived :math:`\partial(-\log q_k)/\partial x_k` for general ``n``.

    Returns
    -------
    sympy.Expr
        :math:`1/\sum_m x_m - 1/x_k`, the entry :math:`j = k` of
        :func:`derivations.symbolic.general.normalization_nll_gradient`.

    Examples
    --------
    >>> normalization_grad_entry()
    1/Sum(x[m], (m, 1, n)) - 1/x[k]
    """
    g = general_symbols()
    return general.normalization_nll_gradient().result.xreplace({g.j: g.k}).doit()


def _two_class_entry() -> Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray]:
    """Return the derived entry at ``n = 2``, ``k = 1`` as a NumPy function of ``(x_1, x_2)``."""
    g = general_symbols()
    expr = normalization_grad_entry().xreplace({g.k: 1, g.n: 2}).doit()
    a, b = sp.symbols("a b", positive=True)
    return sp.lambdify((a, b), expr.xreplace({g.x[1]: a, g.x[2]: b}), modules="numpy")


def plot_gradient_near_zero(
    ax: Axes,
    x1: ArrayLike | None = None,
    probabilities: Sequence[float] = PROBABILITIES,
    marks: Sequence[tuple[float, float]] = ((1e-6, 1e-6), (1.0, 1e6)),
) -> list[Artist]:
    r"""Plot the size of the gradient of :math:`-\log q_1` against :math:`x_1` at fixed :math:`q_1`.

    Two classes; for each probability :math:`q_1` of the true class, the other output is
    :math:`x_2 = x_1 (1 - q_1)/q_1`, so that :math:`x = (x_1, x_2)` gives that probability at
    every :math:`x_1`. Dividing by the sum, :math:`|\partial(-\log q_1)/\partial x_1|` grows like
    :math:`1/x_1` whatever :math:`q_1` is; the softmax of the logits :math:`z = \log x` gives the
    same probabilities, and :math:`|\partial(-\log s_1)/\partial z_1| = 1 - s_1` does not depend
    on :math:`x_1`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x1 : array_like, optional
        Positive values of :math:`x_1` (default 300 log-spaced points from :math:`10^{-7}` to 10).
    probabilities : sequence of float, optional
        The probabilities of the true class, each in :math:`(0, 1)` (at most three).
    marks : sequence of (float, float), optional
        Outputs :math:`x` to mark with a dot on the divide-by-the-sum curves (default: the page's
        two examples).

    Returns
    -------
    list of matplotlib.artist.Artist
        The divide-by-the-sum lines (one per probability), the softmax lines (one per
        probability), and the dots.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> lines = plot_gradient_near_zero(ax)
    >>> x1, size = lines[1].get_data()  # q_1 = 1/2: size (1 - q_1) / x_1
    >>> bool(np.allclose(size, 0.5 / x1))
    True
    >>> bool(np.allclose(lines[4].get_data()[1], 0.5))  # softmax, s_1 = 1/2
    True
    >>> plt.close(fig)
    """
    grid = _positive_grid(x1, np.logspace(-7, 1, 300), "plot_gradient_near_zero")
    probs = np.asarray(probabilities, dtype=np.float64)
    if (
        probs.ndim != 1
        or not 1 <= probs.size <= len(_STYLES)
        or np.any((probs <= 0) | (probs >= 1))
    ):
        raise ValueError("plot_gradient_near_zero: give one to three probabilities in (0, 1)")
    entry = _two_class_entry()
    divided_colour = series_style("normalization")["color"]
    soft_colour = series_style("cross_entropy")["color"]
    divided, soft = [], []
    for q, style in zip(probs, _STYLES, strict=False):
        other = grid * (1 - q) / q
        (line,) = ax.plot(grid, np.abs(entry(grid, other)), color=divided_colour, linestyle=style)
        divided.append(line)
        logits = np.log(np.stack([grid, other], axis=-1))
        size = np.abs(cross_entropy_grad(logits, np.zeros(grid.size, dtype=np.intp))[:, 0])
        (line,) = ax.plot(grid, size, color=soft_colour, linestyle=style)
        soft.append(line)
    points = np.asarray(marks, dtype=np.float64).reshape(-1, 2)
    neutral = series_style("reference")["color"]  # marks and style keys: neither map's colour
    dots = ax.scatter(
        points[:, 0], np.abs(entry(points[:, 0], points[:, 1])), color=neutral, zorder=3
    )
    handles = [
        Line2D([], [], color=divided_colour, label=r"divide by the sum: $\partial/\partial x_1$"),
        Line2D(
            [], [], color=soft_colour, label=r"softmax of $z = \log x$: $\partial/\partial z_1$"
        ),
    ] + [
        Line2D([], [], color=neutral, linestyle=style, label=f"$q_1 = {_probability(q)}$")
        for q, style in zip(probs, _STYLES, strict=False)
    ]
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"output of the true class, $x_1$")
    ax.set_ylabel("size of the gradient entry")
    # Head room above the falling lines, where the legend sits clear of every curve.
    low, high = ax.get_ylim()
    ax.set_ylim(low, high * (high / low) ** 0.5)
    ax.legend(handles=handles, loc="upper right")
    return [*divided, *soft, dots]


def _probability(q: float) -> str:
    """Mathtext of a probability: ``10^{-6}`` for a power of ten below 0.01, else the decimal."""
    exponent = np.log10(q)
    if q < 0.01 and np.isclose(exponent, round(exponent)):
        return f"10^{{{round(exponent)}}}"
    return f"{q:g}"
