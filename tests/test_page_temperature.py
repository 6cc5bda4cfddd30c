"""The temperature page: its claims under their labels with marks, arguments marked, prose."""

from __future__ import annotations

import re

import pytest
from helpers import (
    BuildResult,
    assert_shown_as_steps,
    claims_shown_with_marks,
    equation_block,
    shown_glue_math,
)

from derivations.figures.temperature import DEFAULT_LOGITS

pytestmark = pytest.mark.build


def _text(page: str) -> str:
    """What a reader reads: the HTML without scripts and tags."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", page, flags=re.DOTALL))


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "temperature.html").read_text()


def test_every_claim_of_the_page_is_shown_under_its_label_with_its_mark(page: str) -> None:
    mine = claims_shown_with_marks(page, "temperature")
    assert {c.slug for c in mine} >= {
        "temperature-limits",
        "soft-maximum",
        "soft-maximum-grows",
    }


@pytest.mark.parametrize(
    "label", ["eq-temperature-top", "eq-temperature-entry", "eq-temperature-gradient"]
)
def test_derivations_are_shown_as_steps(page: str, label: str) -> None:
    assert_shown_as_steps(page, label)


def test_the_squeeze_arguments_are_given_in_words(page: str) -> None:
    text = _text(page)
    assert text.count("The argument, in words.") == 1
    assert "again in words" in text
    assert "squeeze theorem" in text


def test_the_name_is_explained_with_its_source(page: str) -> None:
    assert "bridle1990" in page or "Bridle" in page
    assert "softmax" in page.split('id="why-it-is-called-softmax"')[1]


def test_numbers_are_glued(built_site: BuildResult) -> None:
    shown = shown_glue_math(built_site.html, "temperature")
    assert shown["temperature-example-n"] == str(len(DEFAULT_LOGITS))


def test_no_claim_ids_or_program_output_in_the_prose(page: str) -> None:
    text = _text(page)
    assert not re.search(r"\bF(13|17|29|30)\b", text)
    assert "claim F" not in text
    assert "[]" not in text


def test_the_entropy_step_is_shown(page: str) -> None:
    # The derivative in T is taken to one sum whose bracket is the log-softmax, named in the
    # text, and the next display states the entropy.
    block = equation_block(page, "eq-temperature-rate")
    assert block.count("&amp;=") >= 1
    assert r"\mathrm{LSE}(z/T)\right)" in block
    after = page.split('id="equation-eq-temperature-rate"')[1].split('id="equation-')[0]
    assert "log-softmax" in after
    entropy = equation_block(page, "soft-maximum-grows")
    assert r"\log" in entropy


def test_k_is_not_a_generic_index_here(page: str) -> None:
    block = equation_block(page, "eq-temperature-gradient")
    assert r"\partial {z}_{j}" in block
    assert "{z}_{k}" not in block


def test_the_sandwich_is_taken_from_the_wrong_model_page(page: str) -> None:
    # Not derived again: the bounds of log-sum-exp are linked, applied to z / T.
    assert 'href="wrong-model.html#equation-lse-sandwich"' in page
    assert 'id="equation-eq-temperature-soft-maximum"' not in page
