"""Numeric kernels: stable softmax, log-softmax, log-sum-exp, losses and gradients.

Vectorised NumPy, classes on the last axis (or ``axis``), any leading batch shape.
"""

from .losses import cross_entropy, cross_entropy_grad, mse_on_softmax, mse_on_softmax_grad
from .normalize import normalize
from .sigmoid import sigmoid
from .softmax import log_softmax, logsumexp, softmax

__all__ = [
    "cross_entropy",
    "cross_entropy_grad",
    "log_softmax",
    "logsumexp",
    "mse_on_softmax",
    "mse_on_softmax_grad",
    "normalize",
    "sigmoid",
    "softmax",
]
