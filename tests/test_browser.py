"""Every page of the built site, in headless Chromium with the network cut off.

Served from 127.0.0.1 (and opened as files): no console or page errors, no failed request, no
request leaving the machine, every image loaded, every math element typeset by the bundled
MathJax without error, a title and exactly one h1; and on a phone and a desktop, in either
theme, nothing a reader could not read. A screenshot of every page (whole, or its first
16,384 px) goes to ``_build/screenshots/`` for a person to look at.

Chromium is Debian's ``/usr/bin/chromium`` (override with ``WHY_SOFTMAX_CHROMIUM``); Playwright
drives it and never downloads a browser. Without Chromium these tests are skipped with the
reason shown, unless ``WHY_SOFTMAX_REQUIRE_BROWSER=1`` (set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from helpers import ROOT, BuildResult

sys.path.insert(0, str(ROOT / "tools"))


pytestmark = [pytest.mark.build, pytest.mark.browser]

CHROMIUM = Path(os.environ.get("WHY_SOFTMAX_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("WHY_SOFTMAX_REQUIRE_BROWSER", "") not in {"", "0"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Pages Sphinx makes besides the sources in docs/ (the module index only once autodoc finds
#: modules); a page outside this list and the sources fails test_every_built_page_is_visited.
GENERATED_PAGES = ("genindex", "py-modindex", "search")
TIMEOUT_MS = 60_000


def _source_pages() -> list[str]:
    docs = ROOT / "docs"
    return sorted(
        p.relative_to(docs).with_suffix("").as_posix()
        for p in docs.rglob("*.md")
        if not p.relative_to(docs).as_posix().startswith("_")
    )


PAGES = [*_source_pages(), *GENERATED_PAGES]


def _require_chromium() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    reason = (
        f"headless Chromium not found at {CHROMIUM}: browser tests not run "
        "(apt-get install chromium, or set WHY_SOFTMAX_CHROMIUM)"
    )
    if REQUIRED:
        pytest.fail(reason + "; WHY_SOFTMAX_REQUIRE_BROWSER=1 makes them mandatory")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def screenshots(built_site: BuildResult) -> Path:
    # Emptied once per session, when the site is built (conftest.py): workers share it.
    out = built_site.html.parent / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out


@dataclass
class Visit:
    """What happened while one page loaded."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)

    def problems(self) -> list[str]:
        out = [f"console error: {m}" for m in self.console_errors]
        out += [f"page error: {m}" for m in self.page_errors]
        out += [f"failed request: {m}" for m in self.failed_requests]
        out += [f"blocked request off the machine: {m}" for m in self.blocked]
        return out


#: Runs in the page once it has loaded: waits for MathJax and images, then reports.
INSPECT = """
async () => {
  const report = {};
  const mj = window.MathJax;
  report.mathjax = Boolean(mj && mj.startup && mj.startup.promise);
  if (report.mathjax) {
    await mj.startup.promise;
    report.mathjaxVersion = mj.version;
  }
  await Promise.all([...document.images].map(img => img.complete ? null : new Promise(done => {
      img.addEventListener('load', done);
      img.addEventListener('error', done);
  })));
  report.images = [...document.images].map(img => ({src: img.currentSrc || img.src,
      ok: img.complete && img.naturalWidth > 0}));
  const math = [...document.querySelectorAll('.math')];
  report.mathElements = math.length;
  report.untypeset = math.filter(el => !el.querySelector('mjx-container'))
      .map(el => el.textContent.trim().slice(0, 120));
  report.containers = document.querySelectorAll('mjx-container').length;
  report.mathErrors = [...document.querySelectorAll('mjx-merror, [data-mjx-error]')]
      .map(el => el.getAttribute('data-mjx-error') || el.textContent.slice(0, 120));
  report.title = document.title.trim();
  // The book theme repeats the title in a print-only h1 (display: none on screen): count the
  // headings a reader, or a screen reader, is given.
  report.h1 = [...document.querySelectorAll('h1')].filter(h => h.checkVisibility())
      .map(h => h.textContent.trim());
  return report;
}
"""


