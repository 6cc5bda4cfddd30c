r"""Squared error on the softmax for general ``n``: where its gradient goes, and its expectation.

The page ``mse`` needs four derivations beyond the gradient itself
(:func:`derivations.symbolic.general.mse_gradient`):

* the softmax approaches a vertex :math:`e_\ell` of the simplex when one logit runs away from the
  others: :func:`softmax_toward_vertex` divides :math:`s_\ell` by :math:`e^{z_\ell}`, leaving a
  sum whose term :math:`m = \ell` is 1 and whose other terms vanish;
* at a vertex every entry of the softmax Jacobian is zero: :func:`at_vertex` puts
  :math:`s_i = \delta_{i\ell}` into an expression in :math:`s`, and :func:`index_cases` resolves the
  Kronecker deltas by splitting over which free indices are equal (a case split that covers
  every ``n``);
* how fast the gradient decays on the way to a wrong vertex: :func:`on_wrong_path` evaluates an
  expression at logits :math:`z = t e_\ell` (class :math:`\ell` ahead of all others by
  :math:`t`) and target :math:`y = e_k`, :math:`\ell \ne k`, exactly, for symbolic ``n``;
* the expected squared error under a true distribution :math:`p`:
  :func:`expected_squared_error` derives :math:`\mathbb{E}_{y \sim p} \lVert s - y \rVert^2
  = \lVert s - p \rVert^2 + 1 - \lVert p \rVert^2`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import sympy as sp
from sympy.utilities.iterables import multiset_partitions

from . import general_definitions as gd
from .chain import Chain
from .general import sum_out_deltas
from .rewrite import apply_sum_to_one, canonical_sums
from .symbols import general_symbols

__all__ = [
    "EXPECTED_SQUARED_ERROR",
    "EXP_T",
    "VERTEX",
    "P",
    "at_vertex",
    "expected_squared_error",
    "index_cases",
    "on_wrong_path",
    "softmax_toward_vertex",
]

#: The class :math:`\ell` of a vertex :math:`e_\ell` of the simplex (any class, right or wrong).
#: :meta hide-value:
VERTEX = sp.Symbol(r"\ell", integer=True, positive=True)
#: A true distribution of the classes, :math:`p` (properness).
P = sp.IndexedBase("p", positive=True)
#: :math:`e^t` for the margin :math:`t` of the wrong-vertex path (positive).
EXP_T = sp.Symbol("E", positive=True)
#: The expected squared error, as the left-hand side of its derivation.
#: :meta hide-value:
EXPECTED_SQUARED_ERROR = sp.Symbol(r"\mathbb{E}_{y \sim p} \lVert s - y \rVert^2", real=True)


def _divide_by_lead(expr: sp.Expr) -> sp.Expr:
    # e^{z_l} / sum_m e^{z_m}: numerator and each term of the sum times e^{-z_l}.
    g, ell = general_symbols(), VERTEX
    numerator, denominator = sp.fraction(expr)
    scale = sp.exp(-g.z[ell])
    top = sp.powsimp(numerator * scale)
    total = sp.Sum(sp.powsimp(denominator.function * scale), *denominator.limits)
    return top / total


@lru_cache(maxsize=1)
def softmax_toward_vertex() -> Chain:
    r"""Derive :math:`s_\ell = 1/\sum_{m} e^{z_m - z_\ell}` for general ``n``.

    The term :math:`m = \ell` of the sum is :math:`e^0 = 1`; every other term tends to 0 when
    :math:`z_\ell` runs away from every other logit, which is how the softmax approaches the
    vertex :math:`e_\ell`.

    Returns
    -------
    Chain
        Definition, divided through by :math:`e^{z_\ell}`.

    Examples
    --------
    >>> softmax_toward_vertex().result
    1/Sum(exp(-z[\ell] + z[m]), (m, 1, n))
    """
    g, ell = general_symbols(), VERTEX
    return Chain.start(g.s[ell], gd.g_softmax(ell), "definition of the softmax").then(
        "divide by $e^{z_\\ell}$", _divide_by_lead
    )


def at_vertex(expr: sp.Expr, vertex: sp.Symbol = VERTEX) -> sp.Expr:
    r"""Put the vertex :math:`s = e_\ell` into an expression in the softmax entries.

    Parameters
    ----------
    expr : sympy.Expr
        An expression in ``general_symbols().s`` (entries, sums of entries).
    vertex : sympy.Symbol, optional
        The class :math:`\ell` of the vertex.

    Returns
    -------
    sympy.Expr
        ``expr`` with every :math:`s_i` replaced by :math:`\delta_{i\ell}`.

    Examples
    --------
    >>> g = general_symbols()
    >>> at_vertex(g.s[g.i] * (1 - g.s[g.j]))
    (1 - KroneckerDelta(\ell, j))*KroneckerDelta(\ell, i)
    """
    s = general_symbols().s
    return sp.sympify(expr).replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == s,
        lambda e: sp.KroneckerDelta(e.indices[0], vertex),
    )


def index_cases(
    expr: sp.Expr,
    indices: Sequence[sp.Symbol],
    distinct: Sequence[tuple[sp.Symbol, sp.Symbol]] = (),
) -> Iterator[tuple[str, sp.Expr]]:
    r"""Resolve Kronecker deltas by splitting over which of the free indices are equal.

    Sums are evaluated first (:func:`~.general.sum_out_deltas`); then, for every way of
    grouping ``indices`` into classes of equal values (a set partition: every possibility, for
    every ``n``), each index is replaced by its group's first member, so that
    :math:`\delta_{ab}` is 1 within a group and 0 between groups, and ``Eq``/``Ne`` conditions
    (of a ``Piecewise``) are decided the same way.

    Parameters
    ----------
    expr : sympy.Expr
        A general-``n`` expression with Kronecker deltas in its free indices.
    indices : sequence of sympy.Symbol
        The free indices to split over.
    distinct : sequence of (sympy.Symbol, sympy.Symbol), optional
        Pairs known to differ (e.g. a wrong class and the true one): groupings that join them
        are skipped.

    Yields
    ------
    tuple of (str, sympy.Expr)
        A label such as ``"i = j | k"`` (the groups) and the expression in that case.

    Examples
    --------
    >>> g = general_symbols()
    >>> delta = sp.KroneckerDelta(g.i, g.j)
    >>> [(label, e) for label, e in index_cases(delta * g.s[g.j], [g.i, g.j])]
    [('i = j', s[i]), ('i | j', 0)]
    """
    expr = sp.sympify(expr)
    if expr.has(sp.Sum):  # (only sums: the range rules would also rewrite a Piecewise)
        expr = sum_out_deltas(expr)
    for groups in multiset_partitions(list(indices)):
        if any(a in group and b in group for a, b in distinct for group in groups):
            continue
        table = {index: group[0] for group in groups for index in group}
        case = expr.xreplace(table)

        def decide(relation: sp.Basic) -> sp.Basic:
            a, b = relation.args
            same = a == b
            return sp.true if same == isinstance(relation, sp.Eq) else sp.false

        case = case.replace(
            lambda e: isinstance(e, (sp.Eq, sp.Ne)) and all(a.is_Symbol for a in e.args),
            decide,
        )
        case = case.replace(
            lambda e: isinstance(e, sp.KroneckerDelta),
            lambda e: sp.S.One if e.args[0] == e.args[1] else sp.S.Zero,
        )
        label = " | ".join(" = ".join(str(a) for a in group) for group in groups)
        yield label, sp.expand(case) if not case.has(sp.Piecewise) else case


def on_wrong_path(
    expr: sp.Expr, wrong: sp.Symbol = VERTEX, true: sp.Symbol | None = None
) -> sp.Expr:
    r"""Evaluate an expression in ``s`` and ``y`` at :math:`z = t e_\ell`, :math:`y = e_k`.

    Class :math:`\ell` is ahead of every other class by the margin :math:`t`; every other logit
    is 0. With :math:`E = e^t` (:data:`EXP_T`), :math:`e^{z_m} = 1 + (E - 1)\delta_{m\ell}`, so
    the softmax normaliser is :math:`\sum_m e^{z_m} = E + n - 1` (derived), and
    :math:`s_i = (1 + (E - 1)\delta_{i\ell}) / (E + n - 1)`, :math:`y_i = \delta_{ik}`.

    Parameters
    ----------
    expr : sympy.Expr
        A general-``n`` expression in ``s`` and ``y``.
    wrong : sympy.Symbol, optional
        The leading class :math:`\ell`.
    true : sympy.Symbol, optional
        The true class :math:`k` (default ``general_symbols().k``).

    Returns
    -------
    sympy.Expr
        The expression at that point (deltas not yet resolved: see :func:`index_cases`).

    Examples
    --------
    >>> g = general_symbols()
    >>> on_wrong_path(g.s[g.i])
    (E*KroneckerDelta(\ell, i) - KroneckerDelta(\ell, i) + 1)/(E + n - 1)
    """
    g = general_symbols()
    true = g.k if true is None else true
    logit_exp = 1 + (EXP_T - 1) * sp.KroneckerDelta(g.m, wrong)
    normaliser = sum_out_deltas(sp.Sum(logit_exp, (g.m, 1, g.n)))

    def entry(e: sp.Indexed) -> sp.Expr:
        return sp.expand(logit_exp.xreplace({g.m: e.indices[0]})) / normaliser

    out = sp.sympify(expr).replace(lambda e: isinstance(e, sp.Indexed) and e.base == g.s, entry)
    return out.replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == g.y,
        lambda e: sp.KroneckerDelta(e.indices[0], true),
    )


def _bound_index_to_i(expr: sp.Expr) -> sp.Expr:
    # Name every single sum's index i, as a textbook writes sum_i p_i s_i.
    g = general_symbols()

    def rename(total: sp.Sum) -> sp.Sum:
        ((index, low, high),) = total.limits
        if index == g.i or total.function.has(g.i):
            return total
        return sp.Sum(total.function.xreplace({index: g.i}), (g.i, low, high))

    return expr.replace(lambda e: isinstance(e, sp.Sum) and len(e.limits) == 1, rename)


def _complete_the_square(expr: sp.Expr) -> sp.Expr:
    # sum s_i^2 - 2 sum p_i s_i + 1  =  sum (s_i - p_i)^2 + 1 - sum p_i^2, checked term by term.
    g = general_symbols()
    grouped = (
        sp.Sum((g.s[g.i] - P[g.i]) ** 2, (g.i, 1, g.n)) + 1 - sp.Sum(P[g.i] ** 2, (g.i, 1, g.n))
    )
    if canonical_sums(grouped) != canonical_sums(expr):
        raise ValueError("expected_squared_error: the completed square differs from the sum")
    return grouped


@lru_cache(maxsize=1)
def expected_squared_error() -> Chain:
    r"""Derive the expected squared error under a true distribution :math:`p`, for general ``n``.

    :math:`\mathbb{E}_{y \sim p} \lVert s - y \rVert^2
    = \lVert s - p \rVert^2 + 1 - \lVert p \rVert^2`, written with sums.

    The target is the one-hot :math:`e_m` with probability :math:`p_m`, and
    :math:`\sum_m p_m = 1`. The first term is the only one that depends on the prediction
    :math:`s`, and it is smallest, zero, exactly at :math:`s = p`.

    Returns
    -------
    Chain
        Definition of the expectation, expanded with the deltas summed out, the square completed.

    Examples
    --------
    >>> expected_squared_error().result
    Sum((-p[i] + s[i])**2, (i, 1, n)) - Sum(p[i]**2, (i, 1, n)) + 1
    """
    g = general_symbols()
    square = sp.Sum((g.s[g.i] - sp.KroneckerDelta(g.i, g.m)) ** 2, (g.i, 1, g.n))
    expectation = sp.Sum(P[g.m] * square, (g.m, 1, g.n))
    return (
        Chain.start(EXPECTED_SQUARED_ERROR, expectation, "definition")
        .then(
            "expand, $\\sum_m p_m = 1$",
            lambda e: _bound_index_to_i(apply_sum_to_one(sum_out_deltas(e), P)),
        )
        .then("complete the square", _complete_the_square)
    )
