"""The notation table's "first used on" column, read from the pages as built.

The notation page shows :data:`derivations.notation.NOTATION` as a table whose last column
holds the role ``{first-use}`<number>``` (the entry's place in ``NOTATION``). Which page first
uses a symbol cannot be read from the Markdown sources: most of the pages' math is glued from
SymPy when they run. So once every page has been read (``env-updated``), this extension takes
the math of each page that comes before the table in reading order (the root document, then its
toctrees, depth first), as the page shows it, and finds with each entry's ``uses`` pattern the
first page that uses the symbol (:func:`derivations.notation.first_pages`). When the notation
page is written (``doctree-resolved``), each role becomes a link to that page, the table's
rows are put in reading order, and the table gets the class ``notation-table``. An entry that no
page uses shows a dash (``tests/test_notation.py`` fails on it). The page holding the table is
written again in every build, so an incremental build that changed another page updates the
column too.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxRole
from sphinxext.reading_order import reading_order

from derivations.notation import FIRST_USE_ROLE, NOTATION, first_pages

#: What a reader sees for an entry that no page uses (a test fails on it).
UNUSED = "\N{EM DASH}"
#: The class of the table that holds the roles (custom.css stacks its rows on a phone).
TABLE_CLASS = "notation-table"


class first_use(nodes.Inline, nodes.Element):  # docutils names its node classes in lower case
    """Placeholder for the first page that uses entry ``entry`` of ``NOTATION``."""


class FirstUseRole(SphinxRole):
    """``{first-use}`<number>``` -> a placeholder, resolved when the page is written."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            entry = int(self.text)
            NOTATION[entry]
        except (ValueError, IndexError):
            msg = self.inliner.reporter.error(f"first-use: no notation entry {self.text!r}")
            return [], [msg]
        return [first_use("", entry=entry)], []


def _math(doctree: nodes.document) -> list[str]:
    math = doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))
    return [n.astext() for n in math]


def compute(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Find each entry's first page; return the pages holding the table (to be written again)."""
    pages: list[tuple[str, list[str]]] = []
    tables: list[str] = []
    for docname in reading_order(env):
        doctree = env.get_doctree(docname)
        if any(True for _ in doctree.findall(first_use)):
            tables.append(docname)
        elif not tables:
            pages.append((docname, _math(doctree)))
    found = first_pages(pages)
    env.notation_first_use = {NOTATION.index(e): page for e, page in found.items()}  # type: ignore[attr-defined]
    env.notation_order = [name for name, _ in pages]  # type: ignore[attr-defined]
    return tables


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each placeholder by a link to its page; sort the table's rows in reading order."""
    env = app.env
    first: dict[int, str | None] = getattr(env, "notation_first_use", {})
    order: list[str] = getattr(env, "notation_order", [])

    def rank(row: nodes.Node) -> int:
        node = next(iter(row.findall(first_use)), None)
        page = first.get(node["entry"]) if node is not None else None
        return order.index(page) if page in order else len(order)

    for body in doctree.findall(nodes.tbody):
        if any(True for _ in body.findall(first_use)):
            body[:] = sorted(body.children, key=rank)
            # A class for the stylesheet: on a phone the rows are stacked (docs/_static).
            table = body.parent.parent
            table["classes"].append(TABLE_CLASS)
    for node in list(doctree.findall(first_use)):
        page = first.get(node["entry"])
        if page is None:
            node.replace_self(nodes.Text(UNUSED))
            continue
        link = nodes.reference(
            "", "", internal=True, refuri=app.builder.get_relative_uri(docname, page)
        )
        link += nodes.inline("", env.titles[page].astext())
        node.replace_self(link)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(first_use)
    app.add_role(FIRST_USE_ROLE, FirstUseRole())
    app.connect("env-updated", compute)
    app.connect("doctree-resolved", resolve)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
