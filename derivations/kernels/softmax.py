"""Stable softmax, log-softmax and log-sum-exp.

All three share one pass (:func:`_shifted_exp`): shift by the row maximum, exponentiate,
and sum the exponentials *excluding* the maximum, so that ``log1p`` can be used for the
log of the sum (Blanchard, Higham & Higham 2021, [1]_).

Semantics of non-finite entries (limits where they exist, nan otherwise):

* ``-inf`` logits are fine: they contribute probability 0 (log-probability ``-inf``), as
  long as the row has a finite or ``+inf`` maximum;
* a row with exactly one ``+inf`` is the limit of that logit growing alone: softmax gives
  1 there and 0 elsewhere, log-softmax 0 and ``-inf``, log-sum-exp ``+inf``;
* a row with two or more ``+inf`` has no limit at those entries (it depends on how they
  grow): nan there, and still 0 (``-inf`` for log-softmax) at the other entries;
* a row of all ``-inf`` has no softmax limit: nan everywhere; its log-sum-exp is ``-inf``;
* any nan in a row makes the whole row nan.

References
----------
.. [1] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp and
   softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
   doi:10.1093/imanum/draa038
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .validation import as_real_array, check_axis, check_class_axis

__all__ = ["log_softmax", "logsumexp", "softmax"]

FloatArray = NDArray[np.floating[Any]]


class _Shifted(NamedTuple):
    """Intermediate results of the shifted exponentiation along one axis (keepdims)."""

    tmp: FloatArray  # z - max(z): <= 0 in good rows; zeroed in bad rows
    e: FloatArray  # exp(tmp): exactly 1 at the argmax
    idx: NDArray[np.intp]  # argmax along the axis
    m: FloatArray  # max along the axis (nan if the row has a nan)
    rest: FloatArray  # sum of exp(tmp) over all entries but the argmax, in [0, n - 1]
    bad: NDArray[np.bool_]  # rows whose maximum is not finite (nan, +inf, all -inf)


def _prepare(z: ArrayLike, axis: Any, func: str) -> tuple[FloatArray, int]:
    arr = as_real_array(z, func)
    ax = check_axis(axis, arr.ndim, func)
    check_class_axis(arr, ax, func)
    return arr, ax


def _shifted_exp(z: FloatArray, axis: int, *, keep_e: bool = True) -> _Shifted:
    """Shift by the row maximum and exponentiate, without inf - inf anywhere.

    With ``keep_e=False`` the returned ``e`` is left with 0 at the arg-max (callers that
    only need ``tmp`` and ``rest`` skip one scatter).
    """
    # argmax returns the first nan if there is one, so m is nan exactly for nan rows.
    idx = np.argmax(z, axis=axis, keepdims=True)
    m = np.take_along_axis(z, idx, axis=axis)
    bad = ~np.isfinite(m)
    any_bad = bool(bad.any())
    shift = np.where(bad, 0, m).astype(z.dtype, copy=False) if any_bad else m
    # z - m <= 0 can only overflow to -inf (e.g. -1e308 - 1e308): the correctly rounded
    # limit, whose exp is 0. Nothing can overflow to +inf.
    with np.errstate(over="ignore"):
        tmp = np.subtract(z, shift)
    if any_bad:
        # Bad rows are overwritten by their limits later; keep their arithmetic harmless.
        tmp = np.where(bad, 0, tmp).astype(z.dtype, copy=False)
    e = np.exp(tmp)
    np.put_along_axis(e, idx, 0, axis=axis)
    rest = np.sum(e, axis=axis, keepdims=True)
    if keep_e:
        np.put_along_axis(e, idx, 1, axis=axis)
    return _Shifted(tmp, e, idx, m, rest, bad)


def _bad_row_limits(zb: FloatArray, mb: FloatArray, *, log: bool) -> FloatArray:
    """Documented limits of softmax (or log-softmax) for rows ``zb`` with maxima ``mb``.

    ``zb`` has the class axis last; ``mb`` is its row maximum (keepdims), not finite.
    """
    posinf = zb == np.inf
    top_is_inf = mb == np.inf
    unique = top_is_inf & (np.count_nonzero(posinf, axis=-1, keepdims=True) == 1)
    at_top, elsewhere = (0.0, -np.inf) if log else (1.0, 0.0)
    val = np.where(
        posinf,
        np.where(unique, at_top, np.nan),
        np.where(top_is_inf, elsewhere, np.nan),
    )
    return val.astype(zb.dtype, copy=False)


def _fix_bad_rows(out: FloatArray, z: FloatArray, sh: _Shifted, axis: int, *, log: bool) -> None:
    """Overwrite rows with a non-finite maximum by the documented limits (in place)."""
    if not sh.bad.any():
        return
    rows = np.moveaxis(sh.bad, axis, -1)[..., 0]
    zb = np.moveaxis(z, axis, -1)[rows]
    mb = np.moveaxis(sh.m, axis, -1)[rows]
    np.moveaxis(out, axis, -1)[rows] = _bad_row_limits(zb, mb, log=log)


def logsumexp(
    z: ArrayLike, axis: int = -1, keepdims: bool = False
) -> FloatArray | np.floating[Any]:
    r"""Log-sum-exp along one axis, computed without overflow.

    Parameters
    ----------
    z : array_like
        Logits, at least 1-d. Floating dtypes are kept; bool/integer become float64.
    axis : int, optional
        Class axis to reduce over (default: the last).
    keepdims : bool, optional
        If true, ``axis`` is kept with length 1 (as in ``scipy.special.logsumexp``), so
        that the result broadcasts against ``z``; the result is then always an array.

    Returns
    -------
    numpy.ndarray or numpy.floating
        :math:`\log \sum_j e^{z_j}` with ``axis`` removed (or of length 1 with
        ``keepdims``); a scalar for 1-d input without ``keepdims``.

    Raises
    ------
    TypeError
        For non-real dtypes (complex, strings, objects), a non-integer ``axis`` or a
        non-boolean ``keepdims``.
    ValueError
        For an empty class axis (no classes); no samples give an empty result.
    numpy.exceptions.AxisError
        For 0-d input or an out-of-range ``axis`` (a ``ValueError`` too).

    See Also
    --------
    log_softmax, softmax

    Notes
    -----
    With the largest logit :math:`\max z = z_\ell` (class :math:`\ell`),

    .. math::

        \mathrm{LSE}(z) = \max z + \log\Bigl(1 + \sum_{j \ne \ell} e^{z_j - \max z}\Bigr)
        = \max z + \operatorname{log1p}\Bigl(\sum_{j \ne \ell} e^{z_j - \max z}\Bigr).

    Every exponent is :math:`\le 0`, so nothing overflows, and the argument of ``log1p``
    lies in :math:`[0, n-1]`, so nothing is lost when the sum is close to 1. This is the
    shifted, ``log1p`` form analysed by Blanchard, Higham & Higham [1]_, whose rounding
    error is a small multiple of the unit roundoff times the condition number. It also
    gives the bounds :math:`\max z \le \mathrm{LSE}(z) \le \max z + \log n`.

    Non-finite entries: a nan anywhere in a row gives nan; a ``+inf`` gives ``+inf``; a row
    of ``-inf`` gives ``-inf`` (its limit). Shifting is equivariant:
    ``logsumexp(z + c) == logsumexp(z) + c`` up to rounding.

    References
    ----------
    .. [1] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp
       and softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
       doi:10.1093/imanum/draa038

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import logsumexp
    >>> float(logsumexp([0.0, 0.0]))  # log 2
    0.6931471805599453
    >>> float(logsumexp([1000.0, 1000.0]))
    1000.6931471805599

    The naive formula overflows:

    >>> with np.errstate(over="ignore"):
    ...     float(np.log(np.sum(np.exp([1000.0, 1000.0]))))
    inf
    >>> logsumexp([[0.0, -np.inf], [np.inf, 1.0], [-np.inf, -np.inf]])
    array([  0.,  inf, -inf])

    With ``keepdims`` the result broadcasts against ``z`` (here: log-softmax by hand):

    >>> z = np.array([[1.0, 2.0], [3.0, 5.0]])
    >>> z - logsumexp(z, axis=1, keepdims=True)
    array([[-1.31326169, -0.31326169],
           [-2.12692801, -0.12692801]])

    No samples give an empty result:

    >>> logsumexp(np.zeros((0, 3)))
    array([], dtype=float64)
    """
    if not isinstance(keepdims, bool | np.bool_):
        raise TypeError(f"logsumexp: keepdims must be a bool, got {keepdims!r}")
    arr, ax = _prepare(z, axis, "logsumexp")
    sh = _shifted_exp(arr, ax, keep_e=False)
    # For bad rows (m = nan, +inf or -inf) m + finite is already the documented limit.
    out = sh.m + np.log1p(sh.rest)
    return out if keepdims else np.squeeze(out, axis=ax)[()]


def log_softmax(z: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Logarithm of the softmax along one axis, computed stably from the logits.

    Parameters
    ----------
    z : array_like
        Logits, at least 1-d. Floating dtypes are kept; bool/integer become float64.
    axis : int, optional
        Class axis (default: the last).

    Returns
    -------
    numpy.ndarray
        :math:`\log \mathrm{softmax}(z)`, same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        For non-real dtypes (complex, strings, objects) or a non-integer ``axis``.
    ValueError
        For an empty class axis (no classes); no samples give an empty result.
    numpy.exceptions.AxisError
        For 0-d input or an out-of-range ``axis`` (a ``ValueError`` too).

    See Also
    --------
    softmax, logsumexp

    Notes
    -----
    :math:`\log s_i = z_i - \mathrm{LSE}(z) = (z_i - \max z) - \operatorname{log1p}
    \bigl(\sum_{j \ne \ell} e^{z_j - \max z}\bigr)` with :math:`\max z = z_\ell`. Both terms
    are :math:`\le 0`, so they never cancel, and the result is accurate to a few ulps in
    the shifted logits even when :math:`\log s_\ell` is tiny (Blanchard, Higham & Higham
    [1]_). Never compute it as ``log(softmax(z))``: that underflows to ``log 0 = -inf``.

    Non-finite entries follow the limits of :func:`softmax`: ``log_softmax([inf, 0])`` is
    ``[0, -inf]``; two ``+inf`` give nan at those entries; all ``-inf`` or any nan gives a
    nan row.

    References
    ----------
    .. [1] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp
       and softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
       doi:10.1093/imanum/draa038

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import log_softmax
    >>> log_softmax([1000.0, 0.0])
    array([    0., -1000.])

    The naive formula gives nan (``inf / inf``) and ``-inf``:

    >>> z = np.array([1000.0, 0.0])
    >>> with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
    ...     np.log(np.exp(z) / np.exp(z).sum())
    array([ nan, -inf])
    """
    arr, ax = _prepare(z, axis, "log_softmax")
    sh = _shifted_exp(arr, ax, keep_e=False)
    out = sh.tmp  # a fresh array owned here: reuse it
    out -= np.log1p(sh.rest)
    _fix_bad_rows(out, arr, sh, ax, log=True)
    return out


