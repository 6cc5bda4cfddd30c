r"""General-``n`` derivations, as the steps a textbook shows, each made by SymPy.

Each function returns a :class:`~.chain.Chain` whose lines a page displays and whose last line
(``chain.result``) the claims compare with the claimed closed form. The softmax enters in two
ways: its definition :math:`e^{z_i} / \sum_m e^{z_m}`, which SymPy differentiates, and the name
:math:`s_i` for it, which the later lines use. The steps that use an earlier result (the chain
rule with the softmax Jacobian) substitute that derived result, never a typed one.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
from sympy.core.function import AppliedUndef

from . import general_definitions as gd
from .chain import Chain
from .expressions import LSE
from .rewrite import apply_sum_to_one, canonical_sums, resolve_ranges, to_softmax_notation
from .symbols import general_symbols

__all__ = [
    "CE",
    "MSE",
    "ce_gradient",
    "ce_hessian",
    "ce_in_logits",
    "chain_rule",
    "log_softmax",
    "log_softmax_gradient",
    "lse_gradient",
    "mse_gradient",
    "normalization_nll_gradient",
    "softmax_jacobian",
    "substitute_jacobian",
    "sum_out_deltas",
]

#: The cross-entropy, as the left-hand side of derived equations.
CE = sp.Symbol(r"\mathrm{CE}", real=True)
#: The squared error on the softmax, :math:`L = \tfrac12 \lVert s - y \rVert^2`.
MSE = sp.Symbol("L", real=True)


def chain_rule(expr: sp.Expr) -> sp.Expr:
    r"""Differentiate through the softmax entries: each ``s_i`` is a function of the logits.

    Every ``Derivative(F, z_j)`` in ``expr`` becomes SymPy's derivative of ``F`` with each
    :math:`s_i` treated as an unknown function of :math:`z_j`, so the result holds
    :math:`\partial s_i / \partial z_j` unevaluated (the next step substitutes the Jacobian).

    Parameters
    ----------
    expr : sympy.Expr
        An expression with unevaluated derivatives of expressions in ``s``.

    Returns
    -------
    sympy.Expr
        The derivatives taken, with :math:`\partial s_i/\partial z_j` left as symbols.

    Examples
    --------
    >>> g = general_symbols()
    >>> chain_rule(sp.Derivative(sp.log(g.s[g.i]), g.z[g.j]))
    Derivative(s[i], z[j])/s[i]
    """
    g = general_symbols()
    unknown = sp.Function("unknown_softmax_entry")

    def through(derivative: sp.Derivative) -> sp.Expr:
        ((wrt, order),) = derivative.variable_count
        body = derivative.expr.replace(
            lambda e: isinstance(e, sp.Indexed) and e.base == g.s,
            lambda e: unknown(e.indices[0], wrt),
        )
        out = sp.diff(body, wrt, order)
        out = out.replace(
            lambda e: isinstance(e, sp.Derivative) and isinstance(e.expr, AppliedUndef),
            lambda e: sp.Derivative(g.s[e.expr.args[0]], wrt),
        )
        return out.replace(
            lambda e: isinstance(e, AppliedUndef) and e.func == unknown,
            lambda e: g.s[e.args[0]],
        )

    out = expr.replace(lambda e: isinstance(e, sp.Derivative) and e.expr.has(g.s), through)
    # Constants leave the sums (the 2 of a square meets the 1/2 in front).
    return out.replace(lambda e: isinstance(e, sp.Sum), sp.factor_terms)


def substitute_jacobian(expr: sp.Expr) -> sp.Expr:
    r"""Replace each :math:`\partial s_a/\partial z_b` by the derived Jacobian entry.

    Parameters
    ----------
    expr : sympy.Expr
        An expression holding unevaluated ``Derivative(s[a], z[b])``.

    Returns
    -------
    sympy.Expr
        The same with :math:`s_a(\delta_{ab} - s_b)` from :func:`softmax_jacobian`.

    Examples
    --------
    >>> g = general_symbols()
    >>> substitute_jacobian(sp.Derivative(g.s[g.i], g.z[g.j]))
    (KroneckerDelta(i, j) - s[j])*s[i]
    """
    g = general_symbols()
    entry = softmax_jacobian().result

    def jacobian(derivative: sp.Derivative) -> sp.Expr:
        a = derivative.expr.indices[0]
        ((b, _),) = derivative.variable_count
        return entry.xreplace({g.i: a, g.j: b.indices[0]})

    return expr.replace(
        lambda e: (
            isinstance(e, sp.Derivative) and isinstance(e.expr, sp.Indexed) and e.expr.base == g.s
        ),
        jacobian,
    )


def sum_out_deltas(expr: sp.Expr) -> sp.Expr:
    """Split sums into monomials and evaluate those with a Kronecker delta (indices in 1..n).

    Parameters
    ----------
    expr : sympy.Expr
        An expression with sums of Kronecker deltas.

    Returns
    -------
    sympy.Expr
        The canonical sum of monomials.

    Examples
    --------
    >>> g = general_symbols()
    >>> sum_out_deltas(sp.Sum(g.y[g.i] * sp.KroneckerDelta(g.i, g.k), (g.i, 1, g.n)))
    y[k]
    """
    return canonical_sums(resolve_ranges(canonical_sums(expr).doit()))


@lru_cache(maxsize=1)
def softmax_jacobian() -> Chain:
    r"""Derive :math:`\partial s_i/\partial z_j = s_i(\delta_{ij} - s_j)` for general ``n`` (F1).

    Returns
    -------
    Chain
        Definition, SymPy's derivative, the deltas summed out, softmax notation, factored.

    Examples
    --------
    >>> softmax_jacobian().result
    (KroneckerDelta(i, j) - s[j])*s[i]
    """
    g = general_symbols()
    lhs = sp.Derivative(g.s[g.i], g.z[g.j])
    definition = sp.Derivative(gd.g_softmax(g.i), g.z[g.j])
    return (
        Chain.start(lhs, definition, "definition of the softmax")
        .then("quotient rule", lambda e: sum_out_deltas(e.doit()))
        .then("write $s_i$ for the softmax", to_softmax_notation)
        .then("factor", lambda e: sp.factor_terms(e))
    )


@lru_cache(maxsize=1)
def log_softmax() -> Chain:
    r"""Derive :math:`\log s_i = z_i - \mathrm{LSE}(z)` for general ``n`` (F3).

    Returns
    -------
    Chain
        Definition, the logarithm of a quotient, the name LSE.

    Examples
    --------
    >>> log_softmax().result
    z[i] - LSE(z)
    """
    g = general_symbols()
    lhs = sp.log(g.s[g.i])
    return (
        Chain.start(lhs, gd.g_log_softmax(g.i), "definition of the softmax")
        .then("log of a quotient, $\\log e^{z_i} = z_i$", sp.expand_log)
        .then("definition of LSE", lambda e: e.xreplace({gd.g_logsumexp(): LSE()}))
    )


@lru_cache(maxsize=1)
def lse_gradient() -> Chain:
    r"""Derive :math:`\partial\,\mathrm{LSE}/\partial z_j = s_j` for general ``n`` (F2).

    The differentiated logit is :math:`z_j`, any class (the site keeps :math:`k` for the true
    class).

    Returns
    -------
    Chain
        Definition, SymPy's derivative, softmax notation.

    Examples
    --------
    >>> lse_gradient().result
    s[j]
    """
    g = general_symbols()
    lhs = sp.Derivative(LSE(), g.z[g.j])
    return (
        Chain.start(lhs, sp.Derivative(gd.g_logsumexp(), g.z[g.j]), "definition of LSE")
        .then("derivative of the log", lambda e: sum_out_deltas(e.doit()))
        .then("definition of $s_j$", to_softmax_notation)
    )


@lru_cache(maxsize=1)
def log_softmax_gradient() -> Chain:
    r"""Derive :math:`\partial \log s_i / \partial z_j = \delta_{ij} - s_j` for general ``n``.

    Returns
    -------
    Chain
        Chain rule, softmax Jacobian.

    Examples
    --------
    >>> log_softmax_gradient().result
    KroneckerDelta(i, j) - s[j]
    """
    g = general_symbols()
    lhs = sp.Derivative(sp.log(g.s[g.i]), g.z[g.j])
    return Chain.start(lhs, chain_rule(lhs), "chain rule").then(
        "softmax Jacobian", substitute_jacobian
    )


@lru_cache(maxsize=1)
def ce_in_logits() -> Chain:
    r"""Derive :math:`\mathrm{CE} = \mathrm{LSE}(z) - \sum_i y_i z_i` for general ``n`` (F4).

    Uses :math:`\sum_i y_i = 1`.

    Returns
    -------
    Chain
        Definition, log-softmax (derived), the sums split, the sum of ``y``.

    Examples
    --------
    >>> ce_in_logits().result
    LSE(z) - Sum(y[i]*z[i], (i, 1, n))
    """
    g = general_symbols()
    log_s = log_softmax().result
    return (
        Chain.start(CE, gd.g_cross_entropy(), "definition of CE")
        .then("log-softmax", lambda e: e.xreplace({sp.log(g.s[g.i]): log_s}))
        .then("split the sum", canonical_sums)
        .then("$\\sum_i y_i = 1$", lambda e: apply_sum_to_one(e, g.y))
    )


@lru_cache(maxsize=1)
def ce_gradient() -> Chain:
    r"""Derive :math:`\partial\,\mathrm{CE}/\partial z_j = s_j - y_j` for general ``n`` (F4).

    The differentiated logit is :math:`z_j`, any class; the sum runs over :math:`i`. Uses
    :math:`\sum_i y_i = 1`.

    Returns
    -------
    Chain
        Definition, chain rule, softmax Jacobian, the delta summed out, the sum of ``y``.

    Examples
    --------
    >>> ce_gradient().result
    s[j] - y[j]
    """
    g = general_symbols()
    lhs = sp.Derivative(CE, g.z[g.j])
    return (
        Chain.start(lhs, sp.Derivative(gd.g_cross_entropy(), g.z[g.j]), "definition of CE")
        .then("chain rule", chain_rule)
        .then("softmax Jacobian", substitute_jacobian)
        .then("sum out $\\delta_{ij}$", sum_out_deltas)
        .then("$\\sum_i y_i = 1$", lambda e: apply_sum_to_one(e, g.y))
    )


@lru_cache(maxsize=1)
def ce_hessian() -> Chain:
    r"""Derive the Hessian :math:`H_{ij} = \partial^2 \mathrm{CE}/\partial z_i \partial z_j` (F5).

    Returns
    -------
    Chain
        The gradient entry :math:`s_j - y_j` (derived), differentiated in :math:`z_i` with the
        softmax Jacobian.

    Examples
    --------
    >>> ce_hessian().result
    (KroneckerDelta(i, j) - s[i])*s[j]
    """
    g = general_symbols()
    lhs = sp.Derivative(CE, g.z[g.j], g.z[g.i])
    gradient = ce_gradient().result
    return (
        Chain.start(lhs, sp.Derivative(gradient, g.z[g.i]), "gradient of CE")
        .then("$y$ does not depend on $z$", lambda e: sp.Derivative(g.s[g.j], g.z[g.i]))
        .then("softmax Jacobian", substitute_jacobian)
    )


@lru_cache(maxsize=1)
def mse_gradient() -> Chain:
    r"""Derive :math:`\partial L/\partial z_j` for :math:`L = \tfrac12\lVert s-y\rVert^2` (F8).

    Returns
    -------
    Chain
        Definition, chain rule, softmax Jacobian, the delta summed out, :math:`s_j` factored.

    Examples
    --------
    >>> mse_gradient().result
    (s[j] - y[j] - Sum((s[i] - y[i])*s[i], (i, 1, n)))*s[j]
    """
    g = general_symbols()
    lhs = sp.Derivative(MSE, g.z[g.j])
    inner = sp.Sum(g.s[g.i] * (g.s[g.i] - g.y[g.i]), (g.i, 1, g.n))

    def collect(expr: sp.Expr) -> sp.Expr:
        # Regroup the monomials as s_j [(s_j - y_j) - sum_i s_i (s_i - y_i)]; the check below
        # makes sure the regrouped form is the same expression.
        grouped = g.s[g.j] * (g.s[g.j] - g.y[g.j] - inner)
        if canonical_sums(grouped) != canonical_sums(expr):
            raise ValueError("mse_gradient: the regrouped form differs from the derivative")
        return grouped

    return (
        Chain.start(lhs, sp.Derivative(gd.g_mse_on_softmax(), g.z[g.j]), "definition of $L$")
        .then("chain rule", chain_rule)
        .then("softmax Jacobian", substitute_jacobian)
        .then("sum out $\\delta_{ij}$", sum_out_deltas)
        .then("collect $s_j$", collect)
    )


@lru_cache(maxsize=1)
def normalization_nll_gradient() -> Chain:
    r"""Derive :math:`\partial(-\log q_k)/\partial x_j` for :math:`q = x/\sum x` (F20).

    Returns
    -------
    Chain
        Definition, SymPy's derivative with the deltas summed out.

    Examples
    --------
    >>> normalization_nll_gradient().result
    -KroneckerDelta(j, k)/x[k] + 1/Sum(x[m], (m, 1, n))
    """
    g = general_symbols()
    q_k = sp.Indexed(sp.IndexedBase("q", positive=True), g.k)
    lhs = sp.Derivative(-sp.log(q_k), g.x[g.j])
    definition = sp.Derivative(gd.g_normalization_nll(g.k), g.x[g.j])
    return Chain.start(lhs, definition, "definition of $q_k$").then(
        "differentiate", lambda e: sp.expand(sum_out_deltas(e.doit()))
    )
