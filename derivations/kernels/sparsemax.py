r"""Sparsemax (Euclidean projection of the logits onto the simplex) and its loss.

Sparsemax (Martins & Astudillo 2016, [1]_) is the point of the probability simplex closest to
the logits, :math:`\mathrm{sparsemax}(z) = \arg\min_{p \in \Delta} \lVert p - z\rVert^2`.
Unlike softmax it can give exact zeros. Its threshold :math:`\tau(z)` is found by the
sort-based algorithm of the paper (the projection of Duchi et al. 2008, [2]_), vectorised
over the batch.

Conventions are those of the other kernels (:mod:`derivations.kernels`): classes on the
last axis (or ``axis``), any leading batch shape, dtypes kept, no samples give an empty
result, bad input raises naming the function.

References
----------
.. [1] A. F. T. Martins and R. F. Astudillo, "From Softmax to Sparsemax: A Sparse Model of
   Attention and Multi-Label Classification", Proc. ICML 2016; arXiv:1602.02068.
.. [2] J. Duchi, S. Shalev-Shwartz, Y. Singer, T. Chandra, "Efficient Projections onto the
   l1-Ball for Learning in High Dimensions", Proc. ICML 2008, 272-279.
   doi:10.1145/1390156.1390191
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .softmax import _bad_row_limits
from .validation import as_real_array, check_axis, check_class_axis, check_targets

__all__ = ["sparsemax", "sparsemax_loss", "sparsemax_loss_grad"]

FloatArray = NDArray[np.floating[Any]]


class _Projection(NamedTuple):
    """Sparsemax of rows with the class axis last, in the working dtype."""

    p: FloatArray  # sparsemax(z)
    zs: FloatArray  # z - max(z) (unclipped, may hold -inf); 0 in bad rows
    tau: FloatArray  # threshold of the shifted logits, tau(z) - max(z) (keepdims)
    bad: NDArray[np.bool_]  # rows whose maximum is not finite (nan, +inf, all -inf)


def _working_dtype(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """float16 is computed in float32 (a cumulative sum in float16 loses ~n ulps); others as is."""
    return np.dtype(np.float32) if dtype == np.float16 else dtype


def _project(z: FloatArray) -> _Projection:
    """Sparsemax along the last axis of a real floating array (class axis non-empty)."""
    zw = z.astype(_working_dtype(z.dtype), copy=False)
    n = zw.shape[-1]
    # argmax returns the first nan if there is one, so m is nan exactly for nan rows.
    idx = np.argmax(zw, axis=-1, keepdims=True)
    m = np.take_along_axis(zw, idx, axis=-1)
    bad = ~np.isfinite(m)
    any_bad = bool(bad.any())
    shift = np.where(bad, 0, m).astype(zw.dtype, copy=False) if any_bad else m
    # sparsemax(z + c) = sparsemax(z): work with zs = z - max <= 0. It can only overflow to
    # -inf (e.g. -1e308 - 1e308), an entry that is outside the support anyway.
    with np.errstate(over="ignore"):
        zs = np.subtract(zw, shift)
    if any_bad:
        zs = np.where(bad, 0, zs).astype(zw.dtype, copy=False)  # replaced by limits below
    # p_max <= 1 means tau >= max - 1: entries more than 1 below the maximum are never in the
    # support, and clipping them at -2 changes neither the support nor tau. It keeps every
    # sum below finite (no -inf, no overflow): |cumsum| <= 2 n.
    zc = np.maximum(zs, -2)
    desc = np.sort(zc, axis=-1)[..., ::-1]
    csum = np.cumsum(desc, axis=-1)
    k = np.arange(1, n + 1, dtype=zw.dtype)
    # The sort-based projection (Martins & Astudillo): the support size is the largest k with
    # 1 + k z_(k) > sum_{j <= k} z_(j). The condition holds at k = 1 (1 > 0).
    holds = 1 + k * desc > csum
    k_star = n - np.argmax(holds[..., ::-1], axis=-1, keepdims=True)
    z_k = np.take_along_axis(desc, k_star - 1, axis=-1)  # smallest entry in the support
    # Ties with z_(k) satisfy the condition together, so the support is {z >= z_(k)}. Its sum
    # is taken again by np.sum (pairwise: error ~ log n ulps, not the cumsum's ~ n ulps).
    support = zc >= z_k
    size = np.count_nonzero(support, axis=-1, keepdims=True)
    total = np.sum(zc, axis=-1, keepdims=True, where=support)
    tau = (total - 1) / size.astype(zw.dtype)
    p = np.maximum(zc - tau, 0)
    if any_bad:
        rows = bad[..., 0]
        p[rows] = _bad_row_limits(zw[rows], m[rows], log=False)
    return _Projection(p, zs, tau.astype(zw.dtype, copy=False), bad)


def sparsemax(z: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Sparsemax: the Euclidean projection of the logits onto the probability simplex.

    Parameters
    ----------
    z : array_like
        Logits, at least 1-d. Floating dtypes are kept; bool/integer become float64.
    axis : int, optional
        Class axis (default: the last).

    Returns
    -------
    numpy.ndarray
        :math:`p = \max(z - \tau(z), 0)`, same shape and floating dtype as ``z``; every
        row is a distribution, usually with exact zeros.

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
    sparsemax_loss, softmax

    Notes
    -----
    Sparsemax solves :math:`\min_p \lVert p - z\rVert^2` subject to :math:`p \ge 0`,
    :math:`\sum_i p_i = 1` [1]_. Its KKT conditions give :math:`p_i = \max(z_i - \tau, 0)`
    with the threshold :math:`\tau` fixed by :math:`\sum_i p_i = 1`. With the logits sorted,
    :math:`z_{(1)} \ge \dots \ge z_{(n)}`, the support size is
    :math:`|S(z)| = \max\{r : 1 + r z_{(r)} > \sum_{j \le r} z_{(j)}\}` and

    .. math::

        \tau(z) = \frac{\sum_{j \le |S(z)|} z_{(j)} - 1}{|S(z)|}

    (the sort-based projection of [1]_ and Duchi et al. [2]_), in
    :math:`O(n \log n)` per row. Like softmax, sparsemax is shift invariant,
    :math:`\mathrm{sparsemax}(z + c\mathbf 1) = \mathrm{sparsemax}(z)`, so the rows are
    shifted by their maximum first; entries more than 1 below the maximum are never in the
    support (:math:`p_{\max} \le 1` gives :math:`\tau \ge \max_i z_i - 1`) and are clipped,
    which keeps every sum bounded by :math:`2n`. The support sum is recomputed by pairwise
    summation, so the result is accurate to a few ulps (absolute, the entries are at most 1)
    whatever the size of the logits. It is not scale invariant: scaling by :math:`c > 1`
    can only shrink the support. float16 input is computed in float32 and rounded back.

    Non-finite entries follow :func:`softmax`: a single ``+inf`` gives 1 there and 0
    elsewhere (the limit), two ``+inf`` give nan at those entries, ``-inf`` entries get 0, a
    row of all ``-inf`` or with any nan is nan.

    References
    ----------
    .. [1] A. F. T. Martins and R. F. Astudillo, "From Softmax to Sparsemax: A Sparse Model
       of Attention and Multi-Label Classification", Proc. ICML 2016; arXiv:1602.02068.
    .. [2] J. Duchi, S. Shalev-Shwartz, Y. Singer, T. Chandra, "Efficient Projections onto
       the l1-Ball for Learning in High Dimensions", Proc. ICML 2008, 272-279.
       doi:10.1145/1390156.1390191

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import sparsemax, softmax
    >>> sparsemax([1.0, 0.5, -1.0])
    array([0.75, 0.25, 0.  ])
    >>> sparsemax([3.0, 0.0])  # more than 1 ahead: all the mass
    array([1., 0.])
    >>> softmax([3.0, 0.0])  # softmax is never exactly 0
    array([0.95257413, 0.04742587])

    Shifts do not matter, scale does:

    >>> sparsemax([1001.0, 1000.5, 999.0])
    array([0.75, 0.25, 0.  ])
    >>> sparsemax([0.2, 0.1, -0.2])  # the first logits times 0.2: support of 3
    array([0.5, 0.4, 0.1])
    """
    arr = as_real_array(z, "sparsemax")
    ax = check_axis(axis, arr.ndim, "sparsemax")
    check_class_axis(arr, ax, "sparsemax")
    p = _project(np.moveaxis(arr, ax, -1)).p
    return np.moveaxis(p.astype(arr.dtype, copy=False), -1, ax)