@contextmanager
def _opened(
    context: Any, url: str, *, viewport: tuple[int, int] | None = None, theme: str | None = None
) -> Iterator[tuple[Any, Visit]]:
    """Open ``url`` in a new tab, record what goes wrong, wait for MathJax and the images."""
    visit = Visit()
    page = context.new_page()
    scheme = urlsplit(url).scheme

    def route(r: Any) -> None:
        target = urlsplit(r.request.url)
        local = target.scheme == "file" if scheme == "file" else target.hostname == "127.0.0.1"
        if local or target.scheme in {"data", "blob"}:
            r.continue_()
        else:
            visit.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    page.on(
        "requestfailed",
        lambda r: visit.failed_requests.append(f"{r.url} ({r.failure})"),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and visit.failed_requests.append(f"{r.url} (HTTP {r.status})"),
    )
    try:
        if viewport is not None:
            page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        if theme is not None:
            page.emulate_media(color_scheme=theme)
            # The theme reads the reader's choice (its mode, and the theme that resolves to) from
            # localStorage; set it before the page runs.
            page.add_init_script(
                f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}')"
            )
        page.goto(url, wait_until="load")
        visit.report = page.evaluate(INSPECT)
        yield page, visit
    finally:
        page.close()


#: Screenshots stop this far down a page (CSS px): every page of the argument fits whole at both
#: widths; of the claims index and the API reference (over 100,000 px tall at 390 px) the top is
#: what a person looks at, at a fraction of the time a full one takes.
SCREENSHOT_HEIGHT = 16_384


def _screenshot(page: Any, path: Path) -> None:
    """Save the page, from its top, at most SCREENSHOT_HEIGHT pixels down, for a person."""
    size = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    clip = {"x": 0, "y": 0, "width": size[0], "height": min(size[1], SCREENSHOT_HEIGHT)}
    page.screenshot(path=str(path), full_page=True, clip=clip)


def _visit(context: Any, url: str, screenshot: Path | None = None) -> Visit:
    with _opened(context, url) as (page, visit):
        if screenshot is not None:
            _screenshot(page, screenshot)
    return visit


def _assert_loads_cleanly(name: str, visit: Visit) -> None:
    """No errors, no request off the machine, math typeset, images loaded, a title, one h1."""
    assert visit.problems() == [], f"{name}: " + "\n".join(visit.problems())
    report = visit.report
    _assert_math_rendered(name, report)
    bad_images = [img["src"] for img in report["images"] if not img["ok"]]
    assert bad_images == [], f"{name}: images that did not load: {bad_images}"
    assert report["title"], f"{name}: no <title>"
    assert len(report["h1"]) == 1, f"{name}: expected exactly one visible h1, found {report['h1']}"


def _assert_math_rendered(name: str, report: dict[str, Any]) -> None:
    if report["mathElements"]:
        assert report["mathjax"], f"{name}: the page has math but MathJax did not start"
        assert report["mathjaxVersion"].startswith("3."), report["mathjaxVersion"]
    assert report["untypeset"] == [], f"{name}: math left untypeset: {report['untypeset']}"
    assert report["mathErrors"] == [], f"{name}: MathJax errors: {report['mathErrors']}"
    assert report["containers"] >= report["mathElements"]


def test_every_built_page_is_visited(built_site: BuildResult) -> None:
    built = {
        p.relative_to(built_site.html).with_suffix("").as_posix()
        for p in built_site.html.rglob("*.html")
        if not p.relative_to(built_site.html).parts[0].startswith("_")
    }
    assert built - set(PAGES) == set(), "pages the browser tests do not visit"
    assert set(_source_pages()) - built == set(), "sources without a page"


def _page_file(html: Path, name: str) -> Path:
    path = html / f"{name}.html"
    if name in GENERATED_PAGES and not path.exists():
        pytest.skip(f"{name}.html is not generated by this build")
    return path


@pytest.mark.parametrize("name", GENERATED_PAGES)
def test_generated_page_in_chromium_over_http(
    chromium: Any,
    built_site: BuildResult,
    site_url: str,
    screenshots: Path,
    name: str,
) -> None:
    # The pages from docs/ are checked the same way on every screen and theme, below.
    _page_file(built_site.html, name)
    shot = screenshots / f"{name.replace('/', '__')}.png"
    _assert_loads_cleanly(name, _visit(chromium, f"{site_url}{name}.html", shot))
    assert shot.stat().st_size > 0


