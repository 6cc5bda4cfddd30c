r"""Curvature along the margin, for any number of classes: the steps, each made by SymPy.

The path: the true class is class 1, and the :math:`n - 1` wrong classes share one logit,
:math:`z = (0, t, \dots, t)`. The margin is then :math:`t = \max_{j \ne 1} z_j - z_1`, positive
when the model is wrong. Along it, the softmax gives the true class

.. math:: s_1 = \frac{1}{1 + (n - 1) e^{t}},

and both losses are functions of :math:`s_1` alone. Each function below returns a
:class:`~.chain.Chain` whose lines are made by SymPy from the general definitions of
:mod:`.general_definitions` (with :math:`n` a symbol): split the sum into the true class and
the others, put the logits on the path, sum the :math:`n - 1` equal terms, differentiate with
the chain rule through :math:`s_1(t)`. :func:`margin_second_derivative` gives the squared
error's second derivative as an expression in :math:`(n, t)`, for figures.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import sympy as sp

from . import general_definitions as gd
from .chain import Chain
from .general import CE, MSE
from .rewrite import canonical_sums, collapse_deltas, resolve_ranges
from .symbols import general_symbols

__all__ = [
    "MARGIN",
    "ce_second_derivative",
    "concavity_threshold",
    "expanded",
    "margin_second_derivative",
    "one_dummy",
    "path_ce",
    "path_ce_second",
    "path_ce_slope",
    "path_loss",
    "path_probability",
    "path_probability_rate",
    "path_second",
    "path_slope",
    "quadratic_form",
    "split_first",
    "variance",
]

#: The margin :math:`t` (how far the wrong logits are ahead of the true one).
MARGIN = sp.Symbol("t", real=True)
_G = general_symbols()
#: The true class's probability along the path, :math:`s_1`.
_S1 = _G.s[1]


def split_first(expr: sp.Expr) -> sp.Expr:
    """Write every sum over ``1..n`` as its first term plus the sum over ``2..n``.

    Parameters
    ----------
    expr : sympy.Expr
        A general-``n`` expression.

    Returns
    -------
    sympy.Expr
        The same, each full sum split (unevaluated, so it prints first term first).

    Examples
    --------
    >>> g = general_symbols()
    >>> split_first(sp.Sum(g.z[g.m], (g.m, 1, g.n)))
    z[1] + Sum(z[m], (m, 2, n))
    """

    def split(total: sp.Sum) -> sp.Expr:
        ((index, low, high),) = total.limits
        if low != 1 or high != _G.n:
            return total
        first = total.function.xreplace({index: sp.S.One})
        # Unevaluated, so the line reads "first term + the rest".
        return sp.Add(first, sp.Sum(total.function, (index, 2, high)), evaluate=False)

    return expr.replace(lambda e: isinstance(e, sp.Sum), split)


def _on_path(expr: sp.Expr) -> sp.Expr:
    """Put the logits and the target on the path.

    Class 1 has logit 0 and target 1; in a sum over the wrong classes ``2..n`` every logit is
    ``t`` and every target 0.
    """
    t = MARGIN

    def wrong(total: sp.Sum) -> sp.Expr:
        ((index, low, _),) = total.limits
        if low != 2:
            return total
        body = total.function.xreplace({_G.z[index]: t, _G.y[index]: sp.S.Zero})
        return sp.Sum(body, *total.limits)

    out = expr.xreplace({_G.z[1]: sp.S.Zero, _G.y[1]: sp.S.One})
    return out.replace(lambda e: isinstance(e, sp.Sum), wrong)


def _regroup(target: sp.Expr) -> Callable[[sp.Expr], sp.Expr]:
    """Return a step that writes the last line as ``target``, after checking they are equal."""

    def step(expr: sp.Expr) -> sp.Expr:
        if sp.cancel(sp.together(expr - target)) != 0:
            raise ValueError(f"curvature: {target} is not the regrouped {expr}")
        return target

    return step


def _chain_rule(expr: sp.Expr) -> sp.Expr:
    r"""Differentiate in :math:`t` with :math:`s_1` a function of :math:`t` (left unevaluated)."""
    t = MARGIN
    unknown = sp.Function("true_class_probability")(t)

    def through(derivative: sp.Derivative) -> sp.Expr:
        ((wrt, order),) = derivative.variable_count
        out = sp.diff(derivative.expr.xreplace({_S1: unknown}), wrt, order)
        return out.xreplace({sp.Derivative(unknown, t): sp.Derivative(_S1, t)}).xreplace(
            {unknown: _S1}
        )

    return expr.replace(lambda e: isinstance(e, sp.Derivative), through)


@lru_cache(maxsize=1)
def path_probability() -> Chain:
    r"""Derive :math:`s_1 = 1/(1 + (n - 1)e^{t})` on the path :math:`z = (0, t, \dots, t)`.

    Returns
    -------
    Chain
        Definition, the true class split off, the path, the :math:`n - 1` equal terms summed.

    Examples
    --------
    >>> path_probability().result
    1/((n - 1)*exp(t) + 1)
    """
    return (
        Chain.start(_S1, gd.g_softmax(sp.S.One), "definition of the softmax")
        .then("split off the true class", split_first)
        .then("the path: $z_1 = 0$, $z_m = t$ for $m \\ge 2$", _on_path)
        .then("$n - 1$ equal terms", lambda e: e.doit())
    )


@lru_cache(maxsize=1)
def path_probability_rate() -> Chain:
    r"""Derive :math:`\partial s_1/\partial t = -s_1(1 - s_1)` along the path.

    Returns
    -------
    Chain
        The derivative of :func:`path_probability`, written in :math:`s_1` (by solving
        :math:`s_1 = 1/(1 + (n-1)e^t)` for :math:`e^t`), the minus sign in front, where a
        reader sees that :math:`s_1` falls.

    Examples
    --------
    >>> path_probability_rate().result.doit()
    -(1 - s[1])*s[1]
    """
    t = MARGIN
    probability = path_probability().result
    growth = sp.Symbol("growth", positive=True)  # e^t
    (solution,) = sp.solve(sp.Eq(probability.xreplace({sp.exp(t): growth}), _S1), growth)

    def in_s1(expr: sp.Expr) -> sp.Expr:
        found = sp.factor(sp.cancel(expr.xreplace({sp.exp(t): solution})))
        # Printed -s_1(1 - s_1) (SymPy would print s_1(s_1 - 1)); the same value, checked.
        written = sp.UnevaluatedExpr(sp.Mul(-1, _S1, sp.Add(1, -_S1), evaluate=False))
        if sp.expand(written.doit() - found) != 0:
            raise ValueError("path_probability_rate: -s_1(1 - s_1) is not the derivative")
        return written

    return (
        Chain.start(sp.Derivative(_S1, t), sp.Derivative(probability, t), "path probability")
        .then("differentiate", lambda e: e.doit())
        .then("write $e^{t}$ in $s_1$", in_s1)
    )


def _rate(expr: sp.Expr) -> sp.Expr:
    return expr.xreplace({sp.Derivative(_S1, MARGIN): path_probability_rate().result.doit()})


def _rate_as(target: sp.Expr) -> Callable[[sp.Expr], sp.Expr]:
    """Substitute the derived rate of :math:`s_1` and write the result as ``target``."""
    return lambda expr: _regroup(target)(_rate(expr))


@lru_cache(maxsize=1)
def path_loss() -> Chain:
    r"""Derive :math:`L = \frac{n}{2(n-1)}(1 - s_1)^2` on the path (true class 1).

    Returns
    -------
    Chain
        Definition, the true class split off with :math:`y = e_1`, the wrong classes' equal
        share of :math:`1 - s_1`, the :math:`n - 1` equal terms summed, collected.

    Examples
    --------
    >>> path_loss().result
    n*(1 - s[1])**2/(2*(n - 1))
    """
    g, t = _G, MARGIN
    probability = path_probability().result

    def share(expr: sp.Expr) -> sp.Expr:
        # Each wrong class gets e^t / (1 + (n - 1) e^t), which is (1 - s_1)/(n - 1).
        wrong = _on_path(split_first(gd.g_softmax(g.i))).xreplace({g.z[g.i]: t}).doit()
        if sp.cancel(wrong - (1 - probability) / (g.n - 1)) != 0:
            raise ValueError("path_loss: the wrong classes do not share 1 - s_1 equally")

        def each(total: sp.Sum) -> sp.Expr:
            ((index, low, _),) = total.limits
            if low != 2:
                return total
            body = total.function.xreplace({g.s[index]: (1 - _S1) / (g.n - 1)})
            return sp.Sum(body, *total.limits)

        return expr.replace(lambda e: isinstance(e, sp.Sum), each)

    half = sp.Rational(1, 2)
    return (
        Chain.start(MSE, gd.g_mse_on_softmax(), "definition of $L$")
        .then("split off the true class, $y = e_1$", lambda e: _on_path(split_first(e)))
        .then("equal shares of $1 - s_1$", share)
        .then("$n - 1$ equal terms", lambda e: e.doit())
        .then("collect", _regroup(half * g.n / (g.n - 1) * (1 - _S1) ** 2))
    )


@lru_cache(maxsize=1)
def path_slope() -> Chain:
    r"""Derive :math:`\partial L/\partial t = \frac{n}{n-1} s_1 (1 - s_1)^2` along the path.

    Returns
    -------
    Chain
        :math:`L` in :math:`s_1`, the chain rule, :math:`\partial s_1/\partial t`.

    Examples
    --------
    >>> path_slope().result
    n*(1 - s[1])**2*s[1]/(n - 1)
    """
    g, t = _G, MARGIN
    return (
        Chain.start(sp.Derivative(MSE, t), sp.Derivative(path_loss().result, t), "$L$ in $s_1$")
        .then("chain rule", _chain_rule)
        .then("$\\partial s_1 / \\partial t$", _rate_as(g.n / (g.n - 1) * _S1 * (1 - _S1) ** 2))
    )


@lru_cache(maxsize=1)
def path_second() -> Chain:
    r"""Derive :math:`\partial^2 L/\partial t^2 = -\frac{n}{n-1} s_1 (1 - s_1)^2 (1 - 3 s_1)`.

    Returns
    -------
    Chain
        The slope, the chain rule, :math:`\partial s_1/\partial t`, factored.

    Examples
    --------
    >>> path_second().result
    -n*(1 - 3*s[1])*(1 - s[1])**2*s[1]/(n - 1)
    """
    g, t = _G, MARGIN
    rate = sp.Derivative(_S1, t)
    factored = g.n / (g.n - 1) * (1 - _S1) * (1 - 3 * _S1) * rate
    second = -g.n / (g.n - 1) * _S1 * (1 - _S1) ** 2 * (1 - 3 * _S1)
    return (
        Chain.start(
            sp.Derivative(MSE, (t, 2)),
            sp.Derivative(path_slope().result, t),
            "$\\partial L/\\partial t$",
        )
        .then("chain rule", lambda e: _regroup(factored)(_chain_rule(e)))
        .then("$\\partial s_1 / \\partial t$", _rate_as(second))
    )


@lru_cache(maxsize=1)
def path_ce() -> Chain:
    r"""Derive :math:`\mathrm{CE} = -\log s_1` on the path (true class 1).

    Returns
    -------
    Chain
        Definition, the true class split off with :math:`y = e_1`.

    Examples
    --------
    >>> path_ce().result
    -log(s[1])
    """
    return Chain.start(CE, gd.g_cross_entropy(), "definition of CE").then(
        "split off the true class, $y = e_1$",
        lambda e: _on_path(split_first(e)).doit(),
    )


@lru_cache(maxsize=1)
def path_ce_slope() -> Chain:
    r"""Derive :math:`\partial\,\mathrm{CE}/\partial t = 1 - s_1` along the path.

    Returns
    -------
    Chain
        The chain rule and :math:`\partial s_1/\partial t`.

    Examples
    --------
    >>> path_ce_slope().result
    1 - s[1]
    """
    t = MARGIN
    return (
        Chain.start(sp.Derivative(CE, t), sp.Derivative(path_ce().result, t), "CE in $s_1$")
        .then("chain rule", _chain_rule)
        .then("$\\partial s_1 / \\partial t$", lambda e: sp.expand(_rate(e)))
    )


@lru_cache(maxsize=1)
def path_ce_second() -> Chain:
    r"""Derive :math:`\partial^2 \mathrm{CE}/\partial t^2 = s_1 (1 - s_1)` along the path.

    Returns
    -------
    Chain
        The slope, the chain rule, :math:`\partial s_1/\partial t`.

    Examples
    --------
    >>> path_ce_second().result
    (1 - s[1])*s[1]
    """
    t = MARGIN
    return (
        Chain.start(
            sp.Derivative(CE, (t, 2)),
            sp.Derivative(path_ce_slope().result, t),
            "$\\partial \\mathrm{CE}/\\partial t$",
        )
        .then("chain rule", _chain_rule)
        .then("$\\partial s_1 / \\partial t$", _rate_as(_S1 * (1 - _S1)))
    )


@lru_cache(maxsize=1)
def concavity_threshold() -> tuple[sp.Expr, sp.Expr]:
    r"""Derive where the squared error's second derivative changes sign along the path.

    Its factors in :math:`s_1` vanish on :math:`(0, 1)` only where :math:`1 - 3 s_1 = 0`; the
    margin there solves :math:`s_1(t) = 1/3`.

    Returns
    -------
    tuple of sympy.Expr
        ``(probability, margin)``: :math:`1/3` and :math:`\log\bigl(2/(n - 1)\bigr)`.

    Examples
    --------
    >>> concavity_threshold()
    (1/3, log(2/(n - 1)))
    """
    p = sp.Symbol("p", positive=True)
    second = path_second().result.xreplace({_S1: p})
    roots = sp.solveset(sp.numer(sp.factor(second)), p, sp.Interval.open(0, 1))
    if not (isinstance(roots, sp.FiniteSet) and len(roots) == 1):
        raise ValueError(f"concavity_threshold: expected one sign change in (0, 1), got {roots}")
    (probability,) = roots
    margins = sp.solve(sp.Eq(path_probability().result, probability), MARGIN)
    if len(margins) != 1:
        raise ValueError(f"concavity_threshold: expected one margin, got {margins}")
    return probability, margins[0]


def _on_path_in_t(expr: sp.Expr, n: int | None) -> sp.Expr:
    out = expr.xreplace({_S1: path_probability().result})
    if n is None:
        return out
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"margin_second_derivative: n must be None or an int >= 2, got {n!r}")
    return out.xreplace({_G.n: sp.Integer(n)})


def margin_second_derivative(n: int | None = None) -> sp.Expr:
    r"""Return the squared error's second derivative in the margin, an expression of ``(n, t)``.

    The derived :math:`\partial^2 L/\partial t^2` of :func:`path_second` with
    :math:`s_1 = 1/(1 + (n - 1)e^t)` put in, on the path :math:`z = (0, t, \dots, t)` with the
    true class first and :math:`L = \tfrac12\lVert s - e_1\rVert^2`. Negative (the loss concave)
    exactly where :math:`s_1 < 1/3`, i.e. :math:`t > \log\bigl(2/(n-1)\bigr)`.

    Parameters
    ----------
    n : int, optional
        A number of classes (at least 2) to put in; by default :math:`n` stays a symbol
        (``general_symbols().n``).

    Returns
    -------
    sympy.Expr
        In :data:`MARGIN` ``t`` (and ``n`` when not given); ready for ``lambdify``.

    Raises
    ------
    ValueError
        If ``n`` is not ``None`` or an int of at least 2.

    Examples
    --------
    >>> margin_second_derivative(2).subs(MARGIN, 0)
    1/8
    >>> f = sp.lambdify((general_symbols().n, MARGIN), margin_second_derivative())
    >>> round(float(f(10, 0.0)), 4)  # n = 10, t = 0: the model is not wrong, yet L is concave
    -0.063
    """
    return _on_path_in_t(path_second().result, n)


def ce_second_derivative(n: int | None = None) -> sp.Expr:
    r"""Return cross-entropy's second derivative in the margin, :math:`s_1(1 - s_1)`, in ``(n, t)``.

    Parameters
    ----------
    n : int, optional
        A number of classes (at least 2); by default a symbol.

    Returns
    -------
    sympy.Expr
        In ``t`` (and ``n``); positive everywhere.

    Raises
    ------
    ValueError
        If ``n`` is not ``None`` or an int of at least 2.

    Examples
    --------
    >>> ce_second_derivative(2).subs(MARGIN, 0)
    1/4
    """
    return _on_path_in_t(path_ce_second().result, n)


# -- Quadratic forms of a symmetric n x n matrix given by its general entry -------------------


def one_dummy(expr: sp.Expr) -> sp.Expr:
    """Rename the dummy of every single sum over ``1..n`` to ``i``.

    Equal sums written with different dummies then are one object, and their products powers.

    Parameters
    ----------
    expr : sympy.Expr
        A general-``n`` expression.

    Returns
    -------
    sympy.Expr
        The same expression with every ``Sum(f(m), (m, 1, n))`` written with the dummy ``i``.

    Examples
    --------
    >>> g = general_symbols()
    >>> a = sp.Sum(g.s[g.j] * g.v[g.j], (g.j, 1, g.n))
    >>> b = sp.Sum(g.s[g.k] * g.v[g.k], (g.k, 1, g.n))
    >>> one_dummy(a * b)
    Sum(s[i]*v[i], (i, 1, n))**2
    """
    g = _G

    def rename(node: sp.Sum) -> sp.Expr:
        if len(node.limits) != 1 or tuple(node.limits[0][1:]) != (1, g.n):
            return node
        dummy = node.limits[0][0]
        return sp.Sum(node.function.xreplace({dummy: g.i}), (g.i, 1, g.n))

    return expr.replace(lambda e: isinstance(e, sp.Sum), rename)


def quadratic_form(entry: sp.Expr, row: sp.Symbol, column: sp.Symbol) -> sp.Expr:
    r"""Derive :math:`v^\top A v = \sum_{a,b} v_a A_{ab} v_b` from the general entry of :math:`A`.

    Contracts ``entry`` with the direction :math:`v` over ``column``, then ``row``, summing out
    the Kronecker deltas (indices in ``1..n``).

    Parameters
    ----------
    entry : sympy.Expr
        :math:`A_{ab}` in the general symbols (e.g. the derived Hessian entry).
    row, column : sympy.Symbol
        The entry's two indices.

    Returns
    -------
    sympy.Expr
        The quadratic form, its sums written with one dummy.

    Examples
    --------
    >>> g = general_symbols()
    >>> quadratic_form(g.s[g.j] * (sp.KroneckerDelta(g.j, g.k) - g.s[g.k]), g.j, g.k)
    -Sum(s[i]*v[i], (i, 1, n))**2 + Sum(s[i]*v[i]**2, (i, 1, n))
    """
    g = _G
    out = sp.sympify(entry)
    for index in (column, row):
        total = sp.Sum(g.v[index] * out, (index, 1, g.n))
        out = collapse_deltas(canonical_sums(resolve_ranges(total.doit())))
    return one_dummy(out)


def variance() -> sp.Expr:
    r"""Return :math:`\mathrm{Var}_s(v) = \sum_j s_j \bigl(v_j - \sum_i s_i v_i\bigr)^2`.

    The variance of the entries of a direction :math:`v` when entry :math:`j` is drawn with
    probability :math:`s_j`.

    Returns
    -------
    sympy.Expr
        A sum of terms :math:`s_j(\cdot)^2`, each non-negative.

    Examples
    --------
    >>> variance().is_nonnegative
    True
    """
    g = _G
    mean = sp.Sum(g.s[g.i] * g.v[g.i], (g.i, 1, g.n))
    return sp.Sum(g.s[g.j] * (g.v[g.j] - mean) ** 2, (g.j, 1, g.n))


@lru_cache(maxsize=32)
def expanded(expr: sp.Expr) -> sp.Expr:
    """Return a general-``n`` expression as a canonical sum of monomials with one dummy.

    Parameters
    ----------
    expr : sympy.Expr
        E.g. :func:`variance`.

    Returns
    -------
    sympy.Expr
        Expanded; products of equal sums are powers.

    Examples
    --------
    >>> expanded(variance()).has(sp.Pow)
    True
    """
    return one_dummy(canonical_sums(one_dummy(canonical_sums(sp.sympify(expr).doit()))))
