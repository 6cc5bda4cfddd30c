"""Every page offers its MyST source and its executed notebook for download.

The notebooks are published by ``tools/sphinxext/notebook_downloads.py``; these tests read the
built site as a reader's browser would: follow the download links, open the files.
"""

from __future__ import annotations

import doctest
import importlib
import re
import shutil
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest
from helpers import ROOT, BuildResult, run_build

sys.path.insert(0, str(ROOT / "tools"))
downloads = importlib.import_module("sphinxext.notebook_downloads")


class _Links(HTMLParser):
    """Hrefs of the entries in the book theme's download dropdown, by button label."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons: dict[str, str] = {}
        self.code_outputs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "cell_output" in classes:
            self.code_outputs += 1
        if tag != "a":
            return
        for name in classes:
            if name.startswith("btn-download-") and attributes.get("href"):
                self.buttons[name.removeprefix("btn-")] = attributes["href"] or ""


def _pages(html: Path) -> list[str]:
    """Docnames of the built pages, from the copied sources."""
    sources = html / "_sources"
    return sorted(
        p.relative_to(sources).as_posix().removesuffix(".md") for p in sources.rglob("*.md")
    )


def _links(html: Path, page: str) -> tuple[_Links, str]:
    parser = _Links()
    parser.feed((html / f"{page}.html").read_text(encoding="utf-8"))
    return parser, f"file://{html}/{page}.html"


def _target(base: str, href: str) -> Path:
    url = urljoin(base, href)
    assert url.startswith("file://"), f"{href} leaves the site"
    return Path(url.removeprefix("file://").split("#")[0].split("?")[0])


# -- The built site --------------------------------------------------------------------------------


@pytest.mark.build
def test_every_page_offers_its_source_and_notebook(built_site: BuildResult) -> None:
    pages = _pages(built_site.html)
    assert "index" in pages
    for page in pages:
        links, base = _links(built_site.html, page)
        assert {"download-source-button", "download-notebook-button"} <= set(links.buttons), page
        source = _target(base, links.buttons["download-source-button"])
        notebook = _target(base, links.buttons["download-notebook-button"])
        assert source.name == f"{Path(page).name}.md", page
        assert notebook.name == f"{Path(page).name}.ipynb", page
        # The source offered is the page's own MyST file, byte for byte.
        assert source.read_bytes() == (ROOT / "docs" / f"{page}.md").read_bytes(), page
        assert notebook.is_file(), f"{page}: {notebook} is missing"


@pytest.mark.build
def test_every_notebook_is_valid_and_executed(built_site: BuildResult) -> None:
    with_outputs = 0
    for page in _pages(built_site.html):
        links, base = _links(built_site.html, page)
        notebook = nbformat.read(_target(base, links.buttons["download-notebook-button"]), 4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        source = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
        # One notebook code cell per code-cell directive of the page: nothing lost on the way.
        assert len(code) == len(re.findall(r"^```\{code-cell\}", source, re.M)), page
        # Executed: every code cell ran, in order, in one kernel.
        counts = [cell.execution_count for cell in code]
        assert counts == list(range(1, len(code) + 1)), f"{page}: execution counts {counts}"
        outputs = sum(len(cell.outputs) for cell in code)
        assert not any(o.output_type == "error" for c in code for o in c.outputs), page
        # What the page shows as cell output, the notebook carries too.
        if links.code_outputs:
            assert outputs > 0, f"{page} shows outputs but its notebook has none"
        with_outputs += outputs > 0
    assert with_outputs > 0, "no downloadable notebook carries any output"


GLUE_ROLE = re.compile(r"\{glue(?::\w+)?\}`([\w.-]+)(?::[^`]*)?`")
GLUE_DIRECTIVE = re.compile(r"^`{3,}\{glue(?::\w+)?\}\s+([\w.-]+)", re.M)


@pytest.mark.build
def test_notebooks_carry_every_glued_result_of_their_page(built_site: BuildResult) -> None:
    for page in _pages(built_site.html):
        source = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
        used = set(GLUE_ROLE.findall(source)) | set(GLUE_DIRECTIVE.findall(source))
        notebook = nbformat.read(built_site.html / downloads.NOTEBOOK_DIR / f"{page}.ipynb", 4)
        glued = {
            output.metadata["scrapbook"]["name"]: output
            for cell in notebook.cells
            if cell.cell_type == "code"
            for output in cell.outputs
            if "scrapbook" in output.get("metadata", {})
        }
        assert used <= set(glued), f"{page}: glued values missing from the notebook"
        # Each is an ordinary output Jupyter can show (no private MIME prefix left).
        for name, output in glued.items():
            assert output.data, f"{page}: {name} has no data"
            assert all(not key.startswith("application/papermill") for key in output.data), name


# -- Determinism -----------------------------------------------------------------------------------

PAGE = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# Probe

```{code-cell} ipython3
:tags: [hide-input]
import matplotlib.pyplot as plt
```

```{code-cell} ipython3
print(sum(range(10)))
fig, ax = plt.subplots()
ax.plot([0, 1], [1, 0])
plt.show()
```
"""


