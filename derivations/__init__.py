"""Why Softmax in Python: softmax, cross-entropy, their gradients and the alternatives, in NumPy.

These functions (classes on the last axis, any leading batch shape; integer class labels
``0, ..., n - 1``) are imported from here. The SymPy derivations behind the pages are in
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
