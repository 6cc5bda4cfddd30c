"""The landing page shows derived slopes, and numbers that independent computations agree with."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest
from helpers import OUTLINE, BuildResult

from derivations import cross_entropy, mse_on_softmax, softmax

pytestmark = pytest.mark.build


def _pasted(page: str) -> list[str]:
    return [html.unescape(v) for v in re.findall(r'<span class="pasted-text">([^<]*)</span>', page)]


def _slope(loss, t: float, h: float = 1e-5) -> float:
    z = np.array([[0.0, t + h], [0.0, t - h]])
    values = loss(z, np.array([0, 0]))
    return float(values[0] - values[1]) / (2 * h)


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "index.html").read_text()


def test_glued_numbers_match_the_kernels(page: str) -> None:
    t, p_true, ce_slope, mse_slope, ratio = _pasted(page)[:5]
    t = float(t)
    assert float(p_true) == pytest.approx(float(softmax([0.0, t])[0]), abs=1e-4)
    assert float(ce_slope) == pytest.approx(_slope(cross_entropy, t), abs=1e-3)
    assert float(mse_slope) == pytest.approx(_slope(mse_on_softmax, t), abs=1e-4)
    assert float(ratio) == pytest.approx(
        _slope(cross_entropy, t) / _slope(mse_on_softmax, t), abs=1
    )
    # What the prose says about them.
    assert float(ce_slope) > 0.9
    assert float(mse_slope) < 0.1 * float(ce_slope)


def test_slopes_are_glued_equations_and_the_figure_is_there(page: str) -> None:
    assert 'id="equation-eq-landing-ce-slope"' in page
    assert 'id="equation-eq-landing-mse-slope"' in page
    assert 'id="fig-landing-slopes"' in page
    assert re.search(r'<img[^>]+src="_images/[0-9a-f]+\.svg"', page)


def test_the_map_links_every_page(page: str) -> None:
    for doc in OUTLINE[1:]:
        assert f'href="{doc}.html"' in page, doc


def test_the_answer_cites_its_sources(page: str) -> None:
    assert 'href="references.html#id' in page or "references.html#" in page
    assert "Goodfellow" in page


def test_many_class_numbers_match_the_kernels(page: str) -> None:
    n, t, ce_slope, mse_slope = (float(v) for v in _pasted(page)[5:9])
    h = 1e-5
    z = np.zeros((2, int(n)))
    z[:, 1] = [t + h, t - h]
    labels = np.array([0, 0])
    ce = cross_entropy(z, labels)
    mse = mse_on_softmax(z, labels)
    assert ce_slope == pytest.approx(float(ce[0] - ce[1]) / (2 * h), abs=1e-4)
    assert mse_slope == pytest.approx(float(mse[0] - mse[1]) / (2 * h), rel=0.05)
