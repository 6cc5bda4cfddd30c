"""The pages follow the notation table, and the table lists every symbol they use.

Two readings of the pages: their Markdown sources (prose, typed math, captions: code cells
removed) and, in the built site, the math a reader sees, glued displays included (most of the
pages' math is made by SymPy when they run). The ``avoid`` patterns of ``NOTATION`` must match
neither; every symbol in the built math of the argument pages must be in the table; and the
notation page's "first used on" column must name the first page, in reading order, whose built
math uses the symbol.

What the ``avoid`` patterns cannot see: a letter reused in a way that looks like its meaning
(``k`` as the index of a general gradient written ``s_j``-free, e.g. a display that
differentiates in ``z_k`` with a general target and never writes ``s_k - y_k``; ``p`` for a
different distribution; ``u`` for a logit in prose). Those need a reader.
"""

from __future__ import annotations

import html
import re

import pytest
from helpers import OUTLINE, ROOT, BuildResult

from derivations.notation import (
    NOTATION,
    Entry,
    first_pages,
    math_text,
    notation_markdown,
    symbol_pattern,
    symbols_in,
)

PAGES = sorted((ROOT / "docs").glob("*.md"))
#: The argument, in reading order: the pages the table's last column is read from.
ARGUMENT = OUTLINE[: OUTLINE.index("notation")]
#: Pages whose math must follow the notation (the claims index and the API show the same math).
CHECKED = (*ARGUMENT, "claims", "api")
#: Code lines of a code cell (its option lines, which hold captions and alt texts, stay).
_CODE = re.compile(r"^(```\{code-cell\}[^\n]*\n)(.*?)(^```\s*$)", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r'<span class="[^"]*\bmath\b[^"]*">\\\((.*?)\\\)</span>', re.DOTALL)
_DISPLAY = re.compile(r'<div class="[^"]*\bmath\b[^"]*"[^>]*>.*?\\\[(.*?)\\\]\s*</div>', re.DOTALL)


def reading_text(source: str) -> str:
    """A page's source without the code of its code cells (captions and prose stay)."""

    def options_only(match: re.Match) -> str:
        kept = [line for line in match.group(2).splitlines() if line.startswith(":")]
        return match.group(1) + "\n".join(kept) + "\n" + match.group(3)

    return _CODE.sub(options_only, source)


def misuses(text: str, entries: tuple[Entry, ...] = NOTATION) -> list[tuple[str, str]]:
    """(symbol, matched text) for every ``avoid`` pattern of the table found in ``text``."""
    found = []
    for entry in entries:
        for pattern in entry.avoid:
            found += [(entry.symbol, m.group(0)) for m in re.finditer(pattern, text)]
    return found


def built_math(page_html: str) -> list[str]:
    """The LaTeX of every piece of math a built page shows (inline and displayed)."""
    article = page_html.split('<article class="bd-article"', 1)[-1]
    pieces = _INLINE.findall(article) + _DISPLAY.findall(article)
    return [html.unescape(p) for p in pieces]


@pytest.fixture(scope="module")
def math(built_site: BuildResult) -> dict[str, list[str]]:
    return {
        page: built_math((built_site.html / f"{page}.html").read_text(encoding="utf-8"))
        for page in CHECKED
    }


