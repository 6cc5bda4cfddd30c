r"""Multinomial logistic (softmax) regression trained by full-batch gradient descent.

The model is :math:`Z = XW + \mathbf 1 b^\top` with the loss averaged over the
:math:`N` samples. The gradients with respect to the parameters follow from the
kernels' gradient :math:`G = \partial L/\partial Z` (one row per sample) by the chain
rule: :math:`\nabla_W = X^\top G / N` and :math:`\nabla_b = G^\top \mathbf 1 / N`.

Several learning rates are trained at once: the parameters carry a leading
learning-rate axis, so one NumPy call per epoch serves the whole grid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import float_array, nonnegative_int
from .losses import LossKernels, resolve_loss


@dataclass(frozen=True)
class LearningCurves:
    """Per-epoch history of softmax regression, one row per learning rate.

    Arrays indexed by epoch have ``epochs + 1`` columns; column 0 is the start.

    Attributes
    ----------
    loss_name : str
        ``"cross_entropy"``, ``"mse_on_softmax"``, or the name of a loss passed as kernels.
    learning_rates : numpy.ndarray, shape (n_rates,)
        The step sizes, one per row.
    epoch : numpy.ndarray, shape (epochs + 1,)
        ``0, 1, ..., epochs``.
    train_loss : numpy.ndarray, shape (n_rates, epochs + 1)
        Mean training loss.
    accuracy : dict of str to numpy.ndarray, each of shape (n_rates, epochs + 1)
        Fraction of samples whose largest logit is the true class: key
        ``"train"`` for the training data, plus one key per evaluation set.
    W : numpy.ndarray, shape (n_rates, n_features, n_classes)
        Final weights.
    b : numpy.ndarray, shape (n_rates, n_classes)
        Final biases.
    """

    loss_name: str
    learning_rates: np.ndarray
    epoch: np.ndarray
    train_loss: np.ndarray
    accuracy: dict[str, np.ndarray]
    W: np.ndarray
    b: np.ndarray


def _check_data(
    X: object, y: object, func: str, n_features: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    XX = float_array(X, "X", func, ndim=2)
    yy = np.asarray(y)
    if not np.issubdtype(yy.dtype, np.integer):
        raise TypeError(f"{func}: labels must be integers, got dtype {yy.dtype}")
    if yy.shape != (XX.shape[0],):
        raise ValueError(f"{func}: labels must have shape ({XX.shape[0]},), got {yy.shape}")
    if n_features is not None and XX.shape[1] != n_features:
        raise ValueError(f"{func}: X has {XX.shape[1]} features, the weights expect {n_features}")
    return XX, yy.astype(np.int64)


def _check_params(W: object, b: object, func: str) -> tuple[np.ndarray, np.ndarray]:
    WW = float_array(W, "W", func, ndim=2)
    bb = float_array(b, "b", func, ndim=1)
    if bb.shape != (WW.shape[1],):
        raise ValueError(f"{func}: b must have shape ({WW.shape[1]},), got {bb.shape}")
    if WW.shape[1] < 2:
        raise ValueError(f"{func}: need at least two classes, got {WW.shape[1]}")
    return WW, bb


def _check_labels(y: np.ndarray, n_classes: int, func: str) -> None:
    if y.min() < 0 or y.max() >= n_classes:
        raise ValueError(f"{func}: labels must lie in [0, {n_classes}), got {y.min()}..{y.max()}")


def _loss_and_grads(
    X: np.ndarray, Y: np.ndarray, W: np.ndarray, b: np.ndarray, kern: LossKernels
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mean loss, dL/dW, dL/db and the logits, for a stack of parameters.

    ``W`` is (L, F, C), ``b`` is (L, C), ``Y`` is labels broadcast to (L, m).
    """
    m = X.shape[0]
    Z = X @ W + b[:, None, :]  # (L, m, C)
    G = kern.grad(Z, Y) / m  # dL/dZ of the *mean* loss
    grad_W = X.T @ G  # (F, m) @ (L, m, C) -> (L, F, C)
    grad_b = G.sum(axis=1)
    return kern.loss(Z, Y).mean(axis=1), grad_W, grad_b, Z


def softmax_regression_loss_and_grad(
    X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray, loss: str | LossKernels
) -> tuple[float, np.ndarray, np.ndarray]:
    r"""Mean loss of softmax regression and its gradient w.r.t. ``W`` and ``b``.

    Parameters
    ----------
    X : array_like, shape (N, n_features)
        Inputs, one sample per row.
    y : array_like of int, shape (N,)
        True classes.
    W : array_like, shape (n_features, n_classes)
        Weights.
    b : array_like, shape (n_classes,)
        Biases.
    loss : {"cross_entropy", "mse_on_softmax"} or LossKernels
        The per-sample loss on the logits :math:`z = W^\top x + b`, by name, or any loss and
        its logit gradient.

    Returns
    -------
    tuple
        ``(mean_loss, grad_W, grad_b)`` with the shapes of ``W`` and ``b``.

    Raises
    ------
    ValueError
        For mismatched shapes, labels out of range or an unknown loss.
    TypeError
        For non-numeric arrays or non-integer labels.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]])
    >>> value, gW, gb = softmax_regression_loss_and_grad(
    ...     X, np.array([0, 1, 2]), np.zeros((2, 3)), np.zeros(3), "cross_entropy"
    ... )
    >>> round(value, 6) == round(float(np.log(3)), 6)  # uniform softmax
    True
    >>> gW.shape, gb.shape
    ((2, 3), (3,))
    """
    func = "softmax_regression_loss_and_grad"
    WW, bb = _check_params(W, b, func)
    XX, yy = _check_data(X, y, func, n_features=WW.shape[0])
    _check_labels(yy, WW.shape[1], func)
    kern = resolve_loss(loss, func)
    value, gW, gb, _ = _loss_and_grads(XX, yy[None, :], WW[None], bb[None], kern)
    return float(value[0]), gW[0], gb[0]


