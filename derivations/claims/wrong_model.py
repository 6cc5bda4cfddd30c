r"""Claims of the page ``wrong-model``: log-sum-exp within :math:`\log n` of the max, and limits.

* F6 ``lse-sandwich``: :math:`\max z \le \mathrm{LSE}(z) \le \max z + \log n`, hence the same
  bounds, shifted by the true logit, for the cross-entropy; proved for symbolic :math:`n`.
* F9 ``two-class-limits``: two classes, :math:`z = (0, t)`, true class 1: the cross-entropy is
  :math:`\zeta(t)` and the squared error :math:`\sigma(t)^2`; their slopes and their limits as
  the model becomes more and more wrong.
* F22 ``right-model-limits``: as the true logit pulls away (:math:`t \to -\infty`), the
  cross-entropy and its gradient vanish, for symbolic :math:`n`.
* F23 ``wrong-model-slope``: as the wrong logit pulls away (:math:`t \to +\infty`), the gradient
  on the true logit tends to :math:`-1`, for symbolic :math:`n`.

The margin is :math:`t = \max_{j \ne k} z_j - z_k` (:math:`t > 0`: the model is wrong).

The derivations the page shows as steps live here too (:func:`lse_about_max`,
:func:`two_class_ce`, :func:`two_class_mse`), and :func:`two_class_losses` gives the figures
the two-class losses and slopes as derived from the definitions.

The general-:math:`n` bounds use one device: a logit at or below a reference value :math:`a`
is written :math:`a - \log(1 + h_m)` with :math:`h_m \ge 0`, so its exponential relative to
:math:`e^{a}` is :math:`1/(1 + h_m) \in (0, 1]`. Every bound then compares a sum with the sum
of its extreme cases, and each step compares the claimed bound with the derived extreme value,
which the bound must equal (attained) or approach (the other logits to :math:`-\infty`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic import definitions as d
from ..symbolic import general
from ..symbolic.binary import SIGMA, ZETA, in_sigma, to_definitions
from ..symbolic.chain import Chain
from ..symbolic.expressions import LSE
from ..symbolic.general import CE, MSE
from ..symbolic.rewrite import concretize, resolve_ranges
from ..symbolic.symbols import general_symbols
from ..symbolic.zero import is_zero
from .core import ANY_N, EXACT, Claim, Proof, numeric, register
from .mpmath_reference import DPS, logit_points, mp_lse, mp_softmax

__all__ = [
    "F6",
    "F9",
    "F22",
    "F23",
    "MAX_Z",
    "T",
    "TwoClass",
    "lse_about_max",
    "two_class_ce",
    "two_class_losses",
    "two_class_mse",
]

PAGE = "wrong-model"
G = general_symbols()
z, s, y, i, k, m, n = G.z, G.s, G.y, G.i, G.k, G.m, G.n
#: Index of the largest logit in the general-n proofs (any class).
TOP = G.j

#: The largest logit, :math:`\max z = \max_m z_m`.
MAX_Z = sp.Symbol(r"\max z", real=True)
#: How far each logit is below the largest, :math:`u_m = z_m - \max z \le 0`.
U = sp.IndexedBase("u", real=True)
#: :math:`h_m \ge 0` with a logit written as a reference value minus :math:`\log(1 + h_m)`.
RATIO = sp.IndexedBase("h", nonnegative=True)
#: The margin :math:`t = \max_{j \ne k} z_j - z_k` (two classes: :math:`z = (0, t)`).
T = sp.Symbol("t", real=True)
#: How far the other logits are pushed down along the paths that approach a bound.
FAR = sp.Symbol("h", positive=True)

#: Sizes of the numeric spot checks.
_NUMERIC_NS = (2, 3, 5)
#: A bound "holds" numerically within this (40-digit arithmetic).
_TOL = mp.mpf(10) ** -30
#: A limit is "reached" numerically when a value at a far margin is within this of it.
_NEAR = mp.mpf(10) ** -20
#: Relative agreement of the two-class forms with their mpmath references (25 digits).
_REL = mp.mpf(10) ** -25


# -- shared lemmas --------------------------------------------------------------------------------


def _nonnegative(term: sp.Expr) -> bool:
    """Whether ``term`` is >= 0 for each value (0 or 1) of each Kronecker delta in it."""
    deltas = sorted(term.atoms(sp.KroneckerDelta), key=sp.default_sort_key)
    for values in itertools.product((0, 1), repeat=len(deltas)):
        case = sp.factor(sp.cancel(term.xreplace(dict(zip(deltas, values, strict=True)))))
        if case.is_nonnegative is not True:
            return False
    return True


def _evaluate_deltas(total: sp.Sum) -> sp.Expr:
    """``doit`` of a sum holding Kronecker deltas, with every index in ``1..n``."""
    return resolve_ranges(total.doit())


def _at_least(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether ``a - b`` is shown non-negative (as one fraction)."""
    return sp.factor(sp.cancel(sp.together(sp.expand(a - b)))).is_nonnegative is True


def _between(lower: sp.Expr, upper: sp.Expr) -> bool:
    """Whether ``lower <= upper`` shows with their difference over one denominator."""
    return sp.together(upper - lower).is_nonnegative is True


def _limit_is(expr: sp.Expr, to: sp.Expr, claimed: sp.Expr) -> bool:
    """Whether SymPy's limit of ``expr`` as ``t -> to`` is ``claimed``."""
    return is_zero(sp.limit(expr, T, to) - sp.sympify(claimed))


def _near(value: mp.mpf, want: mp.mpf) -> bool:
    """Whether ``value`` (at a far margin) is within :data:`_NEAR` of a claimed limit ``want``."""
    return bool(abs(value - want) <= _NEAR)


