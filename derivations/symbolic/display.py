r"""LaTeX for the site's equations: SymPy's printer, with partial derivatives written as such.

SymPy writes ``d/dz_k`` when the differentiated expression has a single free symbol (for example
the display symbol ``CE``), although every derivative on this site is a partial derivative with
respect to one logit. :func:`latex` prints ``\partial`` always; :class:`Display` wraps an
expression so that ``myst_nb.glue`` (through IPython's ``_repr_latex_``) shows it that way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sympy as sp
from sympy.printing.latex import LatexPrinter

__all__ = ["Display", "gathered", "latex"]


class _PartialLatexPrinter(LatexPrinter):
    r"""SymPy's LaTeX printer with ``\partial`` for every derivative."""

    def __init__(self, settings: dict | None = None) -> None:
        super().__init__(settings)
        self._settings["diff_operator_latex"] = r"\partial"


def latex(expr: object, separator: str = r",\quad ") -> str:
    r"""Return the LaTeX of an expression, or of several joined by ``separator``.

    Parameters
    ----------
    expr : sympy object or sequence of them
        What to print.
    separator : str, optional
        Placed between the items of a sequence.

    Returns
    -------
    str
        LaTeX without surrounding ``$``.

    Examples
    --------
    >>> import sympy as sp
    >>> CE, z = sp.symbols("CE z")
    >>> latex(sp.Derivative(CE, z, evaluate=False))
    '\\frac{\\partial}{\\partial z} CE'
    >>> latex([sp.Eq(z, 1), sp.Eq(CE, 2)])
    'z = 1,\\quad CE = 2'
    """
    printer = _PartialLatexPrinter()
    if isinstance(expr, Iterable) and not isinstance(expr, (sp.Basic, str)):
        return separator.join(printer.doprint(item) for item in expr)
    return printer.doprint(expr)


def gathered(expr: object) -> str:
    r"""Return LaTeX with one relation per line (``gathered``) for a sequence, else one line.

    Parameters
    ----------
    expr : sympy object or sequence of them
        What to print.

    Returns
    -------
    str
        LaTeX without surrounding ``$``.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> gathered([sp.Eq(x, 1), sp.Eq(x + 1, 2)])
    '\\begin{gathered}x = 1\\\\x + 1 = 2\\end{gathered}'
    >>> gathered(sp.Eq(x, 1))
    'x = 1'
    """
    if isinstance(expr, Iterable) and not isinstance(expr, (sp.Basic, str)):
        return r"\begin{gathered}" + latex(expr, r"\\") + r"\end{gathered}"
    return latex(expr)


@dataclass(frozen=True)
class Display:
    r"""An expression to show as display math (``glue`` it; ``{glue:math}`` displays it).

    Attributes
    ----------
    expr : sympy object or sequence of them
        The derived result.

    Examples
    --------
    >>> import sympy as sp
    >>> L, t = sp.symbols("L t")
    >>> Display(sp.Derivative(L, t, evaluate=False))._repr_latex_()
    '$\\displaystyle \\frac{\\partial}{\\partial t} L$'
    """

    expr: object

    def _repr_latex_(self) -> str:
        # Several relations go on separate lines, so a long statement never runs off the page.
        return rf"$\displaystyle {gathered(self.expr)}$"

    def __str__(self) -> str:
        return latex(self.expr)
