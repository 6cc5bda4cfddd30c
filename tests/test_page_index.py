"""The landing page answers the question first: its numbers are right and on the first screen."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from helpers import BuildResult, shown_glue_math
from scipy.special import softmax as scipy_softmax


@pytest.fixture(scope="module")
def shown(built_site: BuildResult) -> dict[str, str]:
    return shown_glue_math(built_site.html, "index")


def _numbers(tex: str) -> list[float]:
    """The numbers of a typeset vector or number, ``a \\times 10^{b}`` read as ``a e b``."""
    tex = re.sub(r"([\d.]+) \\times 10\^\{(-?\d+)\}", r"\1e\2", tex)
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", tex)]


def test_the_scale_example_is_computed(shown: dict[str, str]) -> None:
    assert _numbers(shown["index-small"]) == [1, 2]
    assert _numbers(shown["index-large"]) == [10, 20]
    np.testing.assert_allclose(_numbers(shown["index-divided"]), [1 / 3, 2 / 3], atol=0.005)
    np.testing.assert_allclose(
        _numbers(shown["index-softmax-small"]), scipy_softmax([1.0, 2.0]), atol=0.005
    )
    large = scipy_softmax([10.0, 20.0])
    got = _numbers(shown["index-softmax-large"])
    assert got[0] == pytest.approx(large[0], rel=0.05)
    assert got[1] == pytest.approx(large[1], abs=5e-6)


def test_the_wrong_model_numbers_match_an_independent_computation(shown: dict[str, str]) -> None:
    t = _numbers(shown["index-t"])[0]
    s = scipy_softmax([0.0, t])
    ce_slope = s[1]  # d/dt of log(1 + e^t)
    mse_slope = 2 * s[1] ** 2 * s[0]  # d/dt of sigma(t)^2
    assert _numbers(shown["index-p-true"])[0] == pytest.approx(s[0], abs=5e-4)
    assert _numbers(shown["index-ce-slope"])[0] == pytest.approx(ce_slope, abs=5e-3)
    assert _numbers(shown["index-mse-slope"])[0] == pytest.approx(mse_slope, abs=5e-4)
    assert _numbers(shown["index-slope-ratio"])[0] == pytest.approx(ce_slope / mse_slope, abs=0.5)


def test_the_exp_cost_is_a_percentage(shown: dict[str, str]) -> None:
    (percent,) = _numbers(shown["index-exp-percent"])
    assert 0 < percent < 1000


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_the_answer_is_on_the_first_screen(
    chromium: Any, site_url: str, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    page = chromium.new_page()
    try:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{site_url}index.html", wait_until="load")
        page.evaluate("async () => { await window.MathJax.startup.promise; }")
        first = page.locator("article.bd-article li").first
        box = first.bounding_box()
        text = first.inner_text()
    finally:
        page.close()
    assert box is not None
    assert box["y"] + box["height"] <= height, f"the first answer ends below the screen: {box}"
    assert "dividing by the sum" in text
    assert "softmax" in text


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "index.html").read_text()


def test_the_page_opens_with_the_answer(page: str) -> None:
    article = page.split("<article")[1]
    first = re.sub(r"<[^>]+>", "", article.split("<p>")[1].split("</p>")[0])
    assert first.startswith("Because the exponential"), first
    # Log-sum-exp is named on later pages; here the loss is written out.
    before_map = article.split('id="map-of-the-site"')[0]
    assert "log-sum-exp" not in before_map


def test_the_static_figure_is_the_interactive_ones_fallback(page: str) -> None:
    interactive = page.index('id="fig-landing-interactive"')
    static = page.index('id="fig-landing-slopes"')
    assert interactive < static
    figure = page[: static + 40].rsplit("<figure", 1)[1]
    assert "why-static-fallback" in figure


def test_both_landing_figures_show_the_same_margins() -> None:
    from derivations.figures.landing import MARGIN_RANGE
    from derivations.interactive.landing import MARGINS

    assert (MARGINS[0], MARGINS[-1]) == MARGIN_RANGE


@pytest.mark.browser
def test_the_static_figure_shows_only_without_the_interactive_one(
    chromium: Any, site_url: str
) -> None:
    page = chromium.new_page()
    try:
        page.goto(f"{site_url}index.html", wait_until="load")
        page.wait_for_selector("#fig-landing-interactive .why-controls:not([hidden])")
        on_screen = page.locator("#fig-landing-slopes").is_visible()
        page.emulate_media(media="print")
        on_paper = page.locator("#fig-landing-slopes").is_visible()
    finally:
        page.close()
    assert not on_screen, "the static figure repeats the interactive one on screen"
    assert on_paper, "the static figure must stand in for the interactive one on paper"
