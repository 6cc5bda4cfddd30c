"""Landing-page figure: how steep each loss is when the wrong logit is ahead.

Two classes, the true class 1 with its logit pinned at 0 and the wrong logit ``t``: ``z = (0, t)``,
where the margin ``t`` (the site's one convention) says how far the wrong logit is ahead; ``t > 0``
means the model is wrong. The curves are the slopes that
:func:`derivations.claims.wrong_model.two_class_losses` derives from the definitions (and that the
claim ``two-class-limits`` checks), lambdified.
"""

from __future__ import annotations

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from ..claims.wrong_model import two_class_losses
from ..notation import LABELS
from .grids import margin_grid
from .style import series_style

__all__ = ["MARGIN_RANGE", "plot_gradient_vs_margin"]

#: The margins both landing figures show, this static one and the interactive one it stands in
#: for on paper and without JavaScript (:mod:`derivations.interactive.landing`).
MARGIN_RANGE = (-4.0, 8.0)


def plot_gradient_vs_margin(ax: Axes, t: ArrayLike | None = None) -> list[Artist]:
    """Plot the slope of cross-entropy and of squared error on softmax against the margin.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    t : array_like, optional
        Margins: how far the wrong logit is ahead; default 401 points on :data:`MARGIN_RANGE`.

    Returns
    -------
    list of matplotlib.artist.Artist
        The cross-entropy line, the squared-error line, and the shading of the region where
        the model is wrong (``t > 0``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> fig, ax = plt.subplots()
    >>> ce, mse, shade = plot_gradient_vs_margin(ax)
    >>> t, slope = ce.get_data()
    >>> f = two_class_losses().numeric("ce_slope")
    >>> bool(np.allclose(slope, f(t))), round(float(slope[-1]), 4)
    (True, 1.0)
    >>> plt.close(fig)
    """
    grid = margin_grid(t, MARGIN_RANGE, "plot_gradient_vs_margin")
    losses = two_class_losses()
    (ce,) = ax.plot(
        grid,
        losses.numeric("ce_slope")(grid),
        label=f"{LABELS['ce_slope']}, cross-entropy",
        **series_style("cross_entropy"),
    )
    (mse,) = ax.plot(
        grid,
        losses.numeric("mse_slope")(grid),
        label=f"{LABELS['mse_slope']}, squared error",
        **series_style("mse"),
    )
    lo, hi = max(float(grid[0]), 0.0), float(grid[-1])
    shade = ax.axvspan(lo, hi, color="#999999", alpha=0.15, linewidth=0, label="model is wrong")
    ax.set_xlim(float(grid[0]), hi)
    ax.set_ylim(-0.02, 1.08)
    ax.set_xlabel(f"{LABELS['margin']}: how far the wrong logit is ahead")
    ax.set_ylabel(LABELS["slope"])
    ax.legend(loc="center right")
    return [ce, mse, shade]
