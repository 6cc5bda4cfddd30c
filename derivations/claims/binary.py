"""Claims F11, F12, F14 (page ``binary``): sigmoid = two-class softmax, binary NLL, Nielsen."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic import definitions as d
from ..symbolic.binary import SIGMA, ZETA, in_sigma, sigmoid_argument, softplus_argument
from ..symbolic.binary import to_definitions as defs
from .core import NUMERIC, SYMBOLIC, Claim, Proof, register
from .mpmath_reference import DPS, mp_softmax

__all__ = ["F11", "F12", "F14"]

PAGE = "binary"
Z = sp.Symbol("z", real=True)
Z1, Z2 = sp.symbols("z_1 z_2", real=True)
Y = sp.Symbol("y", real=True)
A = sp.Symbol("a", positive=True)
#: Seeded logits for the numeric spot checks, with large |z|.
_LARGE = (-3000.0, -700.0, -40.0, 40.0, 700.0, 3000.0)


def _points(seed: int) -> list[mp.mpf]:
    rng = np.random.default_rng(seed)
    return [mp.mpf(float(v)) for v in (*(3 * rng.standard_normal(6)), *_LARGE)]


def _mp_sigmoid(t: mp.mpf) -> mp.mpf:
    return 1 / (1 + mp.exp(-t))


def _zero_in_exp(expr: sp.Expr, syms: tuple[sp.Symbol, ...]) -> bool:
    """Decide ``expr == 0`` for ``expr`` rational in ``exp`` of ``syms``: ``e = exp(z)``, cancel."""
    es = [sp.Symbol(f"e{k}", positive=True) for k in range(len(syms))]
    table = {s: sp.log(e) for s, e in zip(syms, es, strict=True)}
    return sp.cancel(sp.expand(expr, power_exp=True).xreplace(table)) == 0


# -- F11 sigmoid is the two-class softmax --------------------------------------------------------


@lru_cache(maxsize=1)
def _f11_derived() -> dict[str, sp.Expr]:
    return {
        "pinned_last": d.softmax([Z, 0])[0],
        "pair": d.softmax([Z1, Z2])[0],
        "pinned_first": d.softmax([0, Z])[0],
    }


_F11_LHS = {
    "pinned_last": sp.Symbol(r"\mathrm{softmax}([z, 0])_1"),
    "pair": sp.Symbol(r"\mathrm{softmax}([z_1, z_2])_1"),
    "pinned_first": sp.Symbol(r"\mathrm{softmax}([0, z])_1"),
}


def _f11_statement() -> list[sp.Eq]:
    return [
        sp.Eq(_F11_LHS[k], SIGMA(sigmoid_argument(v)), evaluate=False)
        for k, v in _f11_derived().items()
    ]


def _f11_claimed() -> dict[str, sp.Expr]:
    return {"pinned_last": SIGMA(Z), "pair": SIGMA(Z1 - Z2), "pinned_first": SIGMA(-Z)}


def _f11_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    derived = _f11_derived()
    for key, syms in (("pinned_last", (Z,)), ("pair", (Z1, Z2)), ("pinned_first", (Z,))):
        ok = _zero_in_exp(derived[key] - defs(claimed[key]), syms)
        proof.require(ok, SYMBOLIC, f"{_F11_LHS[key]} = {claimed[key]} (e = exp z, cancel)")
    f = {k: sp.lambdify([Z1, Z2], defs(v).xreplace({Z: Z1}), "mpmath") for k, v in claimed.items()}
    worst = mp.mpf(0)
    with mp.workdps(DPS):
        for a, b in zip(_points(11), _points(12), strict=True):
            refs = {
                "pinned_last": mp_softmax([a, mp.mpf(0)])[0],
                "pair": mp_softmax([a, b])[0],
                "pinned_first": mp_softmax([mp.mpf(0), a])[0],
            }
            for key, ref in refs.items():
                got = f[key](a, b) if key == "pair" else f[key](a, mp.mpf(0))
                worst = max(worst, abs(got - ref))
    proof.require(worst < mp.mpf(10) ** -25, NUMERIC, f"vs mpmath softmax, |z| up to 3000: {worst}")


F11 = register(
    Claim(
        id="F11",
        slug="sigmoid-two-class",
        title="The sigmoid is the two-class softmax, and which logit is pinned matters",
        page=PAGE,
        assumptions="z, z_1, z_2 real; sigma(t) = 1/(1 + exp(-t)); entry 1 is the first class",
        build_statement=_f11_statement,
        build_claimed=_f11_claimed,
        prove=_f11_prove,
    )
)


# -- F12 binary NLL is a softplus --------------------------------------------------------------


def _bce(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """Binary NLL from the Bernoulli likelihood, P(y=1) = sigma(z)."""
    return -(y * sp.log(d.sigmoid(z)) + (1 - y) * sp.log(1 - d.sigmoid(z)))


@lru_cache(maxsize=1)
def _f12_derived() -> dict[str, sp.Expr]:
    nll = -sp.log(d.sigmoid((2 * Y - 1) * Z))
    slope = {y: sp.diff(_bce(Z, y), Z) for y in (0, 1)}
    return {
        "argument": softplus_argument(nll),
        "slope_wrong_y1": sp.limit(slope[1], Z, -sp.oo),
        "slope_wrong_y0": sp.limit(slope[0], Z, sp.oo),
        "slope_right_y1": sp.limit(slope[1], Z, sp.oo),
        "slope_right_y0": sp.limit(slope[0], Z, -sp.oo),
    }


def _f12_statement() -> list[sp.Rel]:
    der = _f12_derived()
    nll = -sp.log(SIGMA((2 * Y - 1) * Z))
    slope = {y: sp.Derivative(sp.Function(rf"\ell_{y}")(Z), Z) for y in (0, 1)}
    return [
        sp.Eq(nll, ZETA(sp.factor_terms(der["argument"])), evaluate=False),
        sp.Eq(sp.Limit(slope[1], Z, -sp.oo), der["slope_wrong_y1"], evaluate=False),
        sp.Eq(sp.Limit(slope[0], Z, sp.oo), der["slope_wrong_y0"], evaluate=False),
    ]


def _f12_claimed() -> dict[str, sp.Expr]:
    return {
        "nll": ZETA((1 - 2 * Y) * Z),
        "slope_wrong_y1": sp.S.NegativeOne,
        "slope_wrong_y0": sp.S.One,
        "slope_right": sp.S.Zero,
    }


def _f12_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    der = _f12_derived()
    nll = -sp.log(d.sigmoid((2 * Y - 1) * Z))
    claim = defs(claimed["nll"])
    # Same function of z: equal slopes everywhere (e = exp z, cancel) and equal values at z = 0.
    for y in (0, 1):
        for name, loss in (("-log sigma((2y-1)z)", nll.subs(Y, y)), ("BCE", _bce(Z, y))):
            gap = loss - claim.subs(Y, y)
            ok = _zero_in_exp(sp.diff(gap, Z), (Z,)) and sp.expand_log(gap.subs(Z, 0)) == 0
            proof.require(ok, SYMBOLIC, f"{name} = {claimed['nll']} at y={y}")
    arg = claimed["nll"].args[0] if isinstance(claimed["nll"], ZETA) else None
    proof.require(
        arg is not None and sp.expand(der["argument"] - arg) == 0,
        SYMBOLIC,
        f"softplus argument log(exp(NLL) - 1) = {der['argument']} equals claimed {arg}",
    )
    for key in ("slope_wrong_y1", "slope_wrong_y0"):
        proof.require(der[key] == claimed[key], SYMBOLIC, f"{key}: limit {der[key]}")
    right = (der["slope_right_y1"], der["slope_right_y0"])
    proof.require(
        all(v == claimed["slope_right"] for v in right), SYMBOLIC, "slope -> 0 when right"
    )
    f = sp.lambdify([Z, Y], claim, "mpmath")
    worst = mp.mpf(0)
    with mp.workdps(DPS):
        for z in _points(13):
            for y in (0, 1):
                with mp.workdps(1400):  # 1 - sigma(3000) needs ~1300 digits
                    p = _mp_sigmoid(z)
                    ref = -mp.log(p) if y else -mp.log(1 - p)
                worst = max(worst, abs(f(z, y) - ref) / (1 + abs(ref)))
    proof.require(worst < mp.mpf(10) ** -25, NUMERIC, f"vs mpmath BCE, |z| to 3000: {worst}")


F12 = register(
    Claim(
        id="F12",
        slug="binary-nll-softplus",
        title="Binary NLL is a softplus; its slope tends to -1/+1 when wrong and 0 when right",
        page=PAGE,
        assumptions="z real; y in {0, 1}; P(y = 1 | z) = sigma(z)",
        build_statement=_f12_statement,
        build_claimed=_f12_claimed,
        prove=_f12_prove,
    )
)


# -- F14 Nielsen: demand dC/dz = a - y, integrate --------------------------------------------------


@lru_cache(maxsize=1)
def _f14_derived() -> dict[str, sp.Expr]:
    # Chain rule: dC/dz = dC/da * da/dz, with da/dz = sigma'(z) derived and written in a.
    da_dz = in_sigma(sp.diff(d.sigmoid(Z), Z), Z).xreplace({SIGMA(Z): A})
    dc_da = (A - Y) / da_dz
    return {"da_dz": da_dz, "dC_da": dc_da, "integral": sp.integrate(sp.apart(dc_da, A), A)}


def _f14_statement() -> list[sp.Eq]:
    der = _f14_derived()
    c = sp.Function("C")
    return [
        sp.Eq(sp.Derivative(c(A), A), sp.factor(der["dC_da"]), evaluate=False),
        # SymPy integrates 1/(a - 1) to log(a - 1); for 0 < a < 1 that is log(1 - a) + i pi, and
        # the constant i pi (1 - y) joins the constant of integration: show the real form.
        sp.Eq(
            c(A),
            der["integral"]
            .replace(sp.log, lambda x: sp.log(sp.cancel(x)))
            .subs(sp.log(A - 1), sp.log(1 - A))
            + sp.Symbol("const"),
            evaluate=False,
        ),
    ]


def _f14_claimed() -> dict[str, sp.Expr]:
    return {
        "dC_da": (A - Y) / (A * (1 - A)),
        "cost": -(Y * sp.log(A) + (1 - Y) * sp.log(1 - A)),
    }


def _f14_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    der = _f14_derived()
    proof.require(
        sp.cancel(der["dC_da"] - claimed["dC_da"]) == 0,
        SYMBOLIC,
        f"dC/da = (a - y)/sigma'(z) = {sp.factor(der['dC_da'])} equals claimed",
    )
    gap = der["integral"] - claimed["cost"]
    proof.require(
        sp.cancel(sp.diff(gap, A)) == 0,
        SYMBOLIC,
        "integrate(dC/da, a) minus the claimed cost is independent of a",
    )
    # Round trip: the claimed cost, composed with a = sigma(z), has dC/dz = a - y.
    back = sp.diff(claimed["cost"].xreplace({A: d.sigmoid(Z)}), Z) - (d.sigmoid(Z) - Y)
    proof.require(_zero_in_exp(back, (Z,)), SYMBOLIC, "d/dz C(sigma(z)) = sigma(z) - y")
    f = sp.lambdify([A, Y], claimed["cost"], "mpmath")
    worst = mp.mpf(0)
    with mp.workdps(DPS):
        for z in _points(14)[:9]:  # |z| <= 40 keeps a = sigma(z) away from 0 and 1 at 40 digits
            for y in (mp.mpf(0), mp.mpf("0.3"), mp.mpf(1)):
                slope = mp.diff(lambda t, y=y: f(_mp_sigmoid(t), y), z)
                worst = max(worst, abs(slope - (_mp_sigmoid(z) - y)))
    proof.require(worst < mp.mpf(10) ** -15, NUMERIC, f"mpmath.diff of C(sigma(z)): {worst}")


F14 = register(
    Claim(
        id="F14",
        slug="nielsen-integral",
        title="Demanding dC/dz = a - y for a sigmoid unit and integrating gives cross-entropy",
        page=PAGE,
        assumptions="a = sigma(z) in (0, 1); y in [0, 1]; the cost is fixed up to a constant",
        build_statement=_f14_statement,
        build_claimed=_f14_claimed,
        prove=_f14_prove,
    )
)
