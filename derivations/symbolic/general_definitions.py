"""SymPy definitions for a general, symbolic number of classes ``n``.

Built from :class:`~sympy.IndexedBase` and :class:`~sympy.Sum` over ``1..n`` using the shared
symbols of :func:`.symbols.general_symbols`. Differentiating them with respect to ``z[k]``
produces :class:`~sympy.KroneckerDelta` terms, which :mod:`.general` reduces.
"""

from __future__ import annotations

import sympy as sp

from .symbols import general_symbols

__all__ = [
    "g_cross_entropy",
    "g_exp_sum",
    "g_log_softmax",
    "g_logsumexp",
    "g_mse_on_softmax",
    "g_normalization_nll",
    "g_normalize",
    "g_softmax",
]


def _index(index: sp.Expr, caller: str) -> sp.Expr:
    index = sp.sympify(index)
    if index.is_integer is not True:
        raise TypeError(f"{caller}: the index must be an integer symbol, got {index!r}")
    return index


def g_exp_sum() -> sp.Sum:
    r"""Return :math:`\sum_{m=1}^{n} e^{z_m}`.

    Returns
    -------
    sympy.Sum
        The normaliser of softmax.

    Examples
    --------
    >>> g_exp_sum()
    Sum(exp(z[m]), (m, 1, n))
    """
    g = general_symbols()
    return sp.Sum(sp.exp(g.z[g.m]), (g.m, 1, g.n))


def g_softmax(index: sp.Expr) -> sp.Expr:
    r"""Return :math:`s_i = e^{z_i} / \sum_m e^{z_m}` for a symbolic index.

    Parameters
    ----------
    index : sympy.Symbol
        An integer index symbol, e.g. ``general_symbols().i``.

    Returns
    -------
    sympy.Expr
        The softmax entry.

    Examples
    --------
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g_softmax(general_symbols().i)
    exp(z[i])/Sum(exp(z[m]), (m, 1, n))
    """
    i = _index(index, "g_softmax")
    return sp.exp(general_symbols().z[i]) / g_exp_sum()


def g_logsumexp() -> sp.Expr:
    r"""Return :math:`\mathrm{LSE}(z) = \log \sum_m e^{z_m}`.

    Returns
    -------
    sympy.Expr
        The log-sum-exp.

    Examples
    --------
    >>> g_logsumexp()
    log(Sum(exp(z[m]), (m, 1, n)))
    """
    return sp.log(g_exp_sum())


def g_log_softmax(index: sp.Expr) -> sp.Expr:
    r"""Return :math:`\log s_i`, literally the log of the softmax entry.

    Parameters
    ----------
    index : sympy.Symbol
        An integer index symbol.

    Returns
    -------
    sympy.Expr
        ``log(softmax_i)``.

    Examples
    --------
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g_log_softmax(general_symbols().i)
    log(exp(z[i])/Sum(exp(z[m]), (m, 1, n)))
    """
    return sp.log(g_softmax(_index(index, "g_log_softmax")))


def g_cross_entropy() -> sp.Expr:
    r"""Return :math:`\mathrm{CE} = -\sum_{i=1}^n y_i \log s_i`, in the softmax entries ``s``.

    The derivations differentiate it through the softmax (:func:`g_softmax` defines ``s`` in
    the logits; :func:`derivations.symbolic.general.chain_rule` applies it).

    Returns
    -------
    sympy.Expr
        The cross-entropy for general ``n``.

    Examples
    --------
    >>> g_cross_entropy()
    -Sum(log(s[i])*y[i], (i, 1, n))
    """
    g = general_symbols()
    return -sp.Sum(g.y[g.i] * sp.log(g.s[g.i]), (g.i, 1, g.n))


def g_mse_on_softmax() -> sp.Expr:
    r"""Return :math:`L = \tfrac12 \sum_{i=1}^n (s_i - y_i)^2`, in the softmax entries ``s``.

    Returns
    -------
    sympy.Expr
        Squared error on the softmax for general ``n``.

    Examples
    --------
    >>> g_mse_on_softmax()
    Sum((s[i] - y[i])**2, (i, 1, n))/2
    """
    g = general_symbols()
    return sp.Rational(1, 2) * sp.Sum((g.s[g.i] - g.y[g.i]) ** 2, (g.i, 1, g.n))


def g_normalize(index: sp.Expr) -> sp.Expr:
    r"""Return :math:`q_i = x_i / \sum_m x_m` (standard normalization).

    Parameters
    ----------
    index : sympy.Symbol
        An integer index symbol.

    Returns
    -------
    sympy.Expr
        The normalised entry.

    Examples
    --------
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g_normalize(general_symbols().k)
    x[k]/Sum(x[m], (m, 1, n))
    """
    g = general_symbols()
    i = _index(index, "g_normalize")
    return g.x[i] / sp.Sum(g.x[g.m], (g.m, 1, g.n))


def g_normalization_nll(index: sp.Expr) -> sp.Expr:
    r"""Return :math:`-\log q_k` for standard normalization and true class ``k``.

    Parameters
    ----------
    index : sympy.Symbol
        The true class, an integer index symbol.

    Returns
    -------
    sympy.Expr
        The negative log-likelihood.

    Examples
    --------
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g_normalization_nll(general_symbols().k)
    -log(x[k]/Sum(x[m], (m, 1, n)))
    """
    return -sp.log(g_normalize(_index(index, "g_normalization_nll")))
