"""The MSE page: its claims under their labels with marks, derivations as steps, glued numbers.

The numbers of the descent section are compared with an independent two-class computation.
With two classes, true class first, only the margin ``t = z_2 - z_1`` matters (``t > 0``: the
model is wrong). A gradient step on the logits moves the margin by ``-eta * (dL/dz_2 - dL/dz_1)``:

- cross-entropy: ``dL/dz = s - y``, so ``t <- t - 2 eta sigma(t)``, gradient norm
  ``sqrt(2) sigma(t)``;
- squared error ``L = sigma(t)^2``: ``dL/dt = 2 sigma^2 (1 - sigma)`` and the logits get
  ``-+dL/dt``, so ``t <- t - 4 eta sigma^2 (1 - sigma)``, gradient norm
  ``2 sqrt(2) sigma^2 (1 - sigma)``.

These closed forms are written here from scratch (SciPy's ``expit``), not taken from the package.
"""

from __future__ import annotations

import math
import re

import pytest
from helpers import (
    BuildResult,
    assert_shown_as_steps,
    claims_shown_with_marks,
    equation_block,
    shown_glue_math,
)
from scipy.special import expit

pytestmark = pytest.mark.build

_NUMBER = re.compile(r"(-?[\d.]+)(?: \\times 10\^\{(-?\d+)\})?")


def value(tex: str) -> float:
    """The number a glued ``4.5 \\times 10^{-4}`` (or ``1.41``) shows."""
    match = _NUMBER.fullmatch(tex)
    assert match, f"not a typeset number: {tex!r}"
    mantissa, exponent = match.groups()
    return float(mantissa) * 10 ** int(exponent or 0)


def _steps_to_right(step, t0: float, eta: float, budget: int) -> int | None:
    t = t0
    for count in range(1, budget + 1):
        t = step(t, eta)
        if t < 0:
            return count
    return None


def _ce_step(t: float, eta: float) -> float:
    return t - 2 * eta * expit(t)


def _mse_step(t: float, eta: float) -> float:
    sig = expit(t)
    return t - 4 * eta * sig**2 * (1 - sig)


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "mse.html").read_text()


@pytest.fixture(scope="module")
def shown(built_site: BuildResult) -> dict[str, str]:
    return shown_glue_math(built_site.html, "mse")


def test_every_claim_of_the_page_is_shown_under_its_label_with_its_mark(page: str) -> None:
    mine = claims_shown_with_marks(page, "mse")
    assert {c.slug for c in mine} >= {"mse-gradient", "proper-losses", "mse-wrong-vertex"}


@pytest.mark.parametrize(
    "label", ["mse-gradient", "eq-mse-toward-vertex-steps", "eq-mse-expected-squared-error"]
)
def test_derivations_are_shown_as_steps(page: str, label: str) -> None:
    assert_shown_as_steps(page, label)


def test_the_gradient_steps_end_in_the_collected_form(page: str) -> None:
    last = equation_block(page, "mse-gradient").split(r"\\")[-1]
    assert "collect" in last
    assert r"\sum_{i=1}^{n}" in last


def test_the_minimiser_is_the_true_distribution_not_free_coordinates(page: str) -> None:
    block = equation_block(page, "proper-losses")
    assert block.count("= p") == 2, block
    assert "q_" not in block
    assert "(n = 3)" not in block


def test_start_and_step_size(shown: dict[str, str]) -> None:
    assert value(shown["mse-start-margin"]) > 0, "the start must be confidently wrong (t > 0)"
    assert value(shown["mse-learning-rate"]) > 0


def test_start_gradients_and_their_ratio(shown: dict[str, str]) -> None:
    t0 = value(shown["mse-start-margin"])
    sig = expit(t0)
    ce = math.sqrt(2) * sig
    mse = 2 * math.sqrt(2) * sig**2 * (1 - sig)
    assert value(shown["mse-ce-start-gradient"]) == pytest.approx(ce, abs=0.005)
    assert value(shown["mse-mse-start-gradient"]) == pytest.approx(mse, rel=0.01)
    assert value(shown["mse-gradient-ratio"]) == round(ce / mse, -2)


def test_steps_to_right(shown: dict[str, str]) -> None:
    t0 = value(shown["mse-start-margin"])
    eta = value(shown["mse-learning-rate"])
    ce_steps = int(value(shown["mse-ce-steps-to-correct"]))
    mse_steps = int(value(shown["mse-mse-steps-to-correct"]))
    assert ce_steps == _steps_to_right(_ce_step, t0, eta, 1000)
    assert mse_steps == _steps_to_right(_mse_step, t0, eta, 1000)
    # The point of the page: squared error needs far more steps from a wrong start.
    assert mse_steps > 50 * ce_steps
