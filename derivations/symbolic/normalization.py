r"""Dividing by the sum, :math:`q = x / \sum_m x_m`, next to the softmax: expressions and chains.

:class:`Normalized` is the unevaluated entry :math:`q(v)_i` of a vector expression ``v`` in the
whole-vector symbols :data:`X` (the outputs :math:`x`), :data:`~.expressions.Z` and
:data:`~.expressions.ONE`; it prints :math:`q(c x)_i` or :math:`q(e^{z})_i` and its ``doit()`` is
the quotient. :class:`Applied` prints a map applied to a vector of numbers,
:math:`q([1,\ 2])`. The chains derive, for any number of classes :math:`n`, what the page
"Why not divide by the sum?" shows: the shift invariance of the softmax and the shift
equivariance of log-sum-exp, the scale invariance of :math:`q`, the gradient of
:math:`-\log q_k` and the same gradient in logits when :math:`x = e^{z}`. Each line is made by
SymPy from the one before; a step that names a definition folds the expression back only if it
is that definition, character for character.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import sympy as sp

from . import general
from .chain import Chain
from .display import Display, latex
from .expressions import LSE, ONE, Softmax, Z
from .general import sum_out_deltas
from .rewrite import canonical_sums, collapse_deltas
from .symbols import general_symbols

__all__ = [
    "EPS",
    "SCALE",
    "SHIFT",
    "Applied",
    "At",
    "Exact",
    "Normalized",
    "Q",
    "X",
    "at_points",
    "exact_latex",
    "exponentials",
    "gradient_in_logits",
    "lse_plus",
    "lse_shift",
    "nll_gradient",
    "nll_gradient_at",
    "product_of_two",
    "scaled",
    "softmax_shift",
    "sums_to_one",
    "vector_latex",
]

#: The outputs :math:`x` as a whole vector (an entry is ``general_symbols().x[i]``).
X = sp.Symbol("x", real=True)
#: Standard normalization's output :math:`q` (entries ``Q[i]``), as in the gradient's chain.
Q = sp.IndexedBase("q", positive=True)
#: The constant added to every logit.
SHIFT = sp.Symbol("c", real=True)
#: The positive factor every output is multiplied by.
SCALE = sp.Symbol("c", positive=True)
#: A small non-zero number (how far a sum is from zero).
EPS = sp.Symbol(r"\varepsilon", real=True, nonzero=True)


def _entry(vector: sp.Expr, index: sp.Expr) -> sp.Expr:
    g = general_symbols()
    return sp.sympify(vector).xreplace({X: g.x[index], Z: g.z[index], ONE: sp.S.One})


class Normalized(sp.Expr):  # numpydoc ignore=PR02
    r"""Entry :math:`q(v)_i = v_i / \sum_{m=1}^{n} v_m` of standard normalization, unevaluated.

    Parameters
    ----------
    vector : sympy.Expr
        The argument, an expression in :data:`X`, :data:`~.expressions.Z` and
        :data:`~.expressions.ONE` (e.g. ``SCALE * X`` or ``exp(Z)``).
    index : sympy.Expr
        The entry, an integer index symbol.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> g = general_symbols()
    >>> latex(Normalized(SCALE * X, g.i))
    'q(c x)_{i}'
    >>> Normalized(sp.exp(Z), g.i).doit()
    exp(z[i])/Sum(exp(z[m]), (m, 1, n))
    """

    is_commutative = True
    is_real = True

    def __new__(cls, vector: sp.Expr, index: sp.Expr) -> Normalized:
        """Create entry ``index`` of the normalized ``vector``."""
        return super().__new__(cls, sp.sympify(vector), sp.sympify(index))

    @property
    def vector(self) -> sp.Expr:
        """The argument.

        Returns
        -------
        sympy.Expr
            An expression in ``X``, ``Z`` and ``ONE``.
        """
        return self.args[0]

    @property
    def index(self) -> sp.Expr:
        """The entry's index.

        Returns
        -------
        sympy.Expr
            An integer index symbol.
        """
        return self.args[1]

    def doit(self, **hints: object) -> sp.Expr:
        r"""Return the quotient this stands for.

        Parameters
        ----------
        **hints : object
            SymPy's ``doit`` hints; not used (the result is always evaluated).

        Returns
        -------
        sympy.Expr
            :math:`v_i / \sum_{m=1}^{n} v_m`, in entries of ``x`` and ``z``.
        """
        g = general_symbols()
        total = sp.Sum(_entry(self.vector, g.m), (g.m, 1, g.n))
        return _entry(self.vector, self.index) / total

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return rf"q({printer._print(self.vector)})_{{{printer._print(self.index)}}}"

    def _sympystr(self, printer: object) -> str:
        return f"q({self.vector})[{self.index}]"


class Applied(sp.Expr):  # numpydoc ignore=PR02
    r"""A map applied to a vector of given entries, printed :math:`q([1,\ 2])`.

    Parameters
    ----------
    name : str
        The map's name as printed (``"q"`` or ``r"\mathrm{softmax}"``).
    values : sequence of sympy.Expr
        The entries.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(Applied("q", [1, -2]))
    'q([1,\\ -2])'
    >>> Applied("q", [1, 2]).values
    (1, 2)
    """

    is_commutative = True

    def __new__(cls, name: str | sp.Symbol, values: Sequence[sp.Expr]) -> Applied:
        """Create the application of ``name`` to ``values``."""
        symbol = name if isinstance(name, sp.Symbol) else sp.Symbol(name)
        return super().__new__(cls, symbol, sp.Tuple(*values))

    @property
    def values(self) -> tuple[sp.Expr, ...]:
        """The entries.

        Returns
        -------
        tuple of sympy.Expr
            In order.
        """
        return tuple(self.args[1])

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        entries = r",\ ".join(printer._print(v) for v in self.values)
        return f"{self.args[0].name}([{entries}])"

    def _sympystr(self, printer: object) -> str:
        return f"{self.args[0].name}({list(self.values)})"


def _integer_latex(value: int) -> str:
    r"""Print an integer near a power of ten as :math:`5 \times 10^{5}` or :math:`10^6 + 1`."""
    digits = len(str(value)) - 1
    if digits >= 3:
        lead, rest = divmod(value, 10**digits)
        if rest == 0:
            return f"10^{{{digits}}}" if lead == 1 else rf"{lead} \times 10^{{{digits}}}"
        for power in (digits, digits + 1):
            near = value - 10**power
            if 0 < abs(near) < 10:
                return f"10^{{{power}}} {'+' if near > 0 else '-'} {abs(near)}"
    return str(value)


def exact_latex(value: sp.Expr) -> str:
    r"""Print an exact number with its powers of ten: :math:`10^{-6}`, not :math:`1/1000000`.

    An integer that is a digit times a power of ten (at least :math:`10^3`) prints as
    :math:`5 \times 10^{5}`, one next to a power of ten as :math:`10^{6} + 1`, and a fraction
    prints its numerator and denominator so.

    Parameters
    ----------
    value : sympy.Expr
        The number (or any expression, printed by :func:`.display.latex`).

    Returns
    -------
    str
        LaTeX without ``$``.

    Examples
    --------
    >>> exact_latex(sp.Rational(1, 10**6)), exact_latex(10**6), exact_latex(sp.Rational(1, 3))
    ('10^{-6}', '10^{6}', '\\frac{1}{3}')
    >>> exact_latex(-500000), exact_latex(sp.Rational(-10**6, 10**6 + 1))
    ('-5 \\times 10^{5}', '-\\frac{10^{6}}{10^{6} + 1}')
    """
    value = sp.sympify(value)
    if not value.is_Rational or value == 0:
        return latex(value)
    sign = "-" if value < 0 else ""
    size = abs(value)
    exponent = sp.log(size, 10)
    if exponent.is_Integer and abs(exponent) >= 3:
        return f"{sign}10^{{{exponent}}}"
    if size.q == 1:
        return sign + _integer_latex(int(size.p))
    return rf"{sign}\frac{{{_integer_latex(int(size.p))}}}{{{_integer_latex(int(size.q))}}}"


class Exact(sp.Expr):
    r"""An exact number as :func:`exact_latex` prints it (only for display; it *is* the number).

    A claim's relation shows its claimed form wrapped in this, so :math:`-500000` reads
    :math:`-5 \times 10^{5}`; the form itself is unchanged (``Exact(v).doit() == v``).

    Examples
    --------
    >>> latex(Exact(sp.Rational(1, 10**6 + 1)))
    '\\frac{1}{10^{6} + 1}'
    >>> Exact(sp.Integer(-500000)).doit()
    -500000
    """

    is_commutative = True

    def __new__(cls, value: sp.Expr) -> Exact:
        """Wrap the exact number ``value``."""
        return super().__new__(cls, sp.sympify(value))

    def doit(self, **hints: object) -> sp.Expr:
        """Return the number.

        Parameters
        ----------
        **hints : object
            SymPy's ``doit`` hints; not used (the result is always the number).

        Returns
        -------
        sympy.Expr
            The wrapped number itself.
        """
        return self.args[0]

    def _latex(self, printer: object) -> str:
        return exact_latex(self.args[0])


def vector_latex(values: Sequence[sp.Expr]) -> str:
    r"""Print a vector of exact numbers as :math:`[1,\ 10^{6}]` (see :func:`exact_latex`).

    Parameters
    ----------
    values : sequence of sympy.Expr
        The entries.

    Returns
    -------
    str
        LaTeX without ``$``.

    Examples
    --------
    >>> vector_latex([1, 10**6])
    '[1,\\ 10^{6}]'
    """
    return "[" + r",\ ".join(exact_latex(v) for v in values) + "]"


class At(sp.Expr):  # numpydoc ignore=PR02
    r"""An expression evaluated at given outputs, printed :math:`\left.f\right|_{x = [a,\ b]}`.

    Only for display: the claims evaluate the derived expressions at the same outputs.

    Parameters
    ----------
    expr : sympy object
        What is evaluated (e.g. the row vector :math:`[q_1,\ \partial(-\log q_1)/\partial
        x_1]`).
    values : sequence of sympy.Expr
        The outputs :math:`x`, exact; powers of ten print as :math:`10^{6}`.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(At(Q[1], [1, 10**6]))
    '\\left.{q}_{1}\\right|_{x = [1,\\ 10^{6}]}'
    """

    is_commutative = True

    def __new__(cls, expr: sp.Basic, values: Sequence[sp.Expr]) -> At:
        """Create ``expr`` at the outputs ``values``."""
        return super().__new__(cls, expr, sp.Tuple(*values))

    @property
    def values(self) -> tuple[sp.Expr, ...]:
        """The outputs.

        Returns
        -------
        tuple of sympy.Expr
            The point :math:`x`, in order.
        """
        return tuple(self.args[1])

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        point = vector_latex(self.values)
        return rf"\left.{printer._print(self.args[0])}\right|_{{x = {point}}}"


def at_points(relations: Sequence[sp.Basic]) -> Display:
    r"""Set relations whose left sides are :class:`At` a point, grouped under each point.

    A narrow layout (a phone's width): each point on a line of its own, then its relations
    without the evaluation bar, aligned at the equals sign.

    Parameters
    ----------
    relations : sequence of sympy.Eq
        Each with an :class:`At` as its left side (e.g. a claim's parts at example points).

    Returns
    -------
    Display
        An ``aligned`` block.

    Raises
    ------
    ValueError
        If a left side is not an :class:`At`.

    Examples
    --------
    >>> x = [1, 10**6]
    >>> tex = at_points([sp.Eq(At(Q[1], x), Exact(sp.Rational(1, 10**6 + 1)))]).latex
    >>> print(tex.replace(r"\\", "\n"))
    \begin{aligned}&\text{at } x = [1,\ 10^{6}]\text{:}
    &\quad {q}_{1} = \frac{1}{10^{6} + 1}\end{aligned}
    """
    rows: list[str] = []
    point: tuple[sp.Expr, ...] | None = None
    for relation in relations:
        if not isinstance(relation.lhs, At):
            raise ValueError(f"at_points: {relation.lhs} is not an expression at a point")
        if relation.lhs.values != point:
            point = relation.lhs.values
            rows.append(rf"&\text{{at }} x = {vector_latex(point)}\text{{:}}")
        rows.append(rf"&\quad {latex(relation.lhs.args[0])} = {latex(relation.rhs)}")
    return Display(list(relations), tex=r"\begin{aligned}" + r"\\".join(rows) + r"\end{aligned}")


def _fold(definition: sp.Expr, name: sp.Expr):
    """Return a chain step writing ``definition`` (evaluated) as ``name``; other lines fail."""

    def step(expr: sp.Expr) -> sp.Expr:
        if expr != definition:
            raise ValueError(f"fold: {expr} is not the definition of {name}")
        return name

    return step


def _pull_out_of_sums(expr: sp.Expr) -> sp.Expr:
    """Move factors that do not depend on a sum's index in front of it, without cancelling.

    The result is left unevaluated (``c x_i / (c sum_m x_m)``) so the reader sees the factor
    before the next step cancels it.
    """

    def pull(total: sp.Sum) -> sp.Expr:
        outside, inside = total.function.as_independent(*total.variables, as_Add=False)
        return sp.Mul(outside, sp.Sum(inside, *total.limits), evaluate=False)

    with sp.evaluate(False):
        return expr.replace(lambda e: isinstance(e, sp.Sum), pull)


def _evaluate(expr: sp.Expr) -> sp.Expr:
    """Evaluate an unevaluated line (common factors cancel), leaving sums and logs as they are."""
    return expr.doit(deep=True)


@lru_cache(maxsize=1)
def softmax_shift() -> Chain:
    r"""Derive :math:`\mathrm{softmax}(z + c\mathbf{1})_i = \mathrm{softmax}(z)_i` for any ``n``.

    Returns
    -------
    Chain
        Definition, the exponential split, :math:`e^{c}` out of the sum, cancelled, the name.

    Examples
    --------
    >>> softmax_shift().result
    softmax(z)[i]
    >>> len(softmax_shift().lines)
    5
    """
    g = general_symbols()
    lhs = Softmax(Z + SHIFT * ONE, g.i)
    return (
        Chain.start(lhs, lhs.doit(), "definition of the softmax")
        .then("$e^{c + z_m} = e^{c} e^{z_m}$", lambda e: sp.expand(e, power_exp=True, mul=False))
        .then("$e^{c}$ leaves the sum", _pull_out_of_sums)
        .then("cancel $e^{c}$", _evaluate)
        .then("definition of the softmax", _fold(Softmax(Z, g.i).doit(), Softmax(Z, g.i)))
    )


def lse_plus(shift: sp.Expr) -> sp.UnevaluatedExpr:
    r"""Return :math:`\mathrm{LSE}(z) + c`, printed in that order (the equivariance's form).

    Parameters
    ----------
    shift : sympy.Expr
        The constant :math:`c`.

    Returns
    -------
    sympy.UnevaluatedExpr
        The sum, kept as written; ``doit()`` gives :math:`\log \sum_m e^{z_m} + c`.

    Examples
    --------
    >>> latex(lse_plus(SHIFT))
    '\\mathrm{LSE}(z) + c'
    """
    return sp.UnevaluatedExpr(sp.Add(LSE(), shift, evaluate=False))


def _lse_first(expr: sp.Expr) -> sp.Expr:
    """Write ``c + LSE(z)`` as ``LSE(z) + c``, the order a textbook uses."""
    terms = sp.Add.make_args(expr)
    rest = [t for t in terms if t != LSE()]
    if len(rest) != len(terms) - 1 or any(t.has(LSE) for t in rest):
        raise ValueError(f"_lse_first: {expr} is not LSE(z) plus a constant")
    return lse_plus(sp.Add(*rest))


@lru_cache(maxsize=1)
def lse_shift() -> Chain:
    r"""Derive :math:`\mathrm{LSE}(z + c\mathbf{1}) = \mathrm{LSE}(z) + c` for any ``n``.

    Returns
    -------
    Chain
        Definition, the exponential split, :math:`e^{c}` out of the sum, the log of a product,
        the name.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(lse_shift().result)
    '\\mathrm{LSE}(z) + c'
    """
    lhs = LSE(Z + SHIFT * ONE)
    named = _fold(LSE().doit(), LSE())

    def name_lse(expr: sp.Expr) -> sp.Expr:
        return _lse_first(expr.func(*[named(t) if t.has(sp.Sum) else t for t in expr.args]))

    return (
        Chain.start(lhs, lhs.doit(), "definition of LSE")
        .then("$e^{c + z_m} = e^{c} e^{z_m}$", lambda e: sp.expand(e, power_exp=True, mul=False))
        .then("$e^{c}$ leaves the sum", lambda e: _evaluate(_pull_out_of_sums(e)))
        .then("log of a product", sp.expand_log)
        .then("definition of LSE", name_lse)
    )


@lru_cache(maxsize=4)
def scaled(factor: sp.Expr) -> Chain:
    r"""Derive :math:`q(a x)_i = q(x)_i` for a constant factor :math:`a \ne 0`, any ``n``.

    Parameters
    ----------
    factor : sympy.Expr
        The factor: :data:`SCALE` (:math:`c > 0`) or ``-1`` (every sign flipped).

    Returns
    -------
    Chain
        Definition, the factor out of the sum, cancelled, the name.

    Examples
    --------
    >>> scaled(SCALE).result
    q(x)[i]
    >>> scaled(sp.S.NegativeOne).lhs
    q(-x)[i]
    """
    g = general_symbols()
    lhs = Normalized(factor * X, g.i)
    return (
        Chain.start(lhs, lhs.doit(), "definition of $q$")
        .then(f"${sp.latex(factor)}$ leaves the sum", _pull_out_of_sums)
        .then("cancel", _evaluate)
        .then("definition of $q$", _fold(Normalized(X, g.i).doit(), Normalized(X, g.i)))
    )


def _rename_sum_indices(expr: sp.Expr) -> sp.Expr:
    """Give every single-index sum the summation index ``m`` (a bound index is a dummy)."""
    g = general_symbols()

    def rename(total: sp.Sum) -> sp.Expr:
        ((index, low, high),) = total.limits
        return sp.Sum(total.function.xreplace({index: g.m}), (g.m, low, high))

    return expr.replace(lambda e: isinstance(e, sp.Sum) and len(e.limits) == 1, rename)


@lru_cache(maxsize=1)
def sums_to_one() -> Chain:
    r"""Derive :math:`\sum_i q_i = 1` for any ``n`` (whatever the signs, if the sum is not 0).

    Returns
    -------
    Chain
        Definition, the denominator out of the sum, the same sum above and below.

    Examples
    --------
    >>> sums_to_one().result
    1
    """
    g = general_symbols()
    lhs = sp.Sum(Q[g.i], (g.i, 1, g.n))
    definition = sp.Sum(Normalized(X, g.i).doit(), (g.i, 1, g.n))
    return (
        Chain.start(lhs, definition, "definition of $q_i$")
        .then("the denominator does not depend on $i$", canonical_sums)
        .then("the two sums are the same", _rename_sum_indices)
    )


@lru_cache(maxsize=1)
def product_of_two() -> Chain:
    r"""Derive :math:`q_i q_j = x_i x_j / (\sum_m x_m)^2` for any ``n`` (the sign of a product).

    Returns
    -------
    Chain
        Definition, multiplied out.

    Examples
    --------
    >>> product_of_two().result
    x[i]*x[j]/Sum(x[m], (m, 1, n))**2
    """
    g = general_symbols()
    lhs = Q[g.i] * Q[g.j]
    with sp.evaluate(False):
        definition = sp.Mul(Normalized(X, g.i).doit(), Normalized(X, g.j).doit())
    return Chain.start(lhs, definition, "definition of $q$").then("multiply", _evaluate)


@lru_cache(maxsize=1)
def nll_gradient() -> Chain:
    r"""Derive :math:`\partial(-\log q_k)/\partial x_j`, then write it with :math:`q_k`.

    Extends :func:`derivations.symbolic.general.normalization_nll_gradient` by the step
    :math:`1/\sum_m x_m = q_k / x_k`, which shows the factor :math:`1/x_k` of every entry.

    Returns
    -------
    Chain
        Definition, derivative, :math:`q_k` substituted, factored.

    Examples
    --------
    >>> nll_gradient().result
    (-KroneckerDelta(j, k) + q[k])/x[k]
    """
    g = general_symbols()
    total = sp.Sum(g.x[g.m], (g.m, 1, g.n))
    return (
        general.normalization_nll_gradient()
        .then(
            "$\\frac{1}{\\sum_{m} x_m} = \\frac{q_k}{x_k}$",
            lambda e: e.xreplace({1 / total: Q[g.k] / g.x[g.k]}),
        )
        .then("factor", sp.factor_terms)
    )


def nll_gradient_at(values: Sequence[sp.Expr], k: int, j: int) -> sp.Expr:
    r"""Evaluate the derived :math:`\partial(-\log q_k)/\partial x_j` at given outputs, exactly.

    Parameters
    ----------
    values : sequence of sympy.Expr
        The outputs :math:`x` (exact numbers or symbols); their count is :math:`n`.
    k, j : int
        The true class and the output differentiated by, 1-based.

    Returns
    -------
    sympy.Expr
        The entry of the general-:math:`n` result, at this :math:`x`.

    Examples
    --------
    >>> nll_gradient_at([sp.Rational(1, 10**6)] * 2, 1, 1)
    -500000
    """
    g = general_symbols()
    entry = general.normalization_nll_gradient().result
    out = entry.xreplace({g.k: k, g.j: j, g.n: len(values)}).doit()
    return out.xreplace({g.x[a + 1]: sp.sympify(v) for a, v in enumerate(values)})


@lru_cache(maxsize=1)
def exponentials() -> Chain:
    r"""Derive :math:`q(e^{z})_i = \mathrm{softmax}(z)_i` for any ``n``.

    Returns
    -------
    Chain
        Definition of :math:`q`, definition of the softmax.

    Examples
    --------
    >>> exponentials().result
    softmax(z)[i]
    """
    g = general_symbols()
    lhs = Normalized(sp.exp(Z), g.i)
    return Chain.start(lhs, lhs.doit(), "definition of $q$").then(
        "definition of the softmax", _fold(Softmax(Z, g.i).doit(), Softmax(Z, g.i))
    )


@lru_cache(maxsize=1)
def gradient_in_logits() -> Chain:
    r"""Derive :math:`\partial(-\log q_k)/\partial z_j` for :math:`x = e^{z}`, through :math:`x`.

    The chain rule brings the factor :math:`\partial x_j/\partial z_j = x_j`, which cancels the
    :math:`1/x_k` of the gradient in :math:`x` (:func:`nll_gradient`).

    Returns
    -------
    Chain
        Chain rule, the gradient in :math:`x` and :math:`\partial x_i / \partial z_j`
        substituted, the deltas summed out, :math:`x_j / \sum_m x_m = s_j`.

    Examples
    --------
    >>> gradient_in_logits().result
    -KroneckerDelta(j, k) + s[j]
    """
    g = general_symbols()
    loss = -sp.log(Q[g.k])
    lhs = sp.Derivative(loss, g.z[g.j])
    chain_rule = sp.Sum(
        sp.Derivative(loss, g.x[g.i]) * sp.Derivative(g.x[g.i], g.z[g.j]), (g.i, 1, g.n)
    )
    in_x = general.normalization_nll_gradient().result.xreplace({g.j: g.i})
    # x_i = e^{z_i}: SymPy differentiates it, and the result is written in x again.
    dx = sp.diff(sp.exp(g.z[g.i]), g.z[g.j]).xreplace({sp.exp(g.z[g.i]): g.x[g.i]})
    total = sp.Sum(g.x[g.m], (g.m, 1, g.n))

    def substitute(expr: sp.Expr) -> sp.Expr:
        return expr.xreplace(
            {sp.Derivative(loss, g.x[g.i]): in_x, sp.Derivative(g.x[g.i], g.z[g.j]): dx}
        )

    return (
        Chain.start(lhs, chain_rule, "chain rule")
        .then("gradient in $x$", substitute)
        .then("sum out $\\delta_{ij}$", lambda e: collapse_deltas(sum_out_deltas(e)))
        .then("$s_j = x_j / \\sum_m x_m$", lambda e: e.xreplace({g.x[g.j] / total: g.s[g.j]}))
    )
