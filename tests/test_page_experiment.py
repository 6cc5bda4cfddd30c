"""The experiment page shows the numbers of a fresh run of the experiment, typeset as math.

Every ``{glue}`` number of the page is read from the built HTML (what a reader sees) and compared
with a fresh run of the experiment with the documented defaults; the start's probability and the
share of wrong images are computed independently of the experiment code.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from helpers import BuildResult, shown_glue_math

from derivations import claims
from derivations.pages import number
from derivations.training import (
    DEFAULT_INIT_STD,
    DEFAULT_WRONG_SCALE,
    first_epoch_reaching,
    load_digits_split,
    run_digits_experiment,
)
from derivations.training.alternatives_experiment import ALTERNATIVES_EPOCHS

pytestmark = [pytest.mark.build, pytest.mark.slow]


def _percent(fraction: float) -> str:
    return rf"{number(100 * fraction, 1)}\,\%"


@pytest.fixture(scope="module")
def fresh() -> dict[str, str]:
    """The page's numbers as the page should typeset them, from a new run."""
    exp = run_digits_experiment()
    wrong, control = exp.confidently_wrong, exp.small_random
    grid = np.asarray(wrong.cross_entropy.learning_rates)
    y_train = load_digits_split().y_train
    lead = DEFAULT_WRONG_SCALE
    values = {
        "exp-epochs": number(exp.epochs, 0),
        "exp-n-train": number(exp.n_train, 0),
        "exp-n-val": number(exp.n_val, 0),
        "exp-n-test": number(exp.n_test, 0),
        "exp-n-rates": number(grid.size, 0),
        "exp-n-classes": "10",
        "exp-rate-min": "0.01",
        "exp-rate-max": "100",
        "exp-wrong-start": rf"b = {lead:g}\, e_1",
        "exp-wrong-logits": rf"{lead:g}\, e_1",
        "exp-alt-epochs": number(ALTERNATIVES_EPOCHS, 0),
        "exp-init-std": number(DEFAULT_INIT_STD, 2),
        # Independent of the start's construction: one class ahead by the lead, among ten.
        "exp-p-other": number(1.0 / (math.exp(lead) + 9.0), 1),
        "exp-p-favoured": number(math.exp(lead) / (math.exp(lead) + 9.0), 5),
        # The start calls every image a 0: it is wrong on every image of another digit.
        "exp-wrong-fraction": _percent(float(np.mean(y_train != 0))),
        "exp-control-wrong-fraction": _percent(control.initial_wrong_fraction),
        "exp-level-50": r"50\,\%",
        "exp-level-90": r"90\,\%",
    }
    for start, cmp in (("wrong", wrong), ("control", control)):
        for short, run in (("ce", cmp.cross_entropy), ("mse", cmp.mse_on_softmax)):
            key = f"exp-{start}-{short}"
            values[f"{key}-rate"] = rf"\eta = {run.learning_rate:g}"
            values[f"{key}-train-acc"] = _percent(run.train_accuracy[-1])
            values[f"{key}-test-acc"] = _percent(run.test_accuracy[-1])
            values[f"{key}-test-right"] = str(round(run.test_accuracy[-1] * exp.n_test))
            for level in (50, 90):
                epoch = first_epoch_reaching(run.train_accuracy, level / 100)
                values[f"{key}-epoch{level}"] = str(epoch)
    mse = wrong.mse_on_softmax
    stuck = mse.grid_final_train_accuracy <= mse.train_accuracy[0]
    values["exp-wrong-mse-stuck"] = str(int(stuck.sum()))
    values["exp-wrong-mse-stuck-max-rate"] = rf"\eta = {grid[stuck].max():g}"
    gap = wrong.cross_entropy.test_accuracy[-1] - mse.test_accuracy[-1]
    values["exp-wrong-test-gap"] = number(100 * gap, 1)
    runs = [r for cmp in (wrong, control) for r in (cmp.cross_entropy, cmp.mse_on_softmax)]
    values["exp-min-train-acc"] = _percent(min(r.train_accuracy[-1] for r in runs))
    test_gaps = [
        abs(c.cross_entropy.test_accuracy[-1] - c.mse_on_softmax.test_accuracy[-1])
        for c in (wrong, control)
    ]
    values["exp-max-test-gap"] = number(100 * max(test_gaps), 1)
    control_90 = {
        first_epoch_reaching(r.train_accuracy, 0.9)
        for r in (control.cross_entropy, control.mse_on_softmax)
    }
    assert len(control_90) == 1, "the page says both control runs reach 90 % at one epoch"
    values["exp-control-epoch90"] = str(control_90.pop())
    return values


@pytest.fixture(scope="module")
def shown(built_site: BuildResult) -> dict[str, str]:
    return shown_glue_math(built_site.html, "experiment")


@pytest.fixture(scope="module")
def page(built_site: BuildResult) -> str:
    return (built_site.html / "experiment.html").read_text()


def test_every_glued_number_equals_a_fresh_run(shown: dict[str, str], fresh: dict) -> None:
    assert set(shown) <= set(fresh), f"not recomputed here: {sorted(set(shown) - set(fresh))}"
    for key, tex in fresh.items():
        if key not in shown:
            continue
        assert shown[key] == tex, f"{key}: page shows {shown[key]!r}, a fresh run gives {tex!r}"


def test_the_test_counts_match_the_percentages(shown: dict[str, str]) -> None:
    n_test = int(shown["exp-n-test"])
    for key in ("exp-wrong-ce", "exp-wrong-mse"):
        right = int(shown[f"{key}-test-right"])
        percent = float(re.match(r"[\d.]+", shown[f"{key}-test-acc"])[0])
        assert 100 * right / n_test == pytest.approx(percent, abs=0.05)


def test_the_wrong_start_claim_is_shown_with_its_mark(page: str) -> None:
    claim = claims.get("wrong-start-probabilities")
    assert claim.page == "experiment"
    assert f'id="equation-{claim.label}"' in page
    assert f'href="claims.html#{claim.anchor}"' in page


def test_the_notation_is_the_sites(page: str) -> None:
    text = re.sub(r"<[^>]+>", " ", page)
    assert not re.search(r"\bs_\{?y\}?(?![a-z])", text), "s_y for the true class's probability"
    assert "not in where it ends up" not in text
    assert "class 0" not in text
    # The start's lead is a number, not the letter c (c is the shift constant).
    assert r"c\, e_1" not in page
    assert "c = 10" not in text


def test_the_other_protocol_is_explained_and_the_literature_linked(page: str) -> None:
    text = re.sub(r"<[^>]+>", " ", page)
    assert 'href="alternatives.html"' in page
    # The alternatives page runs the same protocol: its softmax rows are this page's runs.
    assert "same protocol" in text
    assert "softmax rows are this page" in text
    # Golik et al. and Hui and Belkin are discussed on the mse page; here a link suffices.
    assert 'href="mse.html#sec-mse-optimum"' in page
    assert "Golik" not in text
