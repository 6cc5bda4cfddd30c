r"""Claims of the page ``binary``: the sigmoid as a two-class softmax, the binary loss, Nielsen.

F11 (the sigmoid is the two-class softmax, with the pinned logit explicit), F12 (the binary
negative log-likelihood is a softplus, with slope :math:`\mp 1` when wrong and 0 when right),
F14 (Nielsen: ask for :math:`\partial C/\partial z = a - y`, integrate, get the cross-entropy) and
F28 (the gradients of a sigmoid unit under the quadratic cost and the cross-entropy).

Every claimed form is written with :math:`\sigma` and :math:`\zeta`; the proofs substitute
their definitions (:func:`~derivations.symbolic.binary.to_definitions`) and compare with the
softmax, the Bernoulli likelihood or SymPy's derivative and antiderivative, then with 40-digit
mpmath values computed from the definitions at seeded points.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic import definitions as d
from ..symbolic.binary import (
    SIGMA,
    ZETA,
    SoftmaxOf,
    antiderivative,
    binary_nll,
    binary_symbols,
    nielsen_cost,
    nielsen_cost_gradient,
    to_definitions,
    two_class_softmax,
)
from ..symbolic.zero import is_zero
from .core import EXACT, Claim, Proof, numeric, register
from .mpmath_reference import DPS, mp_softmax

__all__ = ["F11", "F12", "F14", "F28"]

PAGE = "binary"
B = binary_symbols()
z, z1, z2, y, a = B["z"], B["z_1"], B["z_2"], B["y"], B["a"]
#: Logits far beyond floating point, and ordinary ones, for the numeric steps.
_LARGE = (-3000.0, -700.0, -40.0, 40.0, 700.0, 3000.0)
#: Digits enough for 1 - sigma(3000) (about e^-3000) to keep 40 significant digits.
_WIDE_DPS = 1400


def _points(seed: int, large: bool = True) -> list[mp.mpf]:
    rng = np.random.default_rng(seed)
    spread = 3 * rng.standard_normal(6)  # not compared: sample points, any spread of logits does
    ordinary = [mp.mpf(float(v)) for v in spread]
    return ordinary + ([mp.mpf(v) for v in _LARGE] if large else [])


def _value(form: Any) -> sp.Expr:
    """Return a claimed form as a plain expression: sigma and zeta by their definitions."""
    return to_definitions(sp.sympify(form).doit()).doit()


def _mp_sigmoid(t: mp.mpf) -> mp.mpf:
    return 1 / (1 + mp.exp(-t))


def _agree(f: Callable[..., mp.mpf], reference: Callable[..., mp.mpf], points: list) -> bool:
    """Whether ``f`` and ``reference`` agree to 25 digits (relative to 1 + |reference|)."""
    with mp.workdps(DPS):
        for point in points:
            got, want = f(*point), reference(*point)
            tol = mp.mpf("1e-25") * (1 + abs(want))  # not compared: a tolerance, tighter passes too
            if not abs(got - want) <= tol:
                return False
    return True


# -- F11 the sigmoid is the two-class softmax ----------------------------------------------------

#: Each part's logits: both free, the second pinned to 0, the first pinned to 0.
_F11_LOGITS = {"pair": (z1, z2), "pinned_second": (z, 0), "pinned_first": (0, z)}


def _f11_claimed() -> dict[str, Any]:
    return {"pair": SIGMA(z1 - z2), "pinned_second": SIGMA(z), "pinned_first": SIGMA(-z)}


def _f11_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        part: sp.Eq(SoftmaxOf(_F11_LOGITS[part], 1), forms[part], evaluate=False)
        for part in _F11_LOGITS
    }


def _f11_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    for part, logits in _F11_LOGITS.items():
        claimed = _value(forms[part])
        chain = two_class_softmax(*logits)
        proof.check(
            part,
            EXACT,
            is_zero(_value(chain.result) - claimed),
            "the steps from the softmax's definition end in {}",
            forms[part],
        )
        proof.check(
            part,
            EXACT,
            is_zero(d.softmax(list(logits))[0] - claimed),
            "entry 1 of the two-class softmax, with $\\sigma$'s definition substituted, is {}",
            forms[part],
        )
        f = sp.lambdify([z1, z2, z], claimed, "mpmath")
        points = [(u, v, u) for u, v in zip(_points(11), _points(12), strict=True)]

        def reference(u: mp.mpf, v: mp.mpf, w: mp.mpf, logits: tuple = logits) -> mp.mpf:
            table = {z1: u, z2: v, z: w}
            return mp_softmax([table[t] if t in table else mp.mpf(t) for t in logits])[0]

        proof.check(
            part,
            numeric(len(points), DPS),
            _agree(f, reference, points),
            "the softmax in mpmath, logits up to $3000$ in size",
        )


F11 = register(
    Claim(
        id="F11",
        slug="sigmoid-two-class",
        title="The sigmoid is the two-class softmax, and which logit is pinned decides the sign",
        page=PAGE,
        assumptions=(
            r"$z, z_1, z_2$ real; $\sigma(u) = 1/(1 + e^{-u})$",
            r"entry $1$ is the probability of the first class",
        ),
        claimed=_f11_claimed,
        relations=_f11_relations,
        prove=_f11_prove,
    )
)


# -- F12 the binary negative log-likelihood is a softplus ------------------------------------------

#: The loss for each label: -log P(y | z) with P(y = 1 | z) = sigma(z).
_LOSS = {1: -sp.log(SIGMA(z)), 0: -sp.log(1 - SIGMA(z))}
#: The slope limits: (label, direction of z), wrong where the logit points to the other label.
_LIMITS = {
    "wrong_positive": (1, -sp.oo),
    "wrong_negative": (0, sp.oo),
    "right_positive": (1, sp.oo),
    "right_negative": (0, -sp.oo),
}


def _f12_claimed() -> dict[str, Any]:
    return {
        "positive": ZETA(-z),
        "negative": ZETA(z),
        "wrong_positive": sp.S.NegativeOne,
        "wrong_negative": sp.S.One,
        "right_positive": sp.S.Zero,
        "right_negative": sp.S.Zero,
    }


def _f12_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    out = {
        "positive": sp.Eq(_LOSS[1], forms["positive"], evaluate=False),
        "negative": sp.Eq(_LOSS[0], forms["negative"], evaluate=False),
    }
    for part, (label, end) in _LIMITS.items():
        limit = sp.Limit(sp.Derivative(_LOSS[label], z), z, end)
        out[part] = sp.Eq(limit, forms[part], evaluate=False)
    return out


def _mp_loss(label: int, t: mp.mpf) -> mp.mpf:
    """-log P(label | t) from sigma's definition, with digits enough for 1 - sigma(t)."""
    with mp.workdps(_WIDE_DPS):
        p = _mp_sigmoid(t)
        value = -mp.log(p if label == 1 else 1 - p)
    return +value


