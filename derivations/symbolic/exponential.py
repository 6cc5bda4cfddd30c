r"""Four routes to the exponential: the derivations of the page "Why the exponential?".

Each function returns a :class:`~.chain.Chain` whose lines the page displays, each made by SymPy
from the one before, for a symbolic number of classes :math:`n` where the route allows it:

* **maximum entropy**: the stationary point of the Lagrangian
  :math:`\mathcal{L} = \mathcal{H}(p) + \beta(\sum_m p_m z_m - \mu) + \lambda(\sum_m p_m - 1)`
  (:func:`lagrangian_gradient`, :func:`max_entropy_solution`), the entropy's Hessian and its
  quadratic form (:func:`entropy_hessian`, :func:`entropy_quadratic_form`), and how the expected
  score moves with the multiplier :math:`\beta` (:func:`expected_score_slope`);
* **the convex conjugate**: :math:`p^\top z + \mathcal{H}(p)` at :math:`p = s`
  (:func:`conjugate_value`) and the gap to :math:`\mathrm{LSE}(z)`, a Kullback-Leibler
  divergence (:func:`divergence_gap`);
* **Luce's choice axiom**: Cauchy's equation :math:`\rho(\xi_1 + \xi_2) = \rho(\xi_1)\rho(\xi_2)`
  differentiated (:func:`cauchy_derivative`) and solved (:func:`cauchy_solution`), and the
  choice probabilities it gives (:func:`luce_choice`);
* **Gumbel-max**: the probability that a class wins when standard Gumbel noise is added to every
  logit, for two classes (:func:`gumbel_two`) and for any :math:`n` (:func:`gumbel_general`).

The symbols are in :func:`exponential_symbols`; :class:`Shown` prints a fixed piece of LaTeX
(the left-hand side of a result such as :math:`P(z_1 + \gamma_1 > z_2 + \gamma_2)`), and
:class:`DivideBySum` is the unevaluated entry :math:`q(x + c\mathbf{1})_i` of dividing by the
sum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from . import general
from .chain import Chain
from .display import Display, aligned
from .expressions import ONE, Softmax, Z
from .general import sum_out_deltas
from .rewrite import apply_sum_to_one, canonical_sums
from .symbols import general_symbols

__all__ = [
    "ENTROPY",
    "KL",
    "LAGRANGIAN",
    "OBJECTIVE",
    "RHO_PRIME",
    "RHO_PRIME_ZERO",
    "AtZero",
    "DivideBySum",
    "Exp",
    "ExponentialSymbols",
    "Provided",
    "Shown",
    "X",
    "cauchy_derivative",
    "cauchy_solution",
    "classes",
    "concave_maximum",
    "conjugate_value",
    "divergence_gap",
    "divergence_steps",
    "entropy",
    "entropy_hessian",
    "entropy_quadratic_form",
    "exp_notation",
    "expected_score",
    "expected_score_slope",
    "exponential_symbols",
    "gibbs_lower_bound",
    "gumbel_cdf",
    "gumbel_density",
    "gumbel_general",
    "gumbel_two",
    "implied_multipliers",
    "in_distribution",
    "kl_in_logits",
    "lagrangian",
    "lagrangian_display",
    "lagrangian_gradient",
    "luce_choice",
    "max_entropy_solution",
    "nonnegative_terms_minimum",
    "objective",
    "readable",
    "same_dummies",
    "score_variance",
    "scores_as_variables",
    "to_distribution_notation",
    "zero_only_where_equal",
]


def _named_softmax(vector: sp.Expr, index: sp.Symbol, what: str) -> Callable[[sp.Expr], sp.Expr]:
    """Return a chain step that names its input the softmax of ``vector``, after checking it is.

    A route ends in the softmax written out; the step replaces it by the unevaluated
    :class:`~.expressions.Softmax` only if the two are the same expression, and otherwise raises
    ``ValueError("<what> is not the softmax")``.
    """
    softmax = Softmax(vector, index)

    def named(expr: sp.Expr) -> sp.Expr:
        if expr != softmax.doit():
            raise ValueError(f"{what} is not the softmax")
        return softmax

    return named


class Shown(sp.Symbol):
    r"""A symbol that prints as its name, verbatim LaTeX (for left-hand sides in words).

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> print(latex(Shown(r"P(z_1 + \gamma_1 > z_2 + \gamma_2)")))
    P(z_1 + \gamma_1 > z_2 + \gamma_2)
    """

    def _latex(self, printer: object) -> str:
        return self.name


class Provided(sp.Expr):  # numpydoc ignore=PR02
    r"""A relation with the condition under which it holds, printed after it in words and math.

    Only for display: the claim's proof checks the relation under that condition.

    Parameters
    ----------
    relation : sympy relational
        E.g. :math:`\partial\mu/\partial\beta > 0`.
    condition : str
        LaTeX for the condition, in math mode (text in ``\text{...}``).

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> x = sp.Symbol("x")
    >>> latex(Provided(sp.Gt(x, 0), r"\text{unless } x = 0"))
    'x > 0 \\quad \\text{unless } x = 0'
    """

    is_commutative = True

    def __new__(cls, relation: sp.Basic, condition: str | Shown) -> Provided:
        """Attach ``condition`` to ``relation``."""
        shown = condition if isinstance(condition, Shown) else Shown(condition)
        return super().__new__(cls, relation, shown)

    @property
    def relation(self) -> sp.Basic:
        """The relation.

        Returns
        -------
        sympy.Basic
            The relation, without its condition.
        """
        return self.args[0]

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return rf"{printer._print(self.args[0])} \quad {self.args[1].name}"


#: The entropy :math:`\mathcal{H}` (as the left-hand side of derived equations).
ENTROPY = Shown(r"\mathcal{H}", real=True)
#: The Lagrangian :math:`\mathcal{L}` of the maximum-entropy problem.
LAGRANGIAN = Shown(r"\mathcal{L}", real=True)
#: The objective of the conjugate, :math:`p^\top z + \mathcal{H}(p)`, as one printed block.
OBJECTIVE = Shown(r"\left(p^\top z + \mathcal{H}(p)\right)", real=True)
#: The Kullback-Leibler divergence of :math:`p` from the softmax :math:`s`.
KL = Shown(r"\mathrm{KL}(p \,\|\, s)", real=True)
#: The positive outputs :math:`x` that dividing by the sum takes, as a whole vector.
X = sp.Symbol("x", positive=True)


@dataclass(frozen=True)
class ExponentialSymbols:
    r"""The symbols of the four routes (with the shared ones of :func:`general_symbols`).

    Attributes
    ----------
    p : sympy.IndexedBase
        A distribution on the classes (positive entries).
    beta, lam, mu : sympy.Symbol
        The multipliers :math:`\beta` (of the expected score) and :math:`\lambda` (of the
        normalisation), and the expected score :math:`\mu`.
    c : sympy.Symbol
        A constant added to every score.
    u, xi1, xi2 : sympy.Symbol
        Arguments of the odds function :math:`\rho`.
    rho : sympy.FunctionClass
        The odds of two classes as a function of the difference of their scores.
    P : sympy.IndexedBase
        Choice probabilities.
    gamma, omega : sympy.Symbol
        A value of a Gumbel noise, and :math:`\omega = e^{-\gamma} > 0`.
    f, F : sympy.FunctionClass
        The Gumbel density and distribution function (printed as :math:`f`, :math:`F`).
    """

    p: sp.IndexedBase
    beta: sp.Symbol
    lam: sp.Symbol
    mu: sp.Symbol
    c: sp.Symbol
    u: sp.Symbol
    xi1: sp.Symbol
    xi2: sp.Symbol
    rho: sp.FunctionClass
    P: sp.IndexedBase
    gamma: sp.Symbol
    omega: sp.Symbol
    f: sp.FunctionClass
    F: sp.FunctionClass


@lru_cache(maxsize=1)
def exponential_symbols() -> ExponentialSymbols:
    r"""Return the symbols of the page's derivations.

    Returns
    -------
    ExponentialSymbols
        With the assumptions the derivations use (probabilities positive, scores real).

    Examples
    --------
    >>> e = exponential_symbols()
    >>> e.p[1].is_positive, e.beta.is_real
    (True, True)
    """
    u, xi1, xi2 = sp.symbols("u xi_1 xi_2", real=True)
    return ExponentialSymbols(
        p=sp.IndexedBase("p", positive=True),
        beta=sp.Symbol("beta", real=True),
        lam=sp.Symbol("lambda", real=True),
        mu=sp.Symbol("mu", real=True),
        c=sp.Symbol("c", real=True),
        u=u,
        xi1=xi1,
        xi2=xi2,
        rho=sp.Function("rho", positive=True),
        P=sp.IndexedBase("P", positive=True),
        gamma=sp.Symbol("gamma", real=True),
        omega=sp.Symbol("omega", positive=True),
        f=sp.Function("f", positive=True),
        F=sp.Function("F", positive=True),
    )


def gumbel_cdf(u: sp.Expr) -> sp.Expr:
    r"""Return the standard Gumbel distribution function :math:`F(u) = e^{-e^{-u}}`.

    Parameters
    ----------
    u : sympy.Expr
        The argument.

    Returns
    -------
    sympy.Expr
        :math:`e^{-e^{-u}}`.

    Examples
    --------
    >>> gumbel_cdf(sp.Symbol("u"))
    exp(-exp(-u))
    """
    return sp.exp(-sp.exp(-u))


def gumbel_density(u: sp.Expr) -> sp.Expr:
    r"""Return the standard Gumbel density :math:`f(u) = F'(u) = e^{-u} e^{-e^{-u}}`.

    Parameters
    ----------
    u : sympy.Expr
        The argument.

    Returns
    -------
    sympy.Expr
        :math:`e^{-u - e^{-u}}`, the derivative of :func:`gumbel_cdf`.

    Examples
    --------
    >>> u = sp.Symbol("u")
    >>> sp.simplify(gumbel_density(u) - sp.diff(gumbel_cdf(u), u))
    0
    """
    return sp.exp(-u) * sp.exp(-sp.exp(-u))


def classes(count: int) -> range:
    r"""Return the class numbers :math:`1, \\dots, n` for ``n = count``.

    Parameters
    ----------
    count : int
        The number of classes.

    Returns
    -------
    range
        ``1..count``.

    Examples
    --------
    >>> list(classes(3))
    [1, 2, 3]
    """
    return range(1, count + 1)


def scores_as_variables(expr: sp.Expr, zs: tuple[sp.Symbol, ...]) -> sp.Expr:
    r"""Write :math:`e^{\beta z_j}` as a positive variable :math:`b_j`.

    That is, put :math:`z_j = \log(b_j)/\beta`.

    An expression in the exponentials :math:`e^{\beta z_j}` only becomes a rational function of
    the :math:`b_j`, which :func:`~.zero.is_zero` decides quickly.

    Parameters
    ----------
    expr : sympy.Expr
        An expression in the concrete logits ``zs`` and :math:`\beta`.
    zs : tuple of sympy.Symbol
        The logits.

    Returns
    -------
    sympy.Expr
        The same in :math:`b_1, \dots, b_n`.

    Examples
    --------
    >>> from derivations.symbolic.symbols import logit_symbols
    >>> e, zs = exponential_symbols(), logit_symbols(2)
    >>> scores_as_variables(sp.exp(e.beta * (zs[0] - zs[1])), zs)
    b_1/b_2
    """
    e = exponential_symbols()
    bs = sp.symbols(f"b_1:{len(zs) + 1}", positive=True)
    table = {t: sp.log(b) / e.beta for t, b in zip(zs, bs, strict=True)}
    out = sp.sympify(expr).xreplace(table)
    # beta (log b_m - log b_i)/beta inside an exponential: expand the exponent, then split.
    out = out.replace(
        lambda node: isinstance(node, sp.exp), lambda node: sp.exp(sp.expand(node.args[0]))
    )
    return sp.expand(out, power_exp=True, mul=False)


def same_dummies(expr: sp.Expr) -> sp.Expr:
    r"""Name the index of every outermost sum without inner sums :math:`i` (or :math:`m`).

    Two sums that differ only in the name of their index, such as :math:`\sum_i p_i z_i` and
    :math:`\sum_m p_m z_m`, are then the same SymPy object, so a product of them is a square.
    Sums inside another sum, and sums that hold one, keep their indices.

    Parameters
    ----------
    expr : sympy.Expr
        An expression whose sums are over ``1..n``.

    Returns
    -------
    sympy.Expr
        The same expression with those sums' indices renamed.

    Examples
    --------
    >>> g = general_symbols()
    >>> a = sp.Sum(g.z[g.i], (g.i, 1, g.n))
    >>> same_dummies(a * sp.Sum(g.z[g.m], (g.m, 1, g.n)))
    Sum(z[i], (i, 1, n))**2
    """
    g = general_symbols()

    def walk(node: sp.Basic) -> sp.Basic:
        if isinstance(node, sp.Sum):
            (index, low, high), *rest = node.limits
            if rest or node.function.has(sp.Sum):
                return node
            target = g.i if g.i not in node.function.free_symbols - {index} else g.m
            return sp.Sum(node.function.xreplace({index: target}), (target, low, high))
        if node.is_Atom or not node.args or isinstance(node, sp.Indexed):
            return node
        return node.func(*[walk(a) for a in node.args])

    return walk(sp.sympify(expr))


# -- maximum entropy ---------------------------------------------------------------------------


def entropy() -> sp.Expr:
    r"""Return the entropy :math:`\mathcal{H}(p) = -\sum_{m=1}^{n} p_m \log p_m`.

    Returns
    -------
    sympy.Expr
        The entropy of the distribution :math:`p`, for symbolic :math:`n`.

    Examples
    --------
    >>> entropy()
    -Sum(log(p[m])*p[m], (m, 1, n))
    """
    g, e = general_symbols(), exponential_symbols()
    return -sp.Sum(e.p[g.m] * sp.log(e.p[g.m]), (g.m, 1, g.n))


def expected_score() -> sp.Expr:
    r"""Return the expected score :math:`\sum_{m=1}^{n} p_m z_m` of a distribution :math:`p`.

    Returns
    -------
    sympy.Expr
        The sum.

    Examples
    --------
    >>> expected_score()
    Sum(p[m]*z[m], (m, 1, n))
    """
    g, e = general_symbols(), exponential_symbols()
    return sp.Sum(e.p[g.m] * g.z[g.m], (g.m, 1, g.n))


def lagrangian() -> sp.Expr:
    r"""Return :math:`\mathcal{H}(p) + \beta(\sum_m p_m z_m - \mu) + \lambda(\sum_m p_m - 1)`.

    Returns
    -------
    sympy.Expr
        The Lagrangian of "largest entropy with expected score :math:`\mu`".

    Examples
    --------
    >>> lagrangian().has(exponential_symbols().mu)
    True
    """
    g, e = general_symbols(), exponential_symbols()
    total = sp.Sum(e.p[g.m], (g.m, 1, g.n))
    return entropy() + e.beta * (expected_score() - e.mu) + e.lam * (total - 1)


@lru_cache(maxsize=1)
def lagrangian_gradient() -> Chain:
    r"""Derive :math:`\partial\mathcal{L}/\partial p_j = \beta z_j + \lambda - 1 - \log p_j`.

    Returns
    -------
    Chain
        The constraints differentiated (Kronecker deltas summed out), then the entropy.

    Examples
    --------
    >>> lagrangian_gradient().result
    beta*z[j] + lambda - log(p[j]) - 1
    """
    g, e = general_symbols(), exponential_symbols()
    lhs = sp.Derivative(LAGRANGIAN, e.p[g.j])
    constraints = lagrangian() - entropy()
    # The constraints' derivatives first (one term of each sum), the entropy's kept by name.
    first = sp.Derivative(ENTROPY, e.p[g.j]) + sum_out_deltas(sp.diff(constraints, e.p[g.j]))
    entropy_slope = sum_out_deltas(sp.diff(entropy(), e.p[g.j]))
    return Chain.start(lhs, first, "differentiate the constraints").then(
        "differentiate $\\mathcal{H}$",
        lambda expr: expr.xreplace({sp.Derivative(ENTROPY, e.p[g.j]): entropy_slope}),
    )


def _lagrangian_order(term: sp.Expr) -> int:
    """Textbook place of a term of the Lagrangian's derivative: entropy, constant, beta, lambda."""
    e = exponential_symbols()
    if term.has(sp.log) or term.has(ENTROPY):
        return 0
    if term.is_Number:
        return 1
    return 2 if term.has(e.beta) else 3


