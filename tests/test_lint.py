"""The code base passes the project's ruff rules (``make lint``), so CI enforces the style."""

from __future__ import annotations

import subprocess

import pytest
from helpers import ROOT, VENV


@pytest.mark.parametrize(
    "args", [["check", "."], ["format", "--check", "."]], ids=["check", "format"]
)
def test_ruff(args: list[str]) -> None:
    proc = subprocess.run(
        [str(VENV / "bin" / "ruff"), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
