r"""Claims F13, F26 and F27 (page ``temperature``): the tempered softmax and the soft maximum.

* F13: :math:`\mathrm{softmax}(z/T)` tends to the one-hot vector of the largest logit as
  :math:`T \to 0^+` and to the uniform distribution as :math:`T \to \infty`, for any :math:`n`;
  each limit is squeezed between two bounds that are checked, and whose limits SymPy takes with
  :math:`n` a symbol. The gradient of :math:`\mathrm{CE}(z/T)` is
  :math:`(\mathrm{softmax}(z/T) - y)/T`.
* F27: :math:`\max z \le T\,\mathrm{LSE}(z/T) \le \max z + T\log n`, so it tends to
  :math:`\max z` as :math:`T \to 0^+`.
* F26: its derivative in :math:`T` is the entropy of :math:`\mathrm{softmax}(z/T)`, so it grows
  with :math:`T`.

The bounds are checked term by term: each exponent is written with non-negative symbols (for the
cold limit :math:`z_1 - z_m = g + h_m`, :math:`h_m \ge 0`) so that SymPy decides its sign; that
:math:`e^x` is increasing and that a quantity squeezed between two functions with one limit has
that limit (the squeeze theorem) are the arguments in words, stated in the steps.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import mpmath as mp
import sympy as sp

from ..symbolic import curvature as cv
from ..symbolic import definitions as d
from ..symbolic import temperature as tp
from ..symbolic.directional import STEP_T, contract, direction_symbols, pinned_targets
from ..symbolic.expressions import LSE, Softmax, Z
from ..symbolic.rewrite import canonical_sums, concretize
from ..symbolic.statements import Provided
from ..symbolic.symbols import exp_symbols, general_symbols, logit_symbols
from ..symbolic.temperature import CE_T, GAP, MAX, SPREAD, TEMPERATURE
from ..symbolic.zero import is_zero
from ._common import CONCRETE_NS, EXACT_NS, check_any_n
from .core import ANY_N, Claim, Proof, numeric, register
from .mpmath_reference import DPS, close, logit_points, mp_lse, mp_partial, target_points

__all__ = ["F13", "F26", "F27"]

PAGE = "temperature"
G = general_symbols()
T, g, R = TEMPERATURE, GAP, SPREAD
n, i, j, m, s, v, y, z = G.n, G.i, G.j, G.m, G.s, G.v, G.y, G.z
#: Excess of each gap over the smallest: z_1 - z_m = g + h_m (cold limit).
H = sp.IndexedBase("h", nonnegative=True)
#: Distances to the spread's ends: z_m - z_i = R - a_m = -R + b_m (hot limit).
A = sp.IndexedBase("a", nonnegative=True)
B = sp.IndexedBase("b", nonnegative=True)
#: A class other than 1: i = 1 + j with j >= 1.
_OTHER = 1 + G.j
_S = sp.Symbol("S", positive=True)  # a sum of positive terms (n >= 2), as a variable
_NUMERIC_N = 4


def _the_sum(expr: sp.Expr) -> sp.Sum:
    (total,) = [node for node in sp.preorder_traversal(expr) if isinstance(node, sp.Sum)]
    return total


def _exponent_excess(term: sp.Expr, bound: sp.Expr, logits: Mapping[sp.Expr, sp.Expr]) -> sp.Expr:
    """``log term - log bound``, with the logits written as ``logits`` says (both positive)."""
    gap = sp.expand_log(sp.log(term), force=True) - sp.expand_log(sp.log(bound), force=True)
    return sp.expand(sp.expand(gap).xreplace(dict(logits)))


def _termwise(total: sp.Sum, bound: sp.Expr, logits: Mapping, below: bool) -> bool:
    """Check each term of ``total`` is at most (``below``: at least) ``bound``.

    The exponent of their ratio, in non-negative symbols, is <= 0 (>= 0); e^x is increasing.
    """
    excess = _exponent_excess(total.function, bound, logits)
    return (excess.is_nonnegative if below else excess.is_nonpositive) is True


def _monotone(expr: sp.Expr, total: sp.Sum) -> int:
    """+1 if ``expr`` increases with the sum ``total`` (as a variable >= 0), -1 if it decreases."""
    slope = sp.diff(expr.xreplace({total: _S}), _S)
    if slope.is_positive:
        return 1
    if slope.is_negative:
        return -1
    return 0


def _with_sum(expr: sp.Expr, total: sp.Sum, value: sp.Expr) -> sp.Expr:
    return expr.xreplace({total: value})


def _positive_terms(total: sp.Sum) -> bool:
    return total.function.is_positive is True


def _equal(a: sp.Expr, b: sp.Expr) -> bool:
    """Equality of closed forms in n, g, R, T and exponentials of them.

    The exponentials are renamed q = e^{-g/T}, w = e^{R/T} and the difference is cancelled as a
    rational function. The renaming is checked to be one (each symbol, written back, is the
    exponential it replaced): a wrong table could make unequal forms equal.
    """
    diff = sp.sympify(a - b)
    q, w = sp.Symbol("q", positive=True), sp.Symbol("w", positive=True)
    named = {q: sp.exp(-g / T), w: sp.exp(R / T)}
    table = {sp.exp(-g / T): q, sp.exp(R / T): w, sp.exp(-R / T): 1 / w}
    renaming = all(symbol.xreplace(named) == power for power, symbol in table.items())
    return renaming and sp.cancel(sp.together(diff.xreplace(table))) == 0


# -- seeded points of the numeric checks ------------------------------------------------------


@lru_cache(maxsize=1)
def _points() -> tuple[tuple[mp.mpf, ...], ...]:
    """Seeded logits (n = 4) with a unique largest logit moved to class 1."""
    out = []
    with mp.workdps(DPS):
        for point in logit_points(_NUMERIC_N, 13) + logit_points(_NUMERIC_N, 14):
            top = max(range(_NUMERIC_N), key=lambda a: point[a])
            out.append(tuple([point[top]] + [u for a, u in enumerate(point) if a != top]))
    return tuple(out)


def _mp_tempered(point: tuple, temp: mp.mpf) -> list[mp.mpf]:
    scaled = [u / temp for u in point]
    lse = mp_lse(scaled)
    return [mp.exp(u - lse) for u in scaled]


def _near(value: mp.mpf, bound: mp.mpf) -> bool:
    """Whether ``value`` is within the rounding tolerance, ``10^-25``, of ``bound`` (40 digits)."""
    return abs(value - bound) <= mp.mpf(10) ** -25


def _at_least(value: mp.mpf, bound: mp.mpf) -> bool:
    """``value >= bound``, up to rounding (:func:`_near`)."""
    return value >= bound or _near(value, bound)


def _at_most(value: mp.mpf, bound: mp.mpf) -> bool:
    """``value <= bound``, up to rounding (:func:`_near`)."""
    return value <= bound or _near(value, bound)


def _numeric_check(
    proof: Proof,
    part: str,
    claimed: sp.Expr,
    temperatures: Callable[[tuple], list[mp.mpf]],
    relation: Callable[[mp.mpf, mp.mpf], bool],
    what: str,
    classes: tuple[int, ...] | None = None,
    strict: bool = False,
    attained: bool = False,
) -> None:
    """Evaluate the claimed form (in n, g, R, T and the class) against mpmath's tempered softmax.

    ``relation(value, claimed)`` must hold for the softmax entries of ``classes`` (1-based; all by
    default). ``strict``: a bound must also be beyond rounding (:func:`_near`) at some sample, so
    the comparison is not one that passes whatever it compares; ``attained``: and within it at
    some sample.
    """
    f = sp.lambdify((n, g, R, T, i), claimed, "mpmath")
    failures, count, beyond, within = [], 0, False, False
    with mp.workdps(DPS):
        for point in _points():
            gap = point[0] - max(point[1:])
            spread = max(point) - min(point)
            for temp in temperatures(point):
                for index, value in enumerate(_mp_tempered(point, temp), start=1):
                    if classes is not None and index not in classes:
                        continue
                    count += 1
                    bound = mp.mpf(f(_NUMERIC_N, gap, spread, temp, index))
                    if not relation(value, bound):
                        failures.append((float(point[0]), float(temp), index))
                    beyond = beyond or not _near(value, bound)
                    within = within or _near(value, bound)
    suffix = f" (fails at {failures[:2]})" if failures else ""
    holds = not failures and (beyond or not strict) and (within or not attained)
    proof.check(part, numeric(count, DPS), holds, what + suffix)


def _scales(*factors: float) -> Callable[[tuple], list[mp.mpf]]:
    """Temperatures proportional to the logits' spread."""

    def temps(point: tuple) -> list[mp.mpf]:
        spread = max(point) - min(point)
        return [spread * mp.mpf(f) for f in factors]

    return temps


