"""`make serve`: a live preview on 127.0.0.1, rebuilt when a page or `derivations/` changes.

The smoke test runs the Makefile's own ``serve`` recipe (read with ``make -n``) in a scratch copy
of the repository, on a free port instead of 8000 so it never collides with a preview a
contributor has open. It is always stopped, by its process group, whatever happens.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from helpers import FRONT_MATTER, ROOT, VENV

PROBE_PAGE = (
    FRONT_MATTER
    + """
# Probe

```{code-cell} ipython3
from derivations import _serve_probe
print(f"probe value is {_serve_probe.VALUE}")
```
"""
)


def serve_command(root: Path) -> list[str]:
    """The ``sphinx-autobuild`` command line of ``make serve``, as make would run it."""
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "serve", f"VENV={VENV}"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    recipe = dry.replace("\\\n", " ")
    line = next(line for line in recipe.splitlines() if "sphinx-autobuild" in line)
    return shlex.split(line)


def test_serve_recipe_is_a_local_live_preview() -> None:
    args = serve_command(ROOT)
    assert Path(args[0]).name == "sphinx-autobuild"
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert args[args.index("--port") + 1] == "8000"  # what the README promises
    watched = {args[i + 1] for i, a in enumerate(args) if a == "--watch"}
    assert "derivations" in watched
    assert args[-2:] == ["docs", "_build/html"]
    # Same configuration as `make html`: the repository-root conf.py.
    assert args[args.index("-c") + 1] == "."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str | None:
    """The page, or None while the server cannot give it whole (down, or rewriting the file)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (
        urllib.error.URLError,
        ConnectionError,
        TimeoutError,
        # The rebuild replaced the file while it was being sent: cut short, maybe mid-character.
        http.client.IncompleteRead,
        UnicodeDecodeError,
    ):
        return None


def _wait_for(url: str, text: str, timeout: float, log: Path) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and text in page:
            return page
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-5000:] if log.exists() else ""
    pytest.fail(f"{url} did not show {text!r} within {timeout:.0f} s; server log:\n{tail}")


@contextmanager
def _serving(repo: Path, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    args = serve_command(repo)
    args[args.index("--port") + 1] = str(port)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args,
            cwd=repo,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(repo), "PYTHONHASHSEED": "0"},
            start_new_session=True,  # its own process group, so the builds it spawns stop too
        )
        try:
            yield proc
        finally:
            for sig, wait in ((signal.SIGINT, 10), (signal.SIGKILL, 10)):
                if proc.poll() is not None:
                    break
                os.killpg(proc.pid, sig)
                try:
                    proc.wait(timeout=wait)
                except subprocess.TimeoutExpired:
                    continue
            # Anything of its group still alive (a sphinx build it started) goes too.
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)


@pytest.mark.build
@pytest.mark.slow
def test_make_serve_serves_and_rebuilds_on_save(
    scratch_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    repo = scratch_repo(
        {"index.md": "# Index\n\nFirst text.\n\n```{toctree}\nprobe\n```\n", "probe.md": PROBE_PAGE}
    )
    probe = repo / "derivations" / "_serve_probe.py"
    probe.write_text('VALUE = "first"\n')
    port, log = _free_port(), tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"

    with _serving(repo, port, log) as proc:
        _wait_for(f"{base}/index.html", "First text.", 240, log)
        _wait_for(f"{base}/probe.html", "probe value is first", 5, log)

        # A page edit appears after the rebuild.
        index = repo / "docs" / "index.md"
        index.write_text(index.read_text().replace("First text.", "Second text."))
        _wait_for(f"{base}/index.html", "Second text.", 180, log)

        # An edit to the package re-executes the pages that import it.
        probe.write_text('VALUE = "second"\n')
        _wait_for(f"{base}/probe.html", "probe value is second", 240, log)
        assert proc.poll() is None, "the server stopped by itself"

    assert proc.poll() is not None, "the server is still running"
    assert _get(f"{base}/index.html") is None
    assert re.search(r"Serving on http://127\.0\.0\.1:\d+", log.read_text(errors="replace"))
