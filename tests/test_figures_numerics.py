"""The numerics figure: thresholds, naive failures and stable accuracy, checked independently."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
import pytest

from derivations.claims.overflow import overflow_threshold
from derivations.figures.numerics import (
    DTYPES,
    correct_digits,
    log_softmax_two_logits,
    plot_log_softmax_digits,
)
from derivations.notation import LABELS


@pytest.mark.parametrize("dtype", DTYPES)
def test_threshold_is_where_exp_overflows(dtype: str) -> None:
    threshold = overflow_threshold(dtype)
    below = np.nextafter(np.asarray(threshold, dtype=dtype), np.asarray(0, dtype=dtype))
    above = np.nextafter(np.asarray(threshold, dtype=dtype), np.asarray(np.inf, dtype=dtype))
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(below))
        # The rounded threshold itself may sit on either side; one step up must overflow.
        assert np.isinf(np.exp(above))


def _independent_log_s1(t: np.ndarray) -> np.ndarray:
    """log s_1 for logits (0, t) by mpmath's own log and exp at 40 digits."""
    with mp.workdps(40):
        return np.array([float(-mp.log(mp.exp(mp.mpf(float(x))) + 1)) for x in t])


@pytest.mark.parametrize("dtype", DTYPES)
def test_stable_values_are_accurate_to_a_few_units_of_roundoff(dtype: str) -> None:
    t = np.geomspace(0.5, 2000.0, 60).astype(dtype).astype(np.float64)
    got = log_softmax_two_logits(t, dtype, "stable").astype(np.float64)
    ref = _independent_log_s1(t)
    u = np.finfo(dtype).eps / 2
    assert np.all(np.abs(got - ref) <= 4 * u * np.abs(ref))


@pytest.mark.parametrize("dtype", DTYPES)
def test_naive_values_fail_exactly_where_exp_overflows(dtype: str) -> None:
    t = np.geomspace(0.5, 2000.0, 200).astype(dtype)
    with np.errstate(over="ignore"):
        overflows = np.isinf(np.exp(t))
    got = log_softmax_two_logits(t, dtype, "naive")
    assert np.array_equal(~np.isfinite(got), overflows)


def test_correct_digits_counts_against_an_independent_reference() -> None:
    t = np.array([1.0, 50.0, 500.0])
    ref = _independent_log_s1(t)
    perturbed = ref * (1 + 1e-6)
    digits = correct_digits(perturbed, t, "float64")
    np.testing.assert_allclose(digits, 6.0, atol=0.05)
    assert correct_digits([np.inf], [1.0], "float64")[0] == 0.0


def test_plotted_lines_match_the_computations() -> None:
    fig, ax = plt.subplots()
    t = np.geomspace(1.0, 1000.0, 25)
    artists = plot_log_softmax_digits(ax, margins=t)
    assert len(artists) == 4 * len(DTYPES)
    for k, dtype in enumerate(DTYPES):
        stable, naive, vline = artists[4 * k : 4 * k + 3]
        cap = -np.log10(np.finfo(dtype).eps / 2)
        # Stable: within one digit of full precision everywhere.
        assert np.all(np.asarray(stable.get_ydata()) >= cap - 1)
        # Naive: no digit left exactly where exp(t) overflows in this type.
        with np.errstate(over="ignore"):
            broken = np.isinf(np.exp(t.astype(dtype)))
        assert np.all(np.asarray(naive.get_ydata())[broken] == 0.0)
        assert np.all(np.asarray(naive.get_ydata())[~broken] >= cap - 1)
        assert vline.get_xdata()[0] == pytest.approx(np.log(float(np.finfo(dtype).max)))
    plt.close(fig)


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="log_softmax_two_logits"):
        log_softmax_two_logits([1.0], "float64", "clever")
    with pytest.raises(TypeError, match="log_softmax_two_logits"):
        log_softmax_two_logits([1.0], "int32", "stable")
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="plot_log_softmax_digits"):
        plot_log_softmax_digits(ax, margins=[-1.0])
    plt.close(fig)


def test_axis_labels_follow_the_notation() -> None:
    fig, ax = plt.subplots()
    plot_log_softmax_digits(ax, margins=[1.0, 10.0], dtypes=("float64",))
    assert ax.get_xlabel().startswith(LABELS["margin"])
    assert "(0, t)" in ax.get_xlabel()
    assert r"\log s_1" in ax.get_ylabel()
    plt.close(fig)