# -- F13 the tempered softmax: cold and hot limits, and the gradient ------------------------


def _f13_claimed() -> dict[str, Any]:
    return {
        "cold_top": 1 / (1 + (n - 1) * sp.exp(-g / T)),
        "cold_other": sp.exp(-g / T),
        "cold": sp.KroneckerDelta(i, 1),
        "hot_lower": sp.exp(-R / T) / n,
        "hot_upper": sp.exp(R / T) / n,
        "hot": 1 / n,
        "gradient": (Softmax(Z / T, j) - y[j]) / T,
    }


def _f13_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    entry = Softmax(Z / T, i)
    return {
        "cold_top": sp.Ge(Softmax(Z / T, 1), forms["cold_top"], evaluate=False),
        "cold_other": Provided(sp.Le(entry, forms["cold_other"], evaluate=False), sp.Ne(i, 1)),
        "cold": sp.Eq(sp.Limit(entry, T, 0, "+"), forms["cold"], evaluate=False),
        "hot_lower": sp.Ge(entry, forms["hot_lower"], evaluate=False),
        "hot_upper": sp.Le(entry, forms["hot_upper"], evaluate=False),
        "hot": sp.Eq(sp.Limit(entry, T, sp.oo), forms["hot"], evaluate=False),
        "gradient": sp.Eq(sp.Derivative(CE_T, z[j]), forms["gradient"], evaluate=False),
    }


