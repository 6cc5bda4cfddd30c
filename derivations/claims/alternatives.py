r"""Claims of the page ``alternatives``: other ways to map logits to probabilities, same tests.

* F39 ``positive-divide-gradient``: for :math:`q_i = \phi(z_i)/\sum_m \phi(z_m)` with any positive,
  differentiable :math:`\phi`, the gradient of :math:`-\log q_k`, for symbolic :math:`n`.
* F40 ``alternative-gradients``: the same gradient with each mapping's :math:`\phi` put in
  (softmax, softplus, ReLU + :math:`\varepsilon` on each side of 0, spherical, Taylor).
* F41 ``alternatives-wrong-slopes``: two classes, :math:`z = (0, t)`, true class 1: the slope of
  each mapping's :math:`-\log q_1` in the margin :math:`t`.
* F42 ``alternatives-wrong-limits``: :math:`t` times those slopes tends to 1 or 2: the slopes
  die like :math:`1/t` or :math:`2/t`.
* F43 ``sparsemax-loss-gradient``: the sparsemax loss has gradient :math:`\mathrm{sparsemax}(z)
  - y`, for symbolic :math:`n` and support size.
* F44 ``sparsemax-two-class``: two classes, :math:`z = (0, t)`: sparsemax gives the true class
  probability 0 once :math:`t \ge 1` (so :math:`-\log` of it is infinite), and its loss is
  :math:`t` there, with slope 1.
* F45 ``shift-and-scale``: how :math:`q` responds to adding :math:`c` to every logit or
  multiplying them by :math:`c`, for any :math:`\phi` and :math:`n`; for two classes the shift
  response is :math:`q_1 q_2` times the difference of :math:`\phi'/\phi` at the two logits.
* F46 ``sparsemax-shift``: :math:`\mathrm{sparsemax}(z + c\mathbf{1}) = \mathrm{sparsemax}(z)`.
* F47 ``alternatives-order``: spherical and Taylor softmax can give the *smaller* logit the
  larger probability.

Every step compares a claimed form with something computed independently of it: a SymPy
derivation from the definitions (:mod:`derivations.symbolic.alternatives`), an mpmath
computation from the definitions, or the package's NumPy kernels.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import mpmath as mp
import numpy as np
import sympy as sp

import derivations as kernels

from ..symbolic import alternatives as alt
from ..symbolic.alternatives import (
    EPS,
    LOSS,
    SHIFT,
    TAU,
    GFun,
    GPrime,
    Mapped,
    Q,
    Restricted,
    WithG,
)
from ..symbolic.binary import SIGMA, ZETA, to_definitions
from ..symbolic.exponential import Shown
from ..symbolic.expressions import ONE, Z
from ..symbolic.general import sum_out_deltas
from ..symbolic.rewrite import canonical_sums
from ..symbolic.symbols import general_symbols, logit_symbols
from ..symbolic.zero import is_zero
from .core import ANY_N, EXACT, MEASURED, Claim, Proof, exact_for, numeric, register
from .mpmath_reference import DPS, logit_points

__all__ = [
    "F39",
    "F40",
    "F41",
    "F42",
    "F43",
    "F44",
    "F45",
    "F46",
    "F47",
    "KERNEL_EPS",
    "mp_function",
    "mp_sparsemax",
    "sparsemax_two_class",
]

PAGE = "alternatives"
G = general_symbols()
z, y, s, i, j, k, m, n = G.z, G.y, G.s, G.i, G.j, G.k, G.m, G.n
T = alt.T
#: The kernels' default epsilon (spherical and ReLU), used in the numeric and measured checks.
KERNEL_EPS = sp.Rational(1, 100)
#: Sizes of the exact cross-checks.
NS = (2, 3, 4)
EXACT_NS = exact_for(NS)
#: Relative agreement required of the package kernels (float64) with the claimed forms.
KERNEL_RTOL = 1e-11
#: Absolute floor of that comparison (entries are at most about 100 in size).
KERNEL_ATOL = 1e-13
#: Agreement required in the 40-digit comparisons.
MP_TOL = mp.mpf(10) ** -20
#: Absolute agreement required of the sparsemax kernels (entries at most 1 in size).
SPARSEMAX_ATOL = 1e-12
#: The epsilon of the 40-digit checks (the kernels' default).
MP_EPS = mp.mpf(1) / 100
#: Class indices 1..n of the exact checks, for each size.
ONE_TO = {count: tuple(range(1, count + 1)) for count in (2, 3, 4)}
#: A logit this close to sparsemax's threshold would change the support within a numerical
#: derivative's step: such points are left out.
SUPPORT_GAP = mp.mpf(10) ** -3
#: Shifts of the sparsemax checks: far beyond float64's exponential range, and ordinary.
SHIFTS = (-700.0, 0.3, 900.0)
#: The smooth mappings (the numeric checks of an unknown phi use these).
SMOOTH = ("softmax", "softplus", "spherical", "taylor")
#: Relu pieces: the part name, the piece, which logits it covers.
RELU_PIECES = {"relu_positive": "positive", "relu_negative": "negative"}


# -- shared helpers --------------------------------------------------------------------------------


def _mp_g(name: str, eps: mp.mpf) -> Callable[[mp.mpf], mp.mpf]:
    """Each mapping's g in mpmath, written from its definition (independent of SymPy)."""
    table: dict[str, Callable[[mp.mpf], mp.mpf]] = {
        "softmax": mp.exp,
        "softplus": lambda u: mp.log1p(mp.exp(u)),
        "relu": lambda u: max(u, mp.mpf(0)) + eps,
        "spherical": lambda u: u * u + eps,
        "taylor": lambda u: 1 + u + u * u / 2,
    }
    return table[name]


def _mp_close(got: mp.mpf, want: mp.mpf) -> bool:
    """Whether two 40-digit values agree to a relative 1e-20 (with a floor of 1e-20)."""
    return bool(mp.almosteq(got, want, rel_eps=MP_TOL, abs_eps=MP_TOL))


def _mp_q(name: str, values: Sequence[mp.mpf], eps: mp.mpf) -> list[mp.mpf]:
    g = _mp_g(name, eps)
    parts = [g(v) for v in values]
    total = mp.fsum(parts)
    return [p / total for p in parts]


def _mp_nll_slope(name: str, values: Sequence[mp.mpf], true: int, wrt: int, eps: mp.mpf) -> mp.mpf:
    """Differentiate -log q_true in logit ``wrt`` (0-based) numerically, by mpmath.diff."""
    base = list(values)

    def loss(v: mp.mpf) -> mp.mpf:
        point = list(base)
        point[wrt] = v
        return -mp.log(_mp_q(name, point, eps)[true])

    return mp.diff(loss, base[wrt])


_Q_J = sp.Symbol("q_j", positive=True)
_Z_J = sp.Symbol("z_j", real=True)
_DELTA = sp.Symbol("delta", nonnegative=True)


def _flat(expr: sp.Expr) -> sp.Expr:
    """Write a gradient entry in plain symbols (q_j or s_j, z_j, delta; sigma, zeta expanded)."""
    table = {Q[j]: _Q_J, s[j]: _Q_J, z[j]: _Z_J, sp.KroneckerDelta(j, k): _DELTA}
    return to_definitions(sp.sympify(expr).xreplace(table))