def _f12_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    for part, label in (("positive", 1), ("negative", 0)):
        claimed = _value(forms[part])
        proof.check(
            part,
            EXACT,
            is_zero(_value(binary_nll(label).result) - claimed),
            "the steps from $\\sigma$'s definition end in {}",
            forms[part],
        )
        gap = _value(_LOSS[label]) - claimed
        at_zero = sp.expand_log(gap.subs(z, 0), force=True)
        proof.check(
            part,
            EXACT,
            is_zero(sp.diff(gap, z)) and sp.simplify(at_zero) == 0,
            "the loss and {} have the same derivative in $z$ and the same value at $z = 0$",
            forms[part],
        )
        f = sp.lambdify([z], claimed, "mpmath")
        points = [(t,) for t in _points(13)]
        proof.check(
            part,
            numeric(len(points), DPS),
            _agree(f, lambda t, label=label: _mp_loss(label, t), points),
            "the loss in mpmath, from $\\sigma$'s definition, $|z|$ up to $3000$",
        )
    for part, (label, end) in _LIMITS.items():
        slope = sp.diff(_value(_LOSS[label]), z)
        proof.check(
            part,
            EXACT,
            sp.limit(slope, z, end) == forms[part],
            "SymPy's limit of the derivative is {}",
            forms[part],
        )
        sign = 1 if end is sp.oo else -1
        far = [sign * mp.mpf(t) for t in (60, 200, 1000)]
        with mp.workdps(DPS):
            slopes = [mp.diff(lambda t, label=label: _mp_loss(label, t), t) for t in far]
            close = all(abs(s - mp.mpf(float(forms[part]))) < mp.mpf("1e-25") for s in slopes)
        proof.check(
            part,
            numeric(len(far), DPS),
            bool(close),
            "the slope in mpmath at $|z| = 60, 200, 1000$ on that side is within $10^{-25}$ of {}",
            forms[part],
        )


