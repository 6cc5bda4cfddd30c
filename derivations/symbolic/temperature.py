r"""The tempered softmax :math:`\mathrm{softmax}(z/T)` for any number of classes, as steps.

Each function returns a :class:`~.chain.Chain` made by SymPy from the unevaluated
:class:`~.expressions.Softmax` and :class:`~.expressions.LSE` of :math:`z/T`, with :math:`n` a
symbol: the definition, the largest logit's class split off, numerator and denominator divided
by one exponential so that only logit *differences* over :math:`T` remain. In that form the
limits :math:`T \to 0^+` and :math:`T \to \infty` are squeezed between simple bounds (the claims
of the page ``temperature`` check those bounds and their limits).

Classes are numbered so that class 1 has a largest logit, :math:`z_1 = \max z`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import sympy as sp

from .chain import Chain
from .curvature import split_first
from .expressions import LSE, Softmax, Z
from .general import sum_out_deltas
from .rewrite import apply_sum_to_one, canonical_sums
from .symbols import general_symbols

__all__ = [
    "CE_T",
    "GAP",
    "MAX",
    "SPREAD",
    "TEMPERATURE",
    "distribute",
    "divide_through",
    "soft_maximum",
    "soft_maximum_rate",
    "tempered_ce_gradient",
    "tempered_entry",
    "tempered_other",
    "tempered_top",
]

#: The temperature :math:`T > 0`.
TEMPERATURE = sp.Symbol("T", positive=True)
#: The largest logit, :math:`\max z` (class 1's logit :math:`z_1` in the derivations).
MAX = sp.Symbol(r"\max z", real=True)
#: The smallest gap :math:`g > 0` between the largest logit and the others (a unique maximum).
GAP = sp.Symbol("g", positive=True)
#: The spread :math:`R = \max z - \min z \ge 0` of the logits.
SPREAD = sp.Symbol("R", nonnegative=True)
#: The cross-entropy of the tempered softmax, as the left-hand side of derived equations.
CE_T = sp.Symbol(r"\mathrm{CE}(z/T)", real=True)

_G = general_symbols()


def divide_through(factor: sp.Expr) -> Callable[[sp.Expr], sp.Expr]:
    """Return a step that multiplies numerator and denominator of a quotient by ``factor``.

    The factor goes into every term of the denominator (into a sum's body), and exponentials
    are combined, so :math:`e^{z_m/T} e^{-z_1/T}` becomes :math:`e^{(z_m - z_1)/T}`.

    Parameters
    ----------
    factor : sympy.Expr
        E.g. ``exp(-z_1/T)``.

    Returns
    -------
    callable
        The step, for :meth:`~.chain.Chain.then`.

    Examples
    --------
    >>> g, T = general_symbols(), TEMPERATURE
    >>> step = divide_through(sp.exp(-g.z[1] / T))
    >>> step(sp.exp(g.z[1] / T) / (sp.exp(g.z[1] / T) + sp.exp(g.z[2] / T)))
    1/(exp((-z[1] + z[2])/T) + 1)
    """

    def step(expr: sp.Expr) -> sp.Expr:
        numerator, denominator = sp.fraction(expr)
        return distribute(numerator, factor) / distribute(denominator, factor)

    return step


def distribute(expr: sp.Expr, factor: sp.Expr) -> sp.Expr:
    """Multiply each term of ``expr`` (and each sum's body) by ``factor``; combine exponentials.

    Parameters
    ----------
    expr : sympy.Expr
        A term or a sum of terms, some of them ``Sum`` objects.
    factor : sympy.Expr
        E.g. ``exp(-z_1/T)``.

    Returns
    -------
    sympy.Expr
        The product, term by term.

    Examples
    --------
    >>> g, T = general_symbols(), TEMPERATURE
    >>> distribute(sp.exp(g.z[1] / T) + sp.exp(g.z[2] / T), sp.exp(-g.z[1] / T))
    exp((-z[1] + z[2])/T) + 1
    """

    def into(term: sp.Expr) -> sp.Expr:
        if isinstance(term, sp.Sum):
            return sp.Sum(into(term.function), *term.limits)
        out = sp.powsimp(sp.expand(term * factor, power_exp=False), combine="exp")
        # One exponent over T: e^{(z_m - z_1)/T}.
        return out.replace(sp.exp, lambda arg: sp.exp(sp.factor_terms(arg)))

    return sp.Add(*[into(term) for term in sp.Add.make_args(expr)])


def _softmax_in_sums(expr: sp.Expr, free: tuple[sp.Symbol, ...] = ()) -> sp.Expr:
    r"""Write :math:`e^{z_m/T}/\sum e^{z/T}` as :math:`\mathrm{softmax}(z/T)_m`.

    Inside sums for their dummy, and outside them for the ``free`` indices.
    """
    g, t = _G, TEMPERATURE
    total = LSE(Z / t).doit().args[0]  # the sum of e^{z_m/T}
    holder = sp.Dummy("normaliser", positive=True)

    def named(index: sp.Symbol) -> dict[sp.Expr, sp.Expr]:
        return {sp.exp(g.z[index] / t): Softmax(Z / t, index) * holder}

    out = sp.expand(expr).xreplace({total: holder})
    for index in free:
        out = out.xreplace(named(index))

    def inside(node: sp.Sum) -> sp.Expr:
        ((index, _, _),) = node.limits
        return sp.Sum(node.function.xreplace(named(index)), *node.limits)

    out = sp.expand(out.replace(lambda e: isinstance(e, sp.Sum), inside))
    out = sp.expand(out.replace(lambda e: isinstance(e, sp.Sum), sp.factor_terms))
    return out.xreplace({sp.log(holder): LSE(Z / t), holder: total})


@lru_cache(maxsize=1)
def tempered_top() -> Chain:
    r"""Derive :math:`\mathrm{softmax}(z/T)_1 = 1/\bigl(1 + \sum_{m=2}^n e^{(z_m - z_1)/T}\bigr)`.

    Returns
    -------
    Chain
        Definition, class 1 split off, divided through by :math:`e^{z_1/T}`.

    Examples
    --------
    >>> tempered_top().result
    1/(Sum(exp((-z[1] + z[m])/T), (m, 2, n)) + 1)
    """
    g, t = _G, TEMPERATURE
    lhs = Softmax(Z / t, sp.S.One)
    return (
        Chain.start(lhs, lhs.doit(), "definition")
        .then("split off class 1", split_first)
        .then("divide by $e^{z_1/T}$", divide_through(sp.exp(-g.z[1] / t)))
    )


@lru_cache(maxsize=1)
def tempered_other() -> Chain:
    r"""Derive :math:`\mathrm{softmax}(z/T)_i` for a class :math:`i \ne 1`, over :math:`e^{z_1/T}`.

    Returns
    -------
    Chain
        Definition, class 1 split off, divided through by :math:`e^{z_1/T}`.

    Examples
    --------
    >>> tempered_other().result
    exp((-z[1] + z[i])/T)/(Sum(exp((-z[1] + z[m])/T), (m, 2, n)) + 1)
    """
    g, t = _G, TEMPERATURE
    lhs = Softmax(Z / t, g.i)
    return (
        Chain.start(lhs, lhs.doit(), "definition")
        .then("split off class 1", split_first)
        .then("divide by $e^{z_1/T}$", divide_through(sp.exp(-g.z[1] / t)))
    )


@lru_cache(maxsize=1)
def tempered_entry() -> Chain:
    r"""Derive :math:`\mathrm{softmax}(z/T)_i = 1/\sum_{m=1}^n e^{(z_m - z_i)/T}`.

    Returns
    -------
    Chain
        Definition, divided through by :math:`e^{z_i/T}`.

    Examples
    --------
    >>> tempered_entry().result
    1/Sum(exp((-z[i] + z[m])/T), (m, 1, n))
    """
    g, t = _G, TEMPERATURE
    lhs = Softmax(Z / t, g.i)
    return Chain.start(lhs, lhs.doit(), "definition").then(
        "divide by $e^{z_i/T}$", divide_through(sp.exp(-g.z[g.i] / t))
    )


@lru_cache(maxsize=1)
def soft_maximum() -> Chain:
    r"""Derive :math:`T\,\mathrm{LSE}(z/T) = z_1 + T\log(1 + \sum_{m \ge 2} e^{(z_m - z_1)/T})`.

    Returns
    -------
    Chain
        Definition, class 1 split off, :math:`e^{z_1/T}` taken out of the logarithm.

    Examples
    --------
    >>> soft_maximum().result
    T*log(Sum(exp((-z[1] + z[m])/T), (m, 2, n)) + 1) + z[1]
    """
    g, t = _G, TEMPERATURE
    top = sp.exp(g.z[1] / t)

    def take_out(expr: sp.Expr) -> sp.Expr:
        # log(e^{z_1/T} u) = z_1/T + log u for the positive u = 1 + sum e^{(z_m - z_1)/T}.
        (inside,) = [a for a in sp.preorder_traversal(expr) if isinstance(a, sp.log)]
        rest = distribute(inside.args[0], 1 / top)
        if sp.expand(distribute(rest, top) - inside.args[0]) != 0:
            raise ValueError("soft_maximum: e^{z_1/T} does not factor out of the sum")
        return sp.expand(expr.xreplace({inside: g.z[1] / t + sp.log(rest)}), deep=False)

    return (
        Chain.start(t * LSE(Z / t), t * LSE(Z / t).doit(), "definition of LSE")
        .then("split off class 1", split_first)
        .then("take $e^{z_1/T}$ out of the logarithm", take_out)
    )


def _differentiate(expr: sp.Expr) -> sp.Expr:
    """Evaluate the derivative; constants leave the sums (the T of T LSE meets the 1/T^2)."""
    out = sp.expand(expr.doit(), power_exp=False)
    return sp.expand(out.replace(lambda e: isinstance(e, sp.Sum), sp.factor_terms))


@lru_cache(maxsize=1)
def soft_maximum_rate() -> Chain:
    r"""Derive :math:`\partial\bigl(T\,\mathrm{LSE}(z/T)\bigr)/\partial T` as one sum.

    SymPy's derivative, with the tempered softmax named, is
    :math:`\mathrm{LSE}(z/T) - \tfrac1T \sum_m z_m \mathrm{softmax}(z/T)_m`; with
    :math:`\sum_m \mathrm{softmax}(z/T)_m = 1` it is
    :math:`-\sum_m \mathrm{softmax}(z/T)_m \bigl(z_m/T - \mathrm{LSE}(z/T)\bigr)`, in which the
    bracket is the log-softmax :math:`\log \mathrm{softmax}(z/T)_m`: the sum is the entropy (the
    page's next display, a claim, says so; two lines keep this one beside its reasons).

    Returns
    -------
    Chain
        SymPy's derivative with the softmax named, then one sum.

    Examples
    --------
    >>> soft_maximum_rate().lines[0][0]
    LSE(z/T) - Sum(z[m]*softmax(z/T)[m], (m, 1, n))/T
    >>> soft_maximum_rate().result
    -Sum((-LSE(z/T) + z[m]/T)*softmax(z/T)[m], (m, 1, n))
    """
    g, t = _G, TEMPERATURE
    lhs = sp.Derivative(t * LSE(Z / t), t)
    entry = Softmax(Z / t, g.m)
    one_sum = -sp.Sum(entry * (g.z[g.m] / t - LSE(Z / t)), (g.m, 1, g.n))

    def as_one_sum(expr: sp.Expr) -> sp.Expr:
        # LSE(z/T) = sum_m softmax(z/T)_m LSE(z/T): the softmax sums to one.
        if not _one_sum_equal(expr, one_sum):
            raise ValueError("soft_maximum_rate: one sum differs from the derivative")
        return one_sum

    # The first line is SymPy's derivative of the definition T log sum_m e^{z_m/T}, the
    # softmax named in it (the definition line itself would not fit beside the reasons).
    derivative = _softmax_in_sums(_differentiate(sp.Derivative(t * LSE(Z / t).doit(), t)))
    return Chain.start(lhs, derivative, "differentiate").then("sums to $1$", as_one_sum)


def _one_sum_equal(expr: sp.Expr, one_sum: sp.Expr) -> bool:
    """Whether ``expr`` equals ``one_sum`` once the tempered softmax sums to one."""
    # Written out, the softmax's sum is S/S with S = sum_m e^{z_m/T}: the sums cancel.
    return canonical_sums(sp.expand(one_sum.doit() - expr.doit())) == 0


@lru_cache(maxsize=1)
def tempered_ce_gradient() -> Chain:
    r"""Derive :math:`\partial\,\mathrm{CE}(z/T)/\partial z_j = (\mathrm{softmax}(z/T)_j - y_j)/T`.

    Uses :math:`\sum_i y_i = 1`.

    Returns
    -------
    Chain
        The definition with the log-softmax put in, SymPy's derivative with the deltas summed
        out, the sum of ``y``, the softmax named.

    Examples
    --------
    >>> tempered_ce_gradient().result
    (-y[j] + softmax(z/T)[j])/T
    """
    g, t = _G, TEMPERATURE
    loss = -sp.Sum(g.y[g.i] * sp.log(Softmax(Z / t, g.i)), (g.i, 1, g.n))
    log_entry = sp.expand_log(sp.log(Softmax(Z / t, g.i).doit()), force=True)  # all positive
    log_entry = log_entry.xreplace({LSE(Z / t).doit(): LSE(Z / t)})

    def named(expr: sp.Expr) -> sp.Expr:
        out = _softmax_in_sums(expr, (g.j,))
        grouped = (Softmax(Z / t, g.j) - g.y[g.j]) / t
        if sp.expand(out - grouped) != 0:
            raise ValueError("tempered_ce_gradient: the named form differs from the derivative")
        return grouped

    # The first line puts the log-softmax into the definition CE(z/T) = -sum_i y_i log
    # softmax(z/T)_i, which the page states just before (the definition line would not fit).
    with_log_softmax = sp.Derivative(loss, g.z[g.j]).xreplace(
        {sp.log(Softmax(Z / t, g.i)): log_entry}
    )
    return (
        Chain.start(sp.Derivative(CE_T, g.z[g.j]), with_log_softmax, "log-softmax")
        .then("differentiate", lambda e: sum_out_deltas(e.doit()))
        .then("$\\sum_i y_i = 1$", lambda e: apply_sum_to_one(e, g.y))
        .then("the softmax", named)
    )
