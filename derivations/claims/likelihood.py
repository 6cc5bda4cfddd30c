"""Claims F1-F4 (page ``likelihood``): Jacobian, grad LSE, log-softmax, CE gradient."""

from __future__ import annotations

from collections.abc import Mapping

import mpmath as mp
import sympy as sp

from ..symbolic import directional, general
from ..symbolic import general_definitions as gd
from ..symbolic.directional import U
from ..symbolic.rewrite import apply_sum_to_one, canonical_sums, is_zero_general, resolve_ranges
from ..symbolic.symbols import general_symbols
from ._common import (
    CONCRETE_NS,
    index_symbols,
    lse_display,
    require_directional,
    require_general,
    require_numeric,
)
from .core import CONCRETE, GENERAL, Claim, Proof, register
from .numeric import mp_lse, mp_partial, mp_softmax

__all__ = ["F1", "F2", "F3", "F4"]

PAGE = "likelihood"


# -- F1 softmax Jacobian ------------------------------------------------------------------------


def _f1_row_sum() -> sp.Expr:
    g = general_symbols()
    total = sp.Sum(general.softmax_jacobian().reduced, (g.j, 1, g.n))
    return canonical_sums(apply_sum_to_one(canonical_sums(resolve_ranges(total.doit())), g.s))


def _f1_statement() -> list[sp.Eq]:
    g = general_symbols()
    der = general.softmax_jacobian()
    row = sp.Sum(der.lhs, (g.j, 1, g.n))
    swapped = sp.Derivative(g.s[g.j], g.z[g.i])
    return [
        sp.Eq(der.lhs, sp.factor_terms(der.reduced), evaluate=False),
        sp.Eq(der.lhs, swapped, evaluate=False),
        sp.Eq(row, _f1_row_sum(), evaluate=False),
    ]


def _f1_claimed() -> dict[str, sp.Expr]:
    g = general_symbols()
    return {"jacobian": g.s[g.i] * (sp.KroneckerDelta(g.i, g.j) - g.s[g.j]), "row_sum": sp.S.Zero}


def _f1_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    g = general_symbols()
    i, j = index_symbols("i", "j")
    derived = general.softmax_jacobian().reduced
    require_general(proof, derived, claimed["jacobian"], "d s_i / d z_j")
    swapped = derived.xreplace({i: j, j: i})
    proof.require(is_zero_general(derived - swapped), GENERAL, "J is symmetric: J_ij = J_ji")
    require_general(proof, _f1_row_sum(), claimed["row_sum"], "J 1 = sum_j J_ij", (g.s,))

    # Concrete n: one derivative u^T J v = d/dt sum_i u_i s_i(z + t v) per n (symbolic u, v).
    require_directional(
        proof, directional.jacobian_bilinear, claimed["jacobian"], {i: U, j: g.v}, "u^T J v"
    )
    for n in CONCRETE_NS:
        form = directional.jacobian_bilinear(n)
        u, v = directional.direction_symbols(n, "u"), directional.direction_symbols(n)
        swap = {**dict(zip(u, v, strict=True)), **dict(zip(v, u, strict=True))}
        sym = directional.is_zero_exp(form - form.xreplace(swap), n)
        # v = 1: u^T J 1, compared with the claimed row sum contracted with u.
        ones = form.xreplace(dict.fromkeys(v, sp.S.One))
        row = directional.contract(claimed["row_sum"], n, {i: U})
        proof.require(
            sym and directional.is_zero_exp(ones - row, n),
            CONCRETE,
            f"J symmetric and J 1 = 0 at n={n}",
        )
        proof.steps.pop()
    proof.require(
        True,
        CONCRETE,
        f"J symmetric (u^T J v = v^T J u) and J 1 = claimed row sum, n in {list(CONCRETE_NS)}",
    )

    def reference(z: list, y: list, tup: tuple[int, ...]) -> mp.mpf:
        a, b = tup
        return mp_partial(lambda v: mp_softmax(v)[a - 1], z, b - 1)

    require_numeric(proof, claimed["jacobian"], (i, j), reference, "d s_i/d z_j vs mpmath.diff")


F1 = register(
    Claim(
        id="F1",
        slug="softmax-jacobian",
        title="The softmax Jacobian is diag(s) - s s^T: symmetric, and J 1 = 0",
        page=PAGE,
        assumptions="z real; indices i, j in 1..n; s = softmax(z), so sum_j s_j = 1",
        build_statement=_f1_statement,
        build_claimed=_f1_claimed,
        prove=_f1_prove,
    )
)


# -- F2 gradient of log-sum-exp -----------------------------------------------------------------


def _f2_claimed() -> dict[str, sp.Expr]:
    g = general_symbols()
    return {"gradient": g.s[g.k]}


def _f2_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    (k,) = index_symbols("k")
    require_general(proof, general.lse_gradient().reduced, claimed["gradient"], "d LSE / d z_k")

    g = general_symbols()
    require_directional(
        proof, directional.lse_directional, claimed["gradient"], {k: g.v}, "grad LSE . v"
    )

    def reference(z: list, y: list, tup: tuple[int, ...]) -> mp.mpf:
        return mp_partial(mp_lse, z, tup[0] - 1)

    require_numeric(proof, claimed["gradient"], (k,), reference, "d LSE/d z_k vs mpmath.diff")


