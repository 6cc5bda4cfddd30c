r"""Claims F32-F38 (page ``exponential``): four routes that lead to the exponential.

* F32 ``max-entropy``: the distribution of largest entropy with a given expected score is
  :math:`\mathrm{softmax}(\beta z)`, and the entropy is strictly concave (so that is a maximum);
* F33 ``max-entropy-score``: the expected score grows with :math:`\beta` (its slope is a variance);
* F34 ``lse-conjugate``: :math:`\max_{p \in \Delta} (p^\top z + \mathcal{H}(p)) = \mathrm{LSE}(z)`,
  attained at :math:`p = \mathrm{softmax}(z)`;
* F35 ``conjugate-gap``: the gap to that maximum is the divergence :math:`\mathrm{KL}(p \,\|\, s)`,
  which is never negative;
* F36 ``luce-exponential``: odds that depend only on score differences force
  :math:`\rho(u) = e^{\beta u}` (differentiable case) and so the softmax;
* F37 ``choice-odds``: softmax odds depend on differences; dividing by the sum gives ratios, which
  change when a constant is added;
* F38 ``gumbel-max``: the winner of Gumbel-perturbed logits is softmax-distributed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mpmath as mp
import numpy as np
import sympy as sp

from ..kernels.gumbel import EXAMPLE, gumbel_max_frequencies, within_binomial_error
from ..symbolic import exponential as ex
from ..symbolic.expressions import LSE, ONE, Softmax, Z
from ..symbolic.rewrite import concretize
from ..symbolic.symbols import general_symbols, logit_symbols
from ..symbolic.zero import is_zero
from ._common import CONCRETE_NS, EXACT_NS, check_any_n
from .core import ANY_N, EXACT, Claim, Method, Proof, exact_for, numeric, register
from .mpmath_reference import DPS, close, mp_lse, mp_softmax

__all__ = ["F32", "F33", "F34", "F35", "F36", "F37", "F38"]

PAGE = "exponential"
G = general_symbols()
E = ex.exponential_symbols()
s, z, x, v, i, j, n = G.s, G.z, G.x, G.v, G.i, G.j, G.n
p, beta = E.p, E.beta
#: Sizes of the slower concrete checks (quotients of n exponentials with a multiplier).
SMALL_NS = (2, 3, 4, 8)
#: A seeded simulation, compared with the claimed probabilities within its binomial error.
MONTE_CARLO = Method(
    "measured",
    "confirmed by a seeded simulation of {} draws, within {:g} standard errors".format(
        f"{EXAMPLE.samples:,}".replace(",", " "), EXAMPLE.k
    ),
)


def _concrete(expr: sp.Expr, count: int, index: sp.Symbol, value: int, vectors: dict) -> sp.Expr:
    """Return the general-``n`` ``expr`` at ``n = count`` and ``index = value``."""
    return concretize(sp.sympify(expr).doit(), count, {index: value}, vectors)


def _points(count: int, seed: int, scales: tuple[float, ...] = (1.0, 3.0)) -> list[list[mp.mpf]]:
    """Seeded logits of moderate size (an integral over the Gumbel density stays accurate)."""
    rng = np.random.default_rng(seed)
    return [[mp.mpf(float(t)) for t in rng.normal(0.0, scale, count)] for scale in scales]


def _distributions(count: int, seed: int, how_many: int = 3) -> list[list[mp.mpf]]:
    """Seeded distributions with every entry positive, summing to one at the working precision."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(how_many):
        weights = [mp.mpf(float(t)) for t in rng.random(count)]
        total = mp.fsum(weights)
        out.append([t / total for t in weights])
    return out


# -- F32 maximum entropy ------------------------------------------------------------------------

#: The quadratic form of the entropy's Hessian, :math:`\sum_i v_i \sum_j v_j \partial^2\mathcal{H}`.
QUADRATIC = ex.entropy_quadratic_form().lhs


def _f32_claimed() -> dict[str, Any]:
    return {
        "solution": Softmax(beta * Z, j),
        "hessian": -sp.KroneckerDelta(i, j) / p[i],
        "negative": sp.S.Zero,
    }


