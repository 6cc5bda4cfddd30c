"""Build support shared by ``conf.py``, the Makefile's helpers and the tests.

Kept outside the ``derivations`` package on purpose: it is about building the site, not about
the mathematics, and hashing ``derivations/`` must not depend on it.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

#: Files whose content changes what an executed page shows, besides the page itself.
KERNEL_DIR = Path("docs") / "_kernel"
HASHED = ("derivations", "uv.lock", str(KERNEL_DIR))


def source_date_epoch(root: Path) -> int:
    """Return ``SOURCE_DATE_EPOCH``, else the time of the last commit, else now."""
    if value := os.environ.get("SOURCE_DATE_EPOCH"):
        return int(value)
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return int(time.time())


def derivations_hash(root: Path) -> str:
    """Hash of what can change an executed page's output without changing the page.

    Every file of :data:`HASHED`, and the Python that runs the kernels (the build's own, from the
    same environment): the lock installs other NumPy or SciPy versions on other Pythons.
    """
    digest = hashlib.sha256()
    python = f"{sys.implementation.name} {platform.python_version()} {sys.platform}"
    digest.update(python.encode() + b"\0")
    for entry in HASHED:
        path = root / entry
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if not file.is_file() or "__pycache__" in file.parts or file.suffix == ".pyc":
                continue
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def build_dir(root: Path) -> Path:
    """The build directory: ``$WHY_SOFTMAX_BUILD`` (the Makefile's ``BUILD``) or ``_build``."""
    return root / os.environ.get("WHY_SOFTMAX_BUILD", "_build")


def cache_path(root: Path, key: str) -> Path:
    """Directory of the execution cache for this key (nothing is created or removed)."""
    return build_dir(root) / "jupyter_cache" / key


def prepare_cache(path: Path) -> None:
    """Create the cache database at ``path``; remove the caches of other keys next to it.

    Called when the build starts (not when ``conf.py`` is read): in the main process, before
    parallel readers race to create the SQLite file.
    """
    from jupyter_cache import get_cache

    path.mkdir(parents=True, exist_ok=True)
    for old in path.parent.iterdir():
        if old != path and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    engine = get_cache(path).db  # the property creates the SQLite file and its tables
    # Close its connections now: forked readers must not inherit them, and an unclosed SQLite
    # connection warns when collected (Python 3.13).
    engine.dispose()


#: Thread-count settings of the BLAS libraries NumPy may load (OpenBLAS, MKL, Apple Accelerate).
BLAS_THREADS = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)


def single_threaded_blas() -> None:
    """Give every process started from here one BLAS thread (unless the caller chose a number).

    Builds and tests already run processes in parallel (page kernels, Sphinx's readers); on a
    loaded two-core machine OpenBLAS's own threads wait for each other and made the digits
    training ten times slower (168 s instead of 15 s). One thread also sums in the same order on
    every machine, so the numbers a page shows do not depend on its number of cores. Takes effect
    in processes that load NumPy afterwards.
    """
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")


def configure_kernel_environment(root: Path) -> None:
    """Point the page kernels at the project's matplotlib style and IPython profile."""
    single_threaded_blas()
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(root))
    os.environ["MATPLOTLIBRC"] = str(root / KERNEL_DIR / "matplotlibrc")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    # IPython writes into its profile directory, so use a copy under _build, not the repository.
    ipython_dir = build_dir(root) / "ipython"
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    config = "ipython_kernel_config.py"
    shutil.copyfile(root / KERNEL_DIR / config, profile / config)
    os.environ["IPYTHONDIR"] = str(ipython_dir)
