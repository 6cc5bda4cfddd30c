r"""Negative log-likelihood of softmax and of its alternatives, with gradients.

Every mapping :math:`p = \phi(z)/\sum_j \phi(z_j)` of :mod:`derivations.kernels.alternatives` (and
softmax, :math:`\phi = \exp`) is the softmax of :math:`h = \log \phi(z)`. So its per-sample
negative log-likelihood is a cross-entropy of :math:`h`, computed by the same stable code as
:func:`cross_entropy`, and its gradient follows by the chain rule:

.. math::

    -\log p_j = \mathrm{LSE}(h) - h_j, \qquad
    \frac{\partial}{\partial z_i}\Bigl(-\sum_j y_j \log p_j\Bigr) = (p_i - y_i)\, h'(z_i)

(using :math:`\sum_j y_j = 1`). Each :math:`h = \log \phi` is evaluated without overflow or
underflow, so the losses stay finite wherever the probabilities are positive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .alternatives import RELU_EPS, SPHERICAL_EPS, _dlog_softplus, _log_softplus
from .losses import _ce_from, _residual
from .softmax import _shifted_exp
from .validation import as_real_array, check_axis, check_class_axis, check_eps, check_targets

__all__ = ["MAPPINGS", "nll", "nll_grad"]

FloatArray = NDArray[np.floating[Any]]


def _log_quadratic(w: FloatArray, c: np.floating[Any]) -> FloatArray:
    r"""Return ``log(w^2 + c)`` for ``c > 0``, without overflow or cancellation.

    With :math:`a = \max(|w|, \sqrt c)` and :math:`b = \min(|w|, \sqrt c)`, it is
    :math:`2 \log a + \operatorname{log1p}((b/a)^2)`.
    """
    root = np.sqrt(c)
    mag = np.abs(w)
    a = np.maximum(mag, root)  # nan stays nan
    b = np.minimum(mag, root)
    t = b / a
    return 2 * np.log(a) + np.log1p(t * t)


def _dlog_quadratic(w: FloatArray, c: np.floating[Any]) -> FloatArray:
    r"""Return the derivative of :func:`_log_quadratic` in ``w``, :math:`2w/(w^2 + c)`.

    It is bounded by :math:`1/\sqrt c`; computed as :math:`2 (w/a) / (a (1 + (b/a)^2))`
    (0 at :math:`\pm\infty`).
    """
    root = np.sqrt(c)
    mag = np.abs(w)
    a = np.maximum(mag, root)
    b = np.minimum(mag, root)
    t = b / a
    q = np.divide(w, a, out=np.sign(w), where=np.isfinite(w))  # in [-1, 1]; +-1 at +-inf
    return 2 * q / (a * (1 + t * t))


class _Mapping(NamedTuple):
    """``h = log g`` and ``h'`` of one mapping; ``eps`` is its default (None: no eps)."""

    log_g: Callable[[FloatArray, Any], FloatArray]
    dlog_g: Callable[[FloatArray, Any], FloatArray] | None  # None: h' = 1 (softmax)
    eps: float | None


def _relu_log(z: FloatArray, c: np.floating[Any]) -> FloatArray:
    return np.log(np.maximum(z, 0) + c)


def _relu_dlog(z: FloatArray, c: np.floating[Any]) -> FloatArray:
    # d/dz max(z, 0) is taken as 0 at z = 0 (as in PyTorch and JAX).
    return np.where(z > 0, 1 / (np.maximum(z, 0) + c), 0).astype(z.dtype, copy=False)


_MAPPINGS: dict[str, _Mapping] = {
    "softmax": _Mapping(lambda z, c: z, None, None),
    "spherical": _Mapping(_log_quadratic, _dlog_quadratic, SPHERICAL_EPS),
    "taylor": _Mapping(
        lambda z, c: _log_quadratic(1 + z, z.dtype.type(1)),
        lambda z, c: _dlog_quadratic(1 + z, z.dtype.type(1)),
        None,
    ),
    "softplus": _Mapping(lambda z, c: _log_softplus(z, -1), lambda z, c: _dlog_softplus(z), None),
    "relu": _Mapping(_relu_log, _relu_dlog, RELU_EPS),
}

#: Names accepted by ``mapping``, and the probability kernel each one stands for.
MAPPINGS = {
    "softmax": "softmax",
    "spherical": "spherical_softmax",
    "taylor": "taylor_softmax",
    "softplus": "softplus_normalize",
    "relu": "relu_normalize",
}


