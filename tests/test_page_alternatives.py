"""The alternatives page: claims under their labels with marks, steps shown, numbers recomputed.

Every number the page glues is recomputed here without the package: the scale-and-shift table
and the starting probabilities from the definitions in mpmath, the two numbers near ``t = 0``
from the closed forms, and one row of the experiment's table by the independent training loop of
``test_training_alternatives``.
"""

from __future__ import annotations

import re
from pathlib import Path

import mpmath as mp
import pytest
from helpers import BuildResult, claims_shown_with_marks, equation_block, shown_glue_math
from scipy.optimize import minimize_scalar
from test_training_alternatives import independent_row

from derivations import nll_grad
from derivations.training.digits_experiment import (
    DEFAULT_EPOCHS,
    first_epoch_reaching,
    run_digits_experiment,
)

PAGE = "alternatives"
EPS = mp.mpf(1) / 100


@pytest.fixture(scope="module")
def html_dir(built_site: BuildResult) -> Path:
    return built_site.html


@pytest.fixture(scope="module")
def page(html_dir: Path) -> str:
    return (html_dir / f"{PAGE}.html").read_text()


@pytest.fixture(scope="module")
def shown(html_dir: Path) -> dict[str, str]:
    return shown_glue_math(html_dir, PAGE)


def value(tex: str) -> float | None:
    """The number a glued piece of math shows (None for the word "never")."""
    if tex == r"\text{never}":
        return None
    match = re.fullmatch(r"(-?[\d.]+)(?: \\times 10\^\{(-?\d+)\})?", tex)
    assert match, tex
    mantissa, exponent = match.groups()
    return float(mantissa) * 10 ** int(exponent or 0)


def decimals(tex: str) -> int:
    return len(tex.split(".")[1].split(" ")[0]) if "." in tex else 0


def assert_shows(tex: str, exact: float) -> None:
    """The glued number is ``exact`` rounded to the decimals it shows."""
    assert abs(value(tex) - exact) <= 0.5 * 10 ** -decimals(tex) + 1e-12, (tex, exact)


def test_every_claim_of_the_page_is_shown_under_its_label_with_its_mark(page: str) -> None:
    mine = claims_shown_with_marks(page, PAGE)
    assert len(mine) == 9


@pytest.mark.parametrize("label", ["positive-divide-gradient", "sparsemax-loss-gradient"])
def test_derivations_are_shown_as_steps(page: str, label: str) -> None:
    block = equation_block(page, label)
    assert r"\begin{aligned}" in block
    assert block.count("&amp;=") >= 3, f"{label}: fewer than three steps"


def _g(name: str):
    return {
        "softmax": mp.exp,
        "softplus": lambda u: mp.log1p(mp.exp(u)),
        "relu": lambda u: max(u, 0) + EPS,
        "spherical": lambda u: u * u + EPS,
        "taylor": lambda u: 1 + u + u * u / 2,
    }[name]


def _mp_probabilities(name: str, logits: list[float]) -> list[mp.mpf]:
    values = [mp.mpf(v) for v in logits]
    if name == "sparsemax":
        # Two or more classes with the largest logit ahead by at least 1 of the rest: 1 there.
        top = max(values)
        assert sorted(values)[-2] <= top - 1
        return [mp.mpf(v == top) for v in values]
    g = [_g(name)(v) for v in values]
    return [x / mp.fsum(g) for x in g]


MAPS = ("softmax", "softplus", "relu", "spherical", "taylor", "sparsemax")
EXAMPLES = {"small": [1, 2], "large": [10, 20], "shifted": [11, 12]}


@pytest.mark.parametrize("name", MAPS)
def test_scale_and_shift_table_recomputed(shown: dict[str, str], name: str) -> None:
    with mp.workdps(40):
        for key, logits in EXAMPLES.items():
            exact = float(_mp_probabilities(name, logits)[1])
            assert_shows(shown[f"alternatives-{key}-{name}"], exact)


@pytest.mark.parametrize("name", MAPS)
def test_starting_probabilities_recomputed(shown: dict[str, str], name: str) -> None:
    with mp.workdps(40):
        exact = float(_mp_probabilities(name, [10] + [0] * 9)[0])
    assert_shows(shown[f"alternatives-start-{name}"], exact)


