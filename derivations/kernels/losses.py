"""Per-sample losses on logits and their gradients with respect to the logits.

Classes are on the last axis of ``z``; any leading batch shape is allowed (a single 1-d
``z`` is one sample). The target ``y`` is either integer class labels of shape
``z.shape[:-1]`` or target distributions of shape ``z.shape`` (non-negative rows summing
to 1). Losses are per sample: no averaging over the batch.

Both losses and gradients are computed from the shifted exponentials of
:mod:`derivations.kernels.softmax`, never as ``log(softmax(z))``, and the residual
``s - y`` at the class of the largest logit is formed from ``1 - s`` there, computed from the
other classes, so confident predictions keep full relative accuracy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .softmax import _bad_row_limits, _Shifted, _shifted_exp
from .validation import as_real_array, check_axis, check_class_axis, check_targets

__all__ = ["cross_entropy", "cross_entropy_grad", "mse_on_softmax", "mse_on_softmax_grad"]

FloatArray = NDArray[np.floating[Any]]


def _prepare(
    z: ArrayLike, y: ArrayLike, func: str, *, keep_e: bool = True
) -> tuple[FloatArray, NDArray[np.intp] | None, FloatArray | None, _Shifted]:
    arr = as_real_array(z, func)
    ax = check_axis(-1, arr.ndim, func)
    check_class_axis(arr, ax, func)
    labels, targets = check_targets(arr, y, func)
    return arr, labels, targets, _shifted_exp(arr, ax, keep_e=keep_e)


def _softmax_from(arr: FloatArray, sh: _Shifted) -> FloatArray:
    """Softmax (class axis last) from the shared intermediates; overwrites ``sh.e``."""
    s = sh.e
    s /= 1 + sh.rest
    if sh.bad.any():
        rows = sh.bad[..., 0]
        s[rows] = _bad_row_limits(arr[rows], sh.m[rows], log=False)
    return s


def _residual(
    arr: FloatArray,
    sh: _Shifted,
    labels: NDArray[np.intp] | None,
    targets: FloatArray | None,
    *,
    keep_s: bool = True,
) -> tuple[FloatArray, FloatArray]:
    """Return ``(s, d)`` with ``s = softmax(z)`` and ``d = s - y``, accurate near vertices.

    With ``keep_s=False`` and integer labels, ``d`` is written over ``s`` (one array less).
    """
    s = _softmax_from(arr, sh)
    good = ~sh.bad
    # 1 - s_max, from the other classes: no cancellation when s_max is close to 1.
    r = sh.rest / (1 + sh.rest)
    if labels is not None:
        lab = labels[..., None]
        s_k = np.take_along_axis(s, lab, axis=-1)
        d_k = np.where((lab == sh.idx) & good, -r, s_k - 1)
        d = s.copy() if keep_s else s
        np.put_along_axis(d, lab, d_k.astype(s.dtype, copy=False), axis=-1)
        return s, d
    assert targets is not None
    d = s - targets
    y_m = np.take_along_axis(targets, sh.idx, axis=-1)
    s_m = np.take_along_axis(s, sh.idx, axis=-1)
    # 1 - y_m is exact for y_m >= 1/2 (Sterbenz), so (1 - y_m) - r beats s_m - y_m there.
    d_m = np.where(good & (y_m >= 0.5), (1 - y_m) - r, s_m - y_m)
    np.put_along_axis(d, sh.idx, d_m.astype(s.dtype, copy=False), axis=-1)
    return s, d


def _neg_log_softmax_bad(arr: FloatArray, sh: _Shifted) -> tuple[NDArray[np.bool_], FloatArray]:
    rows = sh.bad[..., 0]
    return rows, 0.0 - _bad_row_limits(arr[rows], sh.m[rows], log=True)  # +0, not -0


def cross_entropy(z: ArrayLike, y: ArrayLike) -> FloatArray | np.floating[Any]:
    r"""Per-sample cross-entropy of softmax(z) against ``y``, computed from the logits.

    Parameters
    ----------
    z : array_like
        Logits, classes on the last axis, shape ``(..., n)`` with ``n >= 1``.
    y : array_like
        Integer class labels of shape ``z.shape[:-1]`` (values in ``0 .. n-1``) or target
        distributions of shape ``z.shape`` (non-negative, rows summing to 1).

    Returns
    -------
    numpy.ndarray or numpy.floating
        :math:`-\sum_j y_j \log s_j` for each sample, shape ``z.shape[:-1]``, the floating
        dtype of ``z`` (a scalar for a single 1-d ``z``).

    Raises
    ------
    TypeError
        For non-real ``z`` or ``y``, or labels without an integer dtype.
    ValueError
        For 0-d ``z`` (an ``AxisError``), an empty class axis, a ``y`` of the wrong shape,
        labels out of range, or targets that are negative, non-finite or do not sum to 1.
        No samples (an empty batch) give an empty result.

    See Also
    --------
    cross_entropy_grad, log_softmax

    Notes
    -----
    With the largest logit :math:`\max z = z_\ell` and
    :math:`\kappa = \sum_{j\ne \ell} e^{z_j - \max z}`,

    .. math::

        -\log s_j = (\max z - z_j) + \operatorname{log1p}(\kappa) \ge 0,

    a sum of two non-negative terms, so the loss keeps full relative accuracy even when it
    is tiny (a confident right answer) and stays finite for huge logits (Blanchard, Higham
    & Higham [1]_). It is never computed as ``log(softmax(z))``. Terms with
    :math:`y_j = 0` contribute 0 even where :math:`s_j = 0` (the convention
    :math:`0 \log 0 = 0`). Non-finite logits follow :func:`log_softmax`.

    References
    ----------
    .. [1] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp
       and softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
       doi:10.1093/imanum/draa038

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import cross_entropy
    >>> cross_entropy([[0.0, 0.0], [1000.0, 0.0]], [0, 1])
    array([6.93147181e-01, 1.00000000e+03])
    >>> float(cross_entropy([2.0, 1.0, 0.1], [0.5, 0.5, 0.0]))
    0.9170300...

    Taking the log after the softmax fails where the loss is finite:

    >>> z = np.array([1000.0, 0.0])
    >>> with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
    ...     float(-np.log((np.exp(z) / np.exp(z).sum())[1]))
    inf
    """
    arr, labels, targets, sh = _prepare(z, y, "cross_entropy", keep_e=False)
    return _ce_from(arr, sh, labels, targets)


def _ce_from(
    arr: FloatArray,
    sh: _Shifted,
    labels: NDArray[np.intp] | None,
    targets: FloatArray | None,
) -> FloatArray | np.floating[Any]:
    """Cross-entropy of softmax(arr) (class axis last) from validated targets."""
    log1p_rest = np.log1p(sh.rest)
    if labels is not None:
        lab = labels[..., None]
        out = log1p_rest - np.take_along_axis(sh.tmp, lab, axis=-1)
        if sh.bad.any():
            rows, nls = _neg_log_softmax_bad(arr, sh)
            out[rows] = np.take_along_axis(nls, lab[rows], axis=-1)
        return out[..., 0][()]
    assert targets is not None
    nls = log1p_rest - sh.tmp  # -log s >= 0, possibly +inf
    if sh.bad.any():
        rows, nls_bad = _neg_log_softmax_bad(arr, sh)
        nls[rows] = nls_bad
    # 0 * inf must count as 0: multiply only where the target is positive.
    terms = np.multiply(targets, nls, out=np.zeros_like(nls), where=targets != 0)
    return np.sum(terms, axis=-1)[()]


def cross_entropy_grad(z: ArrayLike, y: ArrayLike) -> FloatArray:
    r"""Gradient of the per-sample cross-entropy with respect to the logits: ``s - y``.

    Parameters
    ----------
    z : array_like
        Logits, classes on the last axis, shape ``(..., n)`` with ``n >= 1``.
    y : array_like
        Integer class labels of shape ``z.shape[:-1]`` or target distributions of shape
        ``z.shape``.

    Returns
    -------
    numpy.ndarray
        :math:`\partial\,\mathrm{CE}/\partial z = \mathrm{softmax}(z) - y`, shape and
        floating dtype of ``z``. Each row sums to 0 and lies in :math:`[-1, 1]`.

    Raises
    ------
    TypeError
        For non-real ``z`` or ``y``, or labels without an integer dtype.
    ValueError
        For 0-d ``z`` (an ``AxisError``), an empty class axis, a ``y`` of the wrong shape,
        labels out of range, or targets that are negative, non-finite or do not sum to 1.
        No samples (an empty batch) give an empty result.

    See Also
    --------
    cross_entropy, softmax

    Notes
    -----
    From :math:`\mathrm{CE} = \mathrm{LSE}(z) - y^\top z` (using :math:`\sum_j y_j = 1`)
    and :math:`\nabla \mathrm{LSE} = s`, the gradient is :math:`s - y`. At the class
    :math:`\ell` of the largest logit, :math:`s_\ell - 1` is evaluated as
    :math:`-\kappa/(1+\kappa)` with :math:`\kappa = \sum_{j \ne \ell} e^{z_j - z_\ell}`, so a
    confident right answer gives a small gradient with full relative accuracy instead of a
    rounded 0. The softmax is the stable one of :func:`softmax` (Blanchard, Higham & Higham [1]_).

    References
    ----------
    .. [1] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp
       and softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
       doi:10.1093/imanum/draa038

    Examples
    --------
    >>> from derivations import cross_entropy_grad
    >>> cross_entropy_grad([[0.0, 0.0], [40.0, 0.0]], [0, 0])
    array([[-5.00000000e-01,  5.00000000e-01],
           [-4.24835426e-18,  4.24835426e-18]])

    A confidently wrong sample keeps a gradient of size 1:

    >>> cross_entropy_grad([1000.0, 0.0], 1)
    array([ 1., -1.])
    """
    arr, labels, targets, sh = _prepare(z, y, "cross_entropy_grad")
    _, d = _residual(arr, sh, labels, targets, keep_s=False)
    return d


def mse_on_softmax(z: ArrayLike, y: ArrayLike) -> FloatArray | np.floating[Any]:
    r"""Per-sample squared error of the softmax, :math:`\tfrac12 \lVert s - y \rVert^2`.

    Parameters
    ----------
    z : array_like
        Logits, classes on the last axis, shape ``(..., n)`` with ``n >= 1``.
    y : array_like
        Integer class labels of shape ``z.shape[:-1]`` or target distributions of shape
        ``z.shape``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        :math:`\tfrac12 \lVert \mathrm{softmax}(z) - y \rVert^2` per sample, shape
        ``z.shape[:-1]``, the floating dtype of ``z`` (a scalar for a single 1-d ``z``).

    Raises
    ------
    TypeError
        For non-real ``z`` or ``y``, or labels without an integer dtype.
    ValueError
        For 0-d ``z`` (an ``AxisError``), an empty class axis, a ``y`` of the wrong shape,
        labels out of range, or targets that are negative, non-finite or do not sum to 1.
        No samples (an empty batch) give an empty result.

    See Also
    --------
    mse_on_softmax_grad, cross_entropy

    Notes
    -----
    The residual :math:`d = s - y` uses the stable :func:`softmax` (Blanchard, Higham &
    Higham [1]_); at the class :math:`\ell` of the largest logit it is formed as
    :math:`(1 - y_\ell) - \kappa/(1+\kappa)` (when :math:`y_\ell \ge 1/2`, where
    :math:`1 - y_\ell` is exact), with :math:`\kappa = \sum_{j \ne \ell} e^{z_j - z_\ell}`, so
    the loss of a confident right answer is accurate rather than a rounded 0. The loss is bounded,
    :math:`0 \le L \le 1` for one-hot :math:`y`, however wrong the model is.

    References
    ----------
    .. [1] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp
       and softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
       doi:10.1093/imanum/draa038

    Examples
    --------
    >>> from derivations import mse_on_softmax
    >>> mse_on_softmax([[0.0, 0.0], [1000.0, 0.0]], [0, 1])
    array([0.25, 1.  ])
    >>> float(mse_on_softmax([40.0, 0.0], 0))  # sigma(-40)**2, not a rounded 0
    1.80485138784541...e-35
    """
    arr, labels, targets, sh = _prepare(z, y, "mse_on_softmax")
    _, d = _residual(arr, sh, labels, targets, keep_s=False)
    return (0.5 * np.sum(d * d, axis=-1))[()]


def mse_on_softmax_grad(z: ArrayLike, y: ArrayLike) -> FloatArray:
    r"""Gradient of :func:`mse_on_softmax` with respect to the logits: ``J (s - y)``.

    Parameters
    ----------
    z : array_like
        Logits, classes on the last axis, shape ``(..., n)`` with ``n >= 1``.
    y : array_like
        Integer class labels of shape ``z.shape[:-1]`` or target distributions of shape
        ``z.shape``.

    Returns
    -------
    numpy.ndarray
        :math:`\partial L/\partial z`, shape and floating dtype of ``z``.

    Raises
    ------
    TypeError
        For non-real ``z`` or ``y``, or labels without an integer dtype.
    ValueError
        For 0-d ``z`` (an ``AxisError``), an empty class axis, a ``y`` of the wrong shape,
        labels out of range, or targets that are negative, non-finite or do not sum to 1.
        No samples (an empty batch) give an empty result.

    See Also
    --------
    mse_on_softmax, cross_entropy_grad

    Notes
    -----
    With the softmax Jacobian :math:`J = \mathrm{diag}(s) - s s^\top` (symmetric) and
    :math:`d = s - y`,

    .. math::

        \frac{\partial L}{\partial z_j} = (J d)_j = s_j \Bigl(d_j - \sum_i s_i d_i\Bigr),

    computed without forming :math:`J`. At the class :math:`\ell` of the largest logit the
    bracket is evaluated as :math:`\sum_i s_i (d_\ell - d_i)` (equal because
    :math:`\sum_i s_i = 1`), which avoids the cancellation
    :math:`d_\ell - \sum_i s_i d_i \approx 0` near a vertex of
    the simplex; so the vanishing gradient of a saturated softmax, right or wrong, is
    computed with full relative accuracy. Stable softmax as in Blanchard, Higham & Higham
    [1]_.

    References
    ----------
    .. [1] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp
       and softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
       doi:10.1093/imanum/draa038

    Examples
    --------
    >>> from derivations import mse_on_softmax_grad
    >>> mse_on_softmax_grad([0.0, 0.0], 0)
    array([-0.25,  0.25])

    Confidently wrong, the gradient all but vanishes (about ``2 exp(-40)``):

    >>> mse_on_softmax_grad([0.0, 40.0], 0)
    array([-8.49...e-18,  8.49...e-18])
    """
    arr, labels, targets, sh = _prepare(z, y, "mse_on_softmax_grad")
    s, d = _residual(arr, sh, labels, targets)
    c = np.sum(s * d, axis=-1, keepdims=True)
    g = d - c
    d_top = np.take_along_axis(d, sh.idx, axis=-1)
    bracket_top = np.sum(s * (d_top - d), axis=-1, keepdims=True)
    np.put_along_axis(g, sh.idx, bracket_top, axis=-1)
    g *= s
    return g
