r"""Axis labels and legends of the interactive figures: the site's labels, as plain text.

The static figures take their labels from :data:`derivations.notation.LABELS` in matplotlib's
mathtext. Bokeh's canvas does not typeset TeX without a further 1.8 MB MathJax bundle, so the
interactive figures use the same labels turned into Unicode text by :func:`text_label`: one
source for both, and no TeX left on a reader's screen.

Examples
--------
>>> text_label("ce_slope")
'∂CE/∂t'
>>> text_label("margin")
'margin t'
"""

from __future__ import annotations

import re

from ..notation import LABELS

__all__ = ["plain_text", "text_label"]

#: The TeX the labels use, and its plain-text form.
_TEX = (
    (r"\frac{1}{2}", "½"),
    (r"\mathrm{CE}", "CE"),
    (r"\partial", "∂"),
    (r"\eta", "η"),
    (r"\sigma", "σ"),
    (r"\zeta", "ζ"),
    (r"\,", " "),
)


def plain_text(label: str) -> str:
    r"""Turn a mathtext label into plain Unicode text.

    Parameters
    ----------
    label : str
        A label with math in ``$...$``, using only the TeX commands this module knows.

    Returns
    -------
    str
        The label without dollars and commands.

    Raises
    ------
    ValueError
        If a TeX command this module does not know is left.

    Examples
    --------
    >>> plain_text(r"$\partial L/\partial t$")
    '∂L/∂t'
    >>> plain_text(r"logit $z_1$")
    'logit z₁'
    >>> plain_text(r"$\frac{1}{3}$")
    Traceback (most recent call last):
    ...
    ValueError: plain_text: unknown TeX in '$\\frac{1}{3}$'
    """
    text = label
    for tex, plain in _TEX:
        text = text.replace(tex + " ", plain).replace(tex, plain)
    text = text.replace("$", "").replace(")^2", ")²")
    # One-digit subscripts, as in z_1, have Unicode forms; anything longer stays an error.
    text = re.sub(r"_([0-9])", lambda match: chr(0x2080 + int(match[1])), text)
    if re.search(r"\\[A-Za-z]|[{}^_]", text):
        raise ValueError(f"plain_text: unknown TeX in {label!r}")
    return text


def text_label(key: str) -> str:
    """Return the site's label ``key`` (:data:`derivations.notation.LABELS`) as plain text.

    Parameters
    ----------
    key : str
        A key of ``LABELS``.

    Returns
    -------
    str
        The label in Unicode.

    Raises
    ------
    KeyError
        If ``LABELS`` has no such key.

    Examples
    --------
    >>> text_label("mse_slope")
    '∂L/∂t'
    """
    return plain_text(LABELS[key])
