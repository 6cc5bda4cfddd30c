"""The normalization figures plot what they claim, checked against independent computations."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
import pytest

from derivations.figures.normalization import (
    PROBABILITIES,
    normalization_grad_entry,
    plot_gradient_near_zero,
    plot_scale_dependence,
)


@pytest.fixture
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


def test_scale_curves_match_plain_formulas(ax) -> None:
    x = np.array([1.0, 2.0, 0.5])
    c = np.geomspace(0.05, 20.0, 40)
    divided, soft, *_ = plot_scale_dependence(ax, x=x, c=c)
    # Independent: the textbook formulas, evaluated in mpmath at 30 digits.
    with mp.workdps(30):
        want_soft = [float(mp.exp(ci * x[-1]) / mp.fsum(mp.exp(ci * v) for v in x)) for ci in c]
    np.testing.assert_allclose(soft.get_ydata(), want_soft, rtol=1e-13)
    np.testing.assert_allclose(divided.get_ydata(), x[-1] / x.sum(), rtol=1e-15)
    np.testing.assert_allclose(divided.get_xdata(), c)


def test_scale_labels_use_the_page_notation(ax) -> None:
    divided, soft, *_ = plot_scale_dependence(ax)
    assert "q_2" in divided.get_label()
    assert "s_2" in soft.get_label()
    assert ax.get_ylabel() == "probability of class 2"
    assert "p_" not in ax.get_ylabel() + divided.get_label() + soft.get_label()


def test_marks_sit_on_the_curves(ax) -> None:
    _, _, dots_divided, dots_soft = plot_scale_dependence(ax, marks=(1.0, 10.0))
    soft_at = dots_soft.get_offsets()
    # softmax([c, 2c])_2 = 1 / (1 + e^{-c})
    np.testing.assert_allclose(soft_at[:, 1], 1 / (1 + np.exp(-soft_at[:, 0])), rtol=1e-14)
    np.testing.assert_allclose(dots_divided.get_offsets()[:, 1], 2 / 3, rtol=1e-15)


def _nll_slope(x1: float, x2: float) -> float:
    """|d(-log q_1)/d x_1| at (x1, x2), by mpmath's numerical derivative."""
    with mp.workdps(30):
        b = mp.mpf(x2)
        return abs(float(mp.diff(lambda t: -mp.log(t / (t + b)), mp.mpf(x1))))


def test_gradient_lines_match_mpmath_at_fixed_probabilities(ax) -> None:
    x1 = np.geomspace(1e-7, 10.0, 17)
    artists = plot_gradient_near_zero(ax, x1=x1)
    count = len(PROBABILITIES)
    divided, soft = artists[:count], artists[count : 2 * count]
    for q, line in zip(PROBABILITIES, divided, strict=True):
        want = [_nll_slope(a, a * (1 - q) / q) for a in x1]
        np.testing.assert_allclose(line.get_ydata(), want, rtol=1e-9)
    # Softmax of z = log x: |d(-log s_1)/d z_1| = 1 - s_1, the same at every x_1.
    for q, line in zip(PROBABILITIES, soft, strict=True):
        np.testing.assert_allclose(line.get_ydata(), 1 - q, rtol=1e-9)


def test_gradient_marks_are_the_page_examples(ax) -> None:
    dots = plot_gradient_near_zero(ax)[-1]
    (x_tiny, y_tiny), (x_unlikely, y_unlikely) = dots.get_offsets()
    assert (x_tiny, x_unlikely) == (1e-6, 1.0)
    assert y_tiny == pytest.approx(_nll_slope(1e-6, 1e-6), rel=1e-9)
    assert y_unlikely == pytest.approx(_nll_slope(1.0, 1e6), rel=1e-9)


def test_gradient_legend_uses_the_page_notation(ax) -> None:
    plot_gradient_near_zero(ax)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("x_1" in t for t in texts)
    assert any("z_1" in t for t in texts)
    assert sum("q_1" in t for t in texts) == len(PROBABILITIES)
    assert not any("p_" in t for t in texts)


def test_derived_entry_matches_mpmath_at_n_3() -> None:
    from derivations.symbolic.symbols import general_symbols

    g = general_symbols()
    x = [mp.mpf("0.3"), mp.mpf("1.7"), mp.mpf("0.05")]
    for k in (1, 2, 3):
        expr = normalization_grad_entry().xreplace({g.k: k, g.n: 3}).doit()
        got = float(expr.xreplace({g.x[i + 1]: x[i] for i in range(3)}))

        def nll(v, k=k):
            moved = list(x)
            moved[k - 1] = v
            return -mp.log(moved[k - 1] / mp.fsum(moved))

        with mp.workdps(30):
            want = float(mp.diff(nll, x[k - 1]))
        assert got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"x": [1.0, -2.0]},
        {"x": [1.0]},
        {"c": [0.0, 1.0]},
        {"c": [[1.0, 2.0]]},
        {"marks": [-1.0, 2.0]},
    ],
)
def test_scale_plot_rejects_bad_input(ax, kwargs) -> None:
    with pytest.raises(ValueError, match="plot_scale_dependence"):
        plot_scale_dependence(ax, **kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"x1": [0.0, 1.0]},
        {"probabilities": [0.0]},
        {"probabilities": [0.5, 1.0]},
        {"probabilities": [0.1, 0.2, 0.3, 0.4]},
    ],
)
def test_gradient_plot_rejects_bad_input(ax, kwargs) -> None:
    with pytest.raises(ValueError, match="plot_gradient_near_zero"):
        plot_gradient_near_zero(ax, **kwargs)
