"""Claims F32-F38 of the page "Why the exponential?": scope per part, displays, and the same
facts recomputed independently (SciPy optimisation and quadrature, NumPy's own Gumbel draws)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import brentq, minimize

from derivations import logsumexp, softmax
from derivations.claims import get
from derivations.kernels.gumbel import (
    EXAMPLE,
    binomial_standard_error,
    gumbel_max_frequencies,
    within_binomial_error,
)

SCOPES = {
    "max-entropy": {
        "solution": ["any-n", "exact"],
        "hessian": ["any-n", "exact"],
        "negative": ["any-n"],
    },
    "max-entropy-score": {"slope": ["any-n", "exact"], "increasing": ["any-n", "numeric"]},
    "lse-conjugate": {"maximum": ["any-n", "numeric"], "maximiser": ["any-n"]},
    "conjugate-gap": {"gap": ["any-n", "numeric"], "gibbs": ["any-n"]},
    "luce-exponential": {"solution": ["exact"], "choice": ["any-n", "exact"]},
    "choice-odds": {"softmax": ["any-n"], "divide": ["any-n"], "change": ["any-n"]},
    "gumbel-max": {"two": ["exact", "numeric"], "general": ["any-n", "numeric", "measured"]},
}


@pytest.mark.parametrize("slug", sorted(SCOPES))
def test_each_part_is_proved_at_the_scope_it_states(slug: str) -> None:
    claim = get(slug)
    assert claim.page == "exponential"
    evidence = claim.check()
    assert {part: [m.kind for m in evidence.scope(part)] for part in claim.parts()} == SCOPES[slug]


def test_the_luce_claim_states_its_differentiability_assumption() -> None:
    # The symbolic proof needs a differentiable rho; the continuous case is argued in words.
    assumptions = " ".join(get("luce-exponential").assumptions)
    assert "differentiable" in assumptions
    assert "in words" in assumptions
    assert get("luce-exponential").check().scope("solution")[0].kind == "exact"


def test_displays_show_the_forms_a_reader_expects() -> None:
    assert r"\mathrm{softmax}(\beta z)_{j}" in get("max-entropy").display("solution").latex
    assert r"- \frac{\delta_{i j}}{{p}_{i}}" in get("max-entropy").display("hessian").latex
    assert "< 0" in get("max-entropy").display("negative").latex
    assert r"\mathrm{LSE}(z)" in get("lse-conjugate").display("maximum").latex
    assert r"\geq 0" in get("conjugate-gap").display("gibbs").latex
    assert r"e^{\beta u}" in get("luce-exponential").display("solution").latex
    odds = get("choice-odds").display().latex
    assert r"e^{{z}_{i} - {z}_{j}}" in odds
    assert r"q(x + c \mathbf{1})_{i}" in odds
    assert r"\frac{{x}_{i} + c}{{x}_{j} + c}" in odds  # the constant last, as a textbook writes
    # Strictly increasing, and the display says when: unless all scores are equal.
    increasing = get("max-entropy-score").display("increasing").latex
    assert r"> 0 \quad \text{unless } z_1 = \dots = z_n" in increasing


def test_the_expected_score_is_flat_only_where_the_scores_are_equal() -> None:
    # Finite differences of mu(beta) = softmax(beta z) . z: positive for unequal scores, zero
    # (to rounding) for equal ones.
    def slope(z: np.ndarray, beta: float, h: float = 1e-5) -> float:
        mu = [float(softmax((beta + d) * z) @ z) for d in (h, -h)]
        return (mu[0] - mu[1]) / (2 * h)

    for beta in (-1.0, 0.3, 2.0):
        assert slope(Z, beta) > 0
        assert slope(np.array([0.5, 0.5001, 0.4999]), beta) > 0
        assert abs(slope(np.full(3, 0.7), beta)) < 1e-9


# -- the same facts, recomputed without SymPy ---------------------------------------------------

Z = np.array([1.3, -0.4, 0.8, 2.1])


def _entropy(p: np.ndarray) -> float:
    return float(-(p * np.log(p)).sum())


def test_max_entropy_by_numerical_optimisation() -> None:
    # Fix an expected score, maximise the entropy with SLSQP, and compare with softmax(beta z)
    # for the beta (found by root finding) that gives that score.
    mu = 1.5
    beta = brentq(lambda b: softmax(b * Z) @ Z - mu, -50, 50)
    constraints = (
        {"type": "eq", "fun": lambda p: p.sum() - 1},
        {"type": "eq", "fun": lambda p: p @ Z - mu},
    )
    result = minimize(
        lambda p: -_entropy(p),
        np.full(Z.size, 1 / Z.size),
        constraints=constraints,
        bounds=[(1e-12, 1)] * Z.size,
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    )
    assert result.success
    np.testing.assert_allclose(result.x, softmax(beta * Z), atol=1e-6)


def test_expected_score_slope_by_finite_differences() -> None:
    beta, h = 0.7, 1e-5
    mean = lambda b: softmax(b * Z) @ Z  # noqa: E731
    p = softmax(beta * Z)
    variance = p @ (Z - p @ Z) ** 2
    assert (mean(beta + h) - mean(beta - h)) / (2 * h) == pytest.approx(variance, rel=1e-7)


def test_conjugate_by_numerical_optimisation() -> None:
    result = minimize(
        lambda p: -(p @ Z + _entropy(p)),
        np.full(Z.size, 1 / Z.size),
        constraints=({"type": "eq", "fun": lambda p: p.sum() - 1},),
        bounds=[(1e-12, 1)] * Z.size,
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    )
    assert -result.fun == pytest.approx(float(logsumexp(Z)), abs=1e-9)
    np.testing.assert_allclose(result.x, softmax(Z), atol=1e-5)
    rng = np.random.default_rng(3)
    for p in rng.dirichlet(np.ones(Z.size), size=20):
        gap = logsumexp(Z) - (p @ Z + _entropy(p))
        divergence = p @ np.log(p / softmax(Z))
        assert gap == pytest.approx(divergence, abs=1e-12)
        assert divergence >= 0


def test_luce_odds_of_the_softmax_and_of_dividing_by_the_sum() -> None:
    c = 2.5
    s, shifted = softmax(Z), softmax(Z + c)
    assert shifted[0] / shifted[2] == pytest.approx(s[0] / s[2], rel=1e-12)
    assert s[0] / s[2] == pytest.approx(np.exp(Z[0] - Z[2]), rel=1e-12)
    x = np.array([1.0, 2.0, 5.0])
    q, q_shifted = x / x.sum(), (x + c) / (x + c).sum()
    assert q_shifted[0] / q_shifted[1] == pytest.approx((x[0] + c) / (x[1] + c))
    change = q_shifted[0] / q_shifted[1] - q[0] / q[1]
    assert change == pytest.approx(c * (x[1] - x[0]) / (x[1] * (x[1] + c)))
    assert change != 0


def test_gumbel_max_integral_by_scipy() -> None:
    def wins(z: np.ndarray, i: int) -> float:
        def integrand(g: float) -> float:
            others = [np.exp(-np.exp(-(z[i] - zm + g))) for m, zm in enumerate(z) if m != i]
            return np.exp(-g - np.exp(-g)) * np.prod(others)

        return quad(integrand, -10, 60, limit=200)[0]

    np.testing.assert_allclose([wins(Z, i) for i in range(Z.size)], softmax(Z), rtol=1e-8)


def test_the_simulation_recomputed_with_numpys_own_draws() -> None:
    # Independently of the package's function: one call to rng.gumbel, the winners counted.
    rng = np.random.default_rng(EXAMPLE.seed)
    z = np.asarray(EXAMPLE.logits)
    draws = rng.gumbel(size=(EXAMPLE.samples, z.size))
    counts = np.bincount(np.argmax(z + draws, axis=1), minlength=z.size)
    frequencies = counts / EXAMPLE.samples
    np.testing.assert_array_equal(
        frequencies, gumbel_max_frequencies(z, EXAMPLE.samples, EXAMPLE.seed)
    )
    s = softmax(z)
    se = np.sqrt(s * (1 - s) / EXAMPLE.samples)
    assert np.all(np.abs(frequencies - s) <= EXAMPLE.k * se)


def test_numeric_helpers_reject_bad_input() -> None:
    with pytest.raises(ValueError, match="gumbel_max_frequencies"):
        gumbel_max_frequencies([1.0], 10, 0)
    with pytest.raises(ValueError, match="gumbel_max_frequencies"):
        gumbel_max_frequencies([1.0, np.nan], 10, 0)
    with pytest.raises(ValueError, match="samples"):
        gumbel_max_frequencies([1.0, 0.0], 0, 0)
    with pytest.raises(ValueError, match="binomial_standard_error"):
        binomial_standard_error([1.5], 10)
    assert not within_binomial_error([0.5, 0.5], [1.5, -0.5], 100)
    assert not within_binomial_error([0.5], [0.5, 0.5], 100)
    assert within_binomial_error([0.5, 0.5], [0.5, 0.5], 100)


def test_the_blocked_simulation_equals_one_block() -> None:
    rng = np.random.default_rng(5)
    z = np.array([0.2, -0.1, 0.4])
    samples = 70_000  # more than one block of draws
    counts = np.bincount(np.argmax(z + rng.gumbel(size=(samples, 3)), axis=1), minlength=3)
    np.testing.assert_array_equal(gumbel_max_frequencies(z, samples, 5), counts / samples)
