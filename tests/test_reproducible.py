"""Two clean builds of the same commit publish byte-identical trees.

Each build runs in its own scratch copy of the repository, at a different path, with an empty
cache, so nothing is shared between them but the sources: absolute paths, process ids, dates,
random salts, hash-seed or ``-j`` ordering leaking into a published file all fail this test.
"""

from __future__ import annotations

import difflib
import hashlib
import sys
from pathlib import Path

import pytest
from helpers import ROOT, run_build

sys.path.insert(0, str(ROOT / "tools"))

import scratch
import sitebuild

pytestmark = [pytest.mark.build, pytest.mark.slow]


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


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    epoch = sitebuild.source_date_epoch(ROOT)
    trees = []
    for name in ("first", "second-copy"):
        repo = scratch.copy_repository(ROOT, tmp_path / name / "why-softmax", commit_epoch=epoch)
        result = run_build(repo, env={"PYTHONPATH": str(repo)})
        assert result.returncode == 0, result.output[-5000:]
        assert result.executed, "a clean build must execute the pages"
        trees.append(result.html)
    # Not a vacuous comparison: the trees hold the executed pages and their figures.
    published = _digests(trees[0])
    assert "index.html" in published
    assert any(name.startswith("_images/") for name in published)
    differences = tree_differences(*trees)
    assert differences == [], "\n\n".join(differences)