def _f32_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "solution": sp.Eq(p[j], forms["solution"], evaluate=False),
        "hessian": sp.Eq(sp.Derivative(ex.ENTROPY, p[i], p[j]), forms["hessian"], evaluate=False),
        "negative": sp.Lt(QUADRATIC, forms["negative"], evaluate=False),
    }


def _f32_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    check_any_n(
        proof,
        "solution",
        ex.max_entropy_solution().result,
        forms["solution"],
        "the stationary point of the Lagrangian, normalised,",
    )

    def stationary(count: int) -> bool:
        zs = logit_symbols(count)
        entries = [_concrete(forms["solution"], count, j, a, {z: zs}) for a in ex.classes(count)]
        lams = ex.implied_multipliers(entries, zs)
        same = all(is_zero(lam - lams[0]) for lam in lams)
        return same and is_zero(sum(entries) - 1)

    proof.cases(
        "solution",
        EXACT_NS,
        ((f"n = {c}", stationary(c)) for c in CONCRETE_NS),
        "the stated $p$ makes every $\\partial\\mathcal{L}/\\partial p_j$ vanish with one "
        "$\\lambda$, and sums to one",
    )

    check_any_n(
        proof, "hessian", ex.entropy_hessian().result, forms["hessian"], "SymPy's second derivative"
    )

    def hessian(count: int) -> bool:
        ps = sp.symbols(f"p_1:{count + 1}", positive=True)
        entropy = _concrete(ex.entropy(), count, i, 1, {p: ps})
        stated = sp.Matrix(
            count,
            count,
            lambda a, b: concretize(forms["hessian"], count, {i: a + 1, j: b + 1}, {p: ps}),
        )
        return is_zero(sp.hessian(entropy, ps) - stated)

    proof.cases(
        "hessian",
        EXACT_NS,
        ((f"n = {c}", hessian(c)) for c in CONCRETE_NS),
        "the Hessian matrix of the concrete entropy",
    )

    form = ex.entropy_quadratic_form().result
    largest = ex.concave_maximum(form, v)
    proof.check(
        "negative",
        ANY_N,
        sp.Ge(forms["negative"], largest),
        "the form is {}; each term is largest, {}, only at $v_i = 0$, so for $v \\ne 0$ the form "
        "is below the stated bound",
        form,
        largest,
    )


F32 = register(
    Claim(
        id="F32",
        slug="max-entropy",
        title="The distribution of largest entropy with a given expected score is the softmax "
        "of a multiple of the scores",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$; $p$ a distribution with $p_i > 0$ and "
            r"$\sum_i p_i z_i = \mu$ given",
            r"$\mathcal{H}(p) = -\sum_{m} p_m \log p_m$, "
            r"$\mathcal{L} = \mathcal{H}(p) + \beta(\sum_m p_m z_m - \mu) "
            r"+ \lambda(\sum_m p_m - 1)$",
            r"$v \in \mathbb{R}^n$, $v \ne 0$",
        ),
        claimed=_f32_claimed,
        relations=_f32_relations,
        prove=_f32_prove,
    )
)


# -- F33 the expected score grows with beta ----------------------------------------------------

SLOPE = sp.Derivative(E.mu, beta)


def _f33_claimed() -> dict[str, Any]:
    return {"slope": ex.score_variance(), "increasing": sp.S.Zero}


#: The condition of the strict increase, as the page shows it.
NOT_ALL_EQUAL = r"\text{unless } z_1 = \dots = z_n"


def _f33_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "slope": sp.Eq(SLOPE, forms["slope"], evaluate=False),
        "increasing": ex.Provided(sp.Gt(SLOPE, forms["increasing"], evaluate=False), NOT_ALL_EQUAL),
    }


#: Seeded scores for the strict increase, from far apart to nearly equal (spread 10^-3), and
#: multipliers beta at which the slope is taken.
_SPREADS = (3.0, 1.0, 1e-3)
_BETAS = (mp.mpf("-0.7"), mp.mpf("0.5"), mp.mpf(2))


def _mp_expected_score(scores: list[mp.mpf], b: mp.mpf) -> mp.mpf:
    """Compute the expected score of softmax(b z) from the definitions, in mpmath."""
    weights = [mp.exp(b * t) for t in scores]
    return mp.fsum(w * t for w, t in zip(weights, scores, strict=True)) / mp.fsum(weights)


