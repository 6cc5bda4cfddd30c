"""The claim record, the evidence a proof returns, and the registry."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import sympy as sp

from ..symbolic.display import Display, latex

__all__ = [
    "Claim",
    "ClaimFailed",
    "Evidence",
    "Proof",
    "all_claims",
    "check_all",
    "get",
    "register",
]

GENERAL = "general-n symbolic"
CONCRETE = "concrete-n (n=2,3,4,8,16)"
NUMERIC = "numeric"
SYMBOLIC = "symbolic"


class ClaimFailed(Exception):
    """Raised by :meth:`Claim.check` when a proof step does not hold."""


@dataclass(frozen=True)
class Evidence:
    """What a successful :meth:`Claim.check` established.

    Attributes
    ----------
    claim_id : str
        The claim's id, e.g. ``"F4"``.
    methods : tuple of str
        Methods used: ``"general-n symbolic"``, ``"concrete-n (n=2,3,4,8,16)"``, ``"symbolic"``
        (a fixed-size exact proof), ``"numeric"``.
    details : tuple of (str, str)
        One ``(method, what was shown)`` pair per proof step.
    seconds : float
        Wall time of the check.
    """

    claim_id: str
    methods: tuple[str, ...]
    details: tuple[tuple[str, str], ...]
    seconds: float


class Proof:
    """Collects proof steps while a claim is checked.

    Parameters
    ----------
    claim_id : str
        Used in failure messages.

    Examples
    --------
    >>> p = Proof("F0")
    >>> p.require(True, "symbolic", "1 = 1")
    >>> p.require(False, "symbolic", "1 = 2")
    Traceback (most recent call last):
    ...
    derivations.claims.core.ClaimFailed: F0: symbolic: 1 = 2 does not hold
    """

    def __init__(self, claim_id: str) -> None:
        self.claim_id = claim_id
        self.steps: list[tuple[str, str]] = []

    def require(self, condition: object, method: str, what: str) -> None:
        """Record a proof step, raising :class:`ClaimFailed` if ``condition`` is false."""
        if condition is not True and not (isinstance(condition, bool) and condition):
            raise ClaimFailed(f"{self.claim_id}: {method}: {what} does not hold")
        self.steps.append((method, what))

    def evidence(self, seconds: float) -> Evidence:
        """Return the :class:`Evidence` of the steps recorded so far."""
        methods = tuple(dict.fromkeys(m for m, _ in self.steps))
        return Evidence(self.claim_id, methods, tuple(self.steps), seconds)


@dataclass(eq=False)
class Claim:
    """A fact of the site: its statement (SymPy, derived), assumptions, page and proof.

    Attributes
    ----------
    id : str
        ``"F1"`` ... ``"F18"``.
    slug : str
        Stable name, also the equation label on its page.
    title : str
        One-line title.
    page : str
        Docname of the page that states it.
    assumptions : str
        The assumptions, in words.
    build_statement : callable
        Returns the statement (an ``Eq``/relation or a list of them), built from derived results.
    build_claimed : callable
        Returns the claimed closed forms, a dict of name to SymPy expression.
    prove : callable
        ``prove(claimed, proof)`` runs every proof step against ``claimed``.
    """

    id: str
    slug: str
    title: str
    page: str
    assumptions: str
    build_statement: Callable[[], Any] = field(repr=False)
    build_claimed: Callable[[], dict[str, sp.Expr]] = field(repr=False)
    prove: Callable[[Mapping[str, sp.Expr], Proof], None] = field(repr=False)

    @property
    def label(self) -> str:
        """Equation label used on the page (equal to the slug)."""
        return self.slug

    @cached_property
    def statement(self) -> Any:
        """The statement as SymPy objects (computed once)."""
        return self.build_statement()

    @property
    def latex(self) -> str:
        r"""LaTeX of the statement; several relations are joined by ``\quad``."""
        return latex(self.statement)

    @property
    def display(self) -> Display:
        """The statement, ready for ``glue(claim.slug, claim.display, display=False)``."""
        return Display(self.statement)

    def claimed(self) -> dict[str, sp.Expr]:
        """Return the claimed closed forms that :meth:`check` compares with derived results."""
        return dict(self.build_claimed())

    def check(self, claimed: Mapping[str, sp.Expr] | None = None) -> Evidence:
        """Run the proof and return its evidence.

        Parameters
        ----------
        claimed : mapping, optional
            Closed forms to check instead of :meth:`claimed` (used by mutation tests).

        Returns
        -------
        Evidence
            The methods used and what each step showed.

        Raises
        ------
        ClaimFailed
            If any step does not hold.
        """
        forms = self.claimed() if claimed is None else dict(claimed)
        missing = set(self.claimed()) - set(forms)
        if missing:
            raise ValueError(f"Claim.check: {self.id}: missing claimed forms {sorted(missing)}")
        proof = Proof(self.id)
        start = time.perf_counter()
        try:
            self.prove(forms, proof)
        except ClaimFailed:
            raise
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise ClaimFailed(f"{self.id}: proof raised {type(exc).__name__}: {exc}") from exc
        if not proof.steps:
            raise ClaimFailed(f"{self.id}: the proof recorded no step")
        return proof.evidence(time.perf_counter() - start)


_REGISTRY: dict[str, Claim] = {}


def _key(claim_id: str) -> int:
    return int(claim_id.lstrip("F"))


def register(claim: Claim) -> Claim:
    """Add a claim to the registry (ids and slugs must be unique).

    Registering the same claim again from a module of the same name (a second import of that
    module, as pytest's ``importlib`` import mode does) replaces the earlier one; any other
    claim with a registered id or slug is an error.

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
        If a different claim already has this id or slug.

    Examples
    --------
    Registering a claim again is harmless (a different claim with its slug raises, see
    ``tests/test_claims.py``):

    >>> from derivations import claims
    >>> register(claims.get("F4")) is claims.get("F4")
    True
    """
    clashes = [c for c in _REGISTRY.values() if claim.id == c.id or claim.slug == c.slug]
    if clashes and not all(_reloaded(old, claim) for old in clashes):
        raise ValueError(f"register: duplicate claim {claim.id} / {claim.slug}")
    # The same claim from a second import of its module (pytest --import-mode=importlib
    # imports a module it collects under a fresh name): the newer definition replaces it.
    _REGISTRY[claim.id] = claim
    return claim


def _module_stem(claim: Claim) -> str:
    return getattr(claim.prove, "__module__", "").rsplit(".", 1)[-1]


def _reloaded(old: Claim, new: Claim) -> bool:
    """Tell whether ``new`` is ``old`` defined again by a module of the same name."""
    return (
        old.id == new.id
        and old.slug == new.slug
        and _module_stem(old) == _module_stem(new)
        and getattr(old.prove, "__qualname__", None) == getattr(new.prove, "__qualname__", "")
    )


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
    >>> results = claims.check_all()
    >>> [r.claim_id for r in results][:2]
    ['F1', 'F2']
    """
    return [claim.check() for claim in all_claims()]