@dataclass(frozen=True)
class _Split:
    r"""A sum :math:`\sum_m f_m` split at one index ``p``: :math:`f_p` plus the other terms.

    ``rest`` is :math:`\sum_m (1 - \delta_{mp}) f_m` (only the terms :math:`m \ne p`), and
    ``rest_nonnegative`` records that none of its terms is negative; ``top_is_term`` that the
    delta-weighted sum evaluated to the summand at ``p`` (checked by substituting ``p``).
    """

    top: sp.Expr
    rest: sp.Sum
    rest_nonnegative: bool
    top_is_term: bool


def _split(total: sp.Sum, at: sp.Symbol) -> _Split:
    (index, low, high) = total.limits[0]
    delta = sp.KroneckerDelta(index, at)
    top = _evaluate_deltas(sp.Sum(delta * total.function, (index, low, high)))
    rest = sp.Sum((1 - delta) * total.function, (index, low, high))
    top_is_term = sp.cancel(top - total.function.xreplace({index: at})) == 0
    return _Split(top, rest, _nonnegative(rest.function), top_is_term)


def _limit_along(expr: sp.Expr, to: sp.Expr = sp.oo) -> sp.Expr:
    return sp.limit(expr, FAR, to)


# -- F6 the log-sum-exp sandwich ------------------------------------------------------------------


def _pull_out_of_sums(expr: sp.Expr) -> sp.Expr:
    """Split ``exp(a + b)`` inside sums and move the factors free of the index out."""
    split = expr.replace(
        lambda e: isinstance(e, sp.exp), lambda e: sp.expand(e, power_exp=True, mul=False)
    )
    return split.replace(lambda e: isinstance(e, sp.Sum), sp.factor_terms)


@lru_cache(maxsize=1)
def lse_about_max() -> Chain:
    r"""Derive :math:`\mathrm{LSE}(z) = \max z + \log \sum_m e^{u_m}`, :math:`u_m = z_m - \max z`.

    Returns
    -------
    Chain
        Definition, the logits written relative to the largest, :math:`e^{\max z}` out of the
        sum, the logarithm of a product.

    Examples
    --------
    >>> lse_about_max().result
    \max z + log(Sum(exp(u[m]), (m, 1, n)))
    """
    return (
        Chain.start(LSE(), LSE().doit(), "definition")
        .then(r"$z_m = \max z + u_m$", lambda e: e.xreplace({z[m]: MAX_Z + U[m]}))
        .then(r"$e^{\max z}$ leaves the sum", _pull_out_of_sums)
        .then("log of a product", sp.expand_log)
    )


@dataclass(frozen=True)
class _Sandwich:
    r"""The sum :math:`S = \sum_m e^{u_m}` of :func:`lse_about_max` and its extreme values.

    With :math:`e^{u_m} = 1/(1 + h_m)`, :math:`h_m = e^{-u_m} - 1 \ge 0`, and :math:`h_j = 0`
    at the largest logit :math:`z_j`.
    """

    log_sum: sp.Expr  # log S, as the derivation leaves it
    in_ratios: sp.Sum  # S with e^{u_m} = 1/(1 + h_m)
    split: _Split  # the largest logit's term (1) and the others (>= 0)
    low: sp.Expr  # S along h_m = h -> oo for m != j: 1 + (n - 1)/(1 + h)
    low_matches: bool  # low is that sum, evaluated from the logits in mpmath
    high: sp.Expr  # S at r = 0 (all logits equal): n
    gap: sp.Sum  # n - S, as one sum
    gap_matches: bool  # gap + S is high, term by term
    gap_nonnegative: bool


@lru_cache(maxsize=1)
def _sandwich() -> _Sandwich:
    result = lse_about_max().result
    log_sum = next(a for a in sp.Add.make_args(result) if isinstance(a, sp.log))
    total = log_sum.args[0]
    in_ratios = total.xreplace({U[m]: -sp.log(1 + RATIO[m])})
    split = _split(in_ratios, TOP)
    top = split.top.xreplace({RATIO[TOP]: 0})
    low = sp.cancel(top + _evaluate_deltas(split.rest.xreplace({RATIO[m]: FAR})))
    high = in_ratios.xreplace({RATIO[m]: 0}).doit()
    # n - S = sum_m 1 - sum_m 1/(1 + h_m), one sum.
    gap = sp.Sum(sp.cancel(1 - in_ratios.function), *in_ratios.limits)
    # The gap and S, added term by term, must give the sum at all logits equal.
    refilled = sp.Sum(sp.cancel(gap.function + in_ratios.function), *gap.limits).doit()
    return _Sandwich(
        log_sum,
        in_ratios,
        _Split(top, split.rest, split.rest_nonnegative, split.top_is_term),
        low,
        _is_path_sum(low),
        high,
        gap,
        is_zero(refilled - high),
        _nonnegative(gap.function),
    )


def _is_path_sum(low: sp.Expr) -> bool:
    r"""Whether ``low`` is :math:`\sum_m e^{u_m}` along the path, from the logits in mpmath.

    The largest logit at :math:`0`, the others at :math:`-\log(1 + h)`, at a few ``n`` and ``h``.
    """
    f = sp.lambdify([n, FAR], low, "mpmath")
    with mp.workdps(DPS):
        for size in _NUMERIC_NS:
            for h in (mp.mpf("0.5"), mp.mpf(3)):
                logits = [mp.mpf(0)] + [-mp.log(1 + h)] * (size - 1)
                # max z = 0, so the sum is e^{LSE(z)}.
                if not abs(f(size, h) - mp.exp(mp_lse(logits))) <= _TOL:
                    return False
    return True


def _offset(claimed: sp.Expr, base: sp.Expr) -> sp.Expr | None:
    """``claimed - base`` if it is a constant (it may depend on ``n``), else None."""
    c = sp.expand(sp.sympify(claimed) - base)
    return c if c.free_symbols <= {n} else None