def _check_mapping(mapping: Any, eps: Any, func: str) -> tuple[_Mapping, Any]:
    names = ", ".join(repr(k) for k in _MAPPINGS)
    if not isinstance(mapping, str):
        raise TypeError(f"{func}: mapping must be a string, one of {names}; got {mapping!r}")
    if mapping == "sparsemax":
        raise ValueError(
            f"{func}: mapping 'sparsemax' has no log-likelihood: sparsemax gives classes "
            "probability exactly 0 (log 0 = -inf); use sparsemax_loss and "
            f"sparsemax_loss_grad instead, or one of {names}"
        )
    if mapping not in _MAPPINGS:
        raise ValueError(f"{func}: unknown mapping {mapping!r}; expected one of {names}")
    spec = _MAPPINGS[mapping]
    if spec.eps is None and eps is not None:
        raise ValueError(f"{func}: mapping {mapping!r} takes no eps (got eps={eps!r})")
    return spec, spec.eps if eps is None else eps


def _prepare(
    z: ArrayLike, y: ArrayLike, mapping: Any, eps: Any, func: str
) -> tuple[FloatArray, _Mapping, Any, NDArray[np.intp] | None, FloatArray | None]:
    spec, eps = _check_mapping(mapping, eps, func)
    arr = as_real_array(z, func)
    ax = check_axis(-1, arr.ndim, func)
    check_class_axis(arr, ax, func)
    c = None if spec.eps is None else check_eps(eps, arr.dtype, func)
    labels, targets = check_targets(arr, y, func)
    return arr, spec, c, labels, targets


def nll(
    z: ArrayLike, y: ArrayLike, mapping: str = "softmax", *, eps: float | None = None
) -> FloatArray | np.floating[Any]:
    r"""Per-sample negative log-likelihood :math:`-\sum_j y_j \log p_j(z)` of a mapping.

    Parameters
    ----------
    z : array_like
        Logits, classes on the last axis, shape ``(..., n)`` with ``n >= 1``.
    y : array_like
        Integer class labels of shape ``z.shape[:-1]`` (values in ``0 .. n-1``) or target
        distributions of shape ``z.shape`` (non-negative, rows summing to 1).
    mapping : {"softmax", "spherical", "taylor", "softplus", "relu"}, optional
        The map from logits to probabilities: :func:`softmax`, :func:`spherical_softmax`,
        :func:`taylor_softmax`, :func:`softplus_normalize` or :func:`relu_normalize`.
    eps : float, optional
        :math:`\varepsilon` of ``"spherical"`` and ``"relu"`` (default: that of the kernel,
        0.01); an error for the other mappings.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The loss per sample, shape ``z.shape[:-1]``, the floating dtype of ``z`` (a scalar
        for a single 1-d ``z``). For ``mapping="softmax"`` it is :func:`cross_entropy`.

    Raises
    ------
    TypeError
        For non-real ``z`` or ``y``, labels without an integer dtype, a non-string
        ``mapping`` or a non-numeric ``eps``.
    ValueError
        For an unknown ``mapping`` (``"sparsemax"`` included: use :func:`sparsemax_loss`),
        an ``eps`` that is given to a mapping without one or is not positive and finite,
        0-d ``z`` (an ``AxisError``), an empty class axis, a ``y`` of the wrong shape,
        labels out of range, or targets that are not distributions. No samples give an
        empty result.

    See Also
    --------
    nll_grad, cross_entropy, sparsemax_loss

    Notes
    -----
    Every mapping is :math:`p = \mathrm{softmax}(h)` with :math:`h = \log \phi(z)`, so

    .. math::

        -\log p_j = (\max h - h_j)
        + \operatorname{log1p}\Bigl(\sum_{i \ne \ell} e^{h_i - \max h}\Bigr),
        \qquad \max h = h_\ell,

    two non-negative terms, as in :func:`cross_entropy` (Blanchard, Higham & Higham [1]_),
    with :math:`h` evaluated stably: :math:`\log(z^2 + \varepsilon) = 2\log a +
    \operatorname{log1p}(b^2/a^2)` with :math:`a = \max(|z|, \sqrt\varepsilon)`,
    :math:`b = \min(|z|, \sqrt\varepsilon)` (spherical; Taylor is spherical in
    :math:`1 + z` with :math:`\varepsilon = 1`); :math:`\log \mathrm{softplus}(z)` without
    underflow as in :func:`softplus_normalize`; :math:`\log(\max(z, 0) + \varepsilon)`.
    So the loss is finite wherever :math:`p_j > 0` in exact arithmetic, even where
    :math:`p_j` itself underflows. Terms with :math:`y_j = 0` count 0.

    References
    ----------
    .. [1] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp
       and softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
       doi:10.1093/imanum/draa038

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import nll
    >>> z = [2.0, 0.0, -2.0]
    >>> for mapping in ("softmax", "spherical", "taylor", "softplus", "relu"):
    ...     print(f"{mapping:9} {float(nll(z, 0, mapping)):.4f} {float(nll(z, 2, mapping)):.4f}")
    softmax   0.1429 4.1429
    spherical 0.6944 0.6944
    taylor    0.3365 1.9459
    softplus  0.3261 3.1449
    relu      0.0099 5.3132

    Wrong by a mile, the probability underflows but the loss is finite:

    >>> float(nll([-1000.0, 0.0], 0, "softplus"))  # 1000 + log(log 2)
    999.6334870794184
    """
    arr, spec, c, labels, targets = _prepare(z, y, mapping, eps, "nll")
    h = spec.log_g(arr, c)
    return _ce_from(h, _shifted_exp(h, -1, keep_e=False), labels, targets)