F2 = register(
    Claim(
        id="F2",
        slug="lse-gradient",
        title="The gradient of log-sum-exp is the softmax",
        page=PAGE,
        assumptions="z real; k in 1..n",
        build_statement=lambda: general.lse_gradient().equation,
        build_claimed=_f2_claimed,
        prove=_f2_prove,
    )
)


# -- F3 log-softmax ---------------------------------------------------------------------------


def _f3_derived() -> sp.Expr:
    g = general_symbols()
    # expand_log splits log(e^{z_i} / sum) because SymPy knows both factors are positive.
    return sp.expand_log(gd.g_log_softmax(g.i))


def _f3_claimed() -> dict[str, sp.Expr]:
    g = general_symbols()
    return {"log_softmax": g.z[g.i] - gd.g_logsumexp()}


def _f3_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    from ..symbolic import definitions as d
    from ..symbolic.rewrite import to_exp_vars
    from ..symbolic.symbols import exp_symbols, logit_symbols

    g = general_symbols()
    (i,) = index_symbols("i")
    proof.require(
        sp.expand(_f3_derived() - claimed["log_softmax"]) == 0,
        GENERAL,
        f"expand_log(log s_i) = {_f3_derived()} equals claimed {claimed['log_softmax']}",
    )
    for n in CONCRETE_NS:
        z, e = logit_symbols(n), exp_symbols(n)
        table = {g.z[a + 1]: z[a] for a in range(n)}
        for a, ls in enumerate(d.log_softmax(z)):
            want = claimed["log_softmax"].xreplace({g.n: n, i: a + 1}).doit().xreplace(table)
            diff = to_exp_vars(ls - want, z, e, logs=True)
            proof.require(diff == 0, CONCRETE, f"log s_{a + 1} at n={n}")
            proof.steps.pop()
    proof.require(
        True, CONCRETE, f"log s_i = z_i - LSE for n in {list(CONCRETE_NS)} (expand_log, e_j > 0)"
    )

    def reference(z: list, y: list, tup: tuple[int, ...]) -> mp.mpf:
        return mp.log(mp_softmax(z)[tup[0] - 1])

    require_numeric(proof, claimed["log_softmax"], (i,), reference, "log s_i vs mpmath")


F3 = register(
    Claim(
        id="F3",
        slug="log-softmax",
        title="log s_i = z_i - LSE(z): the log undoes the exp",
        page=PAGE,
        assumptions="z real; i in 1..n",
        build_statement=lambda: sp.Eq(
            sp.log(general_symbols().s[general_symbols().i]),
            lse_display(_f3_derived()),
            evaluate=False,
        ),
        build_claimed=_f3_claimed,
        prove=_f3_prove,
    )
)


# -- F4 cross-entropy and its gradient -----------------------------------------------------------


def _f4_identity() -> sp.Expr:
    g = general_symbols()
    ce = canonical_sums(sp.expand_log(gd.g_cross_entropy()))
    return canonical_sums(apply_sum_to_one(ce, g.y))


def _f4_statement() -> list[sp.Eq]:
    der = general.ce_gradient()
    return [
        sp.Eq(general.CE, lse_display(_f4_identity()), evaluate=False),
        der.equation,
    ]


def _f4_claimed() -> dict[str, sp.Expr]:
    g = general_symbols()
    return {
        "loss": gd.g_logsumexp() - sp.Sum(g.y[g.i] * g.z[g.i], (g.i, 1, g.n)),
        "gradient": g.s[g.k] - g.y[g.k],
    }


def _f4_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    g = general_symbols()
    (k,) = index_symbols("k")
    require_general(proof, _f4_identity(), claimed["loss"], "CE = LSE - y.z (sum y = 1)", (g.y,))
    require_general(
        proof, general.ce_gradient().reduced, claimed["gradient"], "d CE / d z_k", (g.y,)
    )

    require_directional(
        proof,
        lambda n: directional.ce_directional(n, y_sum_to_one=True),
        claimed["gradient"],
        {k: g.v},
        "grad CE . v (sum y = 1)",
        y_sum_to_one=True,
    )

    def ce(z: list, y: list) -> mp.mpf:
        lse = mp_lse(z)
        return -mp.fsum(t * (v - lse) for t, v in zip(y, z, strict=True))

    def reference(z: list, y: list, tup: tuple[int, ...]) -> mp.mpf:
        return mp_partial(lambda v: ce(v, y), z, tup[0] - 1)

    require_numeric(proof, claimed["gradient"], (k,), reference, "d CE/d z_k vs mpmath.diff")

    def loss_reference(z: list, y: list, tup: tuple[int, ...]) -> mp.mpf:
        return -mp.fsum(t * mp.log(s) for t, s in zip(y, mp_softmax(z), strict=True) if t)

    require_numeric(proof, claimed["loss"], (), loss_reference, "CE = LSE - y.z vs mpmath")


F4 = register(
    Claim(
        id="F4",
        slug="ce-gradient",
        title="Cross-entropy is LSE(z) - y.z and its gradient is s - y",
        page=PAGE,
        assumptions="z real; y a distribution (y_i >= 0, sum_i y_i = 1); k in 1..n",
        build_statement=_f4_statement,
        build_claimed=_f4_claimed,
        prove=_f4_prove,
    )
)
