"""F13, F26, F27 (page temperature): the tempered softmax and the soft maximum.

Independent of SymPy: NumPy with the package's kernels.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import derivations as dv
from derivations import claims
from derivations.claims import ClaimFailed
from derivations.symbolic.expressions import Softmax, Z
from derivations.symbolic.symbols import general_symbols
from derivations.symbolic.temperature import GAP, MAX, SPREAD, TEMPERATURE

G = general_symbols()
T, N = TEMPERATURE, G.n


@pytest.mark.parametrize("slug", ["temperature-limits", "soft-maximum", "soft-maximum-grows"])
def test_every_part_is_proved_for_every_n(slug: str) -> None:
    claim = claims.get(slug)
    assert claim.page == "temperature"
    evidence = claim.check()
    for part in claim.parts():
        assert evidence.scope(part)[0].kind == "any-n", (slug, part)


MUTATIONS = [
    ("F13", "cold", sp.KroneckerDelta(G.i, 2)),  # the wrong class
    ("F13", "cold", 1 / N),  # the hot limit for the cold one
    ("F13", "cold_top", 1 / (1 + sp.exp(-GAP / T))),  # one term instead of n - 1
    ("F13", "cold_other", sp.exp(-2 * GAP / T)),
    ("F13", "hot", sp.S.Zero),
    ("F13", "hot_upper", sp.exp(-SPREAD / T) / N),
    ("F13", "hot_lower", sp.exp(-2 * SPREAD / T) / N + sp.Rational(1, 10)),
    ("F13", "gradient", Softmax(Z / T, G.j) - G.y[G.j]),  # the 1/T dropped
    ("F13", "gradient", (G.y[G.j] - Softmax(Z / T, G.j)) / T),
    ("F27", "upper", MAX + sp.log(N)),  # the T dropped
    ("F27", "lower", MAX + T),
    ("F27", "limit", MAX + sp.log(N)),
    ("F26", "rate", sp.Sum(Softmax(Z / T, G.i) * sp.log(Softmax(Z / T, G.i)), (G.i, 1, N))),
    ("F26", "grows", sp.Rational(1, 100)),
]


@pytest.mark.parametrize(("claim_id", "part", "wrong"), MUTATIONS)
def test_wrong_forms_fail(claim_id: str, part: str, wrong: sp.Expr) -> None:
    claim = claims.get(claim_id)
    forms = claim.claimed()
    forms[part] = wrong
    with pytest.raises(ClaimFailed, match=rf"{claim_id} \[{part}\]"):
        claim.check(forms)


def test_limits_and_bounds_in_numpy() -> None:
    rng = np.random.default_rng(13)
    z = rng.normal(0, 3, (20, 5))
    np.testing.assert_allclose(dv.softmax(z / 1e-4), np.eye(5)[z.argmax(axis=1)], atol=1e-12)
    np.testing.assert_allclose(dv.softmax(z / 1e7), np.full((20, 5), 0.2), atol=1e-5)
    ordered = -np.sort(-z, axis=1)
    gap, spread = ordered[:, 0] - ordered[:, 1], ordered[:, 0] - ordered[:, -1]
    for temp in (0.1, 1.0, 10.0):
        s = dv.softmax(z / temp)
        top = s[np.arange(20), z.argmax(axis=1)]
        others = np.where(np.eye(5)[z.argmax(axis=1)] == 1, 0.0, s)
        assert np.all(top >= 1 / (1 + 4 * np.exp(-gap / temp)) - 1e-15)
        assert np.all(others <= np.exp(-gap / temp)[:, None] + 1e-15)
        assert np.all(s >= (np.exp(-spread / temp) / 5)[:, None] - 1e-15)
        assert np.all(s <= (np.exp(spread / temp) / 5)[:, None] + 1e-15)


def test_soft_maximum_bounds_and_growth_in_numpy() -> None:
    rng = np.random.default_rng(29)
    z = rng.normal(0, 3, (10, 6))
    temps = np.geomspace(0.01, 30, 200)
    soft = np.array([temp * dv.logsumexp(z / temp) for temp in temps])  # (temps, samples)
    top = z.max(axis=1)
    assert np.all(soft >= top - 1e-12)
    assert np.all(soft <= top + temps[:, None] * np.log(6) + 1e-12)
    assert np.all(np.diff(soft, axis=0) > -1e-12)  # grows with T (flat, in floats, when cold)
    # Its derivative is the entropy of softmax(z/T), by central differences.
    temp, h = 0.7, 1e-6
    rate = (
        (temp + h) * dv.logsumexp(z / (temp + h)) - (temp - h) * dv.logsumexp(z / (temp - h))
    ) / (2 * h)
    s = dv.softmax(z / temp)
    np.testing.assert_allclose(rate, -(s * np.log(s)).sum(axis=1), atol=1e-7)


def test_temperature_gradient_by_finite_differences() -> None:
    rng = np.random.default_rng(14)
    z, y = rng.normal(0, 3, 6), rng.dirichlet(np.ones(6))
    h = 1e-6
    for temp in (0.3, 1.0, 7.0):
        steps = h * np.eye(6)
        targets = np.tile(y, (6, 1))
        fd = (
            dv.cross_entropy((z + steps) / temp, targets)
            - dv.cross_entropy((z - steps) / temp, targets)
        ) / (2 * h)
        np.testing.assert_allclose(fd, (dv.softmax(z / temp) - y) / temp, atol=1e-6)