def _same_entry(derived: sp.Expr, claimed: sp.Expr) -> bool:
    """Whether two gradient entries agree for both values (0, 1) of the delta, identically."""
    diff = _flat(derived) - _flat(claimed)
    if diff.free_symbols - {_Q_J, _Z_J, _DELTA, EPS}:
        return False
    return all(is_zero(diff.xreplace({_DELTA: v})) for v in (0, 1))


_SIGMOID_MP = sp.Function("sigmoid_mp")
_SOFTPLUS_MP = sp.Function("softplus_mp")
#: mpmath implementations of the sigmoid and softplus, accurate for logits far below 0 (where
#: ``log(1 + exp(u))`` would round ``1 + exp(u)`` to 1).
_MP_FUNCTIONS = {
    "sigmoid_mp": lambda u: 1 / (1 + mp.exp(-u)),
    "softplus_mp": lambda u: mp.log1p(mp.exp(u)),
}


def mp_function(symbols: Sequence[sp.Symbol], expr: sp.Expr) -> Callable[..., Any]:
    r"""Lambdify for mpmath, with :math:`\sigma`, :math:`\zeta` and :math:`\log(1 + e^a)` accurate.

    Parameters
    ----------
    symbols : sequence of sympy.Symbol
        The arguments.
    expr : sympy.Expr
        The expression (may hold the display functions :math:`\sigma`, :math:`\zeta`).

    Returns
    -------
    callable
        ``f(*values)`` evaluated by mpmath.

    Examples
    --------
    >>> t = sp.Symbol("t", real=True)
    >>> f = mp_function([t], sp.log(1 + sp.exp(t)))
    >>> float(f(mp.mpf(-1000)) * mp.exp(1000))  # log(1 + e^-1000) = e^-1000 (1 - ...)
    1.0
    """
    out = sp.sympify(expr).replace(SIGMA, _SIGMOID_MP).replace(ZETA, _SOFTPLUS_MP)
    out = out.replace(
        lambda e: isinstance(e, sp.log) and alt._exp_argument(e.args[0]) is not None,
        lambda e: _SOFTPLUS_MP(alt._exp_argument(e.args[0])),
    )
    return sp.lambdify(list(symbols), out, modules=[_MP_FUNCTIONS, "mpmath"])


def _entry_function(claimed: sp.Expr) -> Callable[..., Any]:
    """Return the claimed entry as ``f(q_j, z_j, delta, eps)`` in mpmath."""
    flat = sp.sympify(claimed).xreplace(
        {Q[j]: _Q_J, s[j]: _Q_J, z[j]: _Z_J, sp.KroneckerDelta(j, k): _DELTA}
    )
    return mp_function([_Q_J, _Z_J, _DELTA, EPS], flat)


def _kernel_close(got: float, want: float) -> bool:
    """Whether a kernel's float64 value agrees with an exact one (relative, with a floor)."""
    return bool(np.isclose(got, want, rtol=KERNEL_RTOL, atol=KERNEL_ATOL))


def _float_points(count: int, seed: int) -> list[np.ndarray]:
    """Seeded float64 logits at scales 1, 3 and 30 (the kernels' ordinary range and beyond)."""
    rng = np.random.default_rng(seed)
    return [scale * rng.standard_normal(count) for scale in (1.0, 3.0, 30.0)]


#: The points of the measured checks (made once, outside the proofs).
FLOAT_POINTS = _float_points(4, seed=480)


def _kernel_mapping(name: str) -> str:
    return "relu" if name.startswith("relu") else name


def _part_covers(part: str, value: float) -> bool:
    """Whether a logit value is in the domain of a part (the ReLU parts: one sign each)."""
    if part == "relu_positive":
        return value > 0
    if part == "relu_negative":
        return value < 0
    return True


# -- F39 the gradient for any phi ------------------------------------------------------------------


def _total() -> sp.Expr:
    return sp.Sum(GFun(z[m]), (m, 1, n))


def _f39_claimed() -> dict[str, Any]:
    return {
        "gradient": GPrime(z[j]) / _total() - sp.KroneckerDelta(j, k) * GPrime(z[k]) / GFun(z[k]),
        "factored": (Q[j] - sp.KroneckerDelta(j, k)) * GPrime(z[j]) / GFun(z[j]),
    }


def _f39_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    lhs = alt.nll_gradient_lhs()
    return {name: sp.Eq(lhs, forms[name], evaluate=False) for name in ("gradient", "factored")}


def _with_q_defined(expr: sp.Expr) -> sp.Expr:
    """Put q_a = phi(z_a) / sum_m phi(z_m) into an expression."""
    return expr.replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == Q,
        lambda e: GFun(z[e.indices[0]]) / _total(),
    )


def _concrete_generic(form: sp.Expr, count: int, jj: int, kk: int) -> sp.Expr:
    """Evaluate a general-n form (phi unknown) at n = count, entry (jj, kk), q written out."""
    zs = logit_symbols(count)
    full = _with_q_defined(sp.sympify(form)).xreplace({n: count}).doit()
    full = full.xreplace({j: jj, k: kk}).doit()
    return full.xreplace({z[a + 1]: zs[a] for a in range(count)})


def _generic_exact(form: sp.Expr, count: int) -> bool:
    zs = logit_symbols(count)
    total = sp.Add(*[GFun(v) for v in zs])
    for jj, kk in itertools.product(ONE_TO[count], repeat=2):
        derived = alt.prime_notation(sp.diff(-sp.log(GFun(zs[kk - 1]) / total), zs[jj - 1]))
        if not is_zero(derived - _concrete_generic(form, count, jj, kk)):
            return False
    return True


def _generic_numeric(proof: Proof, part: str, form: sp.Expr) -> None:
    """Check the form, each smooth phi put in, against mpmath derivatives of -log q_k (n = 3)."""
    count = 3
    zs = logit_symbols(count)
    eps = MP_EPS
    failures, checked = [], []
    with mp.workdps(DPS):
        for name in SMOOTH:
            for jj, kk in itertools.product(ONE_TO[count], repeat=2):
                concrete = alt.specialise(_concrete_generic(form, count, jj, kk), name)
                f = mp_function([*zs, EPS], concrete)
                for point in logit_points(count, seed=47)[:2]:
                    checked.append(name)
                    want = _mp_nll_slope(name, point, kk - 1, jj - 1, eps)
                    if not _mp_close(f(*point, eps), want):
                        failures.append((name, jj, kk))
    suffix = f" (differs for {failures[:2]})" if failures else ""
    proof.check(
        part,
        numeric(len(checked), DPS),
        not failures,
        "{} with $\\phi(u) = e^{u}$, $\\log(1 + e^{u})$, $u^2 + \\varepsilon$ and "
        "$1 + u + \\tfrac12 u^2$ put in agrees with the numerical derivative of $-\\log q_k$ "
        f"(mpmath), every $j, k$, $n = {count}$, $\\varepsilon = 1/100${suffix}",
        form,
    )


