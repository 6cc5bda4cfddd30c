"""Symbols with assumptions for the symbolic derivations.

Concrete-``n`` derivations take vectors of plain symbols (``z_1, ..., z_n``); general-``n``
derivations use indexed objects (``z_k`` with ``1 <= k <= n``) from :func:`general_symbols`.
Every symbol carries the assumptions the derivations rely on (logits real, exponentials and
normalised inputs positive, sizes and indices positive integers).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

__all__ = [
    "GeneralSymbols",
    "check_classes",
    "exp_symbols",
    "general_symbols",
    "logit_symbols",
    "positive_symbols",
    "target_symbols",
]


def _check_n(n: int, caller: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{caller}: n must be an int, got {type(n).__name__}")
    if n < 1:
        raise ValueError(f"{caller}: n must be at least 1, got {n}")
    return n


def check_classes(n: int, caller: str) -> int:
    """Return ``n`` if it is a number of classes a derivation can use (an int >= 2).

    Parameters
    ----------
    n : int
        Number of classes.
    caller : str
        Name of the public function, used in the error message.

    Returns
    -------
    int
        ``n``.

    Raises
    ------
    ValueError
        If ``n`` is not an int, is a bool, or is below 2.

    Examples
    --------
    >>> check_classes(3, "ce_gradient")
    3
    >>> check_classes(1, "ce_gradient")
    Traceback (most recent call last):
    ...
    ValueError: ce_gradient: n must be an int >= 2, got 1
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"{caller}: n must be an int >= 2, got {n!r}")
    return n


@lru_cache(maxsize=64)
def logit_symbols(n: int, name: str = "z") -> tuple[sp.Symbol, ...]:
    """Return ``n`` real logit symbols ``z_1, ..., z_n``.

    Parameters
    ----------
    n : int
        Number of classes (at least 1).
    name : str, optional
        Base name of the symbols.

    Returns
    -------
    tuple of sympy.Symbol
        Real symbols named ``{name}_1`` to ``{name}_n``.

    Examples
    --------
    >>> z = logit_symbols(3)
    >>> z
    (z_1, z_2, z_3)
    >>> z[0].is_real
    True
    """
    _check_n(n, "logit_symbols")
    return tuple(sp.Symbol(f"{name}_{j}", real=True) for j in range(1, n + 1))


@lru_cache(maxsize=64)
def target_symbols(n: int, name: str = "y") -> tuple[sp.Symbol, ...]:
    """Return ``n`` real, non-negative target symbols ``y_1, ..., y_n``.

    Parameters
    ----------
    n : int
        Number of classes (at least 1).
    name : str, optional
        Base name of the symbols.

    Returns
    -------
    tuple of sympy.Symbol
        Non-negative real symbols (a target distribution's entries).

    Examples
    --------
    >>> target_symbols(2)
    (y_1, y_2)
    """
    _check_n(n, "target_symbols")
    return tuple(sp.Symbol(f"{name}_{j}", real=True, nonnegative=True) for j in range(1, n + 1))


@lru_cache(maxsize=64)
def positive_symbols(n: int, name: str = "x") -> tuple[sp.Symbol, ...]:
    """Return ``n`` positive symbols ``x_1, ..., x_n`` (inputs of standard normalization).

    Parameters
    ----------
    n : int
        Number of entries (at least 1).
    name : str, optional
        Base name of the symbols.

    Returns
    -------
    tuple of sympy.Symbol
        Positive symbols.

    Examples
    --------
    >>> x = positive_symbols(2)
    >>> x, x[1].is_positive
    ((x_1, x_2), True)
    """
    _check_n(n, "positive_symbols")
    return tuple(sp.Symbol(f"{name}_{j}", positive=True) for j in range(1, n + 1))


def exp_symbols(n: int) -> tuple[sp.Symbol, ...]:
    """Return positive symbols ``e_1, ..., e_n`` standing for ``exp(z_1), ..., exp(z_n)``.

    Concrete-``n`` proofs substitute ``z_j = log e_j`` so every softmax expression becomes a
    rational function of the ``e_j``, which ``cancel`` decides exactly and quickly.

    Parameters
    ----------
    n : int
        Number of classes.

    Returns
    -------
    tuple of sympy.Symbol
        Positive symbols.

    Examples
    --------
    >>> exp_symbols(2)
    (e_1, e_2)
    """
    return positive_symbols(n, "e")


@dataclass(frozen=True)
class GeneralSymbols:
    """Symbols for general-``n`` derivations.

    Attributes
    ----------
    n : sympy.Symbol
        Number of classes, a positive integer.
    i, j, k, m : sympy.Symbol
        Class indices, positive integers understood to lie in ``1..n``.
    z, y, s, x, v : sympy.IndexedBase
        Logits (real), targets (real), softmax outputs (positive), positive inputs of standard
        normalization, and a real direction vector.
    """

    n: sp.Symbol
    i: sp.Symbol
    j: sp.Symbol
    k: sp.Symbol
    m: sp.Symbol
    z: sp.IndexedBase
    y: sp.IndexedBase
    s: sp.IndexedBase
    x: sp.IndexedBase
    v: sp.IndexedBase


@lru_cache(maxsize=1)
def general_symbols() -> GeneralSymbols:
    """Return the shared symbols for general-``n`` derivations.

    Returns
    -------
    GeneralSymbols
        ``n``; indices ``i, j, k, m``; indexed ``z, y, s, x, v``.

    Examples
    --------
    >>> g = general_symbols()
    >>> g.z[g.k], g.n.is_integer
    (z[k], True)
    """
    n = sp.Symbol("n", integer=True, positive=True)
    i, j, k, m = sp.symbols("i j k m", integer=True, positive=True)
    return GeneralSymbols(
        n=n,
        i=i,
        j=j,
        k=k,
        m=m,
        z=sp.IndexedBase("z", real=True),
        y=sp.IndexedBase("y", real=True),
        s=sp.IndexedBase("s", positive=True),
        x=sp.IndexedBase("x", positive=True),
        v=sp.IndexedBase("v", real=True),
    )
