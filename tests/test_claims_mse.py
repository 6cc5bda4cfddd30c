"""F8, F16 and F24 (page ``mse``): scope per part, and agreement with NumPy computations.

The claims prove their parts symbolically; these tests compare what the parts say with plain
floating-point computations written here from the definitions (softmax, squared error, expected
losses), independent of SymPy and of the package's kernels where that matters.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derivations import claims, mse_on_softmax_grad
from derivations.claims import mse as mse_claims
from derivations.symbolic import squared_error
from derivations.symbolic.symbols import general_symbols

G = general_symbols()

#: Parts proved for every n (symbolic n), per claim.
GENERAL = {
    "mse-gradient": (
        "gradient",
        "matrix_form",
        "toward_vertex",
        "jacobian_at_vertex",
        "gradient_at_vertex",
    ),
    "proper-losses": ("ce_minimiser", "brier_expectation", "brier_minimiser"),
    "mse-wrong-vertex": ("bound", "loss_limit", "rate", "ce_limit"),
}


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def _loss(z: np.ndarray, y: np.ndarray) -> float:
    return 0.5 * float(((_softmax(z) - y) ** 2).sum())


def _grad_fd(z: np.ndarray, y: np.ndarray, h: float = 1e-6) -> np.ndarray:
    return np.array([(_loss(z + h * e, y) - _loss(z - h * e, y)) / (2 * h) for e in np.eye(len(z))])


def test_the_page_states_its_claims():
    for slug in GENERAL:
        assert claims.get(slug).page == "mse"
    assert [claims.get(s).id for s in GENERAL] == ["F8", "F16", "F24"]


@pytest.mark.parametrize("slug", list(GENERAL))
def test_general_parts_are_proved_for_every_n(slug):
    evidence = claims.get(slug).check()
    for part in GENERAL[slug]:
        assert "any-n" in [m.kind for m in evidence.scope(part)], f"{slug} [{part}]"


def test_the_log_lemma_is_exact_not_general_n():
    # log u <= u - 1 does not involve n: its scope must not claim "every n".
    evidence = claims.get("proper-losses").check()
    assert [m.kind for m in evidence.scope("log_bound")] == ["exact"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_gradient_is_j_times_the_error(seed):
    rng = np.random.default_rng(seed)
    n = 6
    z = 2 * rng.standard_normal(n)
    y = rng.dirichlet(np.ones(n))
    s = _softmax(z)
    jacobian = np.diag(s) - np.outer(s, s)
    np.testing.assert_allclose(jacobian @ (s - y), _grad_fd(z, y), atol=1e-9)
    np.testing.assert_allclose(s * ((s - y) - s @ (s - y)), _grad_fd(z, y), atol=1e-9)
    np.testing.assert_allclose(mse_on_softmax_grad(z, y), _grad_fd(z, y), atol=1e-9)


@pytest.mark.parametrize("n", [2, 3, 7])
def test_the_gradient_vanishes_at_every_vertex(n):
    # Class l far ahead of the others (which are not equal): right or wrong, no gradient.
    rng = np.random.default_rng(n)
    for ell in range(n):
        z = rng.standard_normal(n)
        z[ell] += 40.0
        for k in range(n):
            assert np.abs(mse_on_softmax_grad(z, np.eye(n)[k])).max() < 1e-15
        assert np.abs(mse_on_softmax_grad(z, rng.dirichlet(np.ones(n)))).max() < 1e-15


@pytest.mark.parametrize("n", [2, 3, 5, 9])
def test_the_rate_and_the_loss_on_the_way_to_a_wrong_vertex(n):
    # z = t e_l with l = 2, y = e_1: e^t dL/dz -> (-2, n, -1, ..., -1), L -> 1, s - y -> e_l - e_k.
    t = 30.0
    z, y = np.zeros(n), np.eye(n)[0]
    z[1] = t
    want = np.array([-2.0, n] + [-1.0] * (n - 2))
    np.testing.assert_allclose(np.exp(t) * mse_on_softmax_grad(z, y), want, atol=1e-9)
    assert abs(_loss(z, y) - 1) < 1e-12
    # Central differences of the loss resolve the gradient only while it is not tiny: t = 12,
    # where the limit is reached up to terms of order n^2 e^{-t}.
    near = z.copy()
    near[1] = 12.0
    np.testing.assert_allclose(np.exp(12.0) * _grad_fd(near, y, h=1e-4), want, atol=1e-2)
    np.testing.assert_allclose(_softmax(z) - y, np.eye(n)[1] - np.eye(n)[0], atol=1e-12)


def test_the_loss_never_exceeds_one():
    rng = np.random.default_rng(7)
    for n in (2, 3, 10):
        z = 5 * rng.standard_normal((2000, n))
        s = np.exp(z - z.max(axis=1, keepdims=True))
        s /= s.sum(axis=1, keepdims=True)
        k = rng.integers(n, size=2000)
        loss = 0.5 * ((s - np.eye(n)[k]) ** 2).sum(axis=1)
        assert loss.max() <= 1.0


def test_the_expected_squared_error_decomposes():
    rng = np.random.default_rng(16)
    for n in (2, 4, 9):
        p, s = rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))
        expected = sum(p[m] * ((s - np.eye(n)[m]) ** 2).sum() for m in range(n))
        assert expected == pytest.approx(((s - p) ** 2).sum() + 1 - (p**2).sum(), abs=1e-14)


@pytest.mark.parametrize("loss", ["ce", "brier"])
def test_the_true_distribution_minimises_each_expected_loss(loss):
    rng = np.random.default_rng(3)
    n = 4
    p = rng.dirichlet(np.ones(n))

    def expected(s):
        if loss == "ce":
            return -(p * np.log(s)).sum()
        return sum(p[m] * ((s - np.eye(n)[m]) ** 2).sum() for m in range(n))

    best = expected(p)
    for _ in range(500):
        step = 0.05 * rng.standard_normal(n)
        s = p + step - step.mean()  # stays on the plane sum s = 1
        if np.all(s > 0) and not np.allclose(s, p):
            assert expected(s) > best


def test_vertex_limits_reject_a_class_out_of_range():
    with pytest.raises(ValueError, match="vertex_limits"):
        mse_claims.vertex_limits(3, 4)


def test_index_cases_cover_every_grouping_and_skip_distinct_pairs():
    i, j, ell = G.i, G.j, squared_error.VERTEX
    labels = [label for label, _ in squared_error.index_cases(sp.S.One, (i, j, ell))]
    assert len(labels) == 5  # the Bell number B(3)
    labels = [label for label, _ in squared_error.index_cases(sp.S.One, (i, ell), ((i, ell),))]
    assert labels == ["i | \\ell"] or labels == ["\\ell | i"]


def test_the_vertex_substitution_makes_the_jacobian_vanish_in_every_case():
    from derivations.symbolic import general

    jacobian = squared_error.at_vertex(general.softmax_jacobian().result)
    cases = dict(squared_error.index_cases(jacobian, (G.i, G.j, squared_error.VERTEX)))
    assert set(cases.values()) == {0}


def test_the_chains_end_in_the_claimed_forms():
    forms = claims.get("proper-losses").claimed()
    assert squared_error.expected_squared_error().result == forms["brier_expectation"]
    chain = squared_error.softmax_toward_vertex()
    assert len(chain.lines) == 2
