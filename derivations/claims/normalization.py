r"""Claims of the page ``normalization``: shift, scale, sign and gradient of dividing by the sum.

* F7 ``shift-invariance``: :math:`\mathrm{softmax}(z + c\mathbf{1})_i = \mathrm{softmax}(z)_i`
  and :math:`\mathrm{LSE}(z + c\mathbf{1}) = \mathrm{LSE}(z) + c`, for every :math:`n`.
* F15 ``standard-normalization``: :math:`q(cx) = q(x)` for every :math:`n`, and the examples
  :math:`[1, 2]` and :math:`[10, 20]` under both maps, exactly.
* F19 ``normalization-sign``: what dividing by the sum does with outputs that are not positive.
* F20 ``normalization-gradient``: the gradient of :math:`-\log q_k`, its factor :math:`1/x_k`,
  and two examples (the gradient's size is set by :math:`x_k`, not by :math:`q_k`).
* F21 ``normalization-of-exponentials``: :math:`q(e^{z}) = \mathrm{softmax}(z)`, and the gradient
  in the logits, :math:`s_j - \delta_{jk}`, for every :math:`n`.

Every step compares the claimed form with a derivation or computation made independently of it:
the general-:math:`n` chains of :mod:`derivations.symbolic.normalization`, the concrete
definitions of :mod:`derivations.symbolic.definitions`, or mpmath.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import mpmath as mp
import sympy as sp

from ..symbolic import definitions as d
from ..symbolic import general
from ..symbolic import normalization as nz
from ..symbolic.expressions import LSE, ONE, Softmax, Z
from ..symbolic.general_definitions import g_softmax
from ..symbolic.normalization import EPS, SCALE, SHIFT, Applied, At, Exact, Normalized, Q, X
from ..symbolic.rewrite import concretize
from ..symbolic.symbols import general_symbols, logit_symbols, positive_symbols
from ..symbolic.zero import is_zero
from ._common import check_any_n
from .core import ANY_N, EXACT, Claim, Method, Proof, exact_for, numeric, register
from .mpmath_reference import DPS, close, logit_points, mp_lse, mp_partial, mp_softmax

__all__ = ["EXAMPLES", "F7", "F15", "F19", "F20", "F21", "POINTS"]

PAGE = "normalization"
G = general_symbols()
i, j, k, m, n = G.i, G.j, G.k, G.m, G.n
#: Sizes of the exact cross-checks (few: the general-n proofs carry the claims, and every
#: entry (j, k) is checked at each size).
NS = (2, 3, 4)
EXACT_NS = exact_for(NS)
#: A comparison with mpmath at the one point an example is about.
AT_THE_POINT = Method("numeric", f"checked against an independent {DPS}-digit computation there")
#: Shifts of the numeric checks: far beyond float64's exponential range, and ordinary.
SHIFTS = (mp.mpf(-700), mp.mpf("0.3"), mp.mpf(900))
#: The scale example: outputs (or logits) [1, 2] and ten times them.
EXAMPLES = {"small": (1, 2), "large": (10, 20)}
#: The gradient examples: tiny outputs with q_1 = 1/2, and a true class with q_1 near 10^-6.
POINTS = {"tiny": (sp.Rational(1, 10**6), sp.Rational(1, 10**6)), "unlikely": (1, 10**6)}
_SOFTMAX = r"\mathrm{softmax}"
#: What the mpmath comparisons of the gradient examples computed.
_IN_MPMATH = {
    "q": "the same quotient in mpmath",
    "gradient": "mpmath's numerical derivative of $-\\log q_1$ there",
}
#: Left-hand sides, shown on the page and evaluated by the proofs.
SHIFTED_SOFTMAX = Softmax(Z + SHIFT * ONE, i)
SHIFTED_LSE = LSE(Z + SHIFT * ONE)
SCALED = Normalized(SCALE * X, i)
FLIPPED = Normalized(-X, i)
EXPONENTIALS = Normalized(sp.exp(Z), i)


def _row(values: Sequence[sp.Expr]) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([list(values)])


def _shifted(values: Sequence[mp.mpf], c: mp.mpf) -> list[mp.mpf]:
    """Every entry plus ``c``: the shifted logits of both F7 parts' mpmath references."""
    return [v + c for v in values]


