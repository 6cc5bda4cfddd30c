"""The normalization page's numbers agree with plain formulas evaluated independently."""

from __future__ import annotations

import html
import re

import mpmath as mp
import pytest
from helpers import BuildResult

pytestmark = pytest.mark.build


def _pasted(page: str) -> list[str]:
    return [html.unescape(v) for v in re.findall(r'<span class="pasted-text">([^<]*)</span>', page)]


def _softmax(x: list[float]) -> list[float]:
    with mp.workdps(30):
        e = [mp.exp(v) for v in x]
        return [float(v / mp.fsum(e)) for v in e]


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "normalization.html").read_text()


def test_scale_numbers(page: str) -> None:
    values = [float(v) for v in _pasted(page)[:9]]
    norm_small, norm_large = values[0:2], values[2:4]
    soft_small, soft_large, scale = values[4:6], values[6:8], values[8]
    assert norm_small == pytest.approx([1 / 3, 2 / 3], abs=1e-4)
    assert norm_large == pytest.approx([1 / 3, 2 / 3], abs=1e-4)
    assert soft_small == pytest.approx(_softmax([1.0, 2.0]), abs=1e-3)
    assert soft_large == pytest.approx(_softmax([10.0, 20.0]), rel=1e-2)
    assert scale == 10


def test_shift_numbers_are_at_rounding_level(page: str) -> None:
    text = page.split('id="sec-normalization-sign"')[0]
    shift = re.search(
        r"rounding error\s*\(<span[^>]*>([^<]*)</span>.*?<span[^>]*>([^<]*)</span>", text, re.S
    )
    assert shift
    assert 0 <= float(shift[1]) < 1e-12
    assert 0 <= float(shift[2]) < 1e-11


def test_gradient_is_glued_raw_and_reduced_with_both_figures(page: str) -> None:
    for anchor in (
        "equation-eq-normalization-nll-raw",
        "equation-standard-normalization",
        "equation-shift-invariance",
        "equation-eq-standard-normalization-scale",
        "equation-eq-standard-normalization-examples",
        "fig-normalization-scale",
        "fig-normalization-gradient",
    ):
        assert f'id="{anchor}"' in page, anchor


def test_non_positive_demo_runs(page: str) -> None:
    assert "x / sum(x) = [ 2. -1.]" in page
    assert "inf" in page


def test_every_claim_of_the_page_is_shown_under_its_label(page: str) -> None:
    from derivations import claims

    mine = [c for c in claims.all_claims() if c.page == "normalization"]
    assert mine, "no claim is registered for this page"
    for claim in mine:
        assert f'id="equation-{claim.label}"' in page, claim.id
