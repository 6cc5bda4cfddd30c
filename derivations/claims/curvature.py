r"""Claims F10, F17 and F25 (page ``curvature``): curvature along the margin, and free logits.

F10, for any number of classes :math:`n`: on the path :math:`z = (0, t, \dots, t)` (true class
1, margin :math:`t`), the squared error :math:`L` is increasing in :math:`t`, and concave exactly
where the true class's probability :math:`s_1` is below :math:`1/3`, i.e. for
:math:`t > \log\bigl(2/(n - 1)\bigr)`; cross-entropy is convex along the same path. F25 is the
two-class case in sigmoid form. F17: the softmax does not change when the last logit is
subtracted from all of them, and its Jacobian (the cross-entropy's Hessian, whose quadratic form
is a variance, F5) has rank :math:`n - 1`: only :math:`n - 1` logits are free.

The general-:math:`n` steps compare the claimed forms with the chains of
:mod:`derivations.symbolic.curvature` (made from the general definitions, :math:`n` a symbol);
the exact steps differentiate the concrete definitions for :math:`n = 2, \dots, 16`; the numeric
steps differentiate the losses in mpmath.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import mpmath as mp
import sympy as sp

from ..symbolic import concrete, general
from ..symbolic import curvature as cv
from ..symbolic import definitions as d
from ..symbolic.binary import SIGMA, ZETA, to_definitions
from ..symbolic.curvature import MARGIN
from ..symbolic.expressions import ONE, Softmax, Z, entry
from ..symbolic.general import CE, MSE
from ..symbolic.rewrite import apply_sum_to_one, canonical_sums, resolve_ranges
from ..symbolic.statements import Iff
from ..symbolic.symbols import exp_symbols, general_symbols, logit_symbols
from ..symbolic.zero import exp_as_variables, is_zero
from ._common import CONCRETE_NS, EXACT_NS
from .core import ANY_N, EXACT, Claim, Proof, exact_for, numeric, register
from .mpmath_reference import DPS, logit_points, mp_lse, mp_softmax

__all__ = ["F10", "F17", "F25"]

PAGE = "curvature"
G = general_symbols()
n, t = G.n, MARGIN
S1 = G.s[1]
#: Sizes and margins of the numeric checks (margins far out on both sides, and near the turns).
NUMERIC_NS = (2, 3, 10)
NUMERIC_TS = (-40, -6, -1.5, -0.7, 0, 0.6, 2, 8, 40)
_P = sp.Symbol("p", positive=True)  # s_1 as a plain symbol: identities in it are rational
_E = sp.Symbol("E", positive=True)  # e^t
_A = sp.Symbol("a", integer=True, nonnegative=True)  # n = 2 + a, so n >= 2


def _in_t(expr: sp.Expr, size: int | sp.Expr | None = None) -> sp.Expr:
    """Put the derived path probability in for s_1 (and a size for n)."""
    out = sp.sympify(expr).xreplace({S1: cv.path_probability().result})
    return out if size is None else out.xreplace({n: sp.sympify(size)})


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    """Equal as functions of s_1, n and t."""
    return is_zero(sp.sympify(a - b).xreplace({S1: _P}))


def _positive(expr: sp.Expr) -> bool:
    """Positive for every margin t and every n >= 2 (e^t = E > 0, n = 2 + a)."""
    out = _in_t(expr, 2 + _A).xreplace({sp.exp(t): _E})
    return sp.factor(sp.cancel(sp.together(out))).is_positive is True


def _path(size: int) -> tuple[list[sp.Expr], list[sp.Expr]]:
    """Logits (0, t, ..., t) and target e_1 for ``size`` classes."""
    return [sp.S.Zero] + [t] * (size - 1), [sp.S.One] + [sp.S.Zero] * (size - 1)


@lru_cache(maxsize=32)
def _concrete(size: int) -> dict[str, sp.Expr]:
    """Return the losses along the path from the concrete definitions, and t-derivatives."""
    z, y = _path(size)
    mse, ce = d.mse_on_softmax(z, y), sp.expand_log(d.cross_entropy(z, y))
    return {
        "probability": d.softmax(z)[0],
        "loss": mse,
        "slope": sp.diff(mse, t),
        "second": sp.diff(mse, t, 2),
        "ce": ce,
        "ce_second": sp.diff(ce, t, 2),
    }


def _exact(proof: Proof, part: str, key: str, claimed: sp.Expr, what: str) -> None:
    """For each size, the concrete derivative equals the claimed form at that size."""
    proof.cases(
        part,
        EXACT_NS,
        ((f"n = {c}", is_zero(_concrete(c)[key] - _in_t(claimed, c))) for c in CONCRETE_NS),
        what,
    )


def _mp_losses(size: int) -> tuple[Callable, Callable]:
    def loss(u: mp.mpf) -> mp.mpf:
        s = mp_softmax([mp.mpf(0)] + [u] * (size - 1))
        return ((s[0] - 1) ** 2 + mp.fsum(v**2 for v in s[1:])) / 2

    def ce(u: mp.mpf) -> mp.mpf:
        return -mp.log(mp_softmax([mp.mpf(0)] + [u] * (size - 1))[0])

    return loss, ce


def _numeric(
    proof: Proof,
    part: str,
    claimed: sp.Expr,
    which: str,
    order: int,
    compare: Callable[[mp.mpf, mp.mpf], bool],
    what: str,
) -> None:
    """Compare the claimed form with mpmath derivatives of a loss along the path.

    That the comparison can fail is part of the step: it must reject the mpmath value with its
    sign flipped at some point (a tolerance so loose that it accepts both signs proves nothing).
    """
    failures, sharp, count = [], 0, 0
    with mp.workdps(DPS):
        for size in NUMERIC_NS:
            loss = _mp_losses(size)[0 if which == "mse" else 1]
            f = sp.lambdify(t, _in_t(claimed, size), "mpmath")
            for point in NUMERIC_TS:
                u = mp.mpf(point)
                count += 1
                reference = mp.diff(loss, u, order) if order else loss(u)
                got = mp.mpf(f(u))
                if not compare(got, reference):
                    failures.append((size, point))
                sharp += not compare(got, -reference)
    suffix = f" (differs at n, t = {failures[:2]})" if failures else ""
    flipped = f"; with the sign of mpmath's value flipped, {sharp} of {count} points fail"
    proof.check(part, numeric(count, DPS), not failures and sharp > 0, what + flipped + suffix)


def _equal(got: mp.mpf, reference: mp.mpf) -> bool:
    return bool(abs(got - reference) <= mp.mpf(10) ** -25 * (1 + abs(reference)))


# -- F10 the n-class margin -----------------------------------------------------------------


def _f10_claimed() -> dict[str, Any]:
    return {
        "probability": 1 / (1 + (n - 1) * sp.exp(t)),
        "loss": sp.Rational(1, 2) * n / (n - 1) * (1 - S1) ** 2,
        "slope": n / (n - 1) * S1 * (1 - S1) ** 2,
        "increasing": sp.S.Zero,
        "second": -n / (n - 1) * S1 * (1 - S1) ** 2 * (1 - 3 * S1),
        "concave_probability": sp.Rational(1, 3),
        "concave": sp.log(2 / (n - 1)),
        "ce_second": S1 * (1 - S1),
        "convex": sp.S.Zero,
    }


def _f10_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    slope, second = sp.Derivative(MSE, t), sp.Derivative(MSE, (t, 2))
    ce_second = sp.Derivative(CE, (t, 2))
    concave = sp.Lt(second, 0, evaluate=False)
    return {
        "probability": sp.Eq(S1, forms["probability"], evaluate=False),
        "loss": sp.Eq(MSE, forms["loss"], evaluate=False),
        "slope": sp.Eq(slope, forms["slope"], evaluate=False),
        "increasing": sp.Gt(slope, forms["increasing"], evaluate=False),
        "second": sp.Eq(second, forms["second"], evaluate=False),
        "concave_probability": Iff(
            concave, sp.Lt(S1, forms["concave_probability"], evaluate=False)
        ),
        "concave": Iff(concave, sp.Gt(t, forms["concave"], evaluate=False)),
        "ce_second": sp.Eq(ce_second, forms["ce_second"], evaluate=False),
        "convex": sp.Gt(ce_second, forms["convex"], evaluate=False),
    }


def _sign_change_at_probability(second: sp.Expr, gap: sp.Expr) -> bool:
    """Whether ``second / gap`` (``gap = s_1 - at``) is positive for every margin and n."""
    return _positive(second / gap)


def _sign_change_at_margin(second: sp.Expr, at: sp.Expr) -> bool:
    """At ``t = at + u``, ``second / (1 - e^u)`` is positive for all u: negative exactly past."""
    w = sp.Symbol("w", positive=True)  # e^u
    shifted = _in_t(second, 2 + _A).xreplace({sp.exp(t): sp.exp(at.xreplace({n: 2 + _A})) * w})
    ratio = sp.factor(sp.cancel(sp.together(shifted / (1 - w))))
    return ratio.is_positive is True


@lru_cache(maxsize=32)
def _concrete_roots(size: int) -> tuple[sp.Expr, ...]:
    """Return the values of e^t > 0 where the concrete second derivative of L vanishes."""
    second = exp_as_variables(_concrete(size)["second"]).xreplace(
        {sp.Symbol("exp(t)", positive=True): _E}
    )
    roots = sp.solveset(sp.numer(sp.factor(sp.together(second))), _E, sp.Interval.open(0, sp.oo))
    return tuple(roots) if isinstance(roots, sp.FiniteSet) else ()


def _f10_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    derived_p = cv.path_probability().result
    proof.check(
        "probability",
        ANY_N,
        is_zero(derived_p - forms["probability"]),
        "the softmax of the path, its $n - 1$ equal terms summed, is {}",
        forms["probability"],
    )
    proof.cases(
        "probability",
        EXACT_NS,
        (
            (
                f"n = {c}",
                is_zero(_concrete(c)["probability"] - forms["probability"].xreplace({n: c})),
            )
            for c in CONCRETE_NS
        ),
        "the first entry of the concrete softmax of $(0, t, \\dots, t)$",
    )

    for part, chain, key, order, what in (
        ("loss", cv.path_loss(), "loss", 0, "$L$"),
        ("slope", cv.path_slope(), "slope", 1, "$\\partial L/\\partial t$"),
        ("second", cv.path_second(), "second", 2, "$\\partial^2 L/\\partial t^2$"),
    ):
        proof.check(
            part,
            ANY_N,
            _same(chain.result, forms[part]),
            f"{what}, derived in $s_1$ with the chain rule, is {{}}",
            forms[part],
        )
        _exact(proof, part, key, forms[part], f"{what} from the concrete definition, in $t$")
        _numeric(proof, part, forms[part], "mse", order, _equal, f"{what} by mpmath along the path")

    bound = forms["increasing"]
    slope = cv.path_slope().result
    # The bound is 0, so with + for - this step tests the same expression; that it subtracts the
    # bound is tested with a nonzero one (tests/test_claims_mutations.py raises it).
    excess = slope - bound  # not compared: the bound is 0, x + 0 = x - 0
    proof.check(
        "increasing",
        ANY_N,
        _positive(excess),
        "the derived slope exceeds {} for every $t$ and $n \\ge 2$ "
        "(a product of positive factors, with $0 < s_1 < 1$)",
        bound,
    )
    right = -sp.oo  # the model right: s_1 tends to 1 there (and to 0 at the other end)
    proof.check(
        "increasing",
        ANY_N,
        sp.limit(_in_t(S1), t, right) == 1 and sp.limit(_in_t(slope), t, right) == bound,
        "the slope tends to {} as $t \\to -\\infty$ (where $s_1 \\to 1$), so no larger bound holds",
        bound,
    )
    _numeric(
        proof,
        "increasing",
        bound,
        "mse",
        1,
        lambda got, reference: bool(reference > got),
        "$\\partial L/\\partial t$ in mpmath exceeds the bound at every point",
    )

    second = cv.path_second().result
    at = forms["concave_probability"]
    gap = S1 - at  # the step divides by it and shows it
    proof.check(
        "concave_probability",
        ANY_N,
        _sign_change_at_probability(second, gap),
        "the derived $\\partial^2 L/\\partial t^2$ divided by ({}) is positive for every $t$ and "
        "$n \\ge 2$: negative exactly where $s_1$ is below {}",
        gap,
        at,
    )
    proof.check(
        "concave_probability",
        ANY_N,
        cv.concavity_threshold()[0] == at,
        "the only root in $0 < s_1 < 1$ of the derived second derivative is {}",
        at,
    )
    proof.cases(
        "concave_probability",
        EXACT_NS,
        (
            (
                f"n = {c}",
                [sp.nsimplify(1 / (1 + (c - 1) * r)) for r in _concrete_roots(c)] == [at],
            )
            for c in CONCRETE_NS
        ),
        "$s_1$ where the concrete second derivative vanishes",
    )

    threshold = forms["concave"]
    proof.check(
        "concave",
        ANY_N,
        _sign_change_at_margin(second, threshold),
        "with $t$ written as {} plus $u$, the derived second derivative divided by $1 - e^{u}$ is "
        "positive for every $u$ and $n \\ge 2$: negative exactly for $u > 0$",
        threshold,
    )
    proof.check(
        "concave",
        ANY_N,
        is_zero(cv.concavity_threshold()[1] - threshold),
        "$s_1(t) = 1/3$ solved for $t$ gives {}",
        threshold,
    )
    proof.cases(
        "concave",
        EXACT_NS,
        (
            (
                f"n = {c}",
                [sp.expand_log(sp.log(r)) for r in _concrete_roots(c)]
                == [sp.expand_log(threshold.xreplace({n: c}))],
            )
            for c in CONCRETE_NS
        ),
        "the margin where the concrete second derivative vanishes",
    )

    proof.check(
        "ce_second",
        ANY_N,
        _same(cv.path_ce_second().result, forms["ce_second"]),
        "$\\partial^2 \\mathrm{CE}/\\partial t^2$, derived in $s_1$, is {}",
        forms["ce_second"],
    )
    _exact(
        proof,
        "ce_second",
        "ce_second",
        forms["ce_second"],
        "$\\partial^2 \\mathrm{CE}/\\partial t^2$ from the concrete definition, in $t$",
    )
    _numeric(
        proof,
        "ce_second",
        forms["ce_second"],
        "ce",
        2,
        _equal,
        "$\\partial^2 \\mathrm{CE}/\\partial t^2$ by mpmath along the path",
    )

    bound = forms["convex"]
    ce_second = cv.path_ce_second().result
    excess = ce_second - bound  # not compared: the bound is 0, x + 0 = x - 0 (as above)
    proof.check(
        "convex",
        ANY_N,
        _positive(excess),
        "the derived $s_1(1 - s_1)$ exceeds {} for every $t$ and $n \\ge 2$",
        bound,
    )
    proof.check(
        "convex",
        ANY_N,
        sp.limit(_in_t(ce_second), t, sp.oo) == bound,
        "it tends to {} as $t \\to \\infty$, so no larger bound holds",
        bound,
    )
    _numeric(
        proof,
        "convex",
        bound,
        "ce",
        2,
        lambda got, reference: bool(reference > got),
        "$\\partial^2 \\mathrm{CE}/\\partial t^2$ in mpmath exceeds the bound at every point",
    )


F10 = register(
    Claim(
        id="F10",
        slug="margin-curvature",
        title="Along the margin, squared error on softmax rises and is concave exactly where the "
        "true class has probability below one third; cross-entropy is convex",
        page=PAGE,
        assumptions=(
            r"$n \ge 2$ classes; the true class is class $1$, the target $y = e_1$",
            r"the logits $z = (0, t, \dots, t)$: the margin $t = \max_{j \ne 1} z_j - z_1$ is "
            r"real, positive when the model is wrong",
            r"$s_1$ is the softmax's probability of the true class; "
            r"$L = \tfrac12 \lVert s - y \rVert^2$, $\mathrm{CE} = -\log s_1$",
        ),
        claimed=_f10_claimed,
        relations=_f10_relations,
        prove=_f10_prove,
    )
)


# -- F25 two classes, in sigmoid form -------------------------------------------------------


def _f25_claimed() -> dict[str, Any]:
    sigma = SIGMA(t)
    return {
        "loss": sigma**2,
        "second": 2 * sigma**2 * (1 - sigma) * (2 - 3 * sigma),
        "ce": ZETA(t),
        "ce_second": sigma * (1 - sigma),
    }


def _f25_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "loss": sp.Eq(MSE, forms["loss"], evaluate=False),
        "second": sp.Eq(sp.Derivative(MSE, (t, 2)), forms["second"], evaluate=False),
        "ce": sp.Eq(CE, forms["ce"], evaluate=False),
        "ce_second": sp.Eq(sp.Derivative(CE, (t, 2)), forms["ce_second"], evaluate=False),
    }


def _same_in_t(a: sp.Expr, b: sp.Expr) -> bool:
    """Equal as functions of t (logarithms of positive quantities split first)."""
    return is_zero(sp.expand_log(exp_as_variables(sp.sympify(a - b))))


def _f25_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    concrete = _concrete(2)
    general = {
        "loss": cv.path_loss().result,
        "second": cv.path_second().result,
        "ce": cv.path_ce().result,
        "ce_second": cv.path_ce_second().result,
    }
    words = {
        "loss": "$L$",
        "second": "$\\partial^2 L/\\partial t^2$",
        "ce": "$\\mathrm{CE}$",
        "ce_second": "$\\partial^2 \\mathrm{CE}/\\partial t^2$",
    }
    for part in ("loss", "second", "ce", "ce_second"):
        claimed = to_definitions(forms[part])
        proof.check(
            part,
            EXACT,
            _same_in_t(concrete[part], claimed),
            f"{words[part]} of the two-class definition at $z = (0, t)$, with "
            f"$\\sigma(t) = 1/(1 + e^{{-t}})$ and $\\zeta(t) = \\log(1 + e^{{t}})$, is {{}}",
            forms[part],
        )
        proof.check(
            part,
            EXACT,
            _same_in_t(_in_t(general[part], 2), claimed),
            f"the $n$-class result for {words[part]} at $n = 2$ is {{}}",
            forms[part],
        )


F25 = register(
    Claim(
        id="F25",
        slug="margin-curvature-two-classes",
        title="With two classes the squared error along the margin is the squared sigmoid, "
        "and both curvatures are polynomials in the sigmoid",
        page=PAGE,
        assumptions=(
            r"two classes, the true class first: logits $z = (0, t)$, target $y = (1, 0)$",
            r"$\sigma(t) = 1/(1 + e^{-t})$ (the probability of the wrong class), "
            r"$\zeta(t) = \log(1 + e^{t})$",
        ),
        claimed=_f25_claimed,
        relations=_f25_relations,
        prove=_f25_prove,
    )
)


# -- F17 only n - 1 logits are free ---------------------------------------------------------

#: The rank of the softmax Jacobian (the cross-entropy's Hessian), as the page writes it.
JACOBIAN_RANK = sp.Symbol(r"\operatorname{rank} J", integer=True)
RANK_NS = (2, 3, 4)


def _f17_claimed() -> dict[str, Any]:
    return {"pinned": Softmax(Z, G.i), "rank": n - 1}


def _f17_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "pinned": sp.Eq(Softmax(Z - G.z[n] * ONE, G.i), forms["pinned"], evaluate=False),
        "rank": sp.Eq(JACOBIAN_RANK, forms["rank"], evaluate=False),
    }


@lru_cache(maxsize=1)
def _jacobian_row_sum() -> sp.Expr:
    entry = general.softmax_jacobian().result
    total = canonical_sums(resolve_ranges(sp.Sum(entry, (G.j, 1, n)).doit()))
    return apply_sum_to_one(total, G.s)


@lru_cache(maxsize=1)
def _jacobian_form() -> sp.Expr:
    return cv.quadratic_form(general.softmax_jacobian().result, G.i, G.j)


@lru_cache(maxsize=8)
def _rank(size: int) -> int | None:
    """Rank of the derived concrete Jacobian for every e > 0: det 0 and a positive minor."""
    es = exp_symbols(size)
    total = sp.Add(*es)
    # (sum e)^2 J is a polynomial matrix of the same rank (sum e > 0); any positive factor keeps
    # the rank and the minors' signs, the square only clears the denominators.
    jacobian = sp.Matrix(concrete.softmax_jacobian(size))
    scaled = jacobian * total**2  # not compared: any positive scale keeps the rank
    scaled = scaled.applyfunc(sp.cancel)
    if sp.expand(scaled.det(method="berkowitz")) != 0:
        return size
    minor = sp.factor(scaled[: size - 1, : size - 1].det(method="berkowitz"))
    return size - 1 if minor.is_positive else None


def _f17_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    i, z = G.i, G.z
    # Every shift leaves the softmax unchanged, so each step also checks that the shifted logits
    # are the pinned ones: the last entry 0.
    shift = z[n] * ONE  # not compared: ONE is the vector of ones, z_n/1 = z_n 1
    pinned = Z - shift
    shifted = Softmax(pinned, i).doit()
    proof.check(
        "pinned",
        ANY_N,
        entry(pinned, n) == 0 and is_zero(shifted - forms["pinned"].doit()),
        "the softmax of $z - z_n \\mathbf{1}$ (its last logit $0$), the factor $e^{-z_n}$ "
        "cancelled, is {}",
        forms["pinned"],
    )

    def concrete_pinned(size: int) -> bool:
        zs = logit_symbols(size)
        want = [forms["pinned"].doit().xreplace({n: size, i: c}).doit() for c in range(1, size + 1)]
        want = [w.xreplace({z[a + 1]: zs[a] for a in range(size)}) for w in want]
        moved = [u - zs[-1] for u in zs]
        got = d.softmax(moved)
        return moved[-1] == 0 and all(is_zero(a - b) for a, b in zip(got, want, strict=True))

    proof.cases(
        "pinned",
        EXACT_NS,
        ((f"n = {c}", concrete_pinned(c)) for c in CONCRETE_NS),
        "every entry of the concrete softmax of $z - z_n \\mathbf{1}$ (its last logit $0$)",
    )
    # The tolerance must also tell the softmax from that of the negated logits (it could not if
    # it were loose), and the shifted point must have its last logit 0.
    worst, apart, pinned_last, count = mp.mpf(0), mp.inf, True, 0

    def distance(xs: list, ys: list) -> mp.mpf:
        return max(abs(a - b) for a, b in zip(xs, ys, strict=True))

    value = sp.lambdify(
        logit_symbols(4),
        [
            forms["pinned"]
            .doit()
            .xreplace({n: 4, i: c})
            .doit()
            .xreplace({z[a + 1]: logit_symbols(4)[a] for a in range(4)})
            for c in range(1, 5)
        ],
        "mpmath",
    )
    with mp.workdps(DPS):
        tolerance = mp.mpf(10) ** -30
        for point in logit_points(4, 170):
            count += 1
            shifted_point = [u - point[-1] for u in point]
            pinned_last = pinned_last and shifted_point[-1] == 0
            lse = mp_lse(shifted_point)
            reference = [mp.exp(u - lse) for u in shifted_point]
            got = value(*point)
            worst = max(worst, distance(got, reference))
            apart = min(apart, distance(got, mp_softmax([-u for u in point])))
    proof.check(
        "pinned",
        numeric(count, DPS),
        pinned_last and worst < tolerance < apart,
        "the softmax of $z - z_n \\mathbf{1}$ (its last logit $0$) in mpmath, $|z|$ up to about "
        "3000, n = 4; the softmax of $-z$ differs by more than the tolerance",
    )

    # Rank: v^T J v = sum_j s_j (v_j - mean)^2 with s_j > 0 vanishes only when every v_j is the
    # mean (v constant), and J 1 = 0; J is symmetric and positive semidefinite, so its null space
    # is span(1), of dimension 1, and rank J = n - 1 (rank-nullity).
    summand = cv.variance().function
    mean = sp.Sum(G.s[i] * G.v[i], (i, 1, n))
    only_constant = sp.solve(summand, G.v[G.j]) == [mean] and summand.is_nonnegative is True
    proof.check(
        "rank",
        ANY_N,
        only_constant
        and is_zero(_jacobian_form() - cv.expanded(cv.variance()), (G.s,))
        and is_zero(_jacobian_row_sum())
        and is_zero(forms["rank"] - (n - 1)),
        "the derived $v^\\top J v = \\sum_j s_j (v_j - \\bar v)^2$ with every $s_j > 0$ vanishes "
        "only when every $v_j = \\bar v$, i.e. $v \\in \\mathrm{span}(\\mathbf{1})$, and the "
        "derived $J \\mathbf{1} = 0$; $J$ is symmetric and positive semidefinite, so its null "
        "space is $\\mathrm{span}(\\mathbf{1})$, of dimension $1$, and by rank-nullity (an "
        "argument in words) the rank is {}",
        forms["rank"],
    )
    proof.cases(
        "rank",
        exact_for(RANK_NS),
        ((f"n = {c}", _rank(c) == forms["rank"].xreplace({n: c})) for c in RANK_NS),
        "the rank of the concrete Jacobian for every choice of positive exponentials "
        "$e^{z_1}, \\dots, e^{z_n}$: its determinant is $0$ and its leading minor of size "
        "$n - 1$ is a product of positive factors",
    )


F17 = register(
    Claim(
        id="F17",
        slug="free-logits",
        title="Only n − 1 logits are free: fixing the last logit to zero loses nothing, and the "
        "softmax Jacobian has rank n − 1",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, $s = \mathrm{softmax}(z)$, so $s_i > 0$ and $\sum_i s_i = 1$",
            r"$J$ the softmax Jacobian, $J_{ij} = \partial s_i / \partial z_j$, which is also the "
            r"cross-entropy's Hessian $H$; $i \in \{1, \dots, n\}$",
        ),
        claimed=_f17_claimed,
        relations=_f17_relations,
        prove=_f17_prove,
    )
)
