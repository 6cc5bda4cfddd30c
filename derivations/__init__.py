"""Why Softmax: executable derivations and the numeric kernels they are checked against.

The public numeric API (NumPy, classes on the last axis, any leading batch shape) is
re-exported here. Subpackages such as :mod:`derivations.symbolic` are imported on demand.
"""

from .kernels import (
    cross_entropy,
    cross_entropy_grad,
    log_softmax,
    logsumexp,
    mse_on_softmax,
    mse_on_softmax_grad,
    nll,
    nll_grad,
    normalize,
    relu_normalize,
    sigmoid,
    softmax,
    softplus_normalize,
    sparsemax,
    sparsemax_loss,
    sparsemax_loss_grad,
    spherical_softmax,
    taylor_softmax,
)

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
