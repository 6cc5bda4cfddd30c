"""Sphinx extension: serve the interactive figures' JavaScript, only to the pages that show one.

The interactive figures (``derivations/interactive``) need Bokeh's ``bokeh.min.js`` and the
site's small runtime ``why-interactive.js`` (with its stylesheet). This extension copies the three
files into ``_static/interactive/`` when the builder starts (before any page is written, so
Sphinx's ``?v=<checksum>`` is the same in a clean and an incremental build), and adds them to a
page's ``<head>`` only when its body carries the figures' marker: every other page loads none of
it. Bokeh comes from the installed Python package (the docs dependency group), so the site needs
no network, neither to build nor to read.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path
from typing import Any

#: Where the files go under ``_static``.
FOLDER = "interactive"
#: What a page's body contains when it shows an interactive figure (figure.MARKER).
MARKER = "data-why-interactive="


def _sources(confdir: Path) -> dict[str, Path]:
    """The files to publish: name under ``_static/interactive`` -> source file."""
    import bokeh
    from bokeh.util.paths import bokehjs_path

    assets = confdir / "derivations" / "interactive" / "assets"
    return {
        # The version in the name: a reader's cached copy is never taken for another version.
        f"bokeh-{bokeh.__version__}.min.js": bokehjs_path() / "js" / "bokeh.min.js",
        "why-interactive.js": assets / "why-interactive.js",
        "why-interactive.css": assets / "why-interactive.css",
    }


def publish(confdir: Path, outdir: Path) -> list[str]:
    """Copy the files into ``outdir/_static/interactive``; return their names there."""
    target = outdir / "_static" / FOLDER
    names = []
    for name, src in _sources(confdir).items():
        dst = target / name
        if not (dst.is_file() and filecmp.cmp(src, dst, shallow=False)):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
        names.append(name)
    return names


def _on_builder_inited(app: Any) -> None:
    if app.builder.format == "html":
        publish(Path(app.confdir), Path(app.outdir))


def _on_page_context(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if MARKER not in context.get("body", ""):
        return
    for name in _sources(Path(app.confdir)):
        path = f"{FOLDER}/{name}"
        if name.endswith(".css"):
            app.add_css_file(path)
        else:
            # Deferred, in document order: Bokeh first, then the runtime, after the page's
            # inline scripts have queued their figures.
            app.add_js_file(path, loading_method="defer")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
