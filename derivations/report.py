r"""The claims index: run every claim's proof and render the result as MyST Markdown.

The page ``claims`` calls :func:`check_claims` (which raises, and so fails the build, if a proof
fails) and displays :func:`claims_table_markdown` and :func:`claims_entries_markdown`. Each
entry carries the target ``claim-<slug>`` that the pages' "verified" marks link to, and links
back to the equation that states the claim (``{eq}`` of the claim's label on its page: a claim
no page states is an unresolved reference, and the strict build fails). Every statement and
every piece of math in a proof step is typeset from the SymPy objects the proof compared.
Nothing here depends on the time a proof took, so the page is the same in every build.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .claims import Claim, Evidence, Method, all_claims
from .symbolic.display import latex

__all__ = ["ClaimStatus", "check_claims", "claims_entries_markdown", "claims_table_markdown"]

#: How the strongest method of a part is summarised in the table, weakest last.
_STRENGTH = ("any-n", "exact", "numeric", "measured")


@dataclass(frozen=True)
class ClaimStatus:
    """One claim after its proof ran.

    Attributes
    ----------
    claim : Claim
        The claim.
    evidence : Evidence
        What its proof established, part by part.
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
    >>> status.claim.id, status.evidence.scope("log_softmax")[0].kind
    ('F3', 'any-n')
    """
    chosen = all_claims() if claims is None else list(claims)
    if not chosen:
        raise ValueError("check_claims: no claims to check")
    return [ClaimStatus(c, c.check()) for c in chosen]


def _cell(text: str) -> str:
    """Make text safe inside a Markdown table cell."""
    return text.replace("|", r"\|").replace("\n", " ")


def _strongest(methods: Sequence[Method]) -> Method:
    return min(methods, key=lambda m: _STRENGTH.index(m.kind))


def scope_summary(status: ClaimStatus) -> str:
    """One phrase for the table: how far the weakest part of the claim was proved.

    Parameters
    ----------
    status : ClaimStatus
        A checked claim.

    Returns
    -------
    str
        E.g. "every $n$", or the weakest part's strongest method in words.

    Examples
    --------
    >>> from derivations import claims
    >>> [status] = check_claims([claims.get("F4")])
    >>> scope_summary(status)
    'every $n$'
    """
    parts = status.claim.parts()
    best = [_strongest(status.evidence.scope(name)) for name in parts]
    weakest = max(best, key=lambda m: _STRENGTH.index(m.kind))
    if weakest.kind == "any-n":
        return "every $n$"
    return weakest.words.replace("proved ", "").replace("checked ", "")


def _where(claim: Claim) -> str:
    return f"{{eq}}`{claim.label}` on {{doc}}`{claim.page}`"


def claims_table_markdown(statuses: Sequence[ClaimStatus]) -> str:
    r"""Render the summary table of the claims index as MyST Markdown.

    Parameters
    ----------
    statuses : sequence of ClaimStatus
        From :func:`check_claims`.

    Returns
    -------
    str
        A Markdown table: the claim (linking to its entry), how far it is proved, where it is
        stated; for a page rendered with ``render_markdown_format: myst``.

    Raises
    ------
    ValueError
        If ``statuses`` is empty.

    Examples
    --------
    >>> from derivations import claims
    >>> text = claims_table_markdown(check_claims([claims.get("F3")]))
    >>> print(text.splitlines()[2])
    | F3 | [The logarithm undoes ...](#claim-log-softmax) | every $n$ | {eq}`log-softmax` on ... |
    """
    if not statuses:
        raise ValueError("claims_table_markdown: no claims to show")
    lines = ["| | claim | proved for | stated in |", "|---|---|---|---|"]
    for st in statuses:
        c = st.claim
        lines.append(
            f"| {c.id} | [{_cell(c.title)}](#{c.anchor}) | {_cell(scope_summary(st))} | "
            f"{_where(c)} |"
        )
    return "\n".join(lines) + "\n"


def claims_entries_markdown(statuses: Sequence[ClaimStatus]) -> str:
    r"""Render every claim's entry: its parts, assumptions, and each part's proof steps.

    Parameters
    ----------
    statuses : sequence of ClaimStatus
        From :func:`check_claims`.

    Returns
    -------
    str
        One section per claim, with target ``claim-<slug>``; each part's relation typeset,
        the methods that proved it in words, and the steps that ran, their math typeset.

    Raises
    ------
    ValueError
        If ``statuses`` is empty.

    Examples
    --------
    >>> from derivations import claims
    >>> text = claims_entries_markdown(check_claims([claims.get("F3")]))
    >>> print(text.splitlines()[0])
    (claim-log-softmax)=
    """
    if not statuses:
        raise ValueError("claims_entries_markdown: no claims to show")
    lines: list[str] = []
    for st in statuses:
        c, ev = st.claim, st.evidence
        lines += [
            f"({c.anchor})=",
            f"### {c.id}. {c.title}",
            "",
            f"Stated as {_where(c)}. Assumptions: {'; '.join(c.assumptions)}.",
            "",
        ]
        for name, relation in c.parts().items():
            methods = "; ".join(m.words for m in ev.scope(name))
            lines += [
                f"- $\\displaystyle {latex(relation)}$",
                "",
                f"  {methods[0].upper()}{methods[1:]}:",
                "",
            ]
            lines += [
                f"  {number}. {step.markdown()}"
                for number, step in enumerate((s for s in ev.steps if s.part == name), start=1)
            ]
            lines.append("")
    return _no_substitution("\n".join(lines))


def _no_substitution(text: str) -> str:
    r"""Separate consecutive opening braces, ``{{`` to ``{ {``, which LaTeX reads the same.

    The claims page is Markdown, where MyST's substitution syntax reads ``{{`` as the start of a
    Jinja expression; SymPy prints an indexed symbol as ``{z}_{j}``, so ``\frac{{z}_{j}}{2}``
    would break the page.

    Examples
    --------
    >>> _no_substitution(r"$\frac{{z}_{j}}{{{y}_{k}}}$")
    '$\\frac{ {z}_{j}}{ { {y}_{k}}}$'
    """
    while "{{" in text:
        text = text.replace("{{", "{ {")
    return text
