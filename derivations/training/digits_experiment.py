r"""The experiment: softmax regression on the digits, cross-entropy vs MSE-on-softmax.

Protocol (every choice is a parameter of :func:`run_digits_experiment`):

* data: ``sklearn.datasets.load_digits``, stratified seeded split into
  train / validation / test, standardised with training statistics
  (:func:`~derivations.training.digits_data.load_digits_split`);
* model: :math:`z = W^\top \mathbf{x} + b`, :math:`W \in \mathbb R^{64\times 10}`, trained by
  full-batch gradient descent on the mean loss for a fixed number of epochs;
* starts: the *confidently wrong* start :math:`W = 0`, :math:`b = 10\,e_1` (every
  sample's logits favour the first class, the digit 0, by ``wrong_scale`` = 10, so the model
  is wrong on every image of another digit, about 90% of them; the code indexes that class 0)
  and,
  as a control, a small random start :math:`W_{ij} \sim \mathcal N(0, 0.01^2)`, :math:`b = 0`;
* learning rate: for each loss and start, the grid value with the best final
  *validation* accuracy (ties broken by lower final training loss, then by the
  smaller rate). The test set is never used for a choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import finite_float, float_array, nonnegative_int, positive_float
from .digits_data import DigitsSplit, load_digits_split
from .softmax_regression import LearningCurves, train_softmax_regression

#: Learning-rate grid, spread logarithmically (same grid for both losses).
DEFAULT_LEARNING_RATES = (0.01, 0.1, 1.0, 10.0, 100.0)
DEFAULT_EPOCHS = 300
#: Bias given to the wrong class in the confidently wrong start.
DEFAULT_WRONG_SCALE = 10.0
DEFAULT_INIT_STD = 0.01


@dataclass(frozen=True)
class DigitsRun:
    """One loss from one start, at the learning rate chosen from the grid.

    Attributes
    ----------
    loss_name : str
        ``"cross_entropy"`` or ``"mse_on_softmax"``.
    learning_rate : float
        The chosen rate.
    learning_rates : numpy.ndarray
        The grid.
    grid_final_val_accuracy, grid_final_train_loss : numpy.ndarray
        Final validation accuracy and training loss for every grid rate (the
        basis of the choice).
    grid_final_train_accuracy : numpy.ndarray
        Final training accuracy for every grid rate.
    epoch : numpy.ndarray
        ``0, 1, ..., epochs``.
    train_loss, train_accuracy, val_accuracy, test_accuracy : numpy.ndarray
        Learning curves at the chosen rate, length ``epochs + 1``.
    """

    loss_name: str
    learning_rate: float
    learning_rates: np.ndarray
    grid_final_val_accuracy: np.ndarray
    grid_final_train_loss: np.ndarray
    grid_final_train_accuracy: np.ndarray
    epoch: np.ndarray
    train_loss: np.ndarray
    train_accuracy: np.ndarray
    val_accuracy: np.ndarray
    test_accuracy: np.ndarray

    @property
    def final_train_accuracy(self) -> float:
        """Training accuracy after the last epoch."""
        return float(self.train_accuracy[-1])

    @property
    def final_test_accuracy(self) -> float:
        """Test accuracy after the last epoch."""
        return float(self.test_accuracy[-1])


@dataclass(frozen=True)
class StartComparison:
    """Both losses trained from the same initial parameters.

    Attributes
    ----------
    start : str
        ``"confidently_wrong"`` or ``"small_random"``.
    W0, b0 : numpy.ndarray
        The shared initial parameters.
    initial_wrong_fraction : float
        Fraction of training samples misclassified at the start.
    cross_entropy, mse_on_softmax : DigitsRun
        The two runs.
    """

    start: str
    W0: np.ndarray
    b0: np.ndarray
    initial_wrong_fraction: float
    cross_entropy: DigitsRun
    mse_on_softmax: DigitsRun


@dataclass(frozen=True)
class DigitsExperiment:
    """The full experiment: both starts, both losses.

    Attributes
    ----------
    epochs : int
        Gradient-descent epochs per run.
    n_train, n_val, n_test : int
        Split sizes.
    confidently_wrong, small_random : StartComparison
        Results from each start.
    """

    epochs: int
    n_train: int
    n_val: int
    n_test: int
    confidently_wrong: StartComparison
    small_random: StartComparison


def confidently_wrong_start(
    n_features: int, n_classes: int, wrong_class: int = 0, scale: float = DEFAULT_WRONG_SCALE
) -> tuple[np.ndarray, np.ndarray]:
    r"""Make initial parameters whose logits favour one class by ``scale`` for every input.

    Parameters
    ----------
    n_features, n_classes : int
        Shapes of the model (``n_classes >= 2``).
    wrong_class : int, default 0
        The class every sample is assigned to at the start.
    scale : float, default 10.0
        Its logit lead; :math:`\mathrm{softmax}` gives every other class the
        probability ``1 / (exp(scale) + n_classes - 1)`` (about :math:`4.5 \times 10^{-5}`
        for the default lead 10 and ten classes).

    Returns
    -------
    tuple of numpy.ndarray
        ``(W0, b0)``: zero weights, biases ``scale`` at ``wrong_class`` and 0 elsewhere.

    Raises
    ------
    ValueError
        For non-positive sizes, fewer than two classes, ``wrong_class`` out of
        range or a non-positive ``scale``.

    Examples
    --------
    >>> W0, b0 = confidently_wrong_start(3, 4, wrong_class=2, scale=5.0)
    >>> b0
    array([0., 0., 5., 0.])
    >>> bool(W0.any())
    False
    """
    func = "confidently_wrong_start"
    nf, nc = _sizes(n_features, n_classes, func)
    k = nonnegative_int(wrong_class, "wrong_class", func)
    if k >= nc:
        raise ValueError(f"{func}: wrong_class {k} out of range for {nc} classes")
    lead = positive_float(scale, "scale", func)
    b0 = np.zeros(nc)
    b0[k] = lead
    return np.zeros((nf, nc)), b0


def small_random_start(
    n_features: int, n_classes: int, std: float = DEFAULT_INIT_STD, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Make standard small random initial parameters: Gaussian weights, zero biases.

    Parameters
    ----------
    n_features, n_classes : int
        Shapes of the model (``n_classes >= 2``).
    std : float, default 0.01
        Standard deviation of the weights.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    tuple of numpy.ndarray
        ``(W0, b0)``.

    Raises
    ------
    ValueError
        For non-positive sizes, fewer than two classes, non-positive ``std`` or
        a negative seed.

    Examples
    --------
    >>> W0, b0 = small_random_start(64, 10)
    >>> W0.shape, b0.shape
    ((64, 10), (10,))
    >>> bool(np.array_equal(W0, small_random_start(64, 10)[0]))  # seeded
    True
    """
    func = "small_random_start"
    nf, nc = _sizes(n_features, n_classes, func)
    sd = positive_float(std, "std", func)
    rng = np.random.default_rng(nonnegative_int(seed, "seed", func))
    return rng.normal(0.0, sd, size=(nf, nc)), np.zeros(nc)