def _f39_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    chain = alt.positive_divide_gradient()
    raw = alt.prime_notation(sum_out_deltas(sp.diff(-sp.log(GFun(z[k]) / _total()), z[j])))
    proof.check(
        "gradient",
        ANY_N,
        is_zero(raw - sp.sympify(forms["gradient"])),
        "SymPy's derivative of $-\\log q_k$, $q_k = \\phi(z_k)/\\sum_m \\phi(z_m)$ with $\\phi$ "
        "an unknown "
        "function, the Kronecker delta summed out, is {}",
        forms["gradient"],
    )
    proof.check(
        "factored",
        ANY_N,
        is_zero(_with_q_defined(chain.result - sp.sympify(forms["factored"]))),
        "the derivation shown ends in {}, and with $q_j = \\phi(z_j)/\\sum_m \\phi(z_m)$ "
        "written out "
        "the two are the same expression",
        forms["factored"],
    )
    for part in ("gradient", "factored"):
        proof.cases(
            part,
            EXACT_NS,
            ((f"n = {c}", _generic_exact(forms[part], c)) for c in NS),
            "every entry $(j, k)$ of SymPy's derivative for $z_1, \\dots, z_n$ and an unknown "
            "$\\phi$ equals {}",
            forms[part],
        )
        _generic_numeric(proof, part, forms[part])


F39 = register(
    Claim(
        id="F39",
        slug="positive-divide-gradient",
        title="Make the logits positive with any function, divide by the sum: the gradient of the "
        "negative log-likelihood is the softmax gradient times the slope of the log of that "
        "function",
        page=PAGE,
        assumptions=(
            r"$\phi$ positive and differentiable, $q_i = \phi(z_i) / \sum_{m=1}^{n} \phi(z_m)$",
            r"$z \in \mathbb{R}^n$; $j, k \in \{1, \dots, n\}$, $k$ the true class",
        ),
        claimed=_f39_claimed,
        relations=_f39_relations,
        prove=_f39_prove,
    )
)


# -- F40 each mapping's gradient ------------------------------------------------------------------

#: The parts of F40: mapping and ReLU piece.
_F48_PARTS = {
    "softmax": ("softmax", None),
    "softplus": ("softplus", None),
    "relu_positive": ("relu", "positive"),
    "relu_negative": ("relu", "negative"),
    "spherical": ("spherical", None),
    "taylor": ("taylor", None),
}


def _f40_claimed() -> dict[str, Any]:
    bracket = Q[j] - sp.KroneckerDelta(j, k)
    zj = z[j]
    return {
        "softmax": s[j] - sp.KroneckerDelta(j, k),
        "softplus": bracket * SIGMA(zj) / ZETA(zj),
        "relu_positive": bracket / (zj + EPS),
        "relu_negative": sp.S.Zero,
        "spherical": 2 * zj * bracket / (zj**2 + EPS),
        "taylor": (1 + zj) * bracket / (1 + zj + zj**2 / 2),
    }


def _f40_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    lhs = alt.nll_gradient_lhs()
    return {
        part: sp.Eq(WithG(lhs, alt.g_key(*_F48_PARTS[part])), forms[part], evaluate=False)
        for part in _F48_PARTS
    }


def _mapping_numeric(proof: Proof, part: str, claimed: sp.Expr) -> None:
    """Claimed entry against mpmath derivatives of -log q_k at seeded logits (n = 3)."""
    name, _ = _F48_PARTS[part]
    f = _entry_function(claimed)
    eps = MP_EPS
    count = 3
    failures, checked = [], []
    with mp.workdps(DPS):
        for point in logit_points(count, seed=48):
            q = _mp_q(name, point, eps)
            for jj, kk in itertools.product(range(count), repeat=2):
                if not _part_covers(part, float(point[jj])):
                    continue
                checked.append((jj, kk))
                want = _mp_nll_slope(name, point, kk, jj, eps)
                got = f(q[jj], point[jj], int(jj == kk), eps)
                if not _mp_close(got, want):
                    failures.append((float(point[jj]), jj, kk))
    suffix = f" (differs at {failures[:2]})" if failures else ""
    proof.check(
        part,
        numeric(len(checked), DPS),
        bool(checked) and not failures,
        "{} agrees with the numerical derivative of $-\\log q_k$ computed from $\\phi$ in mpmath, "
        f"every $j, k$ it covers, seeded logits up to about $1000$, $n = {count}$, "
        f"$\\varepsilon = 1/100${suffix}",
        claimed,
    )


def _mapping_kernel(proof: Proof, part: str, claimed: sp.Expr) -> None:
    """Claimed entry, in float64, against the package's ``nll_grad`` (n = 4)."""
    name, _ = _F48_PARTS[part]
    f = _entry_function(claimed)
    probabilities = _PROBABILITIES[name]
    eps = MP_EPS
    checked, bad = [], []
    for point in FLOAT_POINTS:
        q = probabilities(point)
        for kk in range(point.size):
            got = kernels.nll_grad(point, kk, name)
            for jj in range(point.size):
                if not _part_covers(part, point[jj]):
                    continue
                checked.append(jj)
                with mp.workdps(DPS):
                    want = float(f(mp.mpf(q[jj]), mp.mpf(point[jj]), int(jj == kk), eps))
                if not _kernel_close(float(got[jj]), want):
                    bad.append((jj, kk))
    proof.check(
        part,
        MEASURED,
        bool(checked) and not bad,
        "{} in float64 agrees with the library function `nll_grad` to a relative $10^{-11}$, every "
        "$j, k$ it covers, seeded logits up to about $100$, $n = 4$, $\\varepsilon = 1/100$",
        claimed,
    )


#: Each mapping's probability kernel (for the measured checks).
_PROBABILITIES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "softmax": kernels.softmax,
    "softplus": kernels.softplus_normalize,
    "relu": kernels.relu_normalize,
    "spherical": kernels.spherical_softmax,
    "taylor": kernels.taylor_softmax,
}


def _f40_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    general = alt.positive_divide_gradient().result
    for part, (name, piece) in _F48_PARTS.items():
        derived = alt.specialise(general, name, piece)
        definition = sp.Eq(GFun(alt.U), alt.g_definition(name, alt.U, piece), evaluate=False)
        proof.check(
            part,
            ANY_N,
            _same_entry(derived, forms[part]),
            "the general result with {} put in (SymPy differentiates it) is {}, for "
            "$\\delta_{jk} = 0$ and $1$",
            definition,
            forms[part],
        )
        _mapping_numeric(proof, part, forms[part])
        _mapping_kernel(proof, part, forms[part])


F40 = register(
    Claim(
        id="F40",
        slug="alternative-gradients",
        title="The gradient of the negative log-likelihood of softmax, softplus, ReLU, spherical "
        "and Taylor softmax",
        page=PAGE,
        assumptions=(
            r"$q_i = \phi(z_i) / \sum_{m=1}^{n} \phi(z_m)$ with $\phi$ as shown; for the softmax "
            r"$q = s$",
            r"$z \in \mathbb{R}^n$; $j, k \in \{1, \dots, n\}$, $k$ the true class; "
            r"$\varepsilon > 0$",
            r"ReLU: $\phi(u) = \max(u, 0) + \varepsilon$, which is $u + \varepsilon$ where "
            r"$z_j > 0$ and $\varepsilon$ where $z_j < 0$ (each line holds on its side)",
        ),
        claimed=_f40_claimed,
        relations=_f40_relations,
        prove=_f40_prove,
    )
)


