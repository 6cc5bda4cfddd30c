r"""Claims of the page ``mse``: squared error on the softmax and where its gradient goes.

* F8 ``mse-gradient``: :math:`\nabla_z L = J(s - y)`, and it vanishes as :math:`s` approaches
  any vertex :math:`e_\ell` of the simplex, right or wrong (every part for symbolic :math:`n`);
* F16 ``proper-losses``: cross-entropy and the squared error are strictly proper, both
  minimised in expectation exactly at the true distribution (symbolic :math:`n`);
* F24 ``mse-wrong-vertex``: on the way to a wrong vertex the squared error nears its largest
  value while its gradient decays like :math:`e^{-t}`; the cross-entropy gradient does not decay.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic import concrete, directional, general
from ..symbolic import general_definitions as gd
from ..symbolic.general import CE, MSE, sum_out_deltas
from ..symbolic.limits import rational_limit_at_zero
from ..symbolic.rewrite import concretize
from ..symbolic.squared_error import (
    EXP_T,
    EXPECTED_SQUARED_ERROR,
    VERTEX,
    P,
    at_vertex,
    expected_squared_error,
    index_cases,
    on_wrong_path,
    softmax_toward_vertex,
)
from ..symbolic.symbols import exp_symbols, general_symbols, target_symbols
from ..symbolic.zero import is_zero
from ._common import check_directional, check_numeric
from .core import ANY_N, EXACT, MEASURED, Claim, Proof, exact_for, register
from .mpmath_reference import mp_partial, mp_softmax

__all__ = ["F8", "F16", "F24", "JACOBIAN", "vertex_limits", "with_jacobian"]

PAGE = "mse"
G = general_symbols()
s, y, z, i, j, k, m, n = G.s, G.y, G.z, G.i, G.j, G.k, G.m, G.n
ell = VERTEX
#: The margin of the wrong-vertex path :math:`z = t e_\ell` (class :math:`\ell` ahead by :math:`t`).
T = sp.Symbol("t", positive=True)
#: :math:`u = e^{-t} \to 0^+` as :math:`t \to \infty`: limits become rational in :math:`u`.
_U = sp.Symbol("u", positive=True)
#: Sizes of the exact cross-checks at a vertex (every vertex, symbolic targets) and of J(s - y).
VERTEX_NS = (2, 3)
#: Sizes of the exact cross-check of the rate along the wrong-vertex path.
RATE_NS = (2, 3, 4, 8)

#: The softmax Jacobian as a matrix, :math:`J_{ij} = \partial s_i / \partial z_j`.
JACOBIAN = sp.IndexedBase("J", real=True)


class _Entry(sp.Indexed):
    """An entry of a matrix, printed :math:`J_{ij}` (no comma between the indices)."""

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        indices = "".join(printer._print(a) for a in self.indices)
        return f"{printer._print(self.base.label)}_{{{indices}}}"


def jacobian_entry(row: sp.Expr, column: sp.Expr) -> sp.Indexed:
    r"""Return the entry :math:`J_{ab}` of :data:`JACOBIAN`, printed without a comma.

    Parameters
    ----------
    row, column : sympy.Expr
        The indices :math:`a` (the softmax entry) and :math:`b` (the logit).

    Returns
    -------
    sympy.Indexed
        ``JACOBIAN[row, column]``, typeset :math:`J_{ab}`.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(jacobian_entry(i, j))
    'J_{ij}'
    """
    return _Entry(JACOBIAN, row, column)


# Display-only symbols: what a limit is taken over, as the page writes it.
_GAP = sp.Symbol(r"\min_{m \ne \ell} (z_\ell - z_m)", real=True)
_S = sp.Symbol("s")
_E_C = sp.Symbol(r"e_\ell")


def with_jacobian(expr: sp.Expr) -> sp.Expr:
    r"""Replace each :math:`J_{ab}` by the derived Jacobian entry :math:`s_a(\delta_{ab} - s_b)`.

    Parameters
    ----------
    expr : sympy.Expr
        An expression in the entries of :data:`JACOBIAN`.

    Returns
    -------
    sympy.Expr
        The same with the entries of :func:`derivations.symbolic.general.softmax_jacobian`.

    Examples
    --------
    >>> with_jacobian(jacobian_entry(i, j))
    (KroneckerDelta(i, j) - s[j])*s[i]
    """
    entry = general.softmax_jacobian().result
    return sp.sympify(expr).replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == JACOBIAN,
        lambda e: entry.xreplace({i: e.indices[0], j: e.indices[1]}),
    )


def _lim_at_vertex(expr: sp.Expr) -> sp.Limit:
    return sp.Limit(expr, _S, _E_C, "+-")


def _polynomial_in_s(expr: sp.Expr) -> bool:
    """Whether ``expr`` is a polynomial in the softmax entries (sums of products, no division)."""
    for node in sp.preorder_traversal(expr):
        if not node.has(s):
            continue
        if isinstance(node, sp.Pow) and not (node.exp.is_Integer and node.exp >= 0):
            return False
        if isinstance(node, sp.Function) and not isinstance(node, sp.KroneckerDelta):
            return False
    return True


def _same(derived: sp.Expr, claimed: sp.Expr) -> bool:
    """Whether a derived expression is identically the claimed one."""
    return is_zero(derived - claimed)


def _runaway_points(n_classes: int) -> list[dict[sp.Symbol, sp.Expr]]:
    r"""Return, for each class in turn, the point where its logit runs away.

    There, :math:`e^{z_\ell} = 1/u` with :math:`u \to 0^+` and the other logits are 0. The
    classes are the exponentials themselves, enumerated: none can be left out.
    """
    e = exp_symbols(n_classes)
    return [{a: (1 / _U if a == top else sp.S.One) for a in e} for top in e]


def _limit_t(expr: sp.Expr) -> sp.Expr:
    r"""Limit as :math:`t \to \infty` of an expression rational in :math:`E = e^t`."""
    return rational_limit_at_zero(sp.sympify(expr).xreplace({EXP_T: 1 / _U}), _U)


# -- F8 the gradient J(s - y), and it vanishes at every vertex ----------------------------------


@lru_cache(maxsize=8)
def vertex_limits(n_classes: int, top: int) -> tuple[sp.Expr, ...]:
    """Return the concrete MSE gradient's limits as logit ``top`` runs away (``z_top = t -> oo``).

    The other logits are 0 and the target ``y`` is left symbolic, so one call covers every
    target: right (``y = e_top``), wrong, or a distribution.

    Parameters
    ----------
    n_classes : int
        Number of classes (2 or more).
    top : int
        The class (1-based) whose logit runs away: the softmax tends to the vertex ``e_top``.

    Returns
    -------
    tuple of sympy.Expr
        ``lim_{t -> oo} dL/dz_a`` for ``a = 1..n``, exact.

    Raises
    ------
    ValueError
        If ``top`` is not a class.

    Examples
    --------
    >>> vertex_limits(2, 1)
    (0, 0)
    """
    if not 1 <= top <= n_classes:
        raise ValueError(f"vertex_limits: top must be in 1..{n_classes}, got {top}")
    return _limits_at(concrete.mse_gradient(n_classes), _runaway_points(n_classes)[top - 1])


def _limits_at(entries: Any, point: Mapping[sp.Symbol, sp.Expr]) -> tuple[sp.Expr, ...]:
    r"""Limits as :math:`u \to 0^+` of expressions in the exponentials, at a runaway point."""
    return tuple(rational_limit_at_zero(entry.xreplace(point), _U) for entry in entries)


def _f8_claimed() -> dict[str, Any]:
    inner = sp.Sum(s[i] * (s[i] - y[i]), (i, 1, n))
    return {
        "gradient": s[j] * ((s[j] - y[j]) - inner),
        "matrix_form": sp.Sum(jacobian_entry(i, j) * (s[i] - y[i]), (i, 1, n)),
        "toward_vertex": sp.S.One,
        "jacobian_at_vertex": sp.S.Zero,
        "gradient_at_vertex": sp.S.Zero,
    }


def _f8_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    gradient = sp.Derivative(MSE, z[j])
    return {
        "gradient": sp.Eq(gradient, forms["gradient"], evaluate=False),
        "matrix_form": sp.Eq(gradient, forms["matrix_form"], evaluate=False),
        "toward_vertex": sp.Eq(sp.Limit(s[ell], _GAP, sp.oo), forms["toward_vertex"]),
        "jacobian_at_vertex": sp.Eq(
            _lim_at_vertex(sp.Derivative(s[i], z[j])), forms["jacobian_at_vertex"], evaluate=False
        ),
        "gradient_at_vertex": sp.Eq(
            _lim_at_vertex(gradient), forms["gradient_at_vertex"], evaluate=False
        ),
    }


def _mp_loss(zv: list, yv: list) -> mp.mpf:
    return mp.fsum((a - b) ** 2 for a, b in zip(mp_softmax(zv), yv, strict=True)) / 2


def _f8_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    derived = general.mse_gradient().result

    holds = _same(derived, forms["gradient"])
    proof.check(
        "gradient",
        ANY_N,
        holds,
        "the derivative of $L$ through the softmax Jacobian, deltas summed out, is {}",
        forms["gradient"],
    )
    check_directional(
        proof,
        "gradient",
        directional.mse_directional,
        forms["gradient"],
        {j: G.v},
        "the derivative of the written-out loss along a symbolic direction $v$",
    )

    def reference(zv: list, yv: list, tup: tuple[int, ...]) -> mp.mpf:
        return mp_partial(lambda w: _mp_loss(w, yv), zv, tup[0] - 1)

    check_numeric(
        proof, "gradient", forms["gradient"], (j,), reference, "numerical derivative (mpmath)"
    )

    # sum_i J_ij (s_i - y_i), with J's entries the derived Jacobian, is the derived gradient.
    product = with_jacobian(forms["matrix_form"])
    holds = _same(derived, sum_out_deltas(product))
    proof.check(
        "matrix_form",
        ANY_N,
        holds,
        "{}, with the derived Jacobian entries {} and the delta summed out, is the derived "
        "gradient",
        forms["matrix_form"],
        product,
    )
    check_directional(
        proof,
        "matrix_form",
        directional.mse_directional,
        product,
        {j: G.v},
        "$v^\\top J (s - y)$ against the derivative of the written-out loss along $v$",
        ns=(2, 3, 4),
    )

    _toward_vertex(forms["toward_vertex"], proof)

    jacobian = general.softmax_jacobian().result
    proof.cases(
        "jacobian_at_vertex",
        ANY_N,
        _vertex_cases(jacobian, forms["jacobian_at_vertex"], (i, j, ell)),
        "the Jacobian entry {} is a polynomial in $s$, so its limit is its value at "
        "$s_i = \\delta_{i\\ell}$, which is {} whichever of $i$, $j$, $\\ell$ are equal",
        jacobian,
        forms["jacobian_at_vertex"],
    )

    def jacobian_holds(count: int) -> bool:
        entries = [entry for row in concrete.softmax_jacobian(count) for entry in row]
        return all(
            _same(limit, forms["jacobian_at_vertex"])
            for point in _runaway_points(count)
            for limit in _limits_at(entries, point)
        )

    proof.cases(
        "jacobian_at_vertex",
        exact_for(VERTEX_NS),
        ((f"n = {count}", jacobian_holds(count)) for count in VERTEX_NS),
        "every entry of the Jacobian of the written-out softmax, as one logit $z_\\ell = t$ runs "
        "away ($t \\to \\infty$, the others 0), for every $\\ell$",
    )

    polynomial = _polynomial_in_s(derived)
    proof.cases(
        "gradient_at_vertex",
        ANY_N,
        [
            (label, polynomial and holds)
            for label, holds in _vertex_cases(derived, forms["gradient_at_vertex"], (j, ell))
        ],
        "the derived gradient is a polynomial in $s$, so its limit as $s \\to e_\\ell$ is its "
        "value at $s_i = \\delta_{i\\ell}$; with the deltas summed out that is {} for every "
        "target $y$ and every vertex, right ($\\ell = k$) or wrong",
        forms["gradient_at_vertex"],
    )

    def gradient_holds(count: int) -> bool:
        entries = concrete.mse_gradient(count)
        return all(
            _same(limit, forms["gradient_at_vertex"])
            for point in _runaway_points(count)
            for limit in _limits_at(entries, point)
        )

    proof.cases(
        "gradient_at_vertex",
        exact_for(VERTEX_NS),
        ((f"n = {count}", gradient_holds(count)) for count in VERTEX_NS),
        "the gradient of the written-out loss as one logit $z_\\ell = t$ runs away "
        "($t \\to \\infty$, the others 0), for every $\\ell$, with the target $y$ symbolic",
    )


def _vertex_cases(
    derived: sp.Expr, claimed: sp.Expr, indices: tuple[sp.Symbol, ...]
) -> list[tuple[str, bool]]:
    r"""Compare ``derived`` at the vertex :math:`s = e_\ell` with ``claimed``, case by case."""
    return [
        (label, _same(case, want))
        for (label, case), (_, want) in zip(
            index_cases(at_vertex(derived), indices), index_cases(claimed, indices), strict=True
        )
    ]


def _toward_vertex(claimed: sp.Expr, proof: Proof) -> None:
    """Squeeze: with every z_l - z_m >= g, s_l lies between 1/(1 + (n-1)e^{-g}) and 1."""
    chain = softmax_toward_vertex()
    definition = chain.lines[0][0]
    divided = chain.result
    total = sp.fraction(divided)[1]
    # The sum's term m = l (computed), and how many other terms there are.
    lead = total.function.xreplace({m: ell})
    others = sum_out_deltas(sp.Sum(1 - sp.KroneckerDelta(m, ell), (m, 1, n)))
    # Each other term e^{z_m - z_l} lies in (0, e^{-g}] when z_l - z_m >= g (exp increases):
    # the sum is at least its term m = l (the others dropped) and at most that term plus
    # e^{-g} for each other term, so s_l = 1/sum lies between the two reciprocals.
    gap = sp.Symbol("g", positive=True)
    least, most = lead, lead + others * sp.exp(-gap)
    upper, lower = (divided.xreplace({total: bound}) for bound in (least, most))
    # Certificates, term by term over m: the sum minus its least value is the sum of the other
    # terms (each > 0); its greatest value minus the sum is the sum of e^{-g} - e^{z_m - z_l}
    # over the others (each >= 0 when z_l - z_m >= g).
    other, term = 1 - sp.KroneckerDelta(m, ell), total.function
    bracketed = _same(total - least, sum_out_deltas(sp.Sum(other * term, (m, 1, n)))) and _same(
        most - total, sum_out_deltas(sp.Sum(other * (sp.exp(-gap) - term), (m, 1, n)))
    )
    same = is_zero(1 / divided - 1 / definition)
    limits = [rational_limit_at_zero(b.xreplace({sp.exp(-gap): _U}), _U) for b in (lower, upper)]
    holds = same and bracketed and all(_same(limit, claimed) for limit in limits)
    proof.check(
        "toward_vertex",
        ANY_N,
        holds,
        "divided by $e^{z_\\ell}$, $s_\\ell$ is {}; the term $m = \\ell$ of the sum is {} and "
        "each of the other {} terms lies in $(0, e^{-g}]$ when every $z_\\ell - z_m \\ge g$, "
        "so $s_\\ell$ lies between {} and {}, and both tend to {} as $g \\to \\infty$",
        divided,
        lead,
        others,
        lower,
        upper,
        claimed,
    )


F8 = register(
    Claim(
        id="F8",
        slug="mse-gradient",
        title="The gradient of squared error through the softmax is the Jacobian times the error, "
        "and it vanishes at every vertex of the simplex, right or wrong",
        page=PAGE,
        assumptions=(
            r"$z \in \mathbb{R}^n$, $s = \mathrm{softmax}(z)$; $y$ any target vector;"
            r" $L = \tfrac12 \lVert s - y \rVert^2$; $j \in \{1, \dots, n\}$",
            r"$J$ the softmax Jacobian,"
            r" $J_{ij} = \partial s_i / \partial z_j = s_i(\delta_{ij} - s_j)$, symmetric",
            r"a vertex of the simplex is $e_\ell$, $\ell \in \{1, \dots, n\}$: the model is"
            r" right there if $\ell = k$ for the true class $k$, wrong otherwise",
            r"$s$ approaches $e_\ell$ when $z_\ell - z_m \to \infty$ for every $m \ne \ell$",
        ),
        claimed=_f8_claimed,
        relations=_f8_relations,
        prove=_f8_prove,
    )
)


# -- F16 both losses are strictly proper ---------------------------------------------------------

#: The true distribution as a whole, :math:`p` (a claimed minimiser is a form in it).
P_VECTOR = sp.Symbol("p", positive=True)
_ARGMIN_CE = sp.Symbol(
    r"\mathop{\mathrm{arg\,min}}_{s}\ \mathbb{E}_{y \sim p}\Bigl[-\sum_{i} y_i \log s_i\Bigr]"
)
_ARGMIN_BRIER = sp.Symbol(
    r"\mathop{\mathrm{arg\,min}}_{s}\ \mathbb{E}_{y \sim p} \lVert s - y \rVert^2"
)
#: The variable of the lemma :math:`\log u \le u - 1`.
U = sp.Symbol("u", positive=True)


def _entry(form: sp.Expr, index: sp.Symbol) -> sp.Expr:
    """Entry ``index`` of a claimed minimiser (a form in the whole vector :math:`p`)."""
    return sp.sympify(form).xreplace({P_VECTOR: P[index]})


def _f16_claimed() -> dict[str, Any]:
    return {
        "log_bound": U - 1,
        "ce_minimiser": P_VECTOR,
        "brier_expectation": sp.Sum((s[i] - P[i]) ** 2, (i, 1, n))
        + 1
        - sp.Sum(P[i] ** 2, (i, 1, n)),
        "brier_minimiser": P_VECTOR,
    }


def _f16_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "log_bound": sp.Le(sp.log(U), forms["log_bound"], evaluate=False),
        "ce_minimiser": sp.Eq(_ARGMIN_CE, forms["ce_minimiser"], evaluate=False),
        "brier_expectation": sp.Eq(
            EXPECTED_SQUARED_ERROR, forms["brier_expectation"], evaluate=False
        ),
        "brier_minimiser": sp.Eq(_ARGMIN_BRIER, forms["brier_minimiser"], evaluate=False),
    }


def _f16_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    # Lemma: f(u) = bound - log u is convex on u > 0 with its only critical point at u = 1,
    # where it is 0; so log u <= bound, with equality only at u = 1.
    f = forms["log_bound"] - sp.log(U)
    slope, curvature = sp.diff(f, U), sp.diff(f, U, 2)
    critical = sp.solveset(slope, U, sp.Interval.open(0, sp.oo))
    at_one = f.subs(U, 1)
    holds = critical == sp.FiniteSet(1) and curvature.is_positive is True and is_zero(at_one)
    proof.check(
        "log_bound",
        EXACT,
        holds,
        "the gap {} between the bound and $\\log u$ has derivative {}, zero only at $u = 1$, "
        "and second derivative {}, positive: its least value is its value at $u = 1$, {}; so "
        "$\\log u$ stays below the bound and touches it only at $u = 1$",
        f,
        slope,
        curvature,
        at_one,
    )

    # Gibbs: E[CE](s) - E[CE](h) = -sum_i p_i log(s_i/h_i) >= -sum_i p_i (s_i/h_i - 1) (lemma at
    # u = s_i/h_i); for the claimed minimiser h that bound must be 0 (sum s = sum p = 1).
    hat = _entry(forms["ce_minimiser"], i)
    bound = sp.Sum(P[i] * (s[i] / hat - 1), (i, 1, n))
    distribution = sp.Sum(hat, (i, 1, n)) - 1
    holds = is_zero(bound, (s, P)) and is_zero(distribution, (P,))
    proof.check(
        "ce_minimiser",
        ANY_N,
        holds,
        "for the claimed minimiser $\\hat s = ${}, a distribution, the expected cross-entropy "
        "at $s$ minus its value at $\\hat s$ is $-\\sum_i p_i \\log(s_i/\\hat s_i)$, which by "
        "$\\log u \\le u - 1$ at $u = s_i/\\hat s_i$ is at least $-${}, and that is 0 with "
        "$\\sum_i s_i = \\sum_i p_i = 1$; equality needs every $s_i/\\hat s_i = 1$",
        forms["ce_minimiser"],
        bound,
    )
    _measured_minimiser(proof, "ce_minimiser", forms["ce_minimiser"], _expected_ce)

    derived = expected_squared_error().result
    holds = is_zero(derived - forms["brier_expectation"], (P,))
    proof.check(
        "brier_expectation",
        ANY_N,
        holds,
        "$\\sum_m p_m \\sum_i (s_i - \\delta_{im})^2$, expanded with the deltas summed out "
        "and $\\sum_m p_m = 1$, is {}",
        forms["brier_expectation"],
    )

    def written_out(count: int) -> bool:
        ps = [sp.Symbol(f"p_{a}", positive=True) for a in range(1, count)]
        ps.append(1 - sp.Add(*ps))
        ss = [sp.Symbol(f"s_{a}", positive=True) for a in range(1, count + 1)]
        expectation = sp.Add(
            *[
                ps[b] * sp.Add(*[(ss[a] - (1 if a == b else 0)) ** 2 for a in range(count)])
                for b in range(count)
            ]
        )
        claimed = concretize(forms["brier_expectation"], count, {}, {s: ss, P: ps})
        return sp.expand(expectation - claimed) == 0

    proof.cases(
        "brier_expectation",
        exact_for((2, 3, 4)),
        ((f"n = {count}", written_out(count)) for count in (2, 3, 4)),
        "the expectation written out term by term, with $p_n = 1 - \\sum_{i<n} p_i$",
    )

    hat = _entry(forms["brier_minimiser"], i)
    gap = derived - derived.xreplace({s[i]: hat})
    square = sp.Sum((s[i] - hat) ** 2, (i, 1, n))
    holds = is_zero(gap - square, (s, P))
    proof.check(
        "brier_minimiser",
        ANY_N,
        holds,
        "by the derived expectation, its value at $s$ minus its value at the claimed minimiser "
        "$\\hat s = ${} is {}: a sum of squares, zero only at $s = \\hat s$",
        forms["brier_minimiser"],
        square,
    )
    _measured_minimiser(proof, "brier_minimiser", forms["brier_minimiser"], _expected_brier)


def _expected_ce(pred: np.ndarray, p: np.ndarray) -> np.ndarray:
    return -(np.log(pred) @ p)


def _expected_brier(pred: np.ndarray, p: np.ndarray) -> np.ndarray:
    # Row b, column m: the squared distance from prediction b to the target e_m.
    to_targets = ((pred[..., None, :] - np.eye(p.shape[-1])) ** 2).sum(axis=-1)
    return to_targets @ p


def _measured_minimiser(
    proof: Proof,
    part: str,
    form: sp.Expr,
    expected: Callable[[np.ndarray, np.ndarray], np.ndarray],
    seed: int = 16,
) -> None:
    """Check at seeded p that the claimed minimiser is a distribution and beats other predictions.

    Its expected loss is compared with those of 2000 random predictions and of 2000 predictions
    near it, all evaluated together in one batch.
    """
    rng = np.random.default_rng(seed)
    value = sp.lambdify(P_VECTOR, form, "numpy")
    distributions, beaten, count = True, True, 0
    for size in (3, 5):
        for _ in range(3):
            count += 1
            p = rng.dirichlet(np.ones(size))
            best = np.broadcast_to(np.asarray(value(p), dtype=float), p.shape)
            if abs(best.sum() - 1) > 1e-12 or np.any(best <= 0):
                distributions = False
                continue
            preds = rng.dirichlet(np.ones(size), size=2000)
            near = best + 1e-2 * (preds - best)  # not compared: sample points near it, any do
            losses = expected(np.vstack([best, preds, near]), p)
            beaten = beaten and bool(np.all(losses[1:] > losses[0]))
    proof.check(
        part,
        MEASURED,
        distributions and beaten,
        f"at {count} random true distributions ($n = 3, 5$), the claimed minimiser {{}} is a "
        "distribution and its expected loss is below that of 2000 random predictions and of "
        "2000 predictions a hundredth of the way from it toward those",
        form,
    )


F16 = register(
    Claim(
        id="F16",
        slug="proper-losses",
        title="Cross-entropy and the squared error are both strictly proper: in expectation "
        "over the true distribution, each is smallest exactly at that distribution",
        page=PAGE,
        assumptions=(
            r"a true distribution $p$ over the $n$ classes, $p_i > 0$, $\sum_i p_i = 1$;"
            r" the target $y = e_m$ with probability $p_m$",
            r"the prediction $s$ any distribution with $s_i > 0$ (every such $s$ is a softmax"
            r" output: $s = \mathrm{softmax}(\log s)$)",
            r"$u > 0$ in $\log u \le u - 1$",
        ),
        claimed=_f16_claimed,
        relations=_f16_relations,
        prove=_f16_prove,
    )
)


# -- F24 a confidently wrong model: largest loss, vanishing gradient ----------------------------


class _ByClass(sp.Piecewise):
    """A value per class :math:`j`, printed with :math:`j` first in each condition (``j = k``)."""

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        rows = []
        for value, cond in self.args:
            if cond is sp.true:
                rows.append(rf"{printer._print(value)} & \text{{otherwise}}")
                continue
            a, b = cond.args
            left, right = (b, a) if b == j else (a, b)
            rows.append(rf"{printer._print(value)} & \text{{for}}\: {left} = {right}")
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"


def _cases_form(values: tuple[sp.Expr, sp.Expr, sp.Expr]) -> sp.Piecewise:
    lead, true, other = values
    return _ByClass((lead, sp.Eq(j, ell)), (true, sp.Eq(j, k)), (other, True))


def _f24_claimed() -> dict[str, Any]:
    return {
        "bound": sp.S.One,
        "loss_limit": sp.S.One,
        "rate": _cases_form((n, sp.Integer(-2), sp.S.NegativeOne)),
        "ce_limit": _cases_form((sp.S.One, sp.S.NegativeOne, sp.S.Zero)),
    }


def _f24_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "bound": sp.Le(MSE, forms["bound"], evaluate=False),
        "loss_limit": sp.Eq(sp.Limit(MSE, T, sp.oo), forms["loss_limit"], evaluate=False),
        "rate": sp.Eq(
            sp.Limit(sp.exp(T) * sp.Derivative(MSE, z[j]), T, sp.oo), forms["rate"], evaluate=False
        ),
        "ce_limit": sp.Eq(
            sp.Limit(sp.Derivative(CE, z[j]), T, sp.oo), forms["ce_limit"], evaluate=False
        ),
    }


def _path_cases(
    derived: sp.Expr, claimed: sp.Expr, scale: sp.Expr = sp.S.One
) -> list[tuple[str, bool]]:
    """Compare lim_{t->oo} scale * derived with claimed along z = t e_l, y = e_k (l != k)."""
    at_path = on_wrong_path(derived)
    cases = []
    for (label, case), (_, want) in zip(
        index_cases(at_path, (j, ell, k), distinct=((ell, k),)),
        index_cases(claimed, (j, ell, k), distinct=((ell, k),)),
        strict=True,
    ):
        cases.append((label, is_zero(_limit_t(scale * case) - want)))
    return cases


def _f24_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    # ||s - e_k||^2 <= 2: twice the bound minus it is a sum of non-negative terms.
    square = sp.Sum((s[i] - sp.KroneckerDelta(i, k)) ** 2, (i, 1, n))
    certificate = sp.Sum(s[i] * (1 - s[i]), (i, 1, n)) + 2 * s[k]
    holds = is_zero(sum_out_deltas(2 * forms["bound"] - square) - certificate, (s,))
    proof.check(
        "bound",
        ANY_N,
        holds,
        "for $y = e_k$, twice the bound minus $\\lVert s - e_k \\rVert^2$ is, with "
        "$\\sum_i s_i = 1$, {}: non-negative, as $0 < s_i < 1$",
        certificate,
    )

    loss = gd.g_mse_on_softmax()
    cases = [
        (label, is_zero(_limit_t(case) - forms["loss_limit"]))
        for label, case in index_cases(on_wrong_path(loss), (ell, k), distinct=((ell, k),))
    ]
    proof.cases(
        "loss_limit",
        ANY_N,
        cases,
        "$L$ at $z = t e_\\ell$, $y = e_k$, exactly (with "
        "$e^{z_m} = 1 + (e^t - 1)\\delta_{m\\ell}$, deltas summed out), tends to {}",
        forms["loss_limit"],
    )

    gradient = general.mse_gradient().result
    proof.cases(
        "rate",
        ANY_N,
        _path_cases(gradient, forms["rate"], sp.exp(T).xreplace({sp.exp(T): EXP_T})),
        "the derived gradient at $z = t e_\\ell$, $y = e_k$, times $e^t$, tends to {} "
        "(one case for each way $j$ can relate to $\\ell$ and $k$)",
        forms["rate"],
    )

    def concrete_rate(count: int) -> bool:
        e, ys = exp_symbols(count), target_symbols(count)
        top, true = 2, 1
        point = {e[a]: (1 / _U if a + 1 == top else sp.S.One) for a in range(count)}
        point.update({ys[a]: sp.S.One if a + 1 == true else sp.S.Zero for a in range(count)})
        for a, entry in enumerate(concrete.mse_gradient(count)):
            want = forms["rate"].xreplace({n: count, j: a + 1, ell: top, k: true})
            if not is_zero(rational_limit_at_zero(entry.xreplace(point) / _U, _U) - want):
                return False
        return True

    proof.cases(
        "rate",
        exact_for(RATE_NS),
        ((f"n = {count}", concrete_rate(count)) for count in RATE_NS),
        "$e^t$ times the gradient of the written-out loss at $z = t e_2$, $y = e_1$",
    )

    ce_gradient = general.ce_gradient().result
    proof.cases(
        "ce_limit",
        ANY_N,
        _path_cases(ce_gradient, forms["ce_limit"]),
        "the derived cross-entropy gradient $s_j - y_j$ at $z = t e_\\ell$, $y = e_k$ tends to {}",
        forms["ce_limit"],
    )


F24 = register(
    Claim(
        id="F24",
        slug="mse-wrong-vertex",
        title="Near a wrong vertex the squared error is close to its largest value while its "
        "gradient decays exponentially; the cross-entropy gradient does not decay",
        page=PAGE,
        assumptions=(
            r"one-hot target $y = e_k$; $L = \tfrac12 \lVert s - y \rVert^2$",
            r"the limits: logits $z = t e_\ell$ for a wrong class $\ell \ne k$ (class $\ell$"
            r" ahead of every other by the margin $t$, the others 0), $t \to \infty$; any"
            r" $n \ge 2$",
            r"$j \in \{1, \dots, n\}$",
        ),
        claimed=_f24_claimed,
        relations=_f24_relations,
        prove=_f24_prove,
    )
)
