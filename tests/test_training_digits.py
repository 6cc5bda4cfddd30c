"""The digits experiment: data split, starts, learning-rate choice, and its claims."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sklearn.datasets as sklearn_datasets

from derivations.training import (
    DEFAULT_LEARNING_RATES,
    DEFAULT_WRONG_SCALE,
    choose_learning_rate,
    confidently_wrong_start,
    first_epoch_reaching,
    load_digits_split,
    run_digits_experiment,
    small_random_start,
)


@pytest.fixture(scope="module")
def split():
    return load_digits_split()


@pytest.fixture(scope="module")
def experiment():
    return run_digits_experiment()


def test_split_is_a_stratified_partition_standardised_on_train(split):
    _, y_all = sklearn_datasets.load_digits(return_X_y=True)
    parts = (split.y_train, split.y_val, split.y_test)
    assert sum(p.size for p in parts) == y_all.size
    np.testing.assert_array_equal(
        sum(np.bincount(p, minlength=10) for p in parts), np.bincount(y_all)
    )
    expected_test = 0.25 * np.bincount(y_all)
    assert np.all(np.abs(np.bincount(split.y_test, minlength=10) - expected_test) <= 1)
    np.testing.assert_allclose(split.X_train.mean(axis=0), 0.0, atol=1e-12)
    sd = split.X_train.std(axis=0)
    assert np.all(np.isclose(sd, 1.0) | np.isclose(sd, 0.0))


def test_wrong_start_misclassifies_every_sample_not_of_the_wrong_class(experiment, split):
    start = experiment.confidently_wrong
    assert start.initial_wrong_fraction == pytest.approx(np.mean(split.y_train != 0))
    assert 0.85 < start.initial_wrong_fraction < 0.95


def test_initial_losses_match_closed_forms(experiment, split):
    c, n = DEFAULT_WRONG_SCALE, 10
    is_k = split.y_train == 0
    # logits (c, 0, ..., 0): CE = log(e^c + n - 1) - z_true
    ce0 = np.mean(math.log(math.exp(c) + n - 1) - c * is_k)
    sk, so = math.exp(c) / (math.exp(c) + n - 1), 1 / (math.exp(c) + n - 1)
    mse_right = 0.5 * ((sk - 1) ** 2 + (n - 1) * so**2)
    mse_wrong = 0.5 * (sk**2 + (so - 1) ** 2 + (n - 2) * so**2)
    mse0 = np.mean(np.where(is_k, mse_right, mse_wrong))
    start = experiment.confidently_wrong
    assert start.cross_entropy.train_loss[0] == pytest.approx(ce0, rel=1e-12)
    assert start.mse_on_softmax.train_loss[0] == pytest.approx(mse0, rel=1e-12)


def test_same_small_rate_mse_stays_stuck_while_cross_entropy_learns(experiment):
    start = experiment.confidently_wrong
    rates = np.asarray(DEFAULT_LEARNING_RATES)
    for eta in (0.1, 1.0):
        i = int(np.flatnonzero(rates == eta)[0])
        # MSE's gradient carries softmax factors ~ e^{-10}: it keeps predicting class 0.
        assert start.mse_on_softmax.grid_final_train_accuracy[i] < 0.15
        assert start.cross_entropy.grid_final_train_accuracy[i] > 0.9


def test_cross_entropy_recovers_sooner_from_the_wrong_start(experiment):
    start = experiment.confidently_wrong
    ce = first_epoch_reaching(start.cross_entropy.train_accuracy, 0.9)
    mse = first_epoch_reaching(start.mse_on_softmax.train_accuracy, 0.9)
    assert ce is not None
    assert mse is None or mse > 5 * ce


def test_from_a_small_random_start_both_losses_do_fine(experiment):
    # Hui & Belkin (2021): the trouble is the bad start through softmax, not squared error.
    start = experiment.small_random
    assert start.cross_entropy.final_test_accuracy > 0.9
    assert start.mse_on_softmax.final_test_accuracy > 0.9
    gap = start.cross_entropy.final_test_accuracy - start.mse_on_softmax.final_test_accuracy
    assert abs(gap) < 0.05


def test_chosen_rate_has_the_best_validation_accuracy(experiment):
    for start in (experiment.confidently_wrong, experiment.small_random):
        for run in (start.cross_entropy, start.mse_on_softmax):
            i = int(np.flatnonzero(run.learning_rates == run.learning_rate)[0])
            assert run.grid_final_val_accuracy[i] == run.grid_final_val_accuracy.max()
            assert run.val_accuracy[-1] == run.grid_final_val_accuracy[i]


def test_deterministic():
    a = run_digits_experiment(epochs=15, learning_rates=[0.1, 10.0])
    b = run_digits_experiment(epochs=15, learning_rates=[0.1, 10.0])
    for start in ("confidently_wrong", "small_random"):
        for loss in ("cross_entropy", "mse_on_softmax"):
            ra, rb = getattr(getattr(a, start), loss), getattr(getattr(b, start), loss)
            for field in ("train_loss", "train_accuracy", "val_accuracy", "test_accuracy"):
                np.testing.assert_array_equal(getattr(ra, field), getattr(rb, field))


def test_choose_learning_rate_rules():
    assert choose_learning_rate([0.5, 0.9, 0.7], [1.0, 2.0, 0.1]) == 1  # accuracy first
    assert choose_learning_rate([0.9, 0.9], [0.2, 0.1]) == 1  # then training loss
    assert choose_learning_rate([0.9, 0.9], [0.1, 0.1]) == 0  # then the first
    assert choose_learning_rate([0.9, 0.95], [0.1, np.inf]) == 0  # diverged rates lose
    with pytest.raises(ValueError, match="choose_learning_rate"):
        choose_learning_rate([0.9], [0.1, 0.2])


def test_first_epoch_reaching():
    assert first_epoch_reaching([0.0, 0.4, 0.5, 0.45], 0.5) == 2
    assert first_epoch_reaching([0.0], 0.5) is None


def test_starts():
    W0, b0 = confidently_wrong_start(64, 10, wrong_class=3, scale=7.0)
    assert not W0.any()
    np.testing.assert_array_equal(b0, 7.0 * np.eye(10)[3])
    Wa, _ = small_random_start(64, 10, std=0.01, seed=1)
    Wb, _ = small_random_start(64, 10, std=0.01, seed=1)
    np.testing.assert_array_equal(Wa, Wb)
    assert 0.005 < Wa.std() < 0.015


@pytest.mark.parametrize(
    ("call", "exc", "msg"),
    [
        (lambda: confidently_wrong_start(64, 10, wrong_class=10), ValueError, "out of range"),
        (lambda: confidently_wrong_start(64, 10, scale=0.0), ValueError, "scale must be pos"),
        (lambda: confidently_wrong_start(64, 1), ValueError, "n_classes must be at least 2"),
        (lambda: small_random_start(64, 10, std=-1.0), ValueError, "std must be positive"),
        (lambda: run_digits_experiment(epochs=-1), ValueError, "epochs must be non-negative"),
        (
            lambda: run_digits_experiment(epochs=1, learning_rates=[0.0]),
            ValueError,
            "run_digits_experiment: learning_rates must be positive",
        ),
        (lambda: load_digits_split(test_size=1.0), ValueError, "test_size must lie"),
    ],
)
def test_bad_input(call, exc, msg):
    with pytest.raises(exc, match=msg):
        call()