def _lower_steps(proof: Proof, part: str, derived: sp.Expr, claimed: sp.Expr, what: str) -> None:
    """Record ``derived >= claimed`` (``derived = base + log S``): it holds, and is approached."""
    sw = _sandwich()
    split = sw.split
    c = _offset(claimed, sp.expand(derived - sw.log_sum))
    # S = top + rest with rest >= 0, so S >= top (= 1): derived is least where log S = log(top).
    least = sp.expand(derived).xreplace({sw.log_sum: sp.log(split.top)})
    holds = c is not None and split.top == 1 and split.top_is_term and split.rest_nonnegative
    holds = holds and _at_least(least, claimed)
    proof.check(
        part,
        ANY_N,
        holds,
        "write $e^{u_m} = 1/(1 + h_m)$ with $h_m = e^{-u_m} - 1 \\ge 0$, and $h_j = 0$ for the "
        "largest logit $z_j$: its term is $1$, and the other terms add up to {}, which has no "
        f"negative term; so $\\sum_m e^{{u_m}} \\ge 1$ and {what} $\\ge$ {{}}",
        sw.split.rest,
        claimed,
    )
    gap = sp.expand(derived - claimed).xreplace({sw.log_sum: sp.log(sw.low)})
    proof.check(
        part,
        ANY_N,
        c is not None and sw.low_matches and _limit_along(gap) == 0,
        "approached: with the other logits all pushed down together ($h_m = h$ for $m$ not the "
        f"largest), the sum is {{}} and {what} minus {{}} tends to $0$ as $h \\to \\infty$",
        sw.low,
        claimed,
    )


def _upper_steps(proof: Proof, part: str, derived: sp.Expr, claimed: sp.Expr, what: str) -> None:
    """Record ``derived <= claimed`` (``derived = base + log S``): it holds, and is attained."""
    sw = _sandwich()
    c = _offset(claimed, sp.expand(derived - sw.log_sum))
    # S <= high (= n): derived is largest where log S = log(high).
    most = sp.expand(derived).xreplace({sw.log_sum: sp.log(sw.high)})
    holds = c is not None and sw.gap_matches and sw.gap_nonnegative and _at_least(claimed, most)
    proof.check(
        part,
        ANY_N,
        holds,
        f"write $e^{{u_m}} = 1/(1 + h_m)$ with $h_m \\ge 0$: {{}} minus the sum is {{}}, which "
        f"has no negative term; so $\\sum_m e^{{u_m}} \\le n$ and {what} $\\le$ {{}}",
        sw.high,
        sw.gap,
        claimed,
    )
    proof.check(
        part,
        ANY_N,
        c is not None and is_zero(most - claimed),
        f"attained: with all logits equal (every $u_m = 0$) the sum is {{}} and {what} is {{}}",
        sw.high,
        claimed,
    )


@lru_cache(maxsize=1)
def _ce_one_hot() -> sp.Expr:
    """Return the cross-entropy of a one-hot target e_k from the general-n derivation."""
    with_target = general.ce_in_logits().result.xreplace({y[i]: sp.KroneckerDelta(i, k)})
    return with_target.replace(lambda e: isinstance(e, sp.Sum), _evaluate_deltas)


def _f6_claimed() -> dict[str, Any]:
    return {
        "about_max": MAX_Z + sp.log(sp.Sum(sp.exp(U[m]), (m, 1, n))),
        "lse_lower": MAX_Z,
        "lse_upper": MAX_Z + sp.log(n),
        "ce_lower": MAX_Z - z[k],
        "ce_upper": MAX_Z - z[k] + sp.log(n),
    }


def _f6_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "about_max": sp.Eq(LSE(), forms["about_max"], evaluate=False),
        "lse_lower": sp.Le(forms["lse_lower"], LSE(), evaluate=False),
        "lse_upper": sp.Le(LSE(), forms["lse_upper"], evaluate=False),
        "ce_lower": sp.Le(forms["ce_lower"], CE, evaluate=False),
        "ce_upper": sp.Le(CE, forms["ce_upper"], evaluate=False),
    }


def _bound_function(claimed: sp.Expr) -> Callable[[mp.mpf, int, mp.mpf], mp.mpf]:
    """Return the claimed bound as ``f(max z, n, z_k)`` in mpmath."""
    zk = sp.Symbol("z_k", real=True)
    return sp.lambdify([MAX_Z, n, zk], sp.sympify(claimed).xreplace({z[k]: zk}), "mpmath")


def _sandwich_points(count: int) -> list[tuple[str, list[mp.mpf]]]:
    """Seeded logits (scales up to 1000), equal logits, and one logit 100 ahead of the rest.

    Each point comes with its kind, ``"seeded"``, ``"equal"`` (the upper bounds are attained)
    or ``"ahead"`` (the lower bounds are within :math:`(n - 1) e^{-100}` of attained).
    """
    return [
        *(("seeded", point) for point in logit_points(count, seed=6)),
        ("equal", [mp.mpf(7)] * count),
        ("ahead", [mp.mpf(0)] + [mp.mpf(-100)] * (count - 1)),
    ]


def _f6_numeric(proof: Proof, part: str, claimed: sp.Expr) -> None:
    """Compare a claimed bound with log-sum-exp and the cross-entropy computed in mpmath."""
    f = _bound_function(claimed)
    upper, on_ce = part.endswith("upper"), part.startswith("ce")
    count, failures = 0, []
    with mp.workdps(DPS):
        for size in _NUMERIC_NS:
            for kind, point in _sandwich_points(size):
                top, lse = max(point), mp_lse(point)
                tight = kind == ("equal" if upper else "ahead")
                for a in range(size if on_ce else 1):
                    count += 1
                    # The cross-entropy as -log s_k, independently of log-sum-exp.
                    value = -mp.log(mp_softmax(point)[a]) if on_ce else lse
                    bound = f(top, size, point[a])
                    ok = value <= bound + _TOL if upper else bound <= value + _TOL
                    if tight:
                        ok = ok and abs(value - bound) <= _TOL
                    if not ok:
                        failures.append(
                            (size, float(top), a + 1)  # not compared: the report's class number
                        )
    suffix = f" (fails at {failures[:2]})" if failures else ""
    kind = "the cross-entropy $-\\log s_k$, every $k$," if on_ce else "log-sum-exp"
    tight = "equal to it at equal logits" if upper else "within $10^{-30}$ of it"
    far = "" if upper else " with one logit $100$ ahead"
    proof.check(
        part,
        numeric(count, DPS),
        not failures,
        f"{kind} in mpmath is on the right side of {{}} at seeded logits up to about $1000$, and "
        f"{tight}{far}, $n = {', '.join(map(str, _NUMERIC_NS))}${suffix}",
        claimed,
    )


