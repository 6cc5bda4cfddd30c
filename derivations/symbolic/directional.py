r"""Directional derivatives for concrete-``n`` proofs that scale to ``n = 16``.

Comparing a Jacobian entry by entry costs :math:`n^2` derivatives and :math:`n^2` identity
tests. With symbolic directions ``u`` and ``v`` one derivative suffices:
:math:`\frac{d}{dt} \sum_i u_i s_i(z + t v)|_{t=0} = \sum_{i,j} u_i J_{ij} v_j` is a bilinear
form whose coefficient of :math:`u_i v_j` is :math:`J_{ij}`, so equality of two such forms as
polynomials in ``u, v`` is equality of every entry. Likewise
:math:`\frac{d}{dt} f(z + t v)|_{t=0} = \sum_k v_k\, \partial f/\partial z_k` decides a gradient,
and :math:`\partial_t \partial_r f(z + t u + r v)|_0 = u^\top H v` a Hessian.

Results are written in ``e_j = exp(z_j) > 0``, rational functions that :func:`.zero.is_zero`
decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import sympy as sp

from . import definitions as d
from .rewrite import concretize, to_exp_vars
from .symbols import (
    check_classes,
    exp_symbols,
    general_symbols,
    logit_symbols,
    target_symbols,
)

__all__ = [
    "STEP_R",
    "STEP_T",
    "U",
    "ce_directional",
    "ce_hessian_bilinear",
    "contract",
    "direction_symbols",
    "jacobian_bilinear",
    "lse_directional",
    "mse_directional",
    "pinned_targets",
]

#: Step parameters of the directional derivatives.
STEP_T = sp.Symbol("t", real=True)
STEP_R = sp.Symbol("r", real=True)
#: Index base of the second direction ``u`` in general-n contractions (``general_symbols().v``
#: is the first).
U = sp.IndexedBase("u", real=True)
#: Stands for the softmax normaliser sum_j e_j in the fast identity test.


def direction_symbols(n: int, name: str = "v") -> tuple[sp.Symbol, ...]:
    """Return ``n`` real direction symbols ``v_1, ..., v_n``.

    Parameters
    ----------
    n : int
        Number of classes.
    name : str, optional
        Base name (``"u"`` for the second direction of a bilinear form).

    Returns
    -------
    tuple of sympy.Symbol
        Real symbols.

    Examples
    --------
    >>> direction_symbols(2, "u")
    (u_1, u_2)
    """
    return logit_symbols(check_classes(n, "direction_symbols"), name)


def pinned_targets(n: int) -> tuple[sp.Expr, ...]:
    """Return ``y_1, ..., y_{n-1}, 1 - (y_1 + ... + y_{n-1})``: a target summing to one.

    Parameters
    ----------
    n : int
        Number of classes.

    Returns
    -------
    tuple of sympy.Expr
        The target entries.

    Examples
    --------
    >>> pinned_targets(3)
    (y_1, y_2, -y_1 - y_2 + 1)
    """
    y = target_symbols(check_classes(n, "pinned_targets"))
    return (*y[:-1], 1 - sp.Add(*y[:-1]))


def _along(n: int, *directions: Sequence[sp.Symbol]) -> list[sp.Expr]:
    steps = (STEP_T, STEP_R)
    z = logit_symbols(n)
    return [
        z[a] + sp.Add(*[step * v[a] for step, v in zip(steps, directions, strict=False)])
        for a in range(n)
    ]


def _at_zero(expr: sp.Expr, n: int) -> sp.Expr:
    # t = r = 0, then z_j = log e_j: every softmax expression becomes rational in e.
    out = expr.xreplace({STEP_T: sp.S.Zero, STEP_R: sp.S.Zero})
    return to_exp_vars(out, logit_symbols(n), exp_symbols(n))


@lru_cache(maxsize=32)
def jacobian_bilinear(n: int) -> sp.Expr:
    r"""Derive :math:`u^\top J v = \frac{d}{dt}\sum_i u_i\,\mathrm{softmax}(z + t v)_i|_{t=0}`.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    sympy.Expr
        Bilinear in ``u``, ``v``; rational in ``e``.

    Examples
    --------
    >>> import sympy as sp
    >>> sp.factor(jacobian_bilinear(2))
    e_1*e_2*(u_1 - u_2)*(v_1 - v_2)/(e_1 + e_2)**2
    """
    u, v = direction_symbols(check_classes(n, "jacobian_bilinear"), "u"), direction_symbols(n)
    s = d.softmax(_along(n, v))
    return _at_zero(sp.diff(sp.Add(*[a * b for a, b in zip(u, s, strict=True)]), STEP_T), n)


@lru_cache(maxsize=32)
def lse_directional(n: int) -> sp.Expr:
    r"""Derive :math:`\frac{d}{dt}\mathrm{LSE}(z + t v)|_{t=0}` (the gradient dotted with ``v``).

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    sympy.Expr
        Linear in ``v``; rational in ``e``.

    Examples
    --------
    >>> lse_directional(2)
    (e_1*v_1 + e_2*v_2)/(e_1 + e_2)
    """
    v = direction_symbols(check_classes(n, "lse_directional"))
    return _at_zero(sp.diff(d.logsumexp(_along(n, v)), STEP_T), n)


@lru_cache(maxsize=32)
def ce_directional(n: int, y_sum_to_one: bool = False) -> sp.Expr:
    r"""Derive :math:`\frac{d}{dt}\mathrm{CE}(z + t v, y)|_{t=0}`.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).
    y_sum_to_one : bool, optional
        Differentiate the definition with the target :func:`pinned_targets` (``sum y = 1``)
        instead of free ``y_1..y_n``.

    Returns
    -------
    sympy.Expr
        Linear in ``v``; in ``e`` and ``y``.

    Examples
    --------
    >>> import sympy as sp
    >>> sp.factor(ce_directional(2, y_sum_to_one=True))
    -(v_1 - v_2)*(e_1*y_1 - e_1 + e_2*y_1)/(e_1 + e_2)
    """
    v = direction_symbols(check_classes(n, "ce_directional"))
    return _at_zero(sp.diff(_split_ce(_along(n, v), n, y_sum_to_one), STEP_T), n)


def _split_ce(z: list[sp.Expr], n: int, y_sum_to_one: bool) -> sp.Expr:
    # expand_log splits log(e^{z_i}/S) into z_i - log S (both factors positive; exact); expand
    # then gathers the log S terms, whose coefficient is sum_i y_i (1 when y is pinned).
    y = pinned_targets(n) if y_sum_to_one else target_symbols(n)
    return sp.expand(sp.expand_log(d.cross_entropy(z, y)))


@lru_cache(maxsize=32)
def mse_directional(n: int) -> sp.Expr:
    r"""Derive :math:`\frac{d}{dt} \tfrac12\lVert\mathrm{softmax}(z + t v) - y\rVert^2|_{t=0}`.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    sympy.Expr
        Linear in ``v``; in ``e`` and ``y``.

    Examples
    --------
    >>> import sympy as sp
    >>> from derivations.symbolic.symbols import exp_symbols
    >>> e = exp_symbols(2)
    >>> sp.expand(mse_directional(2).xreplace({e[0]: 1, e[1]: 1}))
    -v_1*y_1/4 + v_1*y_2/4 + v_2*y_1/4 - v_2*y_2/4
    """
    v = direction_symbols(check_classes(n, "mse_directional"))
    loss = d.mse_on_softmax(_along(n, v), target_symbols(n))
    return _at_zero(sp.diff(loss, STEP_T), n)


@lru_cache(maxsize=32)
def ce_hessian_bilinear(n: int, y_sum_to_one: bool = False) -> sp.Expr:
    r"""Derive :math:`u^\top H v = \partial_t \partial_r \mathrm{CE}(z + t u + r v, y)|_0`.

    ``log(e^{a}/S)`` is first split into ``a - log S`` (``expand_log``; both factors are
    positive), which is exact and much faster to differentiate.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).
    y_sum_to_one : bool, optional
        Differentiate the definition with the target :func:`pinned_targets` (``sum y = 1``).

    Returns
    -------
    sympy.Expr
        Bilinear in ``u``, ``v``; in ``e`` (and ``y`` unless pinned).

    Examples
    --------
    >>> import sympy as sp
    >>> sp.factor(ce_hessian_bilinear(2, y_sum_to_one=True))
    e_1*e_2*(u_1 - u_2)*(v_1 - v_2)/(e_1 + e_2)**2
    >>> sp.factor(ce_hessian_bilinear(2))
    e_1*e_2*(u_1 - u_2)*(v_1 - v_2)*(y_1 + y_2)/(e_1 + e_2)**2
    """
    u, v = direction_symbols(check_classes(n, "ce_hessian_bilinear"), "u"), direction_symbols(n)
    ce = _split_ce(_along(n, u, v), n, y_sum_to_one)
    # d/dr (d/dt f at t = 0) at r = 0 is the mixed derivative; setting t = 0 first keeps the
    # intermediate expression small.
    first = sp.diff(ce, STEP_T).xreplace({STEP_T: sp.S.Zero})
    return _at_zero(sp.diff(first, STEP_R), n)


def contract(
    form: sp.Expr,
    n: int,
    weights: Mapping[sp.Symbol, sp.IndexedBase],
    vectors: Mapping[sp.IndexedBase, Sequence[sp.Expr]] | None = None,
    y_sum_to_one: bool = False,
) -> sp.Expr:
    r"""Contract a general-``n`` closed form with direction vectors, at a concrete ``n``.

    ``contract(J, n, {i: u, j: v})`` is :math:`\sum_{i,j} u_i J_{ij} v_j` with ``s`` written in
    ``e`` (as ``e_i / sum e``), ``y`` the target symbols, ``u``/``v`` :func:`direction_symbols`.

    Parameters
    ----------
    form : sympy.Expr
        Closed form in the general symbols (``s``, ``y``, ``v`` ..., ``Sum``, ``KroneckerDelta``).
    n : int
        Concrete number of classes.
    weights : mapping
        Free index symbol to the general ``IndexedBase`` of its direction (``g.v`` or a ``u``
        base); each free index is summed against its direction.
    vectors : mapping, optional
        Extra concrete vectors for other bases.
    y_sum_to_one : bool, optional
        Use :func:`pinned_targets` for ``y``.

    Returns
    -------
    sympy.Expr
        The concrete contraction.

    Examples
    --------
    >>> g = general_symbols()
    >>> contract(g.s[g.k] - g.y[g.k], 2, {g.k: g.v})
    v_1*(e_1/(e_1 + e_2) - y_1) + v_2*(e_2/(e_1 + e_2) - y_2)
    """
    g = general_symbols()
    check_classes(n, "contract")
    total = sp.sympify(form)
    for index, base in weights.items():
        total = sp.Sum(base[index] * total, (index, 1, g.n))
    e = exp_symbols(n)
    table = {
        g.s: [t / sp.Add(*e) for t in e],
        g.y: pinned_targets(n) if y_sum_to_one else target_symbols(n),
    }
    for base in weights.values():
        table[base] = direction_symbols(n, str(base.label))
    table.update(vectors or {})
    return concretize(total, n, {}, table)
