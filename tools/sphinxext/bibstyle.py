"""Author-year labels in the reference list, matching the author-year citations in the text.

The text cites as "Goodfellow et al. [2016]" (sphinxcontrib-bibtex's ``author_year`` reference
style); pybtex's ``plain`` style would still number the list ([1], [2], ...). This registers a
pybtex style ``authoryear``: ``plain`` (sorted by author, then year) with labels such as
"Goodfellow et al. 2016", a letter added when two entries would share a label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx


def _surname(person: Any) -> str:
    return " ".join(person.prelast_names + person.last_names) or " ".join(person.first_names)


def _authors(entry: Any) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        # Institutional or untitled entries: the first words of the organisation or title.
        source = entry.fields.get("organization") or entry.fields.get("title", "")
        return source.strip("{}").split(":")[0]
    names = [_surname(p).strip("{}") for p in people]
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


class AuthorYearStyle(PlainStyle):
    """pybtex's ``plain`` formatting with :class:`AuthorYearLabels`."""

    default_label_style = AuthorYearLabels


def setup(app: Sphinx) -> dict[str, Any]:
    register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
