"""The derived results come from differentiating the definitions.

1. Changing a definition (monkeypatched) changes the derived results, and the claims built on it
   stop holding: their ``check()`` raises ``ClaimFailed``; claims that do not use it still pass.
2. The general-``n`` results, instantiated at concrete ``n`` and lambdified, and the concrete
   directional derivatives agree with the package's NumPy kernels (finite differences where the
   kernels have no derivative) at seeded points.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
import sympy as sp

import derivations
from derivations import claims
from derivations.claims import ClaimFailed
from derivations.symbolic import definitions as d
from derivations.symbolic import directional, general
from derivations.symbolic import general_definitions as gd
from derivations.symbolic.rewrite import concretize
from derivations.symbolic.symbols import (
    exp_symbols,
    general_symbols,
    logit_symbols,
    positive_symbols,
    target_symbols,
)
from derivations.symbolic.zero import is_zero

G = general_symbols()


def clear_caches() -> None:
    """Clear every lru_cache of the loaded derivations modules (derived results are cached)."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("derivations.") or module is None:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


@pytest.fixture
def patched(monkeypatch):
    """Monkeypatch definitions with caches cleared before and after (restored on teardown)."""
    clear_caches()
    yield monkeypatch
    monkeypatch.undo()
    clear_caches()


def _fails(claim_id: str) -> None:
    with pytest.raises(ClaimFailed, match=claim_id):
        claims.get(claim_id).check()


# -- 1. changing a definition changes the derived results -----------------------------------


def _softmax_of_2z(z):
    zz = [sp.sympify(t) for t in z]
    total = sp.Add(*[sp.exp(2 * t) for t in zz])
    return [sp.exp(2 * t) / total for t in zz]


def test_concrete_softmax_definition_drives_the_derivations(patched):
    before = (directional.jacobian_bilinear(3), directional.mse_directional(3))
    patched.setattr(d, "softmax", _softmax_of_2z)
    clear_caches()
    after = (directional.jacobian_bilinear(3), directional.mse_directional(3))
    for old, new in zip(before, after, strict=True):
        assert not is_zero(sp.expand(old - new))
    # Everything built on softmax (the Jacobian, CE through log-softmax) fails; F2 too: its
    # claimed form s_j is evaluated through the softmax definition.
    for claim_id in ("F1", "F2", "F4"):
        _fails(claim_id)


def test_general_softmax_definition_drives_the_derivations(patched):
    before = general.softmax_jacobian().result
    patched.setattr(
        gd,
        "g_softmax",
        lambda i: sp.exp(2 * G.z[i]) / sp.Sum(sp.exp(2 * G.z[G.m]), (G.m, 1, G.n)),
    )
    clear_caches()
    assert sp.expand(general.softmax_jacobian().result - before) != 0
    _fails("F1")


def test_cross_entropy_log_drives_the_derivations(patched):
    before = directional.ce_directional(3, y_sum_to_one=True)

    def no_log(z, y):  # "cross-entropy" with the log replaced by the identity
        return -sp.Add(*[t * s for t, s in zip(y, d.softmax(z), strict=True)])

    patched.setattr(d, "cross_entropy", no_log)
    clear_caches()
    after = directional.ce_directional(3, y_sum_to_one=True)
    assert not is_zero(before - after)
    _fails("F4")
    claims.get("F1").check()  # the Jacobian does not use cross-entropy


def test_general_cross_entropy_log_drives_the_derivations(patched):
    before = general.ce_gradient().result
    patched.setattr(
        gd,
        "g_cross_entropy",
        lambda: -sp.Sum(G.y[G.i] * G.s[G.i], (G.i, 1, G.n)),
    )
    clear_caches()
    assert sp.expand(general.ce_gradient().result - before) != 0
    _fails("F4")


# -- 2. derived results against the NumPy kernels ----------------------------------------------

N = 4
RNG_SEEDS = (0, 1, 2)


def _point(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=3.0, size=N)
    y = rng.dirichlet(np.ones(N))
    return z, y


