"""Claims F7 and F15 (page ``normalization``): shift invariance; standard normalization."""

from __future__ import annotations

from collections.abc import Mapping

import mpmath as mp
import sympy as sp

from ..symbolic import concrete, general
from ..symbolic import definitions as d
from ..symbolic import general_definitions as gd
from ..symbolic.rewrite import canonical_sums, collapse_deltas, to_exp_vars
from ..symbolic.symbols import exp_symbols, general_symbols, logit_symbols, positive_symbols
from ._common import CONCRETE_NS, index_symbols, require_concrete, require_general
from .core import CONCRETE, GENERAL, NUMERIC, SYMBOLIC, Claim, Proof, register

__all__ = ["F7", "F15", "SHIFT"]

PAGE = "normalization"
#: The shift added to every logit.
SHIFT = sp.Symbol("c", real=True)


def _lse_shift_general() -> sp.Expr:
    """Derive LSE(z + c 1) - LSE(z) for general n: exp splits, the sum factors, the log splits."""
    g = general_symbols()
    shifted = gd.g_logsumexp().xreplace({g.z[g.m]: g.z[g.m] + SHIFT})
    shifted = sp.expand(shifted, power_exp=True, log=False)
    inner = sp.factor_terms(canonical_sums(shifted.args[0]))
    return sp.expand_log(sp.log(inner)) - gd.g_logsumexp()


def _softmax_shift(n: int) -> list[sp.Expr]:
    z, e = logit_symbols(n), exp_symbols(n)
    diff = [a - b for a, b in zip(d.softmax([t + SHIFT for t in z]), d.softmax(z), strict=True)]
    return [to_exp_vars(sp.expand(t, power_exp=True), z, e) for t in diff]


def _f7_statement() -> list[sp.Eq]:
    g = general_symbols()
    s_shift = sp.Function("s")(sp.Symbol("z") + SHIFT * sp.Symbol(r"\mathbf{1}"))
    lse = sp.Function(r"\mathrm{LSE}")
    zz, one = sp.Symbol("z"), sp.Symbol(r"\mathbf{1}")
    del g
    return [
        sp.Eq(s_shift - sp.Function("s")(zz), sp.S.Zero, evaluate=False),
        sp.Eq(lse(zz + SHIFT * one) - lse(zz), _lse_shift_general(), evaluate=False),
    ]


def _f7_claimed() -> dict[str, sp.Expr]:
    return {"softmax_shift": sp.S.Zero, "lse_shift": SHIFT}


def _f7_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    derived = _lse_shift_general()
    proof.require(
        sp.expand(derived - claimed["lse_shift"]) == 0,
        GENERAL,
        f"LSE(z + c1) - LSE(z) = {derived} equals claimed {claimed['lse_shift']}",
    )
    for n in CONCRETE_NS:
        ok = all(sp.cancel(t - claimed["softmax_shift"]) == 0 for t in _softmax_shift(n))
        z, e = logit_symbols(n), exp_symbols(n)
        # A function of c with the claimed derivative everywhere and the claimed value at
        # c = 0 equals the claim: check both exactly.
        gap = d.logsumexp([t + SHIFT for t in z]) - d.logsumexp(z) - claimed["lse_shift"]
        slope = to_exp_vars(sp.expand(sp.diff(gap, SHIFT), power_exp=True), z, e)
        ok_lse = sp.cancel(slope) == 0 and gap.xreplace({SHIFT: 0}) == 0
        proof.require(ok and ok_lse, CONCRETE, f"shift invariance / equivariance at n={n}")
        proof.steps.pop()
    proof.require(
        True,
        CONCRETE,
        f"softmax(z+c1) = softmax(z), LSE(z+c1) = LSE(z)+c, n in {list(CONCRETE_NS)}",
    )
    # Not invariant: the shift changes LSE unless c = 0.
    proof.require(claimed["lse_shift"] != 0, SYMBOLIC, "LSE is not shift invariant")
    f = sp.lambdify([SHIFT], claimed["lse_shift"], modules="mpmath")
    worst = mp.mpf(0)
    with mp.workdps(40):
        for c in (mp.mpf(-700), mp.mpf("0.3"), mp.mpf(900)):
            z = [mp.mpf(1000), mp.mpf(-3), mp.mpf(2)]
            ref = mp.log(mp.fsum(mp.exp(t + c) for t in z)) - mp.log(mp.fsum(mp.exp(t) for t in z))
            worst = max(worst, abs(f(c) - ref))
    proof.require(worst < mp.mpf(10) ** -30, NUMERIC, f"LSE shift at |c| up to 900: {worst}")


