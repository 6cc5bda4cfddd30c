"""The numerics page: claims under their labels with marks, glued numbers, the framework table.

Numbers are read from the built page and compared with independent computations (the IEEE 754
layout of each type, not NumPy's ``finfo``). The framework table must link every loss it names
to that framework's own documentation, and say what the documentation says it takes.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from helpers import ROOT, BuildResult, claims_shown_with_marks, equation_block, shown_glue_math

#: IEEE 754: stored mantissa bits p and e_max + 1; the largest finite value is (2 - 2^-p) 2^e_max.
LAYOUT = {"float16": (10, 16), "float32": (23, 128), "float64": (52, 1024)}


def _largest(dtype: str) -> float:
    bits, top = LAYOUT[dtype]
    return (2 - 2.0**-bits) * 2.0 ** (top - 1)


def _threshold(dtype: str) -> float:
    bits, top = LAYOUT[dtype]
    return top * math.log(2) + math.log1p(-(2.0 ** -(bits + 1)))


def _value(tex: str) -> float:
    mantissa = re.fullmatch(r"(-?[\d.]+)(?: \\times 10\^\{(-?\d+)\})?", tex)
    assert mantissa, tex
    value = float(mantissa[1])
    return value * 10 ** int(mantissa[2]) if mantissa[2] else value


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "numerics.html").read_text()


@pytest.fixture(scope="module")
def shown(built_site: BuildResult) -> dict[str, str]:
    return shown_glue_math(built_site.html, "numerics")


def test_every_claim_of_the_page_is_shown_under_its_label_with_its_mark(page: str) -> None:
    mine = claims_shown_with_marks(page, "numerics")
    assert {c.slug for c in mine} >= {"overflow-thresholds", "stable-wrong-loss"}


def test_thresholds_are_shown_as_two_decimal_math(page: str) -> None:
    block = equation_block(page, "overflow-thresholds")
    for dtype, value in (("float16", "11.09"), ("float32", "88.72"), ("float64", "709.78")):
        assert f"{_threshold(dtype):.2f}" == value
        assert rf"\Omega_{{\mathrm{{{dtype}}}}} \approx {value}" in block


def test_largest_values_are_typeset_numbers(shown: dict[str, str]) -> None:
    assert shown["numerics-max-float16"] == "65504"
    for dtype in ("float32", "float64"):
        assert r"\times 10^" in shown[f"numerics-max-{dtype}"]
        mantissa, exponent = re.fullmatch(
            r"([\d.]+) \\times 10\^\{(\d+)\}", shown[f"numerics-max-{dtype}"]
        ).groups()
        assert math.log10(float(mantissa)) + int(exponent) == pytest.approx(
            math.log10(_largest(dtype)), abs=0.01
        )


def test_glued_thresholds_are_independent_values(shown: dict[str, str]) -> None:
    for dtype in ("float16", "float32", "float64"):
        assert _value(shown[f"numerics-threshold-{dtype}"]) == round(_threshold(dtype), 2)


def test_the_threshold_is_said_to_be_exceeded_not_reached(page: str) -> None:
    # e^88.72 is finite in float32 (log Omega = 88.7228...): the text says "above".
    assert _threshold("float32") > 88.72
    text = re.sub(r"<[^>]+>", " ", page)
    assert "a logit above" in text
    assert "a logit of" not in text
    assert "fails from" not in text
    for jargon in ("the package", "kernels", "exactly"):
        assert jargon not in text, jargon


def test_the_snippet_output_shows_the_failure_and_the_fix(page: str) -> None:
    outputs = " ".join(
        re.findall(
            r'<div class="cell_output docutils container">(.*?)</div>\s*</div>', page, re.DOTALL
        )
    )
    for shown in ("nan", "inf", "-1000.", "1000.0"):
        assert shown in outputs, shown


FRAMEWORK_DOCS = {
    "torch.nn.CrossEntropyLoss": ("docs.pytorch.org", "logits"),
    "torch.nn.functional.cross_entropy": ("docs.pytorch.org", "logits"),
    "torch.nn.NLLLoss": ("docs.pytorch.org", "log-probabilities"),
    "torch.nn.BCEWithLogitsLoss": ("docs.pytorch.org", "logits"),
    "torch.nn.BCELoss": ("docs.pytorch.org", "probabilities"),
    "optax.softmax_cross_entropy": ("optax.readthedocs.io", "logits"),
    "optax.softmax_cross_entropy_with_integer_labels": ("optax.readthedocs.io", "logits"),
    "optax.sigmoid_binary_cross_entropy": ("optax.readthedocs.io", "logits"),
    "CategoricalCrossentropy": ("www.tensorflow.org", "probabilities by default"),
    "SparseCategoricalCrossentropy": ("www.tensorflow.org", "probabilities by default"),
    "BinaryCrossentropy": ("www.tensorflow.org", "probabilities by default"),
    "tf.nn.softmax_cross_entropy_with_logits": ("www.tensorflow.org", "logits"),
}


def _table_rows() -> list[str]:
    text = (ROOT / "docs" / "numerics.md").read_text()
    return [line for line in text.splitlines() if line.startswith("| ") and "](" in line]


@pytest.mark.parametrize("loss", sorted(FRAMEWORK_DOCS))
def test_the_framework_table_cites_each_losss_documentation(loss: str) -> None:
    host, takes = FRAMEWORK_DOCS[loss]
    rows = [row for row in _table_rows() if f"`{loss}`" in row]
    assert len(rows) == 1, f"{loss}: {len(rows)} rows"
    (row,) = rows
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    link = re.search(rf"\[[^\]]*`{re.escape(loss)}`[^\]]*\]\((https://[^)]+)\)", cells[1])
    assert link, f"{loss}: no link to its documentation"
    assert link[1].startswith(f"https://{host}/"), link[1]
    assert cells[2].startswith(takes), f"{loss}: the table says {cells[2]!r}"


def test_the_page_has_one_numpy_snippet_and_no_hidden_import_in_shown_code() -> None:
    text = (ROOT / "docs" / "numerics.md").read_text()
    cells = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    shown = [
        c for c in cells if ":tags: [remove-cell]" not in c and ":tags: [remove-input]" not in c
    ]
    assert len(shown) == 1
    assert ":tags: [numpy-snippet]" in shown[0]
    assert "derivations" not in shown[0]


def test_no_build_jargon_in_the_text(page: str) -> None:
    text = re.sub(r"<[^>]+>", " ", page)
    assert "Checked by" not in text
    assert not re.search(r"\bF\d{1,2}\b", text), "a claim id in the reading text"
    for word in ("lambdif", "kernels", "solveset"):
        assert word not in text


def test_the_stable_values_are_exact_in_float64() -> None:
    # Independent of the claims: LSE(1000, 0) = 1000 + log1p(e^-1000) rounds to 1000.
    assert 1000.0 + math.log1p(math.exp(-1000.0)) == 1000.0
    assert np.float64(1.0) / (1.0 + math.exp(-1000.0)) == 1.0
