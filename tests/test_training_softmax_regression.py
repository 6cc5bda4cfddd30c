"""Softmax regression: parameter gradients by finite differences, batching over rates."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import log_softmax as scipy_log_softmax
from scipy.special import softmax as scipy_softmax

from derivations.training import (
    LossKernels,
    softmax_regression_loss_and_grad,
    train_softmax_regression,
)

LOSSES = ("cross_entropy", "mse_on_softmax")


def _mean_loss_reference(X, y, W, b, loss):
    """Independent mean loss from SciPy's softmax (not the package kernels)."""
    Z = X @ W + b
    Y = np.eye(W.shape[1])[y]
    if loss == "cross_entropy":
        return float(-(Y * scipy_log_softmax(Z, axis=1)).sum(axis=1).mean())
    return float((0.5 * ((scipy_softmax(Z, axis=1) - Y) ** 2).sum(axis=1)).mean())


def _tiny_problem(seed=3, m=7, f=4, c=3, scale=1.5):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=(m, f)),
        rng.integers(0, c, size=m),
        scale * rng.normal(size=(f, c)),
        scale * rng.normal(size=c),
    )


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_parameter_gradients_match_central_differences(loss, seed):
    X, y, W, b = _tiny_problem(seed=seed)
    value, gW, gb = softmax_regression_loss_and_grad(X, y, W, b, loss)
    assert value == pytest.approx(_mean_loss_reference(X, y, W, b, loss), rel=1e-12)
    h = 1e-6
    fd_W = np.zeros_like(W)
    for idx in np.ndindex(W.shape):  # test-side loop over a 4x3 matrix; clarity over speed
        E = np.zeros_like(W)
        E[idx] = h
        fd_W[idx] = (
            _mean_loss_reference(X, y, W + E, b, loss) - _mean_loss_reference(X, y, W - E, b, loss)
        ) / (2 * h)
    fd_b = np.zeros_like(b)
    for j in range(b.size):
        e = np.zeros_like(b)
        e[j] = h
        fd_b[j] = (
            _mean_loss_reference(X, y, W, b + e, loss) - _mean_loss_reference(X, y, W, b - e, loss)
        ) / (2 * h)
    np.testing.assert_allclose(gW, fd_W, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(gb, fd_b, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("loss", LOSSES)
def test_grid_training_equals_step_by_step_descent(loss):
    X, y, W0, b0 = _tiny_problem(seed=5, scale=0.5)
    etas = [0.05, 0.5, 2.0]
    epochs = 25
    curves = train_softmax_regression(X, y, W0, b0, loss, etas, epochs)
    for i, eta in enumerate(etas):
        W, b = W0.copy(), b0.copy()
        for e in range(epochs + 1):
            value, gW, gb = softmax_regression_loss_and_grad(X, y, W, b, loss)
            assert curves.train_loss[i, e] == pytest.approx(value, rel=1e-12)
            acc = np.mean((X @ W + b).argmax(axis=1) == y)
            assert curves.accuracy["train"][i, e] == acc
            if e < epochs:
                W, b = W - eta * gW, b - eta * gb
        np.testing.assert_allclose(curves.W[i], W, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(curves.b[i], b, rtol=1e-12, atol=1e-14)


def test_eval_sets_reported_and_unused_for_updates():
    X, y, W0, b0 = _tiny_problem(seed=8)
    Xt, yt, _, _ = _tiny_problem(seed=9)
    with_eval = train_softmax_regression(
        X, y, W0, b0, "cross_entropy", [0.3], 10, {"test": (Xt, yt)}
    )
    without = train_softmax_regression(X, y, W0, b0, "cross_entropy", [0.3], 10)
    np.testing.assert_array_equal(with_eval.train_loss, without.train_loss)
    np.testing.assert_array_equal(with_eval.W, without.W)
    final = np.mean((Xt @ with_eval.W[0] + with_eval.b[0]).argmax(axis=1) == yt)
    assert with_eval.accuracy["test"][0, -1] == final


def test_deterministic():
    X, y, W0, b0 = _tiny_problem(seed=4)
    a = train_softmax_regression(X, y, W0, b0, "mse_on_softmax", [0.1, 1.0], 30)
    b = train_softmax_regression(X, y, W0, b0, "mse_on_softmax", [0.1, 1.0], 30)
    np.testing.assert_array_equal(a.train_loss, b.train_loss)
    np.testing.assert_array_equal(a.W, b.W)


@pytest.mark.parametrize(
    ("change", "exc", "msg"),
    [
        ({"learning_rates": [0.1, 0.0]}, ValueError, "learning_rates must be positive"),
        ({"learning_rates": []}, ValueError, "learning_rates must not be empty"),
        ({"epochs": -3}, ValueError, "epochs must be non-negative"),
        ({"loss": "hinge"}, ValueError, "loss must be one of"),
        ({"y": np.array([0, 1, 2, 3, 0, 1, 2])}, ValueError, r"labels must lie in \[0, 3\)"),
        ({"y": np.zeros(7)}, TypeError, "labels must be integers"),
        ({"y": np.zeros(6, dtype=int)}, ValueError, "labels must have shape"),
        ({"b0": np.zeros(4)}, ValueError, "b must have shape"),
        ({"X": np.zeros((7, 5))}, ValueError, "X has 5 features"),
        ({"eval_sets": {"train": (np.zeros((2, 4)), np.zeros(2, int))}}, ValueError, "reserved"),
    ],
)
def test_train_bad_input(change, exc, msg):
    X, y, W0, b0 = _tiny_problem()
    kwargs = {"X": X, "y": y, "W0": W0, "b0": b0, "loss": "cross_entropy"}
    kwargs |= {"learning_rates": [0.1], "epochs": 2} | change
    with pytest.raises(exc, match=f"train_softmax_regression: .*{msg}"):
        train_softmax_regression(**kwargs)


def test_loss_and_grad_bad_input():
    X, y, W, b = _tiny_problem()
    with pytest.raises(ValueError, match="softmax_regression_loss_and_grad: W must have 2"):
        softmax_regression_loss_and_grad(X, y, W[0], b, "cross_entropy")


def test_a_loss_passed_as_kernels_trains_like_its_name():
    # The training code takes any loss and its logit gradient; the named ones are such pairs.
    X, y, W0, b0 = _tiny_problem(3)
    by_name = train_softmax_regression(X, y, W0, b0, "cross_entropy", [0.5], epochs=5)
    kernels = LossKernels(scipy_cross_entropy, scipy_cross_entropy_grad, "cross_entropy")
    by_kernels = train_softmax_regression(X, y, W0, b0, kernels, [0.5], epochs=5)
    np.testing.assert_allclose(by_kernels.train_loss, by_name.train_loss, rtol=1e-12)
    np.testing.assert_allclose(by_kernels.W, by_name.W, rtol=1e-10, atol=1e-14)
    assert by_kernels.loss_name == "cross_entropy"


def test_a_loss_of_ones_own_is_used_for_the_updates():
    # Squared error on the logits themselves (no softmax): gradient z - e_k.
    def loss(z, labels):
        return 0.5 * ((z - np.eye(z.shape[-1])[labels]) ** 2).sum(axis=-1)

    def grad(z, labels):
        return z - np.eye(z.shape[-1])[labels]

    X, y, W0, b0 = _tiny_problem(4)
    _, gW, gb = softmax_regression_loss_and_grad(X, y, W0, b0, LossKernels(loss, grad, "own"))
    m = X.shape[0]
    G = (X @ W0 + b0 - np.eye(W0.shape[1])[y]) / m
    np.testing.assert_allclose(gW, X.T @ G, rtol=1e-12)
    np.testing.assert_allclose(gb, G.sum(axis=0), rtol=1e-12)
    curves = train_softmax_regression(X, y, W0, b0, LossKernels(loss, grad, "own"), [0.1], 3)
    assert curves.loss_name == "own"
    with pytest.raises(TypeError, match="train_softmax_regression"):
        train_softmax_regression(X, y, W0, b0, 3, [0.1], 3)  # type: ignore[arg-type]


def scipy_cross_entropy(z, labels):
    return -np.take_along_axis(scipy_log_softmax(z, axis=-1), labels[..., None], -1)[..., 0]


def scipy_cross_entropy_grad(z, labels):
    return scipy_softmax(z, axis=-1) - np.eye(z.shape[-1])[labels]
