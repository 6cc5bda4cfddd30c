"""The normalization page: its claims under their labels with marks, steps, and glued numbers.

The numbers a reader sees are compared with computations that share nothing with the page's:
mpmath and float64 central differences of the loss itself.
"""

from __future__ import annotations

import re

import mpmath as mp
import pytest
from helpers import (
    BuildResult,
    assert_shown_as_steps,
    claims_shown_with_marks,
    equation_block,
    shown_glue_math,
)


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "normalization.html").read_text()


@pytest.fixture(scope="module")
def shown(built_site: BuildResult) -> dict[str, str]:
    return shown_glue_math(built_site.html, "normalization")


def value(tex: str) -> float:
    r"""A glued number: ``0.269``, ``-5 \times 10^{5}`` or ``10^{-6}``."""
    tex = tex.strip()
    power = re.fullmatch(r"(-?)10\^\{(-?\d+)\}", tex)
    if power:
        return (-1.0 if power[1] else 1.0) * 10.0 ** int(power[2])
    match = re.fullmatch(r"(-?[\d.]+)(?: \\times 10\^\{(-?\d+)\})?", tex)
    assert match, f"not a typeset number: {tex!r}"
    return float(match[1]) * 10.0 ** int(match[2] or 0)


def vector_values(tex: str) -> list[float]:
    inner = re.fullmatch(r"\[(.*)\]", tex.strip())
    assert inner, f"not a typeset vector: {tex!r}"
    return [value(v) for v in inner[1].split(r",\ ")]


def mp_softmax(z: list[float]) -> list[float]:
    with mp.workdps(30):
        e = [mp.exp(v) for v in z]
        return [float(v / mp.fsum(e)) for v in e]


def mp_slope(x: list[float], wrt: int) -> float:
    """d(-log q_1)/d x_wrt at x (two classes), by mpmath's numerical derivative."""
    with mp.workdps(40):
        point = [mp.mpf(v) for v in x]

        def nll(t: mp.mpf) -> mp.mpf:
            moved = list(point)
            moved[wrt - 1] = t
            return -mp.log(moved[0] / mp.fsum(moved))

        return float(mp.diff(nll, point[wrt - 1]))


def test_every_claim_of_the_page_is_shown_under_its_label_with_its_mark(page: str) -> None:
    mine = claims_shown_with_marks(page, "normalization")
    assert len(mine) == 5


@pytest.mark.parametrize(
    "label",
    [
        "shift-invariance",
        "eq-normalization-lse-shift",
        "normalization-gradient",
        "normalization-of-exponentials",
        "eq-normalization-logits",
    ],
)
def test_derivations_are_shown_as_steps(page: str, label: str) -> None:
    assert_shown_as_steps(page, label)


def test_the_shift_results_read_as_a_textbook_writes_them(page: str) -> None:
    softmax = equation_block(page, "shift-invariance")
    assert r"= \mathrm{softmax}(z)_{i}" in softmax.split(r"\\")[-1]
    lse = equation_block(page, "eq-normalization-lse-shift")
    assert r"= \mathrm{LSE}(z) + c" in lse.split(r"\\")[-1]


def test_scale_numbers(shown: dict[str, str]) -> None:
    assert vector_values(shown["normalization-small"]) == [1, 2]
    assert vector_values(shown["normalization-large"]) == [10, 20]
    assert value(shown["normalization-factor"]) == 10
    assert vector_values(shown["normalization-divided"]) == pytest.approx([1 / 3, 2 / 3], abs=6e-4)
    small = vector_values(shown["normalization-softmax-small"])
    assert small == pytest.approx(mp_softmax([1.0, 2.0]), abs=6e-4)
    large = vector_values(shown["normalization-softmax-large"])
    want = mp_softmax([10.0, 20.0])
    assert large[0] == pytest.approx(want[0], rel=0.02)
    assert large[1] == pytest.approx(want[1], abs=6e-6)


def test_gradient_examples(shown: dict[str, str]) -> None:
    tiny = vector_values(shown["normalization-tiny-x"])
    assert tiny == [1e-6, 1e-6]
    assert value(shown["normalization-tiny-q"]) == pytest.approx(0.5)
    # Exact here: -5 x 10^5 and 5 x 10^5, written as the display writes them.
    assert shown["normalization-tiny-d1"] == r"-5 \times 10^{5}"
    assert value(shown["normalization-tiny-d1"]) == pytest.approx(mp_slope(tiny, 1), rel=1e-6)
    assert value(shown["normalization-tiny-d2"]) == pytest.approx(mp_slope(tiny, 2), rel=1e-6)
    unlikely = vector_values(shown["normalization-unlikely-x"])
    assert unlikely == [1, 1e6]
    # "About": within 0.1 % of the value shown.
    assert value(shown["normalization-unlikely-q"]) == pytest.approx(1 / (1 + 1e6), rel=1e-3)
    assert value(shown["normalization-unlikely-d1"]) == pytest.approx(
        mp_slope(unlikely, 1), rel=1e-3
    )
    assert value(shown["normalization-unlikely-d2"]) == pytest.approx(
        mp_slope(unlikely, 2), rel=1e-3
    )


def test_the_examples_display_exact_numbers_with_powers_of_ten(page: str) -> None:
    block = equation_block(page, "eq-normalization-gradient-examples")
    assert r"-5 \times 10^{5}" in block
    assert r"\frac{1}{10^{6} + 1}" in block
    assert "500000" not in block
    assert "1000001" not in block


def test_the_diagonal_entry_is_glued_from_the_derivation(shown: dict[str, str]) -> None:
    entry = shown["normalization-gradient-diagonal"]
    assert r"\partial {x}_{k}" in entry
    assert r"{q}_{k} - 1" in entry


def test_figures_are_shown(page: str) -> None:
    for name in ("fig-normalization-scale", "fig-normalization-gradient"):
        assert f'id="{name}"' in page, name


def test_no_build_vocabulary_in_the_reading_text(page: str) -> None:
    article = page.split("<article")[1].split("</article>")[0]
    text = re.sub(r"<[^>]+>", " ", article)
    assert "Checked by" not in text
    assert not re.search(r"\bF\d+\b", text)
    for word in ("kernel", "lambdif", "solveset", "claim", "sympy"):
        assert word not in text.lower(), word
