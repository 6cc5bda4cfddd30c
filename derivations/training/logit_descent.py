r"""Gradient descent on the logits themselves, from a confidently wrong start.

No model, no data: the logits :math:`z` are the parameters, the true class is
fixed, and each step is :math:`z \leftarrow z - \eta\,\nabla_z L`. This isolates
what the loss does to a wrong, saturated softmax: cross-entropy's gradient
:math:`s - y` stays near constant size, while the MSE-on-softmax gradient
:math:`J(s - y)` is exponentially small in the margin :math:`t` (derived on the pages
``likelihood``, ``mse`` and ``wrong-model``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import finite_float, float_array, loss_name, nonnegative_int, positive_float
from .losses import loss_kernels


@dataclass(frozen=True)
class LogitTrajectory:
    r"""History of gradient descent on one vector of logits.

    Arrays indexed by step have length ``steps + 1`` (index 0 is the start).

    Attributes
    ----------
    loss_name : str
        ``"cross_entropy"`` or ``"mse_on_softmax"``.
    label : int
        The true class.
    learning_rate : float
        Step size :math:`\eta`.
    step : numpy.ndarray
        ``0, 1, ..., steps``.
    logits : numpy.ndarray, shape (steps + 1, n_classes)
        The logits at each step.
    margin : numpy.ndarray
        The site's margin :math:`t = \max_{j \ne k} z_j - z_k` for the true class :math:`k`
        at each step; positive means wrong, negative means right.
    loss : numpy.ndarray
        The loss at each step.
    grad_norm : numpy.ndarray
        Euclidean norm of :math:`\nabla_z L` at each step.
    steps_to_correct : int or None
        First step with a negative margin (the model right), or ``None`` if none within the
        budget.
    """

    loss_name: str
    label: int
    learning_rate: float
    step: np.ndarray
    logits: np.ndarray
    margin: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    steps_to_correct: int | None


@dataclass(frozen=True)
class TrajectoryComparison:
    """Cross-entropy and MSE-on-softmax runs from the same start.

    Attributes
    ----------
    cross_entropy, mse_on_softmax : LogitTrajectory
        The two runs, same start, learning rate and budget.
    """

    cross_entropy: LogitTrajectory
    mse_on_softmax: LogitTrajectory


def logit_margin(z: np.ndarray, label: int) -> np.ndarray:
    r"""Return the margin :math:`t = \max_{j \ne k} z_j - z_k` for the true class ``label``.

    How far the best wrong logit is ahead of the true one, the site's :math:`t`: positive where
    the model is wrong, negative where the true class wins outright.

    Parameters
    ----------
    z : array_like, shape (..., n_classes)
        Logits, classes on the last axis, ``n_classes >= 2``.
    label : int
        The true class.

    Returns
    -------
    numpy.ndarray, shape z.shape[:-1]
        :math:`t` per row; negative where the true class wins outright.

    Raises
    ------
    ValueError
        If there are fewer than two classes or ``label`` is out of range.

    Examples
    --------
    >>> logit_margin([[0.0, 8.0, 1.0], [3.0, 1.0, 2.5]], 0)
    array([ 8. , -0.5])
    """
    func = "logit_margin"
    zz = np.asarray(z, dtype=np.float64)
    if zz.ndim < 1 or zz.shape[-1] < 2:
        raise ValueError(f"{func}: z needs at least two classes on its last axis, got {zz.shape}")
    lab = nonnegative_int(label, "label", func)
    if lab >= zz.shape[-1]:
        raise ValueError(f"{func}: label {lab} out of range for {zz.shape[-1]} classes")
    others = np.delete(zz, lab, axis=-1)
    return others.max(axis=-1) - zz[..., lab]


def descend_logits(
    z0: np.ndarray,
    label: int,
    loss: str,
    learning_rate: float = 1.0,
    steps: int = 1000,
) -> LogitTrajectory:
    r"""Run plain gradient descent on the logits under one loss.

    Parameters
    ----------
    z0 : array_like, shape (n_classes,)
        Starting logits, ``n_classes >= 2``.
    label : int
        The true class.
    loss : {"cross_entropy", "mse_on_softmax"}
        The loss to descend (kernels from :mod:`derivations`).
    learning_rate : float, default 1.0
        Step size :math:`\eta > 0`.
    steps : int, default 1000
        Number of gradient steps.

    Returns
    -------
    LogitTrajectory
        Per-step logits, margin :math:`t`, loss and gradient norm, and the first step
        at which the margin is negative (the model right).

    Raises
    ------
    ValueError
        For a bad ``z0``, ``label``, ``loss``, non-positive ``learning_rate`` or
        negative ``steps``.

    Examples
    --------
    >>> t = descend_logits([0.0, 8.0], 0, "cross_entropy", learning_rate=1.0, steps=20)
    >>> t.steps_to_correct
    5
    >>> float(t.grad_norm[0]) > 1.4  # about sqrt(2): near-constant, not vanishing
    True
    """
    func = "descend_logits"
    z = float_array(z0, "z0", func, ndim=1)
    if z.size < 2:
        raise ValueError(f"{func}: z0 needs at least two logits, got {z.size}")
    lab = nonnegative_int(label, "label", func)
    if lab >= z.size:
        raise ValueError(f"{func}: label {lab} out of range for {z.size} classes")
    name = loss_name(loss, func)
    eta = positive_float(learning_rate, "learning_rate", func)
    n = nonnegative_int(steps, "steps", func)
    kern = loss_kernels(name)
    y = np.array([lab])
    logits = np.empty((n + 1, z.size))
    norms = np.empty(n + 1)
    for k in range(n + 1):  # sequential: each step needs the previous one
        g = kern.grad(z[None, :], y)[0]
        logits[k] = z
        norms[k] = np.linalg.norm(g)
        z = z - eta * g
    losses = kern.loss(logits, np.full(n + 1, lab))  # one batched call for all steps
    margins = logit_margin(logits, lab)
    right = np.flatnonzero(margins < 0)
    return LogitTrajectory(
        loss_name=name,
        label=lab,
        learning_rate=eta,
        step=np.arange(n + 1),
        logits=logits,
        margin=margins,
        loss=losses,
        grad_norm=norms,
        steps_to_correct=int(right[0]) if right.size else None,
    )


def wrong_start_trajectories(
    margin: float = 8.0,
    n_classes: int = 2,
    learning_rate: float = 1.0,
    steps: int = 1000,
) -> TrajectoryComparison:
    r"""Descend both losses from the same confidently wrong logits.

    The true class is the first (index 0 in code). The start has :math:`z_1 = 0`,
    :math:`z_2 = t` (``margin``) and every other logit 0, so the true class trails the second
    class by the site's margin :math:`t`.

    Parameters
    ----------
    margin : float, default 8.0
        The starting margin :math:`t = \max_{j \ne k} z_j - z_k`; positive means wrong.
    n_classes : int, default 2
        Number of classes (at least 2).
    learning_rate : float, default 1.0
        The same step size for both losses.
    steps : int, default 1000
        Gradient-step budget for each loss.

    Returns
    -------
    TrajectoryComparison
        ``.cross_entropy`` and ``.mse_on_softmax``.

    Raises
    ------
    ValueError
        For a non-finite margin, fewer than two classes, non-positive learning
        rate or negative steps.

    Examples
    --------
    >>> cmp = wrong_start_trajectories(margin=8.0, steps=50)
    >>> cmp.cross_entropy.steps_to_correct
    5
    >>> cmp.mse_on_softmax.steps_to_correct is None  # still wrong after 50 steps
    True
    """
    func = "wrong_start_trajectories"
    d = finite_float(margin, "margin", func)
    n = nonnegative_int(n_classes, "n_classes", func)
    if n < 2:
        raise ValueError(f"{func}: n_classes must be at least 2, got {n}")
    z0 = np.zeros(n)
    z0[1] = d
    return TrajectoryComparison(
        cross_entropy=descend_logits(z0, 0, "cross_entropy", learning_rate, steps),
        mse_on_softmax=descend_logits(z0, 0, "mse_on_softmax", learning_rate, steps),
    )
