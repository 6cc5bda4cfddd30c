"""The derivations of the page "Why the exponential?": chains, their helpers, their guards."""

from __future__ import annotations

import pytest
import sympy as sp

from derivations.symbolic import exponential as ex
from derivations.symbolic.display import latex
from derivations.symbolic.expressions import LSE, ONE, Softmax, Z
from derivations.symbolic.symbols import general_symbols, logit_symbols
from derivations.symbolic.zero import is_zero

G = general_symbols()
E = ex.exponential_symbols()

CHAINS = [
    ex.lagrangian_gradient,
    ex.max_entropy_solution,
    ex.entropy_hessian,
    ex.entropy_quadratic_form,
    ex.expected_score_slope,
    ex.conjugate_value,
    ex.divergence_gap,
    ex.cauchy_derivative,
    ex.luce_choice,
    ex.gumbel_two,
    ex.gumbel_general,
]


@pytest.mark.parametrize("make", CHAINS, ids=lambda f: f.__name__)
def test_derivations_are_shown_as_steps(make) -> None:
    chain = make()
    assert len(chain.lines) >= 2, "a derivation a reader expects is at least two steps"
    tex = chain.display.latex
    assert tex.startswith(r"\begin{aligned}")
    assert r"\partialg" not in tex, "an integral ends in d g"
    assert r"\, \partial" not in tex, "an integral ends in d g"


def test_the_gumbel_integrals_have_the_value_of_the_result() -> None:
    # Each integral line, integrated numerically (SciPy), has the value of the last line.
    from scipy.integrate import quad

    z1, z2 = sp.symbols("z_1 z_2", real=True)
    point = {z1: 0.3, z2: -0.7}
    target = float(ex.gumbel_two().result.xreplace(point))
    integrals = [line for line, _ in ex.gumbel_two().lines[1:] if isinstance(line, sp.Integral)]
    assert len(integrals) == 2
    for integral in integrals:
        (variable, low, high) = integral.limits[0]
        f = sp.lambdify(variable, integral.function.xreplace(point), modules="math")
        value = quad(f, max(float(low), -8.0), min(float(high), 80.0), limit=200)[0]
        assert value == pytest.approx(target, rel=1e-8)


def test_max_entropy_solution_is_the_softmax_of_beta_z() -> None:
    chain = ex.max_entropy_solution()
    assert chain.result == Softmax(E.beta * Z, G.j)
    assert latex(chain.result) == r"\mathrm{softmax}(\beta z)_{j}"
    # The line before names no multiplier: lambda was fixed by the normalisation.
    assert not chain.lines[-2][0].has(E.lam)


def test_lagrangian_gradient_vanishes_at_the_solution() -> None:
    gradient = ex.lagrangian_gradient().result
    (solution,) = sp.solve(sp.Eq(gradient, 0), E.p[G.j])
    assert sp.simplify(sp.log(solution) - (E.beta * G.z[G.j] + E.lam - 1)) == 0


def test_entropy_hessian_and_quadratic_form() -> None:
    assert ex.entropy_hessian().result == -sp.KroneckerDelta(G.i, G.j) / E.p[G.i]
    form = ex.entropy_quadratic_form().result
    assert form == -sp.Sum(G.v[G.i] ** 2 / E.p[G.i], (G.i, 1, G.n))
    assert ex.concave_maximum(form, G.v) == 0


def test_concave_maximum_rejects_a_convex_term() -> None:
    with pytest.raises(ValueError, match="not strictly concave"):
        ex.concave_maximum(sp.Sum(G.v[G.i] ** 2, (G.i, 1, G.n)), G.v)
    with pytest.raises(ValueError, match="not a sum"):
        ex.concave_maximum(G.v[G.i] ** 2, G.v)


def test_expected_score_slope_is_the_variance() -> None:
    derived = ex.expected_score_slope().result
    assert is_zero(ex.in_distribution(derived - ex.score_variance()), [E.p])
    assert not is_zero(ex.in_distribution(derived - 2 * ex.score_variance()), [E.p])
    assert ex.nonnegative_terms_minimum(ex.score_variance()) == 0


def test_nonnegative_terms_minimum_needs_a_known_sign() -> None:
    with pytest.raises(ValueError, match="not known to be >= 0"):
        ex.nonnegative_terms_minimum(sp.Sum(G.z[G.i], (G.i, 1, G.n)))
    with pytest.raises(ValueError, match="has no zero"):
        ex.nonnegative_terms_minimum(sp.Sum(E.p[G.i], (G.i, 1, G.n)))


