r"""The claims index: run every claim's proof and render the result as MyST Markdown.

The page ``claims`` calls :func:`check_claims` (which raises, and so fails the build, if a proof
fails) and displays :func:`claims_table_markdown` and :func:`claims_entries_markdown`. Each
entry carries the target ``claim-<slug>`` that the pages' "verified" marks link to, and links
back to every equation so marked (``{claim-displays}``, ``tools/sphinxext/verified.py``); the
table links to the equation that states the claim (``{eq}`` of the claim's label on its page: a
claim no page states is an unresolved reference, and the strict build fails). Every statement and
every piece of math in a proof step is typeset from the SymPy objects the proof compared.
Nothing here depends on the time a proof took, so the page is the same in every build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .claims import ANY_N, EXACT, MEASURED, Claim, Evidence, Method, all_claims
from .symbolic.display import latex

__all__ = [
    "CATEGORIES",
    "ClaimStatus",
    "category",
    "check_claims",
    "claims_entries_markdown",
    "claims_table_markdown",
    "method_markdown",
    "scope_summary",
]

#: The four ways a part can be proved, strongest first, by :attr:`Method.kind`; the claims page
#: defines each in these words.
CATEGORIES = {
    "any-n": "symbolically for every $n$",
    "exact": "exactly",
    "numeric": "numerically",
    "measured": "measured",
}
#: The category of an exact method without listed sizes: a statement of one fixed size.
_FIXED_SIZE = "exactly (fixed size)"
#: The words of the generic methods, which say nothing beyond their category.
_GENERIC = {ANY_N.words, EXACT.words, MEASURED.words}


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
    >>> [status] = check_claims([claims.get("log-softmax")])
    >>> status.claim.slug, status.evidence.scope("log_softmax")[0].kind
    ('log-softmax', 'any-n')
    """
    chosen = all_claims() if claims is None else list(claims)
    if not chosen:
        raise ValueError("check_claims: no claims to check")
    return [ClaimStatus(c, c.check()) for c in chosen]


def _cell(text: str) -> str:
    """Make text safe inside a Markdown table cell."""
    return text.replace("|", r"\|").replace("\n", " ")


def category(method: Method) -> str:
    """Name the category of a method, in the words the claims page defines, with its sizes.

    Parameters
    ----------
    method : Method
        A proof method.

    Returns
    -------
    str
        ``"symbolically for every $n$"``, ``"exactly for $n = 2, 3, 4$"`` (the listed sizes),
        ``"exactly (fixed size)"`` (a statement of one size, such as two classes),
        ``"numerically"`` or ``"measured"``.

    Examples
    --------
    >>> from derivations.claims import ANY_N, EXACT, exact_for, numeric
    >>> category(exact_for((2, 3, 4)))
    'exactly for $n = 2, 3, 4$'
    >>> category(EXACT), category(numeric(9)), category(ANY_N)
    ('exactly (fixed size)', 'numerically', 'symbolically for every $n$')
    """
    if method.kind == "exact":
        sizes = re.search(r"for (\$n = [^$]*\$)", method.words)
        return f"exactly for {sizes.group(1)}" if sizes else _FIXED_SIZE
    return CATEGORIES[method.kind]


def method_markdown(method: Method) -> str:
    """Say how a method proved a part: its category, then what it did where that adds anything.

    Parameters
    ----------
    method : Method
        A proof method.

    Returns
    -------
    str
        The category (:func:`category`), followed by the method's own words for the numeric and
        measured methods that say more (precision, points, simulation size).

    Examples
    --------
    >>> from derivations.claims import MEASURED, numeric
    >>> method_markdown(numeric(9))
    'numerically (checked against independent 40-digit values at 9 points)'
    >>> method_markdown(MEASURED)
    'measured in floating point'
    """
    if method == MEASURED:
        return "measured in floating point"
    if method.kind in ("any-n", "exact") or method.words in _GENERIC:
        return category(method)
    return f"{category(method)} ({method.words})"


def _rank(method: Method) -> tuple[int, int]:
    # Strongest first: the kind's place in CATEGORIES, then (for exact) more sizes is stronger.
    sizes = len(re.findall(r"\d+", method.words)) if method.kind == "exact" else 0
    return (list(CATEGORIES).index(method.kind), -sizes)


def scope_summary(status: ClaimStatus) -> str:
    """Say how far the claim is proved: the category of its weakest part's strongest method.

    Parameters
    ----------
    status : ClaimStatus
        A checked claim.

    Returns
    -------
    str
        One of the categories of :func:`category`.

    Examples
    --------
    >>> from derivations import claims
    >>> [status] = check_claims([claims.get("ce-gradient")])
    >>> scope_summary(status)
    'symbolically for every $n$'
    """
    best = [min(status.evidence.scope(name), key=_rank) for name in status.claim.parts()]
    return category(max(best, key=_rank))


def _where(claim: Claim) -> str:
    # Every equation marked {verified} for the claim, on every page (tools/sphinxext/verified.py).
    return f"{{claim-displays}}`{claim.slug}`"


def _equation(claim: Claim) -> str:
    return f"{{eq}}`{claim.label}`"


def claims_table_markdown(statuses: Sequence[ClaimStatus]) -> str:
    r"""Render the summary table of the claims index as MyST Markdown.

    Parameters
    ----------
    statuses : sequence of ClaimStatus
        From :func:`check_claims`.

    Returns
    -------
    str
        A Markdown table of two columns, to fit a phone's width: the claim (its id, its title
        linking to its entry, and the equation that states it) and how far it is proved
        (:func:`scope_summary`); for a page rendered with ``render_markdown_format: myst``.

    Raises
    ------
    ValueError
        If ``statuses`` is empty.

    Examples
    --------
    >>> from derivations import claims
    >>> text = claims_table_markdown(check_claims([claims.get("log-softmax")]))
    >>> print(text.splitlines()[2])
    | F.... [...](#claim-log-softmax) {eq}`log-softmax` | symbolically for every $n$ |
    """
    if not statuses:
        raise ValueError("claims_table_markdown: no claims to show")
    lines = ["| claim (equation) | proved |", "|---|---|"]
    for st in statuses:
        c = st.claim
        lines.append(
            f"| {c.id}. [{_cell(c.title)}](#{c.anchor}) {_equation(c)} | "
            f"{_cell(scope_summary(st))} |"
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
        the methods that proved it (:func:`method_markdown`), and the steps that ran, their math
        typeset.

    Raises
    ------
    ValueError
        If ``statuses`` is empty.

    Examples
    --------
    >>> from derivations import claims
    >>> text = claims_entries_markdown(check_claims([claims.get("log-softmax")]))
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
            # No full stop after the links: a page title may end in a question mark.
            f"Shown in {_where(c)}",
            "",
            f"Assumptions: {'; '.join(c.assumptions)}.",
            "",
        ]
        for name, relation in c.parts().items():
            methods = "; ".join(method_markdown(m) for m in ev.scope(name))
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