#: The logits of the cold limit: class 1 is the unique largest, z_m = z_1 - g - h_m.
_COLD = {z[m]: z[1] - g - H[m], z[i]: z[1] - g - H[i]}
#: The logits of the hot limit, written from either end of the spread.
_HOT_HIGH = {z[m]: z[i] + R - A[m]}
_HOT_LOW = {z[m]: z[i] - R + B[m]}


@lru_cache(maxsize=1)
def _cold_bounds() -> tuple[sp.Expr, sp.Expr, bool]:
    """Derive the lower bound of softmax(z/T)_1 and the upper bound of the others' entries."""
    top, other = tp.tempered_top().result, tp.tempered_other().result
    total = _the_sum(top)
    per_term = sp.exp(-g / T)
    sound = (
        _positive_terms(total)
        and _termwise(total, per_term, _COLD, below=False)
        and _monotone(top, total) == -1
        and _monotone(other, total) == -1
    )
    lower = _with_sum(top, total, sp.Sum(per_term, *total.limits).doit())
    # The others: the sum in the denominator is at least 0, the numerator at most e^{-g/T}.
    numerator = other.xreplace({total: 0})
    sound = sound and _exponent_excess(numerator, per_term, _COLD).is_nonpositive is True
    return lower, per_term, sound


_SQUEEZE = "by the squeeze theorem"


