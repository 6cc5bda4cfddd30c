"""The order a reader meets the documents in, for the extensions that collect from every page."""

from __future__ import annotations

from collections.abc import Iterator

from sphinx.environment import BuildEnvironment


def reading_order(env: BuildEnvironment) -> Iterator[str]:
    """The root document, then the documents of its toctrees, depth first, each once."""
    seen: set[str] = set()

    def walk(docname: str) -> Iterator[str]:
        if docname in seen:
            return
        seen.add(docname)
        yield docname
        for child in env.toctree_includes.get(docname, ()):
            yield from walk(child)

    yield from walk(env.config.root_doc)
