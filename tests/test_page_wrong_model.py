"""The wrong-model page: its sandwich numbers, batch table and ratio say what the text says."""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pytest
from helpers import BuildResult

from derivations import cross_entropy, mse_on_softmax

pytestmark = pytest.mark.build


def _after(page: str, marker: str) -> list[str]:
    section = page.split(marker, 1)[1]
    return [
        html.unescape(v) for v in re.findall(r'<span class="pasted-text">([^<]*)</span>', section)
    ]


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "wrong-model.html").read_text()


def test_sandwich_numbers_lie_inside_the_bounds(page: str) -> None:
    count, n, gap_min, gap_max, log_n = _after(page, 'id="sec-wrong-model-sandwich"')[:5]
    assert float(log_n) == pytest.approx(math.log(int(n)), abs=1e-4)
    assert 0 <= float(gap_min) <= float(gap_max) <= float(log_n)
    assert int(count) >= 1000


def test_batch_table_supports_the_prose(page: str) -> None:
    values = _after(page, 'id="sec-wrong-model-batch"')
    m, _n, wrong, share = values[:4]
    assert 0 < int(wrong) < int(m) / 2
    assert float(share.rstrip("%")) == pytest.approx(100 * int(wrong) / int(m), abs=0.1)
    table = [float(v.rstrip("%")) for v in values[4:14]]
    ce_share, mse_share, ce_lw, mse_lw, ce_lr, mse_lr, ce_gw, mse_gw, ce_gr, _mse_gr = table
    assert ce_share > 50  # the wrong samples carry most of the loss
    assert mse_share > 50
    assert ce_lw > ce_lr
    assert mse_lw > mse_lr
    assert ce_gw > 5 * ce_gr  # CE: a wrong sample's gradient is many times a right one's
    assert mse_gw < 0.1 * ce_gw  # MSE: small where the wrong samples sit


def test_ratio_far_out_matches_the_kernels(page: str) -> None:
    found = re.search(
        r'wrong logit is\s*<span class="pasted-text">([^<]*)</span>\s*ahead\s*gets a gradient\s*'
        r'<span class="pasted-text">([^<]*)</span>',
        page,
    )
    assert found
    t, ratio = float(found[1]), float(found[2].replace(",", ""))

    def slope(loss, h=1e-4):
        z = np.array([[0.0, t + h], [0.0, t - h]])
        v = loss(z, np.array([0, 0]))
        return float(v[0] - v[1]) / (2 * h)

    assert ratio == pytest.approx(slope(cross_entropy) / slope(mse_on_softmax), rel=1e-4)


def test_limits_and_figures_are_shown(page: str) -> None:
    for anchor in (
        "equation-lse-sandwich",
        "equation-two-class-limits",
        "equation-eq-sandwich-ce",
        "equation-eq-limits-right",
        "equation-eq-limits-ce-wrong",
        "equation-eq-limits-mse-wrong",
        "equation-eq-limit-mse-decay",
        "fig-wrong-model-sandwich",
        "fig-wrong-model-loss",
        "fig-wrong-model-slope",
    ):
        assert f'id="{anchor}"' in page, anchor


def test_every_claim_of_the_page_is_shown_under_its_label(page: str) -> None:
    from derivations import claims

    mine = [c for c in claims.all_claims() if c.page == "wrong-model"]
    assert mine, "no claim is registered for this page"
    for claim in mine:
        assert f'id="equation-{claim.label}"' in page, claim.id
