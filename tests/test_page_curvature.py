"""The curvature page: its claims under their labels with marks, the n-class threshold, prose.

Independent reference for the glued thresholds: ``log(2/(n - 1))`` in NumPy, and the softmax
kernel's probability of the true class there (1/3).
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

import derivations

pytestmark = pytest.mark.build


def _text(page: str) -> str:
    """What a reader reads: the HTML without scripts and tags."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", page, flags=re.DOTALL))


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "curvature.html").read_text()


def test_every_claim_of_the_page_is_shown_under_its_label_with_its_mark(page: str) -> None:
    mine = claims_shown_with_marks(page, "curvature")
    assert {c.slug for c in mine} >= {
        "ce-hessian",
        "margin-curvature",
        "margin-curvature-two-classes",
    }


@pytest.mark.parametrize(
    "label", ["ce-hessian", "eq-curvature-loss", "eq-curvature-slope", "eq-curvature-second"]
)
def test_derivations_are_shown_as_steps(page: str, label: str) -> None:
    assert_shown_as_steps(page, label)


@pytest.mark.parametrize("n", [2, 3, 4, 10])
def test_the_glued_concave_regions_are_log_2_over_n_minus_1(
    built_site: BuildResult, n: int
) -> None:
    shown = shown_glue_math(built_site.html, "curvature")[f"curvature-region-{n}"]
    assert shown.startswith("t &gt; ") or shown.startswith("t > ")
    value = float(shown.split(r"\approx")[-1]) if r"\approx" in shown else 0.0
    assert value == pytest.approx(np.log(2 / (n - 1)), abs=5e-3)
    threshold = np.log(2 / (n - 1))
    assert derivations.softmax(np.r_[0.0, [threshold] * (n - 1)])[0] == pytest.approx(1 / 3)


def test_the_probability_at_the_threshold_is_one_third(built_site: BuildResult) -> None:
    shown = shown_glue_math(built_site.html, "curvature")
    assert shown["curvature-third"] == r"\frac{1}{3}"
    assert shown["curvature-log-2"] == r"\log 2"


def test_sigma_forms_read_as_a_textbook_writes_them(page: str) -> None:
    block = equation_block(page, "margin-curvature-two-classes")
    assert r"\sigma{\left(t \right)} \left(1 - \sigma{\left(t \right)}\right)" in block
    assert r"- \left(\sigma" not in block


def test_the_prose_says_nothing_the_claims_do_not(page: str) -> None:
    text = _text(page)
    for wrong in ("walking over a ridge", "Checked by", "entry by entry", "solveset", "lambdif"):
        assert wrong not in text, wrong
    assert not re.search(r"\bF(5|10|28)\b", text)
    # The two-class threshold is never stated as the general one.
    assert "concave where the model is wrong by more than" not in text


def test_the_hessian_is_indexed_by_i_and_j(page: str) -> None:
    block = equation_block(page, "ce-hessian")
    assert r"\partial {z}_{i} \partial {z}_{j}" in block
    assert "{z}_{k}" not in block


def test_the_rate_of_the_true_class_shows_its_sign(built_site: BuildResult) -> None:
    shown = shown_glue_math(built_site.html, "curvature")["curvature-rate"]
    assert r"= - {s}_{1} \left(1 - {s}_{1}\right)" in shown


def test_free_logits_are_stated_here_with_the_argument_in_words(page: str) -> None:
    assert 'id="equation-free-logits"' in page
    assert "rank–nullity" in _text(page)
