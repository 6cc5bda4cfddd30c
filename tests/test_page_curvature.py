"""The curvature page shows the sign change of squared error's curvature where it really is.

Independent reference: second differences of ``(1 - sigma(d))^2`` (SciPy's ``expit``) change sign
at ``d = -log 2`` (where ``sigma = 1/3``), negative to the left, positive to the right, while
those of cross-entropy ``log(1 + e^{-d})`` stay positive.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import BuildResult, shown_glue_texts
from scipy.special import expit

pytestmark = pytest.mark.build


def _second_difference(f, d: np.ndarray, h: float = 1e-3) -> np.ndarray:
    return (f(d + h) - 2 * f(d) + f(d - h)) / h**2


def test_the_shown_threshold_is_where_the_curvature_changes_sign(built_site: BuildResult) -> None:
    shown = shown_glue_texts(built_site.html, "curvature")
    threshold = float(shown["curvature-threshold"])
    assert threshold == pytest.approx(-math.log(2), abs=5e-4)  # shown with 3 decimals

    def mse(d):
        return (1 - expit(d)) ** 2

    def ce(d):
        return np.logaddexp(0.0, -d)

    left = np.linspace(threshold - 6, threshold - 0.01, 50)
    right = np.linspace(threshold + 0.01, threshold + 6, 50)
    assert np.all(_second_difference(mse, left) < 0)
    assert np.all(_second_difference(mse, right) > 0)
    assert np.all(_second_difference(ce, np.concatenate([left, right])) > 0)


def test_the_probability_at_the_threshold_is_one_third(built_site: BuildResult) -> None:
    page = (built_site.html / "curvature.html").read_text()
    # {glue} of the exact SymPy value 1/3 renders as inline math.
    assert r"\frac{1}{3}" in page
    assert expit(-math.log(2)) == pytest.approx(1 / 3)