def _entries(form: sp.Expr, count: int, vectors: Mapping[sp.IndexedBase, Sequence]) -> list:
    """Return the form's entries ``i = 1..count`` at size ``count``, with concrete vectors."""
    full = sp.sympify(form).doit()
    return [concretize(full, count, {i: a}, vectors) for a in range(1, count + 1)]


def _evaluator(expr: sp.Expr, symbols: Sequence[sp.Symbol]) -> Callable[..., mp.mpf]:
    return sp.lambdify(list(symbols), expr, modules="mpmath")


# -- F7 shift invariance of the softmax, shift equivariance of log-sum-exp -----------------------


def _f7_claimed() -> dict[str, Any]:
    return {"softmax": Softmax(Z, i), "lse": nz.lse_plus(SHIFT)}


def _f7_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "softmax": sp.Eq(SHIFTED_SOFTMAX, forms["softmax"], evaluate=False),
        "lse": sp.Eq(SHIFTED_LSE, forms["lse"], evaluate=False),
    }


def _same_entries(lhs: sp.Expr, form: sp.Expr, count: int, base: sp.IndexedBase) -> bool:
    """Whether every entry of ``lhs`` and of the claimed form agree at size ``count``, exactly.

    The entries are written in symbols (real logits, or positive outputs) and decided by
    :func:`~derivations.symbolic.zero.is_zero` (exponentials become positive variables).
    """
    values = logit_symbols(count) if base == G.z else positive_symbols(count)
    shown = _entries(lhs, count, {base: values})
    claimed = _entries(form, count, {base: values})
    return all(is_zero(a - b) for a, b in zip(shown, claimed, strict=True))


def _f7_exact_lse(form: sp.Expr, count: int) -> bool:
    # Both sides are real, and exp is one-to-one on the reals: compare their exponentials,
    # which are rational in e^{z_j} and e^{c}.
    zs = logit_symbols(count)
    shifted = concretize(SHIFTED_LSE.doit(), count, {}, {G.z: zs})
    claimed = concretize(sp.sympify(form).doit(), count, {}, {G.z: zs})
    return is_zero(sp.exp(shifted) - sp.exp(claimed))


def _f7_numeric(proof: Proof, part: str, form: sp.Expr, reference: Callable) -> None:
    """Claimed form against mpmath at seeded logits (up to ~3000) and shifts up to 900."""
    count = 3
    zs = logit_symbols(count)
    entries = _entries(form, count, {G.z: zs}) if part == "softmax" else [form]
    functions = [
        _evaluator(concretize(sp.sympify(e).doit(), count, {}, {G.z: zs}), [*zs, SHIFT])
        for e in entries
    ]
    failures, points = [], 0
    with mp.workdps(DPS):
        for z in logit_points(count, seed=7):
            for c in SHIFTS:
                points += 1
                want = reference(_shifted(z, c))
                got = [f(*z, c) for f in functions]
                if not all(close(a, b) for a, b in zip(got, want, strict=True)):
                    failures.append(float(c))
    suffix = f" (differs at c = {failures[:2]})" if failures else ""
    proof.check(
        part,
        numeric(points, DPS),
        not failures,
        f"the same with $z + c\\mathbf{{1}}$ computed in mpmath, $n = {count}${suffix}",
    )


def _f7_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    check_any_n(
        proof,
        "softmax",
        nz.softmax_shift().result,
        forms["softmax"],
        "$\\mathrm{softmax}(z + c\\mathbf{1})_i$, with $e^{c}$ cancelled,",
    )
    proof.cases(
        "softmax",
        EXACT_NS,
        ((f"n = {c}", _same_entries(SHIFTED_SOFTMAX, forms["softmax"], c, G.z)) for c in NS),
        "every entry of the softmax of $z_1 + c, \\dots, z_n + c$, "
        "written in $e^{z_j}$ and $e^{c}$",
    )
    _f7_numeric(proof, "softmax", forms["softmax"], mp_softmax)

    check_any_n(
        proof,
        "lse",
        nz.lse_shift().result,
        forms["lse"],
        "$\\mathrm{LSE}(z + c\\mathbf{1})$, with $e^{c}$ out of the sum and the log split,",
    )
    proof.cases(
        "lse",
        EXACT_NS,
        ((f"n = {c}", _f7_exact_lse(forms["lse"], c)) for c in NS),
        "$e$ to the power of each side, for $z_1 + c, \\dots, z_n + c$ (exp is one-to-one)",
    )
    _f7_numeric(proof, "lse", forms["lse"], lambda w: [mp_lse(w)])


