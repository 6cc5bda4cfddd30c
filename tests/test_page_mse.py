"""The numbers on the MSE page are those of an independent two-class computation.

With two classes, true class first, only the margin ``d = z_true - z_other`` matters. A gradient
step on the logits moves the margin by ``-eta * (dL/dz_true - dL/dz_other)``:

- cross-entropy: ``dL/dz = s - y``, so ``d <- d + 2 eta (1 - sigma(d))``, gradient norm
  ``sqrt(2) (1 - sigma(d))``;
- squared error ``L = (1 - sigma(d))^2``: ``dL/dd = -2 sigma (1 - sigma)^2`` and the logits get
  ``+-dL/dd``, so ``d <- d + 4 eta sigma (1 - sigma)^2``, gradient norm
  ``2 sqrt(2) sigma (1 - sigma)^2``.

These closed forms are written here from scratch (SciPy's ``expit``), not taken from the package.
"""

from __future__ import annotations

import math

import pytest
from helpers import BuildResult, shown_glue_texts
from scipy.special import expit

pytestmark = pytest.mark.build


def _steps_to_correct(step, d0: float, eta: float, budget: int) -> int | None:
    d = d0
    for k in range(1, budget + 1):
        d = step(d, eta)
        if d > 0:
            return k
    return None


def _ce_step(d: float, eta: float) -> float:
    return d + 2 * eta * (1 - expit(d))


def _mse_step(d: float, eta: float) -> float:
    s = expit(d)
    return d + 4 * eta * s * (1 - s) ** 2


@pytest.fixture(scope="module")
def shown(built_site: BuildResult) -> dict[str, str]:
    return shown_glue_texts(built_site.html, "mse")


def test_start_and_step_size(shown: dict[str, str]) -> None:
    assert float(shown["mse-start-margin"]) < 0, "the start must be confidently wrong"
    assert float(shown["mse-learning-rate"]) > 0


def test_start_gradients_and_their_ratio(shown: dict[str, str]) -> None:
    d0 = float(shown["mse-start-margin"])
    s = expit(d0)
    ce = math.sqrt(2) * (1 - s)
    mse = 2 * math.sqrt(2) * s * (1 - s) ** 2
    # Shown with 2 decimals / 2 significant digits / no decimals.
    assert shown["mse-ce-start-gradient"] == f"{ce:.2f}"
    assert shown["mse-mse-start-gradient"] == f"{mse:.2g}"
    assert shown["mse-gradient-ratio"] == f"{ce / mse:.0f}"


def test_steps_to_correct(shown: dict[str, str]) -> None:
    d0 = float(shown["mse-start-margin"])
    eta = float(shown["mse-learning-rate"])
    budget = 1000
    assert int(shown["mse-ce-steps-to-correct"]) == _steps_to_correct(_ce_step, d0, eta, budget)
    assert int(shown["mse-mse-steps-to-correct"]) == _steps_to_correct(_mse_step, d0, eta, budget)
    # The point of the page: squared error needs far more steps from a wrong start.
    assert int(shown["mse-mse-steps-to-correct"]) > 50 * int(shown["mse-ce-steps-to-correct"])