def _f33_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    derived = ex.expected_score_slope().result
    proof.check(
        "slope",
        ANY_N,
        is_zero(ex.in_distribution(derived - forms["slope"]), [p]),
        "the derivative of $\\mu$ at $p = \\mathrm{softmax}(\\beta z)$, {}, is the stated form "
        "with $\\mu = \\sum_m p_m z_m$ and $\\sum_i p_i = 1$",
        derived,
    )

    def concrete(count: int) -> bool:
        zs, ps = logit_symbols(count), sp.symbols(f"p_1:{count + 1}", positive=True)
        weights = [sp.exp(beta * t) for t in zs]
        mean = sum(w * t for w, t in zip(weights, zs, strict=True)) / sum(weights)
        # Positive variables b_j for exp(beta z_j) (after differentiating) make it rational.
        bs = sp.symbols(f"b_1:{count + 1}", positive=True)
        as_b = dict(zip(weights, bs, strict=True))
        stated = _concrete(forms["slope"], count, i, 1, {z: zs, p: ps}).xreplace(
            {E.mu: mean, **dict(zip(ps, [w / sum(weights) for w in weights], strict=True))}
        )
        return is_zero((sp.diff(mean, beta) - stated).xreplace(as_b))

    proof.cases(
        "slope",
        exact_for(SMALL_NS),
        ((f"n = {c}", concrete(c)) for c in SMALL_NS),
        "the derivative of the concrete $\\mu(\\beta)$",
    )

    # The slope is a sum of terms p_i (z_i - mu)^2 >= 0, zero only where every z_i = mu (all
    # scores equal): otherwise positive. Its infimum over unequal scores is the value at equal
    # scores, 0 (it tends there as the scores approach each other): no larger bound holds.
    variance = ex.score_variance()
    bound = sp.sympify(forms["increasing"])
    infimum = ex.nonnegative_terms_minimum(variance)
    proof.check(
        "increasing",
        ANY_N,
        is_zero(ex.in_distribution(derived - variance), [p])
        and ex.zero_only_where_equal(variance)
        and bool(sp.Le(bound, infimum)),
        "the derived slope is {}, a sum of terms $p_i (z_i - \\mu)^2 \\ge 0$ with $p_i > 0$, each "
        "zero only at $z_i = \\mu$: so it is zero only if all $z_i$ are equal, and otherwise "
        "exceeds {}; no larger bound holds, since it tends to {} as the $z_i$ approach each other",
        variance,
        bound,
        infimum,
    )

    def slopes(count: int, seed: int) -> list[tuple[mp.mpf, mp.mpf]]:
        """Return (numerical derivative of mu, variance of the scores) at seeded points."""
        rng = np.random.default_rng(seed)
        out = []
        with mp.workdps(DPS):
            for spread in _SPREADS:
                scores = [mp.mpf(float(t)) * spread for t in rng.normal(0.0, 1.0, count)]
                for b in _BETAS:
                    slope = mp.diff(lambda w, z=scores: _mp_expected_score(z, w), b)
                    # The variance from its definition, at p = softmax(b z) computed on its own.
                    probs = mp_softmax([b * t for t in scores])
                    mean = mp.fsum(q * t for q, t in zip(probs, scores, strict=True))
                    squares = [q * (t - mean) ** 2 for q, t in zip(probs, scores, strict=True)]
                    out.append((slope, mp.fsum(squares)))
        return out

    seeds = {count: 330 + count for count in (2, 3, 5)}  # not compared: seeds, any seeds do
    pairs = [pair for count, seed in seeds.items() for pair in slopes(count, seed)]
    measured = [slope for slope, _ in pairs]
    smallest = min(measured)
    # The slope is the variance, exceeds the bound at every point, and comes within 10^-4 of it
    # at the nearly equal scores.
    with mp.workdps(DPS):
        is_variance = all(close(slope, value) for slope, value in pairs)
    holds = is_variance and all(v > bound for v in measured) and smallest < bound + mp.mpf("1e-4")
    proof.check(
        "increasing",
        numeric(len(measured), DPS),
        holds,
        "mpmath's numerical derivative of the expected score of $\\mathrm{softmax}(\\beta z)$ "
        "is the variance $\\sum_i p_i (z_i - \\mu)^2$ of the scores; at seeded unequal scores "
        "($n = 2, 3, 5$) it exceeds {}, and it comes within $10^{-4}$ of it where the scores "
        "nearly agree",
        bound,
    )


