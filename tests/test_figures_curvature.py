"""The curvature figure: plotted curves vs second differences of the NumPy kernels.

The reference differentiates the package's losses (not the SymPy expressions the figure
lambdifies) by central second differences along z = (0, t, ..., t), true class first.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import derivations
from derivations.figures.curvature import DEFAULT_NS, plot_margin_curvature, threshold


def _second_difference(loss, n: int, t: np.ndarray, h: float = 1e-4) -> np.ndarray:
    def f(u: np.ndarray) -> np.ndarray:
        z = np.zeros((u.size, n))
        z[:, 1:] = u[:, None]
        return loss(z, np.zeros(u.size, dtype=int))

    return (f(t + h) - 2 * f(t) + f(t - h)) / h**2


@pytest.fixture
def drawn():
    fig, ax = plt.subplots()
    artists = plot_margin_curvature(ax, t_min=-8.0, t_max=8.0, num=801)
    yield ax, artists
    plt.close(fig)


def test_plotted_curves_match_finite_differences_of_the_kernels(drawn) -> None:
    _, artists = drawn
    for index, n in enumerate(DEFAULT_NS):
        mse, ce = artists[4 * index], artists[4 * index + 1]
        t = np.asarray(mse.get_xdata())
        want_mse = _second_difference(derivations.mse_on_softmax, n, t)
        want_ce = _second_difference(derivations.cross_entropy, n, t)
        np.testing.assert_allclose(mse.get_ydata(), want_mse, atol=1e-6)
        np.testing.assert_allclose(ce.get_ydata(), want_ce, atol=1e-6)
        assert np.all(np.asarray(ce.get_ydata()) > 0)


def test_each_marker_is_where_its_curve_changes_sign(drawn) -> None:
    _, artists = drawn
    for index, n in enumerate(DEFAULT_NS):
        mse, mark = artists[4 * index], artists[4 * index + 3]
        t, values = np.asarray(mse.get_xdata()), np.asarray(mse.get_ydata())
        cut = float(mark.get_xdata()[0])
        assert cut == pytest.approx(np.log(2 / (n - 1)), abs=1e-12)
        assert cut == threshold(n)
        assert np.all(values[t > cut + 1e-9] < 0)
        assert np.all(values[t < cut - 1e-9] > 0)


def test_labels_are_in_the_notation(drawn) -> None:
    ax, _ = drawn
    assert ax.get_xlabel() == "margin $t$"
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["$n = 2$", "$n = 3$", "$n = 10$", "$L$", r"$\mathrm{CE}$"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"t_min": 1.0, "t_max": 0.0}, "t_min < t_max"),
        ({"t_max": np.inf}, "t_min < t_max"),
        ({"num": 1}, "num"),
        ({"ns": ()}, "values of n"),
        ({"ns": (1,)}, "every n"),
    ],
)
def test_rejects_bad_arguments(kwargs: dict, match: str) -> None:
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match=match):
            plot_margin_curvature(ax, **kwargs)
    finally:
        plt.close(fig)