def _sizes(n_features: int, n_classes: int, func: str) -> tuple[int, int]:
    nf = nonnegative_int(n_features, "n_features", func)
    nc = nonnegative_int(n_classes, "n_classes", func)
    if nf < 1:
        raise ValueError(f"{func}: n_features must be at least 1, got {nf}")
    if nc < 2:
        raise ValueError(f"{func}: n_classes must be at least 2, got {nc}")
    return nf, nc


def choose_learning_rate(final_val_accuracy: np.ndarray, final_train_loss: np.ndarray) -> int:
    """Index of the best grid rate: highest validation accuracy, then lowest loss.

    Rates whose final training loss is not finite (diverged) are never chosen
    unless all are; remaining ties go to the first (smallest, for an ascending grid).

    Parameters
    ----------
    final_val_accuracy, final_train_loss : array_like, shape (n_rates,)
        Per-rate results after the last epoch.

    Returns
    -------
    int
        Index into the grid.

    Raises
    ------
    ValueError
        If the arrays are empty, not 1-D, or of different lengths.

    Examples
    --------
    >>> choose_learning_rate([0.9, 0.95, 0.95], [0.3, 0.2, 0.1])
    2
    >>> choose_learning_rate([0.9, 0.95, 0.95], [0.3, 0.2, float("nan")])
    1
    """
    func = "choose_learning_rate"
    acc = np.asarray(final_val_accuracy, dtype=np.float64)
    loss = np.asarray(final_train_loss, dtype=np.float64)
    if acc.ndim != 1 or acc.size == 0 or loss.shape != acc.shape:
        raise ValueError(
            f"{func}: need two non-empty 1-D arrays of equal length, got {acc.shape}, {loss.shape}"
        )
    ok = np.isfinite(loss) & np.isfinite(acc)
    acc_key = np.where(ok, acc, -np.inf)
    loss_key = np.where(ok, loss, np.inf)
    # lexsort: last key is primary. Sort by -accuracy, then loss, then index.
    order = np.lexsort((np.arange(acc.size), loss_key, -acc_key))
    return int(order[0])