def lagrangian_display() -> Display:
    r"""Show the steps of :func:`lagrangian_gradient` with the terms in a textbook's order.

    :math:`-\log p_j - 1 + \beta z_j + \lambda`: the entropy's part, then the constraints' in the
    order of the Lagrangian (the display layer's own order puts the logarithm last). The lines are
    the chain's, reordered only.

    Returns
    -------
    Display
        The aligned steps.

    Examples
    --------
    >>> print(lagrangian_display().latex.split(r"\\")[-1].split("&&")[0])
     &= - \log {p}_{j} - 1 + \beta {z}_{j} + \lambda
    """
    chain = lagrangian_gradient()
    lines = [
        (
            sp.UnevaluatedExpr(
                sp.Add(*sorted(sp.Add.make_args(line), key=_lagrangian_order), evaluate=False)
            ),
            reason,
        )
        for line, reason in chain.lines
    ]
    return Display(chain.equation, tex=aligned(chain.lhs, lines))


def _solve_normalisation(expr: sp.Expr) -> sp.Expr:
    r"""Fix :math:`\lambda` in ``expr`` (an entry :math:`p_j`) so that :math:`\sum_m p_m = 1`."""
    g, e = general_symbols(), exponential_symbols()
    total = sp.Sum(expr.xreplace({g.j: g.m}), (g.m, 1, g.n))
    total = sp.factor_terms(sp.expand(total, power_exp=True))
    normaliser = sp.Dummy("normaliser", positive=True)
    exps = sp.Sum(sp.exp(e.beta * g.z[g.m]), (g.m, 1, g.n))
    (lam,) = sp.solve(sp.Eq(total.xreplace({exps: normaliser}), 1), e.lam)
    return sp.expand(expr.xreplace({e.lam: lam.xreplace({normaliser: exps})}), power_exp=True)


