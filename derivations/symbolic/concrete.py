"""Concrete-``n`` derivations, for cross-checking the general-``n`` results.

SymPy differentiates the concrete definitions of :mod:`.definitions` with respect to the logits
``z_1..z_n``; the results are then written in ``e_j = exp(z_j) > 0`` (:func:`.rewrite.to_exp_vars`)
so that identities are decided by ``cancel`` on rational functions, which scales to ``n = 16``
where ``simplify`` would not. Results are cached per ``n``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import sympy as sp

from . import definitions as d
from .rewrite import concretize, is_zero_rational, to_exp_vars
from .symbols import (
    check_classes,
    exp_symbols,
    general_symbols,
    logit_symbols,
    positive_symbols,
    target_symbols,
)

__all__ = [
    "ce_gradient",
    "ce_hessian",
    "claimed_entries",
    "lse_gradient",
    "mismatches",
    "mse_gradient",
    "normalization_nll_gradient",
    "softmax_in_exp",
    "softmax_jacobian",
]


@lru_cache(maxsize=32)
def softmax_in_exp(n: int) -> tuple[sp.Expr, ...]:
    """Softmax written in the exponential variables, ``e_i / sum_j e_j``.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    tuple of sympy.Expr
        The softmax entries in ``e_1..e_n``.

    Examples
    --------
    >>> softmax_in_exp(2)
    (e_1/(e_1 + e_2), e_2/(e_1 + e_2))
    """
    check_classes(n, "softmax_in_exp")
    z, e = logit_symbols(n), exp_symbols(n)
    return tuple(to_exp_vars(t, z, e) for t in d.softmax(z))


@lru_cache(maxsize=32)
def softmax_jacobian(n: int) -> tuple[tuple[sp.Expr, ...], ...]:
    """Derive the Jacobian ``d s_i / d z_j`` (rows ``i``) in the exponential variables.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    tuple of tuple of sympy.Expr
        The ``n`` by ``n`` Jacobian.

    Examples
    --------
    >>> import sympy as sp
    >>> sp.factor(softmax_jacobian(2)[0][1])
    -e_1*e_2/(e_1 + e_2)**2
    """
    check_classes(n, "softmax_jacobian")
    z, e = logit_symbols(n), exp_symbols(n)
    s = d.softmax(z)
    return tuple(tuple(to_exp_vars(sp.diff(si, zj), z, e) for zj in z) for si in s)


@lru_cache(maxsize=32)
def lse_gradient(n: int) -> tuple[sp.Expr, ...]:
    """Derive the gradient of log-sum-exp in the exponential variables.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    tuple of sympy.Expr
        ``d LSE / d z_k`` for ``k = 1..n``.

    Examples
    --------
    >>> lse_gradient(2)
    (e_1/(e_1 + e_2), e_2/(e_1 + e_2))
    """
    check_classes(n, "lse_gradient")
    z, e = logit_symbols(n), exp_symbols(n)
    lse = d.logsumexp(z)
    return tuple(to_exp_vars(sp.diff(lse, t), z, e) for t in z)


@lru_cache(maxsize=32)
def _ce_gradient_z(n: int) -> tuple[sp.Expr, ...]:
    z, y = logit_symbols(n), target_symbols(n)
    ce = d.cross_entropy(z, y)
    return tuple(sp.diff(ce, t) for t in z)


@lru_cache(maxsize=32)
def ce_gradient(n: int) -> tuple[sp.Expr, ...]:
    """Derive the gradient of cross-entropy, in ``e`` and ``y`` (no use of ``sum y = 1`` yet).

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    tuple of sympy.Expr
        ``d CE / d z_k`` for ``k = 1..n``.

    Examples
    --------
    >>> import sympy as sp
    >>> sp.factor(ce_gradient(2)[0])
    (e_1*y_2 - e_2*y_1)/(e_1 + e_2)
    """
    check_classes(n, "ce_gradient")
    z, e = logit_symbols(n), exp_symbols(n)
    return tuple(to_exp_vars(g, z, e) for g in _ce_gradient_z(n))


@lru_cache(maxsize=32)
def ce_hessian(n: int) -> tuple[tuple[sp.Expr, ...], ...]:
    """Derive the Hessian of cross-entropy w.r.t. the logits, in ``e`` and ``y``.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    tuple of tuple of sympy.Expr
        ``d^2 CE / d z_j d z_k``.

    Examples
    --------
    >>> import sympy as sp
    >>> sp.factor(ce_hessian(2)[0][0])
    e_1*e_2*(y_1 + y_2)/(e_1 + e_2)**2
    """
    check_classes(n, "ce_hessian")
    z, e = logit_symbols(n), exp_symbols(n)
    grad = _ce_gradient_z(n)
    return tuple(tuple(to_exp_vars(sp.diff(gk, zj), z, e) for zj in z) for gk in grad)


@lru_cache(maxsize=32)
def mse_gradient(n: int) -> tuple[sp.Expr, ...]:
    """Derive the gradient of ``1/2 ||softmax(z) - y||^2`` in ``e`` and ``y``.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    tuple of sympy.Expr
        ``dL / dz_k`` for ``k = 1..n``.

    Examples
    --------
    >>> import sympy as sp
    >>> g = mse_gradient(2)
    >>> sp.cancel(g[0] + g[1])
    0
    """
    check_classes(n, "mse_gradient")
    z, e, y = logit_symbols(n), exp_symbols(n), target_symbols(n)
    loss = d.mse_on_softmax(z, y)
    return tuple(to_exp_vars(sp.diff(loss, t), z, e) for t in z)


@lru_cache(maxsize=64)
def normalization_nll_gradient(n: int, k: int) -> tuple[sp.Expr, ...]:
    """Derive the gradient of ``-log(x_k / sum x)`` with respect to ``x_1..x_n``.

    Parameters
    ----------
    n : int
        Number of entries (at least 2).
    k : int
        The true class, 1-based.

    Returns
    -------
    tuple of sympy.Expr
        ``d(-log p_k)/d x_j`` for ``j = 1..n``.

    Examples
    --------
    >>> normalization_nll_gradient(2, 1)
    (1/(x_1 + x_2) - 1/x_1, 1/(x_1 + x_2))
    """
    check_classes(n, "normalization_nll_gradient")
    if not 1 <= k <= n:
        raise ValueError(f"normalization_nll_gradient: k must be in 1..{n}, got {k}")
    x = positive_symbols(n)
    nll = sp.expand_log(-sp.log(d.normalize(x)[k - 1]))
    return tuple(sp.diff(nll, t) for t in x)


def claimed_entries(
    claimed: sp.Expr,
    n: int,
    index_symbols: Sequence[sp.Symbol],
    y_sum_to_one: bool = False,
) -> dict[tuple[int, ...], sp.Expr]:
    """Instantiate a general-``n`` closed form (in ``s, y, x``) for every index tuple.

    Parameters
    ----------
    claimed : sympy.Expr
        Closed form in the general symbols.
    n : int
        Concrete number of classes.
    index_symbols : sequence of sympy.Symbol
        The free indices, e.g. ``(i, j)`` for a Jacobian.
    y_sum_to_one : bool, optional
        Substitute ``y_n = 1 - (y_1 + ... + y_{n-1})``.

    Returns
    -------
    dict
        Maps 1-based index tuples to concrete expressions in ``e``, ``y`` and ``x``.

    Examples
    --------
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g = general_symbols()
    >>> claimed_entries(g.s[g.k] - g.y[g.k], 2, [g.k])[(1,)]
    e_1/(e_1 + e_2) - y_1
    """
    g = general_symbols()
    y = list(target_symbols(n))
    if y_sum_to_one:
        y[-1] = 1 - sp.Add(*y[:-1])
    vectors = {g.s: softmax_in_exp(n), g.y: y, g.x: positive_symbols(n)}
    out = {}
    for tup in _tuples(n, len(index_symbols)):
        out[tup] = concretize(claimed, n, dict(zip(index_symbols, tup, strict=True)), vectors)
    return out


def _tuples(n: int, r: int) -> list[tuple[int, ...]]:
    if r == 0:
        return [()]
    return [(a, *rest) for a in range(1, n + 1) for rest in _tuples(n, r - 1)]


def mismatches(
    derived: dict[tuple[int, ...], sp.Expr],
    claimed: dict[tuple[int, ...], sp.Expr],
    y_sum_to_one: bool = False,
) -> list[tuple[int, ...]]:
    """Index tuples where a derived entry and a claimed entry differ (decided by ``cancel``).

    Parameters
    ----------
    derived, claimed : dict
        Entries keyed by 1-based index tuples.
    y_sum_to_one : bool, optional
        Substitute ``y_n = 1 - (y_1 + ... + y_{n-1})`` into the derived entries.

    Returns
    -------
    list of tuple of int
        The mismatching index tuples (empty when the identity holds).

    Examples
    --------
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g = general_symbols()
    >>> derived = {(k,): v for k, v in enumerate(lse_gradient(3), start=1)}
    >>> mismatches(derived, claimed_entries(g.s[g.k], 3, [g.k]))
    []
    """
    if y_sum_to_one and derived:
        n = max(max(t) for t in derived)
        y = target_symbols(n)
        rule = {y[-1]: 1 - sp.Add(*y[:-1])}
        derived = {t: v.xreplace(rule) for t, v in derived.items()}
    return [t for t in derived if not _is_zero(derived[t] - claimed[t])]


_TOTAL = sp.Symbol("S_total", positive=True)


def _is_zero(expr: sp.Expr) -> bool:
    # Fast path: treat the softmax normaliser sum(e) as an independent symbol S and expand.
    # An identity in (e, S) holds in particular at S = sum(e), so a zero here is a proof.
    # Otherwise (e.g. the identity needs sum(e) = S) fall back to cancel, which decides it.
    n = sum(1 for s in expr.free_symbols if s.name.startswith("e_"))
    for size in range(max(n, 2), 17):
        total = sp.Add(*exp_symbols(size))
        if expr.has(total):
            if sp.expand(expr.xreplace({total: _TOTAL})) == 0:
                return True
            break
    return is_zero_rational(expr)