@pytest.mark.parametrize("name", PAGES)
def test_page_math_renders_from_files(
    chromium: Any,
    built_site: BuildResult,
    name: str,
) -> None:
    visit = _visit(chromium, _page_file(built_site.html, name).resolve().as_uri())
    assert visit.problems() == [], f"{name} (file://): " + "\n".join(visit.problems())
    _assert_math_rendered(f"{name} (file://)", visit.report)


# -- Readable everywhere: phone and desktop, light and dark ------------------------------------

#: The screens a reader sees a page on (viewport width: height), each in both colour themes.
HEIGHTS = {1280: 800, 390: 844}
WIDTHS = list(HEIGHTS)
#: Smallest figure text a reader should have to read, in CSS pixels, on a 390 px phone.
MIN_FIGURE_TEXT_PX = 9.0
#: Beside an equation that fits its box, the page's background, to this many levels (of 255),
#: checked for the first few such equations of a page.
MAX_BACKGROUND_DEVIATION = 3
EDGES_PER_PAGE = 4
#: A figure in dark mode must look dark: mean luminance of its pixels (0 black, 1 white).
MAX_DARK_FIGURE_LUMINANCE = 0.4

#: The smallest size a reader should have to read an equation in, of its normal size
#: (narrow-math.js sets an equation that overflows by a little in a smaller size).
MIN_MATH_SCALE = 0.85

#: Runs after the page has loaded and MathJax has typeset: what a reader would find unreadable.
LAYOUT = r"""
() => {
  const MIN_SCALE = MIN_MATH_SCALE;
  const out = {clipped: [], overlapping: [], rawTex: [], figures: [], edges: [], crowded: [],
               hiddenReasons: [], scrolling: [], tooSmall: [],
               background: getComputedStyle(document.body).backgroundColor};
  const rect = el => el.getBoundingClientRect();
  for (const block of document.querySelectorAll('div.math')) {
    const eq = block.querySelector('mjx-container');
    if (!eq || !block.checkVisibility()) continue;
    const label = (block.id || block.textContent).slice(0, 60);
    // The reasons of a derivation are read without scrolling: inside the box as it first shows.
    if (block.classList.contains('step-reasons')) {
      const box = rect(eq);
      for (const words of eq.querySelectorAll('mjx-mtext')) {
        const r = rect(words);
        if (words.textContent.trim() && (r.right > box.right + 1 || r.left < box.left - 1))
          out.hiddenReasons.push(label + ': ' + words.textContent.trim().slice(0, 40));
      }
    }
    const style = getComputedStyle(eq);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX);
    // Wider than the box: it must scroll, and show cues that it does (edge shadows, and the
    // "scroll" note that _static/scroll-cue.js switches on).
    const wider = eq.scrollWidth > eq.clientWidth + 1;
    const note = getComputedStyle(block, '::after').content;
    const cue = style.backgroundImage.includes('gradient') && block.classList.contains('overflows')
      && note.includes('scroll');
    if (wider && !(scrolls && cue))
      out.clipped.push(label + (scrolls ? ' (scrolls without a cue)' : ' (cut off)'));
    // Read without scrolling, at a size that can be read.
    if (wider) out.scrolling.push(label);
    const math = eq.querySelector('mjx-math');
    const size = math ? parseFloat(getComputedStyle(math).fontSize) : 0;
    if (math && size < MIN_SCALE * parseFloat(getComputedStyle(eq).fontSize) - 0.01)
      out.tooSmall.push(label);
    if (rect(eq).right > rect(block).right + 1) out.clipped.push(label + ' (wider than its box)');
    // An equation that fits, with blank margins in its box: where the scroll cue's edge shadows
    // would be, the page must show nothing but its background.
    // (Found again by the attribute: page coordinates move when the screenshot resizes the page.)
    const inner = eq.querySelector('mjx-math'), box = rect(eq);
    const strip = 1.4 * parseFloat(getComputedStyle(eq).fontSize);
    if (inner && !wider && box.height > 0
        && rect(inner).left - box.left > 2 * strip && box.right - rect(inner).right > 2 * strip) {
      eq.dataset.edgeCheck = out.edges.length;
      out.edges.push({label, strip, selector: `[data-edge-check="${out.edges.length}"]`});
    }
    const number = block.querySelector('span.eqno');
    if (number) {
      const a = rect(eq), b = rect(number);
      const apart = b.left >= a.right - 1 || b.right <= a.left + 1 || b.top >= a.bottom - 1
        || b.bottom <= a.top + 1;
      if (!apart) out.overlapping.push(label);
      // An equation that scrolls gets the whole width: its number is not beside it.
      const beside = b.top < a.bottom - 1 && b.bottom > a.top + 1;
      if (wider && beside) out.crowded.push(label);
    }
  }
  const main = document.querySelector('main') || document.body;
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const tex = /\\[a-zA-Z]{2,}|\*\*|\$[^$\s][^$]*\$|\^\{|_\{/;
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest('mjx-container, pre, code, script, style, .highlight, kbd'))
      continue;
    if (!parent.checkVisibility()) continue;
    if (tex.test(node.textContent)) out.rawTex.push(node.textContent.trim().slice(0, 100));
  }
  for (const img of document.querySelectorAll('.bd-content img')) {
    if (!img.checkVisibility() || !img.currentSrc.endsWith('.svg')) continue;
    img.dataset.figureCheck = out.figures.length;
    out.figures.push({src: img.currentSrc, shown: rect(img).width, natural: img.naturalWidth,
                      selector: `[data-figure-check="${out.figures.length}"]`});
  }
  return out;
}
"""
LAYOUT = LAYOUT.replace("MIN_MATH_SCALE", str(MIN_MATH_SCALE))