def _prepare_loss(
    z: ArrayLike, y: ArrayLike, func: str
) -> tuple[FloatArray, _Projection, NDArray[np.intp] | None, FloatArray | None]:
    arr = as_real_array(z, func)
    ax = check_axis(-1, arr.ndim, func)
    check_class_axis(arr, ax, func)
    labels, targets = check_targets(arr, y, func)
    proj = _project(arr)
    if targets is not None:
        targets = targets.astype(proj.p.dtype, copy=False)
    return arr, proj, labels, targets


def _residual(
    proj: _Projection, labels: NDArray[np.intp] | None, targets: FloatArray | None
) -> FloatArray:
    """``sparsemax(z) - y`` (a new array)."""
    if targets is not None:
        return proj.p - targets
    assert labels is not None
    d = proj.p.copy()
    lab = labels[..., None]
    np.put_along_axis(d, lab, np.take_along_axis(d, lab, axis=-1) - 1, axis=-1)
    return d


def sparsemax_loss(z: ArrayLike, y: ArrayLike) -> FloatArray | np.floating[Any]:
    r"""Per-sample sparsemax loss of Martins & Astudillo, computed without cancellation.

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
        :math:`L_{\mathrm{sparsemax}}(z; y) \ge 0` for each sample, shape ``z.shape[:-1]``,
        the floating dtype of ``z`` (a scalar for a single 1-d ``z``).

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
    sparsemax, sparsemax_loss_grad, cross_entropy

    Notes
    -----
    The loss of [1]_ (their eq. for :math:`L_{\mathrm{sparsemax}}`), for a target
    distribution :math:`y` (one-hot :math:`y = e_k` gives :math:`-z_k + \dots + \tfrac12`),

    .. math::

        L_{\mathrm{sparsemax}}(z; y) = -y^\top z
            + \tfrac12 \sum_{j \in S(z)} \bigl(z_j^2 - \tau(z)^2\bigr)
            + \tfrac12 \lVert y \rVert^2,

    with :math:`S(z)` the support and :math:`\tau(z)` the threshold of :func:`sparsemax`.
    Its gradient is :math:`\mathrm{sparsemax}(z) - y` (:func:`sparsemax_loss_grad`). As
    written, the formula cancels badly (terms of size :math:`z^2` for a loss near 0). Using
    :math:`\sum_j y_j = 1` and :math:`p = \max(z - \tau, 0)` it equals

    .. math::

        L_{\mathrm{sparsemax}}(z; y)
            = \tfrac12 \lVert p - y \rVert^2 + \sum_j y_j \max(\tau - z_j, 0),

    a sum of non-negative terms, which is what is computed (in shifted logits, so huge
    logits are fine). It shows :math:`L_{\mathrm{sparsemax}} \ge 0`, with equality iff
    :math:`p = y`, and that
    the loss grows linearly, like cross-entropy, in how far a true class lies below the
    threshold. Non-finite logits: a single ``+inf`` gives 0 if all the target mass is
    there and ``+inf`` otherwise; rows whose :func:`sparsemax` is nan give nan.

    References
    ----------
    .. [1] A. F. T. Martins and R. F. Astudillo, "From Softmax to Sparsemax: A Sparse Model
       of Attention and Multi-Label Classification", Proc. ICML 2016; arXiv:1602.02068.

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import sparsemax_loss
    >>> sparsemax_loss([[2.0, 0.0, -1.0], [0.0, 2.0, -1.0]], [0, 0])  # right, then wrong
    array([0., 2.])
    >>> float(sparsemax_loss([0.3, 0.2, -1.0], [0.5, 0.5, 0.0]))  # p = [0.55, 0.45, 0]
    0.0025

    The textbook formula loses everything to cancellation for large logits:

    >>> z, tau = np.array([1e8 + 0.5, 1e8]), 1e8 - 0.25  # p = [0.75, 0.25]
    >>> float(-z[0] + 0.5 * np.sum(z**2 - tau**2) + 0.5)
    0.0
    >>> float(sparsemax_loss(z, 0))  # (0.25**2 + 0.25**2) / 2
    0.0625
    """
    arr, proj, labels, targets = _prepare_loss(z, y, "sparsemax_loss")
    d = _residual(proj, labels, targets)
    # gap_j = max(tau - z_j, 0): how far class j lies below the threshold.
    with np.errstate(over="ignore"):
        gap = np.maximum(proj.tau - proj.zs, 0)
    if proj.bad.any():
        rows = proj.bad[..., 0]
        gap[rows] = np.where(arr[rows] == np.inf, 0, np.inf)  # nan rows: p is nan already
    if labels is not None:
        below = np.take_along_axis(gap, labels[..., None], axis=-1)[..., 0]
    else:
        assert targets is not None
        # 0 * inf must count as 0: multiply only where the target is positive.
        terms = np.multiply(targets, gap, out=np.zeros_like(gap), where=targets != 0)
        below = np.sum(terms, axis=-1)
    loss = 0.5 * np.sum(d * d, axis=-1) + below
    return loss.astype(arr.dtype, copy=False)[()]