def _select(curves: LearningCurves) -> DigitsRun:
    val = curves.accuracy["val"][:, -1]
    loss = curves.train_loss[:, -1]
    i = choose_learning_rate(val, loss)
    return DigitsRun(
        loss_name=curves.loss_name,
        learning_rate=float(curves.learning_rates[i]),
        learning_rates=curves.learning_rates,
        grid_final_val_accuracy=val,
        grid_final_train_loss=loss,
        grid_final_train_accuracy=curves.accuracy["train"][:, -1],
        epoch=curves.epoch,
        train_loss=curves.train_loss[i],
        train_accuracy=curves.accuracy["train"][i],
        val_accuracy=curves.accuracy["val"][i],
        test_accuracy=curves.accuracy["test"][i],
    )


def compare_losses(
    split: DigitsSplit,
    W0: np.ndarray,
    b0: np.ndarray,
    start: str,
    learning_rates: Sequence[float] | np.ndarray = DEFAULT_LEARNING_RATES,
    epochs: int = DEFAULT_EPOCHS,
) -> StartComparison:
    """Train both losses from ``(W0, b0)`` over the grid and keep each one's best rate.

    Parameters
    ----------
    split : DigitsSplit
        Data, e.g. from :func:`~derivations.training.digits_data.load_digits_split`.
    W0 : array_like, shape (n_features, n_classes)
        Initial weights, shared by both losses.
    b0 : array_like, shape (n_classes,)
        Initial biases, shared by both losses.
    start : str
        A name for the start, stored in the result.
    learning_rates : sequence of float
        The grid (positive).
    epochs : int
        Gradient-descent epochs per run.

    Returns
    -------
    StartComparison
        The chosen run for each loss, and how wrong the start was.

    Raises
    ------
    ValueError
        For bad shapes, rates or epochs (see
        :func:`~derivations.training.softmax_regression.train_softmax_regression`).

    Examples
    --------
    >>> s = load_digits_split()
    >>> W0, b0 = small_random_start(64, 10)
    >>> res = compare_losses(s, W0, b0, "small_random", learning_rates=[1.0], epochs=5)
    >>> res.cross_entropy.train_loss.shape
    (6,)
    """
    WW = float_array(W0, "W0", "compare_losses", ndim=2)
    bb = float_array(b0, "b0", "compare_losses", ndim=1)
    evals = {"val": (split.X_val, split.y_val), "test": (split.X_test, split.y_test)}
    runs = {
        loss: _select(
            train_softmax_regression(
                split.X_train, split.y_train, WW, bb, loss, learning_rates, epochs, evals
            )
        )
        for loss in ("cross_entropy", "mse_on_softmax")
    }
    wrong = float(np.mean((split.X_train @ WW + bb).argmax(axis=1) != split.y_train))
    return StartComparison(
        start=start,
        W0=WW,
        b0=bb,
        initial_wrong_fraction=wrong,
        cross_entropy=runs["cross_entropy"],
        mse_on_softmax=runs["mse_on_softmax"],
    )