def _f13_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    lower, upper_other, sound = _cold_bounds()
    proof.check(
        "cold_top",
        ANY_N,
        sound and _equal(forms["cold_top"], lower),
        "$\\mathrm{softmax}(z/T)_1 = 1/(1 + S)$ with $S = \\sum_{m \\ge 2} e^{(z_m - z_1)/T}$; "
        "with $z_1 - z_m = g + h_m$, $h_m \\ge 0$, each term is $e^{-g/T}$ times $e^{-h_m/T}$, "
        "whose exponent is $\\le 0$, so $S \\le (n - 1) e^{-g/T}$ and, $1/(1 + S)$ decreasing "
        "in $S$, the entry is at least {}",
        forms["cold_top"],
    )
    proof.check(
        "cold_other",
        ANY_N,
        sound and _equal(forms["cold_other"], upper_other),
        "for $i \\ne 1$ the entry is $e^{(z_i - z_1)/T}/(1 + S)$ with $S \\ge 0$, and "
        "$z_1 - z_i = g + h_i$: at most {}",
        forms["cold_other"],
    )
    one, other = forms["cold"].xreplace({i: 1}), forms["cold"].xreplace({i: _OTHER})
    limits = (
        sp.limit(lower, T, 0, "+"),
        sp.S.One,
        sp.S.Zero,
        sp.limit(upper_other, T, 0, "+"),
    )
    proof.check(
        "cold",
        ANY_N,
        sound and limits[0] == limits[1] == one and limits[2] == limits[3] == other,
        "for $i = 1$ the entry lies between the lower bound and $1$, for $i \\ne 1$ between $0$ "
        "and $e^{-g/T}$; as $T \\to 0^+$ both bounds tend to {} (SymPy's limit, $n$ a symbol), "
        f"and so does the entry, {_SQUEEZE}",
        forms["cold"],
    )
    _numeric_check(
        proof,
        "cold_top",
        forms["cold_top"],
        _scales(0.01, 0.3, 5),
        _at_least,
        "$\\mathrm{softmax}(z/T)_1$ in mpmath is at least the bound (to $10^{-25}$), and above "
        "it by more than that at some points",
        classes=(1,),
        strict=True,
    )
    _cold_other_numeric(proof, forms["cold_other"])

    def cold_temperatures(point: tuple) -> list[mp.mpf]:
        return [(point[0] - max(point[1:])) / 200]

    _numeric_check(
        proof,
        "cold",
        forms["cold"],
        cold_temperatures,
        close,
        "the entries in mpmath at $T = g/200$ agree with the limit to 20 digits",
    )

    entry = tp.tempered_entry().result
    total = _the_sum(entry)
    decreasing = _positive_terms(total) and _monotone(entry, total) == -1
    at_most = _termwise(total, sp.exp(R / T), _HOT_HIGH, below=False)
    at_least = _termwise(total, sp.exp(-R / T), _HOT_LOW, below=True)
    hot_lower = _with_sum(entry, total, sp.Sum(sp.exp(R / T), *total.limits).doit())
    hot_upper = _with_sum(entry, total, sp.Sum(sp.exp(-R / T), *total.limits).doit())
    proof.check(
        "hot_lower",
        ANY_N,
        decreasing and at_most and _equal(forms["hot_lower"], hot_lower),
        "$\\mathrm{softmax}(z/T)_i = 1/\\sum_m e^{(z_m - z_i)/T}$; with "
        "$z_m - z_i = R - a_m$, $a_m \\ge 0$, each term is at most $e^{R/T}$, so the sum is at "
        "most $n e^{R/T}$ and the entry at least {}",
        forms["hot_lower"],
    )
    proof.check(
        "hot_upper",
        ANY_N,
        decreasing and at_least and _equal(forms["hot_upper"], hot_upper),
        "with $z_m - z_i = -R + b_m$, $b_m \\ge 0$, each term is at least $e^{-R/T}$, so the "
        "sum is at least $n e^{-R/T}$ and the entry at most {}",
        forms["hot_upper"],
    )
    hot = (sp.limit(hot_lower, T, sp.oo), sp.limit(hot_upper, T, sp.oo))
    proof.check(
        "hot",
        ANY_N,
        decreasing and at_most and at_least and hot[0] == hot[1] == forms["hot"],
        "both bounds tend to {} as $T \\to \\infty$ (SymPy's limit, $n$ a symbol), and so does "
        f"the entry, {_SQUEEZE}",
        forms["hot"],
    )
    _numeric_check(
        proof,
        "hot_lower",
        forms["hot_lower"],
        _scales(0.05, 1, 1e30),
        _at_least,
        "the entries in mpmath are at least the bound (to $10^{-25}$), above it by more than "
        "that at some points, and within it at others (at $T = 10^{30} R$)",
        strict=True,
        attained=True,
    )
    _numeric_check(
        proof,
        "hot_upper",
        forms["hot_upper"],
        _scales(0.05, 1, 1e30),
        _at_most,
        "the entries in mpmath are at most the bound (to $10^{-25}$), below it by more than "
        "that at some points, and within it at others (at $T = 10^{30} R$)",
        strict=True,
        attained=True,
    )
    _numeric_check(
        proof,
        "hot",
        forms["hot"],
        _scales(1e30),
        close,
        "the entries in mpmath at $T = 10^{30} R$ agree with the limit to 20 digits",
    )

    check_any_n(
        proof,
        "gradient",
        tp.tempered_ce_gradient().result,
        forms["gradient"],
        "SymPy's derivative, with $\\sum_i y_i = 1$,",
        (y,),
    )
    _gradient_exact(proof, forms["gradient"])
    _gradient_numeric(proof, forms["gradient"])