# -- F41 two classes: the slopes in the margin -----------------------------------------------------

WRONG = ("softplus", "relu", "spherical", "taylor")


def _two_class_lhs(name: str) -> sp.Expr:
    return WithG(sp.Derivative(-sp.log(Q[1]), T), name)


def _f41_claimed() -> dict[str, Any]:
    log2 = sp.log(2)
    return {
        "softplus": SIGMA(T) / (log2 + ZETA(T)),
        "relu": 1 / (T + 2 * EPS),
        "spherical": 2 * T / (T**2 + 2 * EPS),
        "taylor": (1 + T) / (2 + T + T**2 / 2),
    }


def _f41_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {name: sp.Eq(_two_class_lhs(name), forms[name], evaluate=False) for name in WRONG}


#: Seeded margins of the two-class checks, and far out (ReLU: positive ones only).
_MARGINS = (*(float(v) for v in 3 * np.random.default_rng(49).standard_normal(5)), 40.0, 900.0)


def _margins(name: str) -> list[float]:
    return [t for t in _MARGINS if t > 0] if name == "relu" else list(_MARGINS)


def _mp_two_class_slope(name: str, t: mp.mpf, eps: mp.mpf) -> mp.mpf:
    return _mp_nll_slope(name, [mp.mpf(0), t], 0, 1, eps)


def _f41_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    for name in WRONG:
        claimed = sp.sympify(forms[name])
        derived = alt.two_class_slope(name)
        proof.check(
            name,
            EXACT,
            is_zero(to_definitions(claimed) - derived),
            "SymPy's derivative in $t$ of $-\\log q_1$ at $z = (0, t)$, from the definition "
            "of $\\phi$, is {}; with $\\sigma$ and $\\zeta$ written out, {} is the same",
            derived,
            claimed,
        )
        f = mp_function([T, EPS], claimed)
        eps = MP_EPS
        with mp.workdps(DPS):
            bad = [
                t
                for t in _margins(name)
                if not _mp_close(f(mp.mpf(t), eps), _mp_two_class_slope(name, mp.mpf(t), eps))
            ]
        proof.check(
            name,
            numeric(len(_margins(name)), DPS),
            not bad,
            "{} agrees to a relative $10^{-20}$ with mpmath's numerical derivative of "
            "$-\\log q_1$ at seeded margins and at $t = 40$, $900$, $\\varepsilon = 1/100$"
            + (f" (differs at t = {bad[:2]})" if bad else ""),
            claimed,
        )
        with mp.workdps(DPS):
            exact = [float(f(mp.mpf(t), eps)) for t in _margins(name)]
        measured = [float(kernels.nll_grad([0.0, t], 0, name)[1]) for t in _margins(name)]
        proof.check(
            name,
            MEASURED,
            all(_kernel_close(a, b) for a, b in zip(measured, exact, strict=True)),
            "{} in float64 agrees with the library function `nll_grad` on the wrong logit to a "
            "relative $10^{-11}$ at the same margins",
            claimed,
        )


F41 = register(
    Claim(
        id="F41",
        slug="alternatives-wrong-slopes",
        title="Two classes: how steeply the negative log-likelihood of each alternative falls "
        "as the wrong logit runs ahead",
        page=PAGE,
        assumptions=(
            r"two classes, $z = (0, t)$, true class 1: $t$ is the margin",
            r"$-\log q_1$ as a function of $t$; $\varepsilon > 0$",
            r"ReLU: $t > 0$ (there $\phi(t) = t + \varepsilon$)",
        ),
        claimed=_f41_claimed,
        relations=_f41_relations,
        prove=_f41_prove,
    )
)


# -- F42 the slopes die like 1/t -------------------------------------------------------------------


def _f42_claimed() -> dict[str, Any]:
    return {
        "softplus": sp.S.One,
        "relu": sp.S.One,
        "spherical": sp.Integer(2),
        "taylor": sp.Integer(2),
    }


def _f42_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        name: sp.Eq(
            WithG(sp.Limit(T * sp.Derivative(-sp.log(Q[1]), T), T, sp.oo), name),
            forms[name],
            evaluate=False,
        )
        for name in WRONG
    }


#: Far margins of the limit checks, and how close t times the slope must be to the limit there.
_FAR = (10**9, 10**12)
_FAR_TOL = 10**-6


def _f42_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    for name in WRONG:
        claimed = sp.sympify(forms[name])
        slope = alt.two_class_slope(name)
        limit = sp.limit(T * slope, T, sp.oo)
        proof.check(
            name,
            EXACT,
            is_zero(limit - claimed),
            "SymPy's limit of $t$ times the derived slope {} as $t \\to \\infty$ is {}",
            slope,
            claimed,
        )
        eps = MP_EPS
        with mp.workdps(DPS):
            values = [mp.mpf(t) * _mp_two_class_slope(name, mp.mpf(t), eps) for t in _FAR]
            limit = mp.mpf(sp.Float(claimed, DPS))
            close = all(mp.almosteq(v, limit, abs_eps=_FAR_TOL) for v in values)
        proof.check(
            name,
            numeric(len(_FAR), DPS),
            close,
            "$t$ times mpmath's numerical derivative of $-\\log q_1$ is within $10^{-6}$ of {} "
            "at $t = 10^{9}$ and $10^{12}$",
            claimed,
        )
        measured = [t * kernels.nll_grad([0.0, float(t)], 0, name)[1] for t in _FAR]
        proof.check(
            name,
            MEASURED,
            all(abs(v - float(claimed)) <= _FAR_TOL for v in measured),
            "$t$ times the library function `nll_grad` on the wrong logit is within $10^{-6}$ "
            "of {} at the same margins",
            claimed,
        )


F42 = register(
    Claim(
        id="F42",
        slug="alternatives-wrong-limits",
        title="Two classes: the slope of every alternative's negative log-likelihood dies like "
        "one or two over the margin",
        page=PAGE,
        assumptions=(
            r"two classes, $z = (0, t)$, true class 1; $t \to \infty$: the wrong logit runs ahead",
            r"$\varepsilon > 0$",
        ),
        claimed=_f42_claimed,
        relations=_f42_relations,
        prove=_f42_prove,
    )
)


# -- sparsemax in mpmath ---------------------------------------------------------------------------


def mp_sparsemax(values: Sequence[mp.mpf]) -> tuple[list[mp.mpf], mp.mpf]:
    r"""Return sparsemax and its threshold in mpmath, by bisection on the threshold equation.

    Independent of the sort-based algorithm of the kernel: the threshold is bracketed by
    bisection, the support read off, and :math:`\tau` computed exactly from the support.

    Parameters
    ----------
    values : sequence of mpmath.mpf
        Logits.

    Returns
    -------
    tuple
        ``(p, tau)``.

    Examples
    --------
    >>> p, tau = mp_sparsemax([mp.mpf(1), mp.mpf("0.5"), mp.mpf(-1)])
    >>> [float(v) for v in p], float(tau)
    ([0.75, 0.25, 0.0], 0.25)
    """
    zs = [mp.mpf(v) for v in values]

    def excess(tau: mp.mpf) -> mp.mpf:
        return mp.fsum(max(v - tau, 0) for v in zs) - 1

    low, high = max(zs) - 1, max(zs)  # excess(low) >= 0 > excess(high)
    for _ in range(200):
        mid = (low + high) / 2
        if excess(mid) >= 0:
            low = mid
        else:
            high = mid
    support = [v for v in zs if v > low]
    tau = (mp.fsum(support) - 1) / len(support)
    return [max(v - tau, mp.mpf(0)) for v in zs], tau


