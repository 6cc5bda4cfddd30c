"""Shared fixtures: the built site, and scratch copies of the repository for build experiments.

Every test that uses either of them (directly or through another fixture) builds the site, so the
collection hook below marks it ``build``: ``pytest -m "not build"`` then never builds, whoever
wrote the test and whatever marks they remembered. The hook also keeps the mutation tests for
``--mutation``, sends each test file to one pytest-xdist worker (the tests of the built site to
any), and hands out the longest work first.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, BuildResult, once_per_session, run_build, session_directory

sys.path.insert(0, str(ROOT / "tools"))

import scratch
import sitebuild

# Before any test module loads NumPy: one BLAS thread per process (see the function's docstring).
sitebuild.single_threaded_blas()

#: Fixtures that build the site: a test using any of them is a ``build`` test.
BUILD_FIXTURES = frozenset({"built_site", "scratch_repo"})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--mutation",
        action="store_true",
        help="also run the mutation tests (tests of the tests; `make mutation` runs only them)",
    )


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The mutation tests change a claim or its proof's code and require the proof to fail: they
    # test the tests, take minutes, and run with --mutation only (`make mutation`, and CI).
    if not config.getoption("mutation", default=False):
        mutation = [item for item in items if item.get_closest_marker("mutation")]
        if mutation:
            config.hook.pytest_deselected(items=mutation)
            items[:] = [item for item in items if not item.get_closest_marker("mutation")]
    for item in items:
        # ``fixturenames`` is the closure: fixtures requested through other fixtures count too.
        fixtures = set(getattr(item, "fixturenames", ()))
        if BUILD_FIXTURES & fixtures:
            item.add_marker(pytest.mark.build)
        # pytest-xdist (``--dist loadgroup``) sends each group to one worker. Tests go by file, so
        # that a module's expensive fixtures (a training run, the claims' proofs) run once. Tests
        # of the built site are spread over every worker: the first to need the site builds it
        # (``built_site``) and the others wait for it.
        if "built_site" not in fixtures:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
    items[:] = in_scheduling_order(items)


def in_scheduling_order(items: list[pytest.Item]) -> list[pytest.Item]:
    """The items with the longest work first, so that no long test starts last and runs alone.

    pytest-xdist hands out work in this order (``--no-loadscope-reorder``), a group, or a test
    outside any group, at a time: first the slow tests of the built site (the first of them builds
    it, and the build with them is the longest chain), then the other slow tests, then the groups
    with the most tests, then the rest, each kind in collection order.
    """
    scopes: dict[str, list[pytest.Item]] = {}
    for item in items:
        group = item.get_closest_marker("xdist_group")
        scopes.setdefault(group.args[0] if group else item.nodeid, []).append(item)

    def rank(scope: list[pytest.Item]) -> tuple[int, int]:
        slow = any(item.get_closest_marker("slow") for item in scope)
        site = any("built_site" in getattr(item, "fixturenames", ()) for item in scope)
        return (0 if slow and site else 1 if slow else 2, -len(scope))

    ordered = sorted(scopes.values(), key=rank)  # stable: collection order among equals
    return [item for scope in ordered for item in scope]


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """Playwright's driver, started once: its sync API allows one running instance at a time,
    so every browser test module launches its Chromium from this one."""
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site, built strictly once per test session (cached pages are reused).

    However many pytest-xdist workers read it, one builds it (into the working tree's
    ``_build/``) and the others wait; no test writes into that tree afterwards.
    """

    def build() -> dict[str, Any]:
        done = run_build(ROOT)
        # Screenshots of an earlier session would pass for this one's (see test_browser).
        shutil.rmtree(done.html.parent / "screenshots", ignore_errors=True)
        return {"returncode": done.returncode, "output": done.output, "html": str(done.html)}

    record = once_per_session(session_directory(tmp_path_factory), "built_site", build)
    result = BuildResult(record["returncode"], record["output"], Path(record["html"]))
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


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory, playwright_driver: Any) -> Iterator[Any]:
    """A Chromium context with a fresh profile, driven by Playwright (see ``test_browser``)."""
    from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, _require_chromium

    _require_chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")
    # The driver is shared by every browser test module (see conftest.py).
    context = playwright_driver.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900},
        offline=False,
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="session")
def site_url(built_site: BuildResult) -> Iterator[str]:
    """The built site, served from 127.0.0.1 on a free port."""
    import serve_static  # tools/serve_static.py (on sys.path, see the top of this module)

    with serve_static.serving(built_site.html) as url:
        yield url
