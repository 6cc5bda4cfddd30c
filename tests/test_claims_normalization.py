"""The normalization page's claims: scope per part, displays, and values checked independently."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from derivations import claims, normalize, softmax
from derivations.claims import ClaimFailed
from derivations.claims.normalization import EXAMPLES, POINTS
from derivations.symbolic import normalization as nz
from derivations.symbolic.display import latex
from derivations.symbolic.expressions import LSE
from derivations.symbolic.symbols import general_symbols

SCOPE = {
    "shift-invariance": {
        "softmax": ["any-n", "exact", "numeric"],
        "lse": ["any-n", "exact", "numeric"],
    },
    "standard-normalization": {
        "scale": ["any-n", "exact"],
        "small": ["exact"],
        "large": ["exact"],
        "softmax_small": ["exact", "numeric"],
        "softmax_large": ["exact", "numeric"],
    },
    "normalization-sign": {
        "mixed": ["exact"],
        "negative": ["exact"],
        "near_zero_sum": ["exact"],
        "sums_to_one": ["any-n", "exact"],
        "same_sign": ["any-n"],
        "sign_flip": ["any-n", "exact"],
    },
    "normalization-gradient": {
        "in_x": ["any-n", "exact", "numeric"],
        "in_q": ["any-n", "numeric"],
        "tiny_q": ["exact", "numeric"],
        "tiny_gradient": ["exact", "numeric"],
        "unlikely_q": ["exact", "numeric"],
        "unlikely_gradient": ["exact", "numeric"],
    },
    "normalization-of-exponentials": {
        "softmax": ["any-n", "exact"],
        "gradient": ["any-n", "exact"],
    },
}


@pytest.mark.parametrize("slug", sorted(SCOPE))
def test_each_part_is_proved_by_the_methods_it_claims(slug: str) -> None:
    claim = claims.get(slug)
    assert claim.page == "normalization"
    evidence = claim.check()
    assert {p: [m.kind for m in evidence.scope(p)] for p in claim.parts()} == SCOPE[slug]


def test_the_shift_display_is_the_checked_statement() -> None:
    parts = claims.get("shift-invariance").parts()
    assert latex(parts["softmax"]) == (
        r"\mathrm{softmax}(z + c \mathbf{1})_{i} = \mathrm{softmax}(z)_{i}"
    )
    assert latex(parts["lse"]) == r"\mathrm{LSE}(z + c \mathbf{1}) = \mathrm{LSE}(z) + c"


def test_calling_log_sum_exp_shift_invariant_fails_the_proof() -> None:
    # The error some texts are suspected of: LSE(z + c1) = LSE(z).
    claim = claims.get("shift-invariance")
    with pytest.raises(ClaimFailed, match=r"F7 \[lse\]"):
        claim.check({**claim.claimed(), "lse": LSE()})


def test_the_shift_chains_derive_their_last_lines() -> None:
    softmax_chain, lse_chain = nz.softmax_shift(), nz.lse_shift()
    reasons = [reason for _, reason in softmax_chain.lines]
    assert "$e^{c}$ leaves the sum" in reasons
    assert "cancel $e^{c}$" in reasons
    assert latex(lse_chain.result) == r"\mathrm{LSE}(z) + c"
    assert sp.expand(lse_chain.lines[-2][0].doit() - (LSE() + nz.SHIFT).doit()) == 0


def test_a_definition_step_refuses_a_line_that_is_not_the_definition() -> None:
    g = general_symbols()
    step = nz._fold(nz.Normalized(nz.X, g.i).doit(), nz.Normalized(nz.X, g.i))
    with pytest.raises(ValueError, match="not the definition"):
        step(g.x[g.i])


def test_scale_examples_match_the_kernels() -> None:
    forms = claims.get("standard-normalization").claimed()
    for name, values in EXAMPLES.items():
        x = np.array(values, dtype=float)
        np.testing.assert_allclose(np.array(forms[name], dtype=float)[0], normalize(x), rtol=1e-15)
        shown = np.array(forms[f"softmax_{name}"].evalf(30), dtype=float)[0]
        np.testing.assert_allclose(shown, softmax(x), rtol=1e-14)


def test_sign_examples_are_the_plain_quotients() -> None:
    forms = claims.get("normalization-sign").claimed()
    for name, values in {"mixed": (2.0, -1.0), "negative": (-1.0, -2.0)}.items():
        x = np.array(values)
        np.testing.assert_allclose(np.array(forms[name], dtype=float)[0], x / x.sum())
    eps = 1e-3
    x = np.array([1.0, eps - 1.0])
    near = forms["near_zero_sum"].xreplace({nz.EPS: sp.Rational(1, 1000)})
    np.testing.assert_allclose(np.array(near, dtype=float)[0], x / x.sum(), rtol=1e-12)


def _central_difference(x: np.ndarray, h: float) -> float:
    """d(-log q_1)/d x_1 by a central difference in float64 (independent of SymPy)."""
    up, down = x.copy(), x.copy()
    up[0] += h
    down[0] -= h
    return (-np.log(up[0] / up.sum()) + np.log(down[0] / down.sum())) / (2 * h)


@pytest.mark.parametrize("name", sorted(POINTS))
def test_gradient_examples_against_finite_differences_and_mpmath(name: str) -> None:
    forms = claims.get("normalization-gradient").claimed()
    q1, d1 = float(forms[f"{name}_q"]), float(forms[f"{name}_gradient"])
    x = np.array([float(v) for v in POINTS[name]])
    assert q1 == pytest.approx(x[0] / x.sum(), rel=1e-14)
    assert d1 == pytest.approx(_central_difference(x, 1e-6 * x[0]), rel=1e-6)
    with mp.workdps(30):
        xm = [mp.mpf(v) for v in POINTS[name]]

        def nll(t: mp.mpf) -> mp.mpf:
            return -mp.log(t / (t + xm[1]))

        assert d1 == pytest.approx(float(mp.diff(nll, xm[0])), rel=1e-12)


def test_the_gradient_size_is_set_by_the_output_not_the_probability() -> None:
    # At a fixed probability q_1, the derived entry j = k scales exactly like 1 / x_1.
    for q in (sp.Rational(1, 10**6), sp.Rational(1, 2), sp.Rational(99, 100)):
        sizes = [
            abs(nz.nll_gradient_at([x1, x1 * (1 - q) / q], 1, 1))
            for x1 in (sp.Rational(1, 10**3), sp.Rational(1, 10**6))
        ]
        assert sizes[1] / sizes[0] == 1000
        assert sizes[0] == (1 - q) * 1000


def test_the_gradient_in_q_is_the_derivative_once_q_is_written_out() -> None:
    g = general_symbols()
    in_q = nz.nll_gradient().result
    total = sp.Sum(g.x[g.m], (g.m, 1, g.n))
    in_x = in_q.xreplace({nz.Q[g.k]: g.x[g.k] / total})
    assert sp.simplify(in_x - nz.nll_gradient().lines[1][0]) == 0


def test_a_wrong_bound_on_the_sign_of_a_product_fails() -> None:
    claim = claims.get("normalization-sign")
    # "Always positive": the mistake of reading x / sum(x) as a distribution for any x.
    wrong = {**claim.claimed(), "same_sign": sp.S.One}
    with pytest.raises(ClaimFailed, match=r"F19 \[same_sign\]"):
        claim.check(wrong)


def test_new_claims_are_registered_for_this_page_only() -> None:
    mine = {c.slug for c in claims.all_claims() if c.page == "normalization"}
    assert mine == set(SCOPE)
    assert {claims.get(s).id for s in SCOPE} == {"F7", "F15", "F19", "F20", "F21"}


def test_exact_numbers_print_powers_of_ten() -> None:
    assert nz.vector_latex(POINTS["tiny"]) == r"[10^{-6},\ 10^{-6}]"
    assert nz.vector_latex(POINTS["unlikely"]) == r"[1,\ 10^{6}]"
    assert nz.exact_latex(sp.Rational(1, 2)) == r"\frac{1}{2}"


def test_the_exact_checks_name_the_sizes_they_checked() -> None:
    words = [m.words for m in claims.get("normalization-gradient").check().scope("in_x")]
    assert "proved exactly for $n = 2, 3, 4$" in words
