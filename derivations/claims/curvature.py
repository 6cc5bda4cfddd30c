"""Claim F10 (page ``curvature``): curvature in the margin of MSE-on-softmax vs cross-entropy."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import mpmath as mp
import sympy as sp

from ..symbolic import definitions as d
from ..symbolic.binary import SIGMA, ZETA, in_sigma
from ..symbolic.binary import to_definitions as defs
from .core import NUMERIC, SYMBOLIC, Claim, Proof, register
from .mpmath_reference import mp_softmax

__all__ = ["F10", "MARGIN"]

PAGE = "curvature"
#: The margin d = z_true - z_other.
MARGIN = sp.Symbol("d", real=True)
_E = sp.Symbol("e", positive=True)  # e = exp(d)


def _in_e(expr: sp.Expr) -> sp.Expr:
    """Write an expression in d as a rational function of e = exp(d) > 0."""
    return sp.cancel(sp.expand(expr, power_exp=True).xreplace({MARGIN: sp.log(_E)}))


@lru_cache(maxsize=1)
def _derived() -> dict[str, sp.Expr]:
    dd = MARGIN
    # Logits (d, 0): shift invariance (F7) makes this the general two-class case; class 1 is true.
    mse = d.mse_on_softmax([dd, 0], [1, 0])
    ce = d.cross_entropy([dd, 0], [1, 0])
    mse2, ce2 = sp.diff(mse, dd, 2), sp.diff(ce, dd, 2)
    # Real roots of f'': solve the numerator in e = exp(d) over e > 0, then d = log e.
    numer = sp.numer(sp.together(_in_e(mse2)))
    roots = sp.solveset(numer, _E, sp.Interval.open(0, sp.oo))
    return {
        "mse_def": mse,
        "mse": in_sigma(mse, dd),
        "mse_second": in_sigma(mse2, dd),
        "mse_second_e": _in_e(mse2),
        "roots": sp.FiniteSet(*[sp.log(r) for r in roots]),
        "ce_def": ce,
        "ce_second": in_sigma(ce2, dd),
        "ce_second_e": _in_e(ce2),
    }


def _statement() -> list[sp.Rel]:
    der = _derived()
    # Named f (MSE) and g (CE) as functions of the margin; primes avoid "d/dd".
    f2, g2 = sp.Symbol(r"f_{\mathrm{MSE}}''(d)"), sp.Symbol(r"f_{\mathrm{CE}}''(d)")
    half = sp.Symbol(r"\tfrac12\lVert s([d,0]) - (1,0)\rVert^2")
    (root,) = der["roots"]
    return [
        sp.Eq(half, der["mse"], evaluate=False),
        sp.Eq(f2, der["mse_second"], evaluate=False),
        sp.Eq(sp.Symbol(r"f_{\mathrm{MSE}}''(d) = 0 \iff d"), root, evaluate=False),
        sp.Eq(g2, der["ce_second"], evaluate=False),
    ]


def _claimed() -> dict[str, sp.Expr]:
    s = SIGMA(MARGIN)
    return {
        "mse": (1 - s) ** 2,
        "mse_second": -2 * s * (1 - s) ** 2 * (1 - 3 * s),
        "threshold": -sp.log(2),
        "ce": ZETA(-MARGIN),
        "ce_second": s * (1 - s),
    }


def _same(derived_sigma: sp.Expr, claimed: sp.Expr) -> bool:
    """Equal as functions of d: both written in e = exp(d), cancel."""
    return sp.cancel(_in_e(defs(derived_sigma)) - _in_e(defs(claimed))) == 0


def _mp_half_sq(s: list) -> mp.mpf:
    """1/2 ||s - (1, 0)||^2 in mpmath, from the definition."""
    return ((s[0] - 1) ** 2 + s[1] ** 2) / 2


#: 1 - s_1 at d = 120 is ~1e-52 and is squared: 160 digits keep the references relative.
_DPS = 160


@lru_cache(maxsize=1)
def _references() -> tuple[tuple[mp.mpf, mp.mpf, mp.mpf], ...]:
    """Second derivatives of both losses by mpmath.diff of their definitions (cached)."""
    out = []
    with mp.workdps(_DPS):
        for t in (-120, -40, -3, -0.7, -0.6, 0.2, 5, 40, 120):
            t = mp.mpf(t)
            mse = mp.diff(lambda u: _mp_half_sq(mp_softmax([u, mp.mpf(0)])), t, 2)
            ce = mp.diff(lambda u: -mp.log(mp_softmax([u, mp.mpf(0)])[0]), t, 2)
            out.append((t, mse, ce))
    return tuple(out)


def _prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    der = _derived()
    dd = MARGIN
    proof.require(_same(der["mse_def"], claimed["mse"]), SYMBOLIC, "1/2||s-y||^2 = (1-sigma)^2")
    proof.require(
        _same(der["mse_second"], claimed["mse_second"]),
        SYMBOLIC,
        f"f'' derived {der['mse_second']} equals claimed {claimed['mse_second']}",
    )
    thr = claimed["threshold"]
    proof.require(
        der["roots"] == sp.FiniteSet(thr),
        SYMBOLIC,
        f"the only real root of f'' (solveset in e = exp d > 0) is {der['roots']} = {thr}",
    )
    # Sign on each side: f'' is continuous with one root, so one point per side decides it.
    second = sp.Lambda(dd, der["mse_second_e"].xreplace({_E: sp.exp(dd)}))
    left = sp.N(second(thr - sp.Rational(1, 10)), 30)
    right = sp.N(second(thr + sp.Rational(1, 10)), 30)
    proof.require(
        bool(left < 0) and bool(right > 0),
        SYMBOLIC,
        f"f'' < 0 for d < {thr} and > 0 for d > {thr} (one root)",
    )
    gap = der["ce_def"] - defs(claimed["ce"])
    proof.require(
        sp.cancel(_in_e(sp.diff(gap, dd))) == 0 and sp.expand_log(gap.subs(dd, 0)) == 0,
        SYMBOLIC,
        f"CE at logits (d, 0) = {claimed['ce']}",
    )
    proof.require(
        _same(der["ce_second"], claimed["ce_second"]),
        SYMBOLIC,
        f"CE'' = {der['ce_second']} equals claimed",
    )
    # e/(1+e)^2 with e > 0: SymPy's assumptions decide the sign.
    proof.require(
        sp.factor(der["ce_second_e"]).is_positive is True, SYMBOLIC, "CE'' > 0 for all real d"
    )
    f2 = sp.lambdify([dd], defs(claimed["mse_second"]), "mpmath")
    c2 = sp.lambdify([dd], defs(claimed["ce_second"]), "mpmath")
    worst = mp.mpf(0)
    with mp.workdps(_DPS):
        for t, mse, ce in _references():
            for got, ref in ((f2(t), mse), (c2(t), ce)):
                worst = max(worst, abs(got - ref) / (abs(ref) + mp.mpf(10) ** -300))
    proof.require(worst < mp.mpf(10) ** -20, NUMERIC, f"f'' vs mpmath.diff, |d| to 120: {worst}")


F10 = register(
    Claim(
        id="F10",
        slug="margin-curvature",
        title="In the margin, MSE on softmax is concave exactly for d < -log 2 (clearly wrong)",
        page=PAGE,
        assumptions=(
            "two classes, logits (d, 0) with d = z_true - z_other real (F7 makes this general); "
            "target y = (1, 0); sigma(d) = 1/(1 + exp(-d)), zeta(t) = log(1 + exp(t))"
        ),
        build_statement=_statement,
        build_claimed=_claimed,
        prove=_prove,
    )
)
