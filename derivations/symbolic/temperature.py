"""Temperature helpers: ordered symbolic logits and softmax(z/T) written relative to the top logit.

SymPy's ``limit`` cannot decide limits of ``exp(z_i / T)`` when the sign of ``z_i`` is unknown;
written relative to the largest logit (shift invariance, F7) every exponent is ``-gap / T``
with a positive gap, and the limits are decidable.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from . import definitions as d

__all__ = ["TEMPERATURE", "ordered_logits", "relative_softmax", "scaled_lse_relative"]

#: The temperature T > 0.
TEMPERATURE = sp.Symbol("T", positive=True)


def ordered_logits(n: int) -> tuple[sp.Symbol | sp.Expr, ...]:
    """Return logits ``z_1 > z_2 > ... > z_n`` as ``z_1`` minus cumulative positive gaps.

    Parameters
    ----------
    n : int
        Number of classes (at least 2).

    Returns
    -------
    tuple of sympy.Expr
        ``(z_1, z_1 - p_2, z_1 - p_2 - p_3, ...)`` with ``z_1`` real and ``p_k > 0``.

    Examples
    --------
    >>> ordered_logits(3)
    (z_1, -p_2 + z_1, -p_2 - p_3 + z_1)
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"ordered_logits: n must be an int >= 2, got {n!r}")
    top = sp.Symbol("z_1", real=True)
    gaps = [sp.Symbol(f"p_{k}", positive=True) for k in range(2, n + 1)]
    out = [top]
    for gap in gaps:
        out.append(out[-1] - gap)
    return tuple(out)


def relative_softmax(z: Sequence[sp.Expr], temperature: sp.Expr) -> list[sp.Expr]:
    """Derive softmax(z/T)_i as ``1 / sum_j exp((z_j - z_i)/T)`` (divide by ``exp(z_i/T)``).

    Parameters
    ----------
    z : sequence of sympy.Expr
        Logits.
    temperature : sympy.Expr
        ``T > 0``.

    Returns
    -------
    list of sympy.Expr
        The same softmax entries, with only logit differences in the exponents.

    Examples
    --------
    >>> z = ordered_logits(2)
    >>> relative_softmax(z, TEMPERATURE)[0]
    1/(1 + exp(-p_2/T))
    """
    return [1 / sp.powsimp(sp.expand(1 / s)) for s in d.softmax_temperature(z, temperature)]


def scaled_lse_relative(z: Sequence[sp.Expr], temperature: sp.Expr) -> sp.Expr:
    """Derive ``T * LSE(z/T) = z_1 + T log(sum_j exp((z_j - z_1)/T))`` (F7, equivariance).

    Parameters
    ----------
    z : sequence of sympy.Expr
        Logits; the first is the reference (the largest, for :func:`ordered_logits`).
    temperature : sympy.Expr
        ``T > 0``.

    Returns
    -------
    sympy.Expr
        ``T * LSE(z / T)`` written relative to ``z[0]``.

    Examples
    --------
    >>> z = ordered_logits(2)
    >>> scaled_lse_relative(z, TEMPERATURE)
    T*log(1 + exp(-p_2/T)) + z_1
    """
    zz = [sp.sympify(t) for t in z]
    if not zz:
        raise ValueError("scaled_lse_relative: the logit vector is empty")
    t = sp.sympify(temperature)
    inner = sp.Add(*[sp.exp(v / t) for v in zz])
    rest = sp.powsimp(sp.expand(inner * sp.exp(-zz[0] / t)))
    # log(exp(z_1/T) * rest) splits because both factors are positive.
    return sp.expand(t * sp.expand_log(sp.log(sp.exp(zz[0] / t) * rest)))
