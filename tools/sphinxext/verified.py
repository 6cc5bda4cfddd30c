"""The "verified" mark: a small link from a proven result to its entry in the claims index.

A page writes ``{verified}`ce-gradient``` after the equation that states the claim; the mark
links to the target ``claim-ce-gradient``, which the claims index renders only once the claim's
proof has passed in the build. The link is an ordinary ``ref`` to that target, so a mark for a
claim the index does not list is an unresolved reference, and the strict build fails.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

#: What a reader sees, and the tooltip that explains it.
TEXT = "verified"
TITLE = "Proved when this site was built: see how in the claims index"


class VerifiedRole(SphinxRole):
    """``{verified}`slug``` -> a link to ``claim-<slug>`` in the claims index."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        slug = self.text.strip()
        ref = addnodes.pending_xref(
            "",
            nodes.inline("", TEXT, classes=["verified-text"]),
            refdomain="std",
            reftype="ref",
            reftarget=f"claim-{slug}",
            refexplicit=True,
            refwarn=True,
            reftitle=TITLE,
        )
        mark = nodes.inline("", "", ref, classes=["verified"])
        return [mark], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("verified", VerifiedRole())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