def sparsemax_loss_grad(z: ArrayLike, y: ArrayLike) -> FloatArray:
    r"""Gradient of :func:`sparsemax_loss` with respect to the logits: ``sparsemax(z) - y``.

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
        :math:`\partial L / \partial z = \mathrm{sparsemax}(z) - y`, shape and floating
        dtype of ``z``. Each row sums to 0 and lies in :math:`[-1, 1]`.

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
    sparsemax_loss, cross_entropy_grad

    Notes
    -----
    The sparsemax loss is convex and differentiable, with gradient
    :math:`\mathrm{sparsemax}(z) - y` (Martins & Astudillo [1]_): the same form as the gradient
    :math:`\mathrm{softmax}(z) - y` of cross-entropy. Where the support changes (some
    :math:`z_j = \tau`) the loss is still differentiable but its gradient has a kink.

    References
    ----------
    .. [1] A. F. T. Martins and R. F. Astudillo, "From Softmax to Sparsemax: A Sparse Model
       of Attention and Multi-Label Classification", Proc. ICML 2016; arXiv:1602.02068.

    Examples
    --------
    >>> from derivations import sparsemax_loss_grad
    >>> sparsemax_loss_grad([1.0, 0.5, -1.0], 1)
    array([ 0.75, -0.75,  0.  ])

    A confidently wrong sample keeps a gradient of size 1, as with cross-entropy:

    >>> sparsemax_loss_grad([1000.0, 0.0], 1)
    array([ 1., -1.])
    """
    arr, proj, labels, targets = _prepare_loss(z, y, "sparsemax_loss_grad")
    return _residual(proj, labels, targets).astype(arr.dtype, copy=False)
