"""Training simulations: Nielsen's slowdown, logit trajectories, the digits experiment.

Pure functions returning frozen dataclasses of NumPy arrays; no plotting. The losses
and their logit gradients are the package kernels (:mod:`derivations`).
"""

from .digits_data import DigitsSplit, load_digits_split
from .digits_experiment import (
    DEFAULT_EPOCHS,
    DEFAULT_INIT_STD,
    DEFAULT_LEARNING_RATES,
    DEFAULT_WRONG_SCALE,
    DigitsExperiment,
    DigitsRun,
    StartComparison,
    choose_learning_rate,
    compare_losses,
    confidently_wrong_start,
    first_epoch_reaching,
    run_digits_experiment,
    small_random_start,
)
from .logit_descent import (
    LogitTrajectory,
    TrajectoryComparison,
    descend_logits,
    logit_margin,
    wrong_start_trajectories,
)
from .losses import LossKernels, loss_kernels, resolve_loss
from .nielsen import (
    NIELSEN_CROSS_ENTROPY_LEARNING_RATE,
    NIELSEN_EPOCHS,
    NIELSEN_LEARNING_RATE,
    NIELSEN_STARTS,
    NeuronRun,
    NielsenSlowdown,
    epochs_until_cost_drop,
    neuron_cost_and_grad,
    nielsen_slowdown,
    steepest_descent_epoch,
    train_neuron,
)
from .softmax_regression import (
    LearningCurves,
    softmax_regression_loss_and_grad,
    train_softmax_regression,
)

__all__ = [
    "DEFAULT_EPOCHS",
    "DEFAULT_INIT_STD",
    "DEFAULT_LEARNING_RATES",
    "DEFAULT_WRONG_SCALE",
    "NIELSEN_CROSS_ENTROPY_LEARNING_RATE",
    "NIELSEN_EPOCHS",
    "NIELSEN_LEARNING_RATE",
    "NIELSEN_STARTS",
    "DigitsExperiment",
    "DigitsRun",
    "DigitsSplit",
    "LearningCurves",
    "LogitTrajectory",
    "LossKernels",
    "NeuronRun",
    "NielsenSlowdown",
    "StartComparison",
    "TrajectoryComparison",
    "choose_learning_rate",
    "compare_losses",
    "confidently_wrong_start",
    "descend_logits",
    "epochs_until_cost_drop",
    "first_epoch_reaching",
    "load_digits_split",
    "logit_margin",
    "loss_kernels",
    "neuron_cost_and_grad",
    "nielsen_slowdown",
    "resolve_loss",
    "run_digits_experiment",
    "small_random_start",
    "softmax_regression_loss_and_grad",
    "steepest_descent_epoch",
    "train_neuron",
    "train_softmax_regression",
    "wrong_start_trajectories",
]
