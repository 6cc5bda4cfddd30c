r"""Derivations shown as steps: a chain of equalities, each line made by SymPy from the one before.

A textbook derives :math:`\partial \mathrm{CE}/\partial z_j = s_j - y_j` in three or four lines
(substitute the definition, apply the chain rule, sum out the Kronecker delta, use
:math:`\sum_i y_i = 1`). A :class:`Chain` records exactly those lines: it starts from an
expression, and each :meth:`Chain.then` applies one SymPy transformation to the last line and
names it. The page displays the chain; the claim's proof compares its last line with the claimed
form, so the steps a reader sees are the computation that was checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from .display import Display, aligned

__all__ = ["Chain"]


@dataclass(frozen=True)
class Chain:
    r"""A chain of equalities ``lhs = e_1 = e_2 = ...``, each ``e`` with the reason for its step.

    Attributes
    ----------
    lhs : sympy object
        What is being derived (printed once, on the first line).
    lines : tuple of (sympy object, str)
        The right-hand sides in order, each with the words that name the step that made it.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> f = sp.Function("f")
    >>> chain = Chain.start(sp.Derivative(f(x), x), (x**2 + 2 * x) ** 2, "definition of f")
    >>> chain = chain.then("expand", sp.expand).then("differentiate", lambda e: sp.diff(e, x))
    >>> chain.result
    4*x**3 + 12*x**2 + 8*x
    >>> len(chain.lines)
    3
    """

    lhs: sp.Basic
    lines: tuple[tuple[sp.Basic, str], ...]

    @classmethod
    def start(cls, lhs: sp.Basic, first: sp.Basic, reason: str = "") -> Chain:
        """Begin a chain with its left-hand side and first right-hand side.

        Parameters
        ----------
        lhs : sympy object
            What is derived.
        first : sympy object
            The first right-hand side (typically ``lhs`` with a definition substituted).
        reason : str, optional
            The words for that first step.

        Returns
        -------
        Chain
            A chain of one line.
        """
        return cls(lhs, ((first, reason),))

    def then(self, reason: str, transform: Callable[[sp.Basic], sp.Basic]) -> Chain:
        """Append ``transform(last line)``, named ``reason``.

        Parameters
        ----------
        reason : str
            The words for the step (shown next to the new line).
        transform : callable
            A SymPy transformation of the last line.

        Returns
        -------
        Chain
            A new chain with one more line, or this chain if the step changed nothing (a
            repeated line is no step to show).
        """
        new = transform(self.result)
        if new == self.result:
            return self
        return Chain(self.lhs, (*self.lines, (new, reason)))

    @property
    def result(self) -> sp.Basic:
        """The last line.

        Returns
        -------
        sympy object
            The last right-hand side.
        """
        return self.lines[-1][0]

    @property
    def equation(self) -> sp.Eq:
        """The equation ``lhs = result``.

        Returns
        -------
        sympy.Eq
            ``Eq(lhs, result)``, unevaluated.
        """
        return sp.Eq(self.lhs, self.result, evaluate=False)

    @property
    def display(self) -> Display:
        """The chain as an aligned display, for ``glue``.

        Returns
        -------
        Display
            The equation, typeset as the aligned chain.
        """
        return Display(self.equation, tex=aligned(self.lhs, self.lines))