def _f6_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    derived = lse_about_max().result
    holds = is_zero(derived - sp.sympify(forms["about_max"]))
    proof.check(
        "about_max",
        ANY_N,
        holds,
        "the derivation (each $z_m$ written as $\\max z + u_m$, $e^{\\max z}$ taken out of the "
        "sum, the log of a product split) gives {}",
        forms["about_max"],
    )
    _about_max_numeric(proof, forms["about_max"])

    _lower_steps(proof, "lse_lower", derived, forms["lse_lower"], "$\\mathrm{LSE}(z)$")
    _f6_numeric(proof, "lse_lower", forms["lse_lower"])
    _upper_steps(proof, "lse_upper", derived, forms["lse_upper"], "$\\mathrm{LSE}(z)$")
    _f6_numeric(proof, "lse_upper", forms["lse_upper"])

    # CE = LSE(z) - z_k (one-hot target), then log-sum-exp about its max.
    ce = _ce_one_hot().xreplace({LSE(): derived})
    what = "$\\mathrm{CE} = \\mathrm{LSE}(z) - z_k$"
    _lower_steps(proof, "ce_lower", ce, forms["ce_lower"], what)
    _f6_numeric(proof, "ce_lower", forms["ce_lower"])
    _upper_steps(proof, "ce_upper", ce, forms["ce_upper"], what)
    _f6_numeric(proof, "ce_upper", forms["ce_upper"])


def _about_max_numeric(proof: Proof, claimed: sp.Expr) -> None:
    count, failures = 0, []
    with mp.workdps(DPS):
        for size in _NUMERIC_NS:
            names = sp.symbols(f"u1:{size + 1}", real=True)
            try:
                concrete = concretize(sp.sympify(claimed), size, {}, {U: names})
            except ValueError:
                concrete = sp.nan
            f = sp.lambdify([MAX_Z, *names], concrete, "mpmath")
            for _, point in _sandwich_points(size):
                count += 1
                top = max(point)
                got = f(top, *[v - top for v in point])
                if not abs(got - mp_lse(point)) <= _TOL:
                    failures.append((size, float(top)))
    suffix = f" (differs at {failures[:2]})" if failures else ""
    proof.check(
        "about_max",
        numeric(count, DPS),
        not failures,
        "{} at $u_m = z_m - \\max z$ agrees with $\\log \\sum_m e^{z_m}$ in mpmath at seeded "
        f"logits up to about $1000$, $n = {', '.join(map(str, _NUMERIC_NS))}${suffix}",
        claimed,
    )


F6 = register(
    Claim(
        id="F6",
        slug="lse-sandwich",
        title="Log-sum-exp is the largest logit plus at most the log of the number of classes, "
        "so the cross-entropy is within that of how far the true logit is behind the largest",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, $\max z = \max_m z_m$, $u_m = z_m - \max z \le 0$",
            r"$\mathrm{CE} = -\log s_k$: the cross-entropy of a one-hot target $e_k$",
            r"the upper bounds are attained when all logits are equal; the lower bounds are "
            r"approached as the other logits go to $-\infty$",
        ),
        claimed=_f6_claimed,
        relations=_f6_relations,
        prove=_f6_prove,
    )
)


# -- F9 two classes: the losses, their slopes, their limits --------------------------------------


def _two_class_softmax() -> dict[sp.Indexed, sp.Expr]:
    """``s_1, s_2`` of the logits ``z = (0, t)``."""
    return dict(zip((s[1], s[2]), d.softmax([sp.S.Zero, T]), strict=True))


def _sum_to_one() -> dict[sp.Indexed, sp.Expr]:
    """Return the step ``s_1 = 1 - s_2`` of :func:`two_class_mse` as a substitution."""
    return {s[1]: 1 - s[2]}


@lru_cache(maxsize=1)
def two_class_ce() -> Chain:
    r"""Derive the cross-entropy of :math:`z = (0, t)`, true class 1: :math:`\zeta(t)`.

    Returns
    -------
    Chain
        :math:`-\log s_1`, the softmax substituted, the log of a quotient, softplus notation.

    Examples
    --------
    >>> two_class_ce().result
    \zeta(t)
    """
    return (
        Chain.start(CE, -sp.log(s[1]), "target $e_1$")
        .then("$z = (0, t)$", lambda e: e.xreplace(_two_class_softmax()))
        .then("log of a quotient", sp.expand_log)
        .then(r"$\zeta(t) = \log(1 + e^t)$", lambda e: e.xreplace({d.softplus(T): ZETA(T)}))
    )


@lru_cache(maxsize=1)
def two_class_mse() -> Chain:
    r"""Derive the squared error :math:`\tfrac12 \lVert s - e_1 \rVert^2` at :math:`z = (0, t)`.

    Returns
    -------
    Chain
        The definition with target :math:`e_1`, the entries summing to one, the softmax of
        :math:`(0, t)` substituted, written in :math:`\sigma(t)`.

    Examples
    --------
    >>> two_class_mse().result
    \sigma(t)**2
    """
    target = {1: sp.S.One, 2: sp.S.Zero}
    first = sp.Rational(1, 2) * sp.Add(*[(s[a] - target[a]) ** 2 for a in (1, 2)])
    entries = _two_class_softmax()
    return (
        Chain.start(MSE, first, "target $e_1$")
        .then("$s_1 = 1 - s_2$", lambda e: sp.expand(e.xreplace(_sum_to_one())))
        .then("$z = (0, t)$", lambda e: e.xreplace(entries))
        .then(r"$\sigma(t) = e^t / (1 + e^t)$", lambda e: in_sigma(e, T))
    )


