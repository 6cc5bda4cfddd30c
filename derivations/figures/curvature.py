r"""Figure of the page ``curvature``: second derivatives of both losses in the margin.

Two classes, true class first, logits :math:`z = (d, 0)`, so :math:`d` is the margin
:math:`z_{\text{true}} - z_{\text{other}}` (softmax is shift invariant, so this loses nothing).
SymPy differentiates the package's definitions
(:func:`derivations.symbolic.definitions.mse_on_softmax` and
:func:`~derivations.symbolic.definitions.cross_entropy`) twice in :math:`d`; the curves are the
lambdified results, and the marked threshold is the real root SymPy finds for the squared
error's second derivative.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from ..symbolic import definitions
from .style import series_style

__all__ = ["margin_curvatures", "plot_margin_curvature"]


@lru_cache(maxsize=1)
def margin_curvatures() -> tuple[sp.Symbol, sp.Expr, sp.Expr, sp.Expr]:
    r"""Derive the second derivatives of both losses in the margin, and the sign change.

    Returns
    -------
    tuple
        ``(d, mse_second, ce_second, threshold)``: the real margin symbol, the derived
        :math:`\partial^2 L/\partial d^2` for :math:`L = \tfrac12\lVert s - y\rVert^2`, the derived
        :math:`\partial^2\,\mathrm{CE}/\partial d^2`, and the unique real root of the first.

    Examples
    --------
    >>> d, mse2, ce2, threshold = margin_curvatures()
    >>> threshold
    -log(2)
    >>> sp.factor(sp.cancel(ce2))
    exp(d)/(exp(d) + 1)**2
    """
    d = sp.Symbol("d", real=True)
    z, y = [d, sp.S.Zero], [sp.S.One, sp.S.Zero]
    mse2 = sp.cancel(sp.diff(definitions.mse_on_softmax(z, y), d, 2))
    ce2 = sp.cancel(sp.diff(definitions.cross_entropy(z, y), d, 2))
    roots = sp.solveset(sp.numer(sp.factor(mse2)), d, sp.Reals)
    if not (isinstance(roots, sp.FiniteSet) and len(roots) == 1):
        raise ValueError(f"margin_curvatures: expected one real sign change, got {roots}")
    (threshold,) = roots
    return d, mse2, ce2, threshold


def plot_margin_curvature(
    ax: Axes, d_min: float = -6.0, d_max: float = 6.0, num: int = 601
) -> list[Artist]:
    r"""Plot both losses' second derivatives against the margin :math:`d`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    d_min, d_max : float, default -6 and 6
        The margin range, ``d_min < d_max``.
    num : int, default 601
        Number of points (at least 2).

    Returns
    -------
    list of matplotlib.artist.Artist
        The cross-entropy curve, the squared-error curve, the zero line and the vertical line
        at the squared error's sign change, in that order.

    Raises
    ------
    ValueError
        If the range is empty or not finite, or ``num < 2``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ce, mse, zero, cut = plot_margin_curvature(ax, -2.0, 2.0, 5)
    >>> [round(float(v), 4) for v in ce.get_ydata()]  # sigma(d)(1 - sigma(d)) at d = -2..2
    [0.105, 0.1966, 0.25, 0.1966, 0.105]
    >>> round(float(cut.get_xdata()[0]), 4)  # -log 2
    -0.6931
    >>> plt.close(fig)
    """
    if not (np.isfinite(d_min) and np.isfinite(d_max) and d_min < d_max):
        raise ValueError(f"plot_margin_curvature: need finite d_min < d_max, got {d_min}, {d_max}")
    if isinstance(num, bool) or not isinstance(num, int) or num < 2:
        raise ValueError(f"plot_margin_curvature: num must be an int >= 2, got {num!r}")
    d, mse2, ce2, threshold = margin_curvatures()
    grid = np.linspace(d_min, d_max, num)
    ce_values = sp.lambdify(d, ce2, "numpy")(grid)
    mse_values = sp.lambdify(d, mse2, "numpy")(grid)
    (ce_line,) = ax.plot(grid, ce_values, label="cross-entropy", **series_style("cross_entropy"))
    (mse_line,) = ax.plot(grid, mse_values, label="squared error on softmax", **series_style("mse"))
    zero = ax.axhline(0.0, **series_style("reference"))
    cut = ax.axvline(float(threshold), **series_style("reference"))
    ax.annotate(
        f"$d = {sp.latex(threshold)}$",
        xy=(float(threshold), 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(-5, -4),
        textcoords="offset points",
        ha="right",
        va="top",
        color=series_style("reference")["color"],
    )
    ax.set_xlabel(r"margin $d = z_{\mathrm{true}} - z_{\mathrm{other}}$")
    ax.set_ylabel(r"second derivative in $d$")
    ax.legend(loc="lower right", frameon=True, framealpha=0.9, edgecolor="none")
    return [ce_line, mse_line, zero, cut]
