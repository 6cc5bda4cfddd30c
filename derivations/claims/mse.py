"""Claims F8 and F16 (page ``mse``): the MSE-on-softmax gradient and its vanishing; properness."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic import concrete, directional, general
from ..symbolic.limits import rational_limit_at_zero
from ..symbolic.rewrite import canonical_sums, collapse_deltas, resolve_ranges
from ..symbolic.symbols import exp_symbols, general_symbols, target_symbols
from ._common import index_symbols, require_directional, require_general, require_numeric
from .core import NUMERIC, SYMBOLIC, Claim, Proof, register
from .mpmath_reference import mp_partial, mp_softmax

__all__ = ["F8", "F16", "vertex_limits"]

PAGE = "mse"
#: How far one logit is pushed above the others (to +oo in the limit).
GAP = sp.Symbol("t", positive=True)
#: u = exp(-t), which tends to 0+ as t -> oo.
_DECAY = sp.Symbol("u", positive=True)

# -- F8 MSE-on-softmax gradient ----------------------------------------------------------------


@lru_cache(maxsize=16)
def vertex_limits(n: int, top: int, true: int) -> tuple[sp.Expr, ...]:
    """Limit of the derived MSE gradient as logit ``top`` goes to ``+oo``, target one-hot ``true``.

    Parameters
    ----------
    n : int
        Number of classes (2 or more).
    top : int
        The class (1-based) whose logit is ``z_top = t`` with ``t -> oo``; the others are 0.
    true : int
        The one-hot target's class (1-based); ``true != top`` is a confidently wrong model.

    Returns
    -------
    tuple of sympy.Expr
        ``lim_{t -> oo} dL/dz_k`` for ``k = 1..n``.

    Examples
    --------
    >>> vertex_limits(2, 1, 2)
    (0, 0)
    """
    if not (1 <= top <= n and 1 <= true <= n):
        raise ValueError(f"vertex_limits: classes must be in 1..{n}, got top={top}, true={true}")
    e, y = exp_symbols(n), target_symbols(n)
    # e_top = exp(t) = 1/u with u = exp(-t) -> 0+ as t -> oo: each entry becomes rational in u.
    point = {e[a]: (1 / _DECAY if a + 1 == top else sp.S.One) for a in range(n)}
    point.update({y[a]: sp.S.One if a + 1 == true else sp.S.Zero for a in range(n)})
    return tuple(
        rational_limit_at_zero(g.xreplace(point), _DECAY) for g in concrete.mse_gradient(n)
    )


def _f8_claimed() -> dict[str, sp.Expr]:
    g = general_symbols()
    inner = sp.Sum(g.s[g.i] * (g.s[g.i] - g.y[g.i]), (g.i, 1, g.n))
    return {
        "gradient": g.s[g.k] * ((g.s[g.k] - g.y[g.k]) - inner),
        "chain_rule": sp.Sum(
            g.s[g.k] * (sp.KroneckerDelta(g.k, g.i) - g.s[g.i]) * (g.s[g.i] - g.y[g.i]),
            (g.i, 1, g.n),
        ),
        "vertex_limit": sp.S.Zero,
    }


def _f8_statement() -> list[sp.Eq]:
    der = general.mse_gradient()
    grad = sp.Symbol(r"\nabla_z L|_{z=(t,0,0),\,y=e_1}")
    wrong = sp.Matrix(vertex_limits(3, 1, 2)).T
    return [
        der.equation,
        sp.Eq(
            sp.Limit(sp.Symbol(r"\nabla_z L|_{z=(t,0,0),\,y=e_2}"), GAP, sp.oo),
            wrong,
            evaluate=False,
        ),
        sp.Eq(sp.Limit(grad, GAP, sp.oo), sp.Matrix(vertex_limits(3, 1, 1)).T, evaluate=False),
    ]


def _f8_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    g = general_symbols()
    (k,) = index_symbols("k")
    derived = general.mse_gradient().reduced
    require_general(proof, derived, claimed["gradient"], "dL/dz_k")
    # Sum the Kronecker delta of J = diag(s) - s s^T out of the chain-rule product.
    chain = collapse_deltas(canonical_sums(resolve_ranges(sp.expand(claimed["chain_rule"]).doit())))
    require_general(proof, derived, chain, "dL/dz_k = (J (s - y))_k")

    require_directional(
        proof, directional.mse_directional, claimed["gradient"], {k: g.v}, "grad L . v"
    )
    for n in (2, 3):
        for top in range(1, n + 1):
            for true in range(1, n + 1):
                lims = vertex_limits(n, top, true)
                ok = all(sp.cancel(v - claimed["vertex_limit"]) == 0 for v in lims)
                kind = "right" if top == true else "wrong"
                proof.require(ok, SYMBOLIC, f"n={n}, z_{top}->oo, y=e_{true} ({kind}): {lims}")
                proof.steps.pop()
    proof.require(
        True,
        SYMBOLIC,
        "lim_{t->oo} grad L = claimed vertex limit at every vertex (right and wrong), n=2,3 "
        "(exact: rational in u = e^{-t} -> 0+, lowest-order terms)",
    )

    def loss(z: list, y: list) -> mp.mpf:
        return mp.fsum((s - t) ** 2 for s, t in zip(mp_softmax(z), y, strict=True)) / 2

    def reference(z: list, y: list, tup: tuple[int, ...]) -> mp.mpf:
        return mp_partial(lambda w: loss(w, y), z, tup[0] - 1)

    require_numeric(proof, claimed["gradient"], (k,), reference, "dL/dz_k vs mpmath.diff")


F8 = register(
    Claim(
        id="F8",
        slug="mse-gradient",
        title="MSE on softmax: grad = J(s - y), and it vanishes at every vertex, even a wrong one",
        page=PAGE,
        assumptions=(
            "z real; y a target vector; s = softmax(z); L = 1/2 ||s - y||^2; k in 1..n. "
            "Vertex limits: n = 2, 3, one logit z_top = t -> +oo, the others 0, y one-hot"
        ),
        build_statement=_f8_statement,
        build_claimed=_f8_claimed,
        prove=_f8_prove,
    )
)

# -- F16 both losses are strictly proper -------------------------------------------------------

_P = sp.IndexedBase("p", positive=True)
_Q = sp.IndexedBase("q", positive=True)
_A = sp.IndexedBase("a", positive=True)


def _expected_losses(n: int) -> tuple[list, list, sp.Expr, sp.Expr]:
    """Return expected CE and Brier under p as functions of q's free coordinates q_1..q_{n-1}."""
    qf = [sp.Symbol(f"q_{a}", positive=True) for a in range(1, n)]
    pf = [sp.Symbol(f"p_{a}", positive=True) for a in range(1, n)]
    q = [*qf, 1 - sp.Add(*qf)]
    p = [*pf, 1 - sp.Add(*pf)]
    ce = -sp.Add(*[pc * sp.log(qc) for pc, qc in zip(p, q, strict=True)])
    onehot = [[sp.S.One if a == c else sp.S.Zero for a in range(n)] for c in range(n)]
    brier = sp.Add(
        *[p[c] * sp.Add(*[(q[a] - onehot[c][a]) ** 2 for a in range(n)]) for c in range(n)]
    )
    return qf, pf, ce, brier


