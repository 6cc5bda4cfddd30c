"""Symbolic side of Why Softmax: definitions, derivations, proofs (SymPy).

.. rubric:: Submodules

symbols
    Symbols with assumptions (concrete vectors and general-``n`` indexed objects).
definitions, general_definitions
    The definitions, for a concrete ``n`` and for a symbolic ``n``.
expressions
    Unevaluated vector functions (``LSE``, ``Softmax``) that print as the pages write them.
general
    General-``n`` derivations, as chains of steps (:class:`~.chain.Chain`).
concrete, directional
    Concrete-``n`` derivations in exponential variables, for cross-checks.
rewrite, zero
    The rewriting rules, and the one test of whether an expression is identically zero.
display
    Printing: textbook term order, partial derivatives, stacked and aligned displays.
"""

from . import definitions, general, general_definitions, rewrite, symbols
from .chain import Chain

__all__ = ["Chain", "definitions", "general", "general_definitions", "rewrite", "symbols"]