def _svg_min_text_pt(svg: Path) -> float:
    """Smallest text size in an SVG matplotlib wrote with text as paths (``scale(s -s)``, pt)."""
    sizes = [float(s) * 100 for s in re.findall(r"scale\(([0-9.]+) -\1\)", svg.read_text())]
    return min(sizes) if sizes else float("inf")


def _edge_strips(page: Any, selector: str, strip: float) -> list[bytes]:
    """Screenshots of the left and right ``strip`` pixels of the element, in view.

    Each leaves out the pixel at the element's outer edge, which a fractional edge blends.
    """
    element = page.locator(selector)
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    width = strip - 1
    return [
        page.screenshot(clip={"x": x, "y": box["y"], "width": width, "height": box["height"]})
        for x in (box["x"] + 1, box["x"] + box["width"] - strip)
    ]


def _pixels(png: bytes, mode: str) -> Any:
    """A PNG's pixels as an integer array, in PIL ``mode`` ("RGB", or "L" for grey)."""
    from io import BytesIO

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(BytesIO(png)).convert(mode), dtype=int)


def _largest_deviation(png: bytes, css_colour: str) -> int:
    """Largest difference of any pixel's channel from a CSS ``rgb(r, g, b)`` colour (0..255)."""
    expected = [int(v) for v in re.findall(r"\d+", css_colour)[:3]]
    return int(abs(_pixels(png, "RGB") - expected).max())


def _mean_luminance(png: bytes) -> float:
    return float(_pixels(png, "L").mean() / 255)


CONTENT_PAGES = _source_pages()


#: Switches the open page to the light theme as the theme's own switch does (its mode, the theme
#: it resolves to, and the reader's stored choice).
TO_LIGHT = """() => {
  for (const key of ['mode', 'theme']) {
    localStorage.setItem(key, 'light');
    document.documentElement.dataset[key] = 'light';
  }
}"""