@dataclass(frozen=True)
class TwoClass:
    r"""Both losses of two classes, :math:`z = (0, t)`, true class 1, derived from the definitions.

    Attributes
    ----------
    t : sympy.Symbol
        The margin (real): how far the wrong logit is ahead.
    ce, mse : sympy.Expr
        :math:`\mathrm{CE}` and :math:`L = \tfrac12 \lVert s - y \rVert^2`, in :math:`e^t`.
    ce_slope, mse_slope : sympy.Expr
        Their derivatives in :math:`t` (SymPy's ``diff``, then ``cancel`` and ``factor``).
    """

    t: sp.Symbol
    ce: sp.Expr
    mse: sp.Expr
    ce_slope: sp.Expr
    mse_slope: sp.Expr

    def numeric(self, name: str) -> Callable[..., Any]:
        """Return one of the expressions as a vectorised NumPy function of ``t``.

        Parameters
        ----------
        name : {"ce", "mse", "ce_slope", "mse_slope"}
            Which expression.

        Returns
        -------
        callable
            ``f(t)``.

        Examples
        --------
        >>> float(two_class_losses().numeric("ce")(0.0))  # log 2
        0.693147...
        """
        names = ("ce", "mse", "ce_slope", "mse_slope")
        if name not in names:
            raise ValueError(f"TwoClass.numeric: unknown expression {name!r}; expected {names}")
        return sp.lambdify(self.t, getattr(self, name), modules="numpy")


@lru_cache(maxsize=1)
def two_class_losses() -> TwoClass:
    """Derive both two-class losses and their slopes from the definitions (z = (0, t), y = e_1).

    Returns
    -------
    TwoClass
        The expressions in ``exp(t)``.

    Examples
    --------
    >>> two = two_class_losses()
    >>> two.ce_slope, two.mse_slope
    (exp(t)/(exp(t) + 1), 2*exp(2*t)/(exp(t) + 1)**3)
    """
    logits, target = [sp.S.Zero, T], [sp.S.One, sp.S.Zero]
    ce = sp.expand_log(d.cross_entropy(logits, target))
    mse = d.mse_on_softmax(logits, target)

    def slope(e: sp.Expr) -> sp.Expr:
        return sp.factor(sp.cancel(sp.diff(e, T)))

    return TwoClass(T, ce, sp.factor(sp.cancel(mse)), slope(ce), slope(mse))


def _f9_claimed() -> dict[str, Any]:
    sig = SIGMA(T)
    return {
        "ce": ZETA(T),
        "ce_slope": sig,
        "mse": sig**2,
        "mse_slope": 2 * sig**2 * (1 - sig),
        "ce_slope_limit": sp.S.One,
        "ce_minus_t_limit": sp.S.Zero,
        "mse_limit": sp.S.One,
        "mse_slope_limit": sp.S.Zero,
        "mse_decay": sp.Integer(2),
    }


def _slope(loss: sp.Symbol) -> sp.Derivative:
    return sp.Derivative(loss, T, evaluate=False)


#: What each limit of F9 is the limit of (as t -> oo), and which derived expression that is.
_F9_LIMITS: dict[str, tuple[sp.Expr, Callable[[TwoClass], sp.Expr]]] = {
    "ce_slope_limit": (_slope(CE), lambda two: two.ce_slope),
    "ce_minus_t_limit": (CE - T, lambda two: two.ce - T),
    "mse_limit": (MSE, lambda two: two.mse),
    "mse_slope_limit": (_slope(MSE), lambda two: two.mse_slope),
    "mse_decay": (sp.exp(T) * _slope(MSE), lambda two: sp.exp(T) * two.mse_slope),
}


def _f9_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    out = {
        "ce": sp.Eq(CE, forms["ce"], evaluate=False),
        "ce_slope": sp.Eq(_slope(CE), forms["ce_slope"], evaluate=False),
        "mse": sp.Eq(MSE, forms["mse"], evaluate=False),
        "mse_slope": sp.Eq(_slope(MSE), forms["mse_slope"], evaluate=False),
    }
    for name, (shown, _) in _F9_LIMITS.items():
        out[name] = sp.Eq(sp.Limit(shown, T, sp.oo), forms[name], evaluate=False)
    return out


def _mp_two_class(t: mp.mpf) -> dict[str, mp.mpf]:
    """Both losses at z = (0, t), target e_1, and their slopes, in mpmath (no SymPy)."""

    def ce(u: mp.mpf) -> mp.mpf:
        return -mp.log(mp_softmax([mp.mpf(0), u])[0])

    def mse(u: mp.mpf) -> mp.mpf:
        s1, s2 = mp_softmax([mp.mpf(0), u])
        return ((s1 - 1) ** 2 + s2**2) / 2

    return {"ce": ce(t), "ce_slope": mp.diff(ce, t), "mse": mse(t), "mse_slope": mp.diff(mse, t)}


#: Seeded margins of the numeric checks, and far out on both sides.
_MARGINS = (*(3 * np.random.default_rng(9).standard_normal(4)), 40.0, -40.0, 80.0)
#: Working precision of the two-class references: the squared error's slope at t = 80 is
#: about 1e-35 and its numerical derivative is a difference of numbers near 1.
_TWO_CLASS_DPS = 3 * DPS


