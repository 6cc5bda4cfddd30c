r"""Alternatives to softmax that map logits to probabilities: "positive, then divide".

Each map here is :math:`p_i = \phi(z_i) / \sum_j \phi(z_j)` for a positive function :math:`\phi`:

=============================  ====================================  ==========================
kernel                         :math:`\phi(t)`                       source
=============================  ====================================  ==========================
:func:`spherical_softmax`      :math:`t^2 + \varepsilon`             Vincent et al. 2015 [1]_
:func:`taylor_softmax`         :math:`1 + t + t^2/2`                 de Brébisson & Vincent [2]_
:func:`softplus_normalize`     :math:`\log(1 + e^t)`                 softplus; [3]_
:func:`relu_normalize`         :math:`\max(t, 0) + \varepsilon`      rectifier [4]_
(:func:`softmax`)              :math:`e^t`
=============================  ====================================  ==========================

(:func:`sparsemax`, the projection onto the simplex, is not of this form; see
:mod:`derivations.kernels.sparsemax`.) Every map is written as a softmax of
:math:`h = \log \phi`, :math:`p = \mathrm{softmax}(\log \phi(z))`, which is how their
log-likelihoods are computed (:mod:`derivations.kernels.nll`); the probabilities
themselves are computed as the ratio, scaled so that nothing overflows.

The default :math:`\varepsilon = 10^{-2}` (:data:`SPHERICAL_EPS`, :data:`RELU_EPS`) is a
modelling constant, not a rounding guard: it is the floor under :math:`\phi`, so it sets the
smallest probability a class can get (:math:`\varepsilon / \sum_j \phi(z_j)`) and caps the
slope of the log-likelihood, :math:`|(\log \phi)'| \le 1/\sqrt{\varepsilon} = 10` for the
spherical map and :math:`\le 1/\varepsilon = 100` for the rectifier. The papers [1]_ [2]_
treat :math:`\varepsilon` as a small constant needed for numerical stability (Taylor
softmax needs none); the value here is this package's choice, not one taken from them. A
rounding-sized value such as ``1e-8`` would also be computed exactly here, but gives
log-likelihood slopes of :math:`10^4` to :math:`10^8` near :math:`z = 0`. Pass ``eps`` to
choose another.

References
----------
.. [1] P. Vincent, A. de Brébisson, X. Bouthillier, "Efficient Exact Gradient Update for
   training Deep Networks with Very Large Sparse Targets", NIPS 2015. arXiv:1412.7091
.. [2] A. de Brébisson and P. Vincent, "An Exploration of Softmax Alternatives Belonging to
   the Spherical Loss Family", ICLR 2016. arXiv:1511.05042
.. [3] M. Mächler, "Accurately Computing log(1 - exp(-\|a\|)), Assessed by the Rmpfr
   package", 2012 (section on log1pexp). https://CRAN.R-project.org/package=Rmpfr
.. [4] V. Nair and G. E. Hinton, "Rectified Linear Units Improve Restricted Boltzmann
   Machines", Proc. ICML 2010, 807-814.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .softmax import softmax
from .validation import as_real_array, check_axis, check_class_axis, check_eps

__all__ = [
    "RELU_EPS",
    "SPHERICAL_EPS",
    "relu_normalize",
    "softplus_normalize",
    "spherical_softmax",
    "taylor_softmax",
]

FloatArray = NDArray[np.floating[Any]]

#: Default :math:`\varepsilon` of :func:`spherical_softmax` (see the module notes).
SPHERICAL_EPS = 1e-2
#: Default :math:`\varepsilon` of :func:`relu_normalize` (see the module notes).
RELU_EPS = 1e-2


def _prepare(z: ArrayLike, axis: Any, func: str) -> tuple[FloatArray, int]:
    arr = as_real_array(z, func)
    ax = check_axis(axis, arr.ndim, func)
    check_class_axis(arr, ax, func)
    return arr, ax


def _finite_part(z: FloatArray) -> tuple[FloatArray, NDArray[np.bool_] | None]:
    """Replace non-finite entries by 0; also return the mask of finite entries.

    Returns ``z`` itself and ``None`` when every entry is finite (the common, fast case).
    """
    finite = np.isfinite(z)
    if finite.all():
        return z, None
    return np.where(finite, z, 0).astype(z.dtype, copy=False), finite


def _apply_limits(
    out: FloatArray, z: FloatArray, dominant: NDArray[np.bool_], axis: int
) -> FloatArray:
    r"""Overwrite rows with a non-finite entry by their limits (in place; returns ``out``).

    ``dominant`` marks the entries where :math:`\phi = +\infty`. A single one takes all the
    mass (the limit as that logit grows alone); two or more give nan there (the limit
    depends on how they grow) and 0 elsewhere; any nan makes its row nan.
    """
    count = np.count_nonzero(dominant, axis=axis, keepdims=True)
    nan_row = np.isnan(z).any(axis=axis, keepdims=True)
    limit = np.where(dominant, np.where(count == 1, 1.0, np.nan), 0.0)
    limit = np.where(nan_row, np.nan, limit)
    np.copyto(out, limit.astype(out.dtype, copy=False), where=(count > 0) | nan_row)
    return out


def _quadratic_ratio(w: FloatArray, c: np.floating[Any], axis: int) -> FloatArray:
    r"""``(w_i^2 + c) / sum_j (w_j^2 + c)`` for finite ``w`` and ``c > 0``, without overflow.

    With :math:`s = \max(\max_j |w_j|, \sqrt c)` every term is
    :math:`(w_i/s)^2 + (\sqrt c/s)^2 \le 2`, and the largest is :math:`\ge 1`, so the sum lies
    in :math:`[1, 2n]`. Each term has a relative error of a few ulps.
    """
    root = np.sqrt(c)
    s = np.maximum(np.max(np.abs(w), axis=axis, keepdims=True), root)
    q = w / s
    r = root / s
    g = q * q + r * r
    g /= np.sum(g, axis=axis, keepdims=True)
    return g


def spherical_softmax(z: ArrayLike, axis: int = -1, eps: float = SPHERICAL_EPS) -> FloatArray:
    r"""Spherical softmax: :math:`p_i = (z_i^2 + \varepsilon) / \sum_j (z_j^2 + \varepsilon)`.

    Parameters
    ----------
    z : array_like
        Logits, at least 1-d. Floating dtypes are kept; bool/integer become float64.
    axis : int, optional
        Class axis (default: the last).
    eps : float, optional
        The constant :math:`\varepsilon > 0` (default 0.01, ``SPHERICAL_EPS``; see the
        notes of the module ``derivations.kernels.alternatives`` for why).

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``; every row is a distribution with positive
        entries.

    Raises
    ------
    TypeError
        For non-real dtypes, a non-integer ``axis`` or a non-numeric ``eps``.
    ValueError
        For an empty class axis, or an ``eps`` that is not positive and finite in the dtype
        of ``z``; no samples give an empty result.
    numpy.exceptions.AxisError
        For 0-d input or an out-of-range ``axis`` (a ``ValueError`` too).

    See Also
    --------
    taylor_softmax, softmax, nll

    Notes
    -----
    Proposed by Vincent, de Brébisson & Bouthillier [1]_ and studied by de Brébisson &
    Vincent [2]_: its log-likelihood belongs to the "spherical family", whose gradient updates
    for very large output layers can be computed exactly without touching every output.
    The map is even in each logit, :math:`p(-z) = p(z)`, neither shift nor scale invariant,
    but :math:`p(cz; c^2\varepsilon) = p(z; \varepsilon)`; as :math:`\varepsilon \to 0` it
    tends to :math:`z_i^2 / \lVert z\rVert^2`. Computed as :math:`((z_i/s)^2 + \varepsilon/
    s^2) / \sum_j (\dots)` with :math:`s = \max(\max_j |z_j|, \sqrt\varepsilon)`, so that
    no square overflows (:math:`(10^{200})^2` is ``inf``) and the sum lies in :math:`[1, 2n]`:
    a relative error of a few ulps per entry.

    Non-finite entries: :math:`\phi(\pm\infty) = \infty`, so a single infinite logit (of
    either sign) takes all the mass, two give nan there and 0 elsewhere, and a nan makes its
    row nan.

    References
    ----------
    .. [1] P. Vincent, A. de Brébisson, X. Bouthillier, "Efficient Exact Gradient Update
       for training Deep Networks with Very Large Sparse Targets", NIPS 2015.
       arXiv:1412.7091
    .. [2] A. de Brébisson and P. Vincent, "An Exploration of Softmax Alternatives
       Belonging to the Spherical Loss Family", ICLR 2016. arXiv:1511.05042

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import spherical_softmax
    >>> spherical_softmax([1.0, 2.0], eps=1e-300)  # practically z**2 / sum(z**2)
    array([0.2, 0.8])
    >>> spherical_softmax([-2.0, 1.0], eps=1e-300)  # the sign of a logit is lost
    array([0.8, 0.2])
    >>> spherical_softmax([0.0, 0.0, 1.0])  # phi = [0.01, 0.01, 1.01]
    array([0.00970874, 0.00970874, 0.98058252])

    Squaring first overflows; the kernel does not:

    >>> z = np.array([1e200, 2e200])
    >>> with np.errstate(over="ignore", invalid="ignore"):
    ...     (z**2 + 0.01) / np.sum(z**2 + 0.01)
    array([nan, nan])
    >>> spherical_softmax(z)
    array([0.2, 0.8])
    """
    arr, ax = _prepare(z, axis, "spherical_softmax")
    c = check_eps(eps, arr.dtype, "spherical_softmax")
    w, finite = _finite_part(arr)
    out = _quadratic_ratio(w, c, ax)
    if finite is not None:
        _apply_limits(out, arr, np.isinf(arr), ax)
    return out


def taylor_softmax(z: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Taylor softmax: :math:`p_i = (1 + z_i + z_i^2/2) / \sum_j (1 + z_j + z_j^2/2)`.

    Parameters
    ----------
    z : array_like
        Logits, at least 1-d. Floating dtypes are kept; bool/integer become float64.
    axis : int, optional
        Class axis (default: the last).

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``; every row is a distribution with positive
        entries.

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
    spherical_softmax, softmax, nll

    Notes
    -----
    de Brébisson & Vincent [1]_ replace :math:`e^t` by its second-order Taylor polynomial,
    which is positive for every real :math:`t`, with no constant to choose:

    .. math::

        \phi(t) = 1 + t + \tfrac12 t^2 = \tfrac12\bigl((1 + t)^2 + 1\bigr) \ge \tfrac12.

    The second form is a sum of non-negative terms (no cancellation near :math:`t = -1`,
    where :math:`\phi` is smallest), and it shows that Taylor softmax *is* the spherical
    softmax of :math:`1 + z` with :math:`\varepsilon = 1`; it is computed that way,
    scaled so that no square overflows (a relative error of a few ulps per entry). It is
    neither shift nor scale invariant, and not symmetric: :math:`\phi(t) \approx t^2/2` for
    large :math:`|t|`, so a very negative logit gets a *large* probability, like a very
    positive one (:math:`\phi(-10) = 41 > \phi(5) = 18.5`).

    Non-finite entries: :math:`\phi(\pm\infty) = \infty`, so a single infinite logit (of either
    sign) takes all the mass, two give nan there and 0 elsewhere, and a nan makes its row
    nan.

    References
    ----------
    .. [1] A. de Brébisson and P. Vincent, "An Exploration of Softmax Alternatives
       Belonging to the Spherical Loss Family", ICLR 2016. arXiv:1511.05042

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import taylor_softmax
    >>> taylor_softmax([0.0, 0.0])
    array([0.5, 0.5])
    >>> taylor_softmax([-1.0, 1.0])  # phi = 0.5 and 2.5
    array([0.16666667, 0.83333333])
    >>> taylor_softmax([-10.0, 5.0])  # the sign matters less and less
    array([0.68907563, 0.31092437])
    """
    arr, ax = _prepare(z, axis, "taylor_softmax")
    w, finite = _finite_part(arr)
    out = _quadratic_ratio(1 + w, arr.dtype.type(1), ax)
    if finite is not None:
        _apply_limits(out, arr, np.isinf(arr), ax)
    return out


