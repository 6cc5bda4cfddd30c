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
from derivations.interactive import FIGURES, format_number, js_function, js_object
from derivations.interactive.figure import (
    InteractiveFigure,
    Slider,
    geometric_values,
    glue_source,
    stable_ids,
)
from derivations.interactive.labels import plain_text, text_label
from derivations.notation import LABELS
from derivations.symbolic.binary import to_definitions
from derivations.symbolic.zero import is_zero

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
