"""Check every internal link and anchor of a built HTML tree, offline.

Sphinx's own ``linkcheck`` builder checks external links over the network; this checks what
a reader clicks *inside* the site: each ``href``/``src`` that is not an external URL must name
a file of the tree, and each ``#fragment`` must name an ``id`` (or ``<a name>``) in that file.

Usage: ``python tools/linkcheck.py _build/html`` (exit status 1 and one line per broken link).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

#: (tag, attribute) pairs whose value is a link a browser follows or loads.
LINK_ATTRIBUTES = {
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("object", "data"),
}


@dataclass(frozen=True)
class Broken:
    """One broken internal link: the page it is on, the link as written, and why."""

    page: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link!r}: {self.reason}"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        #: What the page loads by itself (scripts, styles, images, frames), as opposed to follows.
        self.loaded: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES:
                self.links.append(value)
                if tag != "a":
                    self.loaded.append(value)


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return collector


def is_external(link: str) -> bool:
    """True for links that leave the site (any scheme, or protocol-relative ``//host``)."""
    parts = urlsplit(link)
    return bool(parts.scheme) or link.startswith("//")


def _is_asset(rel: Path) -> bool:
    # The themes copy Jinja macro files (``webpack-macros.html``) into _static: not pages.
    return rel.parts[0] == "_static"


def check_tree(root: Path) -> list[Broken]:
    """Return every broken internal link or anchor in the HTML files under ``root``."""
    root = root.resolve()
    pages = sorted(p for p in root.rglob("*.html") if not _is_asset(p.relative_to(root)))
    parsed = {page: _parse(page) for page in pages}
    broken: list[Broken] = []
    for page, collector in parsed.items():
        rel_page = page.relative_to(root).as_posix()
        for link in collector.links:
            if not link or is_external(link):
                continue
            parts = urlsplit(link)
            target = page
            if parts.path:
                path = unquote(parts.path)
                if path.startswith("/"):
                    broken.append(Broken(rel_page, link, "root-absolute path breaks file://"))
                    continue
                target = (page.parent / PurePosixPath(path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_relative_to(root):
                    broken.append(Broken(rel_page, link, "points outside the site"))
                    continue
                if not target.is_file():
                    broken.append(Broken(rel_page, link, "no such file"))
                    continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = (parsed.get(target) or _parse(target)).ids
                if fragment not in ids:
                    broken.append(Broken(rel_page, link, f"no id {fragment!r} in the target"))
    return broken


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "_build/html")
    if not root.is_dir():
        print(f"linkcheck: {root} is not a directory", file=sys.stderr)
        return 2
    broken = check_tree(root)
    for item in broken:
        print(item)
    print(f"linkcheck: {len(broken)} broken internal link(s) in {root}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