@lru_cache(maxsize=4)
def _optimum(n: int, which: str) -> tuple[list[dict], list[sp.Expr]]:
    """Stationary points and the Hessian's leading minors at q = p (p = a / sum a, a > 0)."""
    qf, pf, ce, brier = _expected_losses(n)
    f = ce if which == "ce" else brier
    grad = [sp.diff(f, t) for t in qf]
    sols = sp.solve([sp.together(gr) for gr in grad], qf, dict=True)
    hess = sp.hessian(f, qf).xreplace(dict(zip(qf, pf, strict=True)))
    a = [sp.Symbol(f"a_{c}", positive=True) for c in range(1, n + 1)]
    total = sp.Add(*a)
    hess = hess.xreplace({pf[c]: a[c] / total for c in range(n - 1)})
    minors = [sp.factor(sp.cancel(hess[:m, :m].det())) for m in range(1, n)]
    return sols, minors


def _f16_claimed() -> dict[str, sp.Expr]:
    i = general_symbols().i
    return {"ce_minimizer": _P[i], "brier_minimizer": _P[i]}


def _f16_statement() -> list[sp.Eq]:
    out = []
    for which, name in (("ce", r"\mathrm{CE}"), ("brier", r"\mathrm{Brier}")):
        sols, _ = _optimum(3, which)
        qf = sorted(sols[0], key=lambda s: s.name)
        lhs = sp.Symbol(rf"\arg\min_q \mathbb{{E}}_{{y\sim p}}[{name}(q,y)]\ (n=3)")
        out.append(sp.Eq(lhs, sp.Matrix([sols[0][t] for t in qf]).T, evaluate=False))
    return out


