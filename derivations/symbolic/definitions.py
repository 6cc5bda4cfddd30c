"""SymPy definitions for a concrete number of classes.

Each function takes the vector of symbols it acts on (see :mod:`.symbols`), so the same
definition serves ``n = 2`` and ``n = 16``. These are the *definitions* that the derivations
differentiate; no derived result is typed here. General-``n`` versions are in
:mod:`.general_definitions`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

__all__ = [
    "cross_entropy",
    "log_softmax",
    "logsumexp",
    "mse_on_softmax",
    "normalize",
    "sigmoid",
    "softmax",
    "softmax_temperature",
    "softplus",
]


def _vector(values: Sequence[sp.Expr], caller: str) -> list[sp.Expr]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(f"{caller}: expected a sequence of SymPy expressions")
    out = [sp.sympify(v) for v in values]
    if not out:
        raise ValueError(f"{caller}: the vector is empty")
    return out


def _pair(z: Sequence[sp.Expr], y: Sequence[sp.Expr], caller: str) -> tuple[list, list]:
    zz, yy = _vector(z, caller), _vector(y, caller)
    if len(zz) != len(yy):
        raise ValueError(f"{caller}: z has {len(zz)} entries but y has {len(yy)}")
    return zz, yy


def softmax(z: Sequence[sp.Expr]) -> list[sp.Expr]:
    r"""Softmax :math:`s_i = e^{z_i} / \sum_j e^{z_j}`.

    Parameters
    ----------
    z : sequence of sympy.Expr
        Logits.

    Returns
    -------
    list of sympy.Expr
        The softmax entries.

    Examples
    --------
    >>> from derivations.symbolic.symbols import logit_symbols
    >>> softmax(logit_symbols(2))
    [exp(z_1)/(exp(z_1) + exp(z_2)), exp(z_2)/(exp(z_1) + exp(z_2))]
    """
    zz = _vector(z, "softmax")
    total = sp.Add(*[sp.exp(t) for t in zz])
    return [sp.exp(t) / total for t in zz]


def logsumexp(z: Sequence[sp.Expr]) -> sp.Expr:
    r"""Log-sum-exp :math:`\log \sum_j e^{z_j}`.

    Parameters
    ----------
    z : sequence of sympy.Expr
        Logits.

    Returns
    -------
    sympy.Expr
        The log-sum-exp.

    Examples
    --------
    >>> from derivations.symbolic.symbols import logit_symbols
    >>> logsumexp(logit_symbols(2))
    log(exp(z_1) + exp(z_2))
    """
    zz = _vector(z, "logsumexp")
    return sp.log(sp.Add(*[sp.exp(t) for t in zz]))


def log_softmax(z: Sequence[sp.Expr]) -> list[sp.Expr]:
    r"""Log-softmax, defined literally as :math:`\log s_i` (not yet reduced).

    Parameters
    ----------
    z : sequence of sympy.Expr
        Logits.

    Returns
    -------
    list of sympy.Expr
        ``log`` of each softmax entry.

    Examples
    --------
    >>> from derivations.symbolic.symbols import logit_symbols
    >>> log_softmax(logit_symbols(2))[0]
    log(exp(z_1)/(exp(z_1) + exp(z_2)))
    """
    return [sp.log(t) for t in softmax(_vector(z, "log_softmax"))]


def cross_entropy(z: Sequence[sp.Expr], y: Sequence[sp.Expr]) -> sp.Expr:
    r"""Cross-entropy :math:`-\sum_j y_j \log s_j` of softmax(z) against target y.

    Parameters
    ----------
    z : sequence of sympy.Expr
        Logits.
    y : sequence of sympy.Expr
        Target distribution (same length as ``z``).

    Returns
    -------
    sympy.Expr
        The cross-entropy.

    Examples
    --------
    >>> from derivations.symbolic.symbols import logit_symbols, target_symbols
    >>> cross_entropy(logit_symbols(2), target_symbols(2))
    -y_1*log(exp(z_1)/(exp(z_1) + exp(z_2))) - y_2*log(exp(z_2)/(exp(z_1) + exp(z_2)))
    """
    zz, yy = _pair(z, y, "cross_entropy")
    return -sp.Add(*[t * ls for t, ls in zip(yy, log_softmax(zz), strict=True)])


def mse_on_softmax(z: Sequence[sp.Expr], y: Sequence[sp.Expr]) -> sp.Expr:
    r"""Squared error on the softmax, :math:`\tfrac12 \lVert s - y \rVert^2`.

    Parameters
    ----------
    z : sequence of sympy.Expr
        Logits.
    y : sequence of sympy.Expr
        Target (same length as ``z``).

    Returns
    -------
    sympy.Expr
        The loss.

    Examples
    --------
    >>> import sympy as sp
    >>> mse_on_softmax([0, 0], [1, 0])
    1/4
    """
    zz, yy = _pair(z, y, "mse_on_softmax")
    return sp.Rational(1, 2) * sp.Add(*[(s - t) ** 2 for s, t in zip(softmax(zz), yy, strict=True)])


def normalize(x: Sequence[sp.Expr]) -> list[sp.Expr]:
    r"""Normalize by the sum (standard normalization), :math:`q_i = x_i / \sum_j x_j`.

    Parameters
    ----------
    x : sequence of sympy.Expr
        Inputs (meaningful for positive ``x``).

    Returns
    -------
    list of sympy.Expr
        The normalised entries.

    Examples
    --------
    >>> normalize([1, 2])
    [1/3, 2/3]
    """
    xx = _vector(x, "normalize")
    total = sp.Add(*xx)
    return [t / total for t in xx]


def sigmoid(t: sp.Expr) -> sp.Expr:
    r"""Logistic sigmoid :math:`\sigma(t) = 1/(1+e^{-t})`.

    Parameters
    ----------
    t : sympy.Expr
        Argument.

    Returns
    -------
    sympy.Expr
        The sigmoid.

    Examples
    --------
    >>> sigmoid(0)
    1/2
    """
    return 1 / (1 + sp.exp(-sp.sympify(t)))


def softplus(t: sp.Expr) -> sp.Expr:
    r"""Softplus :math:`\zeta(t) = \log(1 + e^t)`.

    Parameters
    ----------
    t : sympy.Expr
        Argument.

    Returns
    -------
    sympy.Expr
        The softplus.

    Examples
    --------
    >>> softplus(0)
    log(2)
    """
    return sp.log(1 + sp.exp(sp.sympify(t)))


def softmax_temperature(z: Sequence[sp.Expr], temperature: sp.Expr) -> list[sp.Expr]:
    r"""Temperature-scaled softmax :math:`\mathrm{softmax}(z/T)`.

    Parameters
    ----------
    z : sequence of sympy.Expr
        Logits.
    temperature : sympy.Expr
        The temperature ``T`` (a positive symbol or number).

    Returns
    -------
    list of sympy.Expr
        The softmax of ``z / T``.

    Examples
    --------
    >>> import sympy as sp
    >>> T = sp.Symbol("T", positive=True)
    >>> softmax_temperature([0, 0], T)
    [1/2, 1/2]
    """
    zz = _vector(z, "softmax_temperature")
    temp = sp.sympify(temperature)
    if temp.is_positive is False:
        raise ValueError(f"softmax_temperature: temperature must be positive, got {temp}")
    return softmax([t / temp for t in zz])