def _cold_other_numeric(proof: Proof, claimed: sp.Expr) -> None:
    """Check the other entries are at most the bound, and reach it at T = g/50.

    Compared in logarithms (a relative tolerance): the bound itself is tiny at low temperatures.
    """
    f = sp.lambdify((n, g, T), claimed, "mpmath")
    holds, beyond, count = True, False, 0
    with mp.workdps(DPS):
        for point in _points():
            gap = point[0] - max(point[1:])
            reach = gap / 50
            for temp in [*_scales(0.01, 0.3, 5)(point), reach]:
                bound = mp.log(f(_NUMERIC_N, gap, temp))
                others = [mp.log(v) for v in _mp_tempered(point, temp)[1:]]
                count += len(others)
                holds = holds and all(_at_most(u, bound) for u in others)
                beyond = beyond or any(not _near(u, bound) for u in others)
                if temp == reach:
                    # The largest of them, at T = g/50, is the bound to 15 digits.
                    holds = holds and abs(max(others) - bound) < 1e-15
    proof.check(
        "cold_other",
        numeric(count, DPS),
        holds and beyond,
        "the other entries in mpmath are at most the bound (their logarithms to $10^{-25}$), "
        "below it by more than that at some points, and at $T = g/50$ the largest of them "
        "agrees with it to 15 digits",
    )


@lru_cache(maxsize=16)
def _gradient_directional(size: int) -> sp.Expr:
    """d/dt CE((z + t v)/T) at t = 0, with e_j = exp(z_j / T) and y_n = 1 - sum of the others."""
    zs, es, vs = logit_symbols(size), exp_symbols(size), direction_symbols(size)
    t = STEP_T
    loss = d.cross_entropy(
        [(a + t * b) / T for a, b in zip(zs, vs, strict=True)], pinned_targets(size)
    )
    first = sp.diff(sp.expand(sp.expand_log(loss, force=True)), t).xreplace({t: sp.S.Zero})
    return first.xreplace({a: T * sp.log(b) for a, b in zip(zs, es, strict=True)})


def _gradient_exact(proof: Proof, claimed: sp.Expr) -> None:
    def holds(size: int) -> bool:
        zs, es = logit_symbols(size), exp_symbols(size)
        wanted = contract(claimed.doit(), size, {j: v}, {z: zs}, y_sum_to_one=True)
        wanted = wanted.xreplace({a: T * sp.log(b) for a, b in zip(zs, es, strict=True)})
        return is_zero(_gradient_directional(size) - wanted)

    proof.cases(
        "gradient",
        EXACT_NS,
        ((f"n = {c}", holds(c)) for c in CONCRETE_NS),
        "the derivative of $\\mathrm{CE}((z + t v)/T)$ along a symbolic direction $v$",
    )