def _log_softplus(z: FloatArray, axis: int) -> FloatArray:
    r"""Return :math:`\log \mathrm{softplus}(z) - c`, with a constant :math:`c` per row.

    Only differences along ``axis`` matter to a softmax, so each row is shifted by the
    log-softplus of its maximum :math:`M` (or by :math:`M` itself when :math:`M \le 0`),
    and the differences are formed before anything is rounded at the size of the logits:

    * :math:`z \le 0`: with :math:`u = e^z`, :math:`\log \mathrm{softplus}(z) = z +
      \log(\operatorname{log1p}(u)/u)`; the ratio lies in :math:`(\log 2, 1]` and is 1 when
      :math:`u` underflows, so this is finite for every finite :math:`z` (``-1000`` gives
      about ``-1000``, not ``log 0``). The row shift is subtracted from :math:`z` first.
    * :math:`z > 0` (then :math:`M > 0`): :math:`\log(\mathrm{softplus}(z) /
      \mathrm{softplus}(M))`, with :math:`\mathrm{softplus}(z) = z +
      \operatorname{log1p}(e^{-z})` (no overflow) and a ratio in :math:`(0, 1]`.

    Rows with an infinite or nan maximum keep ``+inf``, ``-inf`` and nan and put 0
    elsewhere (their softmax is the documented limit, whatever the finite entries are).
    """
    top = np.max(z, axis=axis, keepdims=True)  # nan for rows with a nan
    finite_top = np.isfinite(top)
    pos_row = finite_top & (top > 0)
    m = np.where(pos_row, top, 1).astype(z.dtype, copy=False)
    sp_top = m + np.log1p(np.exp(-m))  # softplus of a positive maximum (else unused)
    # the row shift c: log softplus(M) for M > 0, M itself for a finite M <= 0
    c = np.where(pos_row, np.log(sp_top), np.where(finite_top, top, 0))
    u = np.exp(-np.abs(z))  # e^{-|z|} in [0, 1]: never overflows
    l1p = np.log1p(u)
    neg = z <= 0
    # z <= 0: h = (z - c) + log(log1p(u)/u);  z > 0: h = log(softplus(z) / softplus(M))
    ratio = np.divide(l1p, u, out=np.ones_like(u), where=u > 0)
    arg = np.where(neg, ratio, (z + l1p) / sp_top)
    out = np.log(arg)
    out += np.where(neg, z - c, 0)
    if not finite_top.all():
        # rows with an infinite or nan maximum: their limits need only the non-finite entries
        out = np.where(finite_top, out, np.where(np.isfinite(z), 0, z))
    return out.astype(z.dtype, copy=False)


