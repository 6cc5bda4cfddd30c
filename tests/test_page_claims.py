"""The claims index lists every registered claim as passed, linked to the equation stating it."""

from __future__ import annotations

import re

import pytest
from helpers import BuildResult

from derivations import claims
from derivations.report import check_claims, claims_table_markdown

pytestmark = pytest.mark.build


def _rows(html: str) -> dict[str, str]:
    """Table rows of the claims page, keyed by the claim id in their first cell."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.DOTALL):
        first = re.search(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
        if first:
            text = re.sub(r"<[^>]+>", "", first.group(1)).strip()
            rows[text] = row
    return rows


@pytest.mark.parametrize("claim", claims.all_claims(), ids=lambda c: c.id)
def test_claim_is_listed_as_passed_with_a_resolving_link(
    built_site: BuildResult, claim: claims.Claim
) -> None:
    html = (built_site.html / "claims.html").read_text()
    rows = _rows(html)
    assert claim.id in rows, f"{claim.id} is not in the claims table"
    row = rows[claim.id]
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert "passed" in cells, f"{claim.id}: status is {cells}"
    # The link to the equation: href="<page>.html#equation-<label>", and that anchor exists.
    target = f"{claim.page}.html#equation-{claim.label}"
    assert f'href="{target}"' in row, f"{claim.id}: no link to {target} in {row}"
    page = (built_site.html / f"{claim.page}.html").read_text()
    assert f'id="equation-{claim.label}"' in page, f"{claim.id}: {target} does not resolve"
    # Its statement section exists on the claims page.
    assert f'id="claim-{claim.id.lower()}"' in html


def test_every_claim_links_its_equation_with_an_eq_role() -> None:
    # An {eq} role to a label no page defines is a Sphinx warning, which fails the strict build.
    text = claims_table_markdown(check_claims([claims.get("F3")]))
    claim = claims.get("F3")
    assert f"{{eq}}`{claim.label}`" in text


def test_a_failing_claim_fails_the_index() -> None:
    claim = claims.get("F3")
    wrong = {key: value + 1 for key, value in claim.claimed().items()}
    with pytest.raises(claims.ClaimFailed):
        claim.check(wrong)
    with pytest.raises(ValueError, match="claims_table_markdown"):
        claims_table_markdown([])
