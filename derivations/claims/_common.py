"""Proof steps shared by the claim modules: general-n, exact-for-each-n, and numeric checks."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

import mpmath as mp
import sympy as sp

from ..symbolic import directional
from ..symbolic.symbols import general_symbols, target_symbols
from ..symbolic.zero import is_zero
from .core import ANY_N, Proof, exact_for, numeric
from .mpmath_reference import DPS, claimed_function, close, logit_points, target_points

__all__ = [
    "CONCRETE_NS",
    "EXACT_NS",
    "check_any_n",
    "check_directional",
    "check_numeric",
    "index_symbols",
]

#: Sizes of the exact cross-checks (a spread over 2..8 that keeps ``check_all()`` fast).
CONCRETE_NS = (2, 3, 4, 8)
#: The method of a step proved exactly for each size in :data:`CONCRETE_NS`.
EXACT_NS = exact_for(CONCRETE_NS)


def check_any_n(
    proof: Proof,
    part: str,
    derived: sp.Expr,
    claimed: sp.Expr,
    what: str,
    sums_to_one: Sequence[sp.IndexedBase] = (),
) -> None:
    """Check ``derived == claimed`` as expressions in symbolic ``n`` (one step of ``part``).

    ``what`` names the derived quantity in words; the step reads "<what> is {claimed}".
    """
    holds = is_zero(sp.sympify(derived).doit() - sp.sympify(claimed).doit(), sums_to_one)
    proof.check(part, ANY_N, holds, f"{what} is {{}}", claimed)


def check_directional(
    proof: Proof,
    part: str,
    derive: Callable[[int], sp.Expr],
    claimed: sp.Expr,
    weights: Mapping[sp.Symbol, sp.IndexedBase],
    what: str,
    y_sum_to_one: bool = False,
    ns: Sequence[int] = CONCRETE_NS,
) -> None:
    """Check a derived directional derivative against the claimed form, for each ``n`` in ``ns``.

    ``derive(n)`` is e.g. :func:`derivations.symbolic.directional.jacobian_bilinear`; the claimed
    closed form is contracted with the same symbolic directions (``weights`` maps each free index
    to its direction). The directions are symbols, so equality as polynomials in them is
    equality of every entry.
    """
    claimed = sp.sympify(claimed).doit()

    def holds(n: int) -> bool:
        derived = derive(n)
        if y_sum_to_one:
            y = target_symbols(n)
            derived = derived.xreplace({y[-1]: directional.pinned_targets(n)[-1]})
        wanted = directional.contract(claimed, n, weights, y_sum_to_one=y_sum_to_one)
        return is_zero(derived - wanted)

    proof.cases(part, exact_for(ns), ((f"n = {n}", holds(n)) for n in ns), what)


def check_numeric(
    proof: Proof,
    part: str,
    claimed: sp.Expr,
    indices: Sequence[sp.Symbol],
    reference: Callable[[list, list, tuple[int, ...]], mp.mpf],
    what: str,
    n: int = 3,
    seed: int = 0,
) -> None:
    """Compare the claimed form with an independent mpmath reference at seeded points.

    Points have logits up to about 3000 in size and targets one-hot and dense; both sides are
    evaluated at :data:`~.mpmath_reference.DPS` digits. ``what`` says what the reference
    computes, in words.
    """
    f = claimed_function(sp.sympify(claimed).doit(), n, indices)
    failures, count = [], 0
    with mp.workdps(DPS):
        for z in logit_points(n, seed):
            for y in target_points(n, seed + 1):
                count += 1
                for tup in itertools.product(range(1, n + 1), repeat=len(indices)):
                    got, ref = f(z, y, *tup), reference(z, y, tup)
                    if not close(got, ref):
                        failures.append((float(max(z, key=abs)), tup))
    suffix = f" (differs at {failures[:2]})" if failures else ""
    proof.check(part, numeric(count, DPS), not failures, f"{what}, n = {n}{suffix}")


def index_symbols(*names: str) -> list[sp.Symbol]:
    """Return general index symbols by name, e.g. ``index_symbols("i", "j")``."""
    g = general_symbols()
    return [getattr(g, name) for name in names]
