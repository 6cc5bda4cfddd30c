"""Claims F6 and F9 (page ``wrong-model``): the log-sum-exp sandwich; two-class limits."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic import definitions as d
from ..symbolic import general
from ..symbolic import general_definitions as gd
from ..symbolic.rewrite import canonical_sums
from ..symbolic.symbols import general_symbols
from ._common import LSE_DISPLAY
from .core import GENERAL, NUMERIC, SYMBOLIC, Claim, Proof, register
from .mpmath_reference import DPS, logit_points, mp_lse, mp_softmax

__all__ = ["F6", "F9", "MAX_Z", "SANDWICH_NS", "lse_gap"]

PAGE = "wrong-model"
#: The largest logit, :math:`\max_j z_j`.
MAX_Z = sp.Symbol(r"\max z", real=True)
#: Gaps below the max, ``u_m = z_m - max z <= 0`` (used in the general-n statement).
_U = sp.IndexedBase("u", nonpositive=True)
#: Sizes at which the sandwich is proved exactly (the argument is the same for every n).
SANDWICH_NS = (2, 3, 4, 5, 6, 7, 8)


# -- F6 the log-sum-exp sandwich ------------------------------------------------------------------


def _lse_about_max_general() -> sp.Expr:
    """Derive LSE(z) with z_m = max z + u_m: exp splits, e^{max z} factors out, the log splits."""
    g = general_symbols()
    lse = gd.g_logsumexp().xreplace({g.z[g.m]: MAX_Z + _U[g.m]})
    lse = sp.expand(lse, power_exp=True, log=False)
    inner = sp.factor_terms(canonical_sums(lse.args[0]))
    return sp.expand_log(sp.log(inner))


def _ratios(n: int) -> tuple[sp.Symbol, ...]:
    return sp.symbols(f"r_2:{n + 1}", nonnegative=True)


@lru_cache(maxsize=16)
def lse_gap(n: int) -> tuple[sp.Expr, sp.Expr, tuple[sp.Expr, ...]]:
    r"""Derive ``LSE(z)`` for ``n`` logits whose largest is ``z_1 = max z``.

    Every other logit is written as :math:`z_j = \max z - \log(1 + r_j)` with
    :math:`r_j \ge 0`, which covers every :math:`z_j \le \max z` (``r_j = e^{\max z - z_j} - 1``),
    so :math:`e^{z_j - \max z} = 1/(1 + r_j) \in (0, 1]`. The max may sit at index 1 without loss
    of generality because LSE is symmetric in its arguments.

    Parameters
    ----------
    n : int
        Number of classes, at least 2.

    Returns
    -------
    lse : sympy.Expr
        The derived ``LSE(z)`` (of the form ``max z + log S``).
    total : sympy.Expr
        ``S = sum_j e^{z_j - max z} = 1 + sum_{j>=2} 1/(1 + r_j)``.
    logits : tuple of sympy.Expr
        The parametrised logits ``z_1..z_n``.

    Examples
    --------
    >>> lse, total, _ = lse_gap(2)
    >>> lse
    \max z + log(1 + 1/(r_2 + 1))
    >>> total
    1 + 1/(r_2 + 1)
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"lse_gap: n must be an int >= 2, got {n!r}")
    logits = (MAX_Z, *(MAX_Z - sp.log(1 + r) for r in _ratios(n)))
    summed = sp.expand(sp.Add(*[sp.exp(t) for t in logits]), power_exp=True)
    inner = sp.factor_terms(summed)  # e^{max z} * S
    lse = sp.expand_log(sp.log(inner))
    total = sp.Add(*[sp.cancel(sp.exp(t - MAX_Z)) for t in logits])
    return lse, total, logits


def _f6_statement() -> list[sp.Expr]:
    g = general_symbols()
    about_max = _lse_about_max_general()
    # Upper value: all logits equal (u = 0) turns the sum into n.
    at_equal = about_max.xreplace({_U[g.m]: 0}).doit()
    zk = g.z[g.k]
    return [
        sp.Eq(LSE_DISPLAY, about_max, evaluate=False),
        sp.Le(MAX_Z, LSE_DISPLAY, evaluate=False),
        sp.Le(LSE_DISPLAY, at_equal, evaluate=False),
        sp.Le(MAX_Z - zk, general.CE, evaluate=False),
        sp.Le(general.CE, at_equal - zk, evaluate=False),
    ]


def _f6_claimed() -> dict[str, sp.Expr]:
    g = general_symbols()
    return {
        "lse_lower": MAX_Z,
        "lse_upper": MAX_Z + sp.log(g.n),
        "ce_lower": MAX_Z - g.z[g.k],
        "ce_upper": MAX_Z - g.z[g.k] + sp.log(g.n),
    }


