"""The likelihood page: its claims under their labels with marks, derivations as steps."""

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


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "likelihood.html").read_text()


def test_every_claim_of_the_page_is_shown_under_its_label_with_its_mark(page: str) -> None:
    mine = claims_shown_with_marks(page, "likelihood")
    assert mine, "no claim is registered for the likelihood page"


@pytest.mark.parametrize(
    "label",
    ["log-softmax", "eq-likelihood-jacobian-steps", "eq-likelihood-ce-in-logits", "ce-gradient"],
)
def test_derivations_are_shown_as_steps(page: str, label: str) -> None:
    assert_shown_as_steps(page, label)


def test_the_gradient_steps_end_in_s_minus_y(page: str) -> None:
    # Differentiated by a generic logit z_j: k is kept for the true class.
    block = equation_block(page, "ce-gradient")
    assert r"\partial {z}_{j}" in block
    last = block.split(r"\\")[-1]
    assert re.search(r"\{s\}_\{j\} - \{y\}_\{j\}", last), last


def test_every_derived_result_carries_a_mark(page: str) -> None:
    # Each glued display of a proven result is followed by its verified mark.
    for label in ("eq-likelihood-ce-in-logits", "eq-likelihood-jacobian-steps", "softmax-jacobian"):
        after = page.split(f'id="equation-{label}"')[1].split('id="equation-')[0]
        assert 'href="claims.html#claim-' in after, label


def test_finite_difference_agreement_is_glued_as_a_number(
    built_site: BuildResult, page: str
) -> None:
    shown = shown_glue_math(built_site.html, "likelihood")
    value = shown["likelihood-fd-error"]
    mantissa, exponent = re.fullmatch(r"([\d.]+) \\times 10\^\{(-\d+)\}", value).groups()
    assert float(mantissa) * 10 ** int(exponent) < 1e-8
    # The cell prints the same number the sentence quotes.
    assert f"largest difference:   {mantissa}e{int(exponent):03d}" in page
