"""Offer every page's executed notebook for download, next to its MyST source.

MyST-NB writes the executed notebook of page ``<docname>`` to
``<output_folder>/<docname>.ipynb`` (``<outdir>/../jupyter_execute`` by default) while it reads
the page. This extension publishes a normalised copy at ``<outdir>/_notebooks/<docname>.ipynb``
when the page's HTML is written (``html-page-context``), and adds an ``.ipynb`` entry to the book
theme's download dropdown.

Why at ``html-page-context``: it runs exactly when a page is (re)written, in whichever process
writes it, so incremental and parallel builds stay correct and no two processes touch the same
file. A page that is plain Markdown (no notebook front matter) is converted to a notebook of
Markdown cells from its source, so every page offers one.

The copy is deterministic: it is parsed, validated with ``nbformat.validate``, stripped of
per-run metadata, and written with sorted keys; unchanged bytes are not rewritten.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import nbformat
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

#: Folder, inside the HTML output, that holds the published notebooks.
NOTEBOOK_DIR = "_notebooks"
#: Label the book theme gives its own notebook entry; we reuse it so CSS and tests see one name.
BUTTON_LABEL = "download-notebook-button"
#: Cell metadata that changes from run to run and means nothing to a reader.
VOLATILE_CELL_KEYS = ("execution", "ExecuteTime")
NOTEBOOK_KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def normalise_notebook(text: str) -> str:
    """Return ``text`` (a notebook in JSON) as canonical, validated notebook JSON.

    Parameters
    ----------
    text : str
        A notebook, nbformat 4.

    Returns
    -------
    str
        The same notebook without per-run metadata, with sorted keys and a final newline.

    Raises
    ------
    ValueError
        If ``text`` is not a valid nbformat-4 notebook.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00"}
    >>> out = normalise_notebook(nbformat.writes(nb))
    >>> "iopub" in out, out == normalise_notebook(out)
    (False, True)
    """
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for bad JSON
        raise ValueError(f"normalise_notebook: not a notebook: {exc}") from exc
    for number, cell in enumerate(notebook.cells):
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        # Cell ids are random unless the source pinned them; derive them from position instead.
        if "id" in cell:
            cell["id"] = f"cell-{number}"
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        raise ValueError(f"normalise_notebook: invalid notebook: {exc.message}") from exc
    # nbformat's own writer: sorted keys, one-space indent, as Jupyter saves files.
    return nbformat.writes(notebook).rstrip("\n") + "\n"


def markdown_page_notebook(source: str) -> str:
    """Return a notebook of Markdown cells for a page that is not a notebook.

    Parameters
    ----------
    source : str
        The page's MyST Markdown.

    Returns
    -------
    str
        A valid notebook (JSON) holding the page as one Markdown cell.

    Examples
    --------
    >>> nb = nbformat.reads(markdown_page_notebook("# Title\\n\\nText.\\n"), as_version=4)
    >>> [cell.cell_type for cell in nb.cells], nb.cells[0].source
    (['markdown'], '# Title\\n\\nText.')
    """
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(source.strip())],
        metadata={"kernelspec": dict(NOTEBOOK_KERNELSPEC)},
    )
    return normalise_notebook(nbformat.writes(notebook))


def publish_notebook(app: Sphinx, pagename: str) -> Path | None:
    """Write the notebook of ``pagename`` into the HTML output; return its path.

    Returns ``None`` for pages that have no source document (search, genindex).
    """
    if pagename not in app.env.all_docs:
        return None
    # Where MyST-NB wrote the executed notebook (by default ``<outdir>/../jupyter_execute``).
    executed = Path(app.env.mystnb_config.output_folder) / f"{pagename}.ipynb"
    # MyST-NB records a kernelspec for exactly the pages it read as notebooks; a stale file left
    # by a page that has since become plain Markdown is ignored.
    if "kernelspec" in app.env.metadata.get(pagename, {}) and executed.is_file():
        text = normalise_notebook(executed.read_text(encoding="utf-8"))
    else:
        source = Path(app.env.doc2path(pagename)).read_text(encoding="utf-8")
        text = markdown_page_notebook(source)
    target = Path(app.outdir) / NOTEBOOK_DIR / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    # Leave an identical file alone so its mtime (and any server's cache) stays put.
    if not target.is_file() or target.read_bytes() != data:
        target.write_bytes(data)
    return target


def _download_group(context: dict[str, Any]) -> dict[str, Any] | None:
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            return button
    return None


def add_notebook_download(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Publish the page's notebook and put an ``.ipynb`` entry first in the download menu."""
    target = publish_notebook(app, pagename)
    group = _download_group(context)
    if target is None or group is None:
        return
    entry = {
        "type": "link",
        "url": context["pathto"](f"{NOTEBOOK_DIR}/{pagename}.ipynb", 1),
        "text": ".ipynb",
        "icon": "fas fa-code",
        "tooltip": "Download the executed notebook",
        "label": BUTTON_LABEL,
    }
    buttons = [b for b in group["buttons"] if b.get("label") != BUTTON_LABEL]
    group["buttons"] = [copy.deepcopy(entry), *buttons]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension."""
    # After the book theme has built its header buttons (it uses priority 501).
    app.connect("html-page-context", add_notebook_download, priority=510)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