def _gradient_numeric(proof: Proof, claimed: sp.Expr) -> None:
    size = 3
    zs, ys = logit_symbols(size), sp.symbols("y_1:4", real=True)
    expressions = [
        concretize(claimed.doit(), size, {j: c}, {z: zs, y: ys}) for c in range(1, size + 1)
    ]
    functions = [sp.lambdify((*zs, *ys, T), e, "mpmath") for e in expressions]
    failures, count = [], 0
    with mp.workdps(DPS):
        for point, target in itertools.product(logit_points(size, 4), target_points(size, 5)):
            for temp in (mp.mpf("0.05"), mp.mpf(1), mp.mpf(40)):

                def loss(w: list, temp: mp.mpf = temp, target: list = target) -> mp.mpf:
                    scaled = [u / temp for u in w]
                    lse = mp_lse(scaled)
                    return -mp.fsum(c * (u - lse) for c, u in zip(target, scaled, strict=True))

                for c in range(size):
                    count += 1
                    reference = mp_partial(loss, point, c)
                    if not close(functions[c](*point, *target, temp), reference, 1e-15):
                        failures.append((c, float(temp)))
    suffix = f" (differs at {failures[:2]})" if failures else ""
    proof.check(
        "gradient",
        numeric(count, DPS),
        not failures,
        f"numerical derivative of $\\mathrm{{CE}}(z/T)$ (mpmath), n = {size}{suffix}",
    )


F13 = register(
    Claim(
        id="F13",
        slug="temperature-limits",
        title="Cold, the tempered softmax tends to the one-hot vector of the largest logit; hot, "
        "to the uniform distribution; and the temperature divides its cross-entropy gradient",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, a temperature $T > 0$; $i, j \in \{1, \dots, n\}$",
            r"for the cold limit, class $1$ has the unique largest logit: $z_1 - z_m \ge g > 0$ "
            r"for every $m \ne 1$",
            r"for the hot limit, $R = \max z - \min z$ (so $|z_m - z_i| \le R$)",
            r"$y$ a distribution ($\sum_i y_i = 1$); "
            r"$\mathrm{CE}(z/T) = -\sum_i y_i \log \mathrm{softmax}(z/T)_i$",
        ),
        claimed=_f13_claimed,
        relations=_f13_relations,
        prove=_f13_prove,
    )
)


# -- F27 the soft maximum ------------------------------------------------------------------


def _f27_claimed() -> dict[str, Any]:
    return {"lower": MAX, "upper": MAX + T * sp.log(n), "limit": MAX}


def _f27_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    soft = T * LSE(Z / T)
    return {
        "lower": sp.Le(forms["lower"], soft, evaluate=False),
        "upper": sp.Le(soft, forms["upper"], evaluate=False),
        "limit": sp.Eq(sp.Limit(soft, T, 0, "+"), forms["limit"], evaluate=False),
    }


#: Class 1 has a largest logit (ties allowed): z_m = z_1 - h_m.
_TOP = {z[m]: z[1] - H[m]}


@lru_cache(maxsize=1)
def _soft_bounds() -> tuple[sp.Expr, sp.Expr, bool, bool]:
    soft = tp.soft_maximum().result
    total = _the_sum(soft)
    increasing = _positive_terms(total) and _monotone(soft, total) == 1
    at_most_one = _termwise(total, sp.S.One, _TOP, below=False)
    lower = sp.expand_log(_with_sum(soft, total, sp.S.Zero))
    upper = _with_sum(soft, total, sp.Sum(sp.S.One, *total.limits).doit())
    return lower, upper, increasing, at_most_one


def _as_top(form: sp.Expr) -> sp.Expr:
    """``max z`` is class 1's logit (classes numbered so)."""
    return sp.sympify(form).xreplace({MAX: z[1]})


