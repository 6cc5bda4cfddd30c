"""The "verified" mark, and where each claim is shown.

A page writes ``{verified}`ce-gradient``` after the equation that states the claim; the mark
links to the target ``claim-ce-gradient``, which the claims index renders only once the claim's
proof has passed in the build. The link is an ordinary ``ref`` to that target, so a mark for a
claim the index does not list is an unresolved reference, and the strict build fails.

A claim's parts, or the derivation that ends in it, may be shown in several equations, on more
than one page. The claims index writes ``{claim-displays}`ce-gradient``` in the claim's entry:
once every page has been read (``env-updated``), this extension finds, page by page in reading
order, each equation directly followed by a mark for that claim, and when the index is written
(``doctree-resolved``) the role becomes "(3) and (4) on <that page>", each number a link to its
equation. A claim shown nowhere is a warning, so the strict build fails. The page holding the
roles is written again in every build, so an edit to another page updates it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinxext.reading_order import reading_order

logger = logging.getLogger(__name__)

#: What a reader sees, and the tooltip that explains it.
TEXT = "verified"
TITLE = "Proved when this site was built: see how in the claims index"
#: The prefix of the claims index's targets: ``claim-<slug>``.
TARGET = "claim-"


class VerifiedRole(SphinxRole):
    """``{verified}`slug``` -> a link to ``claim-<slug>`` in the claims index."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        slug = self.text.strip()
        ref = addnodes.pending_xref(
            "",
            nodes.inline("", TEXT, classes=["verified-text"]),
            refdomain="std",
            reftype="ref",
            reftarget=f"{TARGET}{slug}",
            refexplicit=True,
            refwarn=True,
            reftitle=TITLE,
        )
        mark = nodes.inline("", "", ref, classes=["verified"])
        return [mark], []


class claim_displays(nodes.Inline, nodes.Element):  # docutils names its node classes in lower case
    """Placeholder for the equations that show claim ``slug``."""


class ClaimDisplaysRole(SphinxRole):
    """``{claim-displays}`slug``` -> a placeholder, resolved when the page is written."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [claim_displays("", slug=self.text.strip())], []


def marked_equations(doctree: nodes.document) -> Iterator[tuple[str, str]]:
    """``(slug, label)`` for each labelled equation directly followed by a claim's mark."""
    for mark in doctree.findall(nodes.inline):
        if "verified" not in mark["classes"]:
            continue
        paragraph = mark.parent
        if paragraph is None or paragraph.parent is None:
            continue
        at = paragraph.parent.index(paragraph)
        before = paragraph.parent[at - 1] if at > 0 else None
        ref = next(iter(mark.findall(addnodes.pending_xref)), None)
        if isinstance(before, nodes.math_block) and before.get("label") and ref is not None:
            yield ref["reftarget"].removeprefix(TARGET), before["label"]


def compute(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Find where each claim is shown; return the pages holding the roles (to be written again)."""
    shown: dict[str, list[tuple[str, str]]] = {}
    pages: list[str] = []
    for docname in reading_order(env):
        doctree = env.get_doctree(docname)
        if any(True for _ in doctree.findall(claim_displays)):
            pages.append(docname)
        for slug, label in marked_equations(doctree):
            if (docname, label) not in shown.setdefault(slug, []):
                shown[slug].append((docname, label))
    env.claim_displays = shown  # type: ignore[attr-defined]
    return pages


def _joined(parts: list[nodes.Node], between: str = ", ", last: str = " and ") -> list[nodes.Node]:
    """``a``, ``a and b``, ``a, b and c`` (by default)."""
    out: list[nodes.Node] = []
    for at, part in enumerate(parts):
        if at:
            out.append(nodes.Text(last if at == len(parts) - 1 else between))
        out.append(part)
    return out


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each placeholder by links to the equations that show the claim, page by page."""
    env = app.env
    shown: dict[str, list[tuple[str, str]]] = getattr(env, "claim_displays", {})
    math = env.get_domain("math")
    for node in list(doctree.findall(claim_displays)):
        where = shown.get(node["slug"], [])
        if not where:
            logger.warning(
                "claim-displays: no equation is marked {verified}`%s`", node["slug"], location=node
            )
        groups: list[nodes.Node] = []
        for page in dict.fromkeys(page for page, _ in where):
            numbers = [
                math.resolve_xref(
                    env, docname, app.builder, "eq", label, node, nodes.inline("", label)
                )
                for other, label in where
                if other == page
            ]
            link = nodes.reference(
                "", "", internal=True, refuri=app.builder.get_relative_uri(docname, page)
            )
            link += nodes.inline("", env.titles[page].astext())
            groups.append(nodes.inline("", "", *_joined(numbers), nodes.Text(" on "), link))
        # replace_self() would move the placeholder's ids (it has one by now) onto the first
        # group: the links need no target, and the id would be the claim's slug.
        node["ids"] = []
        node.replace_self(_joined(groups, "; ", "; "))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("verified", VerifiedRole())
    app.add_node(claim_displays)
    app.add_role("claim-displays", ClaimDisplaysRole())
    app.connect("env-updated", compute)
    app.connect("doctree-resolved", resolve)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
