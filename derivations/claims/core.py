r"""The claim record, the proof that checks it part by part, and the registry.

A claim's statement has named *parts* (for the cross-entropy: the loss and its gradient). Each
part is a relation built from a *claimed form* (the closed form or value a person states, e.g.
:math:`s_k - y_k`), and that relation is what the page displays. The proof compares every claimed
form with independently derived results, recording for each step which part it establishes and
by which :class:`Method`. So the claims index can say, per part, how it was proved, and a claimed
form changed on the page (or in the code) fails the proof.

Examples
--------
>>> from derivations import claims
>>> claim = claims.get("ce-gradient")
>>> evidence = claim.check()
>>> [m.kind for m in evidence.scope("gradient")]
['any-n', 'exact', 'numeric']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from ..symbolic.display import Display, latex

__all__ = [
    "ANY_N",
    "EXACT",
    "MEASURED",
    "Claim",
    "ClaimFailed",
    "Evidence",
    "Method",
    "Proof",
    "Step",
    "all_claims",
    "check_all",
    "exact_for",
    "get",
    "numeric",
    "register",
]


class ClaimFailed(Exception):
    """Raised by :meth:`Claim.check` when a proof step does not hold."""


@dataclass(frozen=True)
class Method:
    """How a proof step establishes its part.

    Attributes
    ----------
    kind : str
        ``"any-n"`` (symbolic, for every number of classes), ``"exact"`` (exact symbolic
        computation at a fixed size or listed sizes), ``"numeric"`` (compared with independent
        high-precision values at listed points) or ``"measured"`` (observed in floating point).
    words : str
        What the method established, in words a reader understands.
    """

    kind: str
    words: str


#: Symbolic in the number of classes: holds for every n.
ANY_N = Method("any-n", "proved symbolically for every number of classes $n$")
#: Exact symbolic computation of a statement of fixed size (e.g. two classes).
EXACT = Method("exact", "proved exactly by symbolic computation")
#: Observed in the build's floating-point arithmetic.
MEASURED = Method("measured", "measured in floating point when the site is built")


def exact_for(ns: Iterable[int]) -> Method:
    """Exact symbolic computation for each listed number of classes.

    Parameters
    ----------
    ns : iterable of int
        The sizes.

    Returns
    -------
    Method
        ``kind="exact"``, with the sizes in its words.

    Examples
    --------
    >>> exact_for((2, 3, 4)).words
    'proved exactly for $n = 2, 3, 4$'
    """
    sizes = ", ".join(str(n) for n in ns)
    return Method("exact", f"proved exactly for $n = {sizes}$")


def numeric(points: int, digits: int = 40) -> Method:
    """Comparison with independent high-precision values at seeded points.

    Parameters
    ----------
    points : int
        How many points were compared.
    digits : int, optional
        Working precision of the reference, in decimal digits.

    Returns
    -------
    Method
        ``kind="numeric"``.

    Examples
    --------
    >>> numeric(27).words
    'checked against independent 40-digit values at 27 points'
    """
    return Method(
        "numeric", f"checked against independent {digits}-digit values at {points} points"
    )


@dataclass(frozen=True)
class Step:
    """One proof step: which part it establishes, how, and what it showed.

    Attributes
    ----------
    part : str
        The statement part.
    method : Method
        How.
    text : str
        What was shown, in words; ``{}`` placeholders stand for :attr:`math`.
    math : tuple of sympy objects
        Expressions shown typeset in :attr:`text`.
    holds : bool
        Whether the step held (always true in a passing proof).
    """

    part: str
    method: Method
    text: str
    math: tuple[Any, ...] = ()
    holds: bool = True

    def markdown(self) -> str:
        """Return the step's text with its math typeset (``$...$``), for MyST.

        Returns
        -------
        str
            The text, each ``{}`` replaced by its expression's LaTeX in ``$...$``.
        """
        return _fill(self.text, [f"${latex(m)}$" for m in self.math])

    def plain(self) -> str:
        """Return the step's text with its math as SymPy strings (for error messages).

        Returns
        -------
        str
            The text, each ``{}`` replaced by its expression's SymPy string.
        """
        return _fill(self.text, [str(m) for m in self.math])


def _fill(text: str, items: Sequence[str]) -> str:
    """Put ``items`` in place of the ``{}`` of ``text`` (LaTeX braces elsewhere stay)."""
    pieces = text.split("{}")
    if len(pieces) != len(items) + 1:
        raise ValueError(f"Step: {len(items)} math items for {len(pieces) - 1} places in {text!r}")
    out = pieces[0]
    for item, piece in zip(items, pieces[1:], strict=True):
        out += item + piece
    return out


class Proof:
    """Records the steps of a claim's proof, part by part.

    Parameters
    ----------
    claim_id : str
        Used in failure messages.
    parts : sequence of str
        The claim's statement parts; every step names one.
    collect : bool, optional
        Record failing steps instead of raising (mutation tests use this to see that every
        step of a changed part fails).

    Examples
    --------
    >>> p = Proof("F0", ["value"])
    >>> p.check("value", EXACT, 1 + 1 == 2, "1 + 1 = {}", 2)
    >>> p.check("value", EXACT, 1 + 1 == 3, "1 + 1 = {}", 3)
    Traceback (most recent call last):
    ...
    derivations.claims.core.ClaimFailed: F0 [value]: exact: 1 + 1 = 3 does not hold
    """

    def __init__(self, claim_id: str, parts: Sequence[str], collect: bool = False) -> None:
        self.claim_id = claim_id
        self.parts = tuple(parts)
        self.collect = collect
        self.steps: list[Step] = []

    def check(self, part: str, method: Method, holds: object, text: str, *math: Any) -> None:
        """Record a step of ``part``; raise :class:`ClaimFailed` if ``holds`` is not true.

        Parameters
        ----------
        part : str
            The statement part this step establishes.
        method : Method
            How.
        holds : object
            The outcome; only ``True`` (a Python or NumPy bool, or SymPy's ``true``) passes.
        text : str
            What the step shows, with ``{}`` for each of ``math``.
        *math : sympy objects
            Shown typeset in the claims index.
        """
        if part not in self.parts:
            raise ValueError(f"Proof.check: {self.claim_id} has no part {part!r}")
        ok = bool(holds is True or holds is sp.true or (isinstance(holds, np.bool_) and holds))
        step = Step(part, method, text, tuple(math), ok)
        self.steps.append(step)
        if not ok and not self.collect:
            raise ClaimFailed(
                f"{self.claim_id} [{part}]: {method.kind}: {step.plain()} does not hold"
            )

    def cases(
        self,
        part: str,
        method: Method,
        cases: Iterable[tuple[str, object]],
        text: str,
        *math: Any,
    ) -> None:
        """Record one step that holds when every case holds (e.g. one case per size n).

        Parameters
        ----------
        part : str
            The statement part.
        method : Method
            How.
        cases : iterable of (str, object)
            Each case's label (used in the failure message) and outcome. Evaluated lazily, in
            order, stopping at the first failure.
        text : str
            What the step shows, with ``{}`` for each of ``math``.
        *math : sympy objects
            Shown typeset.
        """
        failed = None
        count = 0
        for label, holds in cases:
            count += 1
            if not (holds is True or holds is sp.true):
                failed = label
                break
        if count == 0:
            raise ValueError(f"Proof.cases: {self.claim_id} [{part}]: no cases")
        suffix = "" if failed is None else f" (fails for {failed})"
        self.check(part, method, failed is None, text + suffix, *math)

    def evidence(self, seconds: float) -> Evidence:
        """Return the :class:`Evidence` of the steps recorded so far.

        Parameters
        ----------
        seconds : float
            Wall time the check took.

        Returns
        -------
        Evidence
            The claim's id, its steps so far and ``seconds``.
        """
        return Evidence(self.claim_id, tuple(self.steps), seconds)


@dataclass(frozen=True)
class Evidence:
    """What a :meth:`Claim.check` established.

    Attributes
    ----------
    claim_id : str
        The claim's id.
    steps : tuple of Step
        Every step, in order.
    seconds : float
        Wall time of the check (left out of the ``repr`` and of comparisons: a printed
        evidence must read the same in every build).
    """

    claim_id: str
    steps: tuple[Step, ...]
    seconds: float = field(repr=False, compare=False)

    def scope(self, part: str) -> tuple[Method, ...]:
        """Return the methods that established ``part``, in the order first used.

        Parameters
        ----------
        part : str
            The statement part.

        Returns
        -------
        tuple of Method
            Each method of the part's steps once (empty if no step names the part).
        """
        return tuple(dict.fromkeys(s.method for s in self.steps if s.part == part))

    @property
    def methods(self) -> tuple[Method, ...]:
        """Every method used, in the order first used.

        Returns
        -------
        tuple of Method
            Each method of the steps once.
        """
        return tuple(dict.fromkeys(s.method for s in self.steps))

    @property
    def holds(self) -> bool:
        """Whether every step held.

        Returns
        -------
        bool
            True if every step held (also when there are no steps).
        """
        return all(s.holds for s in self.steps)


@dataclass(eq=False)
class Claim:
    """A fact of the site: its parts (built from claimed forms), where it is stated, its proof.

    Attributes
    ----------
    id : str
        ``"F1"``, ``"F2"``, ...
    slug : str
        Stable name: the equation label on its page and the anchor ``claim-<slug>`` in the index.
    title : str
        What it says, in words (no formulas: the index typesets the parts next to it).
    page : str
        Docname of the page that states it.
    assumptions : tuple of str
        The assumptions, as MyST text (math in ``$...$``).
    claimed : callable
        ``claimed() -> dict``: the claimed form (a SymPy object) of each part, by part name.
    relations : callable
        ``relations(forms) -> dict``: each part's displayed relation, built from ``forms[part]``.
    prove : callable
        ``prove(forms, proof)`` checks every claimed form, recording steps in ``proof``.
    """

    id: str
    slug: str
    title: str
    page: str
    assumptions: tuple[str, ...]
    claimed: Callable[[], dict[str, Any]] = field(repr=False)
    relations: Callable[[Mapping[str, Any]], dict[str, sp.Basic]] = field(repr=False)
    prove: Callable[[Mapping[str, Any], Proof], None] = field(repr=False)

    @property
    def label(self) -> str:
        """Equation label on the claim's page (the slug)."""
        return self.slug

    @property
    def anchor(self) -> str:
        """Target of the claim's entry in the claims index.

        Returns
        -------
        str
            ``claim-<slug>``.
        """
        return f"claim-{self.slug}"

    def parts(self, forms: Mapping[str, Any] | None = None) -> dict[str, sp.Basic]:
        """Return the statement: each part's relation, built from ``forms`` (default: own).

        Parameters
        ----------
        forms : mapping, optional
            Claimed forms to use instead of the claim's own.

        Returns
        -------
        dict
            Part name to relation, in statement order.

        Raises
        ------
        ValueError
            If the parts and the claimed forms do not match one to one, or a relation does not
            contain its claimed form (a display that is not the checked object).
        """
        forms = self.claimed() if forms is None else dict(forms)
        out = self.relations(forms)
        if list(out) != list(forms):
            raise ValueError(
                f"Claim.parts: {self.id}: parts {list(out)} do not match forms {list(forms)}"
            )
        for name, relation in out.items():
            if not _contains(relation, forms[name]):
                raise ValueError(
                    f"Claim.parts: {self.id}: part {name!r} does not display its claimed form"
                )
        return out

    def display(self, *names: str) -> Display:
        """Return the parts ``names`` (default: all), stacked, for ``glue``.

        Parameters
        ----------
        *names : str
            Parts to show, in this order.

        Returns
        -------
        Display
            One relation per line.
        """
        parts = self.parts()
        chosen = names or tuple(parts)
        unknown = [n for n in chosen if n not in parts]
        if unknown:
            raise KeyError(f"Claim.display: {self.id} has no parts {unknown}")
        return Display([parts[n] for n in chosen])

    def check(self, forms: Mapping[str, Any] | None = None, collect: bool = False) -> Evidence:
        """Run the proof and return its evidence.

        Parameters
        ----------
        forms : mapping, optional
            Claimed forms to check instead of the claim's own (mutation tests).
        collect : bool, optional
            Record failing steps instead of raising at the first (mutation tests); a proof
            that raises an error part-way is reported as a failure still.

        Returns
        -------
        Evidence
            Every step, per part.

        Raises
        ------
        ClaimFailed
            If a step does not hold (unless ``collect``), if the proof records no step for
            some part, or if it raises an arithmetic, type or value error.
        """
        own = self.claimed()
        forms = own if forms is None else dict(forms)
        if set(forms) != set(own):
            raise ValueError(f"Claim.check: {self.id}: forms must be exactly {sorted(own)}")
        proof = Proof(self.id, list(own), collect=collect)
        start = time.perf_counter()
        try:
            self.prove(forms, proof)
        except ClaimFailed:
            raise
        except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:
            if collect:
                return proof.evidence(time.perf_counter() - start)
            raise ClaimFailed(f"{self.id}: proof raised {type(exc).__name__}: {exc}") from exc
        evidence = proof.evidence(time.perf_counter() - start)
        unproved = [p for p in own if not evidence.scope(p)]
        if unproved and not collect:
            raise ClaimFailed(f"{self.id}: no proof step for parts {unproved}")
        return evidence


def _contains(relation: sp.Basic, form: Any) -> bool:
    """Whether ``form`` occurs in ``relation`` as it stands (a matrix as a whole)."""
    if isinstance(form, sp.MatrixBase):
        form = sp.ImmutableMatrix(form)
    return relation == form or relation.has(sp.sympify(form))


_REGISTRY: dict[str, Claim] = {}


def _key(claim_id: str) -> int:
    return int(claim_id.lstrip("F"))


def register(claim: Claim) -> Claim:
    """Add a claim to the registry (ids and slugs must be unique).

    Parameters
    ----------
    claim : Claim
        The claim.

    Returns
    -------
    Claim
        The same claim.

    Raises
    ------
    ValueError
        If another claim already has this id or slug.

    Examples
    --------
    >>> from derivations import claims
    >>> register(claims.get("F4"))
    Traceback (most recent call last):
    ...
    ValueError: register: duplicate claim F4 / ce-gradient
    """
    if any(claim.id == c.id or claim.slug == c.slug for c in _REGISTRY.values()):
        raise ValueError(f"register: duplicate claim {claim.id} / {claim.slug}")
    _REGISTRY[claim.id] = claim
    return claim


def get(id_or_slug: str) -> Claim:
    """Return a claim by id (``"F4"``) or slug (``"ce-gradient"``).

    Parameters
    ----------
    id_or_slug : str
        The id or slug.

    Returns
    -------
    Claim
        The registered claim.

    Raises
    ------
    KeyError
        If no claim has that id or slug.
    TypeError
        If ``id_or_slug`` is not a string.

    Examples
    --------
    >>> from derivations import claims
    >>> claims.get("F4").slug
    'ce-gradient'
    >>> claims.get("ce-gradient").id
    'F4'
    """
    if not isinstance(id_or_slug, str):
        raise TypeError(f"get: expected a str id or slug, got {type(id_or_slug).__name__}")
    if id_or_slug in _REGISTRY:
        return _REGISTRY[id_or_slug]
    for claim in _REGISTRY.values():
        if claim.slug == id_or_slug:
            return claim
    raise KeyError(f"get: no claim with id or slug {id_or_slug!r}")


def all_claims() -> list[Claim]:
    """Return every registered claim, ordered by id.

    Returns
    -------
    list of Claim
        ``F1``, ``F2``, ...

    Examples
    --------
    >>> from derivations import claims
    >>> claims.all_claims()[0].id
    'F1'
    """
    return sorted(_REGISTRY.values(), key=lambda c: _key(c.id))


def check_all() -> list[Evidence]:
    """Prove every registered claim.

    Returns
    -------
    list of Evidence
        One per claim, in id order.

    Raises
    ------
    ClaimFailed
        At the first claim whose proof fails.

    Examples
    --------
    >>> from derivations import claims
    >>> [r.claim_id for r in claims.check_all()][:2]
    ['F1', 'F2']
    """
    return [claim.check() for claim in all_claims()]