# -- the sources ----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_follows_the_notation(page):
    assert misuses(reading_text(page.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    "text",
    [
        r"the probability $s_y$ of the true class",
        r"with $p_i = \frac{x_i}{\sum_j x_j}$",
        r"the margin $d = z_1 - z_2$",
        r"samples $(x^{(k)}, y^{(k)})$",
        "the true class is class 0",
        r"$\mathrm{CE}(s, y)$",
    ],
)
def test_the_check_finds_known_drifts(text):
    assert misuses(text), text


@pytest.mark.parametrize(
    "tex",
    [
        # k as an index (the review's likelihood, mse, curvature and exponential findings)
        r"\sum_{k=1}^{n} (s_k - y_k) = 0",
        r"\frac{\partial \mathrm{CE}}{\partial {z}_{k}} = {s}_{k} - {y}_{k}",
        r"H_{jk} = \partial^2 \mathrm{CE} / \partial z_j \partial z_k",
        r"\sum_{i=1}^{n} (s_i - y_i) J_{k,i}",
        r"P_i/P_k = (P_i/P_j)(P_j/P_k)",
        r"\frac{\partial \mathrm{LSE}(z)}{\partial {z}_{k}} = {s}_{k}",
        # c as a class, and as the experiment's lead
        r"s \to e_c",
        r"s_i = \delta_{ic}",
        r"c \ne k",
        r"b = c\, e_1",
        # m as the largest logit; e_j for an exponential; x and N in other meanings
        r"m = \max_j z_j",
        r"e_j = e^{z_j} > 0",
        r"\log x \le x - 1",
        r"\sqrt{s_i (1 - s_i) / N}",
        # f for the positive function; a logit written u; l for a third class; a, b as numbers
        r"x_i = f(z_i)",
        r"z = (u, 0, 0)",
        r"P_i / P_l",
        r"\textstyle e^{a + b} = e^{a} e^{b}",
        # a single bar in the divergence
        r"\mathrm{KL}(p \,|\, s)",
    ],
)
def test_the_check_finds_the_reviews_reuses_in_math(tex):
    assert misuses(math_text(tex)), tex


@pytest.mark.parametrize(
    "tex",
    [
        r"\frac{\partial \mathrm{CE}}{\partial {z}_{j}} = {s}_{j} - {y}_{j}",
        r"\frac{\partial \mathrm{CE}}{\partial z_k} = s_k - 1",
        r"y_j = \delta_{jk}",
        r"\sum_{m=1}^{n} e^{z_m}",
        r"\mathrm{softmax}(z + c \mathbf{1})_{i} = \mathrm{softmax}(z)_{i}",
        r"c > 0",
        r"P_i / P_\ell = (P_i / P_j)(P_j / P_\ell)",
        r"s \to e_\ell",
        r"\max z \le \mathrm{LSE}(z) \le \max z + \log n",
        r"u_m = z_m - \max z \le 0",
        r"\mathrm{KL}(p \Vert s) \ge 0",
        r"H_{ij} = s_i (\delta_{ij} - s_j)",
        r"\log u \le u - 1",
        r"z = W^\top \mathbf{x} + b",
    ],
)
def test_the_check_passes_the_intended_notation(tex):
    assert misuses(math_text(tex)) == [], tex


def test_captions_are_read_but_code_is_not():
    source = "```{code-cell} ipython3\n:caption: class 0 wins\ns_y = 1\n```\n"
    text = reading_text(source)
    assert "class 0" in text
    assert "s_y = 1" not in text


# -- the table ------------------------------------------------------------------------------------


def test_the_symbols_are_unique_and_each_pattern_finds_its_symbol():
    assert len({e.symbol for e in NOTATION}) == len(NOTATION)
    for entry in NOTATION:
        # The symbol as the table writes it, or in its meaning's math (e is found as e^{...}).
        shown = [entry.symbol, *re.findall(r"\$([^$]*)\$", entry.meaning)]
        assert any(entry.used_in(math_text(tex)) for tex in shown), entry.symbol


def test_a_letter_is_found_only_on_its_own():
    pattern = symbol_pattern("x")
    used = [r"x_i", r"e^{x}", r"\phi(x)", r"{x}_{i}"]
    unused = [r"\mathbf{x}", r"\max z", r"\exp(z)", r"\text{next}", r"\mathrm{diag}(s)"]
    assert all(re.search(pattern, math_text(t)) for t in used)
    assert not any(re.search(pattern, math_text(t)) for t in unused)


def test_symbols_in_reads_math_not_words():
    tex = r"\begin{aligned}\mathrm{LSE}(z) &= \log \sum_m e^{z_m} && \text{as $\beta$}\end{aligned}"
    assert symbols_in(tex) == {r"\mathrm{LSE}", "z", "m", "e", r"\beta"}


def test_first_pages_takes_the_first_page_in_order():
    pages = [("a", [r"s_i"]), ("b", [r"\sigma(u)", r"s_i"]), ("c", [r"\sigma(t)"])]
    found = first_pages(pages)
    by_symbol = {e.symbol: page for e, page in found.items()}
    assert by_symbol[r"\sigma"] == "b"
    assert by_symbol[r"s = \mathrm{softmax}(z)"] == "a"
    assert by_symbol["t"] == "c"
    assert by_symbol[r"\Omega"] is None


def test_the_markdown_has_one_row_per_entry_and_no_typed_page():
    rows = notation_markdown().splitlines()[2:]
    assert len(rows) == len(NOTATION)
    assert all(row.endswith(f"{{first-use}}`{i}` |") for i, row in enumerate(rows))
    with pytest.raises(ValueError, match="notation_markdown"):
        notation_markdown(())


# -- the built site -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", CHECKED)
def test_built_math_follows_the_notation(math, page):
    found = [(symbol, hit) for tex in math[page] for symbol, hit in misuses(math_text(tex))]
    assert found == [], page


@pytest.mark.parametrize("page", ARGUMENT)
def test_every_symbol_of_the_page_is_in_the_table(math, page):
    listed = set().union(*(symbols_in(e.symbol) for e in NOTATION))
    missing = {s: tex for tex in math[page] for s in symbols_in(tex) - listed}
    assert missing == {}, f"{page}: symbols not in the notation table"


def test_the_first_page_column_is_read_from_the_pages(built_site: BuildResult, math):
    # Independently of the build step: from the built HTML, not from the doctrees.
    expected = first_pages([(page, math[page]) for page in ARGUMENT])
    unused = [e.symbol for e, page in expected.items() if page is None]
    assert unused == [], "entries no page uses: remove them"
    table = (built_site.html / "notation.html").read_text(encoding="utf-8")
    table = table.split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr.*?</tr>", table, re.DOTALL)
    assert len(rows) == len(NOTATION)
    shown = [re.findall(r'href="([\w-]+)\.html"', row)[-1] for row in rows]
    order = {symbol: i for i, symbol in enumerate(ARGUMENT)}
    assert shown == sorted(shown, key=order.__getitem__), "rows are in reading order"
    for row, page in zip(rows, shown, strict=True):
        symbol = html.unescape(re.search(r"\\\((.*?)\\\)", row).group(1))
        entry = next(e for e in NOTATION if e.symbol == symbol)
        assert page == expected[entry], symbol