def train_softmax_regression(
    X: np.ndarray,
    y: np.ndarray,
    W0: np.ndarray,
    b0: np.ndarray,
    loss: str | LossKernels,
    learning_rates: Sequence[float] | np.ndarray,
    epochs: int,
    eval_sets: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> LearningCurves:
    r"""Train softmax regression by full-batch gradient descent, for each learning rate.

    Every learning rate starts from the same ``(W0, b0)``; each epoch is one
    step :math:`\theta \leftarrow \theta - \eta \nabla_\theta \bar L` on the mean loss.

    Parameters
    ----------
    X : array_like, shape (N, n_features)
        Training inputs.
    y : array_like of int, shape (N,)
        Training classes.
    W0 : array_like, shape (n_features, n_classes)
        Initial weights.
    b0 : array_like, shape (n_classes,)
        Initial biases.
    loss : {"cross_entropy", "mse_on_softmax"} or LossKernels
        The loss to descend, by name, or any loss and its logit gradient
        (:class:`~derivations.training.losses.LossKernels`).
    learning_rates : sequence of float
        One or more positive step sizes, trained side by side.
    epochs : int
        Number of gradient steps (non-negative).
    eval_sets : mapping of str to (X, y), optional
        Held-out data sets, e.g. ``{"test": (X_test, y_test)}``, used only to
        report accuracy (never for the updates). The name ``"train"`` is reserved.

    Returns
    -------
    LearningCurves
        Per-epoch loss and accuracies, one row per learning rate.

    Raises
    ------
    ValueError
        For mismatched shapes, labels out of range, an unknown loss, an empty or
        non-positive learning-rate list, or negative epochs.
    TypeError
        For non-numeric arrays or non-integer labels.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
    >>> y = np.array([0, 1, 2])
    >>> c = train_softmax_regression(
    ...     X, y, np.zeros((2, 3)), np.zeros(3), "cross_entropy", [0.5, 1.0], epochs=50
    ... )
    >>> c.train_loss.shape
    (2, 51)
    >>> c.accuracy["train"][:, -1]
    array([1., 1.])
    """
    func = "train_softmax_regression"
    WW, bb = _check_params(W0, b0, func)
    XX, yy = _check_data(X, y, func, n_features=WW.shape[0])
    n_classes = WW.shape[1]
    _check_labels(yy, n_classes, func)
    sets = {"train": (XX, yy)}
    for name, pair in (eval_sets or {}).items():
        if name in sets:
            raise ValueError(f"{func}: evaluation set name {name!r} is reserved")
        Xe, ye = _check_data(pair[0], pair[1], func, n_features=WW.shape[0])
        _check_labels(ye, n_classes, func)
        sets[name] = (Xe, ye)
    etas = float_array(learning_rates, "learning_rates", func, ndim=1)
    if np.any(etas <= 0):
        raise ValueError(f"{func}: learning_rates must be positive, got {etas}")
    n_epochs = nonnegative_int(epochs, "epochs", func)
    kern = resolve_loss(loss, func)

    n_rates = etas.size
    W = np.repeat(WW[None], n_rates, axis=0)
    b = np.repeat(bb[None], n_rates, axis=0)
    Y = np.repeat(yy[None], n_rates, axis=0)  # labels for every row of the stack
    train_loss = np.empty((n_rates, n_epochs + 1))
    accuracy = {name: np.empty((n_rates, n_epochs + 1)) for name in sets}
    for e in range(n_epochs + 1):  # epochs are sequential; everything inside is vectorised
        value, grad_W, grad_b, Z = _loss_and_grads(XX, Y, W, b, kern)
        train_loss[:, e] = value
        accuracy["train"][:, e] = (Z.argmax(axis=-1) == yy).mean(axis=1)
        for name, (Xe, ye) in sets.items():
            if name != "train":
                accuracy[name][:, e] = ((Xe @ W + b[:, None, :]).argmax(axis=-1) == ye).mean(axis=1)
        if e < n_epochs:
            W = W - etas[:, None, None] * grad_W
            b = b - etas[:, None] * grad_b
    return LearningCurves(
        loss_name=kern.name,
        learning_rates=etas,
        epoch=np.arange(n_epochs + 1),
        train_loss=train_loss,
        accuracy=accuracy,
        W=W,
        b=b,
    )
