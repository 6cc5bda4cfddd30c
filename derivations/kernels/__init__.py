"""NumPy kernels: stable softmax, log-softmax, log-sum-exp, losses, and softmax's alternatives.

Vectorised NumPy (no Python loops over samples or classes); classes on the last axis (or
``axis``), any leading batch shape, a single 1-d ``z`` being one sample.

Conventions shared by every kernel:

* **dtypes** -- real floating inputs (float16/32/64, longdouble) keep their dtype and are
  computed in it (except :func:`sparsemax`, which computes float16 in float32: its
  cumulative sums would lose about ``n`` ulps); bool and integer inputs become float64;
  complex, string, object and other non-real dtypes raise ``TypeError`` (softmax needs
  ordered, real logits).
* **targets** -- ``y`` is integer class labels of shape ``z.shape[:-1]`` or target
  distributions of shape ``z.shape`` (non-negative, finite, each row summing to 1 within
  ``sqrt(eps)`` of the dtype of ``y``; integer targets exactly). Losses are per sample.
* **non-finite logits** -- limits where they exist, nan otherwise: ``softmax([inf, 0])`` is
  ``[1, 0]``; two ``+inf`` in a row give nan at those entries; a row of ``-inf`` gives a nan
  softmax and a ``-inf`` log-sum-exp; any nan makes its row nan. No warnings are emitted.
* **empty batches** -- as in ``scipy.special``: no samples (a batch axis of length 0) give an
  empty result of the right shape and dtype. No classes (an empty class axis) is an error:
  there is no distribution over nothing.
* **errors** -- bad input raises ``ValueError``/``TypeError`` whose message starts with the
  public function's name; an out-of-range ``axis`` (or a 0-d input, which has no class
  axis) raises NumPy's ``AxisError`` (a ``ValueError``), as NumPy and SciPy do.

Modules: :mod:`.validation` (input checks), :mod:`.softmax` (softmax, log_softmax,
logsumexp), :mod:`.losses` (cross-entropy and MSE-on-softmax with gradients),
:mod:`.normalize` (``x / sum(x)``), :mod:`.sigmoid`; the alternatives to softmax:
:mod:`.sparsemax` (sparsemax and its loss), :mod:`.alternatives` (spherical and Taylor
softmax, softplus- and ReLU-then-normalize) and :mod:`.nll` (the negative log-likelihood of
every mapping, with its gradient).
"""

from .alternatives import relu_normalize, softplus_normalize, spherical_softmax, taylor_softmax
from .losses import cross_entropy, cross_entropy_grad, mse_on_softmax, mse_on_softmax_grad
from .nll import nll, nll_grad
from .normalize import normalize
from .sigmoid import sigmoid
from .softmax import log_softmax, logsumexp, softmax
from .sparsemax import sparsemax, sparsemax_loss, sparsemax_loss_grad

__all__ = [
    "cross_entropy",
    "cross_entropy_grad",
    "log_softmax",
    "logsumexp",
    "mse_on_softmax",
    "mse_on_softmax_grad",
    "nll",
    "nll_grad",
    "normalize",
    "relu_normalize",
    "sigmoid",
    "softmax",
    "softplus_normalize",
    "sparsemax",
    "sparsemax_loss",
    "sparsemax_loss_grad",
    "spherical_softmax",
    "taylor_softmax",
]