def _mp_sparsemax_loss(values: Sequence[mp.mpf], target: Sequence[mp.mpf]) -> mp.mpf:
    """Return the sparsemax loss from the paper's formula, in mpmath."""
    p, tau = mp_sparsemax(values)
    support = [v for v, pv in zip(values, p, strict=True) if pv > 0]
    return (
        -mp.fsum(t * v for t, v in zip(target, values, strict=True))
        + mp.fsum(v * v - tau * tau for v in support) / 2
        + mp.fsum(t * t for t in target) / 2
    )


# -- F43 the sparsemax loss's gradient -------------------------------------------------------------


def _f43_claimed() -> dict[str, Any]:
    return {"gradient": Mapped("sparsemax", Z, i) - y[i]}


def _f43_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {"gradient": sp.Eq(sp.Derivative(LOSS, z[i]), forms["gradient"], evaluate=False)}


def _sparsemax_value(form: sp.Expr, value: sp.Expr) -> sp.Expr:
    return sp.sympify(form).xreplace({Mapped("sparsemax", Z, i): value})


#: Seeded logits of the sparsemax checks: scales at which the support has several sizes.
def _sparsemax_points(count: int, seed: int) -> list[list[mp.mpf]]:
    rng = np.random.default_rng(seed)
    return [
        [mp.mpf(float(v)) for v in scale * rng.standard_normal(count)] for scale in (0.3, 1.0, 3.0)
    ]


#: The points of the sparsemax checks, made once outside the proofs (numeric and measured
#: steps of F43 and F46), and the same shifted by each of ``SHIFTS``.
SPARSEMAX_POINTS = {seed: _sparsemax_points(4, seed) for seed in (51, 510, 54, 540)}
with mp.workdps(DPS):  # the shifted logits exactly (a 53-bit sum would round them)
    SHIFTED_POINTS = {
        seed: [[[v + mp.mpf(c) for v in point] for c in SHIFTS] for point in SPARSEMAX_POINTS[seed]]
        for seed in (54, 540)
    }


def _f43_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    form = forms["gradient"]
    for inside, value in ((True, z[i] - TAU), (False, sp.S.Zero)):
        chain = alt.sparsemax_loss_gradient(inside)
        derived = chain.lines[-2][0]  # before sparsemax's value is named
        where = (
            "in the support, where $\\mathrm{sparsemax}(z)_i = z_i - \\tau$"
            if inside
            else ("outside the support, where $\\mathrm{sparsemax}(z)_i = 0$")
        )
        proof.check(
            "gradient",
            ANY_N,
            is_zero(derived - _sparsemax_value(form, value)),
            "SymPy's derivative of the loss on a fixed support of any size $|S|$, with "
            "$\\partial\\tau/\\partial z_i$ derived from $\\tau$'s definition, is {} for $i$ "
            f"{where}; so is {{}}",
            derived,
            form,
        )
    count = 4
    zs = logit_symbols(count)
    ys = sp.symbols(f"y1:{count + 1}", real=True)
    ps = sp.symbols(f"p1:{count + 1}", real=True)
    entry = lambda a: sp.sympify(form).xreplace(  # noqa: E731
        {Mapped("sparsemax", Z, i): ps[a], y[i]: ys[a], z[i]: zs[a]}
    )
    functions = [sp.lambdify([*ps, *ys], entry(a), modules="mpmath") for a in range(count)]
    targets = [[mp.mpf(1), 0, 0, 0], [0, 0, mp.mpf(1), 0], [mp.mpf(v) / 10 for v in (1, 2, 3, 4)]]
    failures, checked = [], []
    with mp.workdps(DPS):
        for point in SPARSEMAX_POINTS[51]:
            p, tau = mp_sparsemax(point)
            if any(mp.almosteq(v, tau, abs_eps=SUPPORT_GAP) for v in point):
                continue  # the support would change within mpmath.diff's step
            for target in targets:
                for a in range(count):
                    checked.append(a)
                    want = _mp_partial_loss(point, target, a)
                    if not abs(functions[a](*p, *target) - want) <= MP_TOL:
                        failures.append((float(point[a]), a))
    proof.check(
        "gradient",
        numeric(len(checked), DPS),
        bool(checked) and not failures,
        "{} agrees with mpmath's numerical derivative of the loss (sparsemax by bisection on "
        "its threshold), $n = 4$, one-hot and dense targets"
        + (f" (differs at {failures[:2]})" if failures else ""),
        form,
    )
    agree = []
    for point in SPARSEMAX_POINTS[510]:
        p, _ = mp_sparsemax(point)
        zf = np.array([float(v) for v in point])
        for target in targets:
            got = kernels.sparsemax_loss_grad(zf, np.array([float(t) for t in target]))
            want = [float(functions[a](*p, *target)) for a in range(count)]
            agree.append(bool(np.allclose(got, want, rtol=0, atol=SPARSEMAX_ATOL)))
    proof.check(
        "gradient",
        MEASURED,
        all(agree),
        "{} with sparsemax from mpmath agrees with the library function `sparsemax_loss_grad` to "
        "$10^{-12}$ at seeded logits, $n = 4$",
        form,
    )


def _mp_partial_loss(point: Sequence[mp.mpf], target: Sequence[mp.mpf], a: int) -> mp.mpf:
    base = list(point)

    def along(v: mp.mpf) -> mp.mpf:
        moved = list(base)
        moved[a] = v
        return _mp_sparsemax_loss(moved, target)

    return mp.diff(along, base[a])


F43 = register(
    Claim(
        id="F43",
        slug="sparsemax-loss-gradient",
        title="The gradient of the sparsemax loss is sparsemax minus the target",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$ with no logit equal to the threshold $\tau$, so the support "
            r"$S = \{i : z_i > \tau\}$ is the same near $z$; classes numbered so that "
            r"$S = \{1, \dots, |S|\}$",
            r"$\tau = (\sum_{m \in S} z_m - 1)/|S|$ and "
            r"$L_{\mathrm{sparsemax}} = -\sum_m y_m z_m + \tfrac12 \sum_{m \in S} (z_m^2 - \tau^2) "
            r"+ \tfrac12 \sum_m y_m^2$",
            r"$y$ a distribution; $i \in \{1, \dots, n\}$",
        ),
        claimed=_f43_claimed,
        relations=_f43_relations,
        prove=_f43_prove,
    )
)


# -- F44 sparsemax with two classes ----------------------------------------------------------------


