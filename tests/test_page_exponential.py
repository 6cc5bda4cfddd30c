"""The page "Why the exponential?": claims under their labels with marks, derivations as steps,
and glued numbers that independent computations agree with (the simulation, the cost of exp)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import BuildResult, assert_shown_as_steps, claims_shown_with_marks, shown_glue_math

from derivations import softmax
from derivations.kernels.gumbel import EXAMPLE
from derivations.pages import number
from derivations.timing import exp_cost

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "exponential.html").read_text()


@pytest.fixture(scope="module")
def shown(built_site: BuildResult) -> dict[str, str]:
    return shown_glue_math(built_site.html, "exponential")


def _numbers(tex: str) -> np.ndarray:
    return np.array([float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", tex)])


def test_every_claim_of_the_page_is_shown_under_its_label_with_its_mark(page: str) -> None:
    mine = claims_shown_with_marks(page, "exponential")
    assert len(mine) == 7
    # The gradient of log-sum-exp is the likelihood page's claim, shown here with its mark.
    assert 'href="claims.html#claim-lse-gradient"' in page


@pytest.mark.parametrize(
    "label",
    [
        "eq-exponential-lagrangian-gradient",
        "max-entropy",
        "eq-exponential-conjugate-value",
        "eq-exponential-divergence-steps",
        "luce-exponential",
        "eq-exponential-gumbel-two-steps",
        "gumbel-max",
    ],
)
def test_derivations_are_shown_as_steps(page: str, label: str) -> None:
    assert_shown_as_steps(page, label)


def test_the_simulation_is_recomputed_independently(shown: dict[str, str]) -> None:
    z = np.asarray(EXAMPLE.logits)
    np.testing.assert_allclose(_numbers(shown["exponential-race-z"]), z)
    assert shown["exponential-race-samples"] == rf"10^{{{round(np.log10(EXAMPLE.samples))}}}"
    assert 10 ** round(np.log10(EXAMPLE.samples)) == EXAMPLE.samples
    # NumPy's own Gumbel draws, one call, winners counted: not the package's function.
    rng = np.random.default_rng(EXAMPLE.seed)
    winners = np.argmax(z + rng.gumbel(size=(EXAMPLE.samples, z.size)), axis=1)
    frequencies = np.bincount(winners, minlength=z.size) / EXAMPLE.samples
    np.testing.assert_allclose(
        _numbers(shown["exponential-race-frequencies"]), frequencies, atol=5e-5
    )
    s = softmax(z)
    np.testing.assert_allclose(_numbers(shown["exponential-race-softmax"]), s, atol=5e-5)
    errors = (frequencies - s) / np.sqrt(s * (1 - s) / EXAMPLE.samples)
    np.testing.assert_allclose(_numbers(shown["exponential-race-errors"]), errors, atol=0.05)
    # What the sentence says about them: every difference within the stated bound.
    assert shown["exponential-race-bound"] == rf"\pm {EXAMPLE.k:g}"
    assert np.all(np.abs(errors) <= EXAMPLE.k)


def test_the_cost_of_exp_is_the_measurement_and_the_sentence_follows_it(
    page: str, shown: dict[str, str]
) -> None:
    small, large = exp_cost(classes=10), exp_cost(classes=1000)
    for key, cost in (("small", small), ("large", large)):
        assert shown[f"exponential-cost-{key}-classes"] == str(cost.classes)
        digits = 1 if cost.ratio < 0.1 else 0
        assert shown[f"exponential-cost-{key}"] == number(100 * cost.ratio, digits)
    madds = large.ratio * large.features
    # A timing supports no decimal: a whole number of multiply-adds (or "less than 1").
    want = number(madds, 0) if madds >= 0.5 else r"\text{less than } 1"
    assert shown["exponential-cost-madds"] == want
    worst = max(small.ratio, large.ratio)
    verdicts = {
        "cheap": "the exponential is cheap",
        "share": "a noticeable part of the cost",
        "longer": "took longer than the matrix product",
    }
    expected = "cheap" if worst < 0.1 else "share" if worst < 1 else "longer"
    text = re.sub(r"<[^>]+>", "", page)
    for name, words in verdicts.items():
        assert (words in text) == (name == expected), name


def test_the_sources_are_cited(page: str) -> None:
    text = re.sub(r"<[^>]+>", "", page)
    for author in ("Jaynes", "Luce", "McFadden", "Maddison", "Boyd"):
        assert author in text, author
    assert page.count('href="references.html#') >= 6


def test_the_figure_and_read_next(page: str) -> None:
    assert 'id="fig-exponential-gumbel"' in page
    assert re.search(r'<img[^>]+src="_images/[0-9a-f]+\.svg"', page)
    assert 'href="likelihood.html"' in page.split('id="read-next"')[1]
