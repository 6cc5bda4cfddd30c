"""Shared fixtures: the built site, and scratch copies of the repository for build experiments."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, BuildResult, run_build


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
def built_site() -> BuildResult:
    """The real site, built strictly once per test session (cached pages are reused)."""
    result = run_build(ROOT)
    if result.returncode != 0:
        pytest.fail(f"the site build failed:\n{result.output[-20000:]}")
    return result


def _tracked_files(root: Path) -> list[str]:
    out = subprocess.run(
        ["git", "-C", str(root), "ls-files", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if line]


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """A copy of the repository whose ``docs/`` holds only the pages given to the factory.

    The copy builds with the real ``conf.py`` and ``Makefile``; its own ``derivations/`` is put
    first on ``PYTHONPATH`` by the caller, so edits to the copy reach its page kernels.
    """

    def make(pages: dict[str, str]) -> Path:
        copy = tmp_path / "repo"
        for name in _tracked_files(ROOT):
            if name.startswith("docs/") and not name.startswith(("docs/_", "docs/references.bib")):
                continue
            src, dst = ROOT / name, copy / name
            if src.is_file():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
        for name, text in pages.items():
            (copy / "docs" / name).write_text(text)
        subprocess.run(["git", "init", "-q", str(copy)], check=True)
        return copy

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
    import sys

    if str(ROOT / "tools") not in sys.path:
        sys.path.insert(0, str(ROOT / "tools"))
    import serve_static  # tools/serve_static.py

    with serve_static.serving(built_site.html) as url:
        yield url