@lru_cache(maxsize=1)
def sparsemax_two_class() -> dict[str, sp.Expr]:
    r"""Derive sparsemax and its loss at :math:`z = (0, t)`, true class 1, on each side of 1.

    Sparsemax of two logits is :math:`(a, 1 - a)` with :math:`a` minimising
    :math:`a^2 + (1 - a - t)^2` on :math:`[0, 1]`: a convex quadratic, so the stationary point
    clipped to :math:`[0, 1]`. The loss follows from its definition with that support and
    threshold.

    Returns
    -------
    dict
        ``"stationary"`` (the unclipped minimiser), ``"near"`` (:math:`p_1`, :math:`|t| < 1`),
        ``"loss_near"``, ``"loss_far"`` (:math:`t \ge 1`), ``"slope_near"``, ``"slope_far"``,
        and ``"curvature"`` (the quadratic's second derivative).

    Examples
    --------
    >>> two = sparsemax_two_class()
    >>> two["stationary"], two["loss_far"], two["slope_near"]
    (1/2 - t/2, t, t/2 + 1/2)
    """
    a = sp.Symbol("a", real=True)
    distance = a**2 + (1 - a - T) ** 2
    (stationary,) = sp.solve(sp.diff(distance, a), a)
    curvature = sp.diff(distance, a, 2)
    # |t| < 1: both classes in the support, p_i = z_i - tau; from p_1: tau = z_1 - p_1 = -p_1.
    tau_near = sp.solve(sp.Eq(stationary, 0 - TAU), TAU)[0]
    _check_projection((0, T), (stationary, 1 - stationary), tau_near)
    # -y^T z is -z_1 = 0; the squares of the support's logits are 0 and t^2; ||y||^2 = 1.
    loss_near = sp.factor(sp.Rational(1, 2) * (0 - tau_near**2 + T**2 - tau_near**2 + 1))
    # t >= 1: p = (0, 1), support {2}, and p_2 = z_2 - tau gives tau = t - 1.
    tau_far = sp.solve(sp.Eq(1, T - TAU), TAU)[0]
    _check_projection((T,), (sp.S.One,), tau_far)
    loss_far = sp.expand(sp.Rational(1, 2) * (T**2 - tau_far**2 + 1))
    return {
        "stationary": stationary,
        "near": stationary,
        "curvature": curvature,
        "loss_near": loss_near,
        "loss_far": loss_far,
        "slope_near": sp.diff(loss_near, T),
        "slope_far": sp.diff(loss_far, T),
    }


def _check_projection(support: Sequence[sp.Expr], p: Sequence[sp.Expr], tau: sp.Expr) -> None:
    """Raise unless p_i = z_i - tau on the support and the p_i sum to one."""
    if any(sp.expand(pi - (zi - tau)) != 0 for zi, pi in zip(support, p, strict=True)):
        raise ValueError("sparsemax_two_class: p is not z - tau on the support")
    if sp.expand(sp.Add(*p) - 1) != 0:
        raise ValueError("sparsemax_two_class: p does not sum to one")


def _f44_claimed() -> dict[str, Any]:
    return {
        "zero": sp.S.Zero,
        "loss_near": (1 + T) ** 2 / 4,
        "loss_far": T,
        "slope_far": sp.S.One,
    }


def _f44_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    entry = Mapped("sparsemax", sp.Tuple(0, T), 1)
    far, near = r"t \ge 1", r"-1 < t < 1"
    return {
        "zero": sp.Eq(Restricted(entry, far), forms["zero"], evaluate=False),
        "loss_near": sp.Eq(Restricted(LOSS, near), forms["loss_near"], evaluate=False),
        "loss_far": sp.Eq(Restricted(LOSS, far), forms["loss_far"], evaluate=False),
        "slope_far": sp.Eq(
            Restricted(sp.Derivative(LOSS, T), r"t > 1"), forms["slope_far"], evaluate=False
        ),
    }


#: Seeded margins per range: t >= 1 (far) and |t| < 1 (near).
_FAR_T = (1.0, 1.7, 12.5, 900.0)
_NEAR_T = (-0.9, -0.25, 0.3, 0.95)


def _f44_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    two = sparsemax_two_class()
    w = sp.Symbol("w", nonnegative=True)  # t = 1 + w >= 1
    stationary = two["stationary"].xreplace({T: 1 + w})
    # A convex quadratic on [0, 1] whose stationary point is at or below 0 is smallest at the
    # end a = 0.
    holds = bool(two["curvature"].is_positive and stationary.is_nonpositive)
    proof.check(
        "zero",
        EXACT,
        holds and sp.sympify(forms["zero"]).equals(sp.S.Zero) is True,
        "sparsemax$(0, t) = (a, 1 - a)$ minimises $a^2 + (1 - a - t)^2$ over $0 \\le a \\le 1$; "
        "the quadratic is convex and its stationary point is {}, which for $t = 1 + w$, "
        "$w \\ge 0$, is at most $0$: so the minimum is at the end $a = 0$, and $a$ is {}",
        two["stationary"],
        forms["zero"],
    )
    for part, key in (
        ("loss_near", "loss_near"),
        ("loss_far", "loss_far"),
        ("slope_far", "slope_far"),
    ):
        proof.check(
            part,
            EXACT,
            is_zero(two[key] - sp.sympify(forms[part])),
            "from the loss's definition with the support and threshold on that side of "
            "$t = 1$, SymPy gets {}",
            two[key],
        )
    target = [mp.mpf(1), mp.mpf(0)]
    with mp.workdps(DPS):
        checks = {
            "zero": [(t, mp_sparsemax([0, mp.mpf(t)])[0][0]) for t in _FAR_T],
            "loss_near": [(t, _mp_sparsemax_loss([0, mp.mpf(t)], target)) for t in _NEAR_T],
            "loss_far": [(t, _mp_sparsemax_loss([0, mp.mpf(t)], target)) for t in _FAR_T],
            "slope_far": [
                (t, mp.diff(lambda u: _mp_sparsemax_loss([0, u], target), mp.mpf(t)))
                for t in _FAR_T[1:]
            ],
        }
        for part, pairs in checks.items():
            f = sp.lambdify([T], forms[part], modules="mpmath")
            ok = all(_mp_close(f(mp.mpf(t)), want) for t, want in pairs)
            proof.check(
                part,
                numeric(len(pairs), DPS),
                ok,
                "{} agrees with sparsemax by bisection and the loss's definition in mpmath at "
                f"$t = {', '.join(f'{t:g}' for t, _ in pairs)}$",
                forms[part],
            )
    measured = {
        "zero": [(t, kernels.sparsemax([0.0, t])[0]) for t in _FAR_T],
        "loss_near": [(t, kernels.sparsemax_loss([0.0, t], 0)) for t in _NEAR_T],
        "loss_far": [(t, kernels.sparsemax_loss([0.0, t], 0)) for t in _FAR_T],
        "slope_far": [(t, kernels.sparsemax_loss_grad([0.0, t], 0)[1]) for t in _FAR_T[1:]],
    }
    for part, pairs in measured.items():
        f = sp.lambdify([T], forms[part], modules="numpy")
        ok = all(_kernel_close(float(got), float(f(t))) for t, got in pairs)
        proof.check(
            part,
            MEASURED,
            ok,
            "{} agrees with the library's sparsemax functions to $10^{-11}$ at the same margins",
            forms[part],
        )


F44 = register(
    Claim(
        id="F44",
        slug="sparsemax-two-class",
        title="Two classes: sparsemax gives a true class one logit or more behind probability "
        "zero, "
        "and its loss then grows with the margin at slope one",
        page=PAGE,
        assumptions=(
            r"two classes, $z = (0, t)$, true class 1, target $y = e_1$",
            r"each line on the range of $t$ it names",
        ),
        claimed=_f44_claimed,
        relations=_f44_relations,
        prove=_f44_prove,
    )
)