def _dlog_softplus(z: FloatArray) -> FloatArray:
    r"""Return the derivative of :func:`_log_softplus`, :math:`\sigma(z)/\mathrm{softplus}(z)`.

    It lies in :math:`(0, 1]`. For :math:`z \le 0`: :math:`1/(\rho (1 + u))` with
    :math:`\rho = \operatorname{log1p}(u)/u` (tends to 1 as :math:`z \to -\infty`); for
    :math:`z > 0`: :math:`1/((1 + e^{-z}) \,\mathrm{softplus}(z))` (tends to 0 like
    :math:`1/z`).
    """
    u = np.exp(-np.abs(z))
    l1p = np.log1p(u)
    neg = z <= 0
    ratio = np.divide(l1p, u, out=np.ones_like(u), where=u > 0)
    denom = np.where(neg, ratio, z + l1p) * (1 + u)
    return 1 / denom


def softplus_normalize(z: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Softplus, then divide: :math:`p_i \propto \mathrm{softplus}(z_i) = \log(1 + e^{z_i})`.

    Parameters
    ----------
    z : array_like
        Logits, at least 1-d. Floating dtypes are kept; bool/integer become float64.
    axis : int, optional
        Class axis (default: the last).

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``; every row is a distribution.

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
    relu_normalize, normalize, softmax, nll

    Notes
    -----
    :math:`\mathrm{softplus}(t) = \log(1 + e^t) > 0` makes any logits positive, after which
    standard normalization (:func:`normalize`) applies. For large :math:`t` it is
    :math:`\approx t`, so the map behaves like :math:`\max(z, 0)/\sum_j \max(z_j, 0)` at
    large scale (it is not scale invariant); for very negative :math:`t` it is
    :math:`\approx e^t`, so the map tends to :func:`softmax` as all logits decrease.

    **Underflow.** In float64 :math:`\mathrm{softplus}(t)` underflows to 0 for
    :math:`t < -745` (float32: :math:`-104`), and a row of such logits would give
    :math:`0/0`. The ratio itself is well defined, so the kernel computes it without ever
    forming :math:`\mathrm{softplus}(t)`: :math:`p = \mathrm{softmax}(\log
    \mathrm{softplus}(z))`, with the log-softplus evaluated as :math:`t + \log(
    \operatorname{log1p}(e^t)/e^t)` for :math:`t \le 0` (finite for every finite
    :math:`t`) and as :math:`\log(t + \operatorname{log1p}(e^{-t}))` for :math:`t > 0`
    (Mächler [1]_). So a row of very negative logits gives the correct, softmax-like
    probabilities, not nan; an entry gets 0 only where its true probability underflows.
    Each row's log-softplus is shifted by that of its maximum (only differences matter to a
    softmax) before anything is rounded at the size of the logits, so the error is that of
    :func:`softmax`: a few ulps times the spread of the log-softplus values, not times their
    size (Blanchard, Higham & Higham [2]_).

    Non-finite entries follow :func:`softmax` of the log-softplus: a single ``+inf`` takes
    all the mass, two give nan there; ``-inf`` gets 0; a row of all ``-inf`` has no limit
    (nan), nor does a row with a nan.

    References
    ----------
    .. [1] M. Mächler, "Accurately Computing log(1 - exp(-\|a\|)), Assessed by the Rmpfr
       package", 2012 (section on log1pexp). https://CRAN.R-project.org/package=Rmpfr
    .. [2] P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp
       and softmax functions", IMA J. Numer. Anal. 41(4), 2021, 2311-2330.
       doi:10.1093/imanum/draa038

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import softplus_normalize, softmax
    >>> softplus_normalize([0.0, 0.0, 0.0])
    array([0.33333333, 0.33333333, 0.33333333])
    >>> softplus_normalize([-2.0, 10.0])
    array([0.01253366, 0.98746634])

    Where softplus underflows, the ratio is still computed (here it is softmax):

    >>> z = np.array([-1000.0, -1001.0])
    >>> sp = np.log1p(np.exp(z))
    >>> sp
    array([0., 0.])
    >>> softplus_normalize(z), softmax(z)
    (array([0.73105858, 0.26894142]), array([0.73105858, 0.26894142]))
    """
    arr, ax = _prepare(z, axis, "softplus_normalize")
    return softmax(_log_softplus(arr, ax), axis=ax)


def relu_normalize(z: ArrayLike, axis: int = -1, eps: float = RELU_EPS) -> FloatArray:
    r"""ReLU, then divide: :math:`p_i \propto \max(z_i, 0) + \varepsilon`.

    Parameters
    ----------
    z : array_like
        Logits, at least 1-d. Floating dtypes are kept; bool/integer become float64.
    axis : int, optional
        Class axis (default: the last).
    eps : float, optional
        The constant :math:`\varepsilon > 0` (default 0.01, ``RELU_EPS``; see the notes of
        the module ``derivations.kernels.alternatives`` for why).

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``; every row is a distribution with positive
        entries.

    Raises
    ------
    TypeError
        For non-real dtypes, a non-integer ``axis`` or a non-numeric ``eps``.
    ValueError
        For an empty class axis, or an ``eps`` that is not positive and finite in the dtype
        of ``z``; no samples give an empty result.
    numpy.exceptions.AxisError
        For 0-d input or an out-of-range ``axis`` (a ``ValueError`` too).

    See Also
    --------
    softplus_normalize, normalize, softmax, nll

    Notes
    -----
    The rectifier [1]_ makes any logits non-negative and :math:`\varepsilon` makes them
    positive, after which standard normalization (:func:`normalize`) applies. Every
    non-positive logit gets the same, smallest probability :math:`\varepsilon/\sum_j
    \phi(z_j)`, and its gradient is 0 there: a true class with a negative logit cannot be
    pulled up through its own logit. The map is positively homogeneous in
    :math:`(z, \varepsilon)`: :math:`p(cz; c\varepsilon) = p(z; \varepsilon)` for
    :math:`c > 0`; it is not shift invariant. Computed as :math:`(\max(z_i,0)/M +
    \varepsilon/M) / \sum_j (\dots)` with :math:`M = \max(\max_j z_j, \varepsilon)`, so the
    sum lies in :math:`[1, 2n]` and cannot overflow: a few ulps per entry.

    Non-finite entries: ``-inf`` is rectified to 0 (it gets :math:`\varepsilon`); a single
    ``+inf`` takes all the mass, two give nan there and 0 elsewhere; nan makes its row nan.

    References
    ----------
    .. [1] V. Nair and G. E. Hinton, "Rectified Linear Units Improve Restricted Boltzmann
       Machines", Proc. ICML 2010, 807-814.

    Examples
    --------
    >>> import numpy as np
    >>> from derivations import relu_normalize
    >>> relu_normalize([1.0, 3.0], eps=1e-300)  # practically normalize([1, 3])
    array([0.25, 0.75])
    >>> relu_normalize([-5.0, -1.0, 0.0])  # all non-positive: uniform
    array([0.33333333, 0.33333333, 0.33333333])
    >>> relu_normalize([-5.0, 1.0])  # phi = [0.01, 1.01]
    array([0.00980392, 0.99019608])
    """
    arr, ax = _prepare(z, axis, "relu_normalize")
    c = check_eps(eps, arr.dtype, "relu_normalize")
    w, finite = _finite_part(arr)
    r = np.maximum(w, 0)
    scale = np.maximum(np.max(r, axis=ax, keepdims=True), c)
    out = r / scale
    out += c / scale
    out /= np.sum(out, axis=ax, keepdims=True)
    if finite is not None:
        _apply_limits(out, arr, arr == np.inf, ax)
    return out
