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
    # Glued results (inline math computed by the page) and the figure made it into the page.
    assert "output text_latex" in text
    assert re.search(r'<img[^>]+src="_images/[0-9a-f]+\.svg"', text)


def test_a_successful_build_reads_cleanly_and_ends_with_its_summary(
    built_site: BuildResult,
) -> None:
    from derivations import claims

    assert not re.search("warning", built_site.output, re.IGNORECASE), built_site.output[-5000:]
    assert "tools/build_site.py" not in built_site.output  # no command lines
    assert "MdParserConfig(" not in built_site.output  # no configuration dumps
    assert "NbParserConfig(" not in built_site.output
    summary = re.fullmatch(
        r"built (\d+) pages \((\d+) executed, (\d+) from cache, (\d+) without code\), "
        r"(\d+) claims proven, [\d.]+ s: open _build/html/index.html",
        built_site.summary,
    )
    assert summary, built_site.output[-2000:]
    pages, executed, cached, plain, proven = map(int, summary.groups())
    sources = [p for p in (ROOT / "docs").glob("*.md")]
    notebooks = [p for p in sources if p.read_text().startswith("---\nfile_format: mystnb")]
    assert pages == len(sources)
    assert (executed + cached, plain) == (len(notebooks), len(sources) - len(notebooks))
    assert executed == len(built_site.executed)
    assert proven == len(claims.all_claims())


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
    assert result.summary == ""  # a failed build does not claim to have built anything


def test_verbose_build_shows_everything(scratch_repo: Callable[[dict[str, str]], Path]) -> None:
    repo = scratch_repo({"index.md": "# Index\n\nText.\n"})
    # A reference date in 2010 as well: the footer's year follows it.
    verbose = run_build(repo, env={"V": "1", "SOURCE_DATE_EPOCH": "1262304000"})
    assert verbose.returncode == 0, verbose.output[-5000:]
    # V=1: the command line, Sphinx's verbose log, and MyST's configuration as it printed it.
    assert "tools/build_site.py" in verbose.output
    assert "MdParserConfig(" in verbose.output
    assert "NbParserConfig(" in verbose.output
    expected = "built 1 page (0 executed, 0 from cache, 1 without code), 0 claims proven"
    assert verbose.summary.startswith(expected)
    assert "Copyright 2010, Why Softmax contributors." in (verbose.html / "index.html").read_text()


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
    # The page kernel started and ran without a word of warning (no TCP transport notice).
    assert not re.search("warning", first.output, re.IGNORECASE), first.output[-5000:]
    assert first.summary.startswith("built 2 pages (1 executed, 0 from cache, 1 without code)")

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
