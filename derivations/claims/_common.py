"""Shared proof steps used by several claim modules."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import mpmath as mp
import sympy as sp

from ..symbolic import concrete, directional
from ..symbolic.rewrite import is_zero_general
from ..symbolic.symbols import general_symbols, target_symbols
from .core import CONCRETE, GENERAL, NUMERIC, Proof
from .numeric import DPS, claimed_function, close, logit_points, target_points

__all__ = [
    "CONCRETE_NS",
    "LSE_DISPLAY",
    "lse_display",
    "require_concrete",
    "require_directional",
    "require_general",
    "require_numeric",
]

#: Sizes of the concrete-n cross-checks (a spread over 2..16 that keeps check_all() fast); the
#: method label :data:`.core.CONCRETE` names them.
CONCRETE_NS = (2, 3, 4, 8, 16)
LSE_DISPLAY = sp.Symbol(r"\mathrm{LSE}(z)")


def lse_display(expr: sp.Expr) -> sp.Expr:
    """Show ``log(sum_m exp(z_m))`` as ``LSE(z)`` in a general-n expression."""
    from ..symbolic.general_definitions import g_logsumexp

    return expr.xreplace({g_logsumexp(): LSE_DISPLAY})


def require_general(
    proof: Proof,
    derived: sp.Expr,
    claimed: sp.Expr,
    what: str,
    sums_to_one: Sequence[sp.IndexedBase] = (),
) -> None:
    """Require ``derived == claimed`` as general-n expressions."""
    ok = is_zero_general(derived - claimed, sums_to_one)
    proof.require(ok, GENERAL, f"{what}: derived {derived} equals claimed {claimed}")


def require_concrete(
    proof: Proof,
    derive: Callable[[int], dict[tuple[int, ...], sp.Expr]],
    claimed: sp.Expr,
    index_symbols: Sequence[sp.Symbol],
    what: str,
    y_sum_to_one: bool = False,
    ns: Sequence[int] = CONCRETE_NS,
) -> None:
    """Require the derived concrete entries to equal the claimed form for every n in ``ns``."""
    for n in ns:
        derived = derive(n)
        wanted = concrete.claimed_entries(claimed, n, index_symbols, y_sum_to_one)
        bad = concrete.mismatches(derived, wanted, y_sum_to_one)
        # Stop at the first failing size: the message names it.
        proof.require(not bad, CONCRETE, f"{what} at n={n} (mismatch at indices {bad[:1]})")
        proof.steps.pop()
    proof.require(True, CONCRETE, f"{what} for n in {list(ns)} (cancel in e_j = exp z_j)")


def require_directional(
    proof: Proof,
    derive: Callable[[int], sp.Expr],
    claimed: sp.Expr,
    weights: Mapping[sp.Symbol, sp.IndexedBase],
    what: str,
    y_sum_to_one: bool = False,
    ns: Sequence[int] = CONCRETE_NS,
) -> None:
    """Require a derived directional derivative to equal the claimed form contracted likewise.

    ``derive(n)`` is e.g. :func:`derivations.symbolic.directional.jacobian_bilinear`; the claimed
    closed form is contracted with the same symbolic directions (``weights`` maps each free index
    to its direction). The directions are symbols, so equality as polynomials in them is equality
    of every entry.
    """
    for n in ns:
        derived = derive(n)
        if y_sum_to_one:
            y = target_symbols(n)
            derived = derived.xreplace({y[-1]: directional.pinned_targets(n)[-1]})
        wanted = directional.contract(claimed, n, weights, y_sum_to_one=y_sum_to_one)
        ok = directional.is_zero_exp(derived - wanted, n)
        # Stop at the first failing size: the message names it.
        proof.require(ok, CONCRETE, f"{what} at n={n}")
        proof.steps.pop()
    names = ", ".join(f"{index}->{base}" for index, base in weights.items())
    proof.require(
        True,
        CONCRETE,
        f"{what} for n in {list(ns)}: directional derivative with symbolic directions "
        f"({names}) equals the contracted claim (e_j = exp z_j)",
    )


def require_numeric(
    proof: Proof,
    claimed: sp.Expr,
    index_symbols: Sequence[sp.Symbol],
    reference: Callable[[list, list, tuple[int, ...]], mp.mpf],
    what: str,
    n: int = 3,
    seed: int = 0,
) -> None:
    """Require the lambdified claim to match an independent mpmath reference at seeded points."""
    from .numeric import _tuples

    f = claimed_function(claimed, n, index_symbols)
    worst, failures, count = mp.mpf(0), [], 0
    with mp.workdps(DPS):
        for z in logit_points(n, seed):
            for y in target_points(n, seed + 1):
                count += 1
                for tup in _tuples(n, len(index_symbols)):
                    got, ref = f(z, y, *tup), reference(z, y, tup)
                    worst = max(worst, abs(got - ref))
                    if not close(got, ref):
                        failures.append((float(max(z, key=abs)), tup, float(got), float(ref)))
    detail = f"{what}: n={n}, {count} seeded points with |z| up to ~3000"
    if failures:
        detail += f" (failures as (largest z, index, got, reference): {failures[:2]})"
    else:
        detail += f", max abs error {mp.nstr(worst, 3)}"
    proof.require(not failures, NUMERIC, detail)


def index_symbols(*names: str) -> list[sp.Symbol]:
    """Return general index symbols by name, e.g. ``index_symbols("i", "j")``."""
    g = general_symbols()
    return [getattr(g, name) for name in names]
