"""Standard normalization ``x / sum(x)`` for positive inputs (the alternative to softmax)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .validation import as_real_array, check_axis, check_class_axis

__all__ = ["normalize"]


def normalize(x: ArrayLike, axis: int = -1) -> NDArray[np.floating[Any]]:
    r"""Divide positive values by their sum: :math:`q_i = x_i / \sum_j x_j`.

    Parameters
    ----------
    x : array_like
        Strictly positive, finite values, at least 1-d. Floating dtypes are kept;
        bool/integer become float64.
    axis : int, optional
        Axis to normalise along (default: the last).

    Returns
    -------
    numpy.ndarray
        ``x / x.sum(axis)``, same shape and floating dtype as ``x``.

    Raises
    ------
    TypeError
        For non-real dtypes (complex, strings, objects) or a non-integer ``axis``.
    ValueError
        For an empty ``axis`` (nothing to normalise), or any entry that is not strictly
        positive and finite (zero, negative, nan, inf): the map is not a probability there
        (F19), which is one reason softmax is used instead. No samples (an empty batch)
        give an empty result.
    numpy.exceptions.AxisError
        For 0-d input or an out-of-range ``axis`` (a ``ValueError`` too).

    See Also
    --------
    softmax

    Notes
    -----
    The map is scale invariant, :math:`q(cx) = q(x)` for :math:`c > 0`, so ``[1, 2]`` and
    ``[10, 20]`` both give ``[1/3, 2/3]``; and with :math:`x = e^z` it *is* softmax. It is
    computed as :math:`(x_i/M) / \sum_j (x_j/M)` with :math:`M = \max_j x_j`, which
    cannot overflow (the plain sum :math:`10^{308} + 10^{308}` is ``inf``) and costs one extra
    division per entry.

    Examples
    --------
    >>> from derivations import normalize
    >>> normalize([1.0, 2.0])
    array([0.33333333, 0.66666667])
    >>> normalize([10.0, 20.0])
    array([0.33333333, 0.66666667])
    >>> normalize([1e308, 1e308])
    array([0.5, 0.5])
    """
    arr = as_real_array(x, "normalize", name="x")
    ax = check_axis(axis, arr.ndim, "normalize")
    check_class_axis(arr, ax, "normalize")
    if not np.all(np.isfinite(arr) & (arr > 0)):
        raise ValueError(
            "normalize: x must be strictly positive and finite; standard normalization is "
            "not a probability for zero, negative, nan or infinite entries"
        )
    out = arr / np.max(arr, axis=ax, keepdims=True)
    out /= np.sum(out, axis=ax, keepdims=True)
    return out
