"""Landing-page figure: how steep each loss is when a wrong logit is ahead.

The true class is class 1, its logit pinned at 0; one wrong logit is ``t`` and the others are
0, so ``z = (0, t, 0, ..., 0)`` and the margin ``t`` (the site's one convention) says how far the
wrong logit is ahead: ``t > 0`` means the model is wrong. SymPy differentiates the
*definitions* of the two losses with respect to ``t``; the curves are those derivatives,
lambdified.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from ..notation import LABELS
from ..symbolic import definitions as d
from .grids import margin_grid
from .style import series_style

__all__ = ["MarginLosses", "margin_losses", "plot_gradient_vs_margin"]


@dataclass(frozen=True)
class MarginLosses:
    """Both losses of a sample whose wrong logit is ``t`` ahead, and their derivatives in ``t``.

    Attributes
    ----------
    t : sympy.Symbol
        How far the wrong logit is ahead of the true one (real).
    n : int
        Number of classes.
    cross_entropy, mse : sympy.Expr
        The definitions evaluated at ``z = (0, t, 0, ..., 0)``, ``y = (1, 0, ..., 0)``.
    cross_entropy_slope, mse_slope : sympy.Expr
        Their derivatives with respect to ``t`` (SymPy's ``diff``, then ``cancel`` and ``factor``).
    """

    t: sp.Symbol
    n: int
    cross_entropy: sp.Expr
    mse: sp.Expr
    cross_entropy_slope: sp.Expr
    mse_slope: sp.Expr

    def numeric(self, name: str) -> Callable[..., Any]:
        """Return one of the expressions lambdified for NumPy, as ``f(t)``.

        Parameters
        ----------
        name : {"cross_entropy", "mse", "cross_entropy_slope", "mse_slope"}
            Which expression.

        Returns
        -------
        callable
            Vectorised ``f(t)``.

        Examples
        --------
        >>> f = margin_losses(2).numeric("cross_entropy")
        >>> float(f(0.0))  # log 2
        0.693147...
        """
        names = ("cross_entropy", "mse", "cross_entropy_slope", "mse_slope")
        if name not in names:
            raise ValueError(f"MarginLosses.numeric: unknown expression {name!r}; expected {names}")
        return sp.lambdify(self.t, getattr(self, name), modules="numpy")


@lru_cache(maxsize=8)
def margin_losses(n: int = 2) -> MarginLosses:
    """Derive both losses and their slopes along the wrong logit ``t`` (F9 for ``n = 2``).

    Parameters
    ----------
    n : int, optional
        Number of classes, at least 2. The true class is the first; the wrong logit is the
        second; the remaining ``n - 2`` logits are 0.

    Returns
    -------
    MarginLosses
        The symbolic losses and slopes.

    Raises
    ------
    ValueError
        If ``n`` is not an integer of at least 2.

    Examples
    --------
    >>> m = margin_losses(2)
    >>> m.cross_entropy_slope
    exp(t)/(exp(t) + 1)
    >>> m.mse_slope
    2*exp(2*t)/(exp(t) + 1)**3
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"margin_losses: n must be an int >= 2, got {n!r}")
    t = sp.Symbol("t", real=True)
    z = [sp.S.Zero, t] + [sp.S.Zero] * (n - 2)
    y = [sp.S.One] + [sp.S.Zero] * (n - 1)
    ce = d.cross_entropy(z, y)
    mse = d.mse_on_softmax(z, y)
    return MarginLosses(
        t=t,
        n=n,
        cross_entropy=ce,
        mse=mse,
        cross_entropy_slope=sp.factor(sp.cancel(sp.diff(ce, t))),
        mse_slope=sp.factor(sp.cancel(sp.diff(mse, t))),
    )


def plot_gradient_vs_margin(ax: Axes, n: int = 2, t: ArrayLike | None = None) -> list[Artist]:
    """Plot the slope of cross-entropy and of MSE-on-softmax against how wrong the model is.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    n : int, optional
        Number of classes (see :func:`margin_losses`).
    t : array_like, optional
        How far the wrong logit is ahead; default 401 points on ``[-4, 10]``.

    Returns
    -------
    list of matplotlib.artist.Artist
        The cross-entropy line, the MSE line, and the shading of the region where the model
        is wrong (``t > 0``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> fig, ax = plt.subplots()
    >>> ce, mse, shade = plot_gradient_vs_margin(ax)
    >>> t, slope = ce.get_data()
    >>> f = margin_losses(2).numeric("cross_entropy_slope")
    >>> bool(np.allclose(slope, f(t))), round(float(slope[-1]), 4)
    (True, 1.0)
    >>> plt.close(fig)
    """
    grid = margin_grid(t, (-4.0, 10.0), "plot_gradient_vs_margin")
    m = margin_losses(n)
    (ce,) = ax.plot(
        grid,
        m.numeric("cross_entropy_slope")(grid),
        label=f"{LABELS['ce_slope']}, cross-entropy",
        **series_style("cross_entropy"),
    )
    (mse,) = ax.plot(
        grid,
        m.numeric("mse_slope")(grid),
        label=f"{LABELS['mse_slope']}, squared error",
        **series_style("mse"),
    )
    lo, hi = max(float(grid[0]), 0.0), float(grid[-1])
    shade = ax.axvspan(lo, hi, color="#999999", alpha=0.12, linewidth=0, label="model is wrong")
    ax.set_xlim(float(grid[0]), hi)
    ax.set_ylim(-0.02, 1.08)
    ax.set_xlabel(f"{LABELS['margin']}: how far the wrong logit is ahead")
    ax.set_ylabel(LABELS["slope"])
    ax.legend(loc="center right")
    return [ce, mse, shade]