def _assert_reads(
    page: Any, html: Path, name: str, width: int, theme: str, screenshots: Path
) -> None:
    """The open page at one width and theme: nothing cut off or unreadable; a screenshot."""
    variant = f"{width}-{theme}"
    report = page.evaluate(LAYOUT)
    folder = screenshots / variant
    folder.mkdir(exist_ok=True)
    _screenshot(page, folder / f"{name.replace('/', '__')}.png")
    assert report["clipped"] == [], f"{name} {variant}: equations cut off: {report['clipped']}"
    assert report["overlapping"] == [], f"{name} {variant}: numbers on equations"
    assert report["crowded"] == [], f"{name} {variant}: numbers beside scrolling equations"
    assert report["rawTex"] == [], f"{name} {variant}: raw TeX shown: {report['rawTex']}"
    assert report["hiddenReasons"] == [], (
        f"{name} {variant}: reasons out of sight: {report['hiddenReasons']}"
    )
    assert report["scrolling"] == [], f"{name} {variant}: equations scroll: {report['scrolling']}"
    assert report["tooSmall"] == [], f"{name} {variant}: equations too small: {report['tooSmall']}"
    for edge in report["edges"][:EDGES_PER_PAGE]:
        off = max(
            _largest_deviation(shot, report["background"])
            for shot in _edge_strips(page, edge["selector"], edge["strip"])
        )
        assert off <= MAX_BACKGROUND_DEVIATION, (
            f"{name} {variant}: a shadow shows beside an equation that does not scroll "
            f"({edge['label']!r}, {off} of 255)"
        )
    for figure in report["figures"]:
        source = html / urlsplit(figure["src"]).path.lstrip("/")
        scale = figure["shown"] / figure["natural"]
        smallest = _svg_min_text_pt(source) * 4 / 3 * scale
        if width < 600:
            assert smallest >= MIN_FIGURE_TEXT_PX, (
                f"{name} {variant}: figure text {smallest:.1f} px in {source.name}"
            )
        if theme == "dark":
            shot = page.locator(figure["selector"]).screenshot()
            assert _mean_luminance(shot) <= MAX_DARK_FIGURE_LUMINANCE, (
                f"{name} {variant}: {source.name} is a light slab in dark mode"
            )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_page_reads_on_every_screen_and_theme(
    chromium: Any,
    built_site: BuildResult,
    site_url: str,
    screenshots: Path,
    name: str,
    width: int,
) -> None:
    # Opened in dark, the reader's stored choice (applied before the page first paints), then
    # switched to light as the theme's button does: one load for both themes.
    viewport = (width, HEIGHTS[width])
    with _opened(chromium, f"{site_url}{name}.html", viewport=viewport, theme="dark") as opened:
        page, visit = opened
        _assert_loads_cleanly(f"{name} {width}", visit)
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        _assert_reads(page, built_site.html, name, width, "dark", screenshots)
        background = "getComputedStyle(document.body).backgroundColor"
        dark = page.evaluate(background)
        page.emulate_media(color_scheme="light")
        page.evaluate(TO_LIGHT)
        assert page.evaluate(background) != dark, f"{name} {width}: the theme did not switch"
        _assert_reads(page, built_site.html, name, width, "light", screenshots)
        assert visit.problems() == [], f"{name} {width}: " + "\n".join(visit.problems())


@contextmanager
def _plain_page(context: Any, html: Path) -> Iterator[Any]:
    """A local HTML file open in a new tab."""
    page = context.new_page()
    try:
        page.goto(html.as_uri())
        yield page
    finally:
        page.close()


def test_the_layout_checks_can_fail(chromium: Any, tmp_path: Path) -> None:
    """A page with a cut-off equation, a number on it, and raw TeX fails each check."""
    html = tmp_path / "bad.html"
    html.write_text(
        "<html><body><main>"
        "<div class='math' style='display:block;width:200px;overflow:hidden'>"
        "<span class='eqno' style='position:absolute;left:20px'>(1)</span>"
        "<mjx-container style='display:block;width:600px;overflow:hidden'>x</mjx-container>"
        "</div><p>this shows \\sigma(d) and 2*(x)**2</p></main></body></html>"
    )
    with _plain_page(chromium, html) as page:
        report = page.evaluate(LAYOUT)
    assert report["clipped"]
    assert report["overlapping"]
    assert report["rawTex"]
    # A number beside an equation that scrolls (not on it) is reported as crowding it.
    html.write_text(
        "<html><body><main><div class='math' style='display:flex;width:300px'>"
        "<mjx-container style='display:block;min-width:0;overflow:auto'>"
        "<span style='display:inline-block;width:600px'>x</span></mjx-container>"
        "<span class='eqno' style='flex:none'>(1)</span></div></main></body></html>"
    )
    with _plain_page(chromium, html) as page:
        report = page.evaluate(LAYOUT)
    assert report["overlapping"] == []
    assert report["crowded"]
    assert report["scrolling"]
    # An equation set small enough to fit, but too small to read; one a little smaller is fine.
    found = []
    for percent in (70, 90):
        html.write_text(
            "<html><body><main><div class='math'><mjx-container style='display:block'>"
            f"<mjx-math style='font-size:{percent}%'>x</mjx-math></mjx-container></div>"
            "</main></body></html>"
        )
        with _plain_page(chromium, html) as page:
            report = page.evaluate(LAYOUT)
        found.append((report["tooSmall"], report["scrolling"]))
    assert found[0][0]
    assert found[1] == ([], [])


