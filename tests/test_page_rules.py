"""Rules every page follows: results are glued, never typed; figures come from the package.

These scan the MyST sources in ``docs/`` (no build needed), so a hand-typed result or an
unlabelled figure is caught before it is published.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import OUTLINE, ROOT

DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.glob("*.md"))

FENCE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)\s*$",
    re.MULTILINE | re.DOTALL,
)


def _blocks(text: str, name: str) -> list[tuple[str, str]]:
    """(argument, body) of every fenced directive called ``name``."""
    return [(m["arg"].strip(), m["body"]) for m in FENCE.finditer(text) if m["name"] == name]


def _options(body: str) -> dict[str, str]:
    return dict(re.findall(r"^:([\w-]+):[ \t]*(.*)$", body, re.MULTILINE))


def _prose(text: str) -> str:
    """The page with every fenced block removed (what a reader reads as text)."""
    return FENCE.sub("", text)


def test_every_outline_page_exists() -> None:
    assert {p.stem for p in PAGES} >= set(OUTLINE)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_no_hand_typed_display_math(page: Path) -> None:
    text = page.read_text()
    prose = _prose(text)
    assert "$$" not in prose, f"{page.name}: $$ display math; glue the result or mark a definition"
    assert not re.search(r"\\begin\{(equation|align|gather|multline)\*?\}", prose), (
        f"{page.name}: a hand-typed equation environment"
    )
    for _, body in _blocks(text, "math"):
        classes = _options(body).get("class", "").split()
        assert "definition" in classes, (
            f"{page.name}: a {{math}} block that is not marked ':class: definition':\n{body}"
        )


def test_the_scanner_catches_typed_results() -> None:
    typed = "Text.\n\n$$\\nabla_z L = s - y$$\n\n```{math}\n\\nabla_z L = s - y\n```\n"
    assert "$$" in _prose(typed)
    assert all("definition" not in _options(b).get("class", "") for _, b in _blocks(typed, "math"))
    marked = "```{math}\n:class: definition\n:label: def-x\nx = 1\n```\n"
    assert [_options(b)["class"] for _, b in _blocks(marked, "math")] == ["definition"]


def _figure_cells(text: str) -> list[tuple[dict[str, str], str]]:
    cells = []
    for _, body in _blocks(text, "code-cell"):
        if re.search(r"^:\s+figure:", body, re.MULTILINE):
            meta = dict(re.findall(r"^:\s+(caption|name|alt):\s*(.+)$", body, re.MULTILINE))
            code = "\n".join(line for line in body.splitlines() if not line.startswith(":"))
            cells.append((meta, code))
    return cells


def _figure_functions() -> set[str]:
    import inspect

    import derivations.figures as figures

    names = set()
    for module_path in Path(figures.__file__).parent.glob("*.py"):
        source = module_path.read_text()
        names.update(re.findall(r"^def (plot_\w+)\(", source, re.MULTILINE))
    assert inspect.ismodule(figures)
    return names


def _interactive_figure_functions() -> set[str]:
    """The figure functions of derivations.interactive (their alt text is the plot's label)."""
    from derivations.interactive import FIGURES

    return {make.__name__ for make, _ in FIGURES.values()}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_figures_have_caption_label_alt_and_a_reference(page: Path) -> None:
    text = page.read_text()
    functions = _figure_functions()
    interactive = _interactive_figure_functions()
    for meta, code in _figure_cells(text):
        assert meta.get("caption"), f"{page.name}: a figure without a caption"
        name = meta.get("name")
        if set(re.findall(r"\b(\w+_figure)\(", code)) & interactive:
            assert re.search(r"\{numref\}`[^`]*" + re.escape(str(name)) + r">?`", text), (
                f"{page.name}: interactive figure {name} is never referenced with {{numref}}"
            )
            continue
        assert meta.get("alt"), f"{page.name}: a figure without alt text"
        assert name, f"{page.name}: a figure without a label (name)"
        assert re.search(r"\{numref\}`[^`]*" + re.escape(name) + r">?`", text), (
            f"{page.name}: figure {name} is never referenced with {{numref}}"
        )
        called = set(re.findall(r"\b(plot_\w+)\(", code))
        assert called & functions, (
            f"{page.name}: figure {name} is not drawn by a function of derivations.figures"
        )
        assert len(called & functions) == 1, (
            f"{page.name}: figure {name} calls several plot functions"
        )
