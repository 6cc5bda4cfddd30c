r"""The one test of whether a derived expression is identically zero.

Every identity the claims prove comes down to :math:`\text{derived} - \text{claimed} = 0`.
:func:`is_zero` decides it for the two kinds of expression the site has:

* **symbolic n** (``Sum`` over ``1..n``, ``Indexed`` entries, ``KroneckerDelta``): split every
  sum into monomials, use the sums that equal one (:math:`\sum_i y_i = 1`), rename the indices a
  delta forces equal, and expand; the canonical form is zero exactly when the identity holds
  (:mod:`.rewrite` has the rules);
* **fixed size**: exponentials of real symbols become positive variables (one for each
  :math:`e^{z_j}`), so softmax expressions are rational functions, which ``cancel`` decides
  exactly. A non-zero value at one exact rational point refutes an identity faster than
  ``cancel`` can confirm it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from .rewrite import apply_sum_to_one, canonical_sums, collapse_deltas

__all__ = ["exp_as_variables", "is_zero"]


def _is_general(expr: sp.Basic) -> bool:
    return expr.has(sp.Sum) or expr.has(sp.Indexed) or expr.has(sp.KroneckerDelta)


def exp_as_variables(expr: sp.Expr) -> sp.Expr:
    r"""Write :math:`e^{cx}` of every real symbol :math:`x` as :math:`X^c` with :math:`X = e^x > 0`.

    Parameters
    ----------
    expr : sympy.Expr
        An expression with exponentials of real symbols (logits, a margin, a temperature's
        reciprocal ...).

    Returns
    -------
    sympy.Expr
        The same function written in positive variables named ``exp(x)``; a symbol that also
        appears outside an exponential appears there as ``log(X)``.

    Examples
    --------
    >>> t = sp.Symbol("t", real=True)
    >>> exp_as_variables(sp.exp(2 * t) / (1 + sp.exp(t)))
    exp(t)**2/(exp(t) + 1)
    """
    inside = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.exp):
            inside |= {s for s in node.free_symbols if s.is_real}
    table = {x: sp.log(sp.Symbol(f"exp({x.name})", positive=True)) for x in inside}
    return sp.expand(expr, power_exp=True, mul=False, multinomial=False, log=False).xreplace(table)


def _rational_point(symbols: Sequence[sp.Symbol]) -> dict[sp.Symbol, sp.Rational]:
    # Distinct small positive rationals: no denominator of a softmax expression vanishes there.
    return {x: sp.Rational(2 + (7 * a) % 11, 3 + (5 * a) % 7) for a, x in enumerate(symbols)}


def is_zero(expr: sp.Expr, sums_to_one: Sequence[sp.IndexedBase] = ()) -> bool:
    """Decide whether ``expr`` is identically zero.

    Parameters
    ----------
    expr : sympy.Expr
        Typically a derived expression minus the claimed one.
    sums_to_one : sequence of sympy.IndexedBase, optional
        For symbolic ``n``: distributions whose full sums may be replaced by 1.

    Returns
    -------
    bool
        True exactly when the expression is identically zero (for symbolic ``n``: when its
        canonical form is zero).

    Examples
    --------
    >>> from derivations.symbolic.symbols import exp_symbols, general_symbols
    >>> g = general_symbols()
    >>> is_zero(sp.Sum(g.y[g.i], (g.i, 1, g.n)) - 1, [g.y])
    True
    >>> is_zero(sp.Sum(g.y[g.i], (g.i, 1, g.n)) - 1)
    False
    >>> e = exp_symbols(3)
    >>> is_zero(sum(t / sum(e) for t in e) - 1)
    True
    >>> t = sp.Symbol("t", real=True)
    >>> is_zero(sp.exp(t) / (1 + sp.exp(t)) - 1 / (1 + sp.exp(-t)))
    True
    """
    expr = sp.sympify(expr)
    if isinstance(expr, sp.MatrixBase):
        return all(is_zero(e, sums_to_one) for e in expr)
    if _is_general(expr):
        out = canonical_sums(expr)
        for base in sums_to_one:
            out = canonical_sums(apply_sum_to_one(out, base))
        return collapse_deltas(out) == 0
    if expr.has(sp.exp):
        expr = exp_as_variables(expr)
    if expr.has(sp.exp):  # exponentials of non-symbols are left: cancel treats them as generators
        return sp.cancel(sp.together(expr)) == 0
    symbols = sorted(expr.free_symbols, key=lambda x: x.name)
    value = expr.xreplace(_rational_point(symbols))
    if value.is_Rational and value != 0:
        return False
    if _zero_with_free_normaliser(expr):
        return True
    return sp.cancel(sp.together(expr)) == 0


def _zero_with_free_normaliser(expr: sp.Expr) -> bool:
    """Expand with the largest sum of positive variables (a softmax normaliser) as a new symbol.

    An identity that holds with the normaliser free holds in particular at its actual value, so
    a zero here is a proof; at n = 16 it is much faster than ``cancel``. (A non-zero says
    nothing: the identity may need the normaliser's value.)
    """
    sums = [
        node
        for node in sp.preorder_traversal(expr)
        if isinstance(node, sp.Add)
        and len(node.args) > 1
        and all(a.is_Symbol and a.is_positive for a in node.args)
    ]
    if not sums:
        return False
    total = max(sums, key=lambda node: len(node.args))
    free = sp.Dummy("normaliser", positive=True)
    return sp.expand(expr.xreplace({total: free})) == 0