def _f27_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    lower, upper, increasing, at_most_one = _soft_bounds()
    proof.check(
        "lower",
        ANY_N,
        increasing and sp.expand(_as_top(forms["lower"]) - lower) == 0,
        "$T\\,\\mathrm{LSE}(z/T) = z_1 + T \\log(1 + S)$ with $z_1 = \\max z$ and "
        "$S = \\sum_{m \\ge 2} e^{(z_m - z_1)/T} \\ge 0$ (positive terms); increasing in $S$, "
        "it is at least its value at $S = 0$, {}",
        forms["lower"],
    )
    proof.check(
        "upper",
        ANY_N,
        increasing and at_most_one and sp.expand(_as_top(forms["upper"]) - upper) == 0,
        "with $z_m = z_1 - h_m$, $h_m \\ge 0$, each term of $S$ is at most $1$ (exponent "
        "$-h_m/T \\le 0$), so $S \\le n - 1$ and the value is at most {}",
        forms["upper"],
    )
    limits = (sp.limit(lower, T, 0, "+"), sp.limit(upper, T, 0, "+"))
    proof.check(
        "limit",
        ANY_N,
        increasing and at_most_one and limits[0] == limits[1] == _as_top(forms["limit"]),
        "both bounds tend to {} as $T \\to 0^+$, and so does $T\\,\\mathrm{LSE}(z/T)$, " + _SQUEEZE,
        forms["limit"],
    )
    rounding = " (to $10^{-25}$), and {} it by more than that at some points"
    for part, temps, relation, what, tail in (
        ("lower", (0.01, 1, 30), _at_least, "at least", rounding.replace("{}", "above")),
        ("upper", (0.01, 1, 30), _at_most, "at most", rounding.replace("{}", "below")),
        ("limit", (1e-30,), close, "at $T = 10^{-30}$ equal to", ""),
    ):
        f = sp.lambdify((MAX, n, T), forms[part], "mpmath")
        # A bound must be beyond rounding somewhere: else the comparison could not fail.
        holds, beyond, count = True, relation is close, 0
        with mp.workdps(DPS):
            for point in _points():
                for factor in temps:
                    temp = mp.mpf(factor)
                    count += 1
                    got = temp * mp_lse([u / temp for u in point])
                    bound = f(max(point), _NUMERIC_N, temp)
                    holds = holds and relation(got, bound)
                    beyond = beyond or not _near(got, bound)
        proof.check(
            part,
            numeric(count, DPS),
            holds and beyond,
            f"$T\\,\\mathrm{{LSE}}(z/T)$ in mpmath is {what} the bound{tail}",
        )


F27 = register(
    Claim(
        id="F27",
        slug="soft-maximum",
        title="The tempered log-sum-exp is within T log n above the largest logit, "
        "and tends to it as the temperature falls",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, a temperature $T > 0$",
            r"classes numbered so that $z_1 = \max z$ (ties allowed)",
        ),
        claimed=_f27_claimed,
        relations=_f27_relations,
        prove=_f27_prove,
    )
)


# -- F26 the soft maximum grows with the temperature ----------------------------------------

#: d/dT (T LSE(z/T)), as the page writes it.
_RATE = sp.Derivative(T * LSE(Z / T), T)


def _f26_claimed() -> dict[str, Any]:
    entry = Softmax(Z / T, i)
    return {"rate": -sp.Sum(entry * sp.log(entry), (i, 1, n)), "grows": sp.S.Zero}


def _f26_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "rate": sp.Eq(_RATE, forms["rate"], evaluate=False),
        "grows": sp.Ge(_RATE, forms["grows"], evaluate=False),
    }


def _in_sums(expr: sp.Expr) -> sp.Expr:
    """Expand, splitting logarithms of the (positive) softmax, sums with one dummy."""
    out = sp.expand_log(sp.sympify(expr).doit(), force=True)
    return cv.one_dummy(canonical_sums(cv.one_dummy(canonical_sums(out))))


def _mp_rate(point: tuple, temp: mp.mpf) -> mp.mpf:
    return mp.diff(lambda u: u * mp_lse([c / u for c in point]), temp)


