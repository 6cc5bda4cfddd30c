"""Scratch copies of the repository, for builds that must not touch the working tree.

The benchmark and the reproducibility test build in such copies: they edit pages and
``derivations/`` there, and their ``_build/`` never mixes with the working tree's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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


def copy_repository(root: Path, dest: Path, *, commit_epoch: int | None = None) -> Path:
    """Copy the project's files (not ``_build``, ``.venv``) from ``root`` into a fresh ``dest``.

    The copy is a git repository of its own, so ``git log`` works in it; its one commit is
    dated ``commit_epoch`` when given (the reference date the build derives from the last
    commit), so builds of the copy do not depend on when it was made.
    """
    if dest.exists():
        shutil.rmtree(dest)
    for name in project_files(root):
        src, dst = root / name, dest / name
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
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
