"""The binary page reproduces Nielsen's published numbers (Nielsen 2015, ch. 3).

The values are read from the built page itself, so this checks what a reader sees. MyST-NB
does not keep glue outputs in the executed notebook, so the glued texts are read from the HTML:
the ``{glue:text}`` roles of ``docs/binary.md`` and the ``pasted-text`` spans of ``binary.html``
appear in the same document order, which pairs each shown text with its glue key.

Nielsen's published values, and the tolerances used here:

- initial output 0.82 from ``(w, b) = (0.6, 0.9)`` and 0.98 from ``(2, 2)``: he gives two
  decimals, so the shown two-decimal values must agree exactly;
- output "about 0.09" after 300 epochs from ``(0.6, 0.9)``: within 0.01;
- from ``(2, 2)`` hardly any learning "for the first 150 or so epochs": the page's plateau (epochs
  until the quadratic cost has fallen by 10 %) must lie within 20 % of 150.
"""

from __future__ import annotations

import pytest
from helpers import BuildResult, shown_glue_texts


@pytest.fixture(scope="module")
def shown(built_site: BuildResult) -> dict[str, str]:
    """Glue key -> text shown on the built page."""
    return shown_glue_texts(built_site.html, "binary")


def test_the_starts_and_step_are_nielsens(shown: dict[str, str]) -> None:
    assert float(shown["nielsen-w-a"]) == pytest.approx(0.6)
    assert float(shown["nielsen-b-a"]) == pytest.approx(0.9)
    assert float(shown["nielsen-w-b"]) == pytest.approx(2.0)
    assert float(shown["nielsen-b-b"]) == pytest.approx(2.0)
    assert float(shown["nielsen-eta"]) == pytest.approx(0.15)
    assert int(shown["nielsen-epochs"]) == 300


def test_initial_outputs_match_nielsen(shown: dict[str, str]) -> None:
    assert shown["nielsen-a0-a"] == "0.82"
    assert shown["nielsen-a0-b"] == "0.98"


def test_output_after_300_epochs_matches_nielsen(shown: dict[str, str]) -> None:
    assert float(shown["nielsen-final-a"]) == pytest.approx(0.09, abs=0.01)


def test_the_slowdown_lasts_about_150_epochs(shown: dict[str, str]) -> None:
    assert float(shown["nielsen-drop-percent"]) == pytest.approx(10.0)
    assert int(shown["nielsen-plateau-quad-b"]) == pytest.approx(150, rel=0.2)
    # ... while the good start and cross-entropy from the bad start have no plateau.
    assert int(shown["nielsen-plateau-quad-a"]) < 30
    assert int(shown["nielsen-plateau-ce-b"]) < 30
