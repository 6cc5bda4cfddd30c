"""Concrete-``n`` derivations, for cross-checking the general-``n`` results.

SymPy differentiates the concrete definitions of :mod:`.definitions` with respect to the logits
``z_1..z_n``; the results are then written in ``e_j = exp(z_j) > 0`` (:func:`.rewrite.to_exp_vars`)
so that :func:`.zero.is_zero` decides identities on rational functions, which scales to ``n = 16``
where ``simplify`` would not. Results are cached per ``n``.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from . import definitions as d
from .rewrite import to_exp_vars
from .symbols import (
    check_classes,
    exp_symbols,
    logit_symbols,
    positive_symbols,
    target_symbols,
)

__all__ = [
    "ce_gradient",
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
