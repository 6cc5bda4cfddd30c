"""Keep the punctuation after inline math on the math's line.

A browser may break a line between inline math and the ``.`` or ``)`` right after it, leaving
the punctuation alone at the start of the next line. This transform wraps each inline math
node and the punctuation that follows it (up to the next space) in ``<span class="nowrap">``,
which ``custom.css`` keeps on one line.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

#: Punctuation that must not start a line after inline math.
_PUNCT = re.compile(r"^[.,;:!?)\]’”]+")


class KeepPunctuationWithMath(SphinxPostTransform):
    """Wrap ``math`` + following punctuation in a no-wrap span."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        for math in list(self.document.findall(nodes.math)):
            parent = math.parent
            if parent is None:
                continue
            index = parent.index(math)
            if index + 1 >= len(parent.children):
                continue
            after = parent.children[index + 1]
            if not isinstance(after, nodes.Text):
                continue
            found = _PUNCT.match(str(after))
            if not found:
                continue
            punct, rest = found.group(0), str(after)[found.end() :]
            group = nodes.inline("", "", classes=["nowrap"])
            parent.replace(math, group)
            group += math
            group += nodes.Text(punct)
            if rest:
                parent.replace(after, nodes.Text(rest))
            else:
                parent.remove(after)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(KeepPunctuationWithMath)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