@pytest.mark.build
@pytest.mark.slow
def test_notebooks_are_byte_identical_across_fresh_executions(
    scratch_repo: Callable[[dict[str, str]], Path],
) -> None:
    repo = scratch_repo({"index.md": "# Index\n\n```{toctree}\nprobe\n```\n", "probe.md": PAGE})
    env = {"PYTHONPATH": str(repo)}
    first = run_build(repo, env=env)
    assert first.returncode == 0, first.output[-5000:]
    assert first.executed
    before = {p.name: p.read_bytes() for p in (first.html / "_notebooks").iterdir()}
    assert set(before) == {"index.ipynb", "probe.ipynb"}
    # Throw away everything, execution cache included, and build again.
    shutil.rmtree(repo / "_build")
    second = run_build(repo, env=env)
    assert second.returncode == 0, second.output[-5000:]
    assert second.executed, "the second build must execute the page again"
    after = {p.name: p.read_bytes() for p in (second.html / "_notebooks").iterdir()}
    assert after == before
    # A rebuild that finds every page in the execution cache publishes the same bytes (MyST-NB
    # itself writes a notebook without outputs then; the extension must not use that copy).
    for stale in ("html", "doctrees", "jupyter_execute"):
        shutil.rmtree(repo / "_build" / stale)
    cached = run_build(repo, env=env)
    assert cached.returncode == 0, cached.output[-5000:]
    assert cached.executed == []
    again = {p.name: p.read_bytes() for p in (cached.html / "_notebooks").iterdir()}
    assert again == before
    probe = nbformat.reads(again["probe.ipynb"].decode(), 4)
    counts = [cell.execution_count for cell in probe.cells if cell.cell_type == "code"]
    assert counts == [1, 2]
    assert any(o.output_type == "stream" and "45" in o.text for o in probe.cells[2].outputs)


# -- The extension's pieces ------------------------------------------------------------------------


def test_extension_doctests_pass() -> None:
    result = doctest.testmod(downloads, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_normalise_removes_run_metadata_and_random_ids() -> None:
    def notebook() -> str:
        cell = nbformat.v4.new_code_cell("print(1)", execution_count=1)
        cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00.000001Z"}
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
        return nbformat.writes(nbformat.v4.new_notebook(cells=[cell]))

    one, two = notebook(), notebook()
    assert one != two  # nbformat draws a random id per cell
    assert downloads.normalise_notebook(one) == downloads.normalise_notebook(two)
    clean = nbformat.reads(downloads.normalise_notebook(one), 4)
    assert "execution" not in clean.cells[0].metadata
    assert clean.cells[0].outputs[0].text == "1\n"  # the output itself is kept


def test_normalise_rejects_what_is_not_a_notebook() -> None:
    with pytest.raises(ValueError, match="normalise_notebook"):
        downloads.normalise_notebook("{not json")
    with pytest.raises(ValueError, match="normalise_notebook"):
        downloads.normalise_notebook('{"cells": "no", "nbformat": 4, "nbformat_minor": 5}')


def test_extension_declares_itself_parallel_safe() -> None:
    class App:
        def connect(self, *args: object, **kwargs: object) -> None:
            pass

    meta = downloads.setup(App())
    assert meta["parallel_read_safe"] is True
    assert meta["parallel_write_safe"] is True
