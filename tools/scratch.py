"""Scratch copies of the repository, for builds that must not touch the working tree.

The benchmark and the tests that build (through the ``scratch_repo`` fixture of
``tests/conftest.py``) build in such copies: they edit pages and ``derivations/`` there, and
their ``_build/`` never mixes with the working tree's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path


def project_files(root: Path) -> list[str]:
    """Files git would publish from ``root``: tracked plus untracked-but-not-ignored, sorted."""
    out = subprocess.run(
        ["git", "-C", str(root), "ls-files", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(line for line in out.splitlines() if line)


def _is_page(name: str) -> bool:
    # docs/ holds the pages and what they share (docs/_kernel, docs/_static, the bibliography).
    return name.startswith("docs/") and not name.startswith(("docs/_", "docs/references.bib"))


def copy_repository(
    root: Path,
    dest: Path,
    *,
    pages: Mapping[str, str] | None = None,
    commit_epoch: int | None = None,
) -> Path:
    """Copy the project's files (not ``_build``, ``.venv``) from ``root`` into a fresh ``dest``.

    Parameters
    ----------
    root : pathlib.Path
        The repository to copy.
    dest : pathlib.Path
        Where the copy goes (removed first if it exists).
    pages : mapping of str to str, optional
        If given, the copy's ``docs/`` holds only these pages (file name -> MyST text) besides
        what the pages share; the real ``conf.py``, ``Makefile`` and ``derivations/`` build them.
    commit_epoch : int, optional
        If given, the copy's files are committed with this date (the build's reference date comes
        from the last commit), so builds of the copy do not depend on when it was made.

    Returns
    -------
    pathlib.Path
        ``dest``, a git repository of its own.
    """
    if dest.exists():
        shutil.rmtree(dest)
    for name in project_files(root):
        if pages is not None and _is_page(name):
            continue
        src, dst = root / name, dest / name
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    for name, text in (pages or {}).items():
        (dest / "docs" / name).write_text(text, encoding="utf-8")
    git = ["git", "-C", str(dest), "-c", "user.name=scratch", "-c", "user.email=scratch@localhost"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    if commit_epoch is not None:
        stamp = f"@{commit_epoch} +0000"
        env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run(
            [*git, "commit", "-q", "--no-verify", "-m", "scratch"],
            check=True,
            env={**os.environ, **env},
        )
    return dest
