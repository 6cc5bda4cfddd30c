"""Input checks shared by the numeric kernels.

Every public kernel funnels its arguments through these helpers so that bad input fails
early with a message that names the public function and the problem.

Dtype policy (documented once, here):

* real floating arrays (``float16``, ``float32``, ``float64``, ``longdouble``) keep their
  dtype and are computed in it;
* ``bool`` and integer arrays are converted to ``float64``;
* complex, string, bytes, object, datetime and other non-real dtypes raise ``TypeError``:
  softmax needs an ordering of the logits (for the max shift) and a real log-likelihood,
  so there is no complex extension here.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np
from numpy.exceptions import AxisError
from numpy.lib.array_utils import normalize_axis_index
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_real_array",
    "check_axis",
    "check_class_axis",
    "check_eps",
    "check_targets",
]


def as_real_array(x: ArrayLike, func: str, name: str = "z") -> NDArray[np.floating[Any]]:
    """Convert ``x`` to a real floating array, or raise ``TypeError`` naming ``func``.

    Parameters
    ----------
    x : array_like
        Input values.
    func : str
        Name of the public function, used in error messages.
    name : str, optional
        Name of the argument, used in error messages.

    Returns
    -------
    numpy.ndarray
        ``x`` itself when it already is a real floating array, otherwise a ``float64`` copy.

    Raises
    ------
    TypeError
        If ``x`` is not numeric and real (complex, strings, objects, ...).

    Examples
    --------
    >>> as_real_array([1, 2], "softmax").dtype
    dtype('float64')
    >>> as_real_array(np.zeros(2, np.float32), "softmax").dtype
    dtype('float32')
    """
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested sequences and the like
        raise TypeError(f"{func}: {name} must be a real numeric array ({exc})") from None
    kind = arr.dtype.kind
    if kind == "f":
        return arr
    if kind in "biu":
        return arr.astype(np.float64)
    if kind == "c":
        raise TypeError(
            f"{func}: {name} has complex dtype {arr.dtype}; only real inputs are supported"
        )
    raise TypeError(f"{func}: {name} must be a real numeric array, got dtype {arr.dtype}")


def check_axis(axis: Any, ndim: int, func: str) -> int:
    """Return ``axis`` as a non-negative int, or raise naming ``func``.

    Parameters
    ----------
    axis : int
        Requested axis; negative values count from the end.
    ndim : int
        Number of dimensions of the array.
    func : str
        Name of the public function, used in error messages.

    Returns
    -------
    int
        The axis in ``range(ndim)``.

    Raises
    ------
    TypeError
        If ``axis`` is not an integer (``bool`` is rejected too).
    numpy.exceptions.AxisError
        If ``axis`` is out of range, or the array is 0-d (it has no class axis). NumPy's
        own exception (a subclass of ``ValueError`` and ``IndexError``), raised by
        :func:`numpy.lib.array_utils.normalize_axis_index` as in NumPy and SciPy.

    Examples
    --------
    >>> check_axis(-1, 3, "softmax")
    2
    >>> check_axis(2, 2, "softmax")
    Traceback (most recent call last):
    ...
    numpy.exceptions.AxisError: softmax: axis 2 is out of bounds for array of dimension 2
    """
    if isinstance(axis, bool | np.bool_):
        raise TypeError(f"{func}: axis must be an integer, got {axis!r}")
    try:
        ax = operator.index(axis)
    except TypeError:
        raise TypeError(f"{func}: axis must be an integer, got {axis!r}") from None
    if ndim == 0:
        raise AxisError(
            f"{func}: input is 0-d; it needs at least one (class) axis "
            f"(axis {ax} is out of bounds for array of dimension 0)"
        )
    return normalize_axis_index(ax, ndim, msg_prefix=func)


def check_class_axis(z: NDArray[Any], axis: int, func: str) -> None:
    """Raise ``ValueError`` naming ``func`` if ``z`` has no classes (an empty class axis).

    An empty *batch* (no samples, some other axis of length 0) is fine: the kernels return
    an empty result of the right shape and dtype, as ``scipy.special`` does.

    Parameters
    ----------
    z : numpy.ndarray
        Logits.
    axis : int
        Class axis, already normalised by :func:`check_axis`.
    func : str
        Name of the public function, used in error messages.

    Raises
    ------
    ValueError
        If ``z.shape[axis] == 0`` (no classes: a distribution over nothing does not exist),
        or if the class axis is longer than the dtype's largest value (float16: 65504), so
        that a row sum of terms in ``[0, 1]`` could overflow.

    Examples
    --------
    >>> check_class_axis(np.zeros((0, 2)), 1, "softmax")  # no samples: fine, returns None
    >>> check_class_axis(np.zeros((3, 0)), 1, "softmax")
    Traceback (most recent call last):
    ...
    ValueError: softmax: the class axis (axis 1) is empty; at least one class is required
    """
    if z.shape[axis] == 0:
        raise ValueError(
            f"{func}: the class axis (axis {axis}) is empty; at least one class is required"
        )
    # The row sum of up to n terms in [0, 1] must stay finite in the working dtype.
    largest = float(np.finfo(z.dtype).max)
    if z.shape[axis] > largest:
        raise ValueError(
            f"{func}: {z.shape[axis]} classes in {z.dtype}: a row sum could exceed the largest "
            f"{z.dtype} ({largest:g}); pass float32 or float64 input"
        )


def _sum_tolerance(dtype: np.dtype[Any]) -> float:
    """Tolerance for ``|sum(y) - 1|``: the square root of the epsilon of the targets' own dtype.

    The precision of the logits has nothing to do with whether ``y`` is a distribution.
    """
    return float(np.sqrt(np.finfo(dtype).eps))


def check_targets(
    z: NDArray[np.floating[Any]], y: ArrayLike, func: str
) -> tuple[NDArray[np.intp] | None, NDArray[np.floating[Any]] | None]:
    """Validate targets for a loss on logits ``z`` (classes on the last axis).

    Parameters
    ----------
    z : numpy.ndarray
        Logits, a real floating array with ``z.ndim >= 1`` and a non-empty last axis.
    y : array_like
        Either integer class labels of shape ``z.shape[:-1]`` or target distributions of
        shape ``z.shape``. With no samples, an empty ``y`` of label shape may have any real
        dtype (``[]`` is float64).
    func : str
        Name of the public function, used in error messages.

    Returns
    -------
    labels : numpy.ndarray of intp or None
        The labels (shape ``z.shape[:-1]``) if ``y`` holds labels.
    targets : numpy.ndarray or None
        The distributions, converted to ``z.dtype``, if ``y`` holds distributions.

    Raises
    ------
    TypeError
        If ``y`` is not real numeric, or labels do not have an integer dtype.
    ValueError
        If the shape of ``y`` fits neither convention, a label is outside
        ``0 <= y < n``, or a target row has a negative or non-finite entry or does not sum
        to 1 within ``sqrt(eps)`` of their own dtype (integer targets: exactly).

    Examples
    --------
    >>> labels, targets = check_targets(np.zeros((2, 3)), [0, 2], "cross_entropy")
    >>> labels, targets
    (array([0, 2]), None)
    """
    try:
        yarr = np.asarray(y)
    except (ValueError, TypeError) as exc:
        raise TypeError(f"{func}: y must be a real numeric array ({exc})") from None
    n = z.shape[-1]
    if yarr.shape == z.shape[:-1]:
        if yarr.size == 0 and yarr.dtype.kind in "biuf":
            # No samples: no labels to check (``[]`` is float64; accept it as no labels).
            return np.zeros(yarr.shape, dtype=np.intp), None
        if yarr.dtype.kind not in "iu":
            raise TypeError(
                f"{func}: y has the shape of class labels {z.shape[:-1]} but dtype "
                f"{yarr.dtype}; labels must be integers (use shape {z.shape} for "
                "target distributions)"
            )
        if yarr.size and (yarr.min() < 0 or yarr.max() >= n):
            bad = yarr[(yarr < 0) | (yarr >= n)].ravel()[0]
            raise ValueError(
                f"{func}: label {bad} is out of range; labels must satisfy 0 <= y < {n}"
            )
        return yarr.astype(np.intp, copy=False), None
    if yarr.shape == z.shape:
        if yarr.dtype.kind == "f":
            tol = _sum_tolerance(yarr.dtype)
        elif yarr.dtype.kind in "biu":
            tol = 0.0  # integer targets sum exactly
        elif yarr.dtype.kind == "c":
            raise TypeError(f"{func}: y has complex dtype {yarr.dtype}; targets must be real")
        else:
            raise TypeError(f"{func}: y must be a real numeric array, got dtype {yarr.dtype}")
        if not np.all(np.isfinite(yarr)):
            raise ValueError(f"{func}: target distributions contain nan or inf")
        if np.any(yarr < 0):
            raise ValueError(f"{func}: target distributions contain negative entries")
        total = np.sum(yarr, axis=-1, dtype=np.float64)
        err = np.abs(total - 1.0)
        if np.any(err > tol):
            worst = float(total.ravel()[np.argmax(err.ravel())])
            raise ValueError(
                f"{func}: target distributions must sum to 1 along the last axis "
                f"(tolerance {tol:.1e}); a row sums to {worst!r}"
            )
        return None, yarr.astype(z.dtype, copy=False)
    raise ValueError(
        f"{func}: y has shape {yarr.shape}; expected {z.shape[:-1]} (integer labels) "
        f"or {z.shape} (target distributions) for z of shape {z.shape}"
    )


def check_eps(eps: Any, dtype: np.dtype[Any], func: str) -> np.floating[Any]:
    """Validate a positive constant ``eps`` and return it in ``dtype``, or raise naming ``func``.

    Parameters
    ----------
    eps : float
        A real scalar (Python or NumPy number; ``bool`` is rejected).
    dtype : numpy.dtype
        The floating dtype the kernel computes in.
    func : str
        Name of the public function, used in error messages.

    Returns
    -------
    numpy.floating
        ``eps`` rounded to ``dtype``.

    Raises
    ------
    TypeError
        If ``eps`` is not a real scalar number.
    ValueError
        If ``eps`` is not positive and finite, or rounds to 0 or to infinity in ``dtype``
        (for example ``1e-8`` in float16).

    Examples
    --------
    >>> check_eps(0.01, np.dtype(np.float32), "relu_normalize")
    np.float32(0.01)
    >>> check_eps(1e-8, np.dtype(np.float16), "relu_normalize")
    Traceback (most recent call last):
    ...
    ValueError: relu_normalize: eps=1e-08 is not a positive finite float16 (it rounds to 0.0)
    """
    if isinstance(eps, bool | np.bool_):
        raise TypeError(f"{func}: eps must be a real number, got {eps!r}")
    try:
        arr = np.asarray(eps)
    except (ValueError, TypeError):
        raise TypeError(f"{func}: eps must be a real number, got {eps!r}") from None
    if arr.ndim != 0 or arr.dtype.kind not in "iuf":
        raise TypeError(f"{func}: eps must be a real scalar, got {eps!r}")
    if not (np.isfinite(arr) and arr > 0):
        raise ValueError(f"{func}: eps must be positive and finite, got {eps!r}")
    with np.errstate(over="ignore"):
        val = arr.astype(dtype)
    if not (np.isfinite(val) and val > 0):
        raise ValueError(
            f"{func}: eps={eps!r} is not a positive finite {dtype} (it rounds to {float(val)!r})"
        )
    return val[()]