# -- F45 shift and scale ---------------------------------------------------------------------------


def _ratio(a: sp.Expr) -> sp.Expr:
    return GPrime(a) / GFun(a)


def _f45_claimed() -> dict[str, Any]:
    return {
        "shift": Q[i] * (_ratio(z[i]) - sp.Sum(Q[m] * _ratio(z[m]), (m, 1, n))),
        "scale": Q[i] * (z[i] * _ratio(z[i]) - sp.Sum(Q[m] * z[m] * _ratio(z[m]), (m, 1, n))),
        "two_class_shift": Q[1] * Q[2] * (_ratio(z[1]) - _ratio(z[2])),
    }


_SHIFTED = Z + SHIFT * ONE
_SCALED = SHIFT * Z


def _f45_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    two = sp.Subs(sp.Derivative(Mapped("q", _SHIFTED, 1), SHIFT), SHIFT, 0)
    return {
        "shift": sp.Eq(alt.shift_derivative().lhs, forms["shift"], evaluate=False),
        "scale": sp.Eq(alt.scale_derivative().lhs, forms["scale"], evaluate=False),
        "two_class_shift": sp.Eq(two, forms["two_class_shift"], evaluate=False),
    }


_P = sp.Symbol("p", integer=True, positive=True)


def _q_written_out(expr: sp.Expr) -> sp.Expr:
    """q_a = phi(z_a) / sum_m phi(z_m), in canonical sums (inside a sum over m, via an index p)."""
    inner = sp.Sum(GFun(z[_P]), (_P, 1, n))
    written = expr.replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == Q,
        lambda e: GFun(z[e.indices[0]]) / inner,
    )
    out = canonical_sums(written)
    # canonical_sums takes the normaliser out of the sums over m; it can then be named with m.
    nested = [e for e in out.atoms(sp.Sum) if e != inner and e.has(inner)]
    return out if nested else out.xreplace({inner: _total()})


_MOVES: dict[str, tuple[Callable[[sp.Expr], sp.Expr], sp.Expr]] = {
    "shift": (lambda e: e + SHIFT, sp.S.Zero),
    "scale": (lambda e: SHIFT * e, sp.S.One),
}


def _response_direct(part: str) -> sp.Expr:
    move, at = _MOVES[part]
    raw = sp.diff(alt.response_definition(move), SHIFT).subs(SHIFT, at).doit()
    return alt.prime_notation(raw)


def _response_concrete(part: str, count: int, form: sp.Expr) -> bool:
    move, at = _MOVES[part]
    zs = logit_symbols(count)
    total = sp.Add(*[GFun(move(v)) for v in zs])
    for a in range(count):
        derived = alt.prime_notation(
            sp.diff(GFun(move(zs[a])) / total, SHIFT).subs(SHIFT, at).doit()
        )
        claimed = _q_written_out(sp.sympify(form)).xreplace({n: count, i: a + 1}).doit()
        claimed = claimed.xreplace({z[b + 1]: zs[b] for b in range(count)})
        if not is_zero(derived - claimed):
            return False
    return True


def _response_numeric(
    proof: Proof, part: str, form: sp.Expr, count: int, index: int | None
) -> None:
    """Check the form, each smooth phi put in, against mpmath's derivative of q in c."""
    _, at = _MOVES[part if part != "two_class_shift" else "shift"]
    zs = logit_symbols(count)
    concrete = _q_written_out(sp.sympify(form)).xreplace({n: count}).doit()
    eps = MP_EPS
    failures, checked = [], []
    with mp.workdps(DPS):
        for name in SMOOTH:
            for a in range(count) if index is None else (index,):
                entry = (
                    concrete.xreplace({i: a + 1})
                    .doit()
                    .xreplace({z[b + 1]: zs[b] for b in range(count)})
                )
                f = mp_function([*zs, EPS], alt.specialise(entry, name))
                for point in logit_points(count, seed=53)[:2]:
                    checked.append(name)
                    want = _mp_response(name, part, point, a, mp.mpf(float(at)), eps)
                    if not _mp_close(f(*point, eps), want):
                        failures.append((name, a))
    proof.check(
        part,
        numeric(len(checked), DPS),
        bool(checked) and not failures,
        "{} with $\\phi(u) = e^{u}$, $\\log(1 + e^{u})$, $u^2 + \\varepsilon$ and $1 + u + "
        "\\tfrac12 u^2$ put in agrees with mpmath's numerical derivative of $q$ in $c$, "
        f"$n = {count}$, seeded logits, $\\varepsilon = 1/100$"
        + (f" (differs for {failures[:2]})" if failures else ""),
        form,
    )


def _mp_response(
    name: str, part: str, point: Sequence[mp.mpf], a: int, at: mp.mpf, eps: mp.mpf
) -> mp.mpf:
    """Differentiate q_a of the moved logits in c, at ``at``, numerically (mpmath)."""
    return mp.diff(lambda c: _mp_q(name, _moved(part, point, c), eps)[a], at)


def _moved(part: str, point: Sequence[mp.mpf], c: mp.mpf) -> list[mp.mpf]:
    if part == "scale":
        return [c * v for v in point]
    return [v + c for v in point]


def _f45_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    chains = {"shift": alt.shift_derivative(), "scale": alt.scale_derivative()}
    for part in ("shift", "scale"):
        form = sp.sympify(forms[part])
        direct = _response_direct(part)
        proof.check(
            part,
            ANY_N,
            is_zero(direct - _q_written_out(form))
            and is_zero(_q_written_out(chains[part].result - form)),
            "SymPy's derivative of the definition, for an unknown $\\phi$, equals {} with "
            "$q_a = \\phi(z_a)/\\sum_p \\phi(z_p)$ written out, and so does the derivation shown",
            form,
        )
        proof.cases(
            part,
            EXACT_NS,
            ((f"n = {c}", _response_concrete(part, c, form)) for c in NS),
            "every entry of SymPy's derivative for $z_1, \\dots, z_n$ and an unknown $\\phi$ "
            "equals {}",
            form,
        )
        _response_numeric(proof, part, form, 3, None)
    form = sp.sympify(forms["two_class_shift"])
    z1, z2 = logit_symbols(2)
    total = GFun(z1 + SHIFT) + GFun(z2 + SHIFT)
    derived = alt.prime_notation(sp.diff(GFun(z1 + SHIFT) / total, SHIFT).subs(SHIFT, 0).doit())
    claimed = _q_written_out(form).xreplace({n: 2}).doit().xreplace({z[1]: z1, z[2]: z2})
    proof.check(
        "two_class_shift",
        EXACT,
        is_zero(derived - claimed),
        "SymPy's derivative of $\\phi(z_1 + c)/(\\phi(z_1 + c) + \\phi(z_2 + c))$ at $c = 0$ "
        "equals {} "
        "with $q_1, q_2$ written out",
        form,
    )
    _response_numeric(proof, "two_class_shift", form, 2, 0)


