"""Every build of one commit publishes the same bytes: clean or incremental, here or elsewhere.

The site the session built in the working tree (``built_site``: with ``-j auto``, from an empty
cache on a fresh clone) is compared with a scratch copy of the repository at another path built
from an empty cache serially (``-j 1``): absolute paths, process ids, dates, random salts, hash
seeds and the ``-j`` order all get their chance to leak into a published file. The copy is then
rebuilt with nothing changed, and after one page gains a paragraph and loses it again: Sphinx then
reads only part of the site and fills in the rest (the search index above all) from the previous
build. The clean, the no-op and the edited-back trees must be identical to the reference, and the
no-op rebuild must execute no page. (After
pages are removed from the working tree, ``make clean`` first: Sphinx leaves their old output in
``_build/html``.)
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import BuildResult, run_build

pytestmark = pytest.mark.slow


def _digests(tree: Path) -> dict[str, str]:
    return {
        p.relative_to(tree).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(tree.rglob("*"))
        if p.is_file()
    }


def tree_differences(a: Path, b: Path, *, context: int = 3) -> list[str]:
    """Describe every file that is missing from one tree or differs between the two."""
    da, db = _digests(a), _digests(b)
    out = [f"only in the first build: {name}" for name in sorted(da.keys() - db.keys())]
    out += [f"only in the second build: {name}" for name in sorted(db.keys() - da.keys())]
    for name in sorted(da.keys() & db.keys()):
        if da[name] == db[name]:
            continue
        try:
            left = (a / name).read_text().splitlines()
            right = (b / name).read_text().splitlines()
        except UnicodeDecodeError:
            out.append(f"{name}: binary files differ")
            continue
        diff = difflib.unified_diff(left, right, "first", "second", n=context, lineterm="")
        out.append(f"{name} differs:\n" + "\n".join(line[:300] for line in list(diff)[:40]))
    return out


def test_tree_differences_sees_a_changed_byte(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "page.html").write_text("<p>same</p>\n")
    assert tree_differences(tmp_path / "a", tmp_path / "b") == []
    (tmp_path / "b" / "sub" / "page.html").write_text("<p>s4me</p>\n")
    (tmp_path / "b" / "extra.js").write_text("1\n")
    found = tree_differences(tmp_path / "a", tmp_path / "b")
    assert found[0] == "only in the second build: extra.js"
    assert found[1].startswith("sub/page.html differs")
    assert "+<p>s4me</p>" in found[1]


def _assert_same(reference: Path, tree: Path, what: str) -> None:
    differences = tree_differences(reference, tree)
    assert differences == [], f"{what}:\n\n" + "\n\n".join(differences)


def _build(repo: Path, jobs: str = "auto", *, executes: bool = True) -> Path:
    result = run_build(repo, env={"PYTHONPATH": str(repo), "JOBS": jobs})
    assert result.returncode == 0, result.output[-5000:]
    if not executes:
        assert result.executed == [], "a rebuild with nothing changed executed pages"
    return result.html


def test_clean_and_incremental_builds_are_byte_identical(
    built_site: BuildResult, scratch_repo: Callable[..., Path]
) -> None:
    reference = built_site.html
    # Not a vacuous comparison: the tree holds the executed pages, their figures, the search
    # index with the API's entries.
    published = _digests(reference)
    assert "index.html" in published
    assert any(name.startswith("_images/") for name in published)
    assert "derivations.softmax" in (reference / "searchindex.js").read_text()

    copy = scratch_repo(name="elsewhere/why-softmax")
    serial = _build(copy, jobs="1")
    _assert_same(reference, serial, "a clean serial build elsewhere differs from this one")

    unchanged = _build(copy, executes=False)
    _assert_same(reference, unchanged, "a no-op rebuild changed the site")

    # A word comes and goes: after the page is edited back, nothing of the edit may remain (the
    # search index once kept each word no page uses any more, with an empty list of pages).
    page = copy / "docs" / "normalization.md"
    text = page.read_text()
    page.write_text(text + "\nQuixotically transient paragraph.\n")
    edited = _build(copy)
    index = "searchindex.js"
    assert (edited / index).read_bytes() != (reference / index).read_bytes(), "the edit is indexed"
    page.write_text(text)
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    restored = _build(copy)
    _assert_same(reference, restored, "editing one page and editing it back changed the site")
