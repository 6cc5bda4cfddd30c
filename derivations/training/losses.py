"""Look up a classification loss and its logit gradient by name.

The kernels themselves live in :mod:`derivations`; this module only lets the
simulations take ``loss="cross_entropy"`` or ``loss="mse_on_softmax"``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

import derivations

from ._checks import loss_name

Kernel = Callable[[np.ndarray, np.ndarray], np.ndarray]


class LossKernels(NamedTuple):
    """A per-sample loss on logits and its gradient with respect to the logits."""

    loss: Kernel
    grad: Kernel


def loss_kernels(loss: str) -> LossKernels:
    r"""Return the loss and logit-gradient kernels named ``loss``.

    Parameters
    ----------
    loss : {"cross_entropy", "mse_on_softmax"}
        ``"cross_entropy"`` is :func:`derivations.cross_entropy`;
        ``"mse_on_softmax"`` is :func:`derivations.mse_on_softmax`,
        :math:`\tfrac12\lVert \mathrm{softmax}(z) - y\rVert^2`.

    Returns
    -------
    LossKernels
        ``(loss, grad)``: per-sample loss and its gradient w.r.t. the logits.

    Raises
    ------
    ValueError
        If ``loss`` is not one of the two names.

    Examples
    --------
    >>> import numpy as np
    >>> k = loss_kernels("cross_entropy")
    >>> k.grad(np.array([[0.0, 0.0]]), np.array([0]))
    array([[-0.5,  0.5]])
    """
    loss_name(loss, "loss_kernels")
    # Looked up at call time so the kernels are always the package's current ones.
    if loss == "cross_entropy":
        return LossKernels(derivations.cross_entropy, derivations.cross_entropy_grad)
    return LossKernels(derivations.mse_on_softmax, derivations.mse_on_softmax_grad)
