"""The logistic sigmoid, the two-class softmax."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .validation import as_real_array

__all__ = ["sigmoid"]


def sigmoid(t: ArrayLike) -> NDArray[np.floating[Any]] | np.floating[Any]:
    r"""Logistic function :math:`\sigma(t) = 1/(1 + e^{-t})`, elementwise and stable.

    Parameters
    ----------
    t : array_like
        Real values of any shape (0-d included; an empty array gives an empty result).
        Floating dtypes are kept; bool/integer become float64.

    Returns
    -------
    numpy.ndarray or numpy.floating
        :math:`\sigma(t)`, same shape and floating dtype as ``t`` (a scalar for 0-d input).
        ``sigmoid(inf) = 1``, ``sigmoid(-inf) = 0``, ``sigmoid(nan) = nan``.

    Raises
    ------
    TypeError
        For non-real dtypes (complex, strings, objects).

    See Also
    --------
    softmax

    Notes
    -----
    :math:`\sigma(t) = \mathrm{softmax}([t, 0])_1` (classes numbered from 1). With
    :math:`u = e^{-|t|} \in (0, 1]`,

    .. math::

        \sigma(t) = \frac{1}{1 + u} \ (t \ge 0), \qquad
        \sigma(t) = \frac{u}{1 + u} \ (t < 0),

    the two-class case of the shifted softmax (Blanchard, Higham & Higham [1]_): the
    exponent is never positive, so nothing overflows, and small values for very negative
    :math:`t` keep full relative accuracy instead of ``1 - 1 = 0``.

    References
    ----------
    .. [1] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp
       and softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
       doi:10.1093/imanum/draa038

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import sigmoid
    >>> sigmoid([-1000.0, 0.0, 40.0])
    array([0. , 0.5, 1. ])
    >>> float(sigmoid(-40.0))
    4.248354255291589e-18

    The textbook formula overflows for large negative ``t`` (harmlessly here, but
    ``exp(-t)`` is ``inf``) and the form ``exp(t) / (1 + exp(t))`` gives nan for large
    positive ``t``:

    >>> with np.errstate(over="ignore", invalid="ignore"):
    ...     float(np.exp(1000.0) / (1 + np.exp(1000.0)))
    nan
    >>> float(sigmoid(1000.0))
    1.0
    """
    arr = as_real_array(t, "sigmoid", name="t")
    u = np.exp(-np.abs(arr))
    out = np.divide(1, 1 + u, out=np.empty_like(u))  # empty_like keeps 0-d an array
    np.multiply(out, u, out=out, where=arr < 0)
    return out[()]