F7 = register(
    Claim(
        id="F7",
        slug="shift-invariance",
        title="Softmax is shift invariant; log-sum-exp is shift equivariant (not invariant)",
        page=PAGE,
        assumptions="z real, c real",
        build_statement=_f7_statement,
        build_claimed=_f7_claimed,
        prove=_f7_prove,
    )
)


# -- F15 standard normalization -------------------------------------------------------------------

SCALE = sp.Symbol("c", positive=True)


def _f15_claimed() -> dict[str, sp.Expr]:
    g = general_symbols()
    return {
        "gradient": -sp.KroneckerDelta(g.j, g.k) / g.x[g.k] + 1 / sp.Sum(g.x[g.m], (g.m, 1, g.n)),
        "scale": sp.S.Zero,
        "exp_is_softmax": sp.S.Zero,
    }


def _f15_statement() -> list[sp.Eq]:
    g = general_symbols()
    scaled = gd.g_normalize(g.k).xreplace({g.x[g.k]: SCALE * g.x[g.k], g.x[g.m]: SCALE * g.x[g.m]})
    return [
        general.normalization_nll_gradient().equation,
        sp.Eq(scaled, sp.factor_terms(canonical_sums(scaled)), evaluate=False),
        sp.Eq(sp.Symbol("p([1, 2])"), sp.Matrix([d.normalize([1, 2])]), evaluate=False),
        sp.Eq(sp.Symbol("p([10, 20])"), sp.Matrix([d.normalize([10, 20])]), evaluate=False),
    ]


def _f15_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    g = general_symbols()
    (j,) = index_symbols("j")
    derived = general.normalization_nll_gradient().reduced
    proof.require(
        collapse_deltas(sp.expand(derived - claimed["gradient"])) == 0,
        GENERAL,
        f"d(-log p_k)/d x_j = {derived} equals claimed",
    )
    scaled = gd.g_normalize(g.k).xreplace({g.x[g.k]: SCALE * g.x[g.k], g.x[g.m]: SCALE * g.x[g.m]})
    scale_diff = sp.expand(sp.factor_terms(canonical_sums(scaled)) - gd.g_normalize(g.k))
    require_general(proof, scale_diff, claimed["scale"], "p(c x) - p(x)")

    def grad(n: int) -> dict:
        return {(a + 1,): v for a, v in enumerate(concrete.normalization_nll_gradient(n, 1))}

    claimed_k1 = claimed["gradient"].xreplace({g.k: 1})
    require_concrete(proof, grad, claimed_k1, (j,), "grad of -log p_1")
    for n in CONCRETE_NS:
        z, e = logit_symbols(n), exp_symbols(n)
        diffs = [
            to_exp_vars(a - b, z, e)
            for a, b in zip(d.normalize([sp.exp(t) for t in z]), d.softmax(z), strict=True)
        ]
        ok = all(sp.cancel(t - claimed["exp_is_softmax"]) == 0 for t in diffs)
        x = positive_symbols(n)
        ok_scale = all(
            sp.cancel(a - b - claimed["scale"]) == 0
            for a, b in zip(d.normalize([SCALE * t for t in x]), d.normalize(x), strict=True)
        )
        proof.require(ok and ok_scale, CONCRETE, f"x = e^z gives softmax; scale invariance, n={n}")
        proof.steps.pop()
    proof.require(
        True, CONCRETE, f"normalize(e^z) = softmax(z), p(cx) = p(x), n in {list(CONCRETE_NS)}"
    )
    f = sp.lambdify(
        [*positive_symbols(3)],
        claimed_k1.xreplace({g.j: 2})
        .xreplace({g.n: 3})
        .doit()
        .xreplace({g.x[a]: positive_symbols(3)[a - 1] for a in (1, 2, 3)}),
        "mpmath",
    )
    with mp.workdps(30):
        x = [mp.mpf("0.001"), mp.mpf(2), mp.mpf(5)]
        ref = mp.diff(lambda t: -mp.log(x[0] / (x[0] + t + x[2])), x[1])
        proof.require(abs(f(*x) - ref) < mp.mpf(10) ** -20, NUMERIC, "d(-log p_1)/dx_2 vs mpmath")


F15 = register(
    Claim(
        id="F15",
        slug="standard-normalization",
        title="Standard normalization: scale invariant, gradient -delta_jk/x_k + 1/sum x, "
        "and with x = e^z it is softmax",
        page=PAGE,
        assumptions="x positive; c > 0; j, k in 1..n",
        build_statement=_f15_statement,
        build_claimed=_f15_claimed,
        prove=_f15_prove,
    )
)