def _fd(f, z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of f (array-valued) in each coordinate of z: shape (n, *f.shape)."""
    eye = np.eye(z.size)
    return np.stack([(f(z + h * eye[a]) - f(z - h * eye[a])) / (2 * h) for a in range(z.size)])


def _general_at_n(expr: sp.Expr, indices: tuple[sp.Symbol, ...]):
    """Lambdify a general-n result at n = N as f(z, s, y, x, *index values)."""
    z, s = logit_symbols(N), logit_symbols(N, "sv")
    y, x = target_symbols(N), positive_symbols(N)
    vectors = {G.z: z, G.s: s, G.y: y, G.x: x}
    out = {}
    for tup in np.ndindex(*([N] * len(indices))):
        values = {idx: a + 1 for idx, a in zip(indices, tup, strict=True)}
        entry = concretize(expr, N, values, vectors)
        out[tup] = sp.lambdify([z, s, y, x], entry, "numpy")
    return out


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_general_jacobian_vs_kernel(seed):
    z, y = _point(seed)
    s = derivations.softmax(z)
    entries = _general_at_n(general.softmax_jacobian().result, (G.i, G.j))
    got = np.array([[entries[(a, b)](z, s, y, s) for b in range(N)] for a in range(N)])
    reference = _fd(derivations.softmax, z).T  # [i, j] = d s_i / d z_j
    np.testing.assert_allclose(got, reference, atol=1e-8)
    np.testing.assert_allclose(got, got.T, atol=1e-15)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_general_lse_gradient_vs_kernel(seed):
    z, y = _point(seed)
    s = derivations.softmax(z)
    entries = _general_at_n(general.lse_gradient().result, (G.j,))
    got = np.array([entries[(a,)](z, s, y, s) for a in range(N)])
    np.testing.assert_allclose(got, _fd(derivations.logsumexp, z), atol=1e-8)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_general_log_softmax_vs_kernel(seed):
    z, y = _point(seed)
    s = derivations.softmax(z)
    entries = _general_at_n(sp.expand_log(gd.g_log_softmax(G.i)), (G.i,))
    got = np.array([entries[(a,)](z, s, y, s) for a in range(N)])
    np.testing.assert_allclose(got, derivations.log_softmax(z), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_general_ce_gradient_vs_kernel(seed):
    z, y = _point(seed)
    s = derivations.softmax(z)
    entries = _general_at_n(general.ce_gradient().result, (G.j,))
    got = np.array([entries[(a,)](z, s, y, s) for a in range(N)])
    np.testing.assert_allclose(got, derivations.cross_entropy_grad(z, y), atol=1e-13)
    np.testing.assert_allclose(got, _fd(lambda w: derivations.cross_entropy(w, y), z), atol=1e-8)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_general_mse_gradient_vs_kernel(seed):
    z, y = _point(seed)
    s = derivations.softmax(z)
    entries = _general_at_n(general.mse_gradient().result, (G.j,))
    got = np.array([entries[(a,)](z, s, y, s) for a in range(N)])
    np.testing.assert_allclose(got, derivations.mse_on_softmax_grad(z, y), atol=1e-13)
    loss = _fd(lambda w: derivations.mse_on_softmax(w, y), z)
    np.testing.assert_allclose(got, loss, atol=1e-8)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_general_normalization_gradient_vs_kernel(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.2, 3.0, size=N)
    k = int(rng.integers(N))
    entries = _general_at_n(general.normalization_nll_gradient().result, (G.j, G.k))
    got = np.array([entries[(a, k)](x, x, x, x) for a in range(N)])
    reference = _fd(lambda w: -np.log(derivations.normalize(w)[k]), x)
    np.testing.assert_allclose(got, reference, atol=1e-7)


def _concrete(expr: sp.Expr, n: int):
    e, y = exp_symbols(n), target_symbols(n)
    u, v = directional.direction_symbols(n, "u"), directional.direction_symbols(n)
    return sp.lambdify([e, y, u, v], expr, "numpy")


@pytest.mark.parametrize("n", [3, 8, 16])
def test_concrete_directional_derivatives_vs_kernels(n):
    rng = np.random.default_rng(n)
    z = rng.normal(size=n)
    y = rng.dirichlet(np.ones(n))
    u, v = rng.normal(size=n), rng.normal(size=n)
    e = np.exp(z)
    jac = _fd(derivations.softmax, z).T
    ce_grad = derivations.cross_entropy_grad(z, y)
    hess = _fd(lambda w: derivations.cross_entropy_grad(w, y), z)
    checks = {
        "jacobian_bilinear": (directional.jacobian_bilinear(n), u @ jac @ v, 1e-8),
        "lse_directional": (directional.lse_directional(n), derivations.softmax(z) @ v, 1e-12),
        "ce_directional": (directional.ce_directional(n), ce_grad @ v, 1e-12),
        "mse_directional": (
            directional.mse_directional(n),
            derivations.mse_on_softmax_grad(z, y) @ v,
            1e-12,
        ),
        "ce_hessian_bilinear": (directional.ce_hessian_bilinear(n), u @ hess @ v, 1e-8),
    }
    for name, (expr, reference, tol) in checks.items():
        got = _concrete(expr, n)(e, y, u, v)
        assert abs(got - reference) <= tol * (1 + abs(reference)), name