F33 = register(
    Claim(
        id="F33",
        slug="max-entropy-score",
        title="At the maximum-entropy distribution the expected score grows with the multiplier, "
        "strictly unless all scores are equal: its slope is the variance of the scores",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, $\beta \in \mathbb{R}$, $p = \mathrm{softmax}(\beta z)$",
            r"$\mu = \sum_i p_i z_i$; the increase is strict unless $z_1 = \dots = z_n$",
        ),
        claimed=_f33_claimed,
        relations=_f33_relations,
        prove=_f33_prove,
    )
)


# -- F34 log-sum-exp is the largest value of p'z + H(p) ----------------------------------------

MAXIMUM = ex.Shown(r"\max_{p \in \Delta} \left(p^\top z + \mathcal{H}(p)\right)", real=True)
MAXIMISER = ex.Shown(r"p^{\star}_i", positive=True)


def _objective_mp(zv: list, pv: list) -> mp.mpf:
    r""":math:`\\sum_i p_i z_i - \\sum_i p_i \\log p_i` in mpmath."""
    return mp.fsum(a * b for a, b in zip(pv, zv, strict=True)) - mp.fsum(a * mp.log(a) for a in pv)


def _f34_claimed() -> dict[str, Any]:
    return {"maximum": LSE(), "maximiser": Softmax(Z, i)}


def _f34_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "maximum": sp.Eq(MAXIMUM, forms["maximum"], evaluate=False),
        "maximiser": sp.Eq(MAXIMISER, forms["maximiser"], evaluate=False),
    }


def _f34_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    check_any_n(
        proof,
        "maximum",
        ex.conjugate_value().result,
        forms["maximum"],
        "$p^\\top z + \\mathcal{H}(p)$ at $p = s$",
    )
    check_any_n(
        proof,
        "maximum",
        ex.objective() + ex.divergence_gap().result,
        forms["maximum"],
        "$p^\\top z + \\mathcal{H}(p) + \\mathrm{KL}(p \\,\\|\\, s)$, for every $p$ in $\\Delta$,",
    )

    count = 3
    zs = logit_symbols(count)
    stated = sp.lambdify(zs, _concrete(forms["maximum"], count, i, 1, {z: zs}), modules="mpmath")
    failures, points = [], 0
    with mp.workdps(DPS):
        for zv in _points(count, seed=40, scales=(1.0, 30.0, 1000.0)):
            best = stated(*zv)
            points += 1
            if not close(_objective_mp(zv, mp_softmax(zv)), best):
                failures.append("at s")
            for pv in _distributions(count, seed=41):
                points += 1
                if _objective_mp(zv, pv) > best:
                    failures.append("above")
    proof.check(
        "maximum",
        numeric(points, DPS),
        not failures,
        "$p^\\top z + \\mathcal{H}(p)$ in mpmath: equal to the stated maximum at $p = s$, "
        f"below it at seeded $p$, $n = {count}$",
    )

    solution = ex.max_entropy_solution().result.xreplace({beta: sp.S.One, j: i})
    check_any_n(
        proof,
        "maximiser",
        solution,
        forms["maximiser"],
        "the stationary point of $p^\\top z + \\mathcal{H}(p) + \\lambda(\\sum_i p_i - 1)$",
    )
    stated_p = sp.sympify(forms["maximiser"]).doit()
    divergence = sp.Sum(stated_p * sp.log(stated_p / Softmax(Z, i).doit()), (i, 1, n))
    proof.check(
        "maximiser",
        ANY_N,
        is_zero(divergence),
        "$\\mathrm{KL}(p \\,\\|\\, s)$ at the stated maximiser is zero",
    )


F34 = register(
    Claim(
        id="F34",
        slug="lse-conjugate",
        title="Log-sum-exp is the largest value of the expected score plus the entropy, "
        "reached at the softmax",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, $s = \mathrm{softmax}(z)$",
            r"$\Delta = \{p : p_i \ge 0,\ \sum_i p_i = 1\}$, "
            r"$\mathcal{H}(p) = -\sum_i p_i \log p_i$ (with $0 \log 0 = 0$)",
        ),
        claimed=_f34_claimed,
        relations=_f34_relations,
        prove=_f34_prove,
    )
)