F7 = register(
    Claim(
        id="F7",
        slug="shift-invariance",
        title="Adding the same number to every logit leaves the softmax unchanged "
        "and moves log-sum-exp by that number",
        page=PAGE,
        assumptions=(r"$z \in \mathbb{R}^n$", r"$c \in \mathbb{R}$", r"$i \in \{1, \dots, n\}$"),
        claimed=_f7_claimed,
        relations=_f7_relations,
        prove=_f7_prove,
    )
)


# -- F15 scale invariance of dividing by the sum; the [1, 2] and [10, 20] examples ---------------


def _f15_claimed() -> dict[str, Any]:
    third = sp.Rational(1, 3)
    e, e10 = sp.E, sp.exp(10)
    return {
        "scale": Normalized(X, i),
        "small": _row([third, 2 * third]),
        "large": _row([third, 2 * third]),
        "softmax_small": _row([1 / (1 + e), e / (1 + e)]),
        "softmax_large": _row([1 / (1 + e10), e10 / (1 + e10)]),
    }


def _f15_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    out = {"scale": sp.Eq(SCALED, forms["scale"], evaluate=False)}
    for name, values in EXAMPLES.items():
        out[name] = sp.Eq(Applied("q", values), forms[name], evaluate=False)
    for name, values in EXAMPLES.items():
        out[f"softmax_{name}"] = sp.Eq(
            Applied(_SOFTMAX, values), forms[f"softmax_{name}"], evaluate=False
        )
    return out


def _f15_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    check_any_n(
        proof, "scale", nz.scaled(SCALE).result, forms["scale"], "$q(cx)_i$, with $c$ cancelled,"
    )
    proof.cases(
        "scale",
        EXACT_NS,
        ((f"n = {c}", _same_entries(SCALED, forms["scale"], c, G.x)) for c in NS),
        "every entry of $q(c x_1, \\dots, c x_n)$, for positive symbols $x_j$ and $c$",
    )
    for name, values in EXAMPLES.items():
        divided = _row(d.normalize(values))
        proof.check(
            name,
            EXACT,
            is_zero(divided - forms[name]),
            "each output divided by their sum is {}",
            divided,
        )
        part = f"softmax_{name}"
        exact = _row(d.softmax(values))
        proof.check(
            part,
            EXACT,
            is_zero(exact - forms[part]),
            "the softmax, from its definition, is {}",
            exact,
        )
        with mp.workdps(DPS):
            want = mp_softmax([mp.mpf(v) for v in values])
            got = [sp.N(v, DPS) for v in forms[part]]
            ok = all(close(mp.mpf(str(a)), b) for a, b in zip(got, want, strict=True))
        proof.check(part, AT_THE_POINT, ok, "the same softmax computed in mpmath")


F15 = register(
    Claim(
        id="F15",
        slug="standard-normalization",
        title="Dividing by the sum ignores the scale of the outputs; the softmax does not",
        page=PAGE,
        assumptions=(
            r"$x \in \mathbb{R}^n$ with positive entries, $q_i = x_i / \sum_{m=1}^{n} x_m$",
            r"$c > 0$",
        ),
        claimed=_f15_claimed,
        relations=_f15_relations,
        prove=_f15_prove,
    )
)


# -- F19 outputs that are not all positive --------------------------------------------------------

_SIGN_EXAMPLES = {"mixed": (2, -1), "negative": (-1, -2), "near_zero_sum": (1, EPS - 1)}
#: Outputs and quotients of any sign (the general symbols x and q are positive).
_XR, _QR = sp.IndexedBase("x", real=True), sp.IndexedBase("q", real=True)
#: The sum of the outputs, not zero; and the signs two outputs can have.
_TOTAL = sp.Symbol("S", real=True, nonzero=True)
_SIGNS = ("positive", "negative", "zero")


def _f19_claimed() -> dict[str, Any]:
    return {
        "mixed": _row([2, -1]),
        "negative": _row([sp.Rational(1, 3), sp.Rational(2, 3)]),
        "near_zero_sum": _row([1 / EPS, 1 - 1 / EPS]),
        "sums_to_one": sp.S.One,
        "same_sign": sp.sign(_XR[i] * _XR[j]),
        "sign_flip": Normalized(X, i),
    }