def _constant(expr: sp.Expr, what: str, proof: Proof) -> sp.Expr:
    """Require ``expr`` to be a number (free of logits), e.g. the offset of a bound from max z."""
    proof.require(not expr.free_symbols, SYMBOLIC, f"{what} = {expr} is a constant")
    proof.steps.pop()
    return expr


def _f6_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    g = general_symbols()
    about_max = _lse_about_max_general()
    proof.require(
        sp.expand(about_max - MAX_Z - sp.log(sp.Sum(sp.exp(_U[g.m]), (g.m, 1, g.n)))) == 0,
        GENERAL,
        f"LSE(z) = {about_max} with u_m = z_m - max z <= 0 for general n (a rewrite; each "
        "term e^(u_m) is in (0, 1] and the max term is 1, so 1 <= S <= n: the bounds are "
        "proved exactly below for each concrete n)",
    )
    for n in SANDWICH_NS:
        # Each size records its own step: z_j = max z - log(1 + r_j), r_j >= 0, gives
        # S - 1 = sum 1/(1 + r_j) > 0 and n - S = sum r_j/(1 + r_j) >= 0 (equal iff all r_j = 0);
        # CE(one-hot k) = LSE - z_k inherits both bounds.
        _sandwich_at(n, claimed, proof)
    _f6_numeric(claimed, proof)