def test_numbers_near_zero_recomputed(shown: dict[str, str]) -> None:
    # The steepest slope of spherical softmax's loss at z = (0, t), searched numerically on the
    # package's gradient; ReLU's slope 1/(t + 2 eps) as t -> 0+.
    best = minimize_scalar(
        lambda t: -nll_grad([0.0, t], 0, "spherical")[1],
        bounds=(1e-3, 1.0),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert_shows(shown["alternatives-spherical-peak"], -best.fun)
    assert_shows(shown["alternatives-relu-start"], float(nll_grad([0.0, 1e-12], 0, "relu")[1]))
    assert_shows(shown["alternatives-eps"], float(EPS))


def test_one_row_of_the_experiment_recomputed_independently(shown: dict[str, str]) -> None:
    row = independent_row()
    key = "alternatives-confidently_wrong-taylor"
    assert value(shown[f"{key}-rate"]) == row["rate"]
    assert value(shown[f"{key}-epochs"]) == row["epochs"]
    # Percentages with one decimal: within rounding and one image.
    assert abs(value(shown[f"{key}-train"]) - 100 * row["train"]) <= 0.05 + 100 / row["n_train"]
    assert abs(value(shown[f"{key}-test"]) - 100 * row["test"]) <= 0.05 + 100 / row["n_test"]
    assert value(shown["alternatives-n-test"]) == row["n_test"]


def test_the_softmax_rows_are_the_experiment_pages_cross_entropy_runs(
    shown: dict[str, str],
) -> None:
    # One protocol on both pages: the experiment page's own trainer gives the same rows.
    assert value(shown["alternatives-epochs"]) == DEFAULT_EPOCHS
    experiment = run_digits_experiment()
    for start in ("confidently_wrong", "small_random"):
        run = getattr(experiment, start).cross_entropy
        key = f"alternatives-{start}-softmax"
        assert value(shown[f"{key}-rate"]) == run.learning_rate
        assert value(shown[f"{key}-epochs"]) == first_epoch_reaching(run.train_accuracy, 0.9)
        assert abs(value(shown[f"{key}-train"]) - 100 * run.final_train_accuracy) <= 0.05
        assert abs(value(shown[f"{key}-test"]) - 100 * run.final_test_accuracy) <= 0.05


def test_the_prose_quotes_the_table(shown: dict[str, str]) -> None:
    start = "alternatives-confidently_wrong"
    fast = [value(shown[f"{start}-{name}-epochs"]) for name in ("softmax", "sparsemax")]
    assert value(shown["alternatives-fast-epochs"]) == max(fast)
    rates = [value(shown[f"{start}-{name}-rate"]) for name in ("softplus", "softmax")]
    assert value(shown["alternatives-softplus-rate-ratio"]) == rates[0] / rates[1]


def test_the_candidates_are_named_in_a_column_not_in_evaluation_bars(page: str) -> None:
    for label in ("alternative-gradients", "alternatives-wrong-slopes", "alternatives-order"):
        block = equation_block(page, label)
        # A table under the shared left side, or names before each relation.
        assert r"\begin{array}" in block or r"\text{Taylor}\text{:}" in block, label
        assert r"\right|_{\phi(u)" not in block, label
        assert r"\text{Taylor}" in block, label


def test_the_stuck_rows_say_never(shown: dict[str, str]) -> None:
    for name in ("relu", "spherical"):
        assert shown[f"alternatives-confidently_wrong-{name}-epochs"] == r"\text{never}"
    assert shown["alternatives-confidently_wrong-softmax-epochs"] != r"\text{never}"


def test_figures_are_there_with_their_captions(page: str) -> None:
    for name in ("fig-alternatives-slopes", "fig-alternatives-curves"):
        assert f'id="{name}"' in page
    assert page.count("<figure") >= 2


def test_the_references_are_cited(page: str) -> None:
    for title in (
        "From softmax to sparsemax",
        "An exploration of softmax alternatives belonging to the spherical loss family",
        "Efficient exact gradient update for training deep networks",
    ):
        assert title in page, title
