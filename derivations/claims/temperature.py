"""Claims F13 and F17 (page ``temperature``): temperature limits and gradient; n - 1 free logits."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic import concrete
from ..symbolic import definitions as d
from ..symbolic.directional import STEP_T, contract, direction_symbols, is_zero_exp, pinned_targets
from ..symbolic.limits import value_by_continuity
from ..symbolic.rewrite import to_exp_vars
from ..symbolic.symbols import exp_symbols, general_symbols, logit_symbols
from ..symbolic.temperature import (
    TEMPERATURE,
    ordered_logits,
    relative_softmax,
    scaled_lse_relative,
)
from ._common import CONCRETE_NS
from .core import CONCRETE, NUMERIC, SYMBOLIC, Claim, Proof, register
from .mpmath_reference import DPS, close, logit_points, mp_lse, mp_partial, target_points

__all__ = ["F13", "F17"]

PAGE = "temperature"
T = TEMPERATURE
_W = sp.Symbol("w", positive=True)  # w = 1/T -> 0+ as T -> oo
LIMIT_NS = (2, 3)

# -- F13 temperature ---------------------------------------------------------------------------


def _limit(expr: sp.Expr, cold: bool, n: int) -> sp.Expr:
    """Exact limit as T -> 0+ (``cold``) or T -> oo of an expression in the ordered logits.

    Cold: every exponent is -(sum of gaps)/T, so with q_k = exp(-p_k/T) -> 0+ the expression is
    a continuous function of (T, q) at 0. Hot: with w = 1/T -> 0+ it is continuous at w = 0.
    """
    gaps = [sp.Symbol(f"p_{k}", positive=True) for k in range(2, n + 1)]
    if not cold:
        return value_by_continuity(expr.xreplace({T: 1 / _W}), {_W: 0})
    q = [sp.Symbol(f"q_{k}", positive=True) for k in range(2, n + 1)]
    split = sp.expand(expr, power_exp=True, mul=False, log=False, multinomial=False)
    table = {sp.exp(-p / T): qk for p, qk in zip(gaps, q, strict=True)}
    table.update({sp.exp(p / T): 1 / qk for p, qk in zip(gaps, q, strict=True)})
    split = split.xreplace(table)
    if split.has(sp.exp):
        raise ValueError(f"_limit: exponentials left after q_k = exp(-p_k/T): {split}")
    # Rational in q (cancel clears the 1/q_k); log(...) is kept as a generator.
    return value_by_continuity(sp.cancel(sp.together(split)), {T: 0, **dict.fromkeys(q, 0)})


@lru_cache(maxsize=1)
def _f13_limits() -> dict[str, sp.Expr]:
    out: dict[str, sp.Expr] = {}
    for n in LIMIT_NS:
        z = ordered_logits(n)
        rel = relative_softmax(z, T)
        out[f"cold_{n}"] = sp.Matrix([_limit(s, True, n) for s in rel])
        out[f"hot_{n}"] = sp.Matrix([_limit(s, False, n) for s in rel])
        out[f"max_{n}"] = _limit(scaled_lse_relative(z, T), True, n)
    return out


@lru_cache(maxsize=16)
def _f13_gradient(n: int) -> sp.Expr:
    """d/dt CE((z + t v)/T) at t = 0, in e_j = exp(z_j / T), with y_n = 1 - sum of the others."""
    z, e, v = logit_symbols(n), exp_symbols(n), direction_symbols(n)
    y = pinned_targets(n)
    t = STEP_T
    ce = d.cross_entropy([(a + t * b) / T for a, b in zip(z, v, strict=True)], y)
    first = sp.diff(ce, t).xreplace({t: sp.S.Zero})
    # z_j = T log e_j: exp(z_j / T) becomes e_j.
    return first.xreplace({a: T * sp.log(b) for a, b in zip(z, e, strict=True)})


def _f13_statement() -> list[sp.Eq]:
    lim = _f13_limits()
    g = general_symbols()
    s_t = sp.Symbol(r"\mathrm{softmax}(z/T)")
    shown = sp.Symbol(r"\partial_{z_k} \mathrm{CE}(z/T)")
    return [
        sp.Eq(sp.Limit(s_t, T, 0, "+"), lim["cold_3"].T, evaluate=False),
        sp.Eq(sp.Limit(s_t, T, sp.oo), lim["hot_3"].T, evaluate=False),
        sp.Eq(
            sp.Limit(T * sp.Symbol(r"\mathrm{LSE}(z/T)"), T, 0, "+"), lim["max_3"], evaluate=False
        ),
        sp.Eq(
            shown, (sp.IndexedBase(r"\mathrm{softmax}(z/T)")[g.k] - g.y[g.k]) / T, evaluate=False
        ),
    ]


def _f13_claimed() -> dict[str, sp.Expr]:
    g = general_symbols()
    out: dict[str, sp.Expr] = {}
    for n in LIMIT_NS:
        z = ordered_logits(n)
        out[f"cold_{n}"] = sp.Matrix([1] + [0] * (n - 1))  # one-hot at the argmax z_1
        out[f"hot_{n}"] = sp.Matrix([sp.Rational(1, n)] * n)
        out[f"max_{n}"] = sp.Max(*z)
    # s means softmax(z/T) here.
    out["gradient"] = (g.s[g.k] - g.y[g.k]) / T
    return out


def _equal(derived: sp.Basic, claimed: sp.Basic) -> bool:
    """Exact equality of limits (matrices entrywise); limits are numbers or single symbols."""
    if isinstance(derived, sp.MatrixBase) or isinstance(claimed, sp.MatrixBase):
        if not isinstance(claimed, sp.MatrixBase) or claimed.shape != derived.shape:
            return False
        return all(sp.expand(a - b) == 0 for a, b in zip(derived, claimed, strict=True))
    return sp.expand(derived - claimed) == 0


def _f13_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    lim = _f13_limits()
    g = general_symbols()
    for n in LIMIT_NS:
        for key, what in (("cold", "T -> 0+"), ("hot", "T -> oo"), ("max", "T LSE(z/T), T -> 0+")):
            name = f"{key}_{n}"
            ok = _equal(lim[name], claimed[name])
            proof.require(ok, SYMBOLIC, f"{what} at n={n}, z_1 > ... > z_n: {lim[name]}")
    for n in CONCRETE_NS:
        wanted = contract(claimed["gradient"], n, {g.k: g.v}, y_sum_to_one=True)
        ok = is_zero_exp(_f13_gradient(n) - wanted, n)
        proof.require(ok, CONCRETE, f"grad CE(z/T) . v at n={n}")
        proof.steps.pop()
    proof.require(
        True,
        CONCRETE,
        f"grad_z CE(z/T) = (softmax(z/T) - y)/T for n in {list(CONCRETE_NS)}: d/dt CE((z + t v)/T)"
        " with symbolic v equals the contracted claim (e_j = exp(z_j/T))",
    )
    _f13_numeric(claimed, proof)


def _f13_numeric(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    g = general_symbols()
    tt, sk, yk = sp.symbols("tt sk yk")
    f = sp.lambdify(
        [sk, yk, tt], claimed["gradient"].xreplace({g.s[g.k]: sk, g.y[g.k]: yk, T: tt}), "mpmath"
    )
    failures, count = [], 0
    with mp.workdps(DPS):
        for z in _cached_points():
            for y in target_points(3, 5):
                for temp in (mp.mpf("0.05"), mp.mpf(1), mp.mpf(40)):
                    zt = [v / temp for v in z]
                    s = [mp.exp(v - mp_lse(zt)) for v in zt]
                    for k in range(3):
                        count += 1
                        ref = _ref_gradient(tuple(z), tuple(y), temp, k)
                        got = f(s[k], y[k], temp)
                        if not close(got, ref, 1e-15):
                            failures.append((k, float(temp), float(got), float(ref)))
    proof.require(
        not failures,
        NUMERIC,
        f"grad CE(z/T) vs mpmath.diff at {count} seeded points {failures[:1]}",
    )


@lru_cache(maxsize=1)
def _cached_points() -> tuple[list[mp.mpf], ...]:
    return tuple(logit_points(3, 4))


@lru_cache(maxsize=256)
def _ref_gradient(z: tuple, y: tuple, temp: mp.mpf, k: int) -> mp.mpf:
    def ce(v: list) -> mp.mpf:
        vt = [t / temp for t in v]
        lse = mp_lse(vt)
        return -mp.fsum(w * (t - lse) for w, t in zip(y, vt, strict=True))

    return mp_partial(ce, list(z), k)


F13 = register(
    Claim(
        id="F13",
        slug="temperature-limits",
        title="Temperature: softmax(z/T) tends to one-hot argmax (T -> 0+) and uniform (T -> oo)",
        page=PAGE,
        assumptions=(
            "T > 0; for the limits, n = 2 and 3 with distinct ordered logits z_1 > z_2 > z_3 "
            "(written z_1 minus positive gaps); for the gradient, y a distribution, "
            "n = 2, 3, 4, 8, 16"
        ),
        build_statement=_f13_statement,
        build_claimed=_f13_claimed,
        prove=_f13_prove,
    )
)


# -- F17 only n - 1 logits are free --------------------------------------------------------------


@lru_cache(maxsize=32)
def _f17_shift_gap(n: int) -> tuple[sp.Expr, ...]:
    """softmax(z - z_n 1) - softmax(z), derived and written in e_j = exp(z_j) (cancel)."""
    z, e = logit_symbols(n), exp_symbols(n)
    pinned = [t - z[-1] for t in z]
    gaps = [a - b for a, b in zip(d.softmax(pinned), d.softmax(z), strict=True)]
    return tuple(sp.cancel(to_exp_vars(sp.expand(t, power_exp=True), z, e)) for t in gaps)


@lru_cache(maxsize=1)
def _f17_ranks() -> tuple[tuple[int, int], ...]:
    """Rank of the softmax Jacobian at a seeded point, per n: the number of free directions."""
    rng = np.random.default_rng(17)
    out = []
    for n in CONCRETE_NS:
        e = exp_symbols(n)
        jac = concrete.softmax_jacobian(n)
        point = dict(zip(e, np.exp(rng.standard_normal(n)), strict=True))
        f = sp.lambdify(list(point), sp.Matrix(jac), "numpy")
        out.append((n, int(np.linalg.matrix_rank(np.asarray(f(*point.values()), dtype=float)))))
    return tuple(out)


def _f17_statement() -> list[sp.Eq]:
    g = general_symbols()
    soft = sp.Function(r"\mathrm{softmax}")
    zz, one = sp.Symbol("z"), sp.Symbol(r"\mathbf{1}")
    derived = sp.Add(*[sp.Abs(t) for n in CONCRETE_NS for t in _f17_shift_gap(n)])
    rank = sp.Symbol(r"\operatorname{rank} \partial s / \partial z")
    return [
        sp.Eq(
            sp.Add(soft(zz - sp.Symbol("z_n") * one), -soft(zz), evaluate=False),
            derived,
            evaluate=False,
        ),
        sp.Eq(rank, g.n - 1 if all(r == n - 1 for n, r in _f17_ranks()) else sp.nan),
    ]


def _f17_claimed() -> dict[str, sp.Expr]:
    return {"difference": sp.S.Zero, "pinned_last": sp.S.Zero, "free": general_symbols().n - 1}


def _f17_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    g = general_symbols()
    for n in CONCRETE_NS:
        ok = all(sp.cancel(t - claimed["difference"]) == 0 for t in _f17_shift_gap(n))
        z = logit_symbols(n)
        ok = ok and sp.expand(z[-1] - z[-1] - claimed["pinned_last"]) == 0
        proof.require(ok, CONCRETE, f"softmax(z - z_n 1) = softmax(z) at n={n}")
        proof.steps.pop()
    proof.require(
        True,
        CONCRETE,
        f"softmax(z - z_n 1) = softmax(z), whose last logit is 0, for n in {list(CONCRETE_NS)}",
    )
    ranks = _f17_ranks()
    ok = all(r == claimed["free"].xreplace({g.n: n}) for n, r in ranks)
    proof.require(ok, NUMERIC, f"Jacobian rank (free directions) at seeded points: {ranks}")
    with mp.workdps(DPS):
        worst = mp.mpf(0)
        for z in logit_points(4, 170):
            shifted = [t - z[-1] for t in z]
            a = [mp.exp(t - mp_lse(z)) for t in z]
            b = [mp.exp(t - mp_lse(shifted)) for t in shifted]
            worst = max(worst, *[abs(u - v) for u, v in zip(a, b, strict=True)])
    proof.require(worst < mp.mpf(10) ** -30, NUMERIC, f"mpmath, |z| to ~3000: {worst}")


F17 = register(
    Claim(
        id="F17",
        slug="free-logits",
        title="Only n - 1 logits are free: pinning the last logit to 0 loses nothing",
        page=PAGE,
        assumptions="z real; n = 2..16; follows from shift invariance (F7) with c = -z_n",
        build_statement=_f17_statement,
        build_claimed=_f17_claimed,
        prove=_f17_prove,
    )
)
