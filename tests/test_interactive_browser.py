"""Interactive figures in headless Chromium, with every request off the machine blocked.

- The generated JavaScript of every figure, evaluated by the browser at a grid of points, agrees
  with NumPy evaluating the same SymPy expression (``lambdify``) to 1e-12, relative.
- Each figure, on a page of its own opened from a file: it mounts without a console error; each
  slider moves with the keyboard (arrows, Home, End) and with the mouse; every move changes the
  plot's data and the numbers shown; the numbers equal the Python values at the slider's position
  (to 1e-12, and as text).
- On the built site, over http and from files, at 1280 and 390 px, light and dark: the figure
  mounts without errors, fits the screen, is dark in dark mode, is hidden in print while the static
  figure stays; Bokeh is loaded only by the pages that show a figure.

Chromium is Debian's, found as in ``tests/test_browser.py`` (skipped without it unless
``WHY_SOFTMAX_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pytest
import sympy as sp
from helpers import ROOT, BuildResult
from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, _mean_luminance, _require_chromium

from derivations import cross_entropy_grad, mse_on_softmax_grad, softmax
from derivations.figures.temperature import DEFAULT_LOGITS
from derivations.interactive import FIGURES, InteractiveFigure, format_number
from derivations.interactive.curvature import margin_expressions
from derivations.training.nielsen import train_neuron

sys.path.insert(0, str(ROOT / "tools"))

import serve_static
from sphinxext import interactive as extension

pytestmark = pytest.mark.browser

#: Relative agreement asked of the browser's numbers.
RTOL = 1e-12


# -- what each figure's numbers should be, computed in Python -------------------------------------


def _landing(v: dict[str, float]) -> dict[str, float]:
    # Independently of the figure's formulas: the package's NumPy kernels at z = (0, t).
    z, label = np.array([0.0, v["t"]]), np.array(0)
    ce, mse = cross_entropy_grad(z, label)[1], mse_on_softmax_grad(z, label)[1]
    return {"probability": softmax(z)[0], "ce_slope": ce, "mse_slope": mse, "ratio": ce / mse}


def _temperature(v: dict[str, float]) -> dict[str, float]:
    # The entropy from its expression (test_interactive checks it against mpmath to 1e-13: the
    # kernels' log-softmax loses digits where a cold softmax is nearly one-hot).
    entropy = FIGURES["temperature"][0]().function("entropy").numpy()
    return {"entropy": entropy(v["T"]), "largest": softmax(np.array(DEFAULT_LOGITS) / v["T"])[0]}


def _nielsen(v: dict[str, float]) -> dict[str, float]:
    # Independently of the figure's formulas: the training module, on the package's kernels.
    out = {}
    for cost in ("quadratic", "cross_entropy"):
        run = train_neuron(v["w"], v["b"], cost, v["eta"])
        out[f"{cost}_cost"], out[f"{cost}_output"] = run.cost[-1], run.output[-1]
    return out


def _curvature(v: dict[str, float]) -> dict[str, float]:
    # The second derivative from its expression (test_interactive checks it against mpmath);
    # the probability from the kernels, the threshold from NumPy.
    path = margin_expressions()
    second = sp.lambdify((path.t, path.n), path.second, modules="numpy")
    n, t = int(v["n"]), v["t"]
    return {
        "second": second(t, v["n"]),
        "probability": softmax(np.array([0.0] + [t] * (n - 1)))[0],
        "threshold": np.log(2 / (n - 1)),
    }


EXPECTED: dict[str, Callable[[dict[str, float]], dict[str, float]]] = {
    "landing": _landing,
    "temperature": _temperature,
    "nielsen": _nielsen,
    "curvature": _curvature,
}


def _uniform(lo: float, hi: float) -> Callable[[np.random.Generator, int], np.ndarray]:
    return lambda rng, count: lo + (hi - lo) * rng.random(count)


#: Where each function argument is sampled for the JavaScript-against-NumPy comparison.
DOMAINS: dict[str, Callable[[np.random.Generator, int], np.ndarray]] = {
    "t": _uniform(-4.0, 8.0),
    "u": _uniform(-5.0, 9.0),
    "T": lambda rng, count: np.exp(_uniform(np.log(0.05), np.log(50.0))(rng, count)),
    "n": lambda rng, count: rng.integers(2, 21, count).astype(np.float64),
    "w": _uniform(-4.0, 4.0),
    "b": _uniform(-4.0, 4.0),
    "x": _uniform(-2.0, 2.0),
    "y": _uniform(0.0, 1.0),
    "eta": _uniform(0.005, 2.0),
}


@pytest.fixture(scope="module")
def figures() -> dict[str, InteractiveFigure]:
    return {key: make() for key, (make, _) in FIGURES.items()}


# -- the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(playwright_driver: Any) -> Iterator[Any]:
    _require_chromium()
    b = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield b
    finally:
        b.close()


@dataclass
class Tab:
    """A page whose requests off the machine are blocked, and what went wrong on it."""

    page: Any
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console/page error: {e}" for e in self.errors]
            + [f"Bokeh warning: {w}" for w in self.warnings if "[bokeh" in w]
            + [f"request off the machine: {u}" for u in self.blocked]
        )


def _open(browser: Any, url: str, *, width: int = 1280, theme: str = "light") -> Tab:
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 600 else 800}, color_scheme=theme
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    tab = Tab(context.new_page())
    scheme = urlsplit(url).scheme

    def route(r: Any) -> None:
        target = urlsplit(r.request.url)
        local = target.scheme == "file" if scheme == "file" else target.hostname == "127.0.0.1"
        if local or target.scheme in {"data", "blob"}:
            r.continue_()
        else:
            tab.blocked.append(r.request.url)
            r.abort()

    tab.page.route("**/*", route)
    tab.page.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.page.on("console", lambda m: m.type == "warning" and tab.warnings.append(m.text))
    tab.page.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.page.goto(url, wait_until="load")
    return tab


def _close(tab: Tab) -> None:
    tab.page.context.close()


def _wait_ready(tab: Tab, fig: InteractiveFigure) -> None:
    tab.page.wait_for_selector(f"#{fig.element_id}[data-ready]", state="attached")
    state = tab.page.get_attribute(f"#{fig.element_id}", "data-ready")
    assert state == "true", f"{fig.key} did not mount: " + "\n".join(tab.problems())


# -- the generated JavaScript against NumPy -------------------------------------------------------


def _points(names: tuple[str, ...], count: int = 80) -> np.ndarray:
    rng = np.random.default_rng(16)
    return np.column_stack([DOMAINS[a](rng, count) for a in names])


def test_generated_javascript_agrees_with_numpy(browser: Any, figures) -> None:
    tab = _open(browser, "about:blank")
    try:
        for fig in figures.values():
            for f in fig.functions:
                points = _points(f.arg_names)
                got = np.array(
                    tab.page.evaluate(
                        "([src, pts]) => { const f = eval('(' + src + ')');"
                        " return pts.map((p) => f(...p)); }",
                        [f.source(), points.tolist()],
                    ),
                    dtype=np.float64,
                )
                want = np.broadcast_to(f.numpy()(*points.T), got.shape)
                assert np.all(np.isfinite(want)), f"{fig.key}.{f.name}: a point outside its domain"
                np.testing.assert_allclose(
                    got, want, rtol=RTOL, atol=0, err_msg=f"{fig.key}.{f.name}"
                )
    finally:
        _close(tab)


def test_the_comparison_sees_a_wrong_function(browser: Any) -> None:
    tab = _open(browser, "about:blank")
    try:
        got = tab.page.evaluate("(x) => Math.exp(x) * (1 + 1e-11)", 1.0)
    finally:
        _close(tab)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(got, math.exp(1.0), rtol=RTOL, atol=0)


# -- one figure on a page of its own --------------------------------------------------------------


def _standalone(fig: InteractiveFigure, folder: Path) -> Path:
    """A page with the figure and the files the site would load for it, as the site names them."""
    names = extension.publish(ROOT, folder)
    head = "".join(
        f'<link rel="stylesheet" href="_static/interactive/{n}">'
        if n.endswith(".css")
        else f'<script defer src="_static/interactive/{n}"></script>'
        for n in names
    )
    page = folder / f"{fig.key}.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{fig.key}</title>{head}</head><body><main>{fig.html()}</main></body></html>",
        encoding="utf-8",
    )
    return page


#: The figure's state as the browser has it: slider values, numbers shown, plot data.
STATE = """
(id) => {
  const fig = window.whyInteractive.figures[id];
  const numbers = {};
  for (const out of fig.root.querySelectorAll('output[data-name]'))
    numbers[out.dataset.name] = {text: out.textContent, value: Number(out.dataset.value)};
  const sliders = {};
  for (const input of fig.root.querySelectorAll('input[type=range]'))
    sliders[input.name] = {index: Number(input.value),
      shown: fig.root.querySelector('output[for="' + input.id + '"]').textContent,
      valuetext: input.getAttribute('aria-valuetext')};
  const plot = [];
  for (const m of fig.doc.all_models) {
    if (m.data === undefined || m.name === null) continue;
    const columns = Object.keys(m.data).sort().map((k) => [k, Array.from(m.data[k])]);
    plot.push([m.name, columns]);
  }
  plot.sort();
  const marks = [];
  for (const m of fig.doc.all_models)
    if (m.location !== undefined && m.name !== null) marks.push([m.name, m.location]);
  marks.sort();
  return {values: fig.values(), numbers, sliders, plot: JSON.stringify([plot, marks])};
}
"""


def _state(tab: Tab, fig: InteractiveFigure) -> dict[str, Any]:
    return tab.page.evaluate(STATE, fig.element_id)


def _assert_numbers_are_pythons(fig: InteractiveFigure, state: dict[str, Any]) -> None:
    expected = EXPECTED[fig.key](state["values"])
    assert set(state["numbers"]) == {r.name for r in fig.readouts}
    for r in fig.readouts:
        shown = state["numbers"][r.name]
        want = float(expected[r.name])
        assert math.isclose(shown["value"], want, rel_tol=RTOL, abs_tol=0), (
            f"{fig.key}.{r.name} at {state['values']}: browser {shown['value']!r}, Python {want!r}"
        )
        assert shown["text"] == format_number(shown["value"], r.digits)
    for s in fig.sliders:
        slider = state["sliders"][s.name]
        assert state["values"][s.name] == s.values[slider["index"]]
        assert slider["shown"] == s.labels[slider["index"]]
        assert slider["valuetext"] == f"{s.symbol} = {s.labels[slider['index']]}"


@pytest.mark.parametrize("key", list(FIGURES))
def test_sliders_move_by_keyboard_and_mouse(
    browser: Any, figures, key: str, tmp_path: Path
) -> None:
    fig = figures[key]
    tab = _open(browser, _standalone(fig, tmp_path).as_uri())
    try:
        _wait_ready(tab, fig)
        state = _state(tab, fig)
        _assert_numbers_are_pythons(fig, state)
        for s in fig.sliders:
            selector = f"#{fig.element_id}-{s.name}"
            last = len(s.values) - 1
            moves = [
                ("ArrowLeft" if state["sliders"][s.name]["index"] == last else "ArrowRight", None),
                ("Home", 0),
                ("End", last),
                ("mouse", None),
            ]
            for move, index in moves:
                before = state
                if move == "mouse":
                    box = tab.page.locator(selector).bounding_box()
                    tab.page.mouse.click(
                        box["x"] + 0.3 * box["width"], box["y"] + box["height"] / 2
                    )
                else:
                    tab.page.focus(selector)
                    tab.page.keyboard.press(move)
                state = _state(tab, fig)
                moved = state["sliders"][s.name]["index"]
                assert moved != before["sliders"][s.name]["index"], f"{key}.{s.name}: {move}"
                if index is not None:
                    assert moved == index
                assert state["plot"] != before["plot"], f"{key}.{s.name}: {move} left the plot"
                assert state["numbers"] != before["numbers"], f"{key}.{s.name}: {move}: numbers"
                _assert_numbers_are_pythons(fig, state)
        assert tab.problems() == []
    finally:
        _close(tab)


@pytest.mark.parametrize("key", list(FIGURES))
def test_the_figure_fits_a_phone(browser: Any, figures, key: str, tmp_path: Path) -> None:
    fig = figures[key]
    tab = _open(browser, _standalone(fig, tmp_path).as_uri(), width=390)
    try:
        _wait_ready(tab, fig)
        overflow = tab.page.evaluate(
            """(id) => {
              const root = document.getElementById(id);
              const right = root.getBoundingClientRect().right;
              return [...root.querySelectorAll('*')].filter((e) => e.checkVisibility()
                && e.getBoundingClientRect().right > right + 1)
                .map((e) => e.outerHTML.slice(0, 80));
            }""",
            fig.element_id,
        )
        assert overflow == [], f"{key}: wider than its column on a phone: {overflow}"
        assert tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert tab.problems() == []
    finally:
        _close(tab)


@pytest.mark.parametrize("key", list(FIGURES))
def test_without_javascript_the_figure_says_so(browser: Any, figures, key: str, tmp_path) -> None:
    page = _standalone(figures[key], tmp_path)
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(page.as_uri())
        assert tab.locator(".why-noscript").is_visible()
        assert not tab.locator(".why-controls").is_visible()
    finally:
        context.close()


# -- on the built site ----------------------------------------------------------------------------


def _on_its_page(key: str) -> bool:
    """Whether the figure's page shows it (a page being rewritten elsewhere may not, yet)."""
    make, page = FIGURES[key]
    return f"{make.__name__}()" in (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")


#: The figures the site shows.
ON_THE_SITE = [key for key in FIGURES if _on_its_page(key)]
SITE_VARIANTS = [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")]
VARIANT_IDS = [f"{w}-{t}" for w, t in SITE_VARIANTS]


@pytest.fixture(scope="module")
def site_url(built_site: BuildResult) -> Iterator[str]:
    with serve_static.serving(built_site.html) as url:
        yield url


@pytest.mark.build
@pytest.mark.parametrize(("width", "theme"), SITE_VARIANTS, ids=VARIANT_IDS)
@pytest.mark.parametrize("key", ON_THE_SITE)
def test_figure_on_the_site(
    browser: Any, figures, site_url: str, key: str, width: int, theme: str
) -> None:
    fig, page = figures[key], FIGURES[key][1]
    tab = _open(browser, f"{site_url}{page}.html", width=width, theme=theme)
    try:
        _wait_ready(tab, fig)
        assert tab.page.evaluate("document.documentElement.dataset.theme") == theme
        _assert_numbers_are_pythons(fig, _state(tab, fig))
        # Fits the screen: nothing wider than the viewport.
        assert tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        plot = tab.page.locator(f"#{fig.element_id}-plot")
        box = plot.bounding_box()
        assert box["width"] <= width
        assert box["height"] > 150
        shot = plot.screenshot()
        if theme == "dark":
            assert _mean_luminance(shot) <= 0.4, f"{key}: a light slab in dark mode"
        else:
            assert _mean_luminance(shot) >= 0.6
        # Paper: the interactive figure goes, the page's static figures stay.
        tab.page.emulate_media(media="print")
        assert not tab.page.locator(f"#{fig.element_id}").is_visible()
        assert tab.page.locator("figure img").first.is_visible()
        assert tab.problems() == []
    finally:
        _close(tab)


@pytest.mark.build
@pytest.mark.parametrize("key", ON_THE_SITE)
def test_figure_on_the_site_from_files(browser: Any, figures, built_site: BuildResult, key) -> None:
    fig, page = figures[key], FIGURES[key][1]
    tab = _open(browser, (built_site.html / f"{page}.html").resolve().as_uri())
    try:
        _wait_ready(tab, fig)
        tab.page.focus(f"#{fig.element_id}-{fig.sliders[0].name}")
        tab.page.keyboard.press("Home")
        _assert_numbers_are_pythons(fig, _state(tab, fig))
        assert tab.problems() == []
    finally:
        _close(tab)


@pytest.mark.build
def test_bokeh_is_loaded_only_where_a_figure_is(built_site: BuildResult) -> None:
    pages_with_figures = {FIGURES[key][1] for key in ON_THE_SITE}
    for path in sorted(built_site.html.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        loads = "_static/interactive/bokeh-" in text
        assert loads == (path.stem in pages_with_figures), path.name
        assert ("data-why-interactive=" in text) == loads, path.name
