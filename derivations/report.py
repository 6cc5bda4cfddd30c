r"""The claims index: run every registered claim's proof and render the result as MyST markdown.

The page ``claims`` calls :func:`check_claims` (which raises, and so fails the build, if any
proof fails) and displays :func:`claims_table_markdown` and :func:`claims_statements_markdown`
of the result. Where each claim is
stated is read from the page sources: a claim is *stated* when its page has a labelled
``{glue:math}`` block whose label is the claim's slug, and the index then links to that
equation with ``{eq}``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .claims import Claim, Evidence, all_claims

__all__ = [
    "DOCS",
    "ClaimStatus",
    "check_claims",
    "claims_statements_markdown",
    "claims_table_markdown",
    "is_stated",
    "timed_check_claims",
]

#: The site's page sources (the repository's ``docs/``).
DOCS = Path(__file__).resolve().parents[1] / "docs"


@dataclass(frozen=True)
class ClaimStatus:
    """One claim after its proof ran.

    Attributes
    ----------
    claim : Claim
        The claim.
    evidence : Evidence
        What its proof established (methods, steps, time).
    stated : bool
        Whether its page states it under its label.
    """

    claim: Claim
    evidence: Evidence
    stated: bool


def is_stated(claim: Claim, docs: Path = DOCS) -> bool:
    """Tell whether ``claim``'s page glues an equation labelled with the claim's slug.

    Parameters
    ----------
    claim : Claim
        The claim.
    docs : pathlib.Path, optional
        The directory of page sources.

    Returns
    -------
    bool
        True if ``docs/<claim.page>.md`` has a ``{glue:math}`` block with ``:label: <slug>``.

    Examples
    --------
    >>> from derivations import claims
    >>> is_stated(claims.get("F4"), docs=Path("/nonexistent"))
    False
    """
    source = docs / f"{claim.page}.md"
    if not source.is_file():
        return False
    pattern = (
        r"^(`{3,}|:{3,})\{glue:math\}[^\n]*\n(?:(?!\1)[^\n]*\n)*?:label:[ \t]*"
        + re.escape(claim.label)
        + r"[ \t]*$"
    )
    return re.search(pattern, source.read_text(), re.MULTILINE) is not None


def check_claims(claims: Iterable[Claim] | None = None, docs: Path = DOCS) -> list[ClaimStatus]:
    """Run the proof of every claim, in id order.

    Parameters
    ----------
    claims : iterable of Claim, optional
        The claims to check; by default every registered claim.
    docs : pathlib.Path, optional
        The directory of page sources (to tell whether each claim is stated).

    Returns
    -------
    list of ClaimStatus
        One per claim.

    Raises
    ------
    derivations.claims.ClaimFailed
        At the first claim whose proof fails (so a page calling this fails the build).
    ValueError
        If there are no claims to check.

    Examples
    --------
    >>> from derivations import claims
    >>> [status] = check_claims([claims.get("F3")])
    >>> status.claim.id, status.evidence.methods[0]
    ('F3', 'general-n symbolic')
    """
    chosen = all_claims() if claims is None else list(claims)
    if not chosen:
        raise ValueError("check_claims: no claims to check")
    return [ClaimStatus(c, c.check(), is_stated(c, docs)) for c in chosen]


def _cell(text: str) -> str:
    """Make text safe inside a markdown table cell."""
    return text.replace("|", r"\|").replace("\n", " ")


def _where(status: ClaimStatus) -> str:
    claim = status.claim
    if status.stated:
        return f"{{eq}}`{claim.label}` on {{doc}}`{claim.page}`"
    return f"not yet stated on {{doc}}`{claim.page}`"


def claims_table_markdown(
    statuses: Sequence[ClaimStatus], total_seconds: float | None = None
) -> str:
    r"""Render the summary table of the claims index as MyST markdown.

    Parameters
    ----------
    statuses : sequence of ClaimStatus
        From :func:`check_claims`.
    total_seconds : float, optional
        Wall time of all checks, shown under the table if given.

    Returns
    -------
    str
        A markdown table (id linking to the statement, title, where it is stated as ``{eq}``
        and ``{doc}`` roles, proof methods, status, check time); to be displayed with
        ``IPython.display.Markdown`` on a page rendered with ``render_markdown_format: myst``.

    Raises
    ------
    ValueError
        If ``statuses`` is empty.

    Examples
    --------
    >>> from derivations import claims
    >>> text = claims_table_markdown(check_claims([claims.get("F3")]))
    >>> print(text.splitlines()[2])
    | [F3](#claim-f3) | log s_i = z_i - LSE(z): the log undoes the exp | ... | passed | ... |
    """
    if not statuses:
        raise ValueError("claims_table_markdown: no claims to show")
    lines = [
        "| id | claim | stated at | verified by | status | check time |",
        "|---|---|---|---|---|---|",
    ]
    for st in statuses:
        c, ev = st.claim, st.evidence
        lines.append(
            f"| [{c.id}](#claim-{c.id.lower()}) | {_cell(c.title)} | {_where(st)} | "
            f"{_cell(', '.join(ev.methods))} | passed | {ev.seconds:.2f} s |"
        )
    if total_seconds is not None:
        lines += ["", f"All {len(statuses)} proofs passed, in {total_seconds:.1f} s in all."]
    return "\n".join(lines) + "\n"


def claims_statements_markdown(statuses: Sequence[ClaimStatus]) -> str:
    r"""Render every claim's statement, assumptions and proof steps as MyST markdown.

    Parameters
    ----------
    statuses : sequence of ClaimStatus
        From :func:`check_claims`.

    Returns
    -------
    str
        One block per claim, each with a target ``claim-<id>``, a heading, the statement as
        display math (``sympy.latex`` of the derived statement), where it is stated, its
        assumptions, and the proof steps that ran.

    Raises
    ------
    ValueError
        If ``statuses`` is empty.

    Examples
    --------
    >>> from derivations import claims
    >>> text = claims_statements_markdown(check_claims([claims.get("F3")]))
    >>> print(text.splitlines()[0])
    (claim-f3)=
    """
    if not statuses:
        raise ValueError("claims_statements_markdown: no claims to show")
    lines: list[str] = []
    for st in statuses:
        c, ev = st.claim, st.evidence
        steps = "\n".join(f"  - *{method}*: {_escape(what)}" for method, what in ev.details)
        lines += [
            f"(claim-{c.id.lower()})=",
            f"### {c.id}: {_escape(c.title)}",
            "",
            f"$$\n{c.latex}\n$$",
            "",
            f"- **Stated at:** {_where(st)}",
            f"- **Assumptions:** {_escape(c.assumptions)}",
            f"- **Status:** passed in {ev.seconds:.2f} s. Proof steps:",
            steps,
            "",
        ]
    return "\n".join(lines)


def _escape(text: str) -> str:
    """Escape characters that markdown would read as markup in plain proof descriptions."""
    return re.sub(r"([\\`*_\[\]<>$|])", r"\\\1", text)


def timed_check_claims(claims: Iterable[Claim] | None = None) -> tuple[list[ClaimStatus], float]:
    """Run :func:`check_claims` and return its result with the wall time it took.

    Parameters
    ----------
    claims : iterable of Claim, optional
        As for :func:`check_claims`.

    Returns
    -------
    tuple of (list of ClaimStatus, float)
        The statuses and the seconds taken.

    Examples
    --------
    >>> from derivations import claims
    >>> statuses, seconds = timed_check_claims([claims.get("F3")])
    >>> seconds >= statuses[0].evidence.seconds
    True
    """
    start = time.perf_counter()
    statuses = check_claims(claims)
    return statuses, time.perf_counter() - start
