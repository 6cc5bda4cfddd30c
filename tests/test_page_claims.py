"""The claims index lists every registered claim, linked both ways, with its parts' scope."""

from __future__ import annotations

import re

import pytest
from helpers import BuildResult

from derivations import claims
from derivations.report import check_claims, claims_entries_markdown, claims_table_markdown


@pytest.fixture(scope="module")
def index(built_site: BuildResult) -> str:
    return (built_site.html / "claims.html").read_text()


@pytest.mark.parametrize("claim", claims.all_claims(), ids=lambda c: c.id)
def test_claim_is_listed_and_linked_both_ways(
    built_site: BuildResult, index: str, claim: claims.Claim
) -> None:
    assert f'id="{claim.anchor}"' in index, f"{claim.id} has no entry"
    # The entry links to the equation that states the claim, and that anchor exists.
    target = f"{claim.page}.html#equation-{claim.label}"
    assert f'href="{target}"' in index, f"{claim.id}: no link to {target}"
    page = (built_site.html / f"{claim.page}.html").read_text()
    assert f'id="equation-{claim.label}"' in page, f"{claim.id}: {target} does not resolve"
    # The page's verified mark links back to the entry.
    assert f'href="claims.html#{claim.anchor}"' in page, f"{claim.id}: no verified mark"


@pytest.mark.parametrize("claim", claims.all_claims(), ids=lambda c: c.id)
def test_entry_says_how_each_part_was_proved(index: str, claim: claims.Claim) -> None:
    entry = index.split(f'id="{claim.anchor}"')[1].split('<section id="claim-')[0]
    text = re.sub(r"<[^>]+>", "", entry)
    evidence = claim.check()
    for part in claim.parts():
        for method in evidence.scope(part):
            words = re.sub(r"\$[^$]*\$", "", method.words).split(" for")[0]
            assert words[:20] in text.lower() or words[:20].capitalize() in text, (part, words)


def test_the_markdown_links_each_claim_to_its_equation() -> None:
    claim = claims.get("ce-gradient")
    statuses = check_claims([claim])
    assert f"{{eq}}`{claim.label}`" in claims_table_markdown(statuses)
    entries = claims_entries_markdown(statuses)
    assert entries.startswith(f"({claim.anchor})=")
    assert entries.count("$\\displaystyle") == len(claim.parts())


def test_no_claims_is_an_error() -> None:
    with pytest.raises(ValueError, match="claims_table_markdown"):
        claims_table_markdown([])
    with pytest.raises(ValueError, match="claims_entries_markdown"):
        claims_entries_markdown([])
