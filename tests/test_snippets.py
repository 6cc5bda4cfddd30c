"""The NumPy code a page shows for practitioners runs as shown, with NumPy alone, and is right.

A cell tagged ``numpy-snippet`` is copied by readers: it must import nothing but NumPy, run in a
fresh interpreter, and its functions must agree with the package's kernels to 1e-12.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import numpy as np
import pytest
from helpers import ROOT

import derivations

_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def snippets() -> dict[str, str]:
    """Page name -> source of its ``numpy-snippet`` cell (the cell's option lines removed)."""
    out = {}
    for page in sorted((ROOT / "docs").glob("*.md")):
        for body in _CELL.findall(page.read_text(encoding="utf-8")):
            lines = body.splitlines()
            options = [line for line in lines if line.startswith(":")]
            if any("numpy-snippet" in line for line in options):
                out[page.stem] = "\n".join(line for line in lines if not line.startswith(":"))
    return out


SNIPPETS = snippets()


def test_the_likelihood_page_has_a_snippet():
    assert "likelihood" in SNIPPETS


@pytest.mark.parametrize("page", sorted(SNIPPETS))
def test_snippet_imports_only_numpy(page):
    tree = ast.parse(SNIPPETS[page])
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported == {"numpy"}, f"{page}: the snippet imports {sorted(imported)}"


@pytest.mark.parametrize("page", sorted(SNIPPETS))
def test_snippet_runs_as_shown_in_a_fresh_interpreter(page):
    proc = subprocess.run(
        [sys.executable, "-I", "-c", SNIPPETS[page]],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_likelihood_snippet_matches_the_package():
    namespace: dict = {}
    exec(compile(SNIPPETS["likelihood"], "likelihood-snippet", "exec"), namespace)
    rng = np.random.default_rng(7)
    for scale in (1.0, 30.0, 500.0):
        z = scale * rng.standard_normal((16, 5))
        y = rng.dirichlet(np.ones(5), size=16)
        np.testing.assert_allclose(
            namespace["log_softmax"](z), derivations.log_softmax(z), rtol=1e-12, atol=1e-12
        )
        np.testing.assert_allclose(
            namespace["cross_entropy"](z, y), derivations.cross_entropy(z, y), rtol=1e-12
        )
        np.testing.assert_allclose(
            namespace["cross_entropy_grad"](z, y),
            derivations.cross_entropy_grad(z, y),
            rtol=1e-12,
            atol=1e-12,
        )


def test_numerics_snippet_matches_the_package():
    namespace: dict = {}
    exec(compile(SNIPPETS["numerics"], "numerics-snippet", "exec"), namespace)
    rng = np.random.default_rng(11)
    for scale in (1.0, 30.0, 500.0):
        z = scale * rng.standard_normal((16, 5))
        np.testing.assert_allclose(
            namespace["log_softmax"](z), derivations.log_softmax(z), rtol=1e-12, atol=1e-12
        )
    small = rng.standard_normal((16, 5))
    np.testing.assert_allclose(
        namespace["softmax_as_written"](small), derivations.softmax(small), rtol=1e-12
    )
    # What the page says the snippet shows: the formula as written fails, the stable one not.
    assert np.isnan(namespace["s_as_written"][0])
    assert np.isinf(namespace["loss_as_written"])
    np.testing.assert_array_equal(namespace["log_s"], derivations.log_softmax(namespace["z"]))
