"""The likelihood page states every claim registered for it, checked, and a passing FD check."""

from __future__ import annotations

import re

import pytest
from helpers import BuildResult

from derivations import claims

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "likelihood.html").read_text()


def test_every_claim_of_the_page_is_shown_under_its_label(page: str) -> None:
    mine = [c for c in claims.all_claims() if c.page == "likelihood"]
    assert mine, "no claim is registered for the likelihood page"
    for claim in mine:
        assert f'id="equation-{claim.label}"' in page, claim.id


def test_raw_and_reduced_gradient_are_both_shown(page: str) -> None:
    assert 'id="equation-eq-likelihood-ce-raw"' in page
    assert 'id="equation-ce-gradient"' in page
    # The raw derivative still has the Kronecker deltas the reduction removes.
    raw = page.split('id="equation-eq-likelihood-ce-raw"')[1].split("</div>")[0]
    assert "delta" in raw


def test_finite_difference_check_is_visible_and_passes(page: str) -> None:
    printed = re.search(r"largest difference: ([0-9.e+-]+)", page)
    assert printed, "the finite-difference output is missing"
    assert float(printed[1]) < 1e-8
    glued = re.search(r'agree to\s*<span class="pasted-text">([^<]*)</span>', page)
    assert glued
    assert float(glued[1]) == pytest.approx(float(printed[1]), rel=0.05)


def test_the_page_reports_how_each_claim_was_checked(page: str) -> None:
    assert page.count("general-n symbolic") >= 4
