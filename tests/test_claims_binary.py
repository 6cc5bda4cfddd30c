"""Claims of the binary page (F11, F12, F14, F28): proofs, scope, displays, NumPy cross-checks.

The generic mutation tests (``test_claims_mutations.py``) change every part by +1, x2 and -1;
here the changes a reader would make by mistake are tried too (the other logit pinned, the sign
of the softplus argument, a cost missing a term), and the facts are recomputed in NumPy, apart
from SymPy and mpmath.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.special import expit

from derivations import claims
from derivations.claims import ClaimFailed
from derivations.symbolic.binary import SIGMA, ZETA, as_written, binary_symbols
from derivations.symbolic.display import latex

B = binary_symbols()
z, z1, z2, y, a = B["z"], B["z_1"], B["z_2"], B["y"], B["a"]
RNG = np.random.default_rng(7)
MINE = ["sigmoid-two-class", "binary-nll-softplus", "nielsen-integral", "sigmoid-unit-gradients"]


@pytest.mark.parametrize("slug", MINE)
def test_proof_passes_on_the_binary_page_and_is_exact(slug):
    claim = claims.get(slug)
    assert claim.page == "binary"
    evidence = claim.check()
    for part in claim.parts():
        kinds = [m.kind for m in evidence.scope(part)]
        # Fixed size (two classes, one unit): exact, never "every n".
        assert "exact" in kinds, (slug, part, kinds)
        assert "any-n" not in kinds, (slug, part, kinds)
        assert "numeric" in kinds, (slug, part, kinds)


MISTAKES = [
    ("F11", "pinned_first", SIGMA(z)),  # the other logit pinned
    ("F11", "pinned_second", SIGMA(-z)),
    ("F11", "pair", SIGMA(z2 - z1)),
    ("F11", "pair", SIGMA(z1 + z2)),
    ("F12", "positive", ZETA(z)),  # the softplus argument's sign
    ("F12", "negative", ZETA(-z)),
    ("F12", "positive", ZETA(-z) + sp.log(2)),
    ("F12", "wrong_positive", sp.S.One),
    ("F12", "right_negative", sp.S.One),
    ("F14", "gradient", (a - y) / a),
    ("F14", "cost", as_written(-y * sp.log(a), B["const"])),  # a term missing
    ("F14", "cost", as_written(-y * sp.log(a) - (y - 1) * sp.log(1 - a), B["const"])),
    ("F14", "cost", as_written((a - y) ** 2 / 2, B["const"])),  # the quadratic cost
    ("F28", "quadratic", a - y),  # the slope factor dropped
    ("F28", "cross_entropy", (a - y) * a * (1 - a)),
    ("F28", "sigma_prime", a**2),
]


@pytest.mark.parametrize(("claim_id", "part", "wrong"), MISTAKES)
def test_a_plausible_mistake_fails(claim_id, part, wrong):
    claim = claims.get(claim_id)
    forms = claim.claimed()
    forms[part] = wrong
    with pytest.raises(ClaimFailed, match=rf"{claim_id} \[{part}\]"):
        claim.check(forms)


def test_displays_are_typeset_from_the_objects():
    shown = {slug: claims.get(slug).display().latex for slug in MINE}
    assert r"\mathrm{softmax}(0, z)_{1} = \sigma{\left(- z \right)}" in shown["sigmoid-two-class"]
    assert r"\mathrm{softmax}(z_{1}, z_{2})_{1}" in shown["sigmoid-two-class"]
    assert r"= \zeta{\left(- z \right)}" in shown["binary-nll-softplus"]
    assert r"\lim_{z \to -\infty}" in shown["binary-nll-softplus"]
    # The textbook binary cross-entropy, plus the constant of integration.
    assert (
        r"C = - \left(y \log a + \left(1 - y\right) \log{\left(1 - a \right)}\right)"
        r" + \mathrm{const}" in shown["nielsen-integral"]
    )
    assert r"\left(a - y\right) a \left(1 - a\right)" in shown["sigmoid-unit-gradients"]
    for text in shown.values():
        assert "**" not in text


def test_the_claims_index_steps_are_math_not_code():
    for slug in MINE:
        for step in claims.get(slug).check().steps:
            text = step.markdown()
            assert "**" not in text, text
            assert "sigma(" not in text.replace(r"\sigma", ""), text


def _softmax(rows: np.ndarray) -> np.ndarray:
    e = np.exp(rows - rows.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_numpy_two_class_softmax_with_either_logit_pinned():
    t = np.concatenate([RNG.normal(0, 5, 50), [-700.0, 700.0]])
    other = RNG.normal(0, 5, t.size)
    pair = _softmax(np.stack([t, other], axis=1))
    np.testing.assert_allclose(pair[:, 0], expit(t - other), rtol=1e-12, atol=1e-300)
    second = _softmax(np.stack([t, np.zeros_like(t)], axis=1))
    np.testing.assert_allclose(second[:, 0], expit(t), rtol=1e-12, atol=1e-300)
    first = _softmax(np.stack([np.zeros_like(t), t], axis=1))
    np.testing.assert_allclose(first[:, 0], expit(-t), rtol=1e-12, atol=1e-300)


def test_numpy_binary_nll_slopes_by_finite_differences():
    t = np.array([-60.0, -30.0, -5.0, 0.3, 5.0, 30.0, 60.0])
    h = 1e-5
    for label in (0, 1):
        loss = lambda u, label=label: np.logaddexp(0.0, (1 - 2 * label) * u)  # noqa: E731
        slope = (loss(t + h) - loss(t - h)) / (2 * h)
        np.testing.assert_allclose(slope, expit(t) - label, atol=1e-8)
        wrong, right = (slope[0], slope[-1]) if label == 1 else (slope[-1], slope[0])
        assert abs(abs(wrong) - 1) < 1e-8
        assert abs(right) < 1e-8


def test_numpy_nielsen_cost_has_the_gradient_asked_for():
    t = RNG.normal(0, 3, 20)
    target = RNG.random(20)
    h = 1e-6

    def cost(u):
        p = expit(u)
        return -(target * np.log(p) + (1 - target) * np.log1p(-p))

    slope = (cost(t + h) - cost(t - h)) / (2 * h)
    np.testing.assert_allclose(slope, expit(t) - target, atol=1e-7)


def test_numpy_quadratic_gradient_has_the_slope_factor():
    t = RNG.normal(0, 3, 20)
    target = RNG.random(20)
    h = 1e-6

    def cost(u):
        return (expit(u) - target) ** 2 / 2

    p = expit(t)
    slope = (cost(t + h) - cost(t - h)) / (2 * h)
    np.testing.assert_allclose(slope, (p - target) * p * (1 - p), atol=1e-8)


def test_the_display_shows_what_is_checked():
    claim = claims.get("F11")
    forms = claim.claimed()
    forms["pinned_first"] = SIGMA(z)
    assert latex(claim.parts(forms)["pinned_first"]).endswith(r"\sigma{\left(z \right)}")