@lru_cache(maxsize=1)
def max_entropy_solution() -> Chain:
    r"""Derive the maximum-entropy distribution :math:`p_j = \mathrm{softmax}(\beta z)_j`.

    Returns
    -------
    Chain
        Stationarity solved for :math:`p_j`, :math:`\lambda` fixed by :math:`\sum_m p_m = 1`,
        the softmax named.

    Examples
    --------
    >>> max_entropy_solution().result
    softmax(beta*z)[j]
    >>> max_entropy_solution().lines[1][0]
    exp(beta*z[j])/Sum(exp(beta*z[m]), (m, 1, n))
    """
    g, e = general_symbols(), exponential_symbols()
    (stationary,) = sp.solve(sp.Eq(lagrangian_gradient().result, 0), e.p[g.j])

    return (
        Chain.start(e.p[g.j], stationary, "set $\\partial\\mathcal{L}/\\partial p_j = 0$")
        .then("$\\sum_m p_m = 1$ fixes $\\lambda$", _solve_normalisation)
        .then(
            "definition of the softmax",
            _named_softmax(e.beta * Z, g.j, "max_entropy_solution: the normalised solution"),
        )
    )


@lru_cache(maxsize=1)
def entropy_hessian() -> Chain:
    r"""Derive :math:`\partial^2\mathcal{H}/\partial p_i \partial p_j = -\delta_{ij}/p_i`.

    Returns
    -------
    Chain
        The second derivative of the entropy, deltas summed out.

    Examples
    --------
    >>> entropy_hessian().result
    -KroneckerDelta(i, j)/p[i]
    """
    g, e = general_symbols(), exponential_symbols()
    lhs = sp.Derivative(ENTROPY, e.p[g.i], e.p[g.j])
    first = sp.Derivative(entropy(), e.p[g.i], e.p[g.j])
    return Chain.start(lhs, first, "definition of $\\mathcal{H}$").then(
        "differentiate twice", lambda expr: sum_out_deltas(expr.doit())
    )


@lru_cache(maxsize=1)
def entropy_quadratic_form() -> Chain:
    r"""Derive :math:`\sum_{i,j} v_i v_j\, \partial^2\mathcal{H}/\partial p_i\partial p_j`.

    Returns
    -------
    Chain
        The Hessian substituted, the delta summed out: :math:`-\sum_i v_i^2/p_i`.

    Examples
    --------
    >>> entropy_quadratic_form().result
    -Sum(v[i]**2/p[i], (i, 1, n))
    """
    g, e = general_symbols(), exponential_symbols()
    hessian = sp.Derivative(ENTROPY, e.p[g.i], e.p[g.j])
    lhs = sp.Sum(g.v[g.i] * sp.Sum(g.v[g.j] * hessian, (g.j, 1, g.n)), (g.i, 1, g.n))
    entry = entropy_hessian().result

    def substitute(expr: sp.Expr) -> sp.Expr:
        # The minus sign of the entry leaves both sums.
        inner = sp.factor_terms(sp.Sum(g.v[g.i] * g.v[g.j] * entry, (g.j, 1, g.n)))
        return sp.factor_terms(sp.Sum(inner, (g.i, 1, g.n)))

    return Chain.start(lhs, substitute(lhs), "the Hessian").then(
        "sum out $\\delta_{ij}$", sum_out_deltas
    )


