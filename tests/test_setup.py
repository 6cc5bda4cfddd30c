"""Each Makefile command installs what it needs, and ``make html`` nothing of the test tools.

The set-up recipes are read with ``make -n`` against an environment that does not exist yet (as
on a fresh clone), and the package selection they hand to ``uv sync`` is given to ``uv export``,
which lists what that selection installs from ``uv.lock``. Offline.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, uv_binary
from packaging.utils import canonicalize_name

#: What building never needs.
TEST_TOOLS = {"pytest", "hypothesis", "playwright", "ruff"}
#: What building always needs.
BUILD_TOOLS = {"sphinx", "myst-nb", "jupyter-cache", "ipykernel", "numpy", "sympy", "mpmath"}
#: ``uv sync`` options that select packages (the rest say how to install them).
SELECTION = {"--extra", "--group", "--all-groups", "--all-extras", "--no-default-groups"}


def sync_selection(target: str, venv: Path) -> list[str]:
    """The package-selecting options of the ``uv sync`` that ``make <target>`` runs first."""
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", target, f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in dry.splitlines() if " sync " in line)
    args = shlex.split(line)
    picked = []
    for i, arg in enumerate(args):
        if arg in SELECTION:
            picked.append(arg)
            if arg in {"--extra", "--group"}:
                picked.append(args[i + 1])
    return picked


def installed_by(selection: list[str]) -> set[str]:
    """Names of the packages ``uv sync <selection>`` installs (on any platform)."""
    out = subprocess.run(
        [
            uv_binary(), "export", "--frozen", "--offline", "--no-hashes", "--no-header",
            "--no-annotate", "--no-emit-project", *selection,
        ],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {
        canonicalize_name(line.split("==")[0])
        for line in out.splitlines()
        if line and not line.startswith(("#", " "))
    }


@pytest.fixture
def fresh_venv(tmp_path: Path) -> Path:
    return tmp_path / "no-venv-yet"


def test_make_html_installs_the_build_and_no_test_tool(fresh_venv: Path) -> None:
    packages = installed_by(sync_selection("html", fresh_venv))
    assert packages >= BUILD_TOOLS
    assert "scikit-learn" in packages  # the experiment page trains on its digits
    assert not packages & TEST_TOOLS


def test_make_test_installs_the_test_tools_too(fresh_venv: Path) -> None:
    packages = installed_by(sync_selection("test", fresh_venv))
    assert packages >= BUILD_TOOLS | TEST_TOOLS | {"sphinx-autobuild", "scikit-learn"}


@pytest.mark.parametrize(
    ("target", "needs", "not_needed"),
    [
        ("serve", {"sphinx-autobuild", "sphinx"}, TEST_TOOLS),
        ("lint", {"ruff"}, {"sphinx", "pytest", "playwright"}),
    ],
)
def test_serve_and_lint_install_their_own_tools(
    fresh_venv: Path, target: str, needs: set[str], not_needed: set[str]
) -> None:
    packages = installed_by(sync_selection(target, fresh_venv))
    assert packages >= needs
    assert not packages & not_needed


def test_the_selection_reader_sees_the_recipe(fresh_venv: Path) -> None:
    # Not vacuous: the recipe is found, and switching sets never removes what another installed.
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "html", f"VENV={fresh_venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sync = next(line for line in dry.splitlines() if " sync " in line)
    assert "--inexact" in sync
    assert "--frozen" in sync
    assert sync_selection("html", fresh_venv) == [
        "--no-default-groups", "--extra", "experiment", "--group", "docs",
    ]  # fmt: skip
