"""Every internal link and anchor of the built site resolves; the checker catches broken ones."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import ROOT, BuildResult

sys.path.insert(0, str(ROOT / "tools"))

import linkcheck

PAGE = """<!doctype html><html><head><title>{title}</title>
<link rel="stylesheet" href="_static/site.css?v=1234"></head>
<body><h1 id="top">{title}</h1>{body}</body></html>
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture
def good_tree(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "site",
        {
            "index.html": PAGE.format(
                title="Index",
                body=(
                    '<a href="other.html#sec-b">b</a> <a href="#top">top</a> <a href="sub/">sub</a>'
                    ' <a href="https://example.org/missing.html">external</a>'
                    ' <a href="mailto:someone@example.org">mail</a> <img src="_images/fig.svg">'
                ),
            ),
            "other.html": PAGE.format(
                title="Other",
                body=(
                    '<section id="sec-b"><a name="old-anchor"></a><a href="index.html#top">back</a>'
                    '<a href="other.html#old-anchor">old</a></section>'
                ),
            ),
            "sub/index.html": PAGE.format(
                title="Sub", body='<a href="../index.html">up</a>'
            ).replace('href="_static', 'href="../_static'),
            "_static/site.css": "body {}\n",
            "_images/fig.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
            # A theme's Jinja macro file: not a page, its template syntax is not a link.
            "_static/macros.html": "<link href=\"{{ pathto('x.css', 1) }}\">",
        },
    )


def test_a_good_tree_has_no_broken_links(good_tree: Path) -> None:
    assert linkcheck.check_tree(good_tree) == []


@pytest.mark.parametrize(
    ("planted", "reason"),
    [
        ('<a href="missing.html">x</a>', "no such file"),
        ('<a href="other.html#no-such-section">x</a>', "no id 'no-such-section'"),
        ('<a href="#nowhere">x</a>', "no id 'nowhere'"),
        ('<img src="_images/gone.png">', "no such file"),
        ('<script src="_static/gone.js"></script>', "no such file"),
        ('<a href="/index.html">x</a>', "root-absolute"),
        ('<a href="../outside.html">x</a>', "outside the site"),
    ],
)
def test_the_checker_catches_a_planted_broken_link(
    good_tree: Path, planted: str, reason: str
) -> None:
    page = good_tree / "other.html"
    page.write_text(page.read_text().replace("</body>", planted + "</body>"))
    broken = linkcheck.check_tree(good_tree)
    assert len(broken) == 1, broken
    assert broken[0].page == "other.html"
    assert reason in broken[0].reason


def test_the_command_line_fails_on_a_broken_link(
    good_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert linkcheck.main(["linkcheck", str(good_tree)]) == 0
    (good_tree / "index.html").write_text(
        PAGE.format(title="Index", body='<a href="gone.html">x</a>')
    )
    assert linkcheck.main(["linkcheck", str(good_tree)]) == 1
    assert "gone.html" in capsys.readouterr().out


@pytest.mark.build
def test_every_internal_link_of_the_built_site_resolves(built_site: BuildResult) -> None:
    broken = linkcheck.check_tree(built_site.html)
    assert broken == [], "\n".join(map(str, broken))


@pytest.mark.build
def test_the_built_site_has_internal_links_to_check(built_site: BuildResult) -> None:
    # Guard against a vacuous pass: the site links its pages and anchors to each other.
    pages = [p for p in built_site.html.glob("*.html")]
    assert len(pages) > 1
    text = (built_site.html / "index.html").read_text()
    assert 'href="#' in text or ".html#" in text


def test_mathjax_subset_is_the_component_its_fonts_and_extensions() -> None:
    from sphinxext import offline_mathjax

    root = offline_mathjax.mathjax_root()
    needed = {p.as_posix() for p in offline_mathjax.needed_files(root)}
    assert "tex-chtml.js" in needed
    assert any(n.startswith("output/chtml/fonts/woff-v2/") and n.endswith(".woff") for n in needed)
    assert "input/tex/extensions/cancel.js" in needed  # autoloaded on demand
    # What the site never loads stays out: other components, speech rules, the all-in-one bundle.
    assert not {n for n in needed if n.startswith(("sre/", "a11y/", "tex-svg", "tex-mml"))}
    assert "input/tex/extensions/all-packages.js" not in needed


def test_mathjax_is_published_before_pages_are_written(tmp_path: Path) -> None:
    from sphinxext import offline_mathjax

    written = offline_mathjax.publish(tmp_path)
    entry = tmp_path / "_static" / "mathjax" / "tex-chtml.js"
    assert entry in written
    assert b'VERSION="3.' in entry.read_bytes()
    # Publishing again changes nothing (same bytes, files left alone).
    before = {p: p.stat().st_mtime_ns for p in written}
    assert offline_mathjax.publish(tmp_path) == written
    assert {p: p.stat().st_mtime_ns for p in written} == before


@pytest.mark.build
def test_the_built_site_loads_no_script_or_style_from_the_network(built_site: BuildResult) -> None:
    offenders = []
    for page in sorted(built_site.html.rglob("*.html")):
        if page.relative_to(built_site.html).parts[0] == "_static":
            continue
        collector = linkcheck._parse(page)
        offenders += [
            f"{page.name}: {src}" for src in collector.loaded if linkcheck.is_external(src)
        ]
    assert offenders == []
    assert (built_site.html / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert not (built_site.html / "_static" / "mathjax" / "sre").exists()
