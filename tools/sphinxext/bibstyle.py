"""Author-year labels in the reference list, matching the author-year citations in the text.

The text cites as "Goodfellow et al. [2016]" (sphinxcontrib-bibtex's ``author_year`` reference
style); pybtex's ``plain`` style would still number the list ([1], [2], ...). This registers a
pybtex style ``authoryear``: ``plain`` (sorted by author, then year) with labels such as
"Goodfellow et al. 2016", a letter added when two entries would share a label. Labels and the
sort order read names as a reader does: LaTeX accents decoded ("de Brébisson", not
"de Br{\\'e}bisson") and the braces that keep an institution's name whole dropped (so
"Stack Overflow contributors" sorts under S, not after Z).
"""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle
from sphinx.application import Sphinx


def plain_text(latex: str) -> str:
    r"""Decode LaTeX accents and drop braces: ``de Br{\'e}bisson`` -> ``de Brébisson``."""
    return codecs.decode(latex, "ulatex").replace("{", "").replace("}", "")


def _surname(person: Any) -> str:
    name = " ".join(person.prelast_names + person.last_names) or " ".join(person.first_names)
    return plain_text(name)


def _authors(entry: Any) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        # Institutional or untitled entries: the first words of the organisation or title.
        source = entry.fields.get("organization") or entry.fields.get("title", "")
        return source.strip("{}").split(":")[0]
    names = [_surname(p) for p in people]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


class AuthorYearLabels(BaseLabelStyle):
    """Labels "Author Year", "Author and Author Year", "Author et al. Year"."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        entries = list(sorted_entries)
        labels = [f"{_authors(e)} {e.fields.get('year', 'n.d.')}" for e in entries]
        counts, seen = Counter(labels), Counter()
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                yield f"{label}{chr(ord('a') + seen[label] - 1)}"
            else:
                yield label


class AuthorYearSorting(SortingStyle):
    """Author, year, title, compared as plain text (accents decoded, braces dropped)."""

    def sorting_key(self, entry: Any) -> tuple[str, ...]:
        return tuple(plain_text(part) for part in super().sorting_key(entry))


class AuthorYearStyle(PlainStyle):
    """pybtex's ``plain`` formatting, with author-year labels and a plain-text sort."""

    default_label_style = AuthorYearLabels
    default_sorting_style = AuthorYearSorting


def setup(app: Sphinx) -> dict[str, Any]:
    register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