def to_distribution_notation(expr: sp.Expr) -> sp.Expr:
    r"""Write every :math:`e^{\beta z_i} / \sum_m e^{\beta z_m}` as :math:`p_i`.

    Parameters
    ----------
    expr : sympy.Expr
        An expression in :math:`e^{\beta z_i}` and :math:`\sum_m e^{\beta z_m}`.

    Returns
    -------
    sympy.Expr
        The same in the maximum-entropy distribution :math:`p`, expanded.

    Raises
    ------
    ValueError
        If an exponential is left that is not part of some :math:`p_i`.

    Examples
    --------
    >>> g, e = general_symbols(), exponential_symbols()
    >>> to_distribution_notation(Softmax(e.beta * Z, g.k).doit() * g.z[g.k])
    p[k]*z[k]
    """
    g, e = general_symbols(), exponential_symbols()
    placeholder = sp.Dummy("log_normaliser", real=True)
    exps = sp.Sum(sp.exp(e.beta * g.z[g.m]), (g.m, 1, g.n))
    out = expr.xreplace({exps: sp.exp(placeholder)})

    def scored(node: sp.Basic) -> bool:
        if not isinstance(node, sp.exp):
            return False
        rest = sp.factor_terms(node.args[0] / e.beta)
        return isinstance(rest, sp.Indexed) and rest.base == g.z

    out = out.replace(
        scored, lambda node: e.p[(node.args[0] / e.beta).indices[0]] * sp.exp(placeholder)
    )
    out = sp.expand(sp.powsimp(canonical_sums(out)))
    if out.has(placeholder):
        raise ValueError(f"to_distribution_notation: {expr} is not a function of p")
    return out


@lru_cache(maxsize=1)
def expected_score_slope() -> Chain:
    r"""Derive :math:`\partial\mu/\partial\beta` at the maximum-entropy distribution.

    With :math:`p = \mathrm{softmax}(\beta z)` and :math:`\mu = \sum_i p_i z_i`.

    Returns
    -------
    Chain
        The derivative of the quotient, written in :math:`p`, then in :math:`\mu`:
        :math:`\sum_i p_i z_i^2 - \mu^2`.

    Examples
    --------
    >>> expected_score_slope().result
    -mu**2 + Sum(p[i]*z[i]**2, (i, 1, n))
    """
    g, e = general_symbols(), exponential_symbols()
    score = sp.Sum(g.z[g.i] * Softmax(e.beta * Z, g.i).doit(), (g.i, 1, g.n))
    mean = sp.Sum(e.p[g.i] * g.z[g.i], (g.i, 1, g.n))

    def in_p(expr: sp.Expr) -> sp.Expr:
        return same_dummies(canonical_sums(to_distribution_notation(expr.doit())))

    return (
        Chain.start(
            sp.Derivative(e.mu, e.beta),
            sp.Derivative(score, e.beta),
            "$\\mu = \\sum_i p_i z_i$ with $p = \\mathrm{softmax}(\\beta z)$",
        )
        .then("differentiate, write $p_i$", in_p)
        .then("$\\sum_i p_i z_i = \\mu$", lambda expr: expr.xreplace({mean: e.mu}))
    )


def implied_multipliers(entries: list[sp.Expr], zs: tuple[sp.Symbol, ...]) -> list[sp.Expr]:
    r"""For concrete :math:`n`: the :math:`\lambda` that each stationarity equation asks for.

    The Lagrangian of :func:`lagrangian` is built for the concrete logits ``zs`` and
    differentiated in each :math:`p_j`; :math:`\partial\mathcal{L}/\partial p_j = 0` is solved
    for :math:`\lambda` with :math:`p_j` set to ``entries[j]``. A distribution is a stationary
    point exactly when all these values agree.

    Parameters
    ----------
    entries : list of sympy.Expr
        The candidate :math:`p_1, \dots, p_n`.
    zs : tuple of sympy.Symbol
        The concrete logits.

    Returns
    -------
    list of sympy.Expr
        :math:`\lambda` from each equation, logarithms expanded.

    Examples
    --------
    >>> from derivations.symbolic.symbols import logit_symbols
    >>> e, zs = exponential_symbols(), logit_symbols(2)
    >>> total = sp.exp(e.beta * zs[0]) + sp.exp(e.beta * zs[1])
    >>> a, b = implied_multipliers([sp.exp(e.beta * z) / total for z in zs], zs)
    >>> sp.simplify(a - b)
    0
    """
    e = exponential_symbols()
    ps = sp.symbols(f"p_1:{len(zs) + 1}", positive=True)
    lagrange = (
        -sum(p * sp.log(p) for p in ps)
        + e.beta * (sum(p * z for p, z in zip(ps, zs, strict=True)) - e.mu)
        + e.lam * (sum(ps) - 1)
    )
    out = []
    for p, value in zip(ps, entries, strict=True):
        (lam,) = sp.solve(sp.diff(lagrange, p), e.lam)
        out.append(sp.expand(sp.expand_log(lam.xreplace({p: value}), force=True)))
    return out


def concave_maximum(total: sp.Expr, variable: sp.IndexedBase) -> sp.Expr:
    r"""Return the largest value of a sum :math:`\pm\sum_i t(v_i)` of concave terms.

    Each term depends on its own :math:`v_i`, so the sum is largest where each term is. The
    term's derivative in :math:`v_i` must vanish at one point only, with a negative second
    derivative there (so that point is the only maximum).

    Parameters
    ----------
    total : sympy.Expr
        A sum over :math:`i = 1, \dots, n`, possibly with a constant factor.
    variable : sympy.IndexedBase
        The :math:`v` of the terms.

    Returns
    -------
    sympy.Expr
        The sum of the terms' maxima.

    Raises
    ------
    ValueError
        If a term is not strictly concave with a single critical point.

    Examples
    --------
    >>> g, e = general_symbols(), exponential_symbols()
    >>> concave_maximum(-sp.Sum(g.v[g.i] ** 2 / e.p[g.i], (g.i, 1, g.n)), g.v)
    0
    """
    factor, total = total.as_coeff_Mul()
    if not isinstance(total, sp.Sum):
        raise ValueError(f"concave_maximum: {total} is not a sum")
    index = total.limits[0][0]
    term = factor * total.function
    v = variable[index]
    critical = sp.solve(sp.diff(term, v), v)
    if len(critical) != 1 or sp.diff(term, v, 2).xreplace({v: critical[0]}).is_negative is not True:
        raise ValueError(f"concave_maximum: {term} is not strictly concave in {v}")
    return sp.Sum(term.xreplace({v: critical[0]}), *total.limits).doit()