F45 = register(
    Claim(
        id="F45",
        slug="shift-and-scale",
        title="How the output of positive-then-divide responds to a shift or a scaling of the "
        "logits",
        page=PAGE,
        assumptions=(
            r"$\phi$ positive and differentiable, $q(v)_i = \phi(v_i) / \sum_{m=1}^{n} \phi(v_m)$, "
            r"$q_i = q(z)_i$",
            r"$z \in \mathbb{R}^n$, $c$ real; the third line: two classes",
        ),
        claimed=_f45_claimed,
        relations=_f45_relations,
        prove=_f45_prove,
    )
)


# -- F46 sparsemax is shift invariant --------------------------------------------------------------


def _f46_claimed() -> dict[str, Any]:
    return {"shift": Mapped("sparsemax", Z, i)}


def _f46_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {"shift": sp.Eq(Mapped("sparsemax", Z + SHIFT * ONE, i), forms["shift"], evaluate=False)}


def _f46_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    form = sp.sympify(forms["shift"])
    chain = alt.sparsemax_shift()
    shifted_tau = sp.Symbol(r"\tau'", real=True)
    derived = chain.lines[-2][0]  # z_i - tau, from the shifted logits
    # The threshold of z + c1 is tau + c: it solves the threshold equation of the shifted
    # logits, sum_m max(z_m + c - tau', 0) = 1, and that equation has one solution.
    equation = sp.Sum(sp.Max(z[m] + SHIFT - shifted_tau, 0), (m, 1, n))
    solves = is_zero(
        equation.xreplace({shifted_tau: TAU + SHIFT}) - sp.Sum(sp.Max(z[m] - TAU, 0), (m, 1, n))
    )
    in_support = is_zero(derived - form.xreplace({Mapped("sparsemax", Z, i): z[i] - TAU}))
    off_support = is_zero(
        sp.Max(z[i] + SHIFT - (TAU + SHIFT), 0)
        - form.xreplace({Mapped("sparsemax", Z, i): sp.Max(z[i] - TAU, 0)})
    )
    proof.check(
        "shift",
        ANY_N,
        solves and in_support and off_support,
        "$\\tau + c$ solves the threshold equation of $z + c\\mathbf{1}$ (its sum is that of "
        "$z$ at $\\tau$), so the support is the same; on it the derivation shown gives {}, "
        "off it $\\max(z_i + c - (\\tau + c), 0) = 0$; both equal {}",
        derived,
        form,
    )
    count = 4
    ps = sp.symbols(f"p1:{count + 1}", real=True)
    f = [
        sp.lambdify(ps, form.xreplace({Mapped("sparsemax", Z, i): ps[a]}), modules="mpmath")
        for a in range(count)
    ]
    bad, checked = [], []
    with mp.workdps(DPS):
        for point, shifted in zip(SPARSEMAX_POINTS[54], SHIFTED_POINTS[54], strict=True):
            p, _ = mp_sparsemax(point)
            for c, moved_point in zip(SHIFTS, shifted, strict=True):
                moved, _ = mp_sparsemax(moved_point)
                for a in range(count):
                    checked.append(a)
                    if not _mp_close(moved[a], f[a](*p)):
                        bad.append((c, a))
    proof.check(
        "shift",
        numeric(len(checked), DPS),
        bool(checked) and not bad,
        "sparsemax of $z + c\\mathbf{1}$ by bisection in mpmath equals {} at seeded logits, "
        "$c = -700, 0.3, 900$, $n = 4$",
        form,
    )
    agree = []
    for point, shifted in zip(SPARSEMAX_POINTS[540], SHIFTED_POINTS[540], strict=True):
        p, _ = mp_sparsemax(point)
        want = np.array([float(f[a](*p)) for a in range(count)])
        for moved_point in shifted:
            got = kernels.sparsemax(np.array([float(v) for v in moved_point]))
            agree.append(bool(np.allclose(got, want, rtol=0, atol=SPARSEMAX_ATOL)))
    proof.check(
        "shift",
        MEASURED,
        all(agree),
        "the library function `sparsemax` of $z + c\\mathbf{1}$ equals {} (from mpmath) to "
        "$10^{-12}$",
        form,
    )


F46 = register(
    Claim(
        id="F46",
        slug="sparsemax-shift",
        title="Adding the same number to every logit leaves sparsemax unchanged",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, $c$ real, $i \in \{1, \dots, n\}$",
            r"$\mathrm{sparsemax}(z)_i = \max(z_i - \tau, 0)$ with the threshold $\tau$ the one "
            r"solution of $\sum_m \max(z_m - \tau, 0) = 1$",
        ),
        claimed=_f46_claimed,
        relations=_f46_relations,
        prove=_f46_prove,
    )
)


# -- F47 a smaller logit, a larger probability -----------------------------------------------------


def _f47_claimed() -> dict[str, Any]:
    return {
        "spherical": (4 + EPS) / (5 + 2 * EPS),
        "taylor": sp.Rational(5, 6),
        "taylor_square": ((1 + alt.U) ** 2 + 1) / 2,
    }


_ORDER_POINTS = {"spherical": (-2, 1), "taylor": (-4, 0)}


def _f47_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    out = {
        name: sp.Eq(WithG(Mapped("q", sp.Tuple(*point), 1), name), forms[name], evaluate=False)
        for name, point in _ORDER_POINTS.items()
    }
    # Taylor's phi as written, 1 + u + u^2/2, not "phi(u)": the line is that identity.
    out["taylor_square"] = sp.Eq(
        WithG(Shown(alt.G_LATEX["taylor"]), "taylor"), forms["taylor_square"], evaluate=False
    )
    return out


def _f47_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    for name, point in _ORDER_POINTS.items():
        g = [alt.g_definition(name, v) for v in point]
        exact = g[0] / (g[0] + g[1])
        proof.check(
            name,
            EXACT,
            is_zero(exact - sp.sympify(forms[name])),
            f"$\\phi({point[0]}) / (\\phi({point[0]}) + \\phi({point[1]}))$ from the definition "
            "of $\\phi$ is {}",
            exact,
        )
        value = float(sp.sympify(forms[name]).xreplace({EPS: KERNEL_EPS}))
        got = float(_PROBABILITIES[name](np.array(point, dtype=float))[0])
        proof.check(
            name,
            MEASURED,
            abs(got - value) <= KERNEL_ATOL,
            f"the library's float64 function at $({point[0]}, {point[1]})$ gives {{}}, and {{}} at "
            "$\\varepsilon = 1/100$ is the same to $10^{-13}$",
            sp.Float(got, 6),
            forms[name],
        )
    square = sp.sympify(forms["taylor_square"])
    proof.check(
        "taylor_square",
        EXACT,
        is_zero(sp.expand(square - alt.g_definition("taylor"))),
        "{} expanded is $1 + u + \\tfrac12 u^2$",
        square,
    )


F47 = register(
    Claim(
        id="F47",
        slug="alternatives-order",
        title="Spherical and Taylor softmax can give the smaller logit the larger probability",
        page=PAGE,
        assumptions=(
            r"two classes; $q(a, b)_1$ is the probability of the first, whose logit is the "
            r"smaller; $\varepsilon > 0$",
        ),
        claimed=_f47_claimed,
        relations=_f47_relations,
        prove=_f47_prove,
    )
)
