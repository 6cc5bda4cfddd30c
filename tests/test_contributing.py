"""CONTRIBUTING.md's walkthrough works as written, on a copy of the repository.

The guide's claim module, figure module and page are copied out of CONTRIBUTING.md into a full
copy of the repository, the page is added to the real ``docs/index.md`` toctree where the guide
says, and the whole site is built strictly. The claim must register with the next free id,
prove, and fail when its form is changed; the page must show the numbered derivation, its
verified mark, its figure; the claims index must list the new claim.

To keep the test's build short, the copy starts from the working tree's execution cache (the
pages the walkthrough does not touch have the same code, so they are taken from it); the claims
index is removed from that cache, because it lists every claim and must run again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import sitebuild
from helpers import ROOT, VENV, BuildResult, run_build

pytestmark = pytest.mark.slow

CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def guide_block(language: str, starts: str) -> str:
    """The fenced block of CONTRIBUTING.md in ``language`` whose text starts with ``starts``."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for _fence, body in re.findall(rf"^(`{{3,}}){language}\n(.*?)^\1$", text, re.M | re.S):
        if body.startswith(starts):
            return body
    raise AssertionError(f"CONTRIBUTING.md has no {language} block starting with {starts!r}")


def add_to_toctree(index: str, page: str, after: str) -> str:
    """``index`` with ``page`` on the toctree line right after ``after`` (as the guide says)."""
    lines = index.splitlines(keepends=True)
    position = lines.index(f"{after}\n")
    return "".join([*lines[: position + 1], f"{page}\n", *lines[position + 1 :]])


def _reuse_execution_cache(repo: Path) -> None:
    from jupyter_cache import get_cache

    old = ROOT / "_build" / "jupyter_cache"
    (source,) = [p for p in old.iterdir() if p.is_dir()]
    key = subprocess.run(
        [str(VENV / "bin" / "python"), "-c",
         "import sys; sys.path.insert(0, 'tools'); import sitebuild; "
         "print(sitebuild.derivations_hash(__import__('pathlib').Path('.')))"],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    target = sitebuild.cache_path(repo, key)
    shutil.copytree(source, target)
    cache = get_cache(target)
    for record in cache.list_cache_records():
        if record.uri.endswith("claims.md"):
            cache.remove_cache(record.pk)
    # Close the SQLite connections: an unclosed one warns when collected (Python 3.13), in
    # whichever test is running then.
    cache.db.dispose()


def test_the_walkthrough_adds_a_verified_claim_on_a_new_page(
    built_site: BuildResult, scratch_repo: Callable[..., Path]
) -> None:
    repo = scratch_repo(name="walkthrough")
    package = repo / "derivations"
    claim_code = guide_block("python", '"""Claim (page ``softplus``)')
    (package / "claims" / "softplus.py").write_text(claim_code)
    (package / "figures" / "softplus.py").write_text(
        guide_block("python", '"""Figure of the page ``softplus``')
    )
    (repo / "docs" / "softplus.md").write_text(guide_block("md", "---\nfile_format: mystnb"))
    index = repo / "docs" / "index.md"
    index.write_text(add_to_toctree(index.read_text(), "softplus", after="binary"))
    env = {"PYTHONPATH": str(repo)}

    # The claim registers with the next free id, proves, and rejects a changed form.
    check = (
        "from derivations import claims\n"
        "claim = claims.get('softplus-slope')\n"
        "others = [c for c in claims.all_claims() if c is not claim]\n"
        "assert claim.id == f'F{len(others) + 1}', (claim.id, len(others))\n"
        "assert claim.page == 'softplus'\n"
        "evidence = claim.check()\n"
        "print([m.kind for m in evidence.scope('slope')])\n"
        "forms = claim.claimed(); forms['slope'] = 2 * forms['slope']\n"
        "try:\n    claim.check(forms)\nexcept claims.ClaimFailed:\n    print('rejected')\n"
    )
    run = subprocess.run(
        [str(VENV / "bin" / "python"), "-c", check],
        cwd=repo, env={**os.environ, **env}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    assert "['exact', 'numeric']" in run.stdout
    assert "rejected" in run.stdout

    # The figure's and the derivation's doctests pass.
    doctests = subprocess.run(
        [str(VENV / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
         "--doctest-modules", "derivations/figures/softplus.py", "derivations/claims/softplus.py"],
        cwd=repo, env={**os.environ, **env}, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert doctests.returncode == 0, doctests.stdout[-3000:]

    # The whole site builds strictly, with the new page in the real toctree.
    _reuse_execution_cache(repo)
    result = run_build(repo, env=env)
    assert result.returncode == 0, result.output[-5000:]
    page = (result.html / "softplus.html").read_text("utf-8")
    assert re.search(r'id="equation-softplus-slope">\s*<span class="eqno">\(\d+\)', page)
    assert r"\begin{aligned}" in page
    assert 'href="claims.html#claim-softplus-slope"' in page
    assert '<span class="caption-number">Figure ' in page
    index_html = (result.html / "claims.html").read_text("utf-8")
    assert 'id="claim-softplus-slope"' in index_html
    binary = (result.html / "binary.html").read_text("utf-8")
    assert 'href="softplus.html"' in binary  # the next page in reading order


def test_the_toctree_edit_is_where_the_guide_says() -> None:
    index = (ROOT / "docs" / "index.md").read_text()
    edited = add_to_toctree(index, "softplus", after="binary")
    assert "binary\nsoftplus\ncurvature\n" in edited
    assert (
        "Add it to the `toctree` in `docs/index.md`, in reading order (here\nright after `binary`)"
        in (CONTRIBUTING.read_text())
    )
