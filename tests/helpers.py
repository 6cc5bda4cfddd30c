"""Helpers for tests that build the site: run the README's build and capture what it did."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The page outline of DESIGN.md, in reading order: every page must exist and be reachable.
OUTLINE = (
    "index",
    "normalization",
    "likelihood",
    "wrong-model",
    "mse",
    "binary",
    "curvature",
    "temperature",
    "numerics",
    "experiment",
    "claims",
    "api",
    "references",
)

#: Front matter of a MyST-NB page executed with the project's kernel (for scratch pages).
FRONT_MATTER = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---
"""
VENV = ROOT / ".venv"


@dataclass(frozen=True)
class BuildResult:
    """Exit code and combined output of one ``make build-html`` run."""

    returncode: int
    output: str
    html: Path

    @property
    def executed(self) -> list[str]:
        """Lines in which MyST-NB reports executing a page."""
        return [line for line in self.output.splitlines() if "Executing notebook" in line]


def run_build(root: Path, *, env: dict[str, str] | None = None, extra: str = "") -> BuildResult:
    """Run the README's build (without the set-up step) in ``root`` and capture everything."""
    proc = subprocess.run(
        ["make", "--no-print-directory", "build-html", f"VENV={VENV}", f"SPHINXOPTS={extra}"],
        cwd=root,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, root / "_build" / "html")