def _f19_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    out = {
        name: sp.Eq(Applied("q", values), forms[name], evaluate=False)
        for name, values in _SIGN_EXAMPLES.items()
    }
    out["sums_to_one"] = sp.Eq(sp.Sum(Q[i], (i, 1, n)), forms["sums_to_one"], evaluate=False)
    out["same_sign"] = sp.Eq(sp.sign(_QR[i] * _QR[j]), forms["same_sign"], evaluate=False)
    out["sign_flip"] = sp.Eq(FLIPPED, forms["sign_flip"], evaluate=False)
    return out


def _f19_sum(form: sp.Expr, count: int) -> bool:
    """Check that the entries of x / sum(x) add up to the form, for real x of any sign."""
    xs = logit_symbols(count, "x")  # real symbols: the identity is rational, signs do not enter
    return is_zero(sp.Add(*d.normalize(xs)) - form)


def _f19_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    for name, values in _SIGN_EXAMPLES.items():
        divided = _row(d.normalize(values))
        proof.check(
            name,
            EXACT,
            is_zero(divided - forms[name]),
            "each output divided by their sum is {}",
            divided,
        )

    check_any_n(
        proof, "sums_to_one", nz.sums_to_one().result, forms["sums_to_one"], "$\\sum_i q_i$"
    )
    proof.cases(
        "sums_to_one",
        EXACT_NS,
        ((f"n = {c}", _f19_sum(forms["sums_to_one"], c)) for c in NS),
        "the sum of $x_i / \\sum_m x_m$ for real symbols $x_j$ of any sign",
    )

    # q_i q_j = x_i x_j / (sum x)^2 for any n (derived). Its sign, for each sign of x_i and of
    # x_j and any non-zero sum, against the claimed form with the same signs.
    product = nz.product_of_two().result.xreplace({sp.Sum(G.x[m], (m, 1, n)): _TOTAL})

    def agrees(first: str, second: str) -> bool:
        a, b = sp.Symbol("a", **{first: True}), sp.Symbol("b", **{second: True})
        derived = sp.sign(product.xreplace({G.x[i]: a, G.x[j]: b}))
        claimed = forms["same_sign"].xreplace({_XR[i]: a, _XR[j]: b})
        return is_zero(derived - claimed)

    proof.cases(
        "same_sign",
        ANY_N,
        ((f"{a} and {b}", agrees(a, b)) for a in _SIGNS for b in _SIGNS),
        "the sign of $q_i q_j = x_i x_j / (\\sum_m x_m)^2$ for each sign of $x_i$ and of $x_j$, "
        "with any non-zero sum",
    )

    check_any_n(
        proof,
        "sign_flip",
        nz.scaled(sp.S.NegativeOne).result,
        forms["sign_flip"],
        "$q(-x)_i$, with $-1$ cancelled,",
    )
    proof.cases(
        "sign_flip",
        EXACT_NS,
        ((f"n = {c}", _same_entries(FLIPPED, forms["sign_flip"], c, G.x)) for c in NS),
        "every entry of $q(-x_1, \\dots, -x_n)$ for real symbols $x_j$",
    )


F19 = register(
    Claim(
        id="F19",
        slug="normalization-sign",
        title="Divided by their sum, outputs always sum to one, but outputs of opposite signs give "
        "entries of opposite signs, negative outputs come out in reverse order, and near a zero "
        "sum the entries are unbounded",
        page=PAGE,
        assumptions=(
            r"$x \in \mathbb{R}^n$ with $\sum_{m=1}^{n} x_m \ne 0$, "
            r"$q_i = x_i / \sum_{m=1}^{n} x_m$",
            r"near a zero sum: $\varepsilon \ne 0$",
        ),
        claimed=_f19_claimed,
        relations=_f19_relations,
        prove=_f19_prove,
    )
)


# -- F20 the gradient of -log q_k -----------------------------------------------------------------


def _gradient_lhs(true: Any, wrt: Any) -> sp.Derivative:
    return sp.Derivative(-sp.log(Q[true]), G.x[wrt])


