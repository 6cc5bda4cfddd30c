r"""Exact limits without ``sympy.limit``: rational functions at 0, and continuity.

``sympy.limit`` is general but slow (a Gruntz series expansion per call). The limits of the
site have a simple shape once written in the right variable: ``t -> oo`` with ``u = e^{-t} -> 0+``
turns a softmax expression into a rational function of ``u``; ``T -> 0+`` with
``q = e^{-p/T} -> 0+`` likewise. For those the limit is decided exactly by
:func:`rational_limit_at_zero` (lowest-order terms of numerator and denominator) or, when the
expression is continuous at the limit point, by :func:`value_by_continuity`.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

__all__ = ["rational_limit_at_zero", "value_by_continuity"]


def rational_limit_at_zero(expr: sp.Expr, u: sp.Symbol) -> sp.Expr:
    r"""Return :math:`\lim_{u \to 0^+}` of a rational function of ``u``, exactly.

    After ``cancel``, numerator and denominator are polynomials in ``u``; their lowest-order
    terms :math:`a u^p` and :math:`b u^q` decide the limit: :math:`a/b` if :math:`p = q`,
    ``0`` if :math:`p > q`, and :math:`\pm\infty` (sign of :math:`a/b`) if :math:`p < q`.

    Parameters
    ----------
    expr : sympy.Expr
        Rational in ``u`` (other symbols may appear in the coefficients).
    u : sympy.Symbol
        The variable tending to ``0+``.

    Returns
    -------
    sympy.Expr
        The limit.

    Raises
    ------
    ValueError
        If ``expr`` is not rational in ``u``.

    Examples
    --------
    >>> import sympy as sp
    >>> u = sp.Symbol("u", positive=True)
    >>> rational_limit_at_zero((1 + u) / (2 + u**2), u)
    1/2
    >>> rational_limit_at_zero(u / (u + u**2), u)
    1
    >>> rational_limit_at_zero(1 / (u + u**2), u)
    oo
    """
    num, den = sp.fraction(sp.cancel(sp.together(sp.sympify(expr))))
    if not (num.is_polynomial(u) and den.is_polynomial(u)):
        raise ValueError(f"rational_limit_at_zero: {expr} is not rational in {u}")
    (p, a), (q, b) = _lowest(num, u), _lowest(den, u)
    if p > q:
        return sp.S.Zero
    ratio = sp.cancel(a / b)
    if p == q:
        return ratio
    if ratio.is_positive:
        return sp.oo
    if ratio.is_negative:
        return -sp.oo
    raise ValueError(f"rational_limit_at_zero: cannot decide the sign of {ratio}")


def _lowest(poly: sp.Expr, u: sp.Symbol) -> tuple[int, sp.Expr]:
    if poly == 0:
        return (10**9, sp.S.Zero)  # the zero polynomial: limit 0 (p > q always)
    terms = sp.Poly(poly, u).terms()
    degree = min(m[0] for m, _ in terms)
    return degree, sp.Add(*[c for m, c in terms if m[0] == degree])


_ALLOWED = (sp.Add, sp.Mul, sp.Pow, sp.exp, sp.log, sp.Symbol, sp.Number, sp.NumberSymbol)


def value_by_continuity(expr: sp.Expr, point: Mapping[sp.Symbol, sp.Expr]) -> sp.Expr:
    """Return the limit of ``expr`` at ``point`` when the expression is continuous there.

    The expression must be built from ``+``, ``*``, powers, ``exp`` and ``log``; it is then
    continuous at the point if every negative or non-integer power has a positive base there and
    every ``log`` a positive argument there, which is checked. The limit is the value.

    Parameters
    ----------
    expr : sympy.Expr
        The expression.
    point : mapping
        Symbol to limit value (finite).

    Returns
    -------
    sympy.Expr
        The value at the point, which is the limit.

    Raises
    ------
    ValueError
        If continuity at the point cannot be established.

    Examples
    --------
    >>> import sympy as sp
    >>> T, q = sp.symbols("T q", positive=True)
    >>> value_by_continuity(T * sp.log(1 + q) + 1 / (1 + q), {T: 0, q: 0})
    1
    >>> value_by_continuity(1 / q, {q: 0})
    Traceback (most recent call last):
    ...
    ValueError: value_by_continuity: 1/q: base q is not positive at the point
    """
    expr = sp.sympify(expr)
    table = {k: sp.sympify(v) for k, v in point.items()}
    for node in sp.preorder_traversal(expr):
        if not isinstance(node, _ALLOWED):
            raise ValueError(f"value_by_continuity: {expr}: cannot certify continuity of {node}")
        negative_or_fractional = isinstance(node, sp.Pow) and not (
            node.exp.is_Integer and node.exp >= 0
        )
        if negative_or_fractional and node.base.xreplace(table).is_positive is not True:
            raise ValueError(
                f"value_by_continuity: {expr}: base {node.base} is not positive at the point"
            )
        if isinstance(node, sp.log) and node.args[0].xreplace(table).is_positive is not True:
            raise ValueError(
                f"value_by_continuity: {expr}: log argument {node.args[0]} is not positive"
            )
    return expr.xreplace(table)
