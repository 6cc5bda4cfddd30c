r"""Figures of the page ``alternatives``: the wrong-start test and the learning curves.

:func:`plot_wrong_start_slopes` draws, for two classes with :math:`z = (0, t)` and true class 1,
the slope in the margin :math:`t` of each mapping's loss, every curve the lambdified derivation
that the claims check (:func:`derivations.symbolic.alternatives.two_class_slope`, the softmax's
from :func:`derivations.claims.wrong_model.two_class_losses`, sparsemax's from
:func:`derivations.claims.alternatives.sparsemax_two_class`). :func:`plot_alternatives_accuracy`
draws the training accuracy of the extended digits experiment
(:func:`derivations.training.alternatives_experiment.run_alternatives_experiment`); nothing is
recomputed here.

Each mapping has one style on every figure: a colour of Okabe and Ito's palette (softmax keeps
the site's cross-entropy blue, ReLU + :math:`\varepsilon`, the rectified cousin of dividing by
the sum, its green) and a line style of its own, so the curves stay apart in greyscale.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, NullFormatter
from numpy.typing import ArrayLike, NDArray

from ..claims.alternatives import KERNEL_EPS, sparsemax_two_class
from ..claims.wrong_model import two_class_losses
from ..notation import LABELS
from ..symbolic import alternatives as alt
from ..training.alternatives_experiment import (
    JITTERED,
    MAPPINGS,
    AlternativesExperiment,
)
from .grids import T_LIMIT
from .style import CROSS_ENTROPY, EXTRA_COLORS, NORMALIZATION

__all__ = [
    "MAPPING_LABELS",
    "mapping_style",
    "plot_alternatives_accuracy",
    "plot_wrong_start_slopes",
    "wrong_start_slopes",
]

#: How each mapping is named in legends (short: legends use the full font size, which a phone
#: needs).
MAPPING_LABELS = {
    "softmax": "softmax",
    "softplus": "softplus",
    "relu": r"ReLU $+\,\varepsilon$",
    "spherical": "spherical",
    "taylor": "Taylor",
    "sparsemax": "sparsemax",
}

_STYLES: dict[str, dict[str, object]] = {
    "softmax": dict(CROSS_ENTROPY),
    "softplus": {"color": EXTRA_COLORS[0], "linestyle": "--"},
    "relu": {"color": NORMALIZATION["color"], "linestyle": "-."},
    "spherical": {"color": EXTRA_COLORS[2], "linestyle": ":"},
    "taylor": {"color": EXTRA_COLORS[1], "linestyle": (0, (6, 1.5, 1.5, 1.5, 1.5, 1.5))},
    # black, densely dotted and thinner, so it differs from spherical's sparse dots
    "sparsemax": {"color": EXTRA_COLORS[4], "linestyle": (0, (1, 1.2)), "linewidth": 1.4},
}


def mapping_style(name: str) -> dict[str, object]:
    """Return the line style of a mapping (colour, line style).

    Parameters
    ----------
    name : str
        One of ``derivations.training.alternatives_experiment.MAPPINGS``.

    Returns
    -------
    dict
        Keyword arguments for ``Axes.plot``.

    Raises
    ------
    ValueError
        For an unknown mapping.

    Examples
    --------
    >>> mapping_style("softmax")["linestyle"]
    '-'
    """
    if name not in _STYLES:
        raise ValueError(f"mapping_style: unknown mapping {name!r}; expected one of {MAPPINGS}")
    return dict(_STYLES[name])


def _grid(t: ArrayLike | None) -> NDArray[np.float64]:
    grid = np.geomspace(0.1, T_LIMIT, 301) if t is None else np.asarray(t, dtype=np.float64)
    if grid.ndim != 1 or grid.size < 2 or not np.all(np.isfinite(grid)) or np.any(grid <= 0):
        raise ValueError(
            "wrong_start_slopes: the grid must be a finite 1-d array of at least 2 positive margins"
        )
    if np.max(grid) > T_LIMIT:
        raise ValueError(
            f"wrong_start_slopes: margins must be at most {T_LIMIT} (exp(2 t) must stay finite)"
        )
    return grid


def wrong_start_slopes(
    t: ArrayLike | None = None, eps: float = float(KERNEL_EPS)
) -> dict[str, NDArray[np.float64]]:
    r"""Slope in the margin of each mapping's loss, two classes, :math:`z = (0, t)`, :math:`t > 0`.

    Each is the derived expression, lambdified: softmax :math:`\sigma(t)`, the four
    "positive, then divide" mappings :math:`\partial(-\log q_1)/\partial t`, and sparsemax the
    slope of its own loss (:math:`(1 + t)/2` below :math:`t = 1`, then 1).

    Parameters
    ----------
    t : array_like, optional
        Positive margins (at most 300); default 301 points from 0.1 to 300, evenly on a log
        scale.
    eps : float, optional
        :math:`\varepsilon` of the spherical and ReLU mappings (default: the kernels' 0.01).

    Returns
    -------
    dict of str to numpy.ndarray
        ``"t"`` (the grid) and one array per mapping, in the order of ``MAPPINGS``.

    Raises
    ------
    ValueError
        For a grid that is not positive, finite and 1-d, or a non-positive ``eps``.

    Examples
    --------
    >>> slopes = wrong_start_slopes([1.0, 100.0])
    >>> [round(float(v), 4) for v in slopes["taylor"]]  # (1 + t) / (2 + t + t^2/2)
    [0.5714, 0.0198]
    >>> [float(v) for v in slopes["sparsemax"]]
    [1.0, 1.0]
    """
    grid = _grid(t)
    if not eps > 0:
        raise ValueError(f"wrong_start_slopes: eps must be positive, got {eps!r}")
    out: dict[str, NDArray[np.float64]] = {"t": grid}
    out["softmax"] = np.asarray(two_class_losses().numeric("ce_slope")(grid), dtype=np.float64)
    for name in ("softplus", "relu", "spherical", "taylor"):
        slope = alt.two_class_slope(name).xreplace({alt.EPS: sp.Float(eps)})
        f = sp.lambdify(alt.T, slope, modules="numpy")
        # The grid stays below T_LIMIT, where no exponential in these expressions overflows.
        out[name] = np.asarray(f(grid), dtype=np.float64) * np.ones_like(grid)
    two = sparsemax_two_class()
    near = sp.lambdify(alt.T, two["slope_near"], modules="numpy")
    far = sp.lambdify(alt.T, two["slope_far"], modules="numpy")
    out["sparsemax"] = np.where(grid < 1, near(grid), far(grid) * np.ones_like(grid))
    return {key: out[key] for key in ("t", *MAPPINGS)}


def plot_wrong_start_slopes(ax: Axes, t: ArrayLike | None = None) -> list[Artist]:
    r"""Plot every mapping's slope against the margin, on log scales.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    t : array_like, optional
        Positive margins (see :func:`wrong_start_slopes`).

    Returns
    -------
    list of matplotlib.artist.Artist
        One line per mapping, in the order of ``MAPPINGS``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> lines = plot_wrong_start_slopes(ax)
    >>> [line.get_label() for line in lines][:2]
    ['softmax', 'softplus']
    >>> plt.close(fig)
    """
    slopes = wrong_start_slopes(t)
    grid = slopes["t"]
    lines: list[Artist] = []
    for name in MAPPINGS:
        (line,) = ax.plot(grid, slopes[name], label=MAPPING_LABELS[name], **mapping_style(name))
        lines.append(line)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(float(grid[0]), float(grid[-1]))
    # Room below the curves (every slope is above 0.3 left of t = 1, and above 1/(2t) for
    # larger t): the legend sits there, in the axes, clear of every line.
    ax.set_ylim(1e-4, 20.0)
    # Plain numbers on the log axes: 10^{-2} would set its exponent too small to read on a phone.
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        axis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(f"{LABELS['margin']}: how far the wrong logit is ahead")
    ax.set_ylabel(f"{LABELS['slope']} of the loss")
    ax.legend(loc="lower left", ncol=2, borderaxespad=0.3, columnspacing=1.0)
    return lines


def plot_alternatives_accuracy(
    ax: Axes, experiment: AlternativesExperiment, start: str = "confidently_wrong"
) -> list[Artist]:
    """Plot the training accuracy per epoch of every mapping from one start.

    Each mapping is drawn at its own chosen learning rate. From the confidently wrong start,
    the mappings that never moved there are drawn again, thinner and labelled "perturbed", from
    the same start with small random weights added; the stuck runs, which lie on one line, are
    marked with a note. The epoch axis is linear up to 1 and logarithmic beyond (as on the
    experiment page), so the first epochs, where the mappings differ, are not squeezed.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    experiment : AlternativesExperiment
        The result of ``run_alternatives_experiment``.
    start : {"confidently_wrong", "small_random"}, optional
        Which start.

    Returns
    -------
    list of matplotlib.artist.Artist
        One line per mapping (order of ``MAPPINGS``), then the thin lines of the jittered runs.

    Raises
    ------
    TypeError
        If ``experiment`` is not an ``AlternativesExperiment``.
    ValueError
        For an unknown start.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from derivations.training.alternatives_experiment import run_alternatives_experiment
    >>> exp = run_alternatives_experiment(epochs=2, learning_rates=(1.0,))
    >>> fig, ax = plt.subplots()
    >>> len(plot_alternatives_accuracy(ax, exp, "small_random"))
    6
    >>> plt.close(fig)
    """
    if not isinstance(experiment, AlternativesExperiment):
        raise TypeError(
            "plot_alternatives_accuracy: experiment must be an AlternativesExperiment, "
            f"got {type(experiment).__name__}"
        )
    if start not in ("confidently_wrong", "small_random"):
        raise ValueError(f"plot_alternatives_accuracy: unknown start {start!r}")
    lines: list[Artist] = []
    for name in MAPPINGS:
        run = experiment.run(start, name)
        (line,) = ax.plot(
            run.epoch, run.train_accuracy, label=MAPPING_LABELS[name], **mapping_style(name)
        )
        lines.append(line)
    if start == "confidently_wrong":
        for name in experiment.stuck:
            run = experiment.run(JITTERED, name)
            style = {**mapping_style(name), "linewidth": 1.4}
            label = f"{MAPPING_LABELS[name]}, perturbed"
            (line,) = ax.plot(run.epoch, run.train_accuracy, label=label, **style)
            lines.append(line)
        stuck = [experiment.run(start, name).train_accuracy for name in experiment.stuck]
        if len(stuck) > 1 and all(np.array_equal(stuck[0], other) for other in stuck[1:]):
            # Identical runs draw one line: say so where it lies.
            # Below the line, at the right, where no other curve passes.
            names = ", ".join(MAPPING_LABELS[name] for name in experiment.stuck)
            ax.annotate(
                f"{names}: one flat line",
                xy=(float(experiment.epochs), float(stuck[0][0])),
                xytext=(-2, -3),
                textcoords="offset points",
                ha="right",
                va="top",
            )
    ax.set_xlabel(LABELS["epoch"])
    ax.set_ylabel(f"training {LABELS['accuracy']}")
    ax.set_ylim(0.0, 1.02)
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_xlim(0, int(experiment.epochs))
    # Whole epochs on the axis: 0, 1, 10, 100 (not 10^0, 10^1).
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    # Below the axes, one entry per line: the curves fill the plot from the stuck runs at the
    # bottom to the top.
    ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.2), ncol=1)
    return lines
