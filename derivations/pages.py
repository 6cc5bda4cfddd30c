r"""What the pages call to show results: claims with their proofs run, chains, typeset numbers.

A page states a claim with :func:`state` (which runs its proof, so a false claim fails the build,
and glues its display under the claim's slug), or with :func:`prove` where it shows the claim
through a derivation's steps (:func:`show`); the Markdown then shows it and its mark::

    ```{glue:math} ce-gradient
    :label: ce-gradient
    ```
    {verified}`ce-gradient`

Numbers appear as numbers, not program output: :func:`number` typesets
:math:`4.5 \times 10^{-4}`, :func:`vector` keeps a whole vector in one piece of math (so it never
breaks after a bracket); :func:`glue_math` glues such a string for the ``{glue}`` role.

.. rubric:: Examples

>>> number(0.00045)
'4.5 \\times 10^{-4}'
>>> number(0.26894142, 3)
'0.269'
>>> vector([1 / 3, 2 / 3], 4)
'[0.3333,\\ 0.6667]'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from .claims import Evidence, get
from .symbolic.display import Display

__all__ = ["glue_math", "number", "prove", "show", "state", "vector"]


def _glue(key: str, value: Any) -> None:
    from myst_nb import glue  # a docs dependency: imported only when a page runs

    glue(key, value, display=False)


def prove(claim: str) -> None:
    """Prove a claim the page states (a failing proof raises, and so fails the build).

    Nothing is returned, so a cell that ends in ``prove(...)`` shows nothing, in the page or in
    its downloadable notebook.

    Parameters
    ----------
    claim : str
        The claim's id or slug.
    """
    get(claim).check()


def state(claim: str, *parts: str, key: str | None = None) -> Evidence:
    """Prove a claim and glue its display (the parts ``parts``, default all) for the page.

    Parameters
    ----------
    claim : str
        The claim's id or slug.
    *parts : str
        The parts to display, in order (default: every part).
    key : str, optional
        Glue key (default: the claim's slug, which is also its equation label).

    Returns
    -------
    Evidence
        The proof's evidence (raises :class:`~derivations.claims.ClaimFailed` if it fails).
    """
    found = get(claim)
    evidence = found.check()
    _glue(key or found.slug, found.display(*parts))
    return evidence


def show(key: str, display: Display) -> None:
    """Glue a derived display (e.g. a chain's) under ``key``, for ``{glue:math}``.

    Parameters
    ----------
    key : str
        Glue key.
    display : Display
        E.g. ``general.ce_gradient().display``.
    """
    if not isinstance(display, Display):
        raise TypeError(f"show: expected a Display, got {type(display).__name__}")
    _glue(key, display)


def number(
    value: float, digits: int = 2, *, sci_below: float = 1e-3, sci_above: float = 1e5
) -> str:
    r"""Typeset a number: fixed point, or :math:`a \times 10^{b}` when very small or large.

    Parameters
    ----------
    value : float
        The number.
    digits : int, optional
        Decimal places in fixed point; significant digits in scientific notation (at least 2).
    sci_below, sci_above : float, optional
        Magnitudes outside ``[sci_below, sci_above)`` use scientific notation.

    Returns
    -------
    str
        LaTeX (without ``$``).

    Raises
    ------
    ValueError
        If ``value`` is not finite or ``digits`` is negative.

    Examples
    --------
    >>> number(3.0, 0)
    '3'
    >>> number(-7.2e-15)
    '-7.2 \\times 10^{-15}'
    >>> number(123456.0)
    '1.2 \\times 10^{5}'

    A mantissa whose decimals are all zero is written without them (:math:`5 \times 10^{5}`,
    not :math:`5.0 \times 10^{5}`):

    >>> number(-500000.0), number(1e-6, 3)
    ('-5 \\times 10^{5}', '1 \\times 10^{-6}')
    """
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"number: {value} is not finite")
    if digits < 0:
        raise ValueError(f"number: digits must be >= 0, got {digits}")
    size = abs(value)
    if size == 0 or sci_below <= size < sci_above:
        return f"{value:.{digits}f}"
    mantissa, exponent = f"{value:.{max(digits - 1, 1)}e}".split("e")
    # "5.0" claims a digit the value does not need: a mantissa of zeros after the point is whole.
    mantissa = re.sub(r"\.0+$", "", mantissa)
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def vector(values: Iterable[float], digits: int = 3) -> str:
    r"""Typeset a vector of numbers as one piece of math, :math:`[0.333,\ 0.667]`.

    Parameters
    ----------
    values : iterable of float
        The entries.
    digits : int, optional
        Passed to :func:`number`.

    Returns
    -------
    str
        LaTeX (without ``$``).
    """
    return "[" + r",\ ".join(number(v, digits) for v in values) + "]"


def glue_math(key: str, tex: str) -> None:
    """Glue inline math under ``key``: the ``{glue}`` role shows it typeset in the text.

    Parameters
    ----------
    key : str
        Glue key.
    tex : str
        LaTeX, e.g. from :func:`number` or :func:`vector`.
    """
    _glue(key, _InlineMath(tex))


class _InlineMath:
    r"""Inline math for ``glue`` (IPython's ``Math`` would add ``\displaystyle``)."""

    def __init__(self, tex: str) -> None:
        self.tex = tex

    def _repr_latex_(self) -> str:
        return f"${self.tex}$"

    def __repr__(self) -> str:
        return self.tex