F12 = register(
    Claim(
        id="F12",
        slug="binary-nll-softplus",
        title="The binary negative log-likelihood is a softplus; its slope tends to one in size "
        "when the model is wrong and to zero when it is right",
        page=PAGE,
        assumptions=(
            r"$z$ real; a label $y \in \{0, 1\}$ with $P(y = 1 \mid z) = \sigma(z)$",
            r"$\zeta(u) = \log(1 + e^{u})$",
        ),
        claimed=_f12_claimed,
        relations=_f12_relations,
        prove=_f12_prove,
    )
)


# -- F14 Nielsen: demand dC/dz = a - y, integrate -------------------------------------------------


def _f14_claimed() -> dict[str, Any]:
    return {
        "gradient": (a - y) / (a * (1 - a)),
        # -[y log a + (1 - y) log(1 - a)] + const, as the textbook writes it.
        "cost": sp.UnevaluatedExpr(
            sp.Add(
                sp.Mul(
                    -1,
                    sp.Add(
                        y * sp.log(a),
                        sp.Mul(sp.Add(1, -y, evaluate=False), sp.log(1 - a), evaluate=False),
                        evaluate=False,
                    ),
                    evaluate=False,
                ),
                B["const"],
                evaluate=False,
            )
        ),
    }


def _f14_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    cost = B["C"]
    return {
        "gradient": sp.Eq(sp.Derivative(cost, a), forms["gradient"], evaluate=False),
        "cost": sp.Eq(cost, forms["cost"], evaluate=False),
    }


def _bce(p: Any, target: Any) -> Any:
    """Binary cross-entropy as a person defines it (works for SymPy and mpmath numbers)."""
    log = mp.log if isinstance(p, mp.mpf) else sp.log
    return -(target * log(p) + (1 - target) * log(1 - p))


def _f14_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    const = B["const"]
    cost = sp.sympify(forms["cost"]).doit()
    derived = nielsen_cost_gradient().result
    # The cost first: its steps use the derived gradient, never the claimed one. Each partial
    # fraction is integrated on 0 < a < 1 (1 - a = u > 0), so no log of a negative number.
    whole = sp.Add(*(antiderivative(t, a) for t in sp.Add.make_args(sp.apart(derived, a))))
    proof.check(
        "cost",
        EXACT,
        is_zero(sp.expand(whole + const - cost)),
        "SymPy's antiderivative of each partial fraction of the derived "
        "$\\partial C/\\partial a$, on $0 < a < 1$, plus the constant, is {}",
        forms["cost"],
    )
    proof.check(
        "cost",
        EXACT,
        is_zero(sp.expand(nielsen_cost().result.doit() - cost)),
        "the steps shown (partial fractions, term by term) end in {}",
        forms["cost"],
    )
    proof.check(
        "cost",
        EXACT,
        is_zero(sp.expand(cost - const - _bce(a, y))),
        "{} is the binary cross-entropy $-[y \\log a + (1 - y) \\log(1 - a)]$ plus the constant",
        forms["cost"],
    )
    # What is left once the constant is set to 0 (the exact step above pins its multiple).
    f = sp.lambdify([a, y], cost.xreplace({const: 0}), "mpmath")
    with mp.workdps(DPS):
        points = [
            (_mp_sigmoid(t), mp.mpf(v)) for t in _points(14, large=False) for v in (0, 0.3, 1)
        ]
    proof.check(
        "cost",
        numeric(len(points), DPS),
        _agree(f, _bce, points),
        "the binary cross-entropy in mpmath at $a = \\sigma(z)$, $y = 0, 0.3, 1$",
    )

    gradient = sp.sympify(forms["gradient"])
    proof.check(
        "gradient",
        EXACT,
        is_zero(derived - gradient),
        "the steps from the demand end in {}",
        forms["gradient"],
    )
    proof.check(
        "gradient",
        EXACT,
        is_zero(sp.diff(cost, a) - gradient),
        "the derivative in $a$ of the cost claimed is {}",
        forms["gradient"],
    )
    g = sp.lambdify([a, y], gradient, "mpmath")

    def reference(p: mp.mpf, target: mp.mpf, t: mp.mpf) -> mp.mpf:
        # (dC/dz) / (da/dz), with da/dz = sigma'(z) by numerical differentiation.
        return (p - target) / mp.diff(_mp_sigmoid, t)

    with mp.workdps(DPS):
        zs = _points(15, large=False)
        points = [(_mp_sigmoid(t), mp.mpf(v), t) for t in zs for v in (0, 0.3, 1)]
    proof.check(
        "gradient",
        numeric(len(points), DPS),
        _agree(lambda p, target, t: g(p, target), reference, points),
        "$(a - y)$ divided by the numerical derivative of $\\sigma$ (mpmath)",
    )