def softmax(z: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Softmax along one axis, computed without overflow.

    Parameters
    ----------
    z : array_like
        Logits, at least 1-d. Floating dtypes are kept; bool/integer become float64.
    axis : int, optional
        Class axis (default: the last).

    Returns
    -------
    numpy.ndarray
        :math:`s_i = e^{z_i} / \sum_j e^{z_j}`, same shape and floating dtype as ``z``;
        every row lies in :math:`[0, 1]` and sums to 1 up to rounding.

    Raises
    ------
    TypeError
        For non-real dtypes (complex, strings, objects) or a non-integer ``axis``.
    ValueError
        For an empty class axis (no classes); no samples give an empty result.
    numpy.exceptions.AxisError
        For 0-d input or an out-of-range ``axis`` (a ``ValueError`` too).

    See Also
    --------
    log_softmax, logsumexp, normalize

    Notes
    -----
    Softmax is shift invariant, :math:`\mathrm{softmax}(z + c\mathbf 1) =
    \mathrm{softmax}(z)`, so it is computed as

    .. math::

        s_i = \frac{e^{z_i - \max z}}{1 + \sum_{j \ne \ell} e^{z_j - \max z}},
        \qquad \max z = z_\ell,

    where every exponent is :math:`\le 0` (no overflow) and the denominator lies in
    :math:`[1, n]` (no division by zero). This is the shifted "division" algorithm analysed
    by Blanchard, Higham & Higham [1]_.

    Non-finite entries (limits where they exist, nan otherwise): ``softmax([inf, 0])`` is
    ``[1, 0]``, the limit as the first logit grows; ``softmax([inf, inf])`` is
    ``[nan, nan]`` (no limit); ``-inf`` entries get probability 0; a row of all ``-inf``
    or with any nan is all nan.

    References
    ----------
    .. [1] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp
       and softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
       doi:10.1093/imanum/draa038

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import softmax
    >>> softmax([1.0, 2.0])
    array([0.26894142, 0.73105858])
    >>> softmax([1000.0, 0.0])
    array([1., 0.])

    The naive formula overflows to ``inf / inf = nan``:

    >>> z = np.array([1000.0, 0.0])
    >>> with np.errstate(over="ignore", invalid="ignore"):
    ...     np.exp(z) / np.exp(z).sum()
    array([nan,  0.])
    >>> softmax([[np.inf, 0.0], [np.inf, np.inf]])
    array([[ 1.,  0.],
           [nan, nan]])
    """
    arr, ax = _prepare(z, axis, "softmax")
    sh = _shifted_exp(arr, ax)
    out = sh.e  # a fresh array owned here: normalise in place
    out /= 1 + sh.rest
    _fix_bad_rows(out, arr, sh, ax, log=False)
    return out
