"""Colours and line styles shared by every figure, so a loss looks the same on every page.

The palette is Okabe and Ito's, which stays distinguishable for colour-blind readers, and every
pair of series also differs in line style, so the figures survive greyscale printing.
"""

from __future__ import annotations

from typing import Final

#: Cross-entropy (log-likelihood) on softmax.
CROSS_ENTROPY: Final = {"color": "#0072B2", "linestyle": "-"}
#: Mean squared error on softmax.
MSE: Final = {"color": "#D55E00", "linestyle": "--"}
#: Standard normalization x / sum(x).
NORMALIZATION: Final = {"color": "#009E73", "linestyle": "-."}
#: Reference lines: bounds, asymptotes, thresholds.
REFERENCE: Final = {"color": "#555555", "linestyle": ":", "linewidth": 1.2}
#: Further series, in order.
EXTRA_COLORS: Final = ("#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def series_style(name: str) -> dict[str, object]:
    """Return the line style of a named series.

    Parameters
    ----------
    name : {"cross_entropy", "mse", "normalization", "reference"}
        The series.

    Returns
    -------
    dict
        Keyword arguments for ``Axes.plot``.

    Examples
    --------
    >>> series_style("mse")["linestyle"]
    '--'
    """
    styles = {
        "cross_entropy": CROSS_ENTROPY,
        "mse": MSE,
        "normalization": NORMALIZATION,
        "reference": REFERENCE,
    }
    if name not in styles:
        raise ValueError(f"series_style: unknown series {name!r}; expected one of {sorted(styles)}")
    return dict(styles[name])
