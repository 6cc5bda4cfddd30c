"""Shared fixtures: the built site, and scratch copies of the repository for build experiments.

Every test that uses either of them (directly or through another fixture) builds the site, so the
collection hook below marks it ``build``: ``pytest -m "not build"`` then never builds, whoever
wrote the test and whatever marks they remembered.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from helpers import ROOT, BuildResult, run_build

sys.path.insert(0, str(ROOT / "tools"))

import scratch
import sitebuild

# Before any test module loads NumPy: one BLAS thread per process (see the function's docstring).
sitebuild.single_threaded_blas()

#: Fixtures that build the site: a test using any of them is a ``build`` test.
BUILD_FIXTURES = frozenset({"built_site", "scratch_repo"})


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        # ``fixturenames`` is the closure: fixtures requested through other fixtures count too.
        fixtures = set(getattr(item, "fixturenames", ()))
        if BUILD_FIXTURES & fixtures:
            item.add_marker(pytest.mark.build)
        # pytest-xdist (``--dist loadgroup``) sends each group to one worker. Every test of the
        # working tree's site goes to the same one: the session fixture builds the site once,
        # and no two workers build into the same _build/. Other tests go by file, so that a
        # module's expensive fixtures (a training run, the claims' proofs) run once.
        group = "site" if "built_site" in fixtures else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def built_site() -> BuildResult:
    """The real site, built strictly once per test session (cached pages are reused)."""
    result = run_build(ROOT)
    if result.returncode != 0:
        pytest.fail(f"the site build failed:\n{result.output[-20000:]}")
    return result


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Callable[..., Path]:
    """Factory of copies of the repository (``tools/scratch.py``), committed at the real date.

    ``scratch_repo(pages)`` gives a copy whose ``docs/`` holds only the given pages;
    ``scratch_repo(name=...)`` a full copy at ``tmp_path / name``. The copies build with the real
    ``conf.py`` and ``Makefile``; the caller puts a copy's ``derivations/`` first on
    ``PYTHONPATH`` when edits to it must reach the page kernels.
    """
    epoch = sitebuild.source_date_epoch(ROOT)

    def make(pages: Mapping[str, str] | None = None, *, name: str = "repo") -> Path:
        return scratch.copy_repository(ROOT, tmp_path / name, pages=pages, commit_epoch=epoch)

    return make
