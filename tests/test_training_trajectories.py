"""Gradient descent on logits from a confidently wrong start, against scalar recursions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from derivations.training import descend_logits, logit_margin, wrong_start_trajectories


def _sigma(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t))


def _margin_recursion(t0: float, eta: float, steps: int, loss: str) -> list[float]:
    """Two classes: GD on z moves only the margin t = z1 - z0 (the gradient sums to 0).

    CE = log(1 + e^t),  dCE/dt = σ(t)              ->  t -= 2 η σ(t)
    MSE = σ(t)^2,       dMSE/dt = 2 σ^2 (1 - σ)    ->  t -= 4 η σ(t)^2 (1 - σ(t))
    """
    t, out = t0, []
    for _ in range(steps + 1):
        out.append(t)
        s = _sigma(t)
        t -= 2 * eta * s if loss == "cross_entropy" else 4 * eta * s**2 * (1 - s)
    return out


def _first_negative(values: list[float]) -> int | None:
    return next((k for k, v in enumerate(values) if v < 0), None)


@pytest.mark.parametrize("eta", [1.0, 2.5])
def test_two_class_margins_match_scalar_recursion(eta):
    steps = 1000
    cmp = wrong_start_trajectories(margin=8.0, learning_rate=eta, steps=steps)
    for traj in (cmp.cross_entropy, cmp.mse_on_softmax):
        expected = _margin_recursion(8.0, eta, steps, traj.loss_name)
        np.testing.assert_allclose(traj.margin, expected, rtol=1e-9, atol=1e-9)
        assert traj.steps_to_correct is not None  # both get there within this budget
        assert traj.steps_to_correct == _first_negative(expected)


def test_two_class_losses_and_gradient_norms_match_closed_forms():
    cmp = wrong_start_trajectories(margin=8.0, steps=30)
    t = cmp.cross_entropy.margin
    sig = 1 / (1 + np.exp(-t))
    np.testing.assert_allclose(cmp.cross_entropy.loss, np.log1p(np.exp(t)), rtol=1e-12)
    # |grad| = sqrt(2) |dL/dt| for two classes (the two components are opposite).
    np.testing.assert_allclose(cmp.cross_entropy.grad_norm, math.sqrt(2) * sig, rtol=1e-10)
    t = cmp.mse_on_softmax.margin
    sig = 1 / (1 + np.exp(-t))
    np.testing.assert_allclose(cmp.mse_on_softmax.loss, sig**2, rtol=1e-10)
    np.testing.assert_allclose(
        cmp.mse_on_softmax.grad_norm, math.sqrt(2) * 2 * sig**2 * (1 - sig), rtol=1e-8
    )


def test_mse_is_slower_by_orders_of_magnitude_with_many_classes():
    cmp = wrong_start_trajectories(margin=8.0, n_classes=10, learning_rate=1.0, steps=600)
    ce, mse = cmp.cross_entropy.steps_to_correct, cmp.mse_on_softmax.steps_to_correct
    assert ce is not None
    assert mse is not None
    # The MSE gradient carries a factor s_true ~ e^{-8}; CE's does not.
    assert mse > 20 * ce


def test_budget_exhausted_reports_none():
    cmp = wrong_start_trajectories(margin=8.0, steps=50)
    assert cmp.mse_on_softmax.steps_to_correct is None
    assert np.all(cmp.mse_on_softmax.margin > 0)  # still wrong at every step


def test_logit_margin_definition():
    # t = max_{j != k} z_j - z_k: positive where the model is wrong (the site's sign).
    z = np.array([[1.0, 3.0, 2.0], [5.0, 1.0, 4.5]])
    np.testing.assert_array_equal(logit_margin(z, 0), [3.0 - 1.0, 4.5 - 5.0])
    np.testing.assert_array_equal(logit_margin(z, 2), [3.0 - 2.0, 5.0 - 4.5])


def test_the_default_start_is_wrong_by_the_margin_eight():
    cmp = wrong_start_trajectories(steps=0)
    assert cmp.cross_entropy.margin[0] == 8.0
    np.testing.assert_array_equal(cmp.cross_entropy.logits[0], [0.0, 8.0])


def test_deterministic():
    a = wrong_start_trajectories(n_classes=4, steps=200)
    b = wrong_start_trajectories(n_classes=4, steps=200)
    for name in ("cross_entropy", "mse_on_softmax"):
        ta, tb = getattr(a, name), getattr(b, name)
        for field in ("logits", "margin", "loss", "grad_norm"):
            np.testing.assert_array_equal(getattr(ta, field), getattr(tb, field))


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "msg"),
    [
        (([0.0, 8.0], 0, "cross_entropy"), {"learning_rate": 0.0}, ValueError, "learning_rate"),
        (([0.0, 8.0], 0, "cross_entropy"), {"steps": -1}, ValueError, "steps must be non-neg"),
        (([0.0, 8.0], 2, "cross_entropy"), {}, ValueError, "label 2 out of range"),
        (([0.0, 8.0], 0, "hinge"), {}, ValueError, "loss must be one of"),
        (([1.0], 0, "cross_entropy"), {}, ValueError, "at least two logits"),
        (([0.0, np.inf], 0, "cross_entropy"), {}, ValueError, "z0 must be finite"),
        ((["a", "b"], 0, "cross_entropy"), {}, TypeError, "z0 must be a real numeric"),
    ],
)
def test_descend_logits_bad_input(args, kwargs, exc, msg):
    with pytest.raises(exc, match=f"descend_logits: .*{msg}"):
        descend_logits(*args, **kwargs)


def test_wrong_start_trajectories_bad_input():
    with pytest.raises(ValueError, match="wrong_start_trajectories: n_classes"):
        wrong_start_trajectories(n_classes=1)
    with pytest.raises(ValueError, match="wrong_start_trajectories: margin must be finite"):
        wrong_start_trajectories(margin=float("nan"))
