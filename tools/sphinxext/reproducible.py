"""Sphinx extension: an incremental build publishes the same bytes as a clean one.

Two things made the published tree depend on what the output directory held before the build:

- **The search index.** Sphinx writes ``searchindex.js`` from the pages it writes in this build
  plus what it reads back from the previous ``searchindex.js``, and reading back restores titles
  and terms but not the index entries (``IndexBuilder.load`` in Sphinx 9.0 ignores
  ``indexentries``). After a rebuild that leaves ``api`` unwritten, every autodoc entry is gone
  from the index (43 kB -> 31 kB) and search no longer finds API names. So every page is written
  in every build (``env-updated`` returns all of them): the index is always made from all pages.
  Reading, and so execution, stays incremental; writing the pages costs about a second. The
  previous ``searchindex.js`` is removed before the pages are written: read back and then pruned
  of every page, it left each word that no page uses any more in the index with an empty list.
- **MyST-NB's stylesheet.** MyST-NB copies ``mystnb.<hash>.css`` into ``_static`` when the build
  finishes, after the pages are written, and Sphinx adds ``?v=<checksum>`` to a stylesheet link
  only when the file is already there: a clean build linked it without a checksum, a rebuild with
  one, and the index pages (written last) differed from the rest. So the stylesheet is copied
  when the builder starts, with MyST-NB's own function, before any page is written.
- **Images no page uses any more.** Sphinx copies each page's images into ``_images/`` and never
  removes one: after a figure changes, the old file stays in the tree beside the new one. When
  the build finishes, files of ``_images/`` that no page references are removed, and so is
  ``.buildinfo.bak`` (Sphinx's backup of the previous build's configuration stamp).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _all_pages(app: Any, env: Any) -> list[str]:
    # Every page is written, so the old index has nothing to contribute but stale words.
    if app.builder.format == "html":
        (Path(app.outdir) / app.builder.searchindex_filename).unlink(missing_ok=True)
    return sorted(env.found_docs)


def _publish_mystnb_css(app: Any) -> None:
    from myst_nb.sphinx_ext import add_global_html_resources

    add_global_html_resources(app, None)


def _remove_unused_images(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    used = set(app.builder.images.values())  # the names Sphinx copied into _images/ this build
    images = outdir / app.builder.imagedir
    if images.is_dir():
        for file in images.iterdir():
            if file.is_file() and file.name not in used:
                file.unlink()
    (outdir / ".buildinfo.bak").unlink(missing_ok=True)


def setup(app: Any) -> dict[str, Any]:
    app.setup_extension("myst_nb")
    app.connect("env-updated", _all_pages)
    app.connect("builder-inited", _publish_mystnb_css)
    app.connect("build-finished", _remove_unused_images)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