def _f9_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    two = two_class_losses()
    chains = {"ce": two_class_ce(), "mse": two_class_mse()}
    # The squared error's derivation substitutes s_1 = 1 - s_2: true of the softmax of (0, t).
    softmax = _two_class_softmax()
    sums_to_one = all(is_zero((a - b).xreplace(softmax)) for a, b in _sum_to_one().items())
    derived = {"ce": two.ce, "ce_slope": two.ce_slope, "mse": two.mse, "mse_slope": two.mse_slope}
    for name, value in derived.items():
        claimed = sp.sympify(forms[name])
        holds = is_zero(to_definitions(claimed) - value)
        text = "from the definition, {}; with $\\sigma$ and $\\zeta$ written out, {} is the same"
        math: tuple[Any, ...] = (value, claimed)
        if name in chains:
            # The steps the page shows end in the claimed form too.
            holds = holds and is_zero(to_definitions(claimed - chains[name].result))
            text = "the derivation shown ends in {}, and {} from the definition is the same"
            if name == "mse":
                holds = holds and sums_to_one
                text += " (its step $s_1 = 1 - s_2$ holds for the softmax of $(0, t)$)"
            math = (claimed, value)
        proof.check(name, EXACT, holds, text, *math)
        _f9_numeric(proof, name, claimed)

    for name, (shown, expr) in _F9_LIMITS.items():
        proof.check(
            name,
            EXACT,
            _limit_is(expr(two), sp.oo, forms[name]),
            "SymPy's limit of {} as $t \\to \\infty$ is {}",
            expr(two),
            forms[name],
        )
        _f9_limit_numeric(proof, name, shown, forms[name])


def _f9_numeric(proof: Proof, name: str, claimed: sp.Expr) -> None:
    f = sp.lambdify([T], to_definitions(claimed), "mpmath")
    failures = []
    with mp.workdps(_TWO_CLASS_DPS):
        for t in (mp.mpf(float(v)) for v in _MARGINS):
            want = _mp_two_class(t)[name]
            # Relative agreement (the ratio is 1): at t = 80 the slopes are about 1e-35.
            if not abs(f(t) / want - 1) <= _REL:
                failures.append(float(t))
    suffix = f" (differs at t = {failures[:2]})" if failures else ""
    proof.check(
        name,
        numeric(len(_MARGINS), _TWO_CLASS_DPS),
        not failures,
        "{} agrees to 25 significant digits with the loss (or its numerical derivative) "
        f"computed from the softmax in mpmath at seeded margins, $|t|$ up to $80${suffix}",
        claimed,
    )


def _f9_limit_numeric(proof: Proof, name: str, shown: sp.Expr, claimed: sp.Expr) -> None:
    try:
        want = mp.mpf(sp.Float(sp.sympify(claimed), DPS))
    except (TypeError, ValueError):
        want = mp.nan
    margins = (mp.mpf(60), mp.mpf(80))
    holds = True
    with mp.workdps(_TWO_CLASS_DPS):
        for t in margins:
            v = _mp_two_class(t)
            values = {
                "ce_slope_limit": v["ce_slope"],
                "ce_minus_t_limit": v["ce"] - t,
                "mse_limit": v["mse"],
                "mse_slope_limit": v["mse_slope"],
                "mse_decay": mp.exp(t) * v["mse_slope"],
            }
            holds = holds and _near(values[name], want)
    proof.check(
        name,
        numeric(len(margins), _TWO_CLASS_DPS),
        holds,
        "{} at $t = 60$ and $t = 80$, computed from the softmax in mpmath, is within $10^{-20}$ "
        "of {}",
        shown,
        claimed,
    )


F9 = register(
    Claim(
        id="F9",
        slug="two-class-limits",
        title="Two classes: the cross-entropy is the softplus of the margin, its slope tends to "
        "one, "
        "the squared error is the squared sigmoid and its slope dies exponentially",
        page=PAGE,
        assumptions=(
            r"two classes, logits $z = (0, t)$ with $t$ real: the true class is class 1, its "
            r"logit pinned at $0$, so $t$ is the margin",
            r"one-hot target $y = e_1$; $\mathrm{CE} = -\log s_1$ and "
            r"$L = \tfrac12 \lVert s - y \rVert^2$ as functions of $t$",
            r"$\sigma(t) = 1/(1 + e^{-t})$ and $\zeta(t) = \log(1 + e^{t})$",
        ),
        claimed=_f9_claimed,
        relations=_f9_relations,
        prove=_f9_prove,
    )
)


# -- F22 the model is right: the loss and its gradient vanish ------------------------------------


@dataclass(frozen=True)
class _Margin:
    r"""The cross-entropy as :math:`\log W`, :math:`W = \sum_m e^{z_m - z_k}`, against the margin.

    Every wrong logit is written :math:`z_m = z_k + t - \log(1 + h_m)` with :math:`h_m \ge 0`
    (it is at most :math:`z_k + t`); ``rest`` is the sum of the wrong terms,
    :math:`\sum_m (1 - \delta_{mk})\, e^{t}/(1 + h_m)`.
    """

    total: sp.Sum  # W
    ce_matches: bool  # CE (derived) = log W
    top: sp.Expr  # the true class's term, e^0 = 1
    top_is_term: bool
    rest: sp.Sum
    rest_nonnegative: bool
    high: sp.Expr  # W at r = 0 (every wrong logit at z_k + t): 1 + (n - 1) e^t
    gap: sp.Sum  # high - W, as one sum
    gap_matches: bool  # top + (gap + rest, term by term) is high
    gap_nonnegative: bool


@lru_cache(maxsize=1)
def _margin() -> _Margin:
    total = sp.Sum(sp.exp(z[m] - z[k]), (m, 1, n))
    # exp(CE) = e^{-z_k} sum_m e^{z_m}; W with e^{-z_k} taken out of the sum is the same.
    ce_matches = is_zero(sp.exp(_ce_one_hot().doit()) - _pull_out_of_sums(total))
    split = _split(total, k)
    rest = split.rest.xreplace({z[m]: z[k] + T - sp.log(1 + RATIO[m])})
    rest = sp.Sum(sp.powsimp(rest.function), *rest.limits)
    at_zero = sp.Sum(rest.function.xreplace({RATIO[m]: 0}), *rest.limits)
    high = sp.collect(sp.expand(split.top + _evaluate_deltas(at_zero)), sp.exp(T))
    gap = sp.Sum(sp.factor(sp.cancel(at_zero.function - rest.function)), *rest.limits)
    # The gap and the wrong terms, added term by term, with the true class's term, give high.
    refilled = _evaluate_deltas(sp.Sum(sp.cancel(gap.function + rest.function), *rest.limits))
    return _Margin(
        total,
        ce_matches,
        split.top,
        split.top_is_term,
        rest,
        _nonnegative(rest.function),
        high,
        gap,
        is_zero(split.top + refilled - high),
        _nonnegative(gap.function),
    )