def test_the_reason_check_sees_a_reason_out_of_sight(chromium: Any, tmp_path: Path) -> None:
    """A reason past the right edge of its chain's box is reported; one inside it is not."""
    found = []
    for left in (400, 20):
        html = tmp_path / "reason.html"
        html.write_text(
            "<html><body><main><div class='math step-reasons'>"
            "<mjx-container style='display:block;position:relative;width:300px;overflow:hidden'>"
            f"<mjx-mtext style='position:absolute;left:{left}px'>chain rule</mjx-mtext>x"
            "</mjx-container></div></main></body></html>"
        )
        with _plain_page(chromium, html) as page:
            found.append(page.evaluate(LAYOUT)["hiddenReasons"])
    assert found[0]
    assert "chain rule" in found[0][0]
    assert found[1] == []


def test_the_edge_check_sees_a_ghost_shadow(chromium: Any, tmp_path: Path) -> None:
    """Beside an equation that fits, a faint shadow is seen, and a clean edge passes."""
    shadow = "background: linear-gradient(to right, rgba(0,0,0,.1), transparent) 0 0/20px 100%"
    deviations = []
    for style in (shadow, ""):
        html = tmp_path / "edge.html"
        html.write_text(
            "<html><body style='background: rgb(255, 255, 255)'><main><div class='math'>"
            f"<mjx-container display='true' style='display:block;width:600px;{style}'>"
            "<mjx-math style='display:block;margin:0 auto;width:100px'>x</mjx-math>"
            "</mjx-container></div></main></body></html>"
        )
        with _plain_page(chromium, html) as page:
            report = page.evaluate(LAYOUT)
            edge = report["edges"][0]
            left, _ = _edge_strips(page, edge["selector"], edge["strip"])
        deviations.append(_largest_deviation(left, report["background"]))
    assert deviations[0] > MAX_BACKGROUND_DEVIATION >= deviations[1]


def test_the_figure_text_measure_reads_matplotlib_svg(tmp_path: Path) -> None:
    svg = tmp_path / "f.svg"
    svg.write_text(
        '<g transform="translate(1 2) scale(0.11 -0.11)"/><g transform="scale(0.08 -0.08)"/>'
    )
    assert _svg_min_text_pt(svg) == pytest.approx(8.0)


#: docs/_static/narrow-math.js, which sets display math again where it does not fit.
NARROW_MATH_JS = ROOT / "docs" / "_static" / "narrow-math.js"
#: A chain as the site writes it (``derivations.symbolic.display.aligned``), then laid out in one
#: column by hand: the left-hand side alone, each reason on its own row above its step. Compared
#: with spaces removed.
ONE_COLUMN = [
    (
        r"\begin{aligned}a &= b && \text{R}\\ &= c && \text{S}\end{aligned}",
        r"\begin{aligned}&a\\&\quad{\small\text{R}}\\&=b\\&\quad{\small\text{S}}\\&=c\end{aligned}",
    ),
    (  # math inside a reason: its braces are matched
        r"\begin{aligned}x &= y && \text{sum out $\textstyle \delta_{ij}$}\end{aligned}",
        r"\begin{aligned}&x\\&\quad{\small\text{sumout$\textstyle\delta_{ij}$}}\\&=y\end{aligned}",
    ),
    (  # a matrix's rows and columns are its own
        r"\begin{aligned}M &= \left(\begin{matrix}1 & 2\\3 & 4\end{matrix}\right) && \text{R}"
        r"\end{aligned}",
        r"\begin{aligned}&M\\&\quad{\small\text{R}}\\&=\left(\begin{matrix}1&2\\3&4\end{matrix}"
        r"\right)\end{aligned}",
    ),
    (  # as Sphinx publishes it
        r"\[\begin{split}\displaystyle \begin{aligned}a &= b && \text{R}\end{aligned}\end{split}\]",
        r"\[\begin{split}\displaystyle\begin{aligned}&a\\&\quad{\small\text{R}}\\&=b\end{aligned}"
        r"\end{split}\]",
    ),
    # no reason, or no chain: unchanged
    (r"\begin{aligned}a &= b\\ &= c\end{aligned}", r"\begin{aligned}a&=b\\&=c\end{aligned}"),
    (r"a = b && \text{R}", r"a=b&&\text{R}"),
]