def _f20_claimed() -> dict[str, Any]:
    million = 10**6
    return {
        "in_x": 1 / sp.Sum(G.x[m], (m, 1, n)) - sp.KroneckerDelta(j, k) / G.x[k],
        "in_q": (Q[k] - sp.KroneckerDelta(j, k)) / G.x[k],
        "tiny_q": sp.Rational(1, 2),
        "tiny_gradient": sp.Integer(-million // 2),
        "unlikely_q": sp.Rational(1, million + 1),
        "unlikely_gradient": -sp.Rational(million, million + 1),
    }


def _f20_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    out = {
        "in_x": sp.Eq(_gradient_lhs(k, j), forms["in_x"], evaluate=False),
        "in_q": sp.Eq(_gradient_lhs(k, j), forms["in_q"], evaluate=False),
    }
    for name, values in POINTS.items():
        # Exact prints 10^6 + 1 and 5 x 10^5 where the plain form would print 1000001, 500000.
        out[f"{name}_q"] = sp.Eq(At(Q[1], values), Exact(forms[f"{name}_q"]), evaluate=False)
        out[f"{name}_gradient"] = sp.Eq(
            At(_gradient_lhs(1, 1), values), Exact(forms[f"{name}_gradient"]), evaluate=False
        )
    return out


def _mp_nll(x: Sequence[mp.mpf], true: int) -> mp.mpf:
    return -mp.log(x[true - 1] / mp.fsum(x))


def _f20_exact(form: sp.Expr, count: int) -> bool:
    """Every entry (j, k) of the concrete gradient of -log q_k against the claimed form."""
    xs = positive_symbols(count)
    full = sp.sympify(form).doit()
    for true, q in enumerate(d.normalize(xs), start=1):
        for wrt, x in enumerate(xs, start=1):
            want = concretize(full, count, {k: true, j: wrt}, {G.x: xs})
            if not is_zero(sp.diff(-sp.log(q), x) - want):
                return False
    return True


def _f20_numeric(proof: Proof, part: str, form: sp.Expr, in_q: bool) -> None:
    """Compare the form at seeded positive outputs (e^z, z up to ~30) with mpmath derivatives."""
    count = 3
    xs = positive_symbols(count)
    full = sp.sympify(form).doit()
    entries = {}
    for true, q in enumerate(d.normalize(xs), start=1):
        for wrt, _ in enumerate(xs, start=1):
            entry = concretize(full, count, {k: true, j: wrt}, {G.x: xs})
            entries[true, wrt] = _evaluator(entry.xreplace({Q[true]: q}) if in_q else entry, xs)
    failures, points = [], 0
    with mp.workdps(DPS):
        for z in logit_points(count, seed=11)[:2]:
            x = [mp.exp(t) for t in z]
            points += 1
            for (true, wrt), f in entries.items():
                want = mp_partial(lambda w, t=true: _mp_nll(w, t), x, wrt - 1)
                if not close(f(*x), want):
                    failures.append((true, wrt))
    suffix = f" (differs at (k, j) = {failures[:2]})" if failures else ""
    proof.check(
        part,
        numeric(points, DPS),
        not failures,
        f"every entry against mpmath's derivative of $-\\log q_k$, $n = {count}${suffix}",
    )


def _f20_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    derived = general.normalization_nll_gradient().result
    check_any_n(proof, "in_x", derived, forms["in_x"], "SymPy's derivative")
    proof.cases(
        "in_x",
        EXACT_NS,
        ((f"n = {c}", _f20_exact(forms["in_x"], c)) for c in NS),
        "every entry $(j, k)$ of the derivative of $-\\log(x_k / \\sum_m x_m)$, "
        "for positive symbols $x_j$",
    )
    _f20_numeric(proof, "in_x", forms["in_x"], in_q=False)

    # With q_k's definition put back, the claimed form must be SymPy's derivative.
    in_x = forms["in_q"].xreplace({Q[k]: G.x[k] / sp.Sum(G.x[m], (m, 1, n))})
    proof.check(
        "in_q",
        ANY_N,
        is_zero(derived.doit() - in_x.doit()),
        "SymPy's derivative, written with $q_k = x_k / \\sum_m x_m$, is {}",
        forms["in_q"],
    )
    _f20_numeric(proof, "in_q", forms["in_q"], in_q=True)

    for name, values in POINTS.items():
        q1, entry = d.normalize(values)[0], nz.nll_gradient_at(values, 1, 1)
        proof.check(
            f"{name}_q", EXACT, is_zero(q1 - forms[f"{name}_q"]), "$x_1 / (x_1 + x_2)$ is {}", q1
        )
        proof.check(
            f"{name}_gradient",
            EXACT,
            is_zero(entry - forms[f"{name}_gradient"]),
            "the derived entry, at these outputs, is {}",
            entry,
        )
        with mp.workdps(DPS):
            x = [mp.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in values]
            want = {"q": x[0] / mp.fsum(x), "gradient": mp_partial(lambda w: _mp_nll(w, 1), x, 0)}
            for what, reference in want.items():
                part = f"{name}_{what}"
                got = mp.mpf(str(sp.N(forms[part], DPS)))
                proof.check(part, AT_THE_POINT, close(got, reference), _IN_MPMATH[what])


F20 = register(
    Claim(
        id="F20",
        slug="normalization-gradient",
        title="Every entry of the gradient of the log-likelihood of dividing by the sum carries "
        "the factor one over the true class's output, so its size is set by that output, "
        "not by the probability",
        page=PAGE,
        assumptions=(
            r"$x \in \mathbb{R}^n$ with positive entries, $q_i = x_i / \sum_{m=1}^{n} x_m$",
            r"$j, k \in \{1, \dots, n\}$; in the examples $n = 2$ and $k = 1$",
        ),
        claimed=_f20_claimed,
        relations=_f20_relations,
        prove=_f20_prove,
    )
)


# -- F21 dividing exponentials by their sum is the softmax ---------------------------------------


def _f21_claimed() -> dict[str, Any]:
    return {"softmax": Softmax(Z, i), "gradient": G.s[j] - sp.KroneckerDelta(j, k)}


def _f21_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "softmax": sp.Eq(EXPONENTIALS, forms["softmax"], evaluate=False),
        "gradient": sp.Eq(sp.Derivative(-sp.log(Q[k]), G.z[j]), forms["gradient"], evaluate=False),
    }


