r"""The claims index: run every registered claim's proof and render the result as MyST markdown.

The page ``claims`` calls :func:`check_claims` (which raises, and so fails the build, if any
proof fails) and displays :func:`claims_table_markdown` and :func:`claims_statements_markdown`
of the result. Each claim links to the equation that states it with ``{eq}`label```: the label is
the claim's slug on the claim's page, so a claim that no page states is an unresolved reference,
and the strict build fails. Nothing here depends on the time a proof took, so the page is the
same in every build (proof timings are in ``tools/bench_claims.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .claims import Claim, Evidence, all_claims
from .symbolic.display import gathered

__all__ = [
    "ClaimStatus",
    "check_claims",
    "claims_statements_markdown",
    "claims_table_markdown",
]


@dataclass(frozen=True)
class ClaimStatus:
    """One claim after its proof ran.

    Attributes
    ----------
    claim : Claim
        The claim.
    evidence : Evidence
        What its proof established (methods and steps).
    """

    claim: Claim
    evidence: Evidence


def check_claims(claims: Iterable[Claim] | None = None) -> list[ClaimStatus]:
    """Run the proof of every claim, in id order.

    Parameters
    ----------
    claims : iterable of Claim, optional
        The claims to check; by default every registered claim.

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
    return [ClaimStatus(c, c.check()) for c in chosen]


def _cell(text: str) -> str:
    """Make text safe inside a markdown table cell."""
    return text.replace("|", r"\|").replace("\n", " ")


def _where(claim: Claim) -> str:
    return f"{{eq}}`{claim.label}` on {{doc}}`{claim.page}`"


def claims_table_markdown(statuses: Sequence[ClaimStatus]) -> str:
    r"""Render the summary table of the claims index as MyST markdown.

    Parameters
    ----------
    statuses : sequence of ClaimStatus
        From :func:`check_claims`.

    Returns
    -------
    str
        A markdown table (id linking to the statement, title, where it is stated as ``{eq}``
        and ``{doc}`` roles, proof methods, status); to be displayed with
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
    | [F3](#claim-f3) | log s_i = z_i - LSE(z): the log undoes the exp | ... | passed |
    """
    if not statuses:
        raise ValueError("claims_table_markdown: no claims to show")
    lines = [
        "| id | claim | stated at | verified by | status |",
        "|---|---|---|---|---|",
    ]
    for st in statuses:
        c, ev = st.claim, st.evidence
        lines.append(
            f"| [{c.id}](#claim-{c.id.lower()}) | {_cell(c.title)} | {_where(c)} | "
            f"{_cell(', '.join(ev.methods))} | passed |"
        )
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
            f"$$\n{gathered(c.statement)}\n$$",
            "",
            f"- **Stated at:** {_where(c)}",
            f"- **Assumptions:** {_escape(c.assumptions)}",
            "- **Status:** passed in this build. Proof steps:",
            steps,
            "",
        ]
    return "\n".join(lines)


def _escape(text: str) -> str:
    """Escape characters that markdown would read as markup in plain proof descriptions."""
    return re.sub(r"([\\`*_\[\]<>$|])", r"\\\1", text)