def _f22_claimed() -> dict[str, Any]:
    return {
        "ce_upper": sp.log(1 + (n - 1) * sp.exp(T)),
        "ce_limit": sp.S.Zero,
        "gradient_limit": sp.S.Zero,
    }


def _f22_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "ce_upper": sp.Le(CE, forms["ce_upper"], evaluate=False),
        "ce_limit": sp.Eq(sp.Limit(CE, T, -sp.oo), forms["ce_limit"], evaluate=False),
        "gradient_limit": sp.Eq(
            sp.Limit(sp.Derivative(CE, z[i]), T, -sp.oo), forms["gradient_limit"], evaluate=False
        ),
    }


def _f22_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    mg = _margin()
    claimed = sp.sympify(forms["ce_upper"])
    lemma = mg.ce_matches and mg.gap_matches and mg.gap_nonnegative
    holds = lemma and _at_least(sp.exp(claimed), mg.high)
    proof.check(
        "ce_upper",
        ANY_N,
        holds,
        "$\\mathrm{CE} = \\log \\sum_m e^{z_m - z_k}$; with each wrong logit "
        "$z_m = z_k + t - \\log(1 + h_m)$, $h_m \\ge 0$, the sum is at most {}: the difference is "
        "{}, no term negative; so $\\mathrm{CE} \\le$ {}",
        mg.high,
        mg.gap,
        claimed,
    )
    proof.check(
        "ce_upper",
        ANY_N,
        mg.ce_matches and is_zero(sp.exp(claimed) - mg.high),
        "attained: with every wrong logit at $z_k + t$ the sum is {} and $\\mathrm{CE}$ is {}",
        mg.high,
        claimed,
    )
    _f22_numeric(proof, "ce_upper", forms)

    # Squeeze: 0 = log 1 <= CE <= log(high).
    claimed = sp.sympify(forms["ce_limit"])
    lower, upper = sp.log(mg.top), sp.log(mg.high)
    holds = mg.ce_matches and mg.top_is_term and mg.rest_nonnegative
    holds = holds and mg.gap_matches and mg.gap_nonnegative
    holds = holds and all(_limit_is(b, -sp.oo, claimed) for b in (lower, upper))
    proof.check(
        "ce_limit",
        ANY_N,
        holds,
        "{} $\\le \\mathrm{CE} \\le$ {} (the true class's term of the sum is $1$, the wrong "
        "ones are positive and at most $e^t$), and both bounds tend to {} as $t \\to -\\infty$",
        lower,
        upper,
        claimed,
    )
    _f22_numeric(proof, "ce_limit", forms)

    # The gradient s_i - y_i, with s_k = e^{-CE} = 1/W and top <= W <= high: for i = k,
    # 1/high - 1 <= s_k - 1 <= 1/top - 1; for i != k, s_i = e^{z_i - z_k} s_k with
    # s_k <= 1/top = 1, where the wrong term e^{z_i - z_k} = e^t/(1 + h_i) is largest at h_i = 0.
    claimed = sp.sympify(forms["gradient_limit"])
    gradient = general.ce_gradient().result.xreplace({G.j: i})
    true_class = tuple(gradient.xreplace({s[i]: 1 / w, y[i]: 1}) for w in (mg.high, mg.top))
    wrong_term = mg.rest.function.xreplace({sp.KroneckerDelta(k, m): 0}).xreplace({m: i})
    largest = wrong_term.xreplace({RATIO[i]: 0})
    other = tuple(gradient.xreplace({s[i]: v, y[i]: 0}) for v in (0, largest))
    ok = mg.ce_matches and mg.top == 1 and mg.top_is_term and mg.rest_nonnegative
    ok = ok and mg.gap_matches and mg.gap_nonnegative and _at_least(largest, wrong_term)
    # Each pair of bounds is ordered (the lower one at most the upper one).
    ok = ok and _between(*true_class) and _between(*other)

    def limits_are_claimed(bounds: tuple[sp.Expr, sp.Expr]) -> bool:
        return ok and all(_limit_is(b, -sp.oo, claimed) for b in bounds)

    proof.cases(
        "gradient_limit",
        ANY_N,
        (("i = k", limits_are_claimed(true_class)), ("i != k", limits_are_claimed(other))),
        "$\\partial \\mathrm{CE}/\\partial z_i = s_i - y_i$ with $s_k = e^{-\\mathrm{CE}}$: for "
        "$i = k$ it lies between {} and {}; for $i \\ne k$, $s_i = e^{z_i - z_k} s_k$ lies between "
        "{} and {}; all bounds tend to {} as $t \\to -\\infty$",
        *true_class,
        *other,
        claimed,
    )
    _f22_numeric(proof, "gradient_limit", forms)


def _margin_points(size: int, t: mp.mpf, seed: int) -> list[list[mp.mpf]]:
    """Logits with true class 1 at 0 and margin ``t``: seeded wrong logits, and all equal."""
    rng = np.random.default_rng(seed)
    out = []
    for scale in (1.0, 30.0):
        offsets = np.abs(rng.standard_normal(size - 1))
        spread = scale * offsets  # not compared: sample spread, any offsets >= 0 below the margin
        below = [mp.mpf(float(v)) for v in spread]
        below[int(rng.integers(size - 1))] = mp.mpf(0)  # the largest wrong logit is z_k + t
        out.append([mp.mpf(0), *(t - b for b in below)])
    out.append([mp.mpf(0)] + [t] * (size - 1))
    return out


