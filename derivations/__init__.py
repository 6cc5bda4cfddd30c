"""NumPy functions for softmax, cross-entropy and their gradients, and for the alternatives.

Each works along the class axis (the last one by default) with any leading batch shape; integer
class labels run ``0, ..., n - 1``. The SymPy derivations behind the pages are in
:mod:`derivations.symbolic`, imported on demand.
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
