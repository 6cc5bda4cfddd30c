r"""Statements that are more than one relation, printed as a page writes them.

SymPy's ``Equivalent`` sorts its arguments and a relation has no room for a side condition;
a claim's part may need "A exactly when B" or "A, for i not 1". These print in the order given
and hold their relations as arguments, so a claimed form inside them is displayed as it is
checked.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["Iff", "Provided"]


class Iff(sp.Basic):  # numpydoc ignore=PR02
    r"""Two statements that hold together, printed :math:`A \iff B` in the order given.

    SymPy's ``Equivalent`` sorts its arguments; a page states "the curvature is negative
    exactly when the margin exceeds the threshold" in that order.

    Parameters
    ----------
    left, right : sympy.Basic
        The two statements (typically relations).

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> t, L = sp.Symbol("t", real=True), sp.Symbol("L")
    >>> latex(Iff(sp.Lt(sp.Derivative(L, t, 2), 0), sp.Gt(t, sp.log(2))))
    '\\frac{\\partial^{2} L}{\\partial t^{2}} < 0 \\iff t > \\log 2'
    """

    def __new__(cls, left: sp.Basic, right: sp.Basic) -> Iff:
        """Create the statement ``left <=> right``."""
        return super().__new__(cls, left, right)

    @property
    def left(self) -> sp.Basic:
        """The first statement.

        Returns
        -------
        sympy.Basic
            ``left``.
        """
        return self.args[0]

    @property
    def right(self) -> sp.Basic:
        """The second statement.

        Returns
        -------
        sympy.Basic
            ``right``.
        """
        return self.args[1]

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return rf"{printer._print(self.left)} \iff {printer._print(self.right)}"


class Provided(sp.Basic):  # numpydoc ignore=PR02
    r"""A statement with its side condition, printed :math:`A \quad (B)`.

    Parameters
    ----------
    statement, condition : sympy.Basic
        E.g. an inequality and ``Ne(i, 1)``.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> i, x = sp.Symbol("i", integer=True), sp.Symbol("x")
    >>> latex(Provided(sp.Le(x, 1), sp.Ne(i, 1)))
    'x \\leq 1 \\quad (i \\neq 1)'
    """

    def __new__(cls, statement: sp.Basic, condition: sp.Basic) -> Provided:
        """Create ``statement`` under ``condition``."""
        return super().__new__(cls, statement, condition)

    @property
    def statement(self) -> sp.Basic:
        """The statement.

        Returns
        -------
        sympy.Basic
            The statement, without its condition.
        """
        return self.args[0]

    @property
    def condition(self) -> sp.Basic:
        """The side condition.

        Returns
        -------
        sympy.Basic
            The condition printed in parentheses.
        """
        return self.args[1]

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return rf"{printer._print(self.statement)} \quad ({printer._print(self.condition)})"