F14 = register(
    Claim(
        id="F14",
        slug="nielsen-integral",
        title="Asking a sigmoid unit's cost for the gradient a minus y and integrating gives "
        "the binary cross-entropy",
        page=PAGE,
        assumptions=(
            r"a sigmoid unit $a = \sigma(z)$, so $0 < a < 1$; a target $y \in [0, 1]$",
            r"the demand $\partial C / \partial z = a - y$; $C$ is found up to a constant",
        ),
        claimed=_f14_claimed,
        relations=_f14_relations,
        prove=_f14_prove,
    )
)


# -- F28 the gradients of a sigmoid unit ---------------------------------------------------------

#: The two costs of Nielsen's neuron, as functions of its output a.
_QUADRATIC = sp.Rational(1, 2) * (a - y) ** 2


def _f28_claimed() -> dict[str, Any]:
    return {
        "sigma_prime": a * (1 - a),
        "quadratic": sp.UnevaluatedExpr(sp.Mul(a - y, a, 1 - a, evaluate=False)),
        "cross_entropy": a - y,
    }


def _f28_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "sigma_prime": sp.Eq(sp.Derivative(a, z), forms["sigma_prime"], evaluate=False),
        "quadratic": sp.Eq(sp.Derivative(_QUADRATIC, z), forms["quadratic"], evaluate=False),
        "cross_entropy": sp.Eq(sp.Derivative(B["CE"], z), forms["cross_entropy"], evaluate=False),
    }


def _f28_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    sigma = d.sigmoid(z)
    derived = {
        "sigma_prime": (
            sp.diff(sigma, z),
            "the derivative of $\\sigma(z)$, written in $a = \\sigma(z)$, is {}",
        ),
        "quadratic": (
            sp.diff(_QUADRATIC.xreplace({a: sigma}), z),
            "the derivative of $\\frac12(\\sigma(z) - y)^2$ in $z$ is {}",
        ),
        "cross_entropy": (
            sp.diff(_bce(sigma, y), z),
            "the derivative of $-[y \\log \\sigma(z) + (1 - y) \\log(1 - \\sigma(z))]$ is {}",
        ),
    }
    cost = {
        "sigma_prime": _mp_sigmoid,
        "quadratic": lambda t, target: (_mp_sigmoid(t) - target) ** 2 / 2,
        "cross_entropy": lambda t, target: _bce(_mp_sigmoid(t), target),
    }
    for part, (value, text) in derived.items():
        claimed = sp.sympify(forms[part]).doit()
        proof.check(part, EXACT, is_zero(value - claimed.xreplace({a: sigma})), text, forms[part])
        f = sp.lambdify([a, y], claimed, "mpmath")

        def reference(t: mp.mpf, target: mp.mpf, part: str = part) -> mp.mpf:
            if part == "sigma_prime":
                return mp.diff(cost[part], t)
            return mp.diff(lambda u: cost[part](u, target), t)

        points = [(t, mp.mpf(v)) for t in _points(16, large=False) for v in (0, 0.3, 1)]
        proof.check(
            part,
            numeric(len(points), DPS),
            _agree(lambda t, target, f=f: f(_mp_sigmoid(t), target), reference, points),
            "the numerical derivative in $z$ (mpmath)",
        )


F28 = register(
    Claim(
        id="F28",
        slug="sigmoid-unit-gradients",
        title="On a sigmoid unit the quadratic cost's gradient carries the unit's slope; "
        "the cross-entropy's is the error alone",
        page=PAGE,
        assumptions=(
            r"a sigmoid unit $a = \sigma(z)$ of its logit $z$; a target $y \in [0, 1]$",
            r"$\mathrm{CE} = -[y \log a + (1 - y) \log(1 - a)]$",
        ),
        claimed=_f28_claimed,
        relations=_f28_relations,
        prove=_f28_prove,
    )
)