def run_digits_experiment(
    epochs: int = DEFAULT_EPOCHS,
    learning_rates: Sequence[float] | np.ndarray = DEFAULT_LEARNING_RATES,
    wrong_class: int = 0,
    wrong_scale: float = DEFAULT_WRONG_SCALE,
    init_std: float = DEFAULT_INIT_STD,
    seed: int = 0,
) -> DigitsExperiment:
    """Run the experiment described in the module docstring.

    Parameters
    ----------
    epochs : int, default 300
        Full-batch gradient-descent epochs per run.
    learning_rates : sequence of float, default (0.01, 0.1, 1, 10, 100)
        The grid searched for each loss and start.
    wrong_class : int, default 0
        The class the confidently wrong start predicts for every sample.
    wrong_scale : float, default 10.0
        That class's logit lead at the start.
    init_std : float, default 0.01
        Weight scale of the small random start.
    seed : int, default 0
        Seed of the data split and of the random start.

    Returns
    -------
    DigitsExperiment
        Learning curves, chosen rates and accuracies for both starts.

    Raises
    ------
    ValueError
        For negative epochs, a bad grid, ``wrong_class`` out of range, or
        non-positive scales.

    Examples
    --------
    >>> exp = run_digits_experiment(epochs=3, learning_rates=[1.0])
    >>> exp.confidently_wrong.initial_wrong_fraction > 0.85
    True
    >>> int(exp.small_random.mse_on_softmax.epoch[-1])
    3
    """
    func = "run_digits_experiment"
    n = nonnegative_int(epochs, "epochs", func)
    grid = float_array(learning_rates, "learning_rates", func, ndim=1)
    if np.any(grid <= 0):
        raise ValueError(f"{func}: learning_rates must be positive, got {grid}")
    split = load_digits_split(seed=seed)
    nf, nc = split.X_train.shape[1], int(split.y_train.max()) + 1
    wrong = confidently_wrong_start(nf, nc, wrong_class=wrong_class, scale=wrong_scale)
    rand = small_random_start(nf, nc, std=init_std, seed=seed)
    return DigitsExperiment(
        epochs=n,
        n_train=split.y_train.size,
        n_val=split.y_val.size,
        n_test=split.y_test.size,
        confidently_wrong=compare_losses(split, *wrong, "confidently_wrong", grid, n),
        small_random=compare_losses(split, *rand, "small_random", grid, n),
    )


def first_epoch_reaching(curve: np.ndarray, threshold: float) -> int | None:
    """First epoch at which a learning curve reaches ``threshold`` (``>=``).

    Parameters
    ----------
    curve : array_like, shape (epochs + 1,)
        E.g. a training-accuracy curve, index 0 at the start.
    threshold : float
        The level to reach.

    Returns
    -------
    int or None
        The epoch, or ``None`` if the curve never reaches the threshold.

    Raises
    ------
    ValueError
        If ``curve`` is not a non-empty finite 1-D array or ``threshold`` is not finite.

    Examples
    --------
    >>> first_epoch_reaching([0.1, 0.1, 0.6, 0.9], 0.5)
    2
    >>> first_epoch_reaching([0.1, 0.2], 0.5) is None
    True
    """
    func = "first_epoch_reaching"
    c = float_array(curve, "curve", func, ndim=1)
    t = finite_float(threshold, "threshold", func)
    hit = np.flatnonzero(c >= t)
    return int(hit[0]) if hit.size else None
