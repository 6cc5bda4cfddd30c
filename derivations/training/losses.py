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
    """A per-sample loss on logits and its gradient with respect to the logits.

    Any pair with the kernels' conventions works (``loss(z, labels)`` per sample, ``grad(z,
    labels)`` of the shape of ``z``), so a simulation can train with a loss of its own.
    """

    loss: Kernel
    grad: Kernel
    name: str = "custom"


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
    >>> k.name
    'cross_entropy'
    >>> k.grad(np.array([[0.0, 0.0]]), np.array([0]))
    array([[-0.5,  0.5]])
    """
    loss_name(loss, "loss_kernels")
    # Looked up at call time so the kernels are always the package's current ones.
    if loss == "cross_entropy":
        return LossKernels(derivations.cross_entropy, derivations.cross_entropy_grad, loss)
    return LossKernels(derivations.mse_on_softmax, derivations.mse_on_softmax_grad, loss)


def resolve_loss(loss: str | LossKernels, func: str) -> LossKernels:
    """Return the kernels of a loss given by name, or the given pair itself.

    Parameters
    ----------
    loss : str or LossKernels
        ``"cross_entropy"``, ``"mse_on_softmax"``, or a loss and its logit gradient.
    func : str
        The caller's name, for the error message.

    Returns
    -------
    LossKernels
        The kernels.

    Raises
    ------
    ValueError
        If ``loss`` is an unknown name.
    TypeError
        If ``loss`` is neither a name nor a :class:`LossKernels`, or its kernels are not
        callable.

    Examples
    --------
    >>> resolve_loss("cross_entropy", "example").name
    'cross_entropy'
    >>> own = LossKernels(derivations.cross_entropy, derivations.cross_entropy_grad, "mine")
    >>> resolve_loss(own, "example") is own
    True
    """
    if isinstance(loss, LossKernels):
        if not (callable(loss.loss) and callable(loss.grad)):
            raise TypeError(f"{func}: a LossKernels' loss and grad must be callable")
        return loss
    if not isinstance(loss, str):
        raise TypeError(f"{func}: loss must be a name or a LossKernels, got {type(loss).__name__}")
    return loss_kernels(loss_name(loss, func))
