"""Claims of the page ``likelihood``: Jacobian, gradient of LSE, log-softmax, CE gradient."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mpmath as mp
import sympy as sp

from ..symbolic import definitions as d
from ..symbolic import directional, general
from ..symbolic.directional import U
from ..symbolic.expressions import LSE
from ..symbolic.general import CE, substitute_jacobian, sum_out_deltas
from ..symbolic.rewrite import apply_sum_to_one, to_exp_vars
from ..symbolic.symbols import exp_symbols, general_symbols, logit_symbols
from ._common import CONCRETE_NS, EXACT_NS, check_any_n, check_directional, check_numeric
from .core import ANY_N, Claim, Proof, register
from .mpmath_reference import mp_lse, mp_partial, mp_softmax

__all__ = ["F1", "F2", "F3", "F4", "F31"]

PAGE = "likelihood"
G = general_symbols()
s, y, z, i, j, n = G.s, G.y, G.z, G.i, G.j, G.n


# -- F1 softmax Jacobian ------------------------------------------------------------------------


def _f1_claimed() -> dict[str, Any]:
    return {
        "jacobian": s[i] * (sp.KroneckerDelta(i, j) - s[j]),
        "symmetric": sp.Derivative(s[j], z[i]),
        "row_sum": sp.S.Zero,
    }


def _f1_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    entry = sp.Derivative(s[i], z[j])
    return {
        "jacobian": sp.Eq(entry, forms["jacobian"], evaluate=False),
        "symmetric": sp.Eq(entry, forms["symmetric"], evaluate=False),
        "row_sum": sp.Eq(sp.Sum(entry, (j, 1, n)), forms["row_sum"], evaluate=False),
    }


def _f1_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    derived = general.softmax_jacobian().result
    check_any_n(proof, "jacobian", derived, forms["jacobian"], "SymPy's derivative")
    check_directional(
        proof,
        "jacobian",
        directional.jacobian_bilinear,
        forms["jacobian"],
        {i: U, j: G.v},
        "the bilinear form $u^\\top J v$, differentiated along $v$ with $u, v$ symbolic",
    )

    def reference(zv: list, yv: list, tup: tuple[int, ...]) -> mp.mpf:
        a, b = tup
        return mp_partial(lambda w: mp_softmax(w)[a - 1], zv, b - 1)

    check_numeric(
        proof, "jacobian", forms["jacobian"], (i, j), reference, "numerical derivative (mpmath)"
    )

    # The other side of the symmetry, evaluated with the derived Jacobian at swapped indices.
    other = substitute_jacobian(forms["symmetric"])
    check_any_n(proof, "symmetric", derived, other, "the derived entry, with indices swapped,")
    check_directional(
        proof,
        "symmetric",
        directional.jacobian_bilinear,
        other,
        {i: U, j: G.v},
        "$u^\\top J v$ compared with the same form with the entries swapped",
    )

    row = sum_out_deltas(sp.Sum(derived, (j, 1, n)))
    check_any_n(
        proof,
        "row_sum",
        apply_sum_to_one(row, s),
        forms["row_sum"],
        "the row sum, with $\\sum_j s_j = 1$,",
    )

    def ones(count: int) -> sp.Expr:
        form = directional.jacobian_bilinear(count)
        v = directional.direction_symbols(count)
        return form.xreplace(dict.fromkeys(v, sp.S.One))

    check_directional(
        proof,
        "row_sum",
        ones,
        forms["row_sum"],
        {i: U},
        "$u^\\top J \\mathbf{1}$ (the form along the vector of ones)",
    )


F1 = register(
    Claim(
        id="F1",
        slug="softmax-jacobian",
        title="The softmax Jacobian, derived entry by entry, is symmetric and its rows sum to zero",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, $s = \mathrm{softmax}(z)$, so $s_i > 0$ and "
            r"$\sum_{j} s_j = 1$",
            r"$i, j \in \{1, \dots, n\}$",
        ),
        claimed=_f1_claimed,
        relations=_f1_relations,
        prove=_f1_prove,
    )
)


# -- F2 gradient of log-sum-exp -----------------------------------------------------------------


def _f2_claimed() -> dict[str, Any]:
    return {"gradient": s[j]}


def _f2_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {"gradient": sp.Eq(sp.Derivative(LSE(), z[j]), forms["gradient"], evaluate=False)}


def _f2_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    derived = general.lse_gradient().result
    check_any_n(proof, "gradient", derived, forms["gradient"], "SymPy's derivative")
    check_directional(
        proof,
        "gradient",
        directional.lse_directional,
        forms["gradient"],
        {j: G.v},
        "the derivative along a symbolic direction $v$",
    )

    def reference(zv: list, yv: list, tup: tuple[int, ...]) -> mp.mpf:
        return mp_partial(mp_lse, zv, tup[0] - 1)

    check_numeric(
        proof, "gradient", forms["gradient"], (j,), reference, "numerical derivative (mpmath)"
    )


F2 = register(
    Claim(
        id="F2",
        slug="lse-gradient",
        title="The gradient of log-sum-exp is the softmax",
        page=PAGE,
        assumptions=(r"$z \in \mathbb{R}^n$", r"$j \in \{1, \dots, n\}$"),
        claimed=_f2_claimed,
        relations=_f2_relations,
        prove=_f2_prove,
    )
)


# -- F3 log-softmax ---------------------------------------------------------------------------


def _f3_claimed() -> dict[str, Any]:
    return {"log_softmax": z[i] - LSE()}


def _f3_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {"log_softmax": sp.Eq(sp.log(s[i]), forms["log_softmax"], evaluate=False)}


def _f3_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    claimed = sp.sympify(forms["log_softmax"]).doit()
    derived = general.log_softmax().result
    check_any_n(proof, "log_softmax", derived, forms["log_softmax"], "the logarithm, expanded,")

    def holds(count: int) -> bool:
        zs, es = logit_symbols(count), exp_symbols(count)
        table = {z[a + 1]: zs[a] for a in range(count)}
        for a, entry in enumerate(d.log_softmax(zs)):
            want = claimed.xreplace({n: count, i: a + 1}).doit().xreplace(table)
            if to_exp_vars(entry - want, zs, es, logs=True) != 0:
                return False
        return True

    proof.cases(
        "log_softmax",
        EXACT_NS,
        ((f"n = {c}", holds(c)) for c in CONCRETE_NS),
        "$\\log s_i$ of the concrete softmax, every entry, as a function of the exponentials "
        "$e^{z_1}, \\dots, e^{z_n}$",
    )

    def reference(zv: list, yv: list, tup: tuple[int, ...]) -> mp.mpf:
        return mp.log(mp_softmax(zv)[tup[0] - 1])

    check_numeric(proof, "log_softmax", claimed, (i,), reference, "$\\log s_i$ in mpmath")


F3 = register(
    Claim(
        id="F3",
        slug="log-softmax",
        title="The logarithm undoes the exponential: log-softmax is the logit minus log-sum-exp",
        page=PAGE,
        assumptions=(r"$z \in \mathbb{R}^n$", r"$i \in \{1, \dots, n\}$"),
        claimed=_f3_claimed,
        relations=_f3_relations,
        prove=_f3_prove,
    )
)


# -- F4 cross-entropy and its gradient -----------------------------------------------------------


def _f4_claimed() -> dict[str, Any]:
    return {
        "loss": LSE() - sp.Sum(y[i] * z[i], (i, 1, n)),
        "gradient": s[j] - y[j],
    }


def _f4_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "loss": sp.Eq(CE, forms["loss"], evaluate=False),
        "gradient": sp.Eq(sp.Derivative(CE, z[j]), forms["gradient"], evaluate=False),
    }


def _f4_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    check_any_n(
        proof,
        "loss",
        general.ce_in_logits().result,
        forms["loss"],
        "the cross-entropy, with the log-softmax substituted and $\\sum_i y_i = 1$,",
        (y,),
    )

    def loss_reference(zv: list, yv: list, tup: tuple[int, ...]) -> mp.mpf:
        return -mp.fsum(t * mp.log(p) for t, p in zip(yv, mp_softmax(zv), strict=True) if t)

    check_numeric(
        proof, "loss", forms["loss"], (), loss_reference, "$-\\sum_i y_i \\log s_i$ in mpmath"
    )

    check_any_n(
        proof,
        "gradient",
        general.ce_gradient().result,
        forms["gradient"],
        "SymPy's derivative",
        (y,),
    )
    check_directional(
        proof,
        "gradient",
        lambda count: directional.ce_directional(count, y_sum_to_one=True),
        forms["gradient"],
        {j: G.v},
        "the derivative along a symbolic direction $v$, with $y_n = 1 - \\sum_{i<n} y_i$",
        y_sum_to_one=True,
    )

    def ce(zv: list, yv: list) -> mp.mpf:
        lse = mp_lse(zv)
        return -mp.fsum(t * (v - lse) for t, v in zip(yv, zv, strict=True))

    def reference(zv: list, yv: list, tup: tuple[int, ...]) -> mp.mpf:
        return mp_partial(lambda w: ce(w, yv), zv, tup[0] - 1)

    check_numeric(
        proof, "gradient", forms["gradient"], (j,), reference, "numerical derivative (mpmath)"
    )


F4 = register(
    Claim(
        id="F4",
        slug="ce-gradient",
        title="Cross-entropy is log-sum-exp minus the target-weighted logits, "
        "and its gradient is the softmax minus the target",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$",
            r"$y$ a distribution: $y_i \ge 0$, $\sum_i y_i = 1$ (a one-hot $e_k$, for the true "
            r"class $k$, in particular)",
            r"$j \in \{1, \dots, n\}$",
        ),
        claimed=_f4_claimed,
        relations=_f4_relations,
        prove=_f4_prove,
    )
)


# -- F31 the gradient's entries lie in (-1, 1) and sum to zero ---------------------------------


def _f31_claimed() -> dict[str, Any]:
    return {"lower": sp.S.NegativeOne, "upper": sp.S.One, "sum": sp.S.Zero}


def _f31_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    entry = s[j] - y[j]
    return {
        "lower": sp.Gt(entry, forms["lower"], evaluate=False),
        "upper": sp.Lt(entry, forms["upper"], evaluate=False),
        "sum": sp.Eq(sp.Sum(entry, (j, 1, n)), forms["sum"], evaluate=False),
    }


def _f31_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    # 0 < s_j < 1 (n >= 2) and 0 <= y_j <= 1: write 1 - s_j = a > 0 and 1 - y_j = b >= 0.
    sj, yj = sp.Symbol("s_j", positive=True), sp.Symbol("y_j", nonnegative=True)
    a, b = sp.Symbol("a", positive=True), sp.Symbol("b", nonnegative=True)
    gap_low = sp.expand((sj - yj - forms["lower"]).xreplace({yj: 1 - b}))
    proof.check(
        "lower",
        ANY_N,
        gap_low.is_positive,
        "with $1 - y_j = b \\ge 0$ and $s_j > 0$, $s_j - y_j$ minus the bound is {}, positive",
        gap_low,
    )
    gap_up = sp.expand((forms["upper"] - (sj - yj)).xreplace({sj: 1 - a}))
    proof.check(
        "upper",
        ANY_N,
        gap_up.is_positive,
        "with $1 - s_j = a > 0$ and $y_j \\ge 0$, the bound minus $s_j - y_j$ is {}, positive",
        gap_up,
    )
    total = sum_out_deltas(sp.Sum(general.ce_gradient().result, (j, 1, n)))
    total = apply_sum_to_one(apply_sum_to_one(total, s), y)
    check_any_n(proof, "sum", total, forms["sum"], "the sum of the derived gradient")


F31 = register(
    Claim(
        id="F31",
        slug="ce-gradient-bounds",
        title="Every entry of the cross-entropy gradient lies strictly between −1 and 1, "
        "and the entries sum to zero",
        page=PAGE,
        assumptions=(
            r"$n \ge 2$, so $0 < s_j < 1$",
            r"$y$ a distribution: $0 \le y_j \le 1$, $\sum_j y_j = 1$",
        ),
        claimed=_f31_claimed,
        relations=_f31_relations,
        prove=_f31_prove,
    )
)
