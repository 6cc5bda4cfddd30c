"""Helpers for tests that build the site: run the README's build and capture what it did."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]

#: The page outline of DESIGN.md, in reading order: every page must exist and be reachable.
OUTLINE = (
    "index",
    "normalization",
    "exponential",
    "alternatives",
    "likelihood",
    "wrong-model",
    "mse",
    "binary",
    "curvature",
    "temperature",
    "numerics",
    "experiment",
    "notation",
    "claims",
    "api",
    "references",
)

#: Front matter of a MyST-NB page executed with the project's kernel (for scratch pages).
FRONT_MATTER = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---
"""
#: The environment running the tests (``.venv``, set up by ``make``): builds use the same one.
VENV = Path(sys.prefix)
#: How a build's log reports one page executed: ``sphinxext.preexecute``, or MyST-NB itself.
EXECUTED = re.compile(r"Executed notebook in |Executing notebook using ")


@dataclass(frozen=True)
class BuildResult:
    """Exit code and combined output of one ``make build-html`` run."""

    returncode: int
    output: str
    html: Path

    @property
    def executed(self) -> list[str]:
        """Lines reporting a page executed (by ``sphinxext.preexecute`` or by MyST-NB itself)."""
        return [line for line in self.output.splitlines() if EXECUTED.search(line)]

    @property
    def summary(self) -> str:
        """The build's last line (``built 13 pages (...) ...``), or ``""`` without one."""
        lines = self.output.rstrip().splitlines()
        return lines[-1] if lines and lines[-1].startswith("built ") else ""


def once_per_session(shared: Path, name: str, make: Callable[[], Any]) -> Any:
    """Run ``make`` once per test session, whichever pytest-xdist worker asks first.

    The first caller runs it under a lock and records its JSON result in ``shared`` (a directory
    every worker of the session sees); the others wait for the lock and read the record.

    Parameters
    ----------
    shared : Path
        The session's directory common to all workers.
    name : str
        What is made, as a file name.
    make : callable
        Makes it and returns a JSON-serializable value.

    Returns
    -------
    Any
        What the first call of ``make`` returned.
    """
    record = shared / f"{name}.json"
    with FileLock(shared / f"{name}.lock"):
        if not record.is_file():
            record.write_text(json.dumps(make()))
        return json.loads(record.read_text())


def session_directory(tmp_path_factory: Any) -> Path:
    """The directory every worker of this pytest session sees (each worker has its own below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def uv_binary() -> str:
    """The pinned uv that ``make`` installs in ``.tools/`` (else one on ``PATH``)."""
    pinned = ROOT / ".tools" / "bin" / "uv"
    if pinned.is_file():
        return str(pinned)
    found = shutil.which("uv")
    assert found, "uv not found: run `make venv` (it installs the pinned uv in .tools/)"
    return found


def run_build(root: Path, *, env: dict[str, str] | None = None, extra: str = "") -> BuildResult:
    """Run the README's build (without the set-up step) in ``root`` and capture everything.

    Standard output and standard error are captured together, in the order a terminal shows them.
    """
    proc = subprocess.run(
        ["make", "--no-print-directory", "build-html", f"VENV={VENV}", f"SPHINXOPTS={extra}"],
        cwd=root,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    return BuildResult(proc.returncode, proc.stdout, root / "_build" / "html")


_GLUE_ROLE = re.compile(r"\{glue:text\}`([\w-]+)(?::[^`]*)?`")
_PASTED = re.compile(r'<span class="pasted-text">(.*?)</span>', re.DOTALL)
_CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```\s*$", re.MULTILINE | re.DOTALL)


def shown_glue_texts(html_dir: Path, page: str) -> dict[str, str]:
    """Glue key -> text a reader sees, for every ``{glue:text}`` role of ``docs/<page>.md``.

    MyST-NB keeps no glue outputs in the executed notebook, so the texts are read from the built
    HTML: the roles of the source (code cells removed) and the ``pasted-text`` spans of the page
    appear in the same order, which pairs each shown text with its key. A key shown twice must
    read the same both times.
    """
    keys = _GLUE_ROLE.findall(_CODE_CELL.sub("", (ROOT / "docs" / f"{page}.md").read_text()))
    built = (html_dir / f"{page}.html").read_text()
    texts = [html.unescape(t).strip() for t in _PASTED.findall(built)]
    assert len(keys) == len(texts), f"{len(keys)} glue roles in {page}.md, {len(texts)} shown"
    shown: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        assert shown.setdefault(key, text) == text, f"{key} is shown as {shown[key]!r} and {text!r}"
    return shown


_GLUE_ROLE_ANY = re.compile(r"\{glue\}`([\w-]+)`")
_GLUED_MATH = re.compile(
    r'<span class="output text_latex math notranslate nohighlight">\\\((.*?)\\\)</span>', re.DOTALL
)


def shown_glue_math(html_dir: Path, page: str) -> dict[str, str]:
    """Glue key -> the inline math a reader sees, for every ``{glue}`` role of a page.

    The pages glue numbers as inline math (``derivations.pages.glue_math``), which MyST-NB
    renders as math spans marked ``text_latex``, in the order of the roles in the source
    (code cells removed).
    """
    source = _CODE_CELL.sub("", (ROOT / "docs" / f"{page}.md").read_text())
    keys = _GLUE_ROLE_ANY.findall(source)
    built = (html_dir / f"{page}.html").read_text()
    texts = [html.unescape(t).strip() for t in _GLUED_MATH.findall(built)]
    assert len(keys) == len(texts), f"{len(keys)} glue roles in {page}.md, {len(texts)} shown"
    shown: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        assert shown.setdefault(key, text) == text, f"{key} is shown as {shown[key]!r} and {text!r}"
    return shown


def equation_block(page_html: str, label: str) -> str:
    """Return the HTML of a page's display equation ``label``, up to the end of its block."""
    return page_html.split(f'id="equation-{label}"')[1].split("</div>")[0]


def claims_shown_with_marks(page_html: str, page: str) -> list:
    """Assert that each claim of ``page`` is shown under its label with its verified mark.

    Returns the page's claims, for the caller's own checks of which they are.
    """
    from derivations import claims

    mine = [c for c in claims.all_claims() if c.page == page]
    for claim in mine:
        assert f'id="equation-{claim.label}"' in page_html, claim.id
        assert f'href="claims.html#{claim.anchor}"' in page_html, f"{claim.id} has no verified mark"
    return mine


def assert_shown_as_steps(page_html: str, label: str) -> None:
    """Assert that the display equation ``label`` is a chain of at least two steps."""
    block = equation_block(page_html, label)
    assert r"\begin{aligned}" in block
    assert block.count("&amp;=") >= 2, f"{label}: fewer than two steps"
