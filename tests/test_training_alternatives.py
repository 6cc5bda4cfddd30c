"""The digits experiment extended to every mapping: protocol, determinism, one row recomputed.

:func:`independent_row` trains one mapping from the confidently wrong start with code that
shares nothing with the package but scikit-learn's data: its own split, its own start, its own
gradient (the formula of the page, :math:`(q - y)\\,g'/g`, written out in NumPy), one learning
rate at a time, and its own choice of the rate. The page test uses it too.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from derivations.training import (
    DEFAULT_LEARNING_RATES,
    DEFAULT_WRONG_SCALE,
    confidently_wrong_start,
    small_random_start,
)
from derivations.training.alternatives_experiment import (
    ALTERNATIVES_EPOCHS,
    JITTERED,
    MAPPINGS,
    STARTS,
    mapping_kernels,
    run_alternatives_experiment,
    train_mapping,
)


@pytest.fixture(scope="module")
def experiment():
    return run_alternatives_experiment()


def _taylor_gradient(Z: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """-log q_k of Taylor softmax and its logit gradient (q - e_k) (1 + z) / g(z), per sample."""
    g = 1 + Z + Z**2 / 2
    q = g / g.sum(axis=1, keepdims=True)
    rows = np.arange(Z.shape[0])
    residual = q.copy()
    residual[rows, labels] -= 1
    return -np.log(q[rows, labels]), residual * (1 + Z) / g


def independent_row(epochs: int = ALTERNATIVES_EPOCHS) -> dict[str, float | int | None]:
    """Taylor softmax from the confidently wrong start, recomputed without the package."""
    X, y = load_digits(return_X_y=True)
    X_rest, X_te, y_rest, y_te = train_test_split(
        X.astype(float), y, test_size=0.25, random_state=0, stratify=y
    )
    X_tr, X_va, y_tr, y_va = train_test_split(
        X_rest, y_rest, test_size=0.2, random_state=0, stratify=y_rest
    )
    mean, sd = X_tr.mean(axis=0), X_tr.std(axis=0)
    sd[sd == 0] = 1.0
    X_tr, X_va, X_te = ((A - mean) / sd for A in (X_tr, X_va, X_te))

    def accuracy(W: np.ndarray, b: np.ndarray, A: np.ndarray, labels: np.ndarray) -> float:
        # Taylor's g is not monotone: predict by the largest probability, i.e. the largest g.
        Z = A @ W + b
        return float(np.mean(np.argmax(1 + Z + Z**2 / 2, axis=1) == labels))

    results = []
    for rate in DEFAULT_LEARNING_RATES:
        W, b = np.zeros((64, 10)), np.zeros(10)
        b[0] = DEFAULT_WRONG_SCALE
        curve = [accuracy(W, b, X_tr, y_tr)]
        for _ in range(epochs):
            _, G = _taylor_gradient(X_tr @ W + b, y_tr)
            W = W - rate * X_tr.T @ G / len(y_tr)
            b = b - rate * G.sum(axis=0) / len(y_tr)
            curve.append(accuracy(W, b, X_tr, y_tr))
        loss, _ = _taylor_gradient(X_tr @ W + b, y_tr)
        reached = [e for e, a in enumerate(curve) if a >= 0.9]
        results.append(
            {
                "rate": rate,
                "val": accuracy(W, b, X_va, y_va),
                "loss": float(loss.mean()),
                "epochs": reached[0] if reached else None,
                "train": curve[-1],
                "test": accuracy(W, b, X_te, y_te),
                "n_train": len(y_tr),
                "n_test": len(y_te),
            }
        )
    # Best validation accuracy, then the lowest final training loss, then the smaller rate.
    return min(results, key=lambda r: (-r["val"], r["loss"], r["rate"]))


def test_one_row_recomputed_independently(experiment) -> None:
    row = independent_row()
    run = experiment.run("confidently_wrong", "taylor")
    assert run.learning_rate == row["rate"]
    assert run.epochs_to(0.9) == row["epochs"]
    # Equal up to rounding in the last bits of a logit: at most one image either way.
    assert abs(run.final_train_accuracy - row["train"]) <= 1 / row["n_train"]
    assert abs(run.final_test_accuracy - row["test"]) <= 1 / row["n_test"]


def test_same_protocol_as_the_digits_experiment(experiment) -> None:
    assert tuple(experiment.learning_rates) == DEFAULT_LEARNING_RATES
    W0, b0 = experiment.starts["confidently_wrong"]
    W1, b1 = confidently_wrong_start(64, 10)
    np.testing.assert_array_equal(W0, W1)
    np.testing.assert_array_equal(b0, b1)
    W2, _ = small_random_start(64, 10)
    np.testing.assert_array_equal(experiment.starts["small_random"][0], W2)
    np.testing.assert_array_equal(experiment.starts[JITTERED][0], W2)
    np.testing.assert_array_equal(experiment.starts[JITTERED][1], b1)
    assert {(s, m) for s in STARTS for m in MAPPINGS} <= set(experiment.runs)


def test_the_softmax_runs_are_the_digits_experiments_cross_entropy_runs(experiment) -> None:
    # One protocol: the same epochs, and the softmax with its log-likelihood trains exactly as
    # the digits experiment's cross-entropy does (to the last bits of a logit).
    from derivations.training.digits_experiment import DEFAULT_EPOCHS, run_digits_experiment

    assert experiment.epochs == DEFAULT_EPOCHS
    digits = run_digits_experiment()
    for start in STARTS:
        mine, theirs = experiment.run(start, "softmax"), getattr(digits, start).cross_entropy
        assert mine.learning_rate == theirs.learning_rate
        np.testing.assert_allclose(mine.train_accuracy, theirs.train_accuracy, atol=1.5 / 1000)
        assert abs(mine.final_test_accuracy - theirs.final_test_accuracy) <= 1 / experiment.n_test


def test_the_stuck_mappings_are_those_with_zero_slope_at_zero(experiment) -> None:
    # From W = 0 every logit but the favoured one is 0; g'(0) = 0 for ReLU (taken as 0 there)
    # and spherical softmax, so their other weights never move.
    assert experiment.stuck == ("relu", "spherical")
    for name in experiment.stuck:
        run = experiment.run("confidently_wrong", name)
        assert np.all(run.train_accuracy == run.train_accuracy[0])
        assert experiment.run(JITTERED, name).final_train_accuracy > 0.5
    assert {s for s, _ in experiment.runs if s == JITTERED} == {JITTERED}
    assert {m for s, m in experiment.runs if s == JITTERED} == set(experiment.stuck)


def test_the_run_is_deterministic() -> None:
    from derivations.training import alternatives_experiment as module

    # Two short runs of every mapping from both starts, each trained afresh (not the result kept
    # for the process). The full-length runs are compared too, through the pages they feed, by
    # the build's reproducibility test.
    runs = []
    for _ in range(2):
        module._cached.cache_clear()
        runs.append(run_alternatives_experiment(epochs=20))
    first, second = runs
    assert second is not first
    assert set(second.runs) == set(first.runs)
    assert second.stuck == first.stuck
    for key, run in first.runs.items():
        np.testing.assert_array_equal(second.runs[key].train_accuracy, run.train_accuracy)
        assert second.runs[key].learning_rate == run.learning_rate


def test_mapping_kernels_name_the_package_functions() -> None:
    import derivations

    assert mapping_kernels("sparsemax").loss is derivations.sparsemax_loss
    assert mapping_kernels("spherical").probabilities is derivations.spherical_softmax
    with pytest.raises(ValueError, match="mapping_kernels"):
        mapping_kernels("sigmoid")


@pytest.mark.parametrize("mapping", MAPPINGS)
def test_the_prediction_is_the_class_with_the_largest_probability(mapping: str) -> None:
    kern = mapping_kernels(mapping)
    Z = 3 * np.random.default_rng(5).normal(size=(2000, 10))
    np.testing.assert_array_equal(
        kern.score(Z).argmax(axis=-1), kern.probabilities(Z).argmax(axis=-1)
    )


def test_train_mapping_checks_its_input() -> None:
    X, y = np.eye(3), np.arange(3)
    W, b = np.zeros((3, 3)), np.zeros(3)
    with pytest.raises(ValueError, match="train_mapping: learning_rates"):
        train_mapping(X, y, W, b, "taylor", [0.0], 2)
    with pytest.raises(ValueError, match="train_mapping: labels"):
        train_mapping(X, np.array([0, 1, 5]), W, b, "taylor", [1.0], 2)
    with pytest.raises(TypeError, match="train_mapping: labels must be integers"):
        train_mapping(X, y.astype(float), W, b, "taylor", [1.0], 2)
    with pytest.raises(ValueError, match="train_mapping: b0"):
        train_mapping(X, y, W, np.zeros(2), "taylor", [1.0], 2)
    with pytest.raises(ValueError, match="train_mapping: X has"):
        train_mapping(np.eye(3)[:, :2], y, W, b, "taylor", [1.0], 2)
    with pytest.raises(ValueError, match="mapping_kernels"):
        train_mapping(X, y, W, b, "hinge", [1.0], 2)


def test_train_mapping_descends_the_mean_loss() -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 5))
    y = rng.integers(0, 3, size=40)
    for mapping in MAPPINGS:
        kern = mapping_kernels(mapping)
        W, b = 0.1 * rng.normal(size=(5, 3)), np.zeros(3)
        curves = train_mapping(X, y, W, b, mapping, [1e-3], 1)
        # One small step lowers the mean loss (the gradient is the loss's, not another).
        before = kern.loss(X @ W + b, y).mean()
        G = kern.grad(X @ W + b, y) / y.size
        after = kern.loss(X @ (W - 1e-3 * X.T @ G) + (b - 1e-3 * G.sum(axis=0)), y).mean()
        assert after < before, mapping
        assert curves.final_train_loss[0] == pytest.approx(after, rel=1e-12), mapping


def test_run_rejects_unknown_mappings() -> None:
    with pytest.raises(ValueError, match="run_alternatives_experiment: mappings"):
        run_alternatives_experiment(epochs=1, mappings=("hinge",))