def score_variance() -> sp.Expr:
    r"""Return the variance of the score under :math:`p`, :math:`\sum_i p_i (z_i - \mu)^2`.

    Returns
    -------
    sympy.Expr
        The sum, in :math:`\mu`.

    Examples
    --------
    >>> score_variance()
    Sum((-mu + z[i])**2*p[i], (i, 1, n))
    """
    g, e = general_symbols(), exponential_symbols()
    return sp.Sum(e.p[g.i] * (g.z[g.i] - e.mu) ** 2, (g.i, 1, g.n))


def in_distribution(expr: sp.Expr) -> sp.Expr:
    r"""Write :math:`\mu = \sum_m p_m z_m` out and put ``expr``'s sums in one canonical form.

    Parameters
    ----------
    expr : sympy.Expr
        An expression in :math:`p`, :math:`z` and :math:`\mu`.

    Returns
    -------
    sympy.Expr
        Sums split into monomials, innermost indices named alike (:func:`same_dummies`).

    Examples
    --------
    >>> e = exponential_symbols()
    >>> in_distribution(e.mu**2)
    Sum(p[i]*z[i], (i, 1, n))**2
    """
    g, e = general_symbols(), exponential_symbols()
    mean = sp.Sum(e.p[g.m] * g.z[g.m], (g.m, 1, g.n))
    return same_dummies(canonical_sums(sp.sympify(expr).xreplace({e.mu: mean})))


def zero_only_where_equal(total: sp.Expr) -> bool:
    r"""Whether a sum of terms :math:`p_i (z_i - \mu)^2` is zero only if every :math:`z_i = \mu`.

    Each term must be known to be :math:`\ge 0` (so the sum is zero only if every term is),
    and solving a term for :math:`z_i` must give :math:`\mu` alone (so a zero term needs
    :math:`z_i = \mu`; with every :math:`z_i = \mu`, all scores are equal).

    Parameters
    ----------
    total : sympy.Sum
        The sum, over :math:`i`.

    Returns
    -------
    bool
        Whether both hold.

    Examples
    --------
    >>> zero_only_where_equal(score_variance())
    True
    >>> g = general_symbols()
    >>> zero_only_where_equal(sp.Sum(g.z[g.i] ** 2 - 1, (g.i, 1, g.n)))
    False
    """
    g, e = general_symbols(), exponential_symbols()
    term = total.function
    if term.is_nonnegative is not True:
        return False
    return sp.solve(term, g.z[g.i]) == [e.mu]


def nonnegative_terms_minimum(total: sp.Expr) -> sp.Expr:
    r"""Smallest value of a sum of terms that are each :math:`\ge 0` and can each be :math:`0`.

    Parameters
    ----------
    total : sympy.Sum
        A sum whose term SymPy knows to be non-negative (from the symbols' assumptions) and
        which vanishes where its squared bracket does.

    Returns
    -------
    sympy.Expr
        The sum of the terms' minima (0).

    Raises
    ------
    ValueError
        If a term is not known to be non-negative, or has no zero.

    Examples
    --------
    >>> nonnegative_terms_minimum(score_variance())
    0
    """
    term = total.function
    if term.is_nonnegative is not True:
        raise ValueError(f"nonnegative_terms_minimum: {term} is not known to be >= 0")
    index = total.limits[0][0]
    squares = [f.base for f in sp.Mul.make_args(term) if isinstance(f, sp.Pow) and f.exp == 2]
    for bracket in squares:
        # The bracket vanishes for some value of one of its (non-index) variables.
        variables = (bracket.free_symbols - {index}) | bracket.atoms(sp.Indexed)
        if any(sp.solve(bracket, t) for t in sorted(variables, key=str) if t.free_symbols):
            return sp.Sum(term.xreplace({bracket: 0}), *total.limits).doit()
    raise ValueError(f"nonnegative_terms_minimum: {term} has no zero")


def gibbs_lower_bound() -> sp.Expr:
    r"""Lower bound of :math:`\sum_i p_i \log(p_i/s_i)` from :math:`\log x \le x - 1`.

    The inequality :math:`\log x \le x - 1` (:math:`x > 0`) is checked first: :math:`x - 1 -
    \log x` has one critical point, :math:`x = 1`, where it is :math:`0`, and a positive
    second derivative. With :math:`x = s_i/p_i`, each term is at least
    :math:`p_i (1 - s_i/p_i)`, and these sum to :math:`\sum_i p_i - \sum_i s_i`.

    Returns
    -------
    sympy.Expr
        The bound, with :math:`\sum_i p_i = \sum_i s_i = 1` (so :math:`0`).

    Raises
    ------
    ValueError
        If the inequality did not check.

    Examples
    --------
    >>> gibbs_lower_bound()
    0
    """
    g, e = general_symbols(), exponential_symbols()
    x = sp.Symbol("x", positive=True)
    gap = x - 1 - sp.log(x)
    critical = sp.solve(sp.diff(gap, x), x)
    if critical != [1] or gap.xreplace({x: 1}) != 0 or sp.diff(gap, x, 2).is_positive is not True:
        raise ValueError("gibbs_lower_bound: log x <= x - 1 did not check")
    ratio = g.s[g.i] / e.p[g.i]
    bound = canonical_sums(sp.Sum(e.p[g.i] * (1 - ratio), (g.i, 1, g.n)))
    return apply_sum_to_one(apply_sum_to_one(bound, e.p), g.s)


# -- the convex conjugate ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def conjugate_value() -> Chain:
    r"""Derive :math:`p^\top z + \mathcal{H}(p) = \mathrm{LSE}(z)` at :math:`p = s`.

    Returns
    -------
    Chain
        :math:`p = s` substituted, the derived log-softmax, the sums split,
        :math:`\sum_i s_i = 1`.

    Examples
    --------
    >>> conjugate_value().result
    LSE(z)
    """
    g = general_symbols()
    lhs = Shown(r"\left.\left(p^\top z + \mathcal{H}(p)\right)\right|_{p = s}", real=True)
    first = sp.Sum(g.s[g.i] * g.z[g.i], (g.i, 1, g.n)) - sp.Sum(
        g.s[g.i] * sp.log(g.s[g.i]), (g.i, 1, g.n)
    )
    log_s = general.log_softmax().result
    return (
        Chain.start(lhs, first, "$p = s$")
        .then("log-softmax", lambda expr: expr.xreplace({sp.log(g.s[g.i]): log_s}))
        .then("split the sums", canonical_sums)
        .then("$\\sum_i s_i = 1$", lambda expr: apply_sum_to_one(expr, g.s))
    )


