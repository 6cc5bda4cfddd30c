"""Sphinx extension: a build log a person can read, and the numbers for its last line.

- MyST-Parser and MyST-NB log their whole configuration objects at the start of every build
  (``myst v5.2.0: MdParserConfig(...)``, a few thousand characters each) and have no setting to
  stop it; this drops exactly those two records unless Sphinx runs verbose (``-v``, ``make V=1``).
  Every other record, warnings above all, passes untouched.
- When the build finishes, :func:`summarize` counts the pages, how many of them were executed in
  this build and how many were taken from the execution cache, and how many claims the claims
  index proves (it renders one ``(claim-f<N>)=`` target per claim, and only after that claim's
  proof passed in the page's kernel). ``tools/build_site.py`` prints the line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Loggers (Sphinx's names) of the two configuration dumps, and the configuration classes logged.
CONFIG_DUMPS = {
    "sphinx.myst_parser.sphinx_ext.main": "MdParserConfig",
    "sphinx.myst_nb.sphinx_ext": "NbParserConfig",
}
#: Prefix of the claims index's per-claim targets (``docs/claims.md``, ``derivations.report``).
CLAIM_LABEL = "claim-f"


@dataclass(frozen=True)
class Summary:
    """What one successful build did, for its last line."""

    pages: int
    executed: int
    from_cache: int
    claims: int
    index: Path

    def line(self, seconds: float, cwd: Path | None = None) -> str:
        """The summary line, with the site's entry page relative to ``cwd`` when it lies below.

        Parameters
        ----------
        seconds : float
            Wall time of the build.
        cwd : pathlib.Path, optional
            Directory the path to the entry page is written relative to (default: the current
            one).

        Returns
        -------
        str
            One line, without a newline.

        Examples
        --------
        >>> s = Summary(13, 3, 8, 18, Path("/repo/_build/html/index.html"))
        >>> s.line(31.24, Path("/repo"))
        'built 13 pages (3 executed, 8 from cache, 2 without code), 18 claims proven, 31.2 s: open _build/html/index.html'
        """  # noqa: E501
        cwd = Path.cwd() if cwd is None else cwd
        index = self.index.relative_to(cwd) if self.index.is_relative_to(cwd) else self.index
        plain = self.pages - self.executed - self.from_cache
        counts = f"{self.executed} executed, {self.from_cache} from cache"
        if plain:
            counts += f", {plain} without code"
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        claims = f"{self.claims} claim{'s' if self.claims != 1 else ''}"
        where = index.as_posix()
        return f"built {pages} ({counts}), {claims} proven, {seconds:.1f} s: open {where}"


#: Set when a build finishes without an exception (read by ``tools/build_site.py``).
last: Summary | None = None


class _DropConfigDump(logging.Filter):
    def __init__(self, class_name: str) -> None:
        super().__init__()
        self.class_name = class_name

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not (
            record.levelno == logging.INFO
            and any(type(arg).__name__ == self.class_name for arg in args)
        )


def summarize(app: Any) -> Summary:
    """Count what the build of ``app`` did (call it once the build has finished).

    Parameters
    ----------
    app : sphinx.application.Sphinx
        The application after its build.

    Returns
    -------
    Summary
        Pages, pages executed in this build, notebook pages taken from the cache, claims proven,
        and the site's entry page.
    """
    from myst_nb.sphinx_ import NbMetadataCollector

    env = app.env
    metadata = NbMetadataCollector.get_doc_data(env)
    notebooks = {d for d in env.found_docs if metadata.get(d, {}).get("exec_data")}
    executed = set(getattr(env, "preexecuted_docnames", ()))
    # Pages MyST-NB executed itself (an execution mode other than the cache) also ran now.
    executed |= {
        d
        for d in notebooks & set(getattr(env, "why_softmax_read", ()))
        if metadata[d]["exec_data"].get("method") != "cache"
    }
    labels = env.get_domain("std").labels
    claims = sum(1 for label in labels if label.startswith(CLAIM_LABEL))
    index = Path(app.outdir) / f"{app.config.root_doc}.html"
    return Summary(
        pages=len(env.found_docs),
        executed=len(executed & notebooks),
        from_cache=len(notebooks - executed),
        claims=claims,
        index=index,
    )


def _on_env_before_read_docs(app: Any, env: Any, docnames: list[str]) -> None:
    env.why_softmax_read = set(docnames)


def _on_build_finished(app: Any, exception: Exception | None) -> None:
    global last
    last = summarize(app) if exception is None and app.builder.format == "html" else None


def setup(app: Any) -> dict[str, Any]:
    if app.verbosity == 0:
        for name, class_name in CONFIG_DUMPS.items():
            logging.getLogger(name).addFilter(_DropConfigDump(class_name))
    app.connect("env-before-read-docs", _on_env_before_read_docs)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
