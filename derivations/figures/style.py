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


def stacked_panels(rows: int, **subplots: object) -> tuple[object, object]:
    """Create a figure of ``rows`` panels one above the other, each of the site's figure size.

    Side-by-side panels would make the figure wider, and a phone would shrink its text below
    what is readable; stacked, each panel keeps the width (and so the text size) of a single
    figure. The size comes from the site's style (``figure.figsize``), never from the page.

    Parameters
    ----------
    rows : int
        Number of panels (at least 1).
    **subplots : object
        Passed to ``matplotlib.pyplot.subplots`` (e.g. ``sharex=True``).

    Returns
    -------
    tuple
        ``(figure, axes)`` as ``plt.subplots`` returns them.

    Raises
    ------
    ValueError
        If ``rows`` is not a positive int.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = stacked_panels(2, sharex=True)
    >>> len(axes), bool(fig.get_figwidth() == plt.rcParams["figure.figsize"][0])
    (2, True)
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
        raise ValueError(f"stacked_panels: rows must be a positive int, got {rows!r}")
    width, height = plt.rcParams["figure.figsize"]
    return plt.subplots(rows, 1, figsize=(width, height * rows * 0.8), **subplots)