def _in_logits(expr: sp.Expr) -> sp.Expr:
    """Write x = e^z and s = softmax(z): both sides of the gradient in the logits alone."""
    expr = expr.replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == G.x, lambda e: sp.exp(G.z[e.indices[0]])
    )
    return expr.replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == G.s, lambda e: g_softmax(e.indices[0])
    )


def _f21_exact_gradient(form: sp.Expr, count: int) -> bool:
    zs = logit_symbols(count)
    full = sp.sympify(form).doit()
    for true, q in enumerate(d.normalize([sp.exp(t) for t in zs]), start=1):
        for wrt, z in enumerate(zs, start=1):
            want = concretize(full, count, {k: true, j: wrt}, {G.s: d.softmax(zs)})
            if not is_zero(sp.diff(-sp.log(q), z) - want):
                return False
    return True


def _f21_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    check_any_n(
        proof, "softmax", nz.exponentials().result, forms["softmax"], "$q(e^{z})_i$, written out,"
    )
    proof.cases(
        "softmax",
        EXACT_NS,
        ((f"n = {c}", _same_entries(EXPONENTIALS, forms["softmax"], c, G.z)) for c in NS),
        "every entry of $q(e^{z_1}, \\dots, e^{z_n})$",
    )

    # With x = e^z and s = softmax(z) written out, the chain's last line and the claimed form
    # are both expressions in the logits alone.
    check_any_n(
        proof,
        "gradient",
        _in_logits(nz.gradient_in_logits().result),
        _in_logits(forms["gradient"]),
        "the gradient through $x = e^{z}$, with $x$ and $s$ written in $z$,",
    )
    proof.cases(
        "gradient",
        EXACT_NS,
        ((f"n = {c}", _f21_exact_gradient(forms["gradient"], c)) for c in NS),
        "every entry $(j, k)$ of the derivative of $-\\log(e^{z_k} / \\sum_m e^{z_m})$",
    )


F21 = register(
    Claim(
        id="F21",
        slug="normalization-of-exponentials",
        title="Dividing exponentials by their sum is the softmax, and in the logits the factor "
        "one over the true class's output cancels",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, $x = e^{z}$ entrywise, $q_i = x_i / \sum_{m=1}^{n} x_m$",
            r"$i, j, k \in \{1, \dots, n\}$",
        ),
        claimed=_f21_claimed,
        relations=_f21_relations,
        prove=_f21_prove,
    )
)