def kl_in_logits(expr: sp.Expr) -> sp.Expr:
    r"""Write a divergence :math:`\sum_i p_i \log(p_i/s_i)` (or any such sum) in the logits.

    The logarithm of the quotient is split, :math:`\log s_i` replaced by the derived
    log-softmax :math:`z_i - \mathrm{LSE}(z)`, the sums split, and :math:`\sum_i p_i = 1` used.

    Parameters
    ----------
    expr : sympy.Expr
        A sum of terms in :math:`p_i` and :math:`\log(p_i/s_i)`.

    Returns
    -------
    sympy.Expr
        The same in :math:`p`, :math:`z` and :math:`\mathrm{LSE}(z)`.

    Examples
    --------
    >>> g, e = general_symbols(), exponential_symbols()
    >>> kl_in_logits(sp.Sum(e.p[g.i] * sp.log(e.p[g.i] / g.s[g.i]), (g.i, 1, g.n)))
    LSE(z) + Sum(log(p[i])*p[i], (i, 1, n)) - Sum(p[i]*z[i], (i, 1, n))
    """
    return divergence_steps(expr).result


def divergence_steps(start: sp.Expr) -> Chain:
    r"""Return the steps of :func:`kl_in_logits`, from ``start``, as a chain with left side KL.

    Parameters
    ----------
    start : sympy.Expr
        The first right-hand side: a sum of terms in :math:`p_i` and :math:`\log(p_i/s_i)`.

    Returns
    -------
    Chain
        ``start``, the logarithm split, the derived log-softmax, :math:`\sum_i p_i = 1`.
    """
    g, e = general_symbols(), exponential_symbols()
    log_s = general.log_softmax().result
    return (
        Chain.start(KL, start, "definition")
        .then("log of a quotient", lambda expr: canonical_sums(sp.expand_log(expr, force=True)))
        .then(
            "log-softmax",
            lambda expr: canonical_sums(expr.xreplace({sp.log(g.s[g.i]): log_s})),
        )
        .then("$\\sum_i p_i = 1$", lambda expr: apply_sum_to_one(expr, e.p))
    )


@lru_cache(maxsize=1)
def divergence_gap() -> Chain:
    r"""Derive :math:`\mathrm{KL}(p \,\|\, s) = \mathrm{LSE}(z) - (p^\top z + \mathcal{H}(p))`.

    Returns
    -------
    Chain
        The definition :math:`\sum_i p_i \log(p_i/s_i)`, the logarithm split, the derived
        log-softmax, :math:`\sum_i p_i = 1`.

    Examples
    --------
    >>> divergence_gap().result
    LSE(z) + Sum(log(p[i])*p[i], (i, 1, n)) - Sum(p[i]*z[i], (i, 1, n))
    """
    g, e = general_symbols(), exponential_symbols()
    return divergence_steps(sp.Sum(e.p[g.i] * sp.log(e.p[g.i] / g.s[g.i]), (g.i, 1, g.n)))


def objective() -> sp.Expr:
    r"""Return :math:`p^\top z + \mathcal{H}(p) = \sum_i p_i z_i - \sum_i p_i \log p_i`.

    Returns
    -------
    sympy.Expr
        The conjugate's objective, with summation index :math:`i`.

    Examples
    --------
    >>> objective()
    -Sum(log(p[i])*p[i], (i, 1, n)) + Sum(p[i]*z[i], (i, 1, n))
    """
    g, e = general_symbols(), exponential_symbols()
    return sp.Sum(e.p[g.i] * g.z[g.i], (g.i, 1, g.n)) - sp.Sum(
        e.p[g.i] * sp.log(e.p[g.i]), (g.i, 1, g.n)
    )


# -- Luce's choice axiom -----------------------------------------------------------------------


class AtZero(sp.Expr):
    r"""The ordinary derivative of an expression in one variable at 0, printed with an upright d.

    :math:`\left.\frac{\mathrm{d}}{\mathrm{d}\xi_2} \rho(\xi_1 + \xi_2)\right|_{\xi_2 = 0}`: the
    function of one variable gets :math:`\mathrm{d}` (as an integral's differential), not
    :math:`\partial` (the display layer writes :math:`\partial` for every derivative).
    ``doit()`` is SymPy's derivative at 0.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> e = exponential_symbols()
    >>> d = AtZero(e.rho(e.xi1 + e.xi2), e.xi2)
    >>> print(latex(d))
    \left.\frac{\mathrm{d}}{\mathrm{d} \xi_{2}} \rho{\left(\xi_{1} + \xi_{2}
    \right)}\right|_{\xi_{2} = 0}
    >>> d.doit() == sp.Derivative(e.rho(e.xi1), e.xi1).doit()
    True
    """

    is_commutative = True

    def __new__(cls, expr: sp.Expr, variable: sp.Symbol) -> AtZero:
        """Differentiate ``expr`` in ``variable`` at 0 (unevaluated)."""
        return super().__new__(cls, sp.sympify(expr), variable)

    def doit(self, **hints: object) -> sp.Expr:
        """Return the derivative at 0.

        Parameters
        ----------
        **hints : object
            SymPy's ``doit`` hints; not used (the result is always evaluated).

        Returns
        -------
        sympy.Expr
            SymPy's derivative of the expression, at 0.
        """
        expr, variable = self.args
        return sp.Subs(sp.Derivative(expr, variable), variable, 0).doit()

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        expr, variable = self.args
        operand = printer._print(expr)
        if isinstance(expr, sp.Mul):
            operand = rf"\left({operand}\right)"
        wrt = printer._print(variable)
        return rf"\left.\frac{{\mathrm{{d}}}}{{\mathrm{{d}} {wrt}}} {operand}\right|_{{{wrt} = 0}}"


#: :math:`\rho'(\xi_1)` and :math:`\rho'(0)`, as the Cauchy chain writes them.
RHO_PRIME = Shown(r"\rho'(\xi_1)", real=True)
RHO_PRIME_ZERO = Shown(r"\rho'(0)", real=True)


@lru_cache(maxsize=1)
def cauchy_derivative() -> Chain:
    r"""Differentiate :math:`\rho(\xi_1 + \xi_2) = \rho(\xi_1)\rho(\xi_2)` in :math:`\xi_2` at 0.

    :math:`\rho'(\xi_1)` is the derivative of :math:`\rho(\xi_1 + \xi_2)` in :math:`\xi_2` at 0
    (chain rule); by Cauchy's equation that is the derivative of :math:`\rho(\xi_1)\rho(\xi_2)`,
    which is :math:`\rho'(0)\rho(\xi_1)`, and :math:`\beta = \rho'(0)`.

    Returns
    -------
    Chain
        With left side :math:`\rho'(\xi_1)`: the chain rule, Cauchy's equation, the derivative
        of the product, then :math:`\beta` named: :math:`\beta\rho(\xi_1)`.

    Raises
    ------
    ValueError
        If the first line is not the derivative of :math:`\rho` at :math:`\xi_1` (a chain that
        does not start from :math:`\rho'(\xi_1)`).

    Examples
    --------
    >>> cauchy_derivative().result
    beta*rho(xi_1)
    >>> len(cauchy_derivative().lines)
    4
    """
    e = exponential_symbols()
    first = AtZero(e.rho(e.xi1 + e.xi2), e.xi2)
    if first.doit() != sp.Derivative(e.rho(e.xi1), e.xi1).doit():
        raise ValueError("cauchy_derivative: the first line is not rho'(xi_1)")
    slope = sp.Subs(sp.Derivative(e.rho(e.xi2), e.xi2), e.xi2, 0)

    def cauchy(expr: AtZero) -> AtZero:
        product = e.rho(e.xi1) * e.rho(e.xi2)
        return AtZero(expr.args[0].xreplace({e.rho(e.xi1 + e.xi2): product}), e.xi2)

    return (
        Chain.start(RHO_PRIME, first, "chain rule")
        .then("Cauchy's equation", cauchy)
        .then("differentiate", lambda expr: expr.doit().xreplace({slope: RHO_PRIME_ZERO}))
        .then("$\\beta = \\rho'(0)$", lambda expr: expr.xreplace({RHO_PRIME_ZERO: e.beta}))
    )