# -- F35 the gap is a Kullback-Leibler divergence, never negative ------------------------------

DIVERGENCE = sp.Sum(p[i] * sp.log(p[i] / s[i]), (i, 1, n))


def _f35_claimed() -> dict[str, Any]:
    return {"gap": DIVERGENCE, "gibbs": sp.S.Zero}


def _f35_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "gap": sp.Eq(sp.Add(LSE(), -ex.OBJECTIVE, evaluate=False), forms["gap"], evaluate=False),
        "gibbs": sp.Ge(DIVERGENCE, forms["gibbs"], evaluate=False),
    }


def _f35_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    written = ex.kl_in_logits(forms["gap"])
    proof.check(
        "gap",
        ANY_N,
        is_zero((written - (LSE() - ex.objective())).doit(), [p]),
        "the stated form, with $\\log s_i = z_i - \\mathrm{LSE}(z)$ and $\\sum_i p_i = 1$, is {}",
        written,
    )

    count = 3
    zs, ps = logit_symbols(count), sp.symbols(f"p_1:{count + 1}", positive=True)
    vectors = {z: zs, p: ps, s: [sp.exp(t) / sum(sp.exp(u) for u in zs) for t in zs]}
    stated = sp.lambdify([*zs, *ps], _concrete(forms["gap"], count, i, 1, vectors), "mpmath")
    failures, points = [], 0
    with mp.workdps(DPS):
        for zv in _points(count, seed=43, scales=(1.0, 30.0, 1000.0)):
            for pv in _distributions(count, seed=44):
                points += 1
                if not close(stated(*zv, *pv), mp_lse(zv) - _objective_mp(zv, pv)):
                    failures.append(float(zv[0]))
    proof.check(
        "gap",
        numeric(points, DPS),
        not failures,
        f"$\\mathrm{{LSE}}(z) - (p^\\top z + \\mathcal{{H}}(p))$ in mpmath, $n = {count}$",
    )

    bound = ex.gibbs_lower_bound()
    proof.check(
        "gibbs",
        ANY_N,
        sp.Le(forms["gibbs"], bound),
        "with $\\log u \\le u - 1$ at $u = s_i/p_i$, the divergence is at least "
        "$\\sum_i p_i (1 - s_i/p_i)$, which is {}, at least the stated bound",
        bound,
    )


F35 = register(
    Claim(
        id="F35",
        slug="conjugate-gap",
        title="Log-sum-exp exceeds the expected score plus the entropy by a Kullback-Leibler "
        "divergence, which is never negative",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, $s = \mathrm{softmax}(z)$",
            r"$p$ a distribution with $p_i > 0$",
        ),
        claimed=_f35_claimed,
        relations=_f35_relations,
        prove=_f35_prove,
    )
)


# -- F36 Luce: odds in score differences force the exponential ---------------------------------


def _f36_claimed() -> dict[str, Any]:
    return {"solution": sp.exp(beta * E.u), "choice": Softmax(beta * Z, i)}


def _f36_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "solution": sp.Eq(E.rho(E.u), forms["solution"], evaluate=False),
        "choice": sp.Eq(E.P[i], forms["choice"], evaluate=False),
    }


