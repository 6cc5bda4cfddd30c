"""The claims index lists every registered claim, linked both ways, with its parts' scope."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT, BuildResult

from derivations import claims
from derivations.claims import ANY_N, EXACT, MEASURED, exact_for, numeric
from derivations.report import (
    CATEGORIES,
    category,
    check_claims,
    claims_entries_markdown,
    claims_table_markdown,
    method_markdown,
    scope_summary,
)


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


#: A display a page marks as showing a claim, as written in its Markdown: the equation's label,
#: then (after the closing fence) the claim's verified mark.
MARKED = re.compile(r":label: (\S+)\n *```\n *\{verified\}`([^`]+)`")


def _marked_in_sources() -> dict[str, set[str]]:
    """Claim slug -> the links to every equation marked for it, read from the page sources."""
    found: dict[str, set[str]] = {}
    for source in sorted((ROOT / "docs").glob("*.md")):
        for label, slug in MARKED.findall(source.read_text()):
            found.setdefault(slug, set()).add(f"{source.stem}.html#equation-{label}")
    return found


def test_each_entry_links_every_equation_that_shows_its_claim(index: str) -> None:
    """A claim shown in several equations, or on several pages, links to each of them."""
    marked = _marked_in_sources()
    assert len(marked["two-class-limits"]) > 1
    for claim in claims.all_claims():
        entry = index.split(f'id="{claim.anchor}"')[1].split('<section id="claim-')[0]
        shown = entry.split("Shown in")[1].split("Assumptions")[0]
        links = set(re.findall(r'href="([^"#]+#equation-[^"]+)"', shown))
        assert links == marked.get(claim.slug, set()), claim.slug
        for page in {link.split("#")[0] for link in links}:
            assert f'href="{page}"' in shown, f"{claim.slug}: no link to {page}"


@pytest.mark.parametrize("claim", claims.all_claims(), ids=lambda c: c.id)
def test_entry_says_how_each_part_was_proved(index: str, claim: claims.Claim) -> None:
    entry = index.split(f'id="{claim.anchor}"')[1].split('<section id="claim-')[0]
    text = re.sub(r"<[^>]+>", "", entry).lower()
    evidence = claim.check()
    for part in claim.parts():
        for method in evidence.scope(part):
            # The words outside math (the sizes are typeset, so not in the text as written).
            for words in re.split(r"\$[^$]*\$", method_markdown(method)):
                assert words.strip().lower() in text, (part, words)


def test_the_table_uses_the_four_categories_and_no_page_names(index: str) -> None:
    table = "<table" + index.split("<table")[1].split("</table>")[0]
    header = re.sub(r"<[^>]+>", " ", table.split("</thead>")[0]).split()
    assert header == ["claim", "(equation)", "proved"]
    assert 'class="reference internal" href="likelihood.html"' not in table
    assert "40-digit" not in index.split("<table")[0], "the intro says 'at least 40 digits'"


def test_the_markdown_links_each_claim_to_its_equation() -> None:
    claim = claims.get("ce-gradient")
    statuses = check_claims([claim])
    assert f"{{eq}}`{claim.label}`" in claims_table_markdown(statuses)
    entries = claims_entries_markdown(statuses)
    assert entries.startswith(f"({claim.anchor})=")
    assert entries.count("$\\displaystyle") == len(claim.parts())


def test_category_names_the_sizes_and_the_kind() -> None:
    assert category(ANY_N) == CATEGORIES["any-n"]
    assert category(exact_for((2, 3, 4, 8))) == "exactly for $n = 2, 3, 4, 8$"
    assert category(EXACT) == "exactly (fixed size)"
    assert category(numeric(12, 120)) == "numerically"
    assert method_markdown(numeric(12, 120)).endswith("120-digit values at 12 points)")
    assert method_markdown(MEASURED) == "measured in floating point"


def test_the_weakest_part_sets_the_summary() -> None:
    # ce-gradient: every part symbolic; standard-normalization: examples of fixed size.
    [general, fixed] = check_claims(
        [claims.get("ce-gradient"), claims.get("standard-normalization")]
    )
    assert scope_summary(general) == "symbolically for every $n$"
    assert scope_summary(fixed) == "exactly (fixed size)"


def test_no_claims_is_an_error() -> None:
    with pytest.raises(ValueError, match="claims_table_markdown"):
        claims_table_markdown([])
    with pytest.raises(ValueError, match="claims_entries_markdown"):
        claims_entries_markdown([])