def _f26_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    chain = tp.soft_maximum_rate()
    # SymPy's derivative with the softmax named (the first line), before any rewriting.
    derived = chain.lines[0][0]
    proof.check(
        "rate",
        ANY_N,
        sp.expand(_in_sums(derived) - _in_sums(forms["rate"])) == 0,
        "SymPy's derivative, $\\mathrm{LSE}(z/T) - \\tfrac1T \\sum_m z_m "
        "\\mathrm{softmax}(z/T)_m$, is {} once $\\log \\mathrm{softmax}(z/T)_i = z_i/T - "
        "\\mathrm{LSE}(z/T)$ and the softmax sums to one",
        forms["rate"],
    )
    proof.check(
        "rate",
        ANY_N,
        sp.expand(_in_sums(chain.result) - _in_sums(forms["rate"])) == 0,
        "the steps shown end in one sum, which with the log-softmax "
        "$z_m/T - \\mathrm{LSE}(z/T) = \\log \\mathrm{softmax}(z/T)_m$ is {}",
        forms["rate"],
    )
    zs = logit_symbols(_NUMERIC_N)
    value = concretize(forms["rate"].doit(), _NUMERIC_N, {}, {z: zs})
    f = sp.lambdify((*zs, T), value, "mpmath")
    holds, count = True, 0
    with mp.workdps(DPS):
        for point in _points()[:4]:
            for temp in (mp.mpf("0.3"), mp.mpf(2), mp.mpf(30)):
                count += 1
                holds = holds and close(f(*point, temp), _mp_rate(point, temp))
    proof.check("rate", numeric(count, DPS), holds, "the derivative in $T$ by mpmath, n = 4")

    # Each entry is 1/(1 + h_i) with h_i >= 0 (the m = i term of sum_m e^{(z_m - z_i)/T} is 1,
    # the others positive); in the claimed rate each term, -x log x at x = 1/(1 + h_i), is then
    # log(1 + h_i)/(1 + h_i) >= 0.
    bound = forms["grows"]
    entry = tp.tempered_entry().result
    total = _the_sum(entry)
    h = sp.IndexedBase("h", nonnegative=True)
    softmax = Softmax(Z / T, i)
    entropy = forms["rate"].xreplace({softmax: _with_sum(entry, total, 1 + h[i])})
    proof.check(
        "grows",
        ANY_N,
        _positive_terms(total)
        and is_zero(canonical_sums(_in_sums(derived) - _in_sums(forms["rate"])))
        and sp.Ge(sp.expand_log(entropy, force=True), bound) is sp.true,
        "the derivative is the entropy $\\sum_i \\log(1 + h_i)/(1 + h_i)$, where "
        "$\\mathrm{softmax}(z/T)_i = 1/(1 + h_i)$ with $h_i = \\sum_{m \\ne i} e^{(z_m - z_i)/T}"
        " \\ge 0$: a sum of non-negative terms, at least {}",
        bound,
    )
    # The claimed rate's term as a function of the entry x: -x log x.
    x = sp.Symbol("x", positive=True)
    term = forms["rate"].xreplace({_the_sum(forms["rate"]): _the_sum(forms["rate"]).function})
    term = term.xreplace({softmax: x})
    proof.check(
        "grows",
        ANY_N,
        sp.limit(term, x, 0, "+") == bound and term.xreplace({x: sp.S.One}) == bound,
        "as $T \\to 0^+$ with a unique largest logit each entry tends to $0$ or $1$ (the cold "
        "limit), where $-x \\log x$ tends to {}: the bound is approached",
        bound,
    )
    # At T = g/200 the derivative is the bound to rounding (10^-25); at T = 30 it is beyond it.
    holds, count = True, 0
    with mp.workdps(DPS):
        level = mp.mpf(sp.Float(bound, DPS))
        for point in _points():
            cold = (point[0] - max(point[1:])) / 200
            rates = [_mp_rate(point, temp) for temp in (cold, mp.mpf(1), mp.mpf(30))]
            count += len(rates)
            holds = holds and all(_at_least(rate, level) for rate in rates)
            holds = holds and _near(rates[0], level) and not _near(rates[-1], level)
    proof.check(
        "grows",
        numeric(count, DPS),
        holds,
        "the derivative by mpmath is at least {} everywhere (to $10^{-25}$), within "
        "$10^{-25}$ of it at $T = g/200$ and above it by more than that at $T = 30$",
        bound,
    )


F26 = register(
    Claim(
        id="F26",
        slug="soft-maximum-grows",
        title="The tempered log-sum-exp grows with the temperature: its derivative is the "
        "entropy of the tempered softmax",
        page=PAGE,
        assumptions=(r"$z \in \mathbb{R}^n$, a temperature $T > 0$",),
        claimed=_f26_claimed,
        relations=_f26_relations,
        prove=_f26_prove,
    )
)
