"""Mutation tests: every claimed closed form, perturbed, must make its claim's proof fail.

A proof that passes a wrong form proves nothing; these tests show that each check can fail.
"""

from __future__ import annotations

import pytest
import sympy as sp

from derivations import claims
from derivations.claims import ClaimFailed
from derivations.claims.normalization import SCALE, SHIFT
from derivations.symbolic import general_definitions as gd
from derivations.symbolic.symbols import general_symbols

G = general_symbols()
s, y, z, x = G.s, G.y, G.z, G.x
i, j, k, m, n = G.i, G.j, G.k, G.m, G.n
delta = sp.KroneckerDelta
LSE = gd.g_logsumexp()
YZ = sp.Sum(y[i] * z[i], (i, 1, n))
SUM_X = sp.Sum(x[m], (m, 1, n))

# For each claim and form: (flipped sign, dropped term, wrong factor), plus extras.
MUTATIONS = {
    "F1": {
        "jacobian": [
            -s[i] * (delta(i, j) - s[j]),  # flipped sign
            s[i] * delta(i, j),  # dropped term
            s[i] * (delta(i, j) + s[j]),  # flipped inner sign
            2 * s[i] * (delta(i, j) - s[j]),  # wrong factor
            s[j] * (delta(i, j) - s[i]) + s[i] - s[j],  # asymmetric
        ],
        "row_sum": [sp.S.One, s[i], -s[i]],
    },
    "F2": {"gradient": [-s[k], sp.S.One, 2 * s[k], s[k] * (1 - s[k])]},
    "F3": {
        "log_softmax": [
            -(z[i] - LSE),  # flipped sign
            z[i],  # dropped term
            z[i] + LSE,  # flipped sign of a term
            2 * (z[i] - LSE),  # wrong factor
            z[i] - 2 * LSE,
        ]
    },
    "F4": {
        "loss": [-(LSE - YZ), LSE, LSE + YZ, 2 * LSE - YZ, LSE - 2 * YZ],
        "gradient": [y[k] - s[k], s[k], s[k] + y[k], 2 * (s[k] - y[k]), s[k] * (s[k] - y[k])],
    },
    "F7": {
        "softmax_shift": [sp.S.One, SHIFT, -SHIFT],
        "lse_shift": [-SHIFT, sp.S.Zero, 2 * SHIFT, SHIFT + 1],
    },
    "F15": {
        "gradient": [
            delta(j, k) / x[k] - 1 / SUM_X,  # flipped sign
            -delta(j, k) / x[k],  # dropped term
            1 / SUM_X,  # dropped the other term
            -2 * delta(j, k) / x[k] + 1 / SUM_X,  # wrong factor
            -delta(j, k) / x[k] + 2 / SUM_X,
        ],
        "scale": [sp.S.One, SCALE - 1, -SCALE],
        "exp_is_softmax": [sp.S.One, s[k], -s[k]],
    },
}
CASES = [
    (cid, name, wrong)
    for cid, forms in MUTATIONS.items()
    for name, wrongs in forms.items()
    for wrong in wrongs
]


@pytest.mark.parametrize(
    ("claim_id", "name", "wrong"), CASES, ids=[f"{c}-{f}-{w}" for c, f, w in CASES]
)
def test_existing_claim_mutation_fails(claim_id, name, wrong):
    claim = claims.get(claim_id)
    forms = claim.claimed()
    assert name in forms, f"{claim_id} has no claimed form {name!r}"
    assert sp.expand(wrong - forms[name]) != 0, "the mutation must differ from the claim"
    forms[name] = wrong
    with pytest.raises(ClaimFailed, match=claim_id):
        claim.check(claimed=forms)


def test_every_form_of_the_listed_claims_is_mutated():
    for claim_id, forms in MUTATIONS.items():
        assert set(forms) == set(claims.get(claim_id).claimed()), claim_id


def _negated(expr: sp.Expr) -> sp.Expr:
    """``-expr``, or ``expr + 1`` where negation is a no-op (0), or 0 where both are (nan)."""
    shifts = (
        lambda e: -e,
        lambda e: e.applyfunc(lambda t: t + 1) if isinstance(e, sp.MatrixBase) else e + 1,
        lambda e: sp.S.Zero,
    )
    for shift in shifts:
        candidate = shift(expr)
        if candidate != expr and candidate is not sp.nan:
            return candidate
    raise AssertionError(f"no perturbation of {expr}")


REGISTRY_CASES = [(c, name) for c in claims.all_claims() for name in c.claimed()]


@pytest.mark.parametrize(
    ("claim", "name"), REGISTRY_CASES, ids=[f"{c.id}-{name}" for c, name in REGISTRY_CASES]
)
def test_negated_form_fails_for_every_registered_claim(claim, name):
    forms = claim.claimed()
    forms[name] = _negated(forms[name])
    with pytest.raises(ClaimFailed, match=claim.id):
        claim.check(claimed=forms)
