"""Sphinx extension: publish the part of MathJax 3 the site needs under ``_static/mathjax``.

MathJax comes from the ``sphinx-mathjax-offline`` wheel (PyPI), installed with the rest of the
docs group, so a reader's browser needs no network to render math, over http or from files.
That wheel's own extension copies its whole 24 MB tree after the build; this one copies only
the TeX-to-CommonHTML component, its web fonts and the TeX extensions that MathJax's
``autoload`` fetches on demand (``\\cancel``, ``\\boldsymbol``, ...), and it copies them *before*
the pages are written, so Sphinx's ``?v=<checksum>`` on the script tag is the same in a clean
build and in an incremental one.

``conf.py`` sets ``mathjax_path = "mathjax/tex-chtml.js"``; this module provides the files.
"""

from __future__ import annotations

import filecmp
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

#: The distribution that ships MathJax 3, and where its files sit inside it.
DISTRIBUTION = "sphinx-mathjax-offline"
BUNDLE = Path("sphinx-mathjax-offline") / "static" / "mathjax"
#: The component the pages load (set as ``mathjax_path`` in conf.py).
ENTRY = "tex-chtml.js"
#: What the component loads at run time, as glob patterns relative to the MathJax root.
RUNTIME = (
    "output/chtml/fonts/woff-v2/*.woff",
    "input/tex/extensions/*.js",
)
#: Autoload never asks for the everything-bundle; leave its 215 kB out.
EXCLUDED = ("input/tex/extensions/all-packages.js",)


def mathjax_root() -> Path:
    """Directory of the installed MathJax 3 tree (raises if the wheel is missing)."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError as err:
        msg = f"offline_mathjax: {DISTRIBUTION} is not installed; run `make venv`"
        raise RuntimeError(msg) from err
    root = Path(str(dist.locate_file(BUNDLE)))
    if not (root / ENTRY).is_file():
        msg = f"offline_mathjax: {root / ENTRY} not found in {DISTRIBUTION}"
        raise RuntimeError(msg)
    return root


def needed_files(root: Path) -> list[Path]:
    """Paths, relative to ``root``, of every MathJax file the published site needs, sorted."""
    files = {Path(ENTRY)}
    for pattern in RUNTIME:
        files.update(p.relative_to(root) for p in root.glob(pattern) if p.is_file())
    files.difference_update(Path(e) for e in EXCLUDED)
    return sorted(files)


def publish(outdir: Path) -> list[Path]:
    """Copy the needed MathJax files into ``outdir/_static/mathjax``; return their targets."""
    root = mathjax_root()
    target = outdir / "_static" / "mathjax"
    written = []
    for rel in needed_files(root):
        src, dst = root / rel, target / rel
        if not (dst.is_file() and filecmp.cmp(src, dst, shallow=False)):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
        written.append(dst)
    return written


def _on_builder_inited(app: Any) -> None:
    if app.builder.format == "html":
        publish(Path(app.outdir))


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
