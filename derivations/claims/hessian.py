r"""Claim F5 (page ``curvature``): the Hessian of cross-entropy in the logits.

:math:`H_{ij} = \partial^2 \mathrm{CE}/\partial z_i \partial z_j = s_j(\delta_{ij} - s_i)`, the
same for every target; its quadratic form is the variance :math:`\mathrm{Var}_s(v) \ge 0` (so the
loss is convex in the logits), and :math:`H\mathbf{1} = 0` (so not strictly).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic import curvature as cv
from ..symbolic import directional, general
from ..symbolic.directional import U
from ..symbolic.rewrite import apply_sum_to_one, canonical_sums, concretize, resolve_ranges
from ..symbolic.symbols import general_symbols, logit_symbols
from ..symbolic.zero import is_zero
from ._common import CONCRETE_NS, EXACT_NS, check_any_n, check_directional, check_numeric
from .core import ANY_N, Claim, Proof, numeric, register
from .mpmath_reference import DPS, close, logit_points, mp_lse, target_points

__all__ = ["F5", "HESSIAN_FORM", "HESSIAN_NULL"]

PAGE = "curvature"
G = general_symbols()
s, v, y, i, j, n = G.s, G.v, G.y, G.i, G.j, G.n
#: The quadratic form and the product with the vector of ones, as the page writes them.
HESSIAN_FORM = sp.Symbol(r"v^{\top} H v", real=True)
HESSIAN_NULL = sp.Symbol(r"H \mathbf{1}")
#: Seeded directions of the numeric checks (n = 3), and the vector of ones.
_NUMERIC_N = 3


def _claimed() -> dict[str, Any]:
    return {
        "hessian": s[j] * (sp.KroneckerDelta(i, j) - s[i]),
        "quadratic_form": cv.variance(),
        "convex": sp.S.Zero,
        "null_direction": sp.S.Zero,
    }


def _relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "hessian": sp.Eq(general.ce_hessian().lhs, forms["hessian"], evaluate=False),
        "quadratic_form": sp.Eq(HESSIAN_FORM, forms["quadratic_form"], evaluate=False),
        "convex": sp.Ge(HESSIAN_FORM, forms["convex"], evaluate=False),
        "null_direction": sp.Eq(HESSIAN_NULL, forms["null_direction"], evaluate=False),
    }


@lru_cache(maxsize=1)
def _derived_form() -> sp.Expr:
    return cv.quadratic_form(general.ce_hessian().result, i, j)


@lru_cache(maxsize=1)
def _derived_row_sum() -> sp.Expr:
    total = sp.Sum(general.ce_hessian().result, (j, 1, n)).doit()
    return canonical_sums(resolve_ranges(total))


def _mp_ce(z: list, target: list) -> mp.mpf:
    lse = mp_lse(z)
    return -mp.fsum(w * (u - lse) for w, u in zip(target, z, strict=True))


def _directions(count: int = 3, seed: int = 5) -> list[list[mp.mpf]]:
    rng = np.random.default_rng(seed)
    return [[mp.mpf(float(x)) for x in rng.standard_normal(_NUMERIC_N)] for _ in range(count)]


def _curvature_along(z: list, target: list, direction: list) -> mp.mpf:
    """d^2/dr^2 CE(z + r v) at r = 0, by mpmath.diff of the loss itself."""

    def loss(r: mp.mpf) -> mp.mpf:
        step = [r * b for b in direction]
        # CE(z - r v) has the same second derivative at r = 0 (v^T H v is even in v): the
        # sign of the step is not something a curvature can compare.
        pairs = zip(z, step, strict=True)
        moved = [a + h for a, h in pairs]  # not compared: v and -v give one curvature
        return _mp_ce(moved, target)

    return mp.diff(loss, 0, 2)


def _form_value(form: sp.Expr, z: list, direction: list) -> mp.mpf:
    """Evaluate the claimed form (in s and v) at concrete logits and direction."""
    zs = logit_symbols(_NUMERIC_N)
    total = sp.Add(*[sp.exp(a) for a in zs])
    expr = concretize(
        form,
        _NUMERIC_N,
        {},
        {s: [sp.exp(a) / total for a in zs], v: [sp.Float(x, DPS) for x in direction]},
    )
    return sp.lambdify(zs, expr, "mpmath")(*z)


def _prove(forms: Mapping[str, Any], proof: Proof) -> None:
    derived = general.ce_hessian().result
    check_any_n(proof, "hessian", derived, forms["hessian"], "the derivative of $s_j - y_j$")
    check_directional(
        proof,
        "hessian",
        lambda c: directional.ce_hessian_bilinear(c, y_sum_to_one=True),
        forms["hessian"],
        {i: U, j: v},
        "$u^\\top H v$: the cross-entropy differentiated along symbolic $u$ and $v$",
        y_sum_to_one=True,
    )

    def reference(z: list, target: list, tup: tuple[int, ...]) -> mp.mpf:
        orders = [0] * len(z)
        for index in tup:
            orders[index - 1] += 1
        return mp.diff(lambda *w: _mp_ce(list(w), target), z, orders)

    check_numeric(
        proof,
        "hessian",
        forms["hessian"],
        (i, j),
        reference,
        "second partial derivatives of the cross-entropy (mpmath)",
    )

    # v^T H v: the derived Hessian contracted twice, against the claimed form with sum_i s_i = 1.
    form = forms["quadratic_form"]
    proof.check(
        "quadratic_form",
        ANY_N,
        is_zero(_derived_form() - cv.expanded(form), (s,)),
        "the derived Hessian contracted with $v$ twice is {}, once $\\sum_i s_i = 1$",
        form,
    )

    # The claimed form expanded with sum_i s_i = 1, then written out for each n.
    reduced = apply_sum_to_one(cv.expanded(form), s)

    def along(c: int) -> bool:
        u_c, v_c = directional.direction_symbols(c, "u"), directional.direction_symbols(c)
        bilinear = directional.ce_hessian_bilinear(c, y_sum_to_one=True)
        second = bilinear.xreplace(dict(zip(u_c, v_c, strict=True)))
        return is_zero(second - directional.contract(reduced, c, {}, {v: v_c}))

    proof.cases(
        "quadratic_form",
        EXACT_NS,
        ((f"n = {c}", along(c)) for c in CONCRETE_NS),
        "$\\partial^2_r \\mathrm{CE}(z + r v)$ at $r = 0$, with $v$ symbolic, against the form "
        "expanded with $\\sum_i s_i = 1$",
    )
    _numeric_along(proof, "quadratic_form", form)

    bound = forms["convex"]
    # The bound is 0, so with + for - this step tests the same expression; that it subtracts the
    # bound is tested with a nonzero one (tests/test_claims_mutations.py raises it, and then
    # variance + bound would still be nonnegative).
    excess = cv.variance() - bound  # not compared: the bound is 0, x + 0 = x - 0
    proof.check(
        "convex",
        ANY_N,
        is_zero(_derived_form() - cv.expanded(cv.variance()), (s,))
        and excess.is_nonnegative is True,
        "$v^\\top H v$ is a sum of terms $s_j (\\cdot)^2$ with $s_j > 0$, so at least {}",
        bound,
    )
    ones = _derived_form().xreplace({v[i]: sp.S.One})
    # Both are 0 (and a wrong value is not minus a wrong bound): x - b and x + b vanish together.
    attained = canonical_sums(ones) - bound  # not compared: value and bound 0, + and - alike
    proof.check(
        "convex",
        ANY_N,
        is_zero(attained, (s,)),
        "along $v = \\mathbf{1}$ the derived form is {}: the bound is attained",
        bound,
    )
    _numeric_bound(proof, bound)

    row = forms["null_direction"]
    check_any_n(
        proof,
        "null_direction",
        _derived_row_sum(),
        row,
        "$\\sum_j \\partial^2 \\mathrm{CE}/\\partial z_i \\partial z_j$, with $\\sum_j s_j = 1$,",
        (s,),
    )

    def ones_direction(c: int) -> sp.Expr:
        bilinear = directional.ce_hessian_bilinear(c, y_sum_to_one=True)
        return bilinear.xreplace(dict.fromkeys(directional.direction_symbols(c), sp.S.One))

    check_directional(
        proof,
        "null_direction",
        ones_direction,
        row,
        {i: U},
        "$u^\\top H \\mathbf{1}$ (the form along the vector of ones)",
        y_sum_to_one=True,
    )


def _numeric_along(proof: Proof, part: str, form: sp.Expr) -> None:
    failures, count = [], 0
    with mp.workdps(DPS):
        for z, target, direction in itertools.product(
            logit_points(_NUMERIC_N, 7), target_points(_NUMERIC_N, 8)[:2], _directions()
        ):
            count += 1
            if not close(_form_value(form, z, direction), _curvature_along(z, target, direction)):
                failures.append(float(max(z, key=abs)))
    suffix = f" (differs at {failures[:2]})" if failures else ""
    proof.check(
        part,
        numeric(count, DPS),
        not failures,
        f"$\\partial^2_r \\mathrm{{CE}}(z + r v)$ in mpmath, n = {_NUMERIC_N}{suffix}",
    )


def _numeric_bound(proof: Proof, bound: sp.Expr) -> None:
    """Check the curvature along seeded directions is at least the bound, equal to it along 1.

    The comparison allows 1e-25 for mpmath's differencing; that it can fail is shown by the
    curvature with its sign flipped, which it must reject somewhere (where the curvature is
    above that allowance).
    """
    ones = [mp.mpf(1)] * _NUMERIC_N
    holds, count, sharp = True, 0, 0
    with mp.workdps(DPS):
        level = mp.mpf(sp.Float(bound, DPS))
        floor = level - mp.mpf(10) ** -25
        for z, target in itertools.product(logit_points(_NUMERIC_N, 7), target_points(3, 8)[:2]):
            for direction in [*_directions(), ones]:
                count += 1
                value = _curvature_along(z, target, direction)
                holds = holds and value >= floor
                sharp += bool(-value < floor)
            holds = holds and close(_curvature_along(z, target, ones), level)
    proof.check(
        "convex",
        numeric(count, DPS),
        holds and sharp > 0,
        "$\\partial^2_r \\mathrm{CE}(z + r v)$ in mpmath is at least {} along seeded directions, "
        f"and equal to it along $\\mathbf{{1}}$; with its sign flipped the curvature fails this "
        f"at {sharp} of the {count}",
        bound,
    )


F5 = register(
    Claim(
        id="F5",
        slug="ce-hessian",
        title="The Hessian of cross-entropy does not depend on the target, and its quadratic form "
        "is a variance: convex in the logits, flat along the vector of ones",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, $s = \mathrm{softmax}(z)$, so $s_i > 0$ and $\sum_i s_i = 1$",
            r"$y$ a distribution: $y_i \ge 0$, $\sum_i y_i = 1$",
            r"$H_{ij} = \partial^2 \mathrm{CE}/\partial z_i \partial z_j$; "
            r"$v \in \mathbb{R}^n$ any direction; $i, j \in \{1, \dots, n\}$",
        ),
        claimed=_claimed,
        relations=_relations,
        prove=_prove,
    )
)