def _f16_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    i = general_symbols().i
    for which in ("ce", "brier"):
        form = claimed[f"{which}_minimizer"]
        for n in (2, 3):
            sols, minors = _optimum(n, which)
            pf = [sp.Symbol(f"p_{a}", positive=True) for a in range(1, n)]
            qf = [sp.Symbol(f"q_{a}", positive=True) for a in range(1, n)]
            want = {
                qf[c]: form.xreplace({i: c + 1}).xreplace({_P[c + 1]: pf[c]}) for c in range(n - 1)
            }
            ok = len(sols) == 1 and all(sp.cancel(sols[0][t] - want[t]) == 0 for t in qf)
            proof.require(
                ok, SYMBOLIC, f"{which}, n={n}: the only stationary point {sols} is q = claimed"
            )
            pd = all(m.is_positive is True for m in minors)
            proof.require(
                pd, SYMBOLIC, f"{which}, n={n}: Hessian leading minors at q = p {minors} > 0"
            )
    _f16_numeric(claimed, proof)


def _f16_numeric(claimed: Mapping[str, sp.Expr], proof: Proof, seed: int = 0) -> None:
    """At seeded p, the claimed minimizer beats 2000 random predictions q (n = 3)."""
    i = general_symbols().i
    rng = np.random.default_rng(seed)
    worst = np.inf
    for _ in range(3):
        p = rng.dirichlet(np.ones(3))
        qs = rng.dirichlet(np.ones(3), size=2000)
        losses = {
            "ce": lambda q, p=p: -(np.log(q) * p).sum(-1),
            "brier": lambda q, p=p: ((q[..., None, :] - np.eye(3)) ** 2).sum(-1) @ p,
        }
        for which, f in losses.items():
            form = claimed[f"{which}_minimizer"]
            best = np.array(
                [float(form.xreplace({i: c + 1}).xreplace({_P[c + 1]: p[c]})) for c in range(3)]
            )
            if np.any(best <= 0):
                worst = -np.inf
                continue
            worst = min(worst, float((f(qs) - f(best[None, :])).min()))
    proof.require(
        bool(worst > 0),
        NUMERIC,
        f"claimed minimizers beat 2000 random q at 3 seeded p (margin {worst:.2e})",
    )


F16 = register(
    Claim(
        id="F16",
        slug="proper-losses",
        title="Cross-entropy and the squared error (Brier) are both strictly proper: optimum q = p",
        page=PAGE,
        assumptions=(
            "n = 2, 3; true distribution p and prediction q in the open simplex, free coordinates "
            "q_1..q_{n-1}; expected loss E_{y~p}[loss(q, y)], y one-hot; Brier = ||q - y||^2"
        ),
        build_statement=_f16_statement,
        build_claimed=_f16_claimed,
        prove=_f16_prove,
    )
)