def _rho_at_zero() -> sp.Expr:
    r"""Solve :math:`\rho(0) = \rho(0)^2` (Cauchy's equation at 0) for :math:`\rho(0) > 0`."""
    value = sp.Symbol("rho0", positive=True)
    (root,) = sp.solve(sp.Eq(value, value**2), value)
    return root


@lru_cache(maxsize=1)
def cauchy_solution() -> Chain:
    r"""Solve :math:`\rho'(u) = \beta\rho(u)` with :math:`\rho(0) = 1`.

    :math:`\rho(0) = 1` is the functional equation at :math:`\xi_1 = \xi_2 = 0`, since
    :math:`\rho > 0`.

    Returns
    -------
    Chain
        :math:`\rho(u) = e^{\beta u}`, from ``dsolve``.

    Examples
    --------
    >>> cauchy_solution().result
    exp(beta*u)
    """
    e = exponential_symbols()
    equation = cauchy_derivative().result.xreplace({e.xi1: e.u})
    ode = sp.Eq(sp.Derivative(e.rho(e.u), e.u), equation)  # rho'(u) = beta rho(u)
    solution = sp.dsolve(ode, e.rho(e.u), ics={e.rho(0): _rho_at_zero()})
    return Chain.start(
        e.rho(e.u),
        solution.rhs,
        "solve $\\rho' = \\beta\\rho$ with $\\rho(0) = 1$",
    )


@lru_cache(maxsize=1)
def luce_choice() -> Chain:
    r"""Derive :math:`P_i = \mathrm{softmax}(\beta z)_i` from odds :math:`\rho(z_m - z_i)`.

    Returns
    -------
    Chain
        :math:`P_i = P_i / \sum_m P_m`, divided by :math:`P_i` with the odds as :math:`\rho` of
        the score difference, :math:`\rho` from :func:`cauchy_solution`, multiplied by
        :math:`e^{\beta z_i}`, named.

    Examples
    --------
    >>> luce_choice().lines[2][0]
    1/Sum(exp(beta*(-z[i] + z[m])), (m, 1, n))
    >>> luce_choice().result
    softmax(beta*z)[i]
    """
    g, e = general_symbols(), exponential_symbols()
    first = e.P[g.i] / sp.Sum(e.P[g.m], (g.m, 1, g.n))
    rho = cauchy_solution().result

    def divide_by_p(expr: sp.Expr) -> sp.Expr:
        # Numerator and every term of the sum divided by P_i, and each odds P_m / P_i written
        # as rho of the score difference.
        top, total = sp.fraction(expr)
        odds = sp.Sum(total.function / e.P[g.i], *total.limits)
        return (top / e.P[g.i] / odds).xreplace({e.P[g.m] / e.P[g.i]: e.rho(g.z[g.m] - g.z[g.i])})

    def pull_out(expr: sp.Expr) -> sp.Expr:
        return expr.replace(
            lambda node: isinstance(node, sp.Sum),
            lambda node: sp.factor_terms(sp.expand(node, power_exp=True)),
        )

    return (
        Chain.start(e.P[g.i], first, "the $P_m$ sum to one")
        .then("divide by $P_i$; $P_m / P_i = \\rho(z_m - z_i)$", divide_by_p)
        .then(
            "$\\rho(u) = e^{\\beta u}$",
            lambda expr: expr.replace(e.rho, sp.Lambda(e.u, rho)),
        )
        .then("multiply by $e^{\\beta z_i}$", pull_out)
        .then(
            "definition of the softmax", _named_softmax(e.beta * Z, g.i, "luce_choice: the result")
        )
    )


class DivideBySum(sp.Expr):  # numpydoc ignore=PR02
    r"""Entry :math:`q(v)_i = v_i / \sum_{m=1}^{n} v_m` of dividing by the sum, unevaluated.

    Parameters
    ----------
    vector : sympy.Expr
        An expression in :data:`X` and :data:`~.expressions.ONE`, e.g. ``X + c*ONE``.
    index : sympy.Expr
        The entry, an integer index symbol.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> g, e = general_symbols(), exponential_symbols()
    >>> q = DivideBySum(X + e.c * ONE, g.i)
    >>> latex(q)
    'q(x + c \\mathbf{1})_{i}'
    >>> q.doit()
    (c + x[i])/Sum(c + x[m], (m, 1, n))
    """

    is_commutative = True
    is_real = True

    def __new__(cls, vector: sp.Expr, index: sp.Expr) -> DivideBySum:
        """Create entry ``index`` of ``vector`` divided by its sum."""
        return super().__new__(cls, sp.sympify(vector), sp.sympify(index))

    @staticmethod
    def _entry(vector: sp.Expr, index: sp.Expr) -> sp.Expr:
        return vector.xreplace({X: general_symbols().x[index], ONE: sp.S.One})

    def doit(self, **hints: object) -> sp.Expr:
        r"""Return the quotient this stands for.

        Parameters
        ----------
        **hints : object
            SymPy's ``doit`` hints; not used (the result is always evaluated).

        Returns
        -------
        sympy.Expr
            :math:`v_i / \sum_{m=1}^{n} v_m`, with :math:`v` in entries of :data:`X`.
        """
        g = general_symbols()
        vector, index = self.args
        return self._entry(vector, index) / sp.Sum(self._entry(vector, g.m), (g.m, 1, g.n))

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        vector, index = self.args
        return rf"q({printer._print(vector)})_{{{printer._print(index)}}}"

    def _sympystr(self, printer: object) -> str:
        vector, index = self.args
        return f"q({vector})[{index}]"


class Exp(sp.Function):
    r"""The exponential printed :math:`\exp(a)`: for an exponent too deep to read as a superscript.

    Only for display (:func:`exp_notation`); ``doit()`` is SymPy's ``exp``.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(Exp(-sp.exp(-sp.Symbol("u"))))
    '\\exp\\left(- e^{- u}\\right)'
    """

    is_positive = True

    def doit(self, **hints: object) -> sp.Expr:
        """Return ``exp`` of the argument.

        Parameters
        ----------
        **hints : object
            Passed on to the argument's ``doit``; ``deep=False`` leaves the argument as it is.

        Returns
        -------
        sympy.Expr
            SymPy's ``exp`` of the argument.
        """
        return sp.exp(self.args[0].doit(**hints) if hints.get("deep", True) else self.args[0])

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return rf"\exp\left({printer._print(self.args[0])}\right)"


