r"""Figure of the page ``numerics``: naive vs stable log-softmax in each floating type.

Two logits :math:`z = (0, t)` with the true class first, so :math:`t` is the margin (the model
is wrong by :math:`t`); the quantity is :math:`\log s_1`, the log-probability of the true class
(minus the loss). The *naive* value is ``log(exp(z) / sum(exp(z)))`` computed in the given type;
the *stable* value is the package's :func:`derivations.log_softmax` in the same type. Both are
compared with the definition :math:`\log s_1 = z_1 - \log(e^{z_1} + e^{z_2})`, lambdified from
:mod:`derivations.symbolic.definitions` and evaluated in 50-digit ``mpmath``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import mpmath as mp
import numpy as np
import sympy as sp
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike, NDArray

from .. import log_softmax
from ..claims.overflow import DTYPES, overflow_threshold
from ..notation import LABELS
from ..symbolic import definitions
from ..symbolic.symbols import logit_symbols
from .style import EXTRA_COLORS, series_style

__all__ = [
    "DTYPES",
    "correct_digits",
    "log_softmax_two_logits",
    "plot_log_softmax_digits",
]

_METHODS = ("naive", "stable")
_DPS = 50


def _dtype(dtype: Any, func: str) -> np.dtype[Any]:
    try:
        dt = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"{func}: {dtype!r} is not a NumPy dtype") from exc
    if dt.kind != "f":
        raise TypeError(f"{func}: need a real floating dtype, got {dt}")
    return dt


def log_softmax_two_logits(
    margins: ArrayLike, dtype: Any, method: str
) -> NDArray[np.floating[Any]]:
    r"""Compute :math:`\log s_1` for the logits :math:`(0, t)`, naively or stably, in ``dtype``.

    Parameters
    ----------
    margins : array_like, shape (m,)
        The margins :math:`t`; they are rounded to ``dtype`` first.
    dtype : dtype-like
        The floating type every step is computed in.
    method : {"naive", "stable"}
        ``"naive"``: ``log(exp(z) / exp(z).sum())``;
        ``"stable"``: :func:`derivations.log_softmax`.

    Returns
    -------
    numpy.ndarray, shape (m,)
        :math:`\log s_1` in ``dtype`` (``-inf`` or ``nan`` where the naive formula fails).

    Raises
    ------
    TypeError
        If ``dtype`` is not a real floating type.
    ValueError
        If ``method`` is unknown or ``margins`` is not a 1-d array.

    Examples
    --------
    >>> log_softmax_two_logits([1000.0], "float64", "stable")
    array([-1000.])
    >>> log_softmax_two_logits([1000.0], "float64", "naive")
    array([-inf])
    """
    func = "log_softmax_two_logits"
    dt = _dtype(dtype, func)
    if method not in _METHODS:
        raise ValueError(f"{func}: method must be one of {_METHODS}, got {method!r}")
    t = np.asarray(margins, dtype=dt)
    if t.ndim != 1:
        raise ValueError(f"{func}: margins must be 1-d, got shape {t.shape}")
    z = np.stack([np.zeros_like(t), t], axis=-1)
    if method == "stable":
        return log_softmax(z)[:, 0]
    # The naive formula is shown failing on purpose: silence exactly its three warnings.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(z)
        return np.log(e / e.sum(axis=-1, keepdims=True))[:, 0]


@cache
def _reference_function() -> Any:
    z = logit_symbols(2)
    return sp.lambdify(z, definitions.log_softmax(z)[0], modules="mpmath")


def correct_digits(computed: ArrayLike, margins: ArrayLike, dtype: Any) -> NDArray[np.float64]:
    r"""Count the correct significant digits of :math:`\log s_1` for the logits :math:`(0, t)`.

    The reference is the SymPy definition of log-softmax, lambdified and evaluated in
    50-digit ``mpmath`` at the margins rounded to ``dtype`` (the input the computation saw).

    Parameters
    ----------
    computed : array_like, shape (m,)
        Computed values, e.g. from :func:`log_softmax_two_logits`.
    margins : array_like, shape (m,)
        The margins they were computed for.
    dtype : dtype-like
        The type they were computed in; its precision caps the count.

    Returns
    -------
    numpy.ndarray, shape (m,)
        :math:`\min(-\log_{10}|\text{relative error}|, -\log_{10} u)` with :math:`u` the unit
        roundoff of ``dtype``; 0 where the computed value is ``inf`` or ``nan``.

    Raises
    ------
    TypeError
        If ``dtype`` is not a real floating type.
    ValueError
        If ``computed`` and ``margins`` are not 1-d arrays of the same length.

    Examples
    --------
    >>> digits = correct_digits([-1000.0, np.nan], [1000.0, 1000.0], "float64")
    >>> bool(digits[0] > 15), float(digits[1])
    (True, 0.0)
    """
    func = "correct_digits"
    dt = _dtype(dtype, func)
    got = np.asarray(computed, dtype=np.float64)
    t = np.asarray(margins, dtype=dt).astype(np.float64)
    if got.ndim != 1 or got.shape != t.shape:
        raise ValueError(f"{func}: need 1-d arrays of equal length, got {got.shape}, {t.shape}")
    f = _reference_function()
    with mp.workdps(_DPS):
        ref = [f(mp.mpf(0), mp.mpf(float(tk))) for tk in t]
        rel = np.array(
            [
                float(abs((mp.mpf(float(g)) - r) / r)) if np.isfinite(g) else np.inf
                for g, r in zip(got, ref, strict=True)
            ]
        )
    cap = -np.log10(np.finfo(dt).eps / 2)
    with np.errstate(divide="ignore"):
        digits = -np.log10(rel)
    return np.clip(digits, 0.0, cap)


def plot_log_softmax_digits(
    ax: Axes, margins: ArrayLike | None = None, dtypes: tuple[str, ...] = DTYPES
) -> list[Artist]:
    r"""Plot the correct digits of naive and stable :math:`\log s_1` against the margin.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    margins : array_like, optional
        Margins :math:`t > 0`; by default 400 log-spaced values from 0.5 to 2000.
    dtypes : tuple of str
        Floating types, one colour each.

    Returns
    -------
    list of matplotlib.artist.Artist
        Per type: the stable line, the naive line, the vertical line at the type's
        overflow threshold of ``exp`` (:func:`~derivations.claims.overflow.overflow_threshold`)
        and its value as text,
        in that order.

    Raises
    ------
    ValueError
        If a margin is not positive and finite.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> artists = plot_log_softmax_digits(ax, margins=[1.0, 100.0], dtypes=("float32",))
    >>> float(artists[1].get_ydata()[1])  # naive float32, t = 100: exp overflowed
    0.0
    >>> plt.close(fig)
    """
    t = np.geomspace(0.5, 2000.0, 400) if margins is None else np.asarray(margins, dtype=np.float64)
    if t.ndim != 1 or not np.all(np.isfinite(t) & (t > 0)):
        raise ValueError("plot_log_softmax_digits: margins must be a 1-d array of positive numbers")
    artists: list[Artist] = []
    reference = series_style("reference")
    for dtype, color in zip(dtypes, EXTRA_COLORS, strict=False):
        stable = correct_digits(log_softmax_two_logits(t, dtype, "stable"), t, dtype)
        naive = correct_digits(log_softmax_two_logits(t, dtype, "naive"), t, dtype)
        (s_line,) = ax.plot(t, stable, color=color, linestyle="-", label=f"{dtype}, log-softmax")
        # Drawn on top, in one dark dash for every type: below the threshold it lies on the
        # type's solid line, and the legend names it once.
        (n_line,) = ax.plot(
            t,
            naive,
            color="#222222",
            linestyle=(0, (3, 3)),
            linewidth=1.2,
            zorder=3,
            label="as written" if not artists else "_as written",
        )
        threshold = overflow_threshold(dtype)
        v_line = ax.axvline(
            threshold,
            color=color,
            linestyle=reference["linestyle"],
            linewidth=reference["linewidth"],
        )
        # The threshold's value next to its line, in data coordinates along x only.
        label = ax.text(
            threshold * 1.08,
            0.35,
            f"{threshold:.2f}",
            color="#333333",
            transform=ax.get_xaxis_transform(),
        )
        artists += [s_line, n_line, v_line, label]
    ax.set_xscale("log")
    ax.set_xlabel(LABELS["margin"] + r", logits $z = (0, t)$")
    ax.set_ylabel(r"correct digits of $\log s_1$")
    ax.set_ylim(-0.5, 17)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    # Below the axes, in one column, so the plot keeps the full width on a narrow screen: the
    # types (solid: the log-softmax), then the formula as written.
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda a: labels[a] == "as written")
    ax.legend(
        [handles[a] for a in order],
        [labels[a] for a in order],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.22),
        ncol=1,
    )
    return artists