def _f22_numeric(proof: Proof, part: str, forms: Mapping[str, Any]) -> None:
    claimed = sp.sympify(forms[part])
    f = sp.lambdify([T, n], claimed, "mpmath")
    # The limits are checked far out, t = -60; the bound holds at every margin.
    margins = (mp.mpf(-60),)
    if part == "ce_upper":
        margins = (mp.mpf(2), mp.mpf(-3), mp.mpf(-60))  # not compared: sample margins, any t do
    count, failures = 0, []
    with mp.workdps(DPS):
        for size in _NUMERIC_NS:
            for t in margins:
                for point in _margin_points(size, t, seed=22):
                    count += 1
                    probs = mp_softmax(point)
                    ce = -mp.log(probs[0])
                    bound = f(t, size)
                    if part == "ce_upper":
                        ok = ce <= bound + _TOL
                        if all(v == t for v in point[1:]):
                            ok = ok and abs(ce - bound) <= _TOL
                    elif part == "ce_limit":
                        ok = _near(ce, bound)
                    else:
                        grads = [probs[0] - 1, *probs[1:]]
                        ok = all(_near(g, bound) for g in grads)
                    if not ok:
                        failures.append((size, float(t)))
    suffix = f" (fails at {failures[:2]})" if failures else ""
    what = {
        "ce_upper": "the cross-entropy $-\\log s_k$ in mpmath is at most {}, and equal to it when "
        "all wrong logits are equal, at margins $t = 2, -3, -60$",
        "ce_limit": "the cross-entropy $-\\log s_k$ in mpmath is within $10^{-20}$ of {} at "
        "margin $t = -60$",
        "gradient_limit": "every entry of $s - y$ in mpmath is within $10^{-20}$ of {} at margin "
        "$t = -60$",
    }[part]
    proof.check(
        part,
        numeric(count, DPS),
        not failures,
        f"{what}, $n = {', '.join(map(str, _NUMERIC_NS))}${suffix}",
        claimed,
    )


F22 = register(
    Claim(
        id="F22",
        slug="right-model-limits",
        title="When the true logit pulls away from the others, the cross-entropy and its gradient "
        "vanish",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, true class $k$, $\mathrm{CE} = -\log s_k$",
            r"the margin $t = \max_{j \ne k} z_j - z_k$; $t < 0$: the model is right",
            r"the limits hold however the wrong logits are spread below $z_k + t$",
        ),
        claimed=_f22_claimed,
        relations=_f22_relations,
        prove=_f22_prove,
    )
)


# -- F23 the model is wrong: the gradient on the true logit tends to -1 ---------------------------


def _f23_claimed() -> dict[str, Any]:
    return {"true_slope_limit": sp.S.NegativeOne}


def _f23_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    shown = sp.Limit(sp.Derivative(CE, z[k]), T, sp.oo)
    return {"true_slope_limit": sp.Eq(shown, forms["true_slope_limit"], evaluate=False)}


def _f23_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    claimed = sp.sympify(forms["true_slope_limit"])
    sw = _sandwich()
    gradient = general.ce_gradient().result.xreplace({G.j: k}).xreplace({y[k]: 1})  # s_k - 1
    # s_k = e^{-CE}, and CE >= max z - z_k (the sum of the e^{u_m} is at least 1), which is
    # the margin t when the model is wrong: 0 < s_k <= e^{-t}.
    s_k = sp.exp(-_ce_one_hot().doit())
    ce = sp.expand(_ce_one_hot().xreplace({LSE(): lse_about_max().result}))
    base = sp.expand(ce - sw.log_sum)
    bound = sp.exp(-base).xreplace({MAX_Z: z[k] + T})
    lemma = is_zero(s_k - sp.exp(z[k]) / sp.Sum(sp.exp(z[m]), (m, 1, n)))
    split = sw.split
    lemma = lemma and split.top == 1 and split.top_is_term and split.rest_nonnegative
    # CE >= max z - z_k: even at the least sum (log S = log top) CE is at least the base.
    lemma = lemma and _at_least(ce.xreplace({sw.log_sum: sp.log(split.top)}), base)
    bounds = (gradient.xreplace({s[k]: 0}), gradient.xreplace({s[k]: bound}))
    holds = lemma and all(_limit_is(b, sp.oo, claimed) for b in bounds)
    proof.check(
        "true_slope_limit",
        ANY_N,
        holds,
        "$\\partial \\mathrm{CE}/\\partial z_k = s_k - 1$ with $0 < s_k = e^{-\\mathrm{CE}} "
        "\\le e^{-(\\max z - z_k)}$, and $\\max z - z_k = t$ when the model is wrong; so it "
        "lies between {} and {}, and both tend to {} as $t \\to \\infty$",
        bounds[0],
        bounds[1],
        claimed,
    )
    try:
        want = mp.mpf(sp.Float(claimed, DPS))
    except (TypeError, ValueError):
        want = mp.nan
    count, failures = 0, []
    with mp.workdps(DPS):
        for size in _NUMERIC_NS:
            for point in _margin_points(size, mp.mpf(60), seed=23):
                count += 1
                slope = mp_softmax(point)[0] - 1  # s_k - 1
                if not _near(slope, want):
                    failures.append(size)
    suffix = f" (fails for n = {failures[:2]})" if failures else ""
    proof.check(
        "true_slope_limit",
        numeric(count, DPS),
        not failures,
        "$s_k - 1$ in mpmath is within $10^{-20}$ of {} at margin $t = 60$, "
        f"$n = {', '.join(map(str, _NUMERIC_NS))}${suffix}",
        claimed,
    )


F23 = register(
    Claim(
        id="F23",
        slug="wrong-model-slope",
        title="When a wrong logit pulls away from the true one, the gradient on the true logit "
        "tends to minus one",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, true class $k$, $\mathrm{CE} = -\log s_k$",
            r"the margin $t = \max_{j \ne k} z_j - z_k$; $t > 0$: the model is wrong",
            r"the limit holds however the other logits are spread",
        ),
        claimed=_f23_claimed,
        relations=_f23_relations,
        prove=_f23_prove,
    )
)
