"""F5: the cross-entropy Hessian claim passes, rejects wrong forms, and matches numerics."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derivations.claims import ClaimFailed, get
from derivations.symbolic.symbols import general_symbols

G = general_symbols()
MEAN = sp.Sum(G.s[G.i] * G.v[G.i], (G.i, 1, G.n))


def test_f5_registered_and_passes():
    claim = get("ce-hessian")
    assert claim.id == "F5"
    assert claim.page == "curvature"
    evidence = claim.check()
    assert set(evidence.methods) == {"general-n symbolic", "concrete-n (n=2,3,4,8,16)", "numeric"}


MUTATIONS = {
    "flip sign": ("hessian", lambda f: -f),
    "drop outer product": ("hessian", lambda f: G.s[G.j] * sp.KroneckerDelta(G.j, G.k)),
    "drop diagonal": ("hessian", lambda f: -G.s[G.j] * G.s[G.k]),
    "wrong factor": ("hessian", lambda f: G.s[G.j] * (sp.KroneckerDelta(G.j, G.k) - 2 * G.s[G.k])),
    "depends on y": ("hessian", lambda f: f + G.y[G.j] - G.y[G.k]),
    "quadratic form sign": ("quadratic_form", lambda f: f + 2 * MEAN**2),
    "quadratic form no mean": ("quadratic_form", lambda f: f + MEAN**2),
    "null direction": ("null_direction", lambda f: G.s[G.j]),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_f5_rejects_mutated_forms(name):
    claim = get("F5")
    key, mutate = MUTATIONS[name]
    forms = claim.claimed()
    forms[key] = mutate(forms[key])
    with pytest.raises(ClaimFailed, match="F5"):
        claim.check(claimed=forms)


def _ce(z, y):
    m = z.max()
    return m + np.log(np.exp(z - m).sum()) - y @ z


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hessian_finite_differences(seed):
    # Independent of SymPy: central second differences of CE vs diag(s) - s s^T.
    rng = np.random.default_rng(seed)
    n = 5
    z = 3 * rng.standard_normal(n)
    y = rng.dirichlet(np.ones(n))
    h = 1e-4
    eye = np.eye(n)
    fd = np.array(
        [
            [
                (
                    _ce(z + h * eye[a] + h * eye[b], y)
                    - _ce(z + h * eye[a] - h * eye[b], y)
                    - _ce(z - h * eye[a] + h * eye[b], y)
                    + _ce(z - h * eye[a] - h * eye[b], y)
                )
                / (4 * h * h)
                for b in range(n)
            ]
            for a in range(n)
        ]
    )
    s = np.exp(z - z.max())
    s /= s.sum()
    hess = np.diag(s) - np.outer(s, s)
    np.testing.assert_allclose(fd, hess, atol=1e-6)
    v = rng.standard_normal(n)
    variance = s @ (v - s @ v) ** 2
    np.testing.assert_allclose(v @ hess @ v, variance, rtol=1e-10, atol=1e-14)
    assert np.linalg.eigvalsh(hess).min() > -1e-12
    np.testing.assert_allclose(hess @ np.ones(n), 0, atol=1e-15)