def exp_notation(expr: sp.Expr) -> sp.Expr:
    r"""Write every exponential whose exponent holds an exponential as :math:`\exp(\cdot)`.

    :math:`e^{-e^{-u}}` becomes :math:`\exp(-e^{-u})`: a second level of superscript is too small
    to read. Only the printing changes (:class:`Exp`).

    Parameters
    ----------
    expr : sympy.Expr
        Any expression.

    Returns
    -------
    sympy.Expr
        The same, for display.

    Examples
    --------
    >>> u = sp.Symbol("u")
    >>> exp_notation(sp.exp(-sp.exp(-u)) * sp.exp(u))
    Exp(-exp(-u))*exp(u)
    """
    return expr.replace(
        lambda node: isinstance(node, sp.exp) and node.args[0].has(sp.exp),
        lambda node: Exp(node.args[0]),
    )


def readable(chain: Chain) -> Display:
    r"""Display a chain with nested exponentials written :math:`\exp(\cdot)` (the same lines).

    Parameters
    ----------
    chain : Chain
        E.g. :func:`gumbel_two`.

    Returns
    -------
    Display
        Its aligned steps, each line through :func:`exp_notation`.

    Examples
    --------
    >>> r"\exp\left(" in readable(gumbel_two()).latex
    True
    """
    lines = [(exp_notation(line), reason) for line, reason in chain.lines]
    return Display(chain.equation, tex=aligned(chain.lhs, lines))


# -- Gumbel-max --------------------------------------------------------------------------------


def _substitute_w(integral: sp.Integral) -> sp.Integral:
    r"""Change the variable of an integral over :math:`\gamma` to :math:`\omega = e^{-\gamma}`."""
    e = exponential_symbols()
    out = integral.transform(sp.exp(-e.gamma), e.omega)
    # One exponential, its exponent with w factored out: e^{-w (1 + e^{z_2 - z_1})}.
    exponent = sp.powsimp(sp.expand(sp.log(out.function), force=True))
    return sp.Integral(sp.exp(sp.factor_terms(exponent)), *out.limits)


def _integrate_exponential(integral: sp.Integral) -> sp.Expr:
    r"""Integrate :math:`\int_0^\infty e^{-a w}\,dw = 1/a` for a positive :math:`a` (SymPy)."""
    e = exponential_symbols()
    rate = sp.Dummy("rate", positive=True)
    exponent = sp.expand(sp.log(integral.function), force=True)
    a = sp.factor_terms(-exponent / e.omega)
    if a.has(e.omega):
        raise ValueError(f"_integrate_exponential: {integral} is not of the form exp(-a w)")
    result = sp.integrate(sp.exp(-rate * e.omega), (e.omega, *integral.limits[0][1:]))
    return result.xreplace({rate: a})


@lru_cache(maxsize=1)
def gumbel_two() -> Chain:
    r"""Derive :math:`P_1 = e^{z_1}/(e^{z_1} + e^{z_2})`, the probability that class 1 wins.

    With :math:`\gamma_1, \gamma_2` independent standard Gumbel: class 1 wins when
    :math:`\gamma_2 < z_1 - z_2 + \gamma_1`, which for a given :math:`\gamma_1 = \gamma` has
    probability :math:`F(z_1 - z_2 + \gamma)`.

    Returns
    -------
    Chain
        The integral, the Gumbel functions, :math:`\omega = e^{-\gamma}`, SymPy's integral, and the
        fraction multiplied by :math:`e^{z_1}`.

    Examples
    --------
    >>> gumbel_two().result
    exp(z_1)/(exp(z_1) + exp(z_2))
    """
    e = exponential_symbols()
    z1, z2 = sp.symbols("z_1 z_2", real=True)
    lhs = Shown("P_1", positive=True)  # the probability that class 1 wins
    first = sp.Integral(e.f(e.gamma) * e.F(z1 - z2 + e.gamma), (e.gamma, -sp.oo, sp.oo))
    return (
        Chain.start(lhs, first, "given $\\gamma_1 = \\gamma$")
        .then(
            "Gumbel $f$, $F$",
            lambda expr: expr.replace(e.f, sp.Lambda(e.u, gumbel_density(e.u))).replace(
                e.F, sp.Lambda(e.u, gumbel_cdf(e.u))
            ),
        )
        .then("$\\omega = e^{-\\gamma}$", _substitute_w)
        .then("integrate", lambda expr: expr.doit(conds="none"))
        .then("times $e^{z_1}/e^{z_1}$", lambda expr: sp.exp(z1) / sp.expand(sp.exp(z1) / expr))
    )


def _product_to_sum(expr: sp.Expr) -> sp.Expr:
    r"""Write a product of exponentials :math:`\prod_m e^{a_m}` as :math:`e^{\sum_m a_m}`."""

    def one(product: sp.Product) -> sp.Expr:
        if not isinstance(product.function, sp.exp):
            return product
        exponent = sp.Sum(product.function.args[0], *product.limits)
        return sp.exp(sp.factor_terms(sp.expand(exponent, power_exp=True)))

    return expr.replace(lambda node: isinstance(node, sp.Product), one)


@lru_cache(maxsize=1)
def gumbel_general() -> Chain:
    r"""Derive :math:`P(\arg\max_m (z_m + \gamma_m) = i) = \mathrm{softmax}(z)_i` for any :math:`n`.

    For a given :math:`\gamma_i = \gamma`, class :math:`i` wins when
    :math:`\gamma_m < z_i - z_m + \gamma` for every :math:`m \ne i`, with probability
    :math:`\prod_{m \ne i} F(z_i - z_m + \gamma)`; the factor :math:`m = i` of the full product is
    :math:`F(\gamma)`, so the integrand is :math:`f(\gamma)/F(\gamma) \prod_{m=1}^{n}
    F(z_i - z_m + \gamma)`.

    Returns
    -------
    Chain
        The integral, the Gumbel functions, the product as the exponential of a sum,
        :math:`\omega = e^{-\gamma}`, SymPy's integral, the softmax named.

    Examples
    --------
    >>> gumbel_general().lines[-2][0]
    exp(z[i])/Sum(exp(z[m]), (m, 1, n))
    >>> gumbel_general().result
    softmax(z)[i]
    """
    g, e = general_symbols(), exponential_symbols()
    lhs = e.P[g.i]  # the probability that class i wins
    product = sp.Product(e.F(g.z[g.i] - g.z[g.m] + e.gamma), (g.m, 1, g.n))
    first = sp.Integral(e.f(e.gamma) / e.F(e.gamma) * product, (e.gamma, -sp.oo, sp.oo))

    return (
        Chain.start(lhs, first, "given $\\gamma_i = \\gamma$")
        .then(
            "Gumbel $f$, $F$",
            lambda expr: expr.replace(e.f, sp.Lambda(e.u, gumbel_density(e.u))).replace(
                e.F, sp.Lambda(e.u, gumbel_cdf(e.u))
            ),
        )
        .then("product of exponentials", _product_to_sum)
        .then("$\\omega = e^{-\\gamma}$", _substitute_w)
        .then("integrate", _integrate_exponential)
        .then("definition of the softmax", _named_softmax(Z, g.i, "gumbel_general: the result"))
    )
