"""Nielsen's learning slowdown, checked against his published numbers and hand-coded GD."""

from __future__ import annotations

import math

import numpy as np
import pytest

from derivations.training import (
    NIELSEN_CROSS_ENTROPY_LEARNING_RATE,
    epochs_until_cost_drop,
    neuron_cost_and_grad,
    nielsen_slowdown,
    steepest_descent_epoch,
    train_neuron,
)

# Published in Nielsen (2015), Neural Networks and Deep Learning, ch. 3 (text and demos).
NIELSEN_INITIAL_OUTPUT = {(0.6, 0.9): 0.82, (2.0, 2.0): 0.98}
NIELSEN_QUADRATIC_FINAL_OUTPUT_FROM_06_09 = 0.09  # "an output from the neuron of about 0.09"
NIELSEN_PLATEAU_EPOCHS = 150  # "for the first 150 or so learning epochs ..." (start 2, 2)


def _sigma(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t))


def _nielsen_cost(w: float, b: float, cost: str, x: float, y: float) -> float:
    """Nielsen's cost formulas, written directly (independent of the kernels)."""
    a = _sigma(w * x + b)
    if cost == "quadratic":
        return 0.5 * (a - y) ** 2
    return -(y * math.log(a) + (1 - y) * math.log(1 - a))


def _nielsen_gd(w: float, b: float, cost: str, eta: float, epochs: int) -> list[float]:
    """Hand-coded GD with Nielsen's closed-form gradients (x = 1, y = 0)."""
    outputs = []
    for _ in range(epochs + 1):
        a = _sigma(w + b)
        outputs.append(a)
        delta = a * a * (1 - a) if cost == "quadratic" else a  # (a-y)σ'(z) or (a-y)
        w, b = w - eta * delta, b - eta * delta
    return outputs


@pytest.fixture(scope="module")
def runs():
    return nielsen_slowdown()


@pytest.mark.parametrize("start", [(0.6, 0.9), (2.0, 2.0)])
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_initial_output_matches_nielsen(runs, start, cost):
    assert round(float(runs.run(cost, start).output[0]), 2) == NIELSEN_INITIAL_OUTPUT[start]


def test_quadratic_final_output_matches_nielsen(runs):
    final = float(runs.run("quadratic", (0.6, 0.9)).output[-1])
    assert round(final, 2) == NIELSEN_QUADRATIC_FINAL_OUTPUT_FROM_06_09


def test_quadratic_plateau_from_2_2_is_about_150_epochs(runs):
    plateau = epochs_until_cost_drop(runs.run("quadratic", (2.0, 2.0)).cost, drop=0.1)
    assert plateau is not None
    # "150 or so": accept a generous band around Nielsen's number.
    assert 0.7 * NIELSEN_PLATEAU_EPOCHS <= plateau <= 1.3 * NIELSEN_PLATEAU_EPOCHS


def test_quadratic_plateau_is_a_slowdown_compared_with_the_mild_start(runs):
    slow = epochs_until_cost_drop(runs.run("quadratic", (2.0, 2.0)).cost)
    fast = epochs_until_cost_drop(runs.run("quadratic", (0.6, 0.9)).cost)
    assert fast is not None
    assert slow is not None
    assert slow > 10 * fast


@pytest.mark.parametrize("eta", [0.15, NIELSEN_CROSS_ENTROPY_LEARNING_RATE])
def test_cross_entropy_from_2_2_learns_fastest_at_the_start(eta):
    res = nielsen_slowdown(cross_entropy_learning_rate=eta)
    ce = res.run("cross_entropy", (2.0, 2.0)).cost
    # dC/dz = a - y: largest when the neuron is most wrong, i.e. at the start.
    assert steepest_descent_epoch(ce) == 1
    quad = res.run("quadratic", (2.0, 2.0)).cost
    assert epochs_until_cost_drop(ce) < epochs_until_cost_drop(quad)


@pytest.mark.parametrize("start", [(0.6, 0.9), (2.0, 2.0)])
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_trajectory_matches_hand_coded_gradient_descent(start, cost):
    run = train_neuron(*start, cost, learning_rate=0.15, epochs=300)
    expected = _nielsen_gd(*start, cost, eta=0.15, epochs=300)
    np.testing.assert_allclose(run.output, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize(
    ("w", "b", "x", "y"),
    [(0.6, 0.9, 1.0, 0.0), (2.0, 2.0, 1.0, 0.0), (-1.3, 0.4, 2.5, 0.3), (0.2, -3.0, -0.7, 1.0)],
)
def test_gradient_matches_finite_differences(cost, w, b, x, y):
    c, dw, db = neuron_cost_and_grad(w, b, cost, x=x, y=y)
    h = 1e-6
    fd_w = (_nielsen_cost(w + h, b, cost, x, y) - _nielsen_cost(w - h, b, cost, x, y)) / (2 * h)
    fd_b = (_nielsen_cost(w, b + h, cost, x, y) - _nielsen_cost(w, b - h, cost, x, y)) / (2 * h)
    assert c == pytest.approx(_nielsen_cost(w, b, cost, x, y), rel=1e-12)
    assert dw == pytest.approx(fd_w, rel=1e-6, abs=1e-10)
    assert db == pytest.approx(fd_b, rel=1e-6, abs=1e-10)


def test_deterministic():
    a, b = nielsen_slowdown(), nielsen_slowdown()
    for ra, rb in zip(a.runs, b.runs, strict=True):
        for field in ("cost", "output", "w", "b"):
            np.testing.assert_array_equal(getattr(ra, field), getattr(rb, field))


def test_epochs_until_cost_drop_and_steepest_epoch_definitions():
    cost = np.array([4.0, 3.9, 3.7, 3.5, 1.0, 0.9])
    assert epochs_until_cost_drop(cost, drop=0.1) == 3  # first cost <= 3.6
    assert epochs_until_cost_drop(cost, drop=0.5) == 4
    assert epochs_until_cost_drop(cost, drop=0.99) is None
    assert steepest_descent_epoch(cost) == 4


def test_run_lookup_rejects_unknown():
    with pytest.raises(KeyError, match=r"NielsenSlowdown\.run"):
        nielsen_slowdown(epochs=1).run("hinge", (2.0, 2.0))


@pytest.mark.parametrize(
    ("kwargs", "exc", "msg"),
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be positive"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate must be positive"),
        ({"epochs": -1}, ValueError, "epochs must be non-negative"),
        ({"epochs": 2.5}, TypeError, "epochs must be an integer"),
        ({"y": 1.5}, ValueError, "y must lie in"),
        ({"x": float("nan")}, ValueError, "x must be finite"),
        ({"cost_name": "hinge"}, ValueError, "cost_name must be one of"),
    ],
)
def test_train_neuron_bad_input(kwargs, exc, msg):
    with pytest.raises(exc, match=f"train_neuron: {msg}"):
        train_neuron(**{"w0": 0.6, "b0": 0.9, "cost_name": "quadratic", **kwargs})


def test_bad_cost_name_and_bad_drop():
    with pytest.raises(ValueError, match="neuron_cost_and_grad: cost_name"):
        neuron_cost_and_grad(0.0, 0.0, "hinge")
    with pytest.raises(ValueError, match="epochs_until_cost_drop: drop"):
        epochs_until_cost_drop([1.0, 0.5], drop=1.0)
    with pytest.raises(ValueError, match="steepest_descent_epoch: cost needs at least two"):
        steepest_descent_epoch([1.0])
    with pytest.raises(ValueError, match="nielsen_slowdown: cross_entropy_learning_rate"):
        nielsen_slowdown(cross_entropy_learning_rate=0.0)
