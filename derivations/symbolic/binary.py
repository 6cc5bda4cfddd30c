r"""Two classes: sigma and softplus, the two-class softmax, and the binary page's derivations.

The claims of the ``binary`` and ``curvature`` pages derive results from the softmax
definition and then *read off* the sigmoid or softplus argument, so the displayed statement
comes from the derivation, not from a typed formula. The chains here are the derivations the
binary page shows: the sigmoid as a two-class softmax (:func:`two_class_softmax`), the binary
negative log-likelihood as a softplus (:func:`binary_nll`), and Nielsen's construction of the
cross-entropy from the gradient it should have (:func:`nielsen_cost_gradient`,
:func:`nielsen_cost`). Symbols are Nielsen's: a sigmoid unit :math:`a = \sigma(z)` with
:math:`z = w + b` (one input, equal to 1), a target :math:`y \in [0, 1]`, a cost :math:`C`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import sympy as sp

from . import definitions as d
from .chain import Chain
from .display import tidy

__all__ = [
    "SIGMA",
    "ZETA",
    "SoftmaxOf",
    "antiderivative",
    "as_sigma",
    "as_written",
    "as_zeta",
    "binary_nll",
    "binary_symbols",
    "in_sigma",
    "nielsen_cost",
    "nielsen_cost_gradient",
    "sigmoid_argument",
    "softplus_argument",
    "to_definitions",
    "two_class_softmax",
]

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


# -- the two-class softmax, written as the pages write it ----------------------------------------


class SoftmaxOf(sp.Expr):  # numpydoc ignore=PR02
    r"""Entry ``index`` of the softmax of listed logits, unevaluated (two classes on the pages).

    Parameters
    ----------
    logits : sequence of sympy.Expr
        The logits, in class order.
    index : int
        The entry, from 1 (classes are numbered from 1).

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> z = sp.Symbol("z", real=True)
    >>> entry = SoftmaxOf((z, 0), 1)
    >>> latex(entry)
    '\\mathrm{softmax}(z, 0)_{1}'
    >>> entry.doit()
    exp(z)/(exp(z) + 1)
    """

    is_commutative = True
    is_real = True

    def __new__(cls, logits: Sequence[sp.Expr] | sp.Tuple, index: int | sp.Integer) -> SoftmaxOf:
        """Create the entry; ``index`` must lie in ``1..len(logits)``."""
        values = sp.Tuple(*logits)
        number = sp.Integer(index)
        if not 1 <= int(number) <= len(values):
            raise ValueError(f"SoftmaxOf: index {number} outside 1..{len(values)}")
        return super().__new__(cls, values, number)

    @property
    def logits(self) -> tuple[sp.Expr, ...]:
        """The logits.

        Returns
        -------
        tuple of sympy.Expr
            In class order.
        """
        return tuple(self.args[0])

    @property
    def index(self) -> int:
        """The entry (from 1).

        Returns
        -------
        int
            The class whose probability this is.
        """
        return int(self.args[1])

    def doit(self, **hints: object) -> sp.Expr:
        r"""Return the quotient this stands for.

        Parameters
        ----------
        **hints : object
            SymPy's ``doit`` hints; not used (the result is always evaluated).

        Returns
        -------
        sympy.Expr
            The softmax entry, :math:`e^{z_k} / \sum_m e^{z_m}` over the listed logits.
        """
        return d.softmax(list(self.logits))[self.index - 1]

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        inside = ", ".join(printer._print(v) for v in self.logits)
        return rf"\mathrm{{softmax}}({inside})_{{{self.index}}}"

    def _sympystr(self, printer: object) -> str:
        return f"softmax({', '.join(str(v) for v in self.logits)})[{self.index}]"


_W = sp.Wild("w")


def as_sigma(expr: sp.Expr) -> sp.Expr:
    r"""Name every :math:`1/(1 + e^{w})` in ``expr`` as :math:`\sigma(-w)` (sigma's definition).

    Parameters
    ----------
    expr : sympy.Expr
        An expression.

    Returns
    -------
    sympy.Expr
        The same, with ``SIGMA``.

    Examples
    --------
    >>> z = sp.Symbol("z", real=True)
    >>> as_sigma(1 / (1 + sp.exp(-z)))
    \sigma(z)
    """
    return expr.replace(1 / (1 + sp.exp(_W)), SIGMA(-_W))


def as_zeta(expr: sp.Expr) -> sp.Expr:
    r"""Name every :math:`\log(1 + e^{w})` in ``expr`` as :math:`\zeta(w)` (softplus' definition).

    Parameters
    ----------
    expr : sympy.Expr
        An expression.

    Returns
    -------
    sympy.Expr
        The same, with ``ZETA``.

    Examples
    --------
    >>> z = sp.Symbol("z", real=True)
    >>> as_zeta(sp.log(1 + sp.exp(-z)))
    \zeta(-z)
    """
    return expr.replace(sp.log(1 + sp.exp(_W)), ZETA(_W))


def _log_of_reciprocal(expr: sp.Expr) -> sp.Expr:
    """Write every ``log(1/u)`` as ``-log(u)``."""
    return expr.replace(
        lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.Pow) and e.args[0].exp == -1,
        lambda e: -sp.log(e.args[0].base),
    )


def two_class_softmax(first: sp.Expr, second: sp.Expr) -> Chain:
    r"""Derive entry 1 of the softmax of two logits as a sigmoid of their difference.

    Parameters
    ----------
    first, second : sympy.Expr
        The two logits (either may be 0: the pinned one).

    Returns
    -------
    Chain
        Definition of the softmax, division by :math:`e^{z_1}`, definition of :math:`\sigma`.

    Examples
    --------
    >>> z1, z2 = sp.symbols("z_1 z_2", real=True)
    >>> two_class_softmax(z1, z2).result
    \sigma(z_1 - z_2)
    >>> two_class_softmax(0, sp.Symbol("z", real=True)).result
    \sigma(-z)
    """
    lhs = SoftmaxOf((first, second), 1)
    return (
        Chain.start(lhs, lhs.doit(), "definition")
        .then(
            "divided by the numerator",
            lambda e: 1 / sp.powsimp(sp.expand(1 / e)),
        )
        .then("definition of $\\sigma$", as_sigma)
    )


# -- the binary negative log-likelihood ------------------------------------------------------------


@lru_cache(maxsize=1)
def binary_symbols() -> dict[str, sp.Symbol]:
    r"""Return the binary page's symbols, by name.

    Returns
    -------
    dict of str to sympy.Symbol
        ``z`` (the logit, real), ``z_1, z_2`` (two logits), ``y`` (target in :math:`[0, 1]`),
        ``a`` (a sigmoid unit's output, in :math:`(0, 1)`), ``C`` (a cost), ``CE`` (the
        cross-entropy), ``const`` (a constant of integration).

    Examples
    --------
    >>> b = binary_symbols()
    >>> b["a"].is_positive, b["z"].is_real
    (True, True)
    """
    z = sp.Symbol("z", real=True)
    z1, z2 = sp.symbols("z_1 z_2", real=True)
    return {
        "z": z,
        "z_1": z1,
        "z_2": z2,
        "y": sp.Symbol("y", real=True, nonnegative=True),
        "a": sp.Symbol("a", positive=True),
        "C": sp.Symbol("C", real=True),
        "CE": sp.Symbol(r"\mathrm{CE}", real=True),
        "const": sp.Symbol(r"\mathrm{const}", real=True),
    }


def binary_nll(label: int) -> Chain:
    r"""Derive the negative log-likelihood of label ``y`` under :math:`P(y = 1) = \sigma(z)`.

    Parameters
    ----------
    label : {0, 1}
        The label: for 1 the loss is :math:`-\log\sigma(z)`, for 0 it is
        :math:`-\log(1 - \sigma(z))`.

    Returns
    -------
    Chain
        Definition of :math:`\sigma`, a common denominator (label 0),
        :math:`-\log(1/u) = \log u`, definition of :math:`\zeta`.

    Raises
    ------
    ValueError
        If ``label`` is not 0 or 1.

    Examples
    --------
    >>> binary_nll(1).result
    \zeta(-z)
    >>> binary_nll(0).result
    \zeta(z)
    """
    if label not in (0, 1):
        raise ValueError(f"binary_nll: label must be 0 or 1, got {label!r}")
    z = binary_symbols()["z"]
    probability = SIGMA(z) if label == 1 else 1 - SIGMA(z)
    lhs = -sp.log(probability)
    return (
        Chain.start(lhs, to_definitions(lhs), "definition of $\\sigma$")
        .then(
            "common denominator",
            lambda e: e.replace(
                lambda x: isinstance(x, sp.log) and isinstance(x.args[0], sp.Add),
                lambda x: sp.log(sp.together(x.args[0])),
            ),
        )
        .then("$-\\log(1/u) = \\log u$", _log_of_reciprocal)
        .then("definition of $\\zeta$", as_zeta)
    )


# -- Nielsen: ask for the gradient, integrate ----------------------------------------------------


def _absorb_sign(expr: sp.Expr) -> sp.Expr:
    """Write ``-(u - 1) v`` as ``(1 - u) v``: a minus sign taken into the only bracket."""
    coeff, factors = expr.as_coeff_mul()
    brackets = [f for f in factors if isinstance(f, sp.Add)]
    if coeff != -1 or len(brackets) != 1:
        return expr
    return sp.Mul(*(f for f in factors if f is not brackets[0]), -brackets[0])


@lru_cache(maxsize=1)
def nielsen_cost_gradient() -> Chain:
    r"""Derive :math:`\partial C/\partial a` from the demand :math:`\partial C/\partial z = a - y`.

    The chain rule gives :math:`\partial C/\partial z = (\partial C/\partial a)(\partial a/\partial
    z)`; with the demand, :math:`\partial C/\partial a` is :math:`a - y` divided by the sigmoid's
    slope :math:`\partial a/\partial z = \sigma(z)(1 - \sigma(z))` (SymPy's derivative of
    :math:`\sigma`, written in :math:`\sigma`), so the first line is already a plain fraction.

    Returns
    -------
    Chain
        The demand divided by the derived slope of :math:`\sigma`, then :math:`\sigma(z) = a`.

    Examples
    --------
    >>> nielsen_cost_gradient().result
    (a - y)/(a*(1 - a))
    """
    b = binary_symbols()
    z, a, y, cost = b["z"], b["a"], b["y"], b["C"]
    # sigma(1 - sigma), kept in the order a person writes it until a = sigma(z) is substituted.
    factors = sp.Mul.make_args(_absorb_sign(in_sigma(sp.diff(d.sigmoid(z), z), z)))
    sigma_slope = sp.UnevaluatedExpr(
        sp.Mul(*sorted(factors, key=lambda f: isinstance(f, sp.Add)), evaluate=False)
    )
    return Chain.start(
        sp.Derivative(cost, a),
        (a - y) / sigma_slope,
        "the demand over $\\partial a/\\partial z$",
    ).then("$\\sigma(z) = a$", lambda e: e.xreplace({SIGMA(z): a}).doit())


def as_written(expr: sp.Expr, last: sp.Expr | None = None) -> sp.UnevaluatedExpr:
    r"""Keep a sum as a person writes it, unevaluated, for display.

    Terms in SymPy's printing order, then ``last``; in each product the number first, then
    brackets (positive terms first), symbols, and logarithms last:
    :math:`-y \log a + (y - 1) \log(1 - a) + \mathrm{const}`.

    Parameters
    ----------
    expr : sympy.Expr
        A sum.
    last : sympy.Expr, optional
        A term to put at the end (e.g. a constant of integration).

    Returns
    -------
    sympy.UnevaluatedExpr
        The same value (``.doit()`` gives it back), printed as written.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> b = binary_symbols()
    >>> a, y = b["a"], b["y"]
    >>> latex(as_written(-y * sp.log(a) + (y - 1) * sp.log(1 - a), b["const"]))
    '- y \\log a + \\left(y - 1\\right) \\log{\\left(1 - a \\right)} + \\mathrm{const}'
    """

    def bracket(f: sp.Expr) -> sp.Expr:
        if not isinstance(f, sp.Add):
            return f
        ordered = sorted(f.args, key=lambda t: bool(t.could_extract_minus_sign()))
        return sp.Add(*ordered, evaluate=False)

    def written(f: sp.Expr) -> sp.Expr:
        if isinstance(f, sp.log):
            return sp.log(bracket(f.args[0]), evaluate=False)
        return bracket(f)

    def rank(f: sp.Expr) -> int:
        return (
            0 if f.is_Number else 1 if isinstance(f, sp.Add) else 3 if isinstance(f, sp.log) else 2
        )

    terms = []
    for term in sp.sympify(expr).as_ordered_terms():
        factors = [written(f) for f in sorted(sp.Mul.make_args(term), key=rank)]
        terms.append(sp.Mul(*factors, evaluate=False) if len(factors) > 1 else factors[0])
    if last is not None:
        terms.append(last)
    return sp.UnevaluatedExpr(sp.Add(*terms, evaluate=False))


def _integral(expr: sp.Expr) -> sp.Integral:
    """Return the integral in a line of :func:`nielsen_cost`."""
    (found,) = (x for x in sp.preorder_traversal(expr) if isinstance(x, sp.Integral))
    return found


def _plus_constant(expr: sp.Expr, const: sp.Expr) -> sp.UnevaluatedExpr:
    """``expr + const``, printed in that order."""
    return sp.UnevaluatedExpr(sp.Add(tidy(expr), const, evaluate=False))


def _partial_fractions(expr: sp.Expr, a: sp.Symbol) -> sp.Expr:
    """SymPy's partial fractions in ``a``, each written over ``a`` or ``1 - a`` (0 < a < 1)."""
    over_a, over_one_minus_a = [], []
    for term in sp.Add.make_args(sp.apart(expr, a)):
        numerator, denominator = sp.fraction(sp.factor(term))
        if sp.expand(denominator - (a - 1)) == 0:  # (u)/(a - 1) = (-u)/(1 - a)
            numerator, denominator = sp.expand(-numerator), 1 - a
        if denominator == a:
            over_a.append(numerator / a)  # e.g. -y/a, a plain quotient
        else:
            written = as_written(numerator).args[0]  # 1 - y, positive term first
            over_one_minus_a.append(sp.Mul(written, sp.Pow(denominator, -1), evaluate=False))
    out = sp.Add(*over_a, *over_one_minus_a, evaluate=False)
    if sp.cancel(out.doit() - expr) != 0:
        raise ValueError("nielsen_cost: the partial fractions differ from the integrand")
    return out


def antiderivative(term: sp.Expr, a: sp.Symbol) -> sp.Expr:
    r"""Integrate a partial fraction in ``a`` on :math:`0 < a < 1` (where a sigmoid's output is).

    A fraction over :math:`1 - a` is integrated in :math:`u = 1 - a > 0`, so the result is
    :math:`-\log(1 - a)`, never the logarithm of the negative :math:`a - 1`.

    Parameters
    ----------
    term : sympy.Expr
        A partial fraction in ``a``: a constant over ``a``, ``a - 1`` or ``1 - a``.
    a : sympy.Symbol
        The variable, understood to lie in :math:`(0, 1)`.

    Returns
    -------
    sympy.Expr
        An antiderivative, real on :math:`0 < a < 1`.

    Examples
    --------
    >>> a = binary_symbols()["a"]
    >>> antiderivative(1 / (1 - a), a)
    -log(1 - a)
    >>> antiderivative(2 / (a - 1), a)
    2*log(1 - a)
    """
    u = sp.Symbol("u", positive=True)
    term = sp.factor(term)
    if term.has(1 - a) or term.has(a - 1):
        # da = -du: the antiderivative of f(a) is minus that of f(1 - u) in u, at u = 1 - a.
        return -sp.integrate(term.xreplace({a: 1 - u}), u).xreplace({u: 1 - a})
    return sp.integrate(term, a)


def _minus_bracket(expr: sp.Expr, a: sp.Symbol, const: sp.Expr) -> sp.UnevaluatedExpr:
    """Write ``-y log a - (1 - y) log(1 - a) + const`` as ``-(y log a + ...) + const``."""
    inner = sp.expand(-(expr.doit() - const))
    first = inner.coeff(sp.log(a))
    second = sp.collect(inner, sp.log(1 - a), evaluate=False).get(sp.log(1 - a), sp.S.Zero)
    second = as_written(second).args[0]  # 1 - y, positive term first
    bracket = sp.Add(
        sp.Mul(first, sp.log(a)),
        sp.Mul(second, sp.log(1 - a, evaluate=False), evaluate=False),
        evaluate=False,
    )
    out = sp.UnevaluatedExpr(sp.Add(sp.Mul(-1, bracket, evaluate=False), const, evaluate=False))
    if sp.expand(out.doit() - expr.doit()) != 0:
        raise ValueError("nielsen_cost: the bracket differs from the antiderivative")
    return out


@lru_cache(maxsize=1)
def nielsen_cost() -> Chain:
    r"""Integrate :func:`nielsen_cost_gradient` in :math:`a`, on :math:`0 < a < 1`.

    Each partial fraction is integrated where the unit's output lives, :math:`0 < a < 1`:
    :math:`\int \mathrm{d}a/a = \log a` and
    :math:`\int \mathrm{d}a/(1 - a) = -\log(1 - a)`, so no logarithm of a negative number appears.
    Every line is checked against the previous one.

    Returns
    -------
    Chain
        The integral, partial fractions over :math:`a` and :math:`1 - a`, the antiderivative
        plus a constant, and the minus sign taken out: the binary cross-entropy.

    Examples
    --------
    >>> nielsen_cost().result.doit()
    \mathrm{const} - y*log(a) - (1 - y)*log(1 - a)
    """
    b = binary_symbols()
    a, cost, const = b["a"], b["C"], b["const"]
    integrand = nielsen_cost_gradient().result

    def integrate(e: sp.Expr) -> sp.Expr:
        terms = sp.Add.make_args(_integral(e).function)
        found = sp.Add(*(antiderivative(t.doit(), a) for t in terms))
        if sp.simplify(sp.diff(found, a) - integrand) != 0:
            raise ValueError("nielsen_cost: the antiderivative does not give back the integrand")
        return as_written(found, const)

    return (
        Chain.start(cost, _plus_constant(sp.Integral(integrand, a), const), "integrate")
        .then(
            "partial fractions",
            lambda e: _plus_constant(
                sp.Integral(_partial_fractions(_integral(e).function, a), a), const
            ),
        )
        .then("term by term", integrate)
        .then("factor out $-1$", lambda e: _minus_bracket(e, a, const))
    )