def _f36_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    form = forms["solution"]
    derived = ex.cauchy_solution().result
    proof.check(
        "solution",
        EXACT,
        is_zero(derived - form),
        "Cauchy's equation differentiated at $\\xi_2 = 0$ and solved with $\\rho(0) = 1$ gives {}",
        derived,
    )
    u, xi1, xi2 = E.u, E.xi1, E.xi2
    sum_rule = form.xreplace({u: xi1 + xi2}) - form.xreplace({u: xi1}) * form.xreplace({u: xi2})
    slope = sp.diff(form, u).xreplace({u: sp.S.Zero})
    proof.check(
        "solution",
        EXACT,
        is_zero(sum_rule) and is_zero(slope - beta),
        "the stated $\\rho$ satisfies $\\rho(\\xi_1 + \\xi_2) = \\rho(\\xi_1)\\rho(\\xi_2)$, and "
        "its slope at $0$ is $\\beta$",
    )

    check_any_n(
        proof,
        "choice",
        ex.luce_choice().result,
        forms["choice"],
        "$1/\\sum_m \\rho(z_m - z_i)$ with the derived $\\rho$",
    )

    def concrete(count: int) -> bool:
        zs = logit_symbols(count)
        for a in ex.classes(count):
            odds = [derived.xreplace({u: t - zs[a - 1]}) for t in zs]
            stated = _concrete(forms["choice"], count, i, a, {z: zs})
            if not is_zero(ex.scores_as_variables(1 / sum(odds) - stated, zs)):
                return False
        return True

    proof.cases(
        "choice",
        EXACT_NS,
        ((f"n = {c}", concrete(c)) for c in CONCRETE_NS),
        "$1/\\sum_m \\rho(z_m - z_i)$ for concrete logits, every $i$",
    )


F36 = register(
    Claim(
        id="F36",
        slug="luce-exponential",
        title="If the odds of two classes depend only on the difference of their scores, "
        "the choice probabilities are the softmax",
        page=PAGE,
        assumptions=(
            r"choice probabilities $P_i > 0$ on $n \ge 3$ classes, $\sum_i P_i = 1$",
            r"odds $P_i / P_j = \rho(z_i - z_j)$, the same $\rho$ for every pair and every "
            r"set of classes, for all real scores; so "
            r"$\rho(\xi_1 + \xi_2) = \rho(\xi_1) \rho(\xi_2)$",
            r"$\rho$ differentiable, $\beta = \rho'(0)$ (for $\rho$ only continuous the same "
            r"holds by Cauchy's argument, given in words on the page)",
        ),
        claimed=_f36_claimed,
        relations=_f36_relations,
        prove=_f36_prove,
    )
)


# -- F37 odds: differences for the softmax, ratios for dividing by the sum ---------------------

c = E.c
SHIFTED = Z + c * ONE
SOFTMAX_ODDS = Softmax(SHIFTED, i) / Softmax(SHIFTED, j)
SUM_ODDS = ex.DivideBySum(ex.X + c * ONE, i) / ex.DivideBySum(ex.X + c * ONE, j)
SUM_CHANGE = SUM_ODDS - ex.DivideBySum(ex.X, i) / ex.DivideBySum(ex.X, j)


def _f37_claimed() -> dict[str, Any]:
    return {
        "softmax": sp.exp(z[i] - z[j]),
        # Unevaluated sums keep the order x_i + c (SymPy's own puts the constant first).
        "divide": sp.Add(x[i], c, evaluate=False) / sp.Add(x[j], c, evaluate=False),
        "change": c * (x[j] - x[i]) / (x[j] * sp.Add(x[j], c, evaluate=False)),
    }


def _f37_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "softmax": sp.Eq(SOFTMAX_ODDS, forms["softmax"], evaluate=False),
        "divide": sp.Eq(SUM_ODDS, forms["divide"], evaluate=False),
        "change": sp.Eq(SUM_CHANGE, forms["change"], evaluate=False),
    }


def _f37_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    check_any_n(
        proof, "softmax", SOFTMAX_ODDS.doit(), forms["softmax"], "the quotient of the two entries"
    )
    check_any_n(
        proof, "divide", SUM_ODDS.doit(), forms["divide"], "the quotient of the two entries"
    )
    proof.check(
        "change",
        ANY_N,
        is_zero(sp.together(SUM_CHANGE.doit() - forms["change"])),
        "the difference of the two quotients, over a common denominator",
    )


F37 = register(
    Claim(
        id="F37",
        slug="choice-odds",
        title="The softmax's odds depend only on the difference of two logits; "
        "dividing by the sum gives a ratio, which changes when a constant is added",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$; $x_i > 0$ and $x_i + c > 0$",
            r"$q(x)_i = x_i / \sum_m x_m$, $c \in \mathbb{R}$, $i, j \in \{1, \dots, n\}$",
        ),
        claimed=_f37_claimed,
        relations=_f37_relations,
        prove=_f37_prove,
    )
)


# -- F38 Gumbel-max ------------------------------------------------------------------------------

