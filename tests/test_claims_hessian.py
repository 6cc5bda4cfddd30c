"""F5 (page curvature): the Hessian of cross-entropy, its quadratic form, convexity, H 1 = 0.

Independent of SymPy: central second differences of the cross-entropy in NumPy.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derivations import claims
from derivations.claims import ClaimFailed
from derivations.symbolic.curvature import variance
from derivations.symbolic.symbols import general_symbols

G = general_symbols()
MEAN = sp.Sum(G.s[G.i] * G.v[G.i], (G.i, 1, G.n))


def test_registered_and_proved_for_every_n() -> None:
    claim = claims.get("ce-hessian")
    assert (claim.id, claim.page) == ("F5", "curvature")
    evidence = claim.check()
    kinds = {part: [m.kind for m in evidence.scope(part)] for part in claim.parts()}
    assert kinds == {
        "hessian": ["any-n", "exact", "numeric"],
        "quadratic_form": ["any-n", "exact", "numeric"],
        "convex": ["any-n", "numeric"],
        "null_direction": ["any-n", "exact"],
    }


def test_the_hessian_entry_does_not_contain_the_target() -> None:
    assert not claims.get("ce-hessian").claimed()["hessian"].has(G.y)


MUTATIONS = {
    "drop the outer product": ("hessian", G.s[G.j] * sp.KroneckerDelta(G.i, G.j)),
    "drop the diagonal": ("hessian", -G.s[G.i] * G.s[G.j]),
    "depends on y": ("hessian", G.s[G.j] * (sp.KroneckerDelta(G.i, G.j) - G.y[G.i])),
    "no mean": ("quadratic_form", sp.Sum(G.s[G.j] * G.v[G.j] ** 2, (G.j, 1, G.n))),
    "second moment minus mean": ("quadratic_form", variance() + MEAN**2),
    "strictly convex": ("convex", sp.Rational(1, 100)),
    "null direction": ("null_direction", G.s[G.i]),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_wrong_forms_fail(name: str) -> None:
    claim = claims.get("F5")
    part, wrong = MUTATIONS[name]
    forms = claim.claimed()
    forms[part] = wrong
    with pytest.raises(ClaimFailed, match=rf"F5 \[{part}\]"):
        claim.check(forms)


def _ce(z: np.ndarray, y: np.ndarray) -> float:
    top = z.max()
    return top + np.log(np.exp(z - top).sum()) - y @ z


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_finite_differences_agree_with_diag_s_minus_s_s_t(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 5
    z, y = 3 * rng.standard_normal(n), rng.dirichlet(np.ones(n))
    h, eye = 1e-4, np.eye(n)
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
    hessian = np.diag(s) - np.outer(s, s)
    np.testing.assert_allclose(fd, hessian, atol=1e-6)
    v = rng.standard_normal(n)
    np.testing.assert_allclose(v @ hessian @ v, s @ (v - s @ v) ** 2, rtol=1e-10, atol=1e-14)
    assert np.linalg.eigvalsh(hessian).min() > -1e-12
    np.testing.assert_allclose(hessian @ np.ones(n), 0.0, atol=1e-15)
