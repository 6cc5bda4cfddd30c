"""The binary page: its claims under their labels with marks, and Nielsen's published numbers.

The glued numbers are read from the built page (``shown_glue_math``: what a reader sees), and
compared with Nielsen (2015, ch. 3) and with a neuron trained here by hand, apart from the
package:

- initial output 0.82 from ``(w, b) = (0.6, 0.9)`` and 0.98 from ``(2, 2)``: he gives two
  decimals, so the shown two-decimal values must agree exactly;
- output "about 0.09" after 300 epochs from ``(0.6, 0.9)``: within 0.01;
- from ``(2, 2)`` hardly any learning "for the first 150 or so epochs": the page's plateau (epochs
  until the quadratic cost has fallen by 10 %) must lie within 20 % of 150.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import (
    BuildResult,
    assert_shown_as_steps,
    claims_shown_with_marks,
    equation_block,
    shown_glue_math,
)
from scipy.special import expit

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "binary.html").read_text()


@pytest.fixture(scope="module")
def shown(built_site: BuildResult) -> dict[str, str]:
    """Glue key -> the inline math a reader sees."""
    return shown_glue_math(built_site.html, "binary")


def _numbers(tex: str) -> list[float]:
    return [float(v) for v in NUMBER.findall(tex.replace(r"\times 10^", "e"))]


def _value(tex: str) -> float:
    """The number a glued piece of math ends with (``a = 0.82`` -> 0.82)."""
    return _numbers(tex)[-1]


def _hand_trained(w: float, b: float, cost: str, eta: float = 0.15, epochs: int = 300):
    """Nielsen's neuron (x = 1, y = 0) with the textbook gradients written out by hand."""
    outputs, costs = [], []
    for _ in range(epochs + 1):
        a = expit(w + b)
        outputs.append(a)
        if cost == "quadratic":
            costs.append(0.5 * a**2)
            delta = a * a * (1 - a)
        else:
            costs.append(-np.log1p(-a))
            delta = a
        w, b = w - eta * delta, b - eta * delta
    return np.array(outputs), np.array(costs)


def test_every_claim_of_the_page_is_shown_under_its_label_with_its_mark(page: str) -> None:
    mine = claims_shown_with_marks(page, "binary")
    assert {c.slug for c in mine} >= {
        "sigmoid-two-class",
        "binary-nll-softplus",
        "nielsen-integral",
        "sigmoid-unit-gradients",
    }


@pytest.mark.parametrize(
    "label", ["eq-binary-pair-steps", "binary-nll-softplus", "nielsen-integral"]
)
def test_derivations_are_shown_as_steps(page: str, label: str) -> None:
    assert_shown_as_steps(page, label)


def test_the_pinned_logit_is_explicit(page: str) -> None:
    block = equation_block(page, "sigmoid-two-class")
    assert r"\mathrm{softmax}(0, z)_{1} = \sigma{\left(- z \right)}" in block
    assert r"\mathrm{softmax}(z, 0)_{1} = \sigma{\left(z \right)}" in block


def test_no_build_jargon_in_the_text(page: str) -> None:
    text = re.sub(r"<[^>]+>", " ", page)
    assert "Checked by" not in text
    assert not re.search(r"\bF\d{1,2}\b", text), "a claim id in the reading text"
    for word in ("lambdif", "kernels", "solveset"):
        assert word not in text


def test_the_starts_and_step_are_nielsens(shown: dict[str, str]) -> None:
    assert _numbers(shown["nielsen-start-a"])[-2:] == pytest.approx([0.6, 0.9])
    assert _numbers(shown["nielsen-start-b"])[-2:] == pytest.approx([2.0, 2.0])
    assert _value(shown["nielsen-eta"]) == pytest.approx(0.15)
    assert _value(shown["nielsen-epochs"]) == 300


def test_initial_outputs_match_nielsen(shown: dict[str, str]) -> None:
    assert shown["nielsen-a0-a"] == "a = 0.82"
    assert shown["nielsen-a0-b"] == "a = 0.98"


def test_output_after_300_epochs_matches_nielsen(shown: dict[str, str]) -> None:
    assert _value(shown["nielsen-final-a"]) == pytest.approx(0.09, abs=0.01)


def test_the_slowdown_lasts_about_150_epochs(shown: dict[str, str]) -> None:
    assert _value(shown["nielsen-drop-percent"]) == pytest.approx(10.0)
    assert _value(shown["nielsen-plateau-quad-b"]) == pytest.approx(150, rel=0.2)
    # ... while the good start and cross-entropy from the bad start have no plateau.
    assert _value(shown["nielsen-plateau-quad-a"]) < 30
    assert _value(shown["nielsen-plateau-ce-b"]) < 30


def test_glued_numbers_equal_a_neuron_trained_by_hand(shown: dict[str, str]) -> None:
    runs = {
        (cost, start): _hand_trained(*start, cost)
        for cost in ("quadratic", "cross_entropy")
        for start in ((0.6, 0.9), (2.0, 2.0))
    }
    out_qa, cost_qa = runs["quadratic", (0.6, 0.9)]
    out_qb, cost_qb = runs["quadratic", (2.0, 2.0)]
    out_ca, _ = runs["cross_entropy", (0.6, 0.9)]
    out_cb, cost_cb = runs["cross_entropy", (2.0, 2.0)]

    def plateau(cost: np.ndarray) -> int:
        return int(np.flatnonzero(cost <= 0.9 * cost[0])[0])

    assert _value(shown["nielsen-final-a"]) == pytest.approx(out_qa[-1], abs=0.005)
    assert _value(shown["nielsen-final-b"]) == pytest.approx(out_qb[-1], abs=0.005)
    assert _value(shown["nielsen-final-ce-a"]) == pytest.approx(out_ca[-1], abs=5e-5)
    assert _value(shown["nielsen-final-ce-b"]) == pytest.approx(out_cb[-1], abs=5e-5)
    assert _value(shown["nielsen-plateau-quad-a"]) == plateau(cost_qa)
    assert _value(shown["nielsen-plateau-quad-b"]) == plateau(cost_qb)
    assert _value(shown["nielsen-plateau-ce-b"]) == plateau(cost_cb)
    assert _value(shown["nielsen-steepest-quad-b"]) == int(np.argmax(-np.diff(cost_qb))) + 1
    for key, a0 in (("a", expit(1.5)), ("b", expit(4.0))):
        assert _value(shown[f"nielsen-slope-factor-{key}"]) == pytest.approx(
            a0 * (1 - a0), abs=5e-4
        )
        assert _value(shown[f"nielsen-gradient-{key}"]) == pytest.approx(
            a0 * a0 * (1 - a0), abs=5e-4
        )


def test_the_saturated_start_has_the_smaller_gradient(shown: dict[str, str]) -> None:
    # The page's point: more wrong, yet a smaller gradient, because of the factor a(1 - a).
    assert _value(shown["nielsen-a0-b"]) > _value(shown["nielsen-a0-a"])
    assert _value(shown["nielsen-gradient-b"]) < _value(shown["nielsen-gradient-a"]) / 5


def test_the_slow_cross_entropy_descends_fastest_at_once(shown: dict[str, str]) -> None:
    eta = _value(shown["nielsen-eta-ce"])
    assert eta == pytest.approx(0.005)
    for start in ((0.6, 0.9), (2.0, 2.0)):
        _, cost = _hand_trained(*start, "cross_entropy", eta=eta)
        assert int(np.argmax(-np.diff(cost))) + 1 == _value(shown["nielsen-steepest-ce-slow"])
