"""Hosting runs the README's commands, and every repository link follows ``repository_url``.

Read the Docs (``.readthedocs.yaml``) must not grow a second build recipe: it calls ``make html``
and publishes ``_build/html``.
"""

from __future__ import annotations

import ast
import itertools
import json
import os
import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT, VENV, BuildResult, run_build

RTD = ROOT / ".readthedocs.yaml"
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: The only shell commands hosting may run besides ``make``: moving the built site into place.
PLUMBING = {"mkdir", "cp"}


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a YAML mapping"
    return data


def _readme_commands() -> set[str]:
    return set(re.findall(r"^(make \w+)", README, re.M))


def _make_dry_run(target: str) -> str:
    return subprocess.run(
        ["make", "--no-print-directory", "-n", target, f"VENV={VENV}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


# -- Read the Docs ---------------------------------------------------------------------------------


def test_readthedocs_config_builds_with_the_readme_command() -> None:
    config = _load(RTD)
    assert config["version"] == 2
    build = config["build"]
    assert str(build["os"]).startswith("ubuntu-")
    assert str(build["tools"]["python"]) == "3.11"
    commands = [shlex.split(line) for line in build["commands"]]
    assert commands[0] == ["make", "html"]
    assert "make html" in _readme_commands()
    # The rest only moves the built site where Read the Docs serves it from.
    assert all(cmd[0] in PLUMBING for cmd in commands[1:]), commands
    copy = commands[-1]
    assert copy[0] == "cp"
    assert copy[-2].rstrip("/.") == "_build/html"
    assert copy[-1].rstrip("/") == "$READTHEDOCS_OUTPUT/html"
    # A second recipe would show up as a python/pip/sphinx section: there must be none.
    assert not {"python", "sphinx", "mkdocs", "conda"} & set(config)


def test_make_html_builds_strictly_into_the_published_directory() -> None:
    # What both hosts publish is where `make html` writes, and that build fails on warnings.
    recipe = _make_dry_run("build-html")
    sphinx = next(line for line in recipe.splitlines() if "tools/build_site.py" in line)
    args = shlex.split(sphinx)
    assert "-W" in args
    assert args[-1] == "_build/html"


# -- Repository links ------------------------------------------------------------------------------


def _default_repository_url() -> str:
    """The value ``conf.py`` gives ``repository_url`` when nothing overrides it."""
    tree = ast.parse((ROOT / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "repository_url" for t in node.targets
        ):
            value = (
                ast.literal_eval(node.value.args[-1])
                if isinstance(node.value, ast.Call)
                else ast.literal_eval(node.value)
            )
            return str(value)
    raise AssertionError("conf.py sets no repository_url")


def _repo_path(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def test_no_page_types_the_repository_url() -> None:
    # Pages and templates must take the repository from the configuration, never retype it.
    needle = _repo_path(_default_repository_url())
    sources = [*(ROOT / "docs").rglob("*.md"), *(ROOT / "docs").rglob("*.html")]
    offenders = [p.relative_to(ROOT).as_posix() for p in sources if needle in p.read_text("utf-8")]
    assert offenders == []


@pytest.mark.build
def test_built_repository_links_follow_repository_url(built_site: BuildResult) -> None:
    url = os.environ.get("WHY_SOFTMAX_REPOSITORY", _default_repository_url())
    index = (built_site.html / "index.html").read_text(encoding="utf-8")
    assert f'href="{url}"' in index
    assert f'href="{url}/edit/main/docs/index.md"' in index


@pytest.mark.build
def test_a_fork_changes_every_repository_link_with_one_value(
    scratch_repo: Callable[[dict[str, str]], Path],
) -> None:
    repo = scratch_repo(
        {
            "index.md": "# Index\n\n```{toctree}\nsecond\n```\n",
            "second.md": "# Second\n\nText.\n",
        }
    )
    fork = "https://github.com/a-reader/their-fork"
    result = run_build(repo, env={"WHY_SOFTMAX_REPOSITORY": fork})
    assert result.returncode == 0, result.output[-5000:]
    original = _repo_path(_default_repository_url())
    pages = sorted(result.html.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert original not in text, f"{page.name} still links {original}"
    for name in ("index", "second"):
        text = (result.html / f"{name}.html").read_text(encoding="utf-8")
        assert f'href="{fork}"' in text
        assert f'href="{fork}/edit/main/docs/{name}.md"' in text
        assert f'href="{fork}/blob/main/docs/{name}.md?plain=1"' in text


# -- What the published site gives a reader --------------------------------------------------------


def _built_pages(html: Path) -> list[str]:
    return sorted(
        p.relative_to(html / "_sources").as_posix().removesuffix(".md")
        for p in (html / "_sources").rglob("*.md")
    )


def _nav_link(text: str, kind: str) -> str | None:
    found = re.search(rf'<a class="{kind}"\s+href="([^"]+)"', text)
    return found[1] if found else None


@pytest.mark.build
def test_previous_next_links_walk_every_page(built_site: BuildResult) -> None:
    pages = _built_pages(built_site.html)
    walked, page = ["index"], "index"
    while nxt := _nav_link((built_site.html / f"{page}.html").read_text("utf-8"), "right-next"):
        page = nxt.split("#")[0].removesuffix(".html")
        assert page not in walked, f"the next links loop back to {page}"
        walked.append(page)
    assert sorted(walked) == pages
    # And back again, page by page.
    for earlier, later in itertools.pairwise(walked):
        text = (built_site.html / f"{later}.html").read_text("utf-8")
        assert _nav_link(text, "left-prev") == f"{earlier}.html", later


@pytest.mark.build
def test_search_works_offline(built_site: BuildResult) -> None:
    html = built_site.html
    index = (html / "searchindex.js").read_text("utf-8")
    assert index.startswith("Search.setIndex(")
    data = json.loads(index.removeprefix("Search.setIndex(").removesuffix(")"))
    assert sorted(data["docnames"]) == _built_pages(html)
    for page, title in zip(data["docnames"], data["titles"], strict=True):
        h1 = re.search(r"<h1>(.*?)<a class=\"headerlink\"", (html / f"{page}.html").read_text())
        assert h1, page
        assert re.sub(r"<[^>]+>", "", h1[1]) == title, page
    # The search page loads its index and code from the site itself, no network needed.
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', (html / "search.html").read_text())
    assert "searchindex.js" in scripts
    assert not [s for s in scripts if "://" in s or s.startswith("//")]


@pytest.mark.build
def test_every_page_has_copy_buttons_and_print_rules(built_site: BuildResult) -> None:
    for page in _built_pages(built_site.html):
        text = (built_site.html / f"{page}.html").read_text("utf-8")
        assert re.search(r'src="(\.\./)*_static/copybutton\.js', text), page
        assert re.search(r'href="(\.\./)*_static/custom\.css', text), page
    css = (built_site.html / "_static" / "custom.css").read_text("utf-8")
    assert re.search(r"@media print\s*\{[^@]*details\.hide", css)


AFFORDANCE_PAGE = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# One

```{code-cell} ipython3
:tags: [hide-input]
import sympy as sp
from myst_nb import glue
x = sp.Symbol("x", real=True)
glue("d", sp.diff(sp.exp(2 * x), x), display=False)
print("hidden set-up ran")
```

```{glue:math} d
:label: eq-d
```

See {eq}`eq-d` and {numref}`fig-p`.

```{code-cell} ipython3
:tags: [remove-input]
:mystnb:
:  figure:
:    caption: A line.
:    name: fig-p
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot([0, 1])
plt.show()
```
"""


@pytest.mark.build
def test_hidden_set_up_numbered_equations_and_figures(
    scratch_repo: Callable[[dict[str, str]], Path],
) -> None:
    repo = scratch_repo(
        {
            "index.md": "# Index\n\n```{toctree}\none\ntwo\n```\n",
            "one.md": AFFORDANCE_PAGE,
            "two.md": "# Two\n\nBack to {eq}`eq-d` and {numref}`fig-p`.\n",
        }
    )
    result = run_build(repo, env={"PYTHONPATH": str(repo)})
    assert result.returncode == 0, result.output[-5000:]
    one = (result.html / "one.html").read_text("utf-8")
    two = (result.html / "two.html").read_text("utf-8")
    # hide-input: the source sits in a closed <details>, its output is shown.
    hidden = re.search(r"<details class=\"[^\"]*\bhide above-input\"(.*?)</details>", one, re.S)
    assert hidden, "the hide-input cell is not collapsible"
    assert " open" not in hidden[0].split(">", 1)[0]
    assert "hidden set-up ran" in hidden[1]  # the source, inside the collapsed block
    assert one.count("hidden set-up ran") == 2  # ... and its output, outside it
    # The glued equation is numbered, and {eq} links to it from both pages with that number.
    number = re.search(r'id="equation-eq-d">\s*<span class="eqno">\((\d+)\)', one)
    assert number, "the labelled glue:math equation has no number"
    assert f'href="#equation-eq-d">({number[1]})</a>' in one
    assert f'href="one.html#equation-eq-d">({number[1]})</a>' in two
    # The figure is numbered and {numref} uses the number.
    assert '<span class="caption-number">Figure 1 </span>' in one
    assert re.search(r'href="one.html#fig-p"><span class="std std-numref">Figure 1</span>', two)
