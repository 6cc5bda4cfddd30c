"""The experiment page shows the numbers of a fresh run of the experiment, formatted as written.

The glued values are read from the executed notebook's glue store, and every ``{glue:text}``
role of the page is checked in the built HTML against the fresh value in the page's format.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from helpers import ROOT, BuildResult

from derivations import softmax
from derivations.training import (
    DEFAULT_INIT_STD,
    DEFAULT_WRONG_SCALE,
    first_epoch_reaching,
    run_digits_experiment,
)

pytestmark = [pytest.mark.build, pytest.mark.slow]

PAGE = ROOT / "docs" / "experiment.md"


@pytest.fixture(scope="module")
def fresh() -> dict[str, float]:
    """The page's numbers, computed here from a new run with the documented defaults."""
    exp = run_digits_experiment()
    wrong, control = exp.confidently_wrong, exp.small_random
    grid = np.asarray(wrong.cross_entropy.learning_rates)
    values: dict[str, float] = {
        "exp_epochs": exp.epochs,
        "exp_n_train": exp.n_train,
        "exp_n_val": exp.n_val,
        "exp_n_test": exp.n_test,
        "exp_n_rates": grid.size,
        "exp_rate_min": grid.min(),
        "exp_rate_max": grid.max(),
        "exp_wrong_scale": DEFAULT_WRONG_SCALE,
        "exp_init_std": DEFAULT_INIT_STD,
        # Independent of the start's construction: one large bias among ten classes.
        "exp_p_other": 1.0 / (np.exp(DEFAULT_WRONG_SCALE) + 9.0),
        "exp_wrong_fraction": 100 * np.mean(exp_labels_not(0)),
        "exp_control_wrong_fraction": 100 * control.initial_wrong_fraction,
        "exp_levels_50": 50,
        "exp_levels_90": 90,
    }
    for start, cmp in (("wrong", wrong), ("control", control)):
        for short, run in (("ce", cmp.cross_entropy), ("mse", cmp.mse_on_softmax)):
            key = f"exp_{start}_{short}"
            values[f"{key}_rate"] = run.learning_rate
            values[f"{key}_train_acc"] = 100 * run.train_accuracy[-1]
            values[f"{key}_test_acc"] = 100 * run.test_accuracy[-1]
            for level in (50, 90):
                values[f"{key}_epoch{level}"] = first_epoch_reaching(
                    run.train_accuracy, level / 100
                )
    mse = wrong.mse_on_softmax
    stuck = mse.grid_final_train_accuracy <= mse.train_accuracy[0]
    values["exp_wrong_mse_stuck"] = int(stuck.sum())
    values["exp_wrong_mse_stuck_max_rate"] = grid[stuck].max()
    assert float(softmax(wrong.b0)[1]) == pytest.approx(values["exp_p_other"], rel=1e-12)
    return {k: float(v) for k, v in values.items()}


def exp_labels_not(k: int) -> np.ndarray:
    from derivations.training import load_digits_split

    return load_digits_split().y_train != k


def _glued(built_site: BuildResult) -> dict[str, str]:
    store = built_site.html.parent / "jupyter_execute" / "experiment.glue.json"
    data = json.loads(store.read_text())
    return {key: out["data"]["text/plain"] for key, out in data.items()}


def test_every_glued_number_equals_a_fresh_run(built_site: BuildResult, fresh: dict) -> None:
    glued = _glued(built_site)
    assert set(fresh) <= set(glued), f"not glued: {sorted(set(fresh) - set(glued))}"
    for key, value in fresh.items():
        assert float(glued[key]) == pytest.approx(value, rel=1e-12, abs=1e-12), key


def test_the_page_text_shows_the_fresh_numbers(built_site: BuildResult, fresh: dict) -> None:
    html = (built_site.html / "experiment.html").read_text()
    shown = re.findall(r'class="pasted-text">([^<]*)<', html)
    roles = re.findall(r"\{glue:text\}`([\w]+)(?::([^`]*))?`", PAGE.read_text())
    assert roles, "the page has no glued text"
    assert len(shown) == len(roles)
    for (key, fmt), text in zip(roles, shown, strict=True):
        value = fresh[key]
        expected = (
            format(value, fmt) if fmt else format(int(value) if value.is_integer() else value)
        )
        assert text == expected, f"{key}: page shows {text!r}, a fresh run gives {expected!r}"