#: A statement as the site writes it (``derivations.symbolic.display.gathered``, or a page's own
#: ``{math}`` block), then broken before each relation by hand, with the rows that are too wide,
#: if given. Compared with spaces removed.
BROKEN = [
    (  # a claim's parts
        r"\[\begin{split}\displaystyle \begin{gathered}a = b + c\\a \geq 0\end{gathered}"
        r"\end{split}\]",
        None,
        r"\[\begin{split}\displaystyle\begin{aligned}&a\\&\quad=b+c\\[0.5em]&a\\&\quad\geq0"
        r"\end{aligned}\end{split}\]",
    ),
    (  # only the row that is too wide
        r"\begin{gathered}a = b + c\\a \geq 0\end{gathered}",
        [True, False],
        r"\begin{aligned}&a\\&\quad=b+c\\[0.5em]&a\geq0\end{aligned}",
    ),
    (  # one relation, as a page types it; a relation inside braces or \left ... \right stays
        r"\[\left( b = c \right) \leqslant \frac{x = 1}{2} \le e.\]",
        None,
        r"\[\begin{aligned}&\left(b=c\right)\leqslant\frac{x=1}{2}\\&\quad\lee.\end{aligned}\]",
    ),
    (  # every relation of a row on its own line
        r"\[a = b \le c\]",
        None,
        r"\[\begin{aligned}&a\\&\quad=b\\&\quad\lec\end{aligned}\]",
    ),
    (  # formulas side by side go one under the other first; a relation in brackets stays
        r"\[a = b \ (t \ge 0), \qquad c = d\]",
        None,
        r"\[\begin{gathered}a=b\(t\ge0),\\c=d\end{gathered}\]",
    ),
    # nothing to break, or other environments (a chain, a matrix): unchanged
    (r"\[x + y\]", None, r"\[x+y\]"),
    (r"\[\begin{aligned}a &= b\end{aligned}\]", None, r"\[\begin{aligned}a&=b\end{aligned}\]"),
    (r"\begin{gathered}a = b\end{gathered}", [False], r"\begin{gathered}a=b\end{gathered}"),
]


def test_display_math_is_set_for_a_narrow_column_as_by_hand(chromium: Any, tmp_path: Path) -> None:
    html = tmp_path / "narrow.html"
    html.write_text(f"<html><head><script src='{NARROW_MATH_JS.as_uri()}'></script></head></html>")
    with _plain_page(chromium, html) as page:
        for wide, narrow in ONE_COLUMN:
            got = page.evaluate("tex => window.whySoftmaxNarrowMath.reasonsBetween(tex)", wide)
            assert re.sub(r"\s", "", got) == narrow, wide
        for wide, rows, narrow in BROKEN:
            got = page.evaluate(
                "([tex, rows]) => window.whySoftmaxNarrowMath.brokenAtRelations(tex, rows)",
                [wide, rows],
            )
            assert re.sub(r"\s", "", got) == narrow, wide


#: How many chains a page shows, and how many of them in one column.
CHAINS = """() => [document.querySelectorAll('div.math.step-reasons').length,
                   document.querySelectorAll('div.math.step-reasons.narrow').length]"""


def _laid_out(page: Any) -> dict[str, Any]:
    """Wait for the chains to be typeset again after a change of width, then the layout."""
    page.evaluate("window.whySoftmaxNarrowMath.settled()")
    page.wait_for_timeout(400)  # scroll-cue.js marks the boxes that scroll 150 ms after a resize
    return page.evaluate(LAYOUT)


def test_a_derivations_reasons_stay_in_sight_when_the_width_changes(
    chromium: Any, site_url: str
) -> None:
    """On a phone the chains go to one column; on a desktop they get their reasons column back."""
    with _opened(chromium, f"{site_url}likelihood.html", viewport=(390, 844)) as (page, visit):
        chains, between = page.evaluate(CHAINS)
        assert chains >= 4, "the page derives in chains of steps"
        assert between == chains, "on a phone, every chain in one column"
        for width, height, expected in ((1280, 800, 0), (390, 844, chains)):
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_function(f"({CHAINS})()[1] === {expected}", timeout=TIMEOUT_MS)
            report = _laid_out(page)
            assert report["hiddenReasons"] == [], (width, report["hiddenReasons"])
            assert report["clipped"] == [], (width, report["clipped"])
        assert visit.problems() == [], "\n".join(visit.problems())
