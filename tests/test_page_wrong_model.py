"""The wrong-model page: claims under their labels with marks, steps shown, numbers that agree.

The batch's glued numbers are recomputed here independently (SciPy's ``log_softmax`` and
``softmax``, the gradients from their closed forms), and the sentences the page builds on them
are checked against them.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import ROOT, BuildResult, claims_shown_with_marks, equation_block, shown_glue_math
from scipy.special import log_softmax, softmax

from derivations import cross_entropy, mse_on_softmax

PAGE = "wrong-model"


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / f"{PAGE}.html").read_text()


@pytest.fixture(scope="module")
def shown(built_site: BuildResult) -> dict[str, str]:
    return shown_glue_math(built_site.html, PAGE)


def _value(tex: str) -> float:
    """A glued number back as a float (``92.6\\,\\%`` is 0.926, as on the experiment page)."""
    if tex.endswith(r"\%"):
        assert tex.endswith(r"\,\%"), tex  # one format for percentages across the pages
        return float(tex[: -len(r"\,\%")]) / 100
    found = re.fullmatch(r"(-?[\d.]+)(?: \\times 10\^\{(-?\d+)\})?", tex)
    assert found, tex
    return float(found[1]) * 10 ** int(found[2] or 0)


def test_every_claim_of_the_page_is_shown_under_its_label_with_its_mark(page: str) -> None:
    mine = claims_shown_with_marks(page, PAGE)
    assert {c.slug for c in mine} >= {
        "lse-sandwich",
        "two-class-limits",
        "right-model-limits",
        "wrong-model-slope",
    }


@pytest.mark.parametrize(
    "label",
    ["eq-wrong-model-about-max", "eq-wrong-model-two-class-ce", "eq-wrong-model-two-class-mse"],
)
def test_derivations_are_shown_as_steps(page: str, label: str) -> None:
    block = equation_block(page, label)
    assert r"\begin{aligned}" in block
    assert block.count("&amp;=") >= 3, f"{label}: fewer than three steps"


def test_the_margin_is_defined_once_with_its_sign() -> None:
    source = (ROOT / "docs" / f"{PAGE}.md").read_text()
    assert source.count(":label: def-wrong-model-margin") == 1
    assert r"t = \max_{j \ne k} z_j - z_k" in source
    assert "$t > 0$ means the model is wrong" in source
    # No claim ids or narrated checks in the reading text.
    prose = re.sub(r"```.*?```", "", source, flags=re.DOTALL)
    assert not re.search(r"\bF\d+\b", prose)
    assert "Checked by" not in prose


def _batch() -> tuple[np.ndarray, np.ndarray]:
    """The page's batch, drawn again with the page's seed and steps."""
    rng = np.random.default_rng(1)
    samples, classes = 1000, 10
    z = rng.standard_normal((samples, classes))
    label = rng.integers(classes, size=samples)
    pick = rng.random(samples) < 0.1
    other = (label + rng.integers(1, classes, samples)) % classes
    vote = np.where(pick, other, label)
    z[np.arange(samples), vote] += 6.0
    return z, label


def test_batch_numbers_agree_with_an_independent_computation(shown: dict[str, str]) -> None:
    z, label = _batch()
    assert _value(shown["wrong-model-batch-samples"]) == z.shape[0]
    assert _value(shown["wrong-model-batch-classes"]) == z.shape[1]
    wrong = z.argmax(axis=-1) != label
    assert _value(shown["wrong-model-batch-wrong"]) == wrong.sum()
    assert _value(shown["wrong-model-batch-wrong-share"]) == pytest.approx(wrong.mean(), abs=6e-4)

    y = np.eye(z.shape[1])[label]
    s = softmax(z, axis=-1)
    d = s - y
    losses = {
        "ce": -(y * log_softmax(z, axis=-1)).sum(axis=-1),
        "mse": 0.5 * (d**2).sum(axis=-1),
    }
    grads = {"ce": d, "mse": s * (d - (s * d).sum(axis=-1, keepdims=True))}  # J (s - y)
    for name in ("ce", "mse"):
        size = np.linalg.norm(grads[name], axis=-1)
        want = {
            "loss-share": losses[name][wrong].sum() / losses[name].sum(),
            "grad-share": size[wrong].sum() / size.sum(),
            "loss-wrong": losses[name][wrong].mean(),
            "loss-right": losses[name][~wrong].mean(),
            "grad-wrong": size[wrong].mean(),
            "grad-right": size[~wrong].mean(),
        }
        for key, value in want.items():
            got = _value(shown[f"wrong-model-batch-{name}-{key}"])
            assert got == pytest.approx(value, abs=6e-4), (name, key)


def test_the_batch_sentences_say_what_the_numbers_say(shown: dict[str, str]) -> None:
    def v(key: str) -> float:
        return _value(shown[f"wrong-model-batch-{key}"])

    # "the model gets a few wrong"; "under both losses the wrong samples carry most of the loss"
    assert v("wrong-share") < 0.2
    assert v("ce-loss-share") > 0.5
    assert v("mse-loss-share") > 0.5
    # "the wrong samples carry most of its gradient, but less than half of the squared error's"
    assert v("ce-grad-share") > 0.5 > v("mse-grad-share")
    # "a wrong sample's gradient is ... times smaller under the squared error"
    ratio = v("grad-ratio")
    assert ratio > 10
    assert ratio == pytest.approx(v("ce-grad-wrong") / v("mse-grad-wrong"), rel=0.05)


def test_the_ratio_far_out_matches_the_kernels(shown: dict[str, str]) -> None:
    t = _value(shown["wrong-model-t-far"])
    ratio = _value(shown["wrong-model-ratio-far"])

    def slope(loss, h: float = 1e-4) -> float:
        z = np.array([[0.0, t + h], [0.0, t - h]])
        value = loss(z, np.array([0, 0]))
        return float(value[0] - value[1]) / (2 * h)

    assert ratio == pytest.approx(slope(cross_entropy) / slope(mse_on_softmax), rel=1e-4)


def test_figures_are_shown(page: str) -> None:
    for name in ("fig-wrong-model-sandwich", "fig-wrong-model-loss", "fig-wrong-model-slope"):
        assert f'id="{name}"' in page, name
