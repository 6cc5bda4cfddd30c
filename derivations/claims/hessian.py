"""Claim F5 (page ``curvature``): the Hessian of cross-entropy in the logits."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic import directional, general
from ..symbolic.directional import U
from ..symbolic.rewrite import canonical_sums, collapse_deltas, resolve_ranges
from ..symbolic.symbols import general_symbols
from ._common import (
    CONCRETE_NS,
    index_symbols,
    require_directional,
    require_general,
    require_numeric,
)
from .core import CONCRETE, GENERAL, NUMERIC, Claim, Proof, register
from .mpmath_reference import claimed_function, logit_points, mp_partial, mp_softmax, target_points

__all__ = ["F5", "one_dummy", "quadratic_form"]

PAGE = "curvature"


def one_dummy(expr: sp.Expr) -> sp.Expr:
    """Rename the dummy of every single sum over ``1..n`` to ``i``.

    Products of equal sums with different dummies then combine into powers.

    Parameters
    ----------
    expr : sympy.Expr
        General-``n`` expression.

    Returns
    -------
    sympy.Expr
        The same expression with every ``Sum(f(m), (m, 1, n))`` written with dummy ``i``.

    Examples
    --------
    >>> g = general_symbols()
    >>> a = sp.Sum(g.s[g.j] * g.v[g.j], (g.j, 1, g.n))
    >>> b = sp.Sum(g.s[g.k] * g.v[g.k], (g.k, 1, g.n))
    >>> one_dummy(a * b)
    Sum(s[i]*v[i], (i, 1, n))**2
    """
    if not isinstance(expr, sp.Basic):
        raise TypeError(f"one_dummy: expected a SymPy expression, got {type(expr).__name__}")
    g = general_symbols()

    def rename(node: sp.Sum) -> sp.Expr:
        if len(node.limits) != 1 or node.limits[0][1:] != (1, g.n):
            return node
        dummy = node.limits[0][0]
        return sp.Sum(node.function.xreplace({dummy: g.i}), (g.i, 1, g.n))

    return expr.replace(lambda e: isinstance(e, sp.Sum), rename)


def _contract(expr: sp.Expr, index: sp.Symbol) -> sp.Expr:
    g = general_symbols()
    total = sp.Sum(g.v[index] * expr, (index, 1, g.n))
    return collapse_deltas(canonical_sums(resolve_ranges(total.doit())))


@lru_cache(maxsize=1)
def quadratic_form() -> sp.Expr:
    r"""Derive :math:`v^\top H v` from the derived general-``n`` Hessian of cross-entropy.

    Contracts :func:`derivations.symbolic.general.ce_hessian` with ``v`` over ``k``, then ``j``.

    Returns
    -------
    sympy.Expr
        :math:`\sum_i s_i v_i^2 - (\sum_i s_i v_i)^2`, as derived.

    Examples
    --------
    >>> quadratic_form()
    -Sum(s[i]*v[i], (i, 1, n))**2 + Sum(s[i]*v[i]**2, (i, 1, n))
    """
    g = general_symbols()
    hv = _contract(general.ce_hessian().reduced, g.k)
    return one_dummy(_contract(hv, g.j))


@lru_cache(maxsize=1)
def _null_direction() -> sp.Expr:
    # H 1: sum the derived Hessian over k, then use sum_k s_k = 1.
    from ..symbolic.rewrite import apply_sum_to_one

    g = general_symbols()
    row = canonical_sums(resolve_ranges(sp.Sum(general.ce_hessian().reduced, (g.k, 1, g.n)).doit()))
    return canonical_sums(apply_sum_to_one(row, g.s))


def _variance() -> sp.Expr:
    g = general_symbols()
    mean = sp.Sum(g.s[g.i] * g.v[g.i], (g.i, 1, g.n))
    return sp.Sum(g.s[g.j] * (g.v[g.j] - mean) ** 2, (g.j, 1, g.n))


def _f5_statement() -> list[sp.Eq]:
    g = general_symbols()
    der = general.ce_hessian()
    lhs_q = sp.Sum(g.v[g.j] * g.v[g.k] * der.lhs, (g.k, 1, g.n), (g.j, 1, g.n))
    return [
        sp.Eq(der.lhs, sp.factor_terms(der.reduced), evaluate=False),
        sp.Eq(lhs_q, quadratic_form(), evaluate=False),
        sp.Eq(sp.Symbol(r"\mathrm{Var}_s(v)"), _variance(), evaluate=False),
        sp.Eq(sp.Sum(der.lhs, (g.k, 1, g.n)), _null_direction(), evaluate=False),
    ]


def _f5_claimed() -> dict[str, sp.Expr]:
    g = general_symbols()
    mean = sp.Sum(g.s[g.i] * g.v[g.i], (g.i, 1, g.n))
    return {
        "hessian": g.s[g.j] * (sp.KroneckerDelta(g.j, g.k) - g.s[g.k]),
        "quadratic_form": sp.Sum(g.s[g.i] * g.v[g.i] ** 2, (g.i, 1, g.n)) - mean**2,
        "null_direction": sp.S.Zero,
    }


def _f5_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    g = general_symbols()
    j, k = index_symbols("j", "k")
    der = general.ce_hessian()
    require_general(proof, der.reduced, claimed["hessian"], "d^2 CE / d z_k d z_j", (g.y,))
    proof.require(not der.reduced.has(g.y), GENERAL, "the derived Hessian does not contain y")
    require_general(proof, quadratic_form(), claimed["quadratic_form"], "v^T H v")
    # Expand the square, give the equal sums one dummy, then use sum_i s_i = 1.
    expanded = one_dummy(canonical_sums(_variance()))
    require_general(
        proof, expanded, claimed["quadratic_form"], "Var_s(v) = v^T H v (sum s = 1)", (g.s,)
    )
    # Var_s(v) is a sum of s_j (v_j - mean)^2 with s_j > 0 and v real: SymPy decides the sign.
    proof.require(
        _variance().is_nonnegative is True, GENERAL, "Var_s(v) >= 0: H is positive semidefinite"
    )
    require_general(proof, _null_direction(), claimed["null_direction"], "H 1 = 0", (g.s,))

    # Concrete n: one mixed derivative u^T H v = d/dr d/dt CE(z + t u + r v) per n.
    require_directional(
        proof,
        lambda n: directional.ce_hessian_bilinear(n, y_sum_to_one=True),
        claimed["hessian"],
        {j: U, k: g.v},
        "u^T H v (sum y = 1)",
        y_sum_to_one=True,
    )
    for n in CONCRETE_NS:
        u, v = directional.direction_symbols(n, "u"), directional.direction_symbols(n)
        derived = directional.ce_hessian_bilinear(n, y_sum_to_one=True).xreplace(
            dict(zip(u, v, strict=True))
        )
        wanted = directional.contract(claimed["quadratic_form"], n, {}, {g.v: v})
        ok = directional.is_zero_exp(derived - wanted, n)
        proof.require(ok, CONCRETE, f"d^2/dt^2 CE(z + t v) = v^T H v at n={n}")
        proof.steps.pop()
    proof.require(
        True,
        CONCRETE,
        f"d^2/dt^2 CE(z + t v)|_0 = claimed v^T H v, symbolic v, n in {list(CONCRETE_NS)}",
    )

    def reference(z: list, y: list, tup: tuple[int, ...]) -> mp.mpf:
        # Differentiate the CE gradient s - y (F4) numerically: an independent second derivative.
        a, b = tup
        return mp_partial(lambda w: mp_softmax(w)[a - 1] - y[a - 1], z, b - 1)

    require_numeric(proof, claimed["hessian"], (j, k), reference, "d^2 CE/dz_j dz_k vs mpmath.diff")
    _require_psd_numeric(proof, claimed["hessian"])


def _require_psd_numeric(proof: Proof, hessian: sp.Expr, n: int = 4, seed: int = 5) -> None:
    """Eigenvalues of the claimed Hessian at seeded points are >= 0, with 1 in the null space."""
    j, k = index_symbols("j", "k")
    f = claimed_function(hessian, n, (j, k))
    worst_eig, worst_null = mp.mpf(0), mp.mpf(0)
    with mp.workdps(40):
        for z in logit_points(n, seed)[:2]:
            y = target_points(n, seed)[0]
            h = mp.matrix([[f(z, y, a, b) for b in range(1, n + 1)] for a in range(1, n + 1)])
            eig = np.linalg.eigvalsh(np.array(h.tolist(), dtype=float))
            worst_eig = min(worst_eig, mp.mpf(float(eig.min())))
            worst_null = max(worst_null, max(abs(v) for v in h * mp.matrix([1] * n)))
    ok = worst_eig > -1e-12 and worst_null < mp.mpf(10) ** -30
    proof.require(
        bool(ok),
        NUMERIC,
        f"claimed Hessian at seeded z (n={n}): min eigenvalue {mp.nstr(worst_eig, 3)} >= 0, "
        f"|H 1| <= {mp.nstr(worst_null, 3)}",
    )


F5 = register(
    Claim(
        id="F5",
        slug="ce-hessian",
        title="The Hessian of cross-entropy is diag(s) - s s^T: PSD (v^T H v = Var_s v), H 1 = 0",
        page=PAGE,
        assumptions=(
            "z real; y a distribution (y_i >= 0, sum_i y_i = 1); s = softmax(z), so s_i > 0 and "
            "sum_i s_i = 1; v any real direction; j, k in 1..n"
        ),
        build_statement=_f5_statement,
        build_claimed=_f5_claimed,
        prove=_f5_prove,
    )
)