def nll_grad(
    z: ArrayLike, y: ArrayLike, mapping: str = "softmax", *, eps: float | None = None
) -> FloatArray:
    r"""Gradient of :func:`nll` with respect to the logits: :math:`(p - y) \odot h'(z)`.

    Parameters
    ----------
    z : array_like
        Logits, classes on the last axis, shape ``(..., n)`` with ``n >= 1``.
    y : array_like
        Integer class labels of shape ``z.shape[:-1]`` or target distributions of shape
        ``z.shape``.
    mapping : {"softmax", "spherical", "taylor", "softplus", "relu"}, optional
        The map from logits to probabilities, as in :func:`nll`.
    eps : float, optional
        :math:`\varepsilon` of ``"spherical"`` and ``"relu"`` (default: that of the kernel);
        an error for the other mappings.

    Returns
    -------
    numpy.ndarray
        :math:`\partial\,\mathrm{NLL}/\partial z`, shape and floating dtype of ``z``. For
        ``mapping="softmax"`` it is :func:`cross_entropy_grad`, :math:`s - y`.

    Raises
    ------
    TypeError
        For non-real ``z`` or ``y``, labels without an integer dtype, a non-string
        ``mapping`` or a non-numeric ``eps``.
    ValueError
        As :func:`nll`.

    See Also
    --------
    nll, cross_entropy_grad, sparsemax_loss_grad

    Notes
    -----
    With :math:`p = \mathrm{softmax}(h)`, :math:`h_i = \log \phi(z_i)` and
    :math:`\sum_j y_j = 1`, the chain rule gives :math:`\partial\,\mathrm{NLL}/\partial z_i
    = (p_i - y_i)\, h'(z_i)`, where :math:`p - y` is formed as in
    :func:`cross_entropy_grad` (accurate near a vertex) and

    =================  ======================================  ==========================
    mapping            :math:`h'(t)`                           :math:`|h'|` at most
    =================  ======================================  ==========================
    ``"softmax"``      :math:`1`                               :math:`1`
    ``"spherical"``    :math:`2t / (t^2 + \varepsilon)`        :math:`1/\sqrt\varepsilon`
    ``"taylor"``       :math:`(1 + t)/\phi(t)`                 :math:`1`
    ``"softplus"``     :math:`\sigma(t)/\mathrm{softplus}(t)`  :math:`1`
    ``"relu"``         :math:`[t > 0]/(t + \varepsilon)`       :math:`1/\varepsilon`
    =================  ======================================  ==========================

    Unlike softmax's :math:`s - y`, these gradients can vanish for a wrong sample: the
    factor :math:`h'(z_i)` tends to 0 like :math:`2/z_i` for large logits (spherical,
    Taylor) or :math:`1/z_i` (softplus, ReLU), and is exactly 0 for a non-positive logit
    under ``"relu"`` (where the derivative of :math:`\max(t, 0)` is taken as 0 at
    :math:`t = 0`, as in PyTorch).

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import nll_grad, cross_entropy_grad
    >>> z = np.array([2.0, 0.0, -2.0])
    >>> np.array_equal(nll_grad(z, 2), cross_entropy_grad(z, 2))
    True
    >>> nll_grad(z, 2, "taylor")  # p = [5, 1, 1] / 7, h' = [3/5, 1, -1]
    array([0.42857143, 0.14285714, 0.85714286])

    (For Taylor, a logit below -1 *gains* probability by decreasing: the true class's
    gradient is positive here.)

    Confidently wrong, the softmax gradient on the wrong logit stays 1; Taylor's dies out
    like :math:`2/z`:

    >>> nll_grad([1000.0, 0.0], 1), nll_grad([1000.0, 0.0], 1, "taylor")
    (array([ 1., -1.]), array([ 0.001998, -0.999998]))
    """
    arr, spec, c, labels, targets = _prepare(z, y, mapping, eps, "nll_grad")
    h = spec.log_g(arr, c)
    _, d = _residual(h, _shifted_exp(h, -1), labels, targets, keep_s=False)
    if spec.dlog_g is not None:
        d *= spec.dlog_g(arr, c)
    return d
