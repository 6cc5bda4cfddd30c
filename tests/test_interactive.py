"""Interactive figures without a browser: code generation, the claims' formulas, determinism.

The browser half (the generated JavaScript against NumPy, sliders moved by mouse and keyboard)
is ``tests/test_interactive_browser.py``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import sympy as sp
from helpers import ROOT

from derivations.claims.wrong_model import F9, two_class_losses
from derivations.figures.temperature import DEFAULT_LOGITS
from derivations.interactive import FIGURES, format_number, js_function, js_object
from derivations.interactive.curvature import margin_expressions
from derivations.interactive.figure import (
    InteractiveFigure,
    Slider,
    geometric_values,
    glue_source,
    stable_ids,
)
from derivations.interactive.labels import plain_text, text_label
from derivations.interactive.nielsen import neuron_expressions
from derivations.interactive.temperature import TEMPERATURES
from derivations.notation import LABELS
from derivations.symbolic.binary import to_definitions
from derivations.symbolic.definitions import softmax_temperature
from derivations.symbolic.zero import is_zero
from derivations.training.nielsen import NIELSEN_EPOCHS, train_neuron

sys.path.insert(0, str(ROOT / "tools"))

from sphinxext import interactive as extension

GLUE = ROOT / "derivations" / "interactive" / "glue"
T = sp.Symbol("t", real=True)


@pytest.fixture(scope="module")
def figures() -> dict[str, InteractiveFigure]:
    return {key: make() for key, (make, _) in FIGURES.items()}


# -- code generation ------------------------------------------------------------------------------


def test_js_function_prints_with_sympys_printer() -> None:
    f = js_function("f", {"t": T}, sp.log(1 + sp.exp(T)) / 2)
    assert f.body() == "(1/2)*Math.log(Math.exp(t) + 1)"
    assert f.source().startswith("function (t) {")


def test_js_function_renames_symbols_to_the_argument_names() -> None:
    z = sp.IndexedBase("z")
    w = sp.Symbol(r"\max z", real=True)
    f = js_function("g", {"top": w}, sp.exp(w))
    assert f.body() == "Math.exp(top)"
    with pytest.raises(ValueError, match="not arguments"):
        js_function("h", {"t": T}, z[1] + T)


@pytest.mark.parametrize("name", ["1st", "a-b", "ce slope", "", "var", "Math"])
def test_js_function_rejects_names_that_are_not_identifiers(name: str) -> None:
    with pytest.raises(ValueError, match="not a JavaScript identifier"):
        js_function(name, {"t": T}, T)
    with pytest.raises(ValueError, match="not a JavaScript identifier"):
        js_function("f", {name: T}, T)


def test_js_function_refuses_what_javascript_cannot_evaluate() -> None:
    with pytest.raises(ValueError, match="cannot print"):
        js_function("f", {"t": T}, sp.gamma(T))


def test_log1p_and_expm1_print_as_javascripts() -> None:
    from sympy.codegen.cfunctions import expm1, log1p

    assert js_function("f", {"t": T}, log1p(expm1(T))).body() == "Math.log1p(Math.expm1(t))"


def test_js_object_keeps_names_distinct() -> None:
    f = js_function("f", {"t": T}, T)
    assert js_object([f]).startswith('{\n  "f": function (t)')
    with pytest.raises(ValueError, match="repeated"):
        js_object([f, f])


# -- the formulas are the claims' ----------------------------------------------------------------


def test_landing_functions_are_the_claimed_two_class_forms(figures) -> None:
    fig = figures["landing"]
    forms = F9.claimed()
    for name in ("ce", "mse", "ce_slope", "mse_slope"):
        claimed = to_definitions(sp.sympify(forms[name]))
        assert is_zero(fig.function(name).expr - claimed), name
        assert fig.function(name).expr == getattr(two_class_losses(), name)
    two = two_class_losses()
    assert is_zero(fig.function("ratio").expr - two.ce_slope / two.mse_slope)
    u = sp.Symbol("u", real=True)
    tangent = fig.function("ce_tangent").expr
    assert is_zero(tangent.subs(u, T) - two.ce)
    assert is_zero(sp.diff(tangent, u) - two.ce_slope)


def test_curvature_expression_is_the_second_derivative_of_the_loss(figures) -> None:
    # Independently: the squared error of the softmax of (0, t, ..., t) in mpmath, its second
    # derivative taken numerically.
    import mpmath as mp

    second = figures["curvature"].function("second").numpy()
    path = margin_expressions()
    assert is_zero(path.second.subs(path.t, path.threshold))
    assert is_zero(path.probability.subs(path.t, path.threshold) - sp.Rational(1, 3))
    with mp.workdps(40):
        for n in (2, 3, 10, 20):

            def loss(t: mp.mpf, n: int = n) -> mp.mpf:
                e = [mp.mpf(1)] + [mp.exp(t)] * (n - 1)
                s = [v / sum(e) for v in e]
                return ((s[0] - 1) ** 2 + sum(v**2 for v in s[1:])) / 2

            for t in (-3.0, -0.4, 0.7, 2.5, 5.5):
                want = float(mp.diff(loss, mp.mpf(t), 2))
                assert second(t, float(n)) == pytest.approx(want, rel=1e-12), (n, t)


def test_temperature_functions_are_the_definition_and_its_entropy(figures) -> None:
    import mpmath as mp

    fig = figures["temperature"]
    temperature = sp.Symbol("T", positive=True)
    logits = [sp.nsimplify(v) for v in DEFAULT_LOGITS]
    for i, s in enumerate(softmax_temperature(logits, temperature), start=1):
        f = fig.function(f"s{i}")
        assert f.expr == s.xreplace({temperature: f.args[0][1]})
    entropy = fig.function("entropy").numpy()
    with mp.workdps(50):
        for t in TEMPERATURES:
            e = [mp.exp(mp.mpf(v) / mp.mpf(t)) for v in DEFAULT_LOGITS]
            s = [v / sum(e) for v in e]
            want = -sum(p * mp.log(p) for p in s)
            assert entropy(t) == pytest.approx(float(want), rel=1e-13), t


def test_nielsen_update_rule_is_the_chain_rule_on_the_claimed_gradients() -> None:
    e = neuron_expressions()
    z = e.w * e.x + e.b
    a = 1 / (1 + sp.exp(-z))
    # The unit's gradients the binary page states: (a - y) a (1 - a) and a - y.
    claimed = {"quadratic": (a - e.y) * a * (1 - a), "cross_entropy": a - e.y}
    for name, slope in claimed.items():
        assert is_zero(e.slopes[name] - slope), name
        step_w, step_b = e.steps[name]
        assert is_zero(step_w - (e.w - e.eta * e.x * slope)), name
        assert is_zero(step_b - (e.b - e.eta * slope)), name


def test_nielsen_runs_in_python_reproduce_the_training_module(figures) -> None:
    import numpy as np

    fns = {f.name: f.numpy() for f in figures["nielsen"].functions}
    for (w0, b0), eta in (((0.6, 0.9), 0.15), ((2.0, 2.0), 0.15), ((-4.0, 4.0), 2.0)):
        for cost in ("quadratic", "cross_entropy"):
            run = train_neuron(w0, b0, cost, eta)
            w, b, costs = w0, b0, []
            for _ in range(NIELSEN_EPOCHS + 1):
                costs.append(fns[f"{cost}_cost"](w, b, 1.0, 0.0))
                w, b = (
                    fns[f"{cost}_step_w"](w, b, eta, 1.0, 0.0),
                    fns[f"{cost}_step_b"](w, b, eta, 1.0, 0.0),
                )
            np.testing.assert_allclose(costs, run.cost, rtol=1e-12, atol=0)


# -- what the update code may contain -------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(GLUE.glob("*.js")), ids=lambda p: p.stem)
def test_update_code_types_no_formula(path: Path) -> None:
    code = re.sub(r"//.*", "", path.read_text())
    assert "Math." not in code, f"{path.name} computes with Math: use a generated function"
    assert "**" not in code
    assert "fig.fn" in code or "fn." in code


def test_every_figure_has_its_update_code(figures) -> None:
    for key, fig in figures.items():
        assert fig.glue == glue_source(key)
        assert set(FIGURES) == {p.stem for p in GLUE.glob("*.js")}


# -- determinism ----------------------------------------------------------------------------------


def test_a_figure_renders_the_same_bytes_every_time(figures) -> None:
    from bokeh.plotting import figure

    for key, (make, _) in FIGURES.items():
        figure()  # other Bokeh models made in between shift Bokeh's own id counter
        assert make().html() == figures[key].html(), key


def test_stable_ids_renames_every_id_in_order() -> None:
    item = {
        "root_id": "p9",
        "doc": {"roots": [{"id": "p9", "a": {"id": "p3"}, "b": [{"id": "p9"}]}]},
    }
    assert stable_ids(item, "x") == {
        "root_id": "x-1",
        "doc": {"roots": [{"id": "x-1", "a": {"id": "x-2"}, "b": [{"id": "x-1"}]}]},
    }


def test_no_bokeh_id_is_left_unrenamed(figures) -> None:
    for key, fig in figures.items():
        text = json.dumps(fig.item)
        assert re.search(r'"id": "p\d+"', text) is None, key
        assert f'"root_id": "why-{key}-1"' in text


def test_the_script_cannot_end_early(figures) -> None:
    for fig in figures.values():
        assert "</script" not in fig.spec().lower()
        assert fig.html().count("<script>") == 1


# -- the page side --------------------------------------------------------------------------------


def test_the_figure_html_has_labelled_sliders_and_a_fallback(figures) -> None:
    for fig in figures.values():
        page = fig.html()
        assert "<noscript>" in page
        assert 'role="img" aria-label=' in page
        for s in fig.sliders:
            ident = f"{fig.element_id}-{s.name}"
            assert f'<label for="{ident}">' in page
            assert f'<output for="{ident}"' in page
            assert f'type="range" id="{ident}"' in page


def test_the_extension_publishes_bokeh_and_the_runtime(tmp_path: Path) -> None:
    names = extension.publish(ROOT, tmp_path)
    folder = tmp_path / "_static" / "interactive"
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    bokeh_js = next(folder.glob("bokeh-*.min.js"))
    assert bokeh_js.stat().st_size > 500_000
    assert "why-interactive.js" in names


def test_every_page_that_shows_a_figure_exists() -> None:
    for _, page in FIGURES.values():
        assert (ROOT / "docs" / f"{page}.md").is_file()


# -- numbers and labels ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "digits", "shown"),
    [
        (0.0066928509242848554, 3, "0.00669"),
        (75.20994852478785, 3, "75.2"),
        (-0.5, 2, "−0.50"),
        (4.5e-5, 2, "4.5 × 10⁻⁵"),
        (123456.0, 3, "1.23 × 10⁵"),
        (0.001, 2, "0.0010"),
        (float("nan"), 3, "NaN"),
    ],
)
def test_format_number(x: float, digits: int, shown: str) -> None:
    assert format_number(x, digits) == shown


def test_every_site_label_has_a_plain_text_form() -> None:
    for key in LABELS:
        assert "$" not in text_label(key)
    assert plain_text(r"$\partial\mathrm{CE}/\partial t$") == "∂CE/∂t"


def test_sliders_check_their_values() -> None:
    with pytest.raises(ValueError, match="increasing"):
        Slider("t", "margin", "t", (1.0, 0.0), 1.0)
    with pytest.raises(ValueError, match="not one of"):
        Slider("t", "margin", "t", (0.0, 1.0), 0.5)
    assert geometric_values(1.0, 100.0, 3) == (1.0, 10.0, 100.0)