def _sandwich_at(n: int, claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    g = general_symbols()
    lse, total, logits = lse_gap(n)
    r = _ratios(n)
    at_n = {g.n: n}
    lower = claimed["lse_lower"].xreplace(at_n)
    upper = claimed["lse_upper"].xreplace(at_n)
    ok = sp.expand(lse - MAX_Z - sp.log(total)) == 0
    # Lower: LSE >= lower  <=>  S >= e^{lower - max z}; S - 1 is a sum of positive terms.
    c_lo = _constant(sp.expand(lower - MAX_Z), "lower bound - max z", proof)
    terms_lo = [1 / (1 + t) for t in r]
    rest_lo = sp.cancel(total - sp.exp(c_lo) - sp.Add(*terms_lo))
    ok_lo = rest_lo.is_nonnegative is True and all(t.is_positive for t in terms_lo)
    # Tight: as every other logit -> -oo (r -> oo) LSE - lower -> 0.
    big = sp.Symbol("R", positive=True)
    gap_lo = (lse - lower).xreplace(dict.fromkeys(r, big))
    ok_lo = ok_lo and sp.limit(gap_lo, big, sp.oo) == 0
    # Upper: e^{upper - max z} - S = sum r_j/(1 + r_j) + (constant >= 0).
    c_up = _constant(sp.expand(upper - MAX_Z), "upper bound - max z", proof)
    terms_up = [t / (1 + t) for t in r]
    rest_up = sp.cancel(sp.exp(c_up) - total - sp.Add(*terms_up))
    ok_up = rest_up.is_nonnegative is True and all(t.is_nonnegative for t in terms_up)
    # Equality exactly when all logits are equal: r = 0 attains it, any r_j > 0 is strict.
    equal = sp.expand(lse.xreplace(dict.fromkeys(r, 0)) - upper) == 0
    strict = all(sp.cancel(t.xreplace({r[0]: big})).is_positive for t in terms_up[:1])
    ok_up = ok_up and equal and strict
    # CE with a one-hot target on class k (the max class, and another): CE = LSE - z_k.
    ok_ce = True
    for k in (0, 1):
        onehot = [sp.Integer(int(a == k)) for a in range(n)]
        ce = d.cross_entropy(logits, onehot)
        zk = {g.z[g.k]: logits[k]}
        ce_lo = claimed["ce_lower"].xreplace(at_n).xreplace(zk)
        ce_up = claimed["ce_upper"].xreplace(at_n).xreplace(zk)
        # Both sides are real, so equal exponentials (a rational identity in r, e^{max z}) decide.
        ratio = sp.expand(sp.exp(ce - (lse - logits[k])), power_exp=True)
        ok_ce = ok_ce and sp.cancel(ratio - 1) == 0
        ce = lse - logits[k]
        ok_ce = ok_ce and sp.expand((ce - ce_lo) - (lse - lower)) == 0
        ok_ce = ok_ce and sp.expand((ce_up - ce) - (upper - lse)) == 0
    proof.require(
        ok and ok_lo and ok_up and ok_ce,
        SYMBOLIC,
        f"LSE sandwich and CE bounds at n={n} (z_j = max z - log(1 + r_j), r_j >= 0; equality "
        "in the upper bound iff every r_j = 0)",
    )


def _f6_numeric(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    g = general_symbols()
    syms = [MAX_Z, g.n, sp.Symbol("z_k", real=True)]
    rule = {g.z[g.k]: syms[2]}
    fns = {name: sp.lambdify(syms, e.xreplace(rule), "mpmath") for name, e in claimed.items()}
    count, bad = 0, []
    tol = mp.mpf(10) ** -30
    with mp.workdps(DPS):
        for n in (2, 3, 5):
            points = [*logit_points(n, seed=6), [mp.mpf(7)] * n]
            for z in points:
                top, lse = max(z), mp_lse(z)
                for k in range(n):
                    count += 1
                    ce = lse - z[k]
                    lo = fns["lse_lower"](top, n, z[k])
                    up = fns["lse_upper"](top, n, z[k])
                    ce_lo = fns["ce_lower"](top, n, z[k])
                    ce_up = fns["ce_upper"](top, n, z[k])
                    if not (lo - tol <= lse <= up + tol and ce_lo - tol <= ce <= ce_up + tol):
                        bad.append((n, float(top), k))
            # All equal: the upper bound is attained.
            same = [mp.mpf(7)] * n
            if abs(mp_lse(same) - fns["lse_upper"](mp.mpf(7), n, same[0])) > tol:
                bad.append((n, "equal logits", "upper not attained"))
    proof.require(
        not bad,
        NUMERIC,
        f"max z <= LSE <= max z + log n and the CE bounds at {count} seeded (z, k), |z| up to "
        f"~3000, and equality for equal logits (mpmath, {DPS} digits)"
        f"{': ' + str(bad[:2]) if bad else ''}",
    )


F6 = register(
    Claim(
        id="F6",
        slug="lse-sandwich",
        title="max z <= LSE(z) <= max z + log n, so max z - z_k <= CE <= max z - z_k + log n",
        page=PAGE,
        assumptions="z real, n >= 2 classes; CE with a one-hot target on class k. The lower bound "
        "is never attained for finite z (approached as the other logits go to -infinity); the "
        "upper bound holds with equality exactly when all logits are equal",
        build_statement=_f6_statement,
        build_claimed=_f6_claimed,
        prove=_f6_prove,
    )
)


# -- F9 two classes: CE stays linear, squared error decays ---------------------------------------

T = sp.Symbol("t", real=True)
_E = sp.Symbol("E", positive=True)  # E = e^t


def _in_e(expr: sp.Expr) -> sp.Expr:
    """Rewrite every ``exp(a t)`` as ``E**a`` and cancel: decides rational identities in e^t."""
    out = expr.replace(lambda e: isinstance(e, sp.exp), lambda e: _E ** sp.cancel(e.args[0] / T))
    return sp.cancel(out)


@lru_cache(maxsize=1)
def _f9_derived() -> dict[str, sp.Expr]:
    z, y = [sp.Integer(0), T], [sp.Integer(1), sp.Integer(0)]
    ce = sp.expand_log(d.cross_entropy(z, y))
    mse = d.mse_on_softmax(z, y)
    ce_slope = sp.diff(ce, T)
    mse_slope = sp.diff(mse, T)
    return {
        "ce": ce,
        "ce_slope": ce_slope,
        "ce_slope_limit": sp.limit(ce_slope, T, sp.oo),
        "ce_minus_t_limit": sp.limit(ce - T, T, sp.oo),
        "mse": mse,
        "mse_slope": mse_slope,
        "mse_slope_limit": sp.limit(mse_slope, T, sp.oo),
        "mse_decay": sp.limit(mse_slope * sp.exp(T), T, sp.oo),
    }


def _f9_claimed() -> dict[str, sp.Expr]:
    sig = d.sigmoid(T)
    return {
        "ce": d.softplus(T),
        "ce_slope_limit": sp.S.One,
        "ce_minus_t_limit": sp.S.Zero,
        "mse": sig**2,
        "mse_slope": 2 * sig**2 * (1 - sig),
        "mse_slope_limit": sp.S.Zero,
        "mse_decay": sp.Integer(2),
    }


def _f9_statement() -> list[sp.Expr]:
    der = _f9_derived()
    sigma, zeta = sp.Function(r"\sigma"), sp.Function(r"\zeta")
    ce, loss = sp.Symbol(r"\mathrm{CE}(t)"), sp.Symbol("L(t)")
    # Show the derived forms in sigma / zeta notation: the identities are checked in the proof.
    ce_shown = der["ce"].xreplace({sp.log(1 + sp.exp(T)): zeta(T)})
    sig = sigma(T)
    return [
        sp.Eq(ce, ce_shown, evaluate=False),
        sp.Eq(sp.Limit(sp.Derivative(ce, T), T, sp.oo), der["ce_slope_limit"], evaluate=False),
        sp.Eq(sp.Limit(ce - T, T, sp.oo), der["ce_minus_t_limit"], evaluate=False),
        sp.Eq(loss, sig**2, evaluate=False),
        sp.Eq(sp.Derivative(loss, T), 2 * sig**2 * (1 - sig), evaluate=False),
        sp.Eq(sp.Limit(sp.Derivative(loss, T), T, sp.oo), der["mse_slope_limit"], evaluate=False),
        sp.Eq(
            sp.Limit(sp.exp(T) * sp.Derivative(loss, T), T, sp.oo),
            der["mse_decay"],
            evaluate=False,
        ),
    ]


def _f9_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    der = _f9_derived()
    proof.require(
        sp.expand(der["ce"] - claimed["ce"]) == 0,
        SYMBOLIC,
        f"CE([0, t], class 0) = {der['ce']} equals claimed {claimed['ce']}",
    )
    for name in ("ce_slope_limit", "ce_minus_t_limit", "mse_slope_limit", "mse_decay"):
        proof.require(
            sp.expand(der[name] - claimed[name]) == 0,
            SYMBOLIC,
            f"{name}: SymPy limit {der[name]} equals claimed {claimed[name]}",
        )
    for name in ("mse", "mse_slope"):
        proof.require(
            _in_e(der[name] - claimed[name]) == 0,
            SYMBOLIC,
            f"{name}: derived equals claimed {claimed[name]} (cancel in E = e^t)",
        )
    # The squared-error slope vanishes where the model is confidently wrong; CE's does not.
    proof.require(
        _in_e(claimed["mse_slope"] - sp.diff(claimed["mse"], T)) == 0,
        SYMBOLIC,
        "the claimed slope is the derivative of the claimed loss",
    )
    _f9_numeric(claimed, proof)


def _f9_numeric(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    f = {name: sp.lambdify([T], e, "mpmath") for name, e in claimed.items() if e.has(T)}
    rng = np.random.default_rng(9)
    ts = [mp.mpf(float(v)) for v in (*(3 * rng.standard_normal(4)), 40.0, 700.0, 3000.0, -700.0)]
    bad = []
    with mp.workdps(DPS):

        def ce(t: mp.mpf) -> mp.mpf:
            return mp_lse([mp.mpf(0), t])

        def loss(t: mp.mpf) -> mp.mpf:
            s = mp_softmax([mp.mpf(0), t])
            return ((s[0] - 1) ** 2 + s[1] ** 2) / 2

        for t in ts:
            refs = {"ce": ce(t), "mse": loss(t), "mse_slope": mp.diff(loss, t)}
            for name, ref in refs.items():
                if abs(f[name](t) - ref) > mp.mpf(10) ** -25 * (1 + abs(ref)):
                    bad.append((name, float(t)))
        # The limits, numerically: at t = 30, e^t dL/dt = 2 sigma^3 and dCE/dt = sigma are
        # within ~6e-13 of their limits.
        t = mp.mpf(30)
        if abs(mp.exp(t) * mp.diff(loss, t) - claimed["mse_decay"]) > mp.mpf(10) ** -11:
            bad.append(("mse_decay", 30.0))
        if abs(mp.diff(ce, t) - claimed["ce_slope_limit"]) > mp.mpf(10) ** -11:
            bad.append(("ce_slope_limit", 30.0))
    proof.require(
        not bad,
        NUMERIC,
        f"CE, L and dL/dt vs mpmath at {len(ts)} seeded t (|t| up to 3000); e^t dL/dt and dCE/dt "
        f"at t = 30{': ' + str(bad[:3]) if bad else ''}",
    )


F9 = register(
    Claim(
        id="F9",
        slug="two-class-limits",
        title="Two classes, confidently wrong: CE = softplus(t) keeps slope 1, "
        "the squared error's slope 2 sigma^2 (1 - sigma) decays like 2 e^(-t)",
        page=PAGE,
        assumptions="two classes, logits z = (0, t) with t real, true class 0 "
        "(one-hot y = (1, 0)); t -> +infinity is the confidently wrong model",
        build_statement=_f9_statement,
        build_claimed=_f9_claimed,
        prove=_f9_prove,
    )
)