Z1, Z2 = sp.symbols("z_1 z_2", real=True)
TWO = ex.gumbel_two().lhs
WINS = ex.gumbel_general().lhs


#: Where the Gumbel density matters: outside, it integrates to less than e^{-e^8} below and
#: e^{-80} (about 2e-35) above, far inside the 1e-20 of the comparison. (Quadrature out to
#: infinity would evaluate exp(-e^{-g}) at enormous exponents.)
GUMBEL_RANGE = (-8, 0, 8, 30, 80)


def _gumbel_win_mp(zv: list, winner: int) -> mp.mpf:
    r""":math:`\\int f(g) \\prod_{m \\ne i} F(z_i - z_m + g)\\,dg` by mpmath quadrature."""

    def integrand(t: mp.mpf) -> mp.mpf:
        others = [mp.exp(-mp.exp(-(zv[winner] - zm + t))) for m, zm in enumerate(zv) if m != winner]
        return mp.exp(-t - mp.exp(-t)) * mp.fprod(others)

    return mp.quad(integrand, GUMBEL_RANGE)


def _f38_claimed() -> dict[str, Any]:
    return {"two": sp.exp(Z1) / (sp.exp(Z1) + sp.exp(Z2)), "general": Softmax(Z, i)}


def _f38_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "two": sp.Eq(TWO, forms["two"], evaluate=False),
        "general": sp.Eq(WINS, forms["general"], evaluate=False),
    }


def _f38_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    derived = ex.gumbel_two().result
    proof.check(
        "two",
        EXACT,
        is_zero(derived - forms["two"]),
        "the integral, by the substitution $\\omega = e^{-\\gamma}$, is {}",
        derived,
    )
    stated_two = sp.lambdify((Z1, Z2), forms["two"], modules="mpmath")
    failures, points = [], 0
    with mp.workdps(DPS):
        for zv in _points(2, seed=46, scales=(0.5, 1.0, 3.0)):
            points += 1
            if not close(_gumbel_win_mp(zv, 0), stated_two(*zv)):
                failures.append(float(zv[0]))
    proof.check(
        "two",
        numeric(points, DPS),
        not failures,
        "the integral by mpmath quadrature",
    )

    check_any_n(
        proof,
        "general",
        ex.gumbel_general().result,
        forms["general"],
        "the integral, by the substitution $\\omega = e^{-\\gamma}$,",
    )
    count = 3
    zs = logit_symbols(count)
    stated = [
        sp.lambdify(zs, _concrete(forms["general"], count, i, a, {z: zs}), modules="mpmath")
        for a in ex.classes(count)
    ]
    failures, points = [], 0
    with mp.workdps(DPS):
        for zv in _points(count, seed=47):
            points += 1
            for a, f in enumerate(stated):
                if not close(_gumbel_win_mp(zv, a), f(*zv)):
                    failures.append((float(zv[0]), a))
    proof.check(
        "general",
        numeric(points, DPS),
        not failures,
        f"the integral by mpmath quadrature, $n = {count}$, every $i$",
    )

    size = len(EXAMPLE.logits)
    zs = logit_symbols(size)
    values = dict(zip(zs, EXAMPLE.logits, strict=True))
    expected = [
        float(_concrete(forms["general"], size, i, a, {z: zs}).xreplace(values).evalf())
        for a in ex.classes(size)
    ]
    frequencies = gumbel_max_frequencies(EXAMPLE.logits, EXAMPLE.samples, EXAMPLE.seed)
    proof.check(
        "general",
        MONTE_CARLO,
        within_binomial_error(frequencies, expected, EXAMPLE.samples, EXAMPLE.k),
        f"the winners' frequencies at $z = {list(EXAMPLE.logits)}$",
    )


F38 = register(
    Claim(
        id="F38",
        slug="gumbel-max",
        title="With independent standard Gumbel noise added to every logit, each class wins "
        "with its softmax probability",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$; $\gamma_1, \dots, \gamma_n$ independent, each with "
            r"distribution "
            r"function $F(u) = \exp(-e^{-u})$ and density $f = F'$",
            r"$i \in \{1, \dots, n\}$",
        ),
        claimed=_f38_claimed,
        relations=_f38_relations,
        prove=_f38_prove,
    )
)
