"""Symbolic side of Why Softmax: definitions, derivations, proofs (SymPy).

Submodules
----------
symbols
    Symbols with assumptions (concrete vectors and general-``n`` indexed objects).
definitions, general_definitions
    The definitions, for a concrete ``n`` and for a symbolic ``n``.
general
    General-``n`` derivations (``Derivation`` objects with raw and reduced results).
concrete
    Concrete-``n`` derivations in exponential variables, for cross-checks.
rewrite
    The reduction rules (ranges, softmax notation, canonical sums, ``cancel``).
"""

from . import definitions, general, general_definitions, rewrite, symbols
from .general import Derivation

__all__ = ["Derivation", "definitions", "general", "general_definitions", "rewrite", "symbols"]