def test_to_distribution_notation_refuses_what_is_not_p() -> None:
    with pytest.raises(ValueError, match="not a function of p"):
        ex.to_distribution_notation(sp.Sum(sp.exp(E.beta * G.z[G.m]), (G.m, 1, G.n)))


def test_same_dummies_makes_equal_sums_equal() -> None:
    a = sp.Sum(E.p[G.i] * G.z[G.i], (G.i, 1, G.n))
    b = sp.Sum(E.p[G.m] * G.z[G.m], (G.m, 1, G.n))
    assert a != b
    assert ex.same_dummies(a - b) == 0
    nested = sp.Sum(G.z[G.i] * sp.Sum(G.z[G.m], (G.m, 1, G.n)), (G.i, 1, G.n))
    assert ex.same_dummies(nested).has(G.m), "an inner sum keeps its own index"


def test_conjugate_value_and_gap() -> None:
    assert ex.conjugate_value().result == LSE()
    gap = ex.divergence_gap().result
    assert is_zero((gap - (LSE() - ex.objective())).doit(), [E.p])
    assert ex.gibbs_lower_bound() == 0


def test_implied_multipliers_agree_only_for_the_softmax() -> None:
    zs = logit_symbols(3)
    weights = [sp.exp(E.beta * t) for t in zs]
    softmax = [w / sum(weights) for w in weights]
    lams = ex.implied_multipliers(softmax, zs)
    assert all(sp.simplify(lam - lams[0]) == 0 for lam in lams)
    uniform = [sp.Rational(1, 3)] * 3
    lams = ex.implied_multipliers(uniform, zs)
    assert sp.simplify(lams[1] - lams[0]) != 0


def test_cauchy_chain_and_solution() -> None:
    assert ex.cauchy_derivative().result == E.beta * E.rho(E.xi1)
    rho = ex.cauchy_solution().result
    assert rho == sp.exp(E.beta * E.u)
    product = rho.subs(E.u, E.xi1) * rho.subs(E.u, E.xi2)
    assert sp.simplify(rho.subs(E.u, E.xi1 + E.xi2) - product) == 0


def test_luce_chain_uses_the_derived_rho() -> None:
    lines = [line for line, _ in ex.luce_choice().lines]
    assert lines[1].has(E.rho)
    assert lines[2] == 1 / sp.Sum(sp.exp(E.beta * (G.z[G.m] - G.z[G.i])), (G.m, 1, G.n))
    assert ex.luce_choice().result == Softmax(E.beta * Z, G.i)


def test_divide_by_sum_prints_and_evaluates() -> None:
    q = ex.DivideBySum(ex.X + E.c * ONE, G.i)
    assert latex(q) == r"q(x + c \mathbf{1})_{i}"
    assert q.doit() == (G.x[G.i] + E.c) / sp.Sum(G.x[G.m] + E.c, (G.m, 1, G.n))
    assert str(q).startswith("q(")
    assert str(q).endswith(")[i]")


def test_gumbel_functions() -> None:
    u = sp.Symbol("u", real=True)
    assert sp.simplify(sp.diff(ex.gumbel_cdf(u), u) - ex.gumbel_density(u)) == 0
    assert sp.limit(ex.gumbel_cdf(u), u, sp.oo) == 1
    assert sp.limit(ex.gumbel_cdf(u), u, -sp.oo) == 0


def test_gumbel_chains_end_in_the_softmax() -> None:
    z1, z2 = sp.symbols("z_1 z_2", real=True)
    assert ex.gumbel_two().result == sp.exp(z1) / (sp.exp(z1) + sp.exp(z2))
    assert ex.gumbel_general().result == Softmax(Z, G.i)
    # The substitution \omega = e^{-\gamma} leaves one exponential with w factored out.
    integral = ex.gumbel_two().lines[2][0]
    assert isinstance(integral, sp.Integral)
    assert integral.limits[0][0] == E.omega


def test_scores_as_variables() -> None:
    zs = logit_symbols(2)
    out = ex.scores_as_variables(sp.exp(E.beta * zs[0]) / (1 + sp.exp(E.beta * zs[1])), zs)
    b1, b2 = sp.symbols("b_1 b_2", positive=True)
    assert sp.simplify(out - b1 / (1 + b2)) == 0


def test_classes() -> None:
    assert list(ex.classes(2)) == [1, 2]
