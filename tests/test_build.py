"""The build is strict, executes pages, caches them, and never shows stale results."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FRONT_MATTER, ROOT, BuildResult, run_build

pytestmark = pytest.mark.build


PROBE_PAGE = (
    FRONT_MATTER
    + """
# Probe

```{code-cell} ipython3
from derivations import _build_probe
print(f"probe value is {_build_probe.VALUE}")
```
"""
)


def test_site_builds_and_executes_the_first_page(built_site: BuildResult) -> None:
    index = built_site.html / "index.html"
    assert index.is_file()
    text = index.read_text()
    # The glued SymPy result and the figure made it into the page.
    assert "pasted-math" in text
    assert re.search(r'<img[^>]+src="_images/[0-9a-f]+\.svg"', text)


def test_only_docs_are_pages(built_site: BuildResult) -> None:
    sources = {
        p.relative_to(built_site.html / "_sources").as_posix()
        for p in (built_site.html / "_sources").rglob("*")
        if p.is_file()
    }
    pages = {s.removesuffix(".txt") for s in sources}
    expected = {
        p.relative_to(ROOT / "docs").as_posix()
        for p in (ROOT / "docs").rglob("*.md")
        if not p.relative_to(ROOT / "docs").as_posix().startswith("_")
    }
    assert pages == expected


def test_doctrees_and_execution_files_stay_out_of_the_published_tree(
    built_site: BuildResult,
) -> None:
    published = {p.name for p in built_site.html.iterdir()}
    assert not {".doctrees", "doctrees", "jupyter_execute", "jupyter_cache", "reports"} & published


def test_unchanged_rebuild_executes_nothing(built_site: BuildResult) -> None:
    again = run_build(ROOT)
    assert again.returncode == 0, again.output[-5000:]
    assert again.executed == []


def test_a_raising_page_fails_the_build_with_its_traceback(
    scratch_repo: Callable[[dict[str, str]], Path],
) -> None:
    repo = scratch_repo(
        {
            "index.md": "# Index\n\n```{toctree}\nbroken\n```\n",
            "broken.md": FRONT_MATTER + "\n# Broken\n\n```{code-cell} ipython3\ndef derive():\n"
            "    raise ZeroDivisionError('deliberately broken derivation')\n\nderive()\n```\n",
        }
    )
    result = run_build(repo)
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.output
    assert "deliberately broken derivation" in result.output
    assert "Traceback" in result.output or "----> " in result.output


def test_any_warning_fails_the_build(scratch_repo: Callable[[dict[str, str]], Path]) -> None:
    repo = scratch_repo({"index.md": "# Index\n\nSee {ref}`a-label-that-does-not-exist`.\n"})
    result = run_build(repo)
    assert result.returncode != 0
    assert "a-label-that-does-not-exist" in result.output
    assert "WARNING" in result.output


def test_editing_derivations_reexecutes_pages(
    scratch_repo: Callable[[dict[str, str]], Path],
) -> None:
    repo = scratch_repo(
        {"index.md": "# Index\n\n```{toctree}\nprobe\n```\n", "probe.md": PROBE_PAGE}
    )
    probe = repo / "derivations" / "_build_probe.py"
    env = {"PYTHONPATH": str(repo)}

    probe.write_text("VALUE = 1\n")
    first = run_build(repo, env=env)
    assert first.returncode == 0, first.output[-5000:]
    assert first.executed
    assert "probe value is 1" in (first.html / "probe.html").read_text()

    unchanged = run_build(repo, env=env)
    assert unchanged.returncode == 0, unchanged.output[-5000:]
    assert unchanged.executed == []

    probe.write_text("VALUE = 2\n")
    edited = run_build(repo, env=env)
    assert edited.returncode == 0, edited.output[-5000:]
    assert edited.executed, "editing derivations/ must re-execute the pages"
    assert "probe value is 2" in (edited.html / "probe.html").read_text()


def test_a_warning_inside_a_page_fails_the_build(
    scratch_repo: Callable[[dict[str, str]], Path],
) -> None:
    repo = scratch_repo(
        {
            "index.md": "# Index\n\n```{toctree}\nwarns\n```\n",
            "warns.md": FRONT_MATTER + "\n# Warns\n\n```{code-cell} ipython3\n"
            "import numpy as np\n\nnp.log(np.array([0.0]))\n```\n",
        }
    )
    result = run_build(repo)
    assert result.returncode != 0
    assert "RuntimeWarning" in result.output
    assert "divide by zero" in result.output
