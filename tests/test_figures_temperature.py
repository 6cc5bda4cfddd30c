"""Temperature figures: the lambdified definitions agree with the NumPy kernels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from derivations import logsumexp, softmax
from derivations.figures.temperature import (
    DEFAULT_LOGITS,
    plot_soft_maximum,
    plot_softmax_temperature,
)

T = np.geomspace(0.05, 20.0, 40)


def test_softmax_lines_equal_the_kernel() -> None:
    fig, ax = plt.subplots()
    artists = plot_softmax_temperature(ax, temperatures=T)
    z = np.asarray(DEFAULT_LOGITS)
    expected = softmax(z[None, :] / T[:, None])  # one row per temperature
    for i, line in enumerate(artists[: z.size]):
        np.testing.assert_allclose(line.get_ydata(), expected[:, i], rtol=1e-12, atol=1e-300)
    assert artists[-1].get_ydata()[0] == pytest.approx(1 / z.size)
    # The limits the page describes, visible at the ends of the plotted range.
    assert artists[0].get_ydata()[0] > 0.999
    assert all(abs(line.get_ydata()[-1] - 1 / z.size) < 0.05 for line in artists[: z.size])
    assert ax.get_xlabel() == "temperature $T$"
    plt.close(fig)


def test_soft_maximum_lies_between_its_bounds() -> None:
    fig, ax = plt.subplots()
    line, ref, upper = plot_soft_maximum(ax, temperatures=T)
    z = np.asarray(DEFAULT_LOGITS)
    expected = T * logsumexp(z[None, :] / T[:, None])
    np.testing.assert_allclose(line.get_ydata(), expected, rtol=1e-12)
    assert ref.get_ydata()[0] == max(DEFAULT_LOGITS)
    np.testing.assert_allclose(upper.get_ydata(), z.max() + T * np.log(z.size), rtol=1e-12)
    assert np.all(line.get_ydata() <= upper.get_ydata())
    assert np.all(line.get_ydata() >= z.max())
    plt.close(fig)


def test_bad_input_is_rejected() -> None:
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="plot_softmax_temperature"):
        plot_softmax_temperature(ax, temperatures=[0.0, 1.0])
    with pytest.raises(ValueError, match="plot_soft_maximum"):
        plot_soft_maximum(ax, z=[1.0])
    plt.close(fig)
