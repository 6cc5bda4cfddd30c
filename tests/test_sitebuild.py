"""The execution cache's key (``tools/sitebuild.py``) follows what a page's output depends on.

A page is executed again only when its cache key changes; the key must change when the package,
the lock, the kernel set-up or the Python running the kernels changes, and must not when only the
pages change (MyST-NB keys each page on its own code already). And preparing a cache removes the
caches of other keys only when the build starts, never when ``conf.py`` is read.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import sitebuild


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("derivations/__init__.py", "uv.lock", "docs/_kernel/matplotlibrc", "docs/a.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"{name}\n")
    return tmp_path


@pytest.mark.parametrize(
    "name", ["derivations/__init__.py", "uv.lock", "docs/_kernel/matplotlibrc"]
)
def test_the_key_follows_the_package_the_lock_and_the_kernel_set_up(
    project: Path, name: str
) -> None:
    before = sitebuild.derivations_hash(project)
    (project / name).write_text("edited\n")
    assert sitebuild.derivations_hash(project) != before


def test_the_key_follows_the_python_that_runs_the_kernels(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sitebuild.derivations_hash(project)
    monkeypatch.setattr(platform, "python_version", lambda: "3.99.0")
    assert sitebuild.derivations_hash(project) != before


def test_the_key_ignores_the_pages_and_bytecode(project: Path) -> None:
    before = sitebuild.derivations_hash(project)
    (project / "docs" / "a.md").write_text("edited\n")
    cache = project / "derivations" / "__pycache__"
    cache.mkdir()
    (cache / "x.cpython-311.pyc").write_bytes(b"\0")
    assert sitebuild.derivations_hash(project) == before


def test_old_caches_go_when_the_cache_is_prepared_not_before(tmp_path: Path) -> None:
    old = sitebuild.cache_path(tmp_path, "0000000000000000")
    old.mkdir(parents=True)
    path = sitebuild.cache_path(tmp_path, "1111111111111111")
    # Finding the path changes nothing.
    assert old.is_dir()
    assert not path.exists()
    sitebuild.prepare_cache(path)
    assert not old.exists()
    assert (path / "global.db").is_file()
