"""Two fixes to how docstrings render on the API page (a MyST page of ``{eval-rst}`` blocks).

Citations. numpydoc makes the citation labels of each docstring unique by prefixing them with a
hash of the object's name (``.. [1]`` becomes ``.. [Rcfefc868ff30-1]``, ``[1]_`` becomes
``[Rcfefc868ff30-1]_``), then puts the short label back, on ``doctree-read``, in the citation and
in every reference that docutils recorded as pointing to it. MyST parses each ``{eval-rst}`` block
as a separate document, so docutils records no such references: the citations read ``[1]`` but
the references in the text kept the hashed label. :func:`relabel` puts the short label back in
those references too (their links are unchanged).

Metadata. A doc-comment such as ``#: The sparsemax loss.`` followed by ``#: :meta hide-value:``
hides the constant's value (Sphinx finds the field on any line), but the field is removed from
the text only when it forms a paragraph of its own: written on the next line, it was shown as
words. :func:`drop_meta_fields` removes every ``:meta ...:`` line from the docstrings, wherever
it is written.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

#: A reference's text as numpydoc leaves it: "[R" + 12 hex digits + "-" + the docstring's label.
HASHED = re.compile(r"\[R[0-9a-f]{12}-([^\]]+)\]")
#: A metadata field of a docstring (``:meta hide-value:``, ``:meta private:``, ...).
META = re.compile(r"^\s*:meta [^:]+:")


def relabel(app: Sphinx, doctree: nodes.document) -> None:
    """Replace ``[R<hash>-<label>]`` by ``[<label>]`` in every citation reference."""
    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get("refdomain") != "citation":
            continue
        for text in list(ref.findall(nodes.Text)):
            short = HASHED.sub(r"[\1]", text.astext())
            if short != text.astext():
                text.parent.replace(text, nodes.Text(short))


def drop_meta_fields(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Remove the ``:meta ...:`` lines of a docstring (autodoc has read them already)."""
    lines[:] = [line for line in lines if not META.match(line)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", relabel, priority=900)  # after numpydoc's own relabelling
    app.connect("autodoc-process-docstring", drop_meta_fields, priority=400)  # before numpydoc
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
