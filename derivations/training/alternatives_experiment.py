r"""The digits experiment extended: every alternative to softmax, with its natural loss.

The experiment of :mod:`~derivations.training.digits_experiment` trains a softmax classifier
on the 8x8 digits by cross-entropy, from a confidently wrong start and from a small random
start. Here the same linear model :math:`z = W^\top \mathbf{x} + b` is trained with each
mapping from logits to probabilities, each with its natural loss:

* ``"softmax"``, ``"softplus"``, ``"relu"``, ``"spherical"``, ``"taylor"``: the negative
  log-likelihood :math:`-\log q_k` of the mapping (:func:`derivations.nll`, gradient
  :func:`derivations.nll_grad`);
* ``"sparsemax"``: the sparsemax loss of Martins & Astudillo (:func:`derivations.sparsemax_loss`,
  gradient :func:`derivations.sparsemax_loss_grad`), since sparsemax gives probabilities of
  exactly zero and so has no finite log-likelihood.

Everything else is the digits experiment's protocol, reused from its module: the same number of
epochs (the digits experiment's ``DEFAULT_EPOCHS``), the same data split
(:func:`~derivations.training.digits_data.load_digits_split`), the same two starts
(:func:`~derivations.training.digits_experiment.confidently_wrong_start`,
:func:`~derivations.training.digits_experiment.small_random_start`), the same learning-rate
grid and the same rule for choosing a rate
(:func:`~derivations.training.digits_experiment.choose_learning_rate`: best final validation
accuracy; the test images are never used for a choice). A sample counts as classified
correctly when its true class gets the largest *probability* under the mapping (for spherical
and Taylor softmax that is not always the largest logit; ties go to the first class). So the
softmax runs here are the digits experiment's cross-entropy runs, and report the same rates,
epochs and accuracies.

The loop of :func:`~derivations.training.softmax_regression.train_softmax_regression` takes
only its two losses by name, so :func:`train_mapping` is a small loop of the same kind that
takes any mapping; like that one, it trains every rate of the grid at once (the parameters
carry a leading learning-rate axis). The run is seeded and deterministic;
:func:`run_alternatives_experiment` keeps its result for the process, so a page and its checks
compute it once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

import derivations

from ._checks import float_array, nonnegative_int, positive_float
from .digits_data import DigitsSplit, load_digits_split
from .digits_experiment import (
    DEFAULT_EPOCHS,
    DEFAULT_INIT_STD,
    DEFAULT_LEARNING_RATES,
    DEFAULT_WRONG_SCALE,
    choose_learning_rate,
    confidently_wrong_start,
    first_epoch_reaching,
    small_random_start,
)

__all__ = [
    "ALTERNATIVES_EPOCHS",
    "JITTERED",
    "MAPPINGS",
    "STARTS",
    "AlternativesExperiment",
    "MappingCurves",
    "MappingKernels",
    "MappingRun",
    "mapping_kernels",
    "run_alternatives_experiment",
    "train_mapping",
]

#: The mappings, softmax first (the reference).
MAPPINGS = ("softmax", "softplus", "relu", "spherical", "taylor", "sparsemax")
#: The two starts of the digits experiment, in the order the page reports them.
STARTS = ("confidently_wrong", "small_random")
#: The confidently wrong start with the small random start's weights added: rerun for the
#: mappings that cannot move at all from the exact start (see :func:`run_alternatives_experiment`).
JITTERED = "confidently_wrong_jittered"
#: Full-batch epochs per run: the digits experiment's, so that both pages report one protocol.
ALTERNATIVES_EPOCHS = DEFAULT_EPOCHS

Kernel = Callable[[np.ndarray, np.ndarray], np.ndarray]


class MappingKernels(NamedTuple):
    r"""A mapping's probabilities, its natural per-sample loss and that loss's logit gradient.

    ``score`` orders each row's classes as the probabilities do, and is cheaper: the
    prediction is its argmax (for :math:`q_i \propto \phi(z_i)`, a function increasing in
    :math:`\phi(z_i)`; for sparsemax, which keeps the logits' order, the logits).
    """

    probabilities: Callable[[np.ndarray], np.ndarray]
    loss: Kernel
    grad: Kernel
    score: Callable[[np.ndarray], np.ndarray]


def mapping_kernels(mapping: str) -> MappingKernels:
    r"""Return the package kernels of a mapping and of its natural loss.

    Parameters
    ----------
    mapping : {"softmax", "softplus", "relu", "spherical", "taylor", "sparsemax"}
        The map from logits to probabilities.

    Returns
    -------
    MappingKernels
        ``(probabilities, loss, grad, score)``: e.g. :func:`derivations.taylor_softmax` with
        :func:`derivations.nll` and :func:`derivations.nll_grad` at ``mapping="taylor"``;
        for ``"sparsemax"``, :func:`derivations.sparsemax` with
        :func:`derivations.sparsemax_loss` and :func:`derivations.sparsemax_loss_grad`.

    Raises
    ------
    ValueError
        For a name not in :data:`MAPPINGS`.

    Examples
    --------
    >>> import numpy as np
    >>> k = mapping_kernels("taylor")
    >>> k.probabilities(np.array([[-1.0, 1.0]]))  # g = 1/2 and 5/2
    array([[0.16666667, 0.83333333]])
    >>> k.grad(np.array([[0.0, 0.0]]), np.array([0]))
    array([[-0.5,  0.5]])
    """
    if mapping not in MAPPINGS:
        raise ValueError(f"mapping_kernels: mapping must be one of {MAPPINGS}, got {mapping!r}")
    if mapping == "sparsemax":
        return MappingKernels(
            derivations.sparsemax,
            derivations.sparsemax_loss,
            derivations.sparsemax_loss_grad,
            _SCORES["sparsemax"],
        )
    probabilities = {
        "softmax": derivations.softmax,
        "softplus": derivations.softplus_normalize,
        "relu": derivations.relu_normalize,
        "spherical": derivations.spherical_softmax,
        "taylor": derivations.taylor_softmax,
    }[mapping]

    def loss(z: np.ndarray, y: np.ndarray) -> np.ndarray:
        return derivations.nll(z, y, mapping)

    def grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
        return derivations.nll_grad(z, y, mapping)

    return MappingKernels(probabilities, loss, grad, _SCORES[mapping])


def _identity(z: np.ndarray) -> np.ndarray:
    return z


#: Increasing in phi(z) (softmax, softplus: g is increasing; ReLU: max(z, 0) + eps; spherical:
#: z^2 + eps; Taylor: ((1 + z)^2 + 1)/2), and sparsemax's order, which is the logits'.
_SCORES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "softmax": _identity,
    "softplus": _identity,
    "relu": lambda z: np.maximum(z, 0),
    "spherical": np.square,
    "taylor": lambda z: np.square(1 + z),
    "sparsemax": _identity,
}


@dataclass(frozen=True)
class MappingCurves:
    """Training history of one mapping from one start, one row per learning rate.

    Attributes
    ----------
    mapping : str
        The mapping.
    learning_rates : numpy.ndarray, shape (n_rates,)
        The step sizes.
    epoch : numpy.ndarray, shape (epochs + 1,)
        ``0, 1, ..., epochs``.
    train_accuracy : numpy.ndarray, shape (n_rates, epochs + 1)
        Fraction of training samples whose true class gets the largest probability.
    final_train_loss : numpy.ndarray, shape (n_rates,)
        Mean training loss after the last epoch (``nan`` where training diverged).
    final_accuracy : dict of str to numpy.ndarray
        Accuracy after the last epoch on each evaluation set, shape (n_rates,).
    """

    mapping: str
    learning_rates: np.ndarray
    epoch: np.ndarray
    train_accuracy: np.ndarray
    final_train_loss: np.ndarray
    final_accuracy: dict[str, np.ndarray]


def _logits(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Logits of every sample for a stack of parameters: (L, F, C), (L, C) -> (L, m, C)."""
    # One BLAS product for the whole stack (a stacked matmul broadcasting X is far slower).
    n_rates, n_features, n_classes = W.shape
    flat = X @ W.transpose(1, 0, 2).reshape(n_features, n_rates * n_classes)
    return flat.reshape(X.shape[0], n_rates, n_classes).transpose(1, 0, 2) + b[:, None, :]


def _accuracy(kern: MappingKernels, Z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Fraction of samples whose true class gets the largest probability, per row of the stack."""
    return (kern.score(Z).argmax(axis=-1) == y).mean(axis=-1)


def train_mapping(
    X: np.ndarray,
    y: np.ndarray,
    W0: np.ndarray,
    b0: np.ndarray,
    mapping: str,
    learning_rates: Sequence[float] | np.ndarray,
    epochs: int,
    eval_sets: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> MappingCurves:
    r"""Train :math:`z = W^\top \mathbf{x} + b` with a mapping's natural loss, for each rate.

    Full-batch gradient descent on the mean loss, every learning rate from the same
    ``(W0, b0)``: each epoch is :math:`\theta \leftarrow \theta - \eta \nabla_\theta \bar L`,
    with :math:`\nabla_W \bar L = \mathbf{X}^\top G / N` and :math:`\nabla_b \bar L =
    G^\top \mathbf 1 / N` from the kernels' logit gradient :math:`G` (one row per sample).

    Parameters
    ----------
    X : array_like, shape (N, n_features)
        Training inputs.
    y : array_like of int, shape (N,)
        Training classes, ``0 .. n_classes - 1``.
    W0 : array_like, shape (n_features, n_classes)
        Initial weights.
    b0 : array_like, shape (n_classes,)
        Initial biases.
    mapping : str
        One of :data:`MAPPINGS`.
    learning_rates : sequence of float
        Positive step sizes, trained side by side.
    epochs : int
        Number of gradient steps.
    eval_sets : mapping of str to (X, y), optional
        Held-out sets whose accuracy is reported after the last epoch (never used for the
        updates).

    Returns
    -------
    MappingCurves
        Training accuracy per epoch, final loss and final held-out accuracies, per rate.

    Raises
    ------
    ValueError
        For an unknown mapping, mismatched shapes, labels out of range, non-positive rates
        or negative epochs.
    TypeError
        For non-numeric arrays or non-integer labels or epochs.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
    >>> y = np.array([0, 1, 2])
    >>> c = train_mapping(X, y, np.zeros((2, 3)), np.zeros(3), "sparsemax", [0.5, 1.0], 30)
    >>> c.train_accuracy.shape
    (2, 31)
    >>> c.train_accuracy[:, -1]
    array([1., 1.])
    """
    func = "train_mapping"
    kern = mapping_kernels(mapping)
    W = float_array(W0, "W0", func, ndim=2)
    b = float_array(b0, "b0", func, ndim=1)
    n_features, n_classes = W.shape
    if b.shape != (n_classes,):
        raise ValueError(f"{func}: b0 must have shape ({n_classes},), got {b.shape}")
    XX, yy = _data(X, y, n_features, n_classes, func)
    sets = {
        name: _data(*pair, n_features, n_classes, func) for name, pair in (eval_sets or {}).items()
    }
    etas = float_array(learning_rates, "learning_rates", func, ndim=1)
    if np.any(etas <= 0):
        raise ValueError(f"{func}: learning_rates must be positive, got {etas}")
    n_epochs = nonnegative_int(epochs, "epochs", func)

    # The products here are small (about 1000 x 64 by 64 x 50): one BLAS thread is faster than
    # several, and several can be a hundred times slower on a machine busy with other work.
    with _one_blas_thread():
        return _descend(kern, XX, yy, W, b, etas, n_epochs, sets, mapping)


def _one_blas_thread() -> contextlib.AbstractContextManager[object]:
    """Limit BLAS to one thread while training (``threadpoolctl`` comes with scikit-learn)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn, and so threadpoolctl, is required
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _descend(
    kern: MappingKernels,
    XX: np.ndarray,
    yy: np.ndarray,
    W: np.ndarray,
    b: np.ndarray,
    etas: np.ndarray,
    n_epochs: int,
    sets: Mapping[str, tuple[np.ndarray, np.ndarray]],
    mapping: str,
) -> MappingCurves:
    """Run the loop of :func:`train_mapping` on checked inputs."""
    count = etas.size
    W = np.repeat(W[None], count, axis=0)
    b = np.repeat(b[None], count, axis=0)
    Y = np.broadcast_to(yy, (count, yy.size))
    accuracy = np.empty((count, n_epochs + 1))
    for e in range(n_epochs + 1):  # epochs are sequential; everything inside is vectorised
        Z = _logits(XX, W, b)
        accuracy[:, e] = _accuracy(kern, Z, yy)
        if e == n_epochs:
            break
        G = kern.grad(Z, Y) / yy.size  # logit gradient of the *mean* loss
        W = W - etas[:, None, None] * np.tensordot(G, XX, axes=([1], [0])).transpose(0, 2, 1)
        b = b - etas[:, None] * G.sum(axis=1)
    final_loss = kern.loss(Z, Y).mean(axis=-1)
    final = {name: _accuracy(kern, _logits(Xe, W, b), ye) for name, (Xe, ye) in sets.items()}
    return MappingCurves(
        mapping=mapping,
        learning_rates=etas,
        epoch=np.arange(n_epochs + 1),
        train_accuracy=accuracy,
        final_train_loss=final_loss,
        final_accuracy=final,
    )


def _data(
    X: object, y: object, n_features: int, n_classes: int, func: str
) -> tuple[np.ndarray, np.ndarray]:
    XX = float_array(X, "X", func, ndim=2)
    yy = np.asarray(y)
    if not np.issubdtype(yy.dtype, np.integer):
        raise TypeError(f"{func}: labels must be integers, got dtype {yy.dtype}")
    if yy.shape != (XX.shape[0],):
        raise ValueError(f"{func}: labels must have shape ({XX.shape[0]},), got {yy.shape}")
    if XX.shape[1] != n_features:
        raise ValueError(f"{func}: X has {XX.shape[1]} features, the weights expect {n_features}")
    if yy.min() < 0 or yy.max() >= n_classes:
        raise ValueError(f"{func}: labels must lie in [0, {n_classes}), got {yy.min()}..{yy.max()}")
    return XX, yy.astype(np.int64)


@dataclass(frozen=True)
class MappingRun:
    """One mapping from one start, at the learning rate chosen from the grid.

    Attributes
    ----------
    mapping : str
        The mapping.
    start : str
        ``"confidently_wrong"`` or ``"small_random"``.
    learning_rate : float
        The chosen rate.
    learning_rates : numpy.ndarray
        The grid.
    grid_final_val_accuracy, grid_final_train_loss : numpy.ndarray
        The basis of the choice, one entry per grid rate.
    grid_final_train_accuracy : numpy.ndarray
        Final training accuracy of every grid rate.
    epoch : numpy.ndarray
        ``0, 1, ..., epochs``.
    train_accuracy : numpy.ndarray
        Training accuracy per epoch at the chosen rate.
    final_val_accuracy, final_test_accuracy : float
        Held-out accuracies after the last epoch, at the chosen rate.
    """

    mapping: str
    start: str
    learning_rate: float
    learning_rates: np.ndarray
    grid_final_val_accuracy: np.ndarray
    grid_final_train_loss: np.ndarray
    grid_final_train_accuracy: np.ndarray
    epoch: np.ndarray
    train_accuracy: np.ndarray
    final_val_accuracy: float
    final_test_accuracy: float

    @property
    def final_train_accuracy(self) -> float:
        """Training accuracy after the last epoch.

        Returns
        -------
        float
            The last entry of ``train_accuracy``.
        """
        return float(self.train_accuracy[-1])

    @property
    def never_moved(self) -> bool:
        """Whether no rate of the grid changed the training accuracy at all.

        Returns
        -------
        bool
            True if every grid rate ended at the initial training accuracy.
        """
        return bool(np.all(self.grid_final_train_accuracy == self.train_accuracy[0]))

    def epochs_to(self, level: float) -> int | None:
        """First epoch whose training accuracy is at least ``level`` (``None``: never).

        Parameters
        ----------
        level : float
            E.g. ``0.9``.

        Returns
        -------
        int or None
            The epoch.
        """
        return first_epoch_reaching(self.train_accuracy, level)


def _select(curves: MappingCurves, start: str) -> MappingRun:
    val = curves.final_accuracy["val"]
    best = choose_learning_rate(val, curves.final_train_loss)
    return MappingRun(
        mapping=curves.mapping,
        start=start,
        learning_rate=float(curves.learning_rates[best]),
        learning_rates=curves.learning_rates,
        grid_final_val_accuracy=val,
        grid_final_train_loss=curves.final_train_loss,
        grid_final_train_accuracy=curves.train_accuracy[:, -1],
        epoch=curves.epoch,
        train_accuracy=curves.train_accuracy[best],
        final_val_accuracy=float(val[best]),
        final_test_accuracy=float(curves.final_accuracy["test"][best]),
    )


@dataclass(frozen=True)
class AlternativesExperiment:
    """Every mapping from both starts.

    Attributes
    ----------
    epochs : int
        Epochs per run.
    learning_rates : numpy.ndarray
        The grid.
    wrong_scale : float
        The wrong class's logit lead in the confidently wrong start.
    starts : dict of str to (numpy.ndarray, numpy.ndarray)
        The initial ``(W0, b0)`` of each start, :data:`JITTERED` included.
    runs : dict of (str, str) to MappingRun
        ``runs[start, mapping]``; from :data:`JITTERED` only for the mappings in ``stuck``.
    stuck : tuple of str
        The mappings that never moved from the confidently wrong start, at any rate.
    n_train, n_val, n_test : int
        Split sizes.
    """

    epochs: int
    learning_rates: np.ndarray
    wrong_scale: float
    starts: dict[str, tuple[np.ndarray, np.ndarray]]
    runs: dict[tuple[str, str], MappingRun]
    stuck: tuple[str, ...]
    n_train: int
    n_val: int
    n_test: int

    def run(self, start: str, mapping: str) -> MappingRun:
        """Return the run of ``mapping`` from ``start``.

        Parameters
        ----------
        start : str
            One of :data:`STARTS`.
        mapping : str
            One of :data:`MAPPINGS`.

        Returns
        -------
        MappingRun
            The run at its chosen learning rate.
        """
        if (start, mapping) not in self.runs:
            raise KeyError(f"AlternativesExperiment.run: no run ({start!r}, {mapping!r})")
        return self.runs[start, mapping]


def run_alternatives_experiment(
    epochs: int = ALTERNATIVES_EPOCHS,
    learning_rates: Sequence[float] = DEFAULT_LEARNING_RATES,
    wrong_scale: float = DEFAULT_WRONG_SCALE,
    init_std: float = DEFAULT_INIT_STD,
    seed: int = 0,
    mappings: Sequence[str] = MAPPINGS,
) -> AlternativesExperiment:
    r"""Train every mapping from the confidently wrong and the small random start.

    A mapping that cannot move at all from the confidently wrong start (no rate of the grid
    changes its training accuracy: every logit but the favoured class's is exactly 0 there,
    and a mapping with :math:`\phi'(0) = 0` gets no gradient on them) is trained once more from
    that start with the small random start's weights added (:data:`JITTERED`), so the page can
    say whether it was stuck only at that exact point.

    Parameters
    ----------
    epochs : int, default :data:`ALTERNATIVES_EPOCHS`
        Full-batch epochs per run.
    learning_rates : sequence of float, default the digits experiment's grid
        The grid searched for each mapping and start.
    wrong_scale : float, default 10
        The wrong class's logit lead in the confidently wrong start (class 0 for every image).
    init_std : float, default 0.01
        Weight scale of the small random start.
    seed : int, default 0
        Seed of the data split and of the random start.
    mappings : sequence of str, default all of :data:`MAPPINGS`
        Which mappings to train.

    Returns
    -------
    AlternativesExperiment
        The chosen run of every mapping from every start. The result is kept for the process
        (the arguments must be hashable: pass tuples).

    Raises
    ------
    ValueError
        For an unknown mapping, a bad grid, negative epochs or non-positive scales.

    Examples
    --------
    >>> exp = run_alternatives_experiment(epochs=2, learning_rates=(1.0,), mappings=("taylor",))
    >>> run = exp.run("confidently_wrong", "taylor")
    >>> run.train_accuracy.shape, run.learning_rate
    ((3,), 1.0)
    """
    return _cached(epochs, tuple(learning_rates), wrong_scale, init_std, seed, tuple(mappings))


@lru_cache(maxsize=4)
def _cached(
    epochs: int,
    learning_rates: tuple[float, ...],
    wrong_scale: float,
    init_std: float,
    seed: int,
    mappings: tuple[str, ...],
) -> AlternativesExperiment:
    func = "run_alternatives_experiment"
    unknown = [m for m in mappings if m not in MAPPINGS]
    if unknown or not mappings:
        raise ValueError(f"{func}: mappings must be among {MAPPINGS}, got {mappings!r}")
    grid = float_array(learning_rates, "learning_rates", func, ndim=1)
    scale = positive_float(wrong_scale, "wrong_scale", func)
    split: DigitsSplit = load_digits_split(seed=seed)
    n_features, n_classes = split.X_train.shape[1], int(split.y_train.max()) + 1
    wrong = confidently_wrong_start(n_features, n_classes, scale=scale)
    random = small_random_start(n_features, n_classes, std=init_std, seed=seed)
    starts = {"confidently_wrong": wrong, "small_random": random, JITTERED: (random[0], wrong[1])}
    evals = {"val": (split.X_val, split.y_val), "test": (split.X_test, split.y_test)}

    def run(start: str, mapping: str) -> MappingRun:
        W0, b0 = starts[start]
        curves = train_mapping(split.X_train, split.y_train, W0, b0, mapping, grid, epochs, evals)
        return _select(curves, start)

    runs = {(start, mapping): run(start, mapping) for start in STARTS for mapping in mappings}
    stuck = tuple(m for m in mappings if runs["confidently_wrong", m].never_moved)
    runs.update({(JITTERED, m): run(JITTERED, m) for m in stuck})
    return AlternativesExperiment(
        epochs=nonnegative_int(epochs, "epochs", func),
        learning_rates=grid,
        wrong_scale=scale,
        starts=starts,
        runs=runs,
        stuck=stuck,
        n_train=int(split.y_train.size),
        n_val=int(split.y_val.size),
        n_test=int(split.y_test.size),
    )
