"""Offer every page's executed notebook for download, next to its MyST source.

When a page's HTML is written (``html-page-context``) this extension publishes the page's
executed notebook at ``<outdir>/_notebooks/<docname>.ipynb`` and adds an ``.ipynb`` entry to the
book theme's download dropdown.

Where the executed notebook comes from: in ``cache`` mode (this site's), the page is read as
MyST-NB reads it and merged with its record in the execution cache, which holds the outputs.
The copy MyST-NB itself writes to ``jupyter_execute/`` cannot be used: on a cache hit MyST-NB
1.4 writes the notebook *before* the merge, without outputs or execution counts. In other modes
MyST-NB executes in place, and its ``jupyter_execute/`` copy is used. Glued values are kept as
ordinary display outputs, so the notebook shows every result the page shows. A page that is
plain Markdown (no notebook front matter) becomes a notebook of one Markdown cell.

Why ``html-page-context``: it runs exactly when a page is (re)written, in whichever process
writes it, so incremental and parallel builds stay correct and no two processes write the same
file (the execution cache is only read).

The copy is deterministic: it is validated with ``nbformat.validate``, stripped of per-run
metadata, given positional cell ids, and written with sorted keys; unchanged bytes are not
rewritten.
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
        for output in cell.get("outputs", []):
            _unprefix_glue(output)
        # Cell ids are random unless the source pinned them; derive them from position instead.
        if "id" in cell:
            cell["id"] = f"cell-{number}"
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        raise ValueError(f"normalise_notebook: invalid notebook: {exc.message}") from exc
    # nbformat's own writer: sorted keys, one-space indent, as Jupyter saves files.
    return nbformat.writes(notebook).rstrip("\n") + "\n"


def _unprefix_glue(output: Any) -> None:
    """Turn a glued value into an ordinary display output, as MyST-NB's glue does for the page.

    ``glue(..., display=False)`` stores the value under MIME types with a private prefix, which
    Jupyter would not render; without the prefix the reader sees the value.
    """
    scrapbook = output.get("metadata", {}).get("scrapbook")
    if not scrapbook or "data" not in output:
        return
    prefix = scrapbook.get("mime_prefix", "")
    output["data"] = {key.removeprefix(prefix): value for key, value in output["data"].items()}
    scrapbook["mime_prefix"] = ""


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


def executed_notebook(app: Sphinx, pagename: str) -> str:
    """Return the executed notebook of ``pagename`` as notebook JSON (not yet normalised)."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    env = app.env
    nb_config = env.mystnb_config
    path = Path(env.doc2path(pagename))
    source = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), env.myst_config, nb_config, source)
    if reader is None:  # plain Markdown: MyST-NB did not read it as a notebook
        return markdown_page_notebook(source)
    notebook = reader.read(source)
    overrides = notebook.metadata.get(nb_config.metadata_key, {}) or {}
    mode = overrides.get("execution_mode", nb_config.execution_mode)
    if mode == "cache" and nb_config.execution_cache_path:
        try:
            _, merged = get_cache(nb_config.execution_cache_path).merge_match_into_notebook(
                notebook
            )
        except KeyError:
            pass  # not in the cache (its execution failed and errors are allowed): see below
        else:
            return nbformat.writes(merged)
    executed = Path(nb_config.output_folder) / f"{pagename}.ipynb"
    if executed.is_file():
        return executed.read_text(encoding="utf-8")
    return nbformat.writes(notebook)


def publish_notebook(app: Sphinx, pagename: str) -> Path | None:
    """Write the notebook of ``pagename`` into the HTML output; return its path.

    Returns ``None`` for pages that have no source document (search, genindex).
    """
    if pagename not in app.env.all_docs:
        return None
    data = normalise_notebook(executed_notebook(app, pagename)).encode("utf-8")
    target = Path(app.outdir) / NOTEBOOK_DIR / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
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
