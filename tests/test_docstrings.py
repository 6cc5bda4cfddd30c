"""The package's docstrings follow numpydoc: ``numpydoc lint`` with the checks of pyproject.toml.

The checks and their few exclusions live in ``[tool.numpydoc_validation]``; this runs the linter
over every module of ``derivations/``, and shows on a small module that the configuration does
reject an undocumented parameter, a missing Returns section and a missing summary.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from helpers import ROOT, VENV

BAD_MODULE = '''"""A module."""


def documented(x: int) -> int:
    """Return ``x``.

    Parameters
    ----------
    x : int
        A number.

    Returns
    -------
    int
        The same number.
    """
    return x


def undocumented_parameter(x: int, y: int) -> int:
    """Return ``x``.

    Parameters
    ----------
    x : int
        A number.

    Returns
    -------
    int
        The same number.
    """
    return x


def no_returns(x: int) -> int:
    """Return ``x``.

    Parameters
    ----------
    x : int
        A number.
    """
    return x


def no_docstring(x: int) -> int:
    return x


def _private(x):
    return x
'''


def _lint(*files: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV / "bin" / "numpydoc"), "lint", "--config", str(ROOT), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_numpydoc_lint_passes_on_the_package() -> None:
    modules = sorted((ROOT / "derivations").rglob("*.py"))
    assert len(modules) > 20
    result = _lint(*(m.relative_to(ROOT) for m in modules))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_configuration_rejects_what_it_should(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text(BAD_MODULE)
    result = _lint(module)
    assert result.returncode != 0
    # One finding a line: ``path:line: CODE description`` (numpydoc writes them to stderr).
    found = {
        (code, int(line))
        for line, code in re.findall(r"^.*?:(\d+): ([A-Z]{2}\d{2}) ", result.stderr, re.M)
    }
    lines = BAD_MODULE.splitlines()

    def line_of(name: str) -> int:
        return next(i for i, text in enumerate(lines, start=1) if f"def {name}(" in text)

    assert ("PR01", line_of("undocumented_parameter")) in found
    assert ("RT01", line_of("no_returns")) in found
    assert ("GL08", line_of("no_docstring")) in found
    reported = {line for _, line in found}
    assert line_of("documented") not in reported
    assert line_of("_private") not in reported
