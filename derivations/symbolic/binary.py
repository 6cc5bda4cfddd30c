"""Two-class helpers: display functions for sigma and softplus, and rewrites into them.

The claims of the ``binary`` and ``curvature`` pages derive results from the softmax
definition and then *read off* the sigmoid or softplus argument, so the displayed statement
comes from the derivation, not from a typed formula.
"""

from __future__ import annotations

import sympy as sp

from . import definitions as d

__all__ = ["SIGMA", "ZETA", "in_sigma", "sigmoid_argument", "softplus_argument", "to_definitions"]

#: Display-only sigmoid, rendered ``\sigma``.
SIGMA = sp.Function(r"\sigma")
#: Display-only softplus, rendered ``\zeta`` (Goodfellow et al.'s notation).
ZETA = sp.Function(r"\zeta")
_S = sp.Symbol("S", positive=True)


def to_definitions(expr: sp.Expr) -> sp.Expr:
    """Replace the display functions ``SIGMA``/``ZETA`` by their SymPy definitions.

    Parameters
    ----------
    expr : sympy.Expr
        Expression that may contain ``SIGMA(t)`` or ``ZETA(t)``.

    Returns
    -------
    sympy.Expr
        The same expression with ``1/(1+exp(-t))`` and ``log(1+exp(t))`` substituted.

    Examples
    --------
    >>> t = sp.Symbol("t", real=True)
    >>> to_definitions(SIGMA(t) + ZETA(t))
    log(exp(t) + 1) + 1/(1 + exp(-t))
    """
    if not isinstance(expr, sp.Basic):
        raise TypeError(f"to_definitions: expected a SymPy expression, got {type(expr).__name__}")
    return expr.replace(SIGMA, d.sigmoid).replace(ZETA, d.softplus)


def sigmoid_argument(p: sp.Expr) -> sp.Expr:
    """Derive ``u`` with ``p = sigma(u)``: the logit ``log(p / (1 - p))`` of a probability.

    Parameters
    ----------
    p : sympy.Expr
        A probability written with ``exp`` of real symbols (e.g. a softmax entry).

    Returns
    -------
    sympy.Expr
        The argument ``u``, reduced (``cancel`` of ``p/(1-p)``, then ``expand_log``).

    Examples
    --------
    >>> z1, z2 = sp.symbols("z_1 z_2", real=True)
    >>> sigmoid_argument(sp.exp(z1) / (sp.exp(z1) + sp.exp(z2)))
    z_1 - z_2
    """
    if not isinstance(p, sp.Basic):
        raise TypeError(f"sigmoid_argument: expected a SymPy expression, got {type(p).__name__}")
    odds = sp.powsimp(sp.cancel(p / (1 - p)))
    return sp.expand(sp.expand_log(sp.log(odds), force=False))


def softplus_argument(loss: sp.Expr) -> sp.Expr:
    """Derive ``v`` with ``loss = softplus(v) = log(1 + exp(v))``, i.e. ``log(exp(loss) - 1)``.

    Parameters
    ----------
    loss : sympy.Expr
        A loss of the form ``-log(sigmoid(...))`` or ``log(1 + exp(...))``.

    Returns
    -------
    sympy.Expr
        The argument ``v``, expanded.

    Examples
    --------
    >>> z = sp.Symbol("z", real=True)
    >>> softplus_argument(-sp.log(d.sigmoid(z)))
    -z
    """
    if not isinstance(loss, sp.Basic):
        raise TypeError(
            f"softplus_argument: expected a SymPy expression, got {type(loss).__name__}"
        )
    inner = sp.powsimp(sp.cancel(sp.exp(loss) - 1))
    return sp.expand(sp.expand_log(sp.log(inner)))


def in_sigma(expr: sp.Expr, t: sp.Symbol) -> sp.Expr:
    r"""Rewrite an expression rational in ``exp(t)`` as a factored function of ``sigma(t)``.

    Substitutes ``exp(t) = S/(1-S)`` (``S = sigma(t)``), cancels, factors, and shows ``S``
    as ``SIGMA(t)``.

    Parameters
    ----------
    expr : sympy.Expr
        Expression in ``t`` that is rational in ``exp(t)``.
    t : sympy.Symbol
        The real variable.

    Returns
    -------
    sympy.Expr
        The expression in ``SIGMA(t)``.

    Examples
    --------
    >>> t = sp.Symbol("t", real=True)
    >>> in_sigma(sp.diff(d.sigmoid(t), t), t)
    -(\sigma(t) - 1)*\sigma(t)
    """
    if not isinstance(t, sp.Symbol):
        raise TypeError(f"in_sigma: t must be a SymPy Symbol, got {type(t).__name__}")
    e = sp.Symbol("e", positive=True)
    rational = sp.cancel(sp.expand(expr, power_exp=True).xreplace({t: sp.log(e)}))
    if rational.has(sp.log) or rational.has(sp.exp):
        raise ValueError(f"in_sigma: {expr} is not rational in exp({t})")
    in_s = sp.factor(sp.cancel(rational.xreplace({e: _S / (1 - _S)})))
    return in_s.xreplace({_S: SIGMA(t)})
