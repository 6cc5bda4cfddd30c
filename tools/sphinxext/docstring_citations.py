"""Docstring citations read ``[1]``, not numpydoc's internal label ``[R3f2a...-1]``.

numpydoc makes the citation labels of each docstring unique by prefixing them with a hash of the
object's name (``.. [1]`` becomes ``.. [Rcfefc868ff30-1]``, ``[1]_`` becomes
``[Rcfefc868ff30-1]_``), then puts the short label back, on ``doctree-read``, in the citation and
in every reference that docutils recorded as pointing to it. The API page is MyST, whose
``{eval-rst}`` blocks are parsed as separate documents: docutils records no such references there,
so the citations read ``[1]`` but the references in the text keep the hashed label. This puts the
short label back in those references too (their links are unchanged).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

#: A reference's text as numpydoc leaves it: "[R" + 12 hex digits + "-" + the docstring's label.
HASHED = re.compile(r"\[R[0-9a-f]{12}-([^\]]+)\]")


def relabel(app: Sphinx, doctree: nodes.document) -> None:
    """Replace ``[R<hash>-<label>]`` by ``[<label>]`` in every citation reference."""
    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get("refdomain") != "citation":
            continue
        for text in list(ref.findall(nodes.Text)):
            short = HASHED.sub(r"[\1]", text.astext())
            if short != text.astext():
                text.parent.replace(text, nodes.Text(short))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", relabel, priority=900)  # after numpydoc's own relabelling
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
