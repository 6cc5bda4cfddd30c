"""The pages follow the notation table: no symbol used for a meaning the table gives another."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from derivations.notation import NOTATION, Entry

PAGES = sorted((ROOT / "docs").glob("*.md"))
#: Code lines of a code cell (its option lines, which hold captions and alt texts, stay).
_CODE = re.compile(r"^(```\{code-cell\}[^\n]*\n)(.*?)(^```\s*$)", re.MULTILINE | re.DOTALL)


def reading_text(source: str) -> str:
    """A page's source without the code of its code cells (captions and prose stay)."""

    def options_only(match: re.Match) -> str:
        kept = [line for line in match.group(2).splitlines() if line.startswith(":")]
        return match.group(1) + "\n".join(kept) + "\n" + match.group(3)

    return _CODE.sub(options_only, source)


def misuses(text: str, entries: tuple[Entry, ...] = NOTATION) -> list[tuple[str, str]]:
    """(symbol, matched text) for every ``avoid`` pattern of the table found in ``text``."""
    found = []
    for entry in entries:
        for pattern in entry.avoid:
            found += [(entry.symbol, m.group(0)) for m in re.finditer(pattern, text)]
    return found


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_follows_the_notation(page):
    assert misuses(reading_text(page.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    "text",
    [
        r"the probability $s_y$ of the true class",
        r"with $p_i = \frac{x_i}{\sum_j x_j}$",
        r"the margin $d = z_1 - z_2$",
        r"samples $(x^{(k)}, y^{(k)})$",
        "the true class is class 0",
        r"$\mathrm{CE}(s, y)$",
    ],
)
def test_the_check_finds_known_drifts(text):
    assert misuses(text), text


def test_captions_are_read_but_code_is_not():
    source = "```{code-cell} ipython3\n:caption: class 0 wins\ns_y = 1\n```\n"
    text = reading_text(source)
    assert "class 0" in text
    assert "s_y = 1" not in text


def test_every_entry_names_an_existing_page():
    names = {p.stem for p in PAGES}
    assert {e.page for e in NOTATION} <= names
    assert len({e.symbol for e in NOTATION}) == len(NOTATION)
