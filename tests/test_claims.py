"""Every registered claim is proved; the registry API behaves."""

from __future__ import annotations

import pytest
import sympy as sp

from derivations import claims
from derivations.claims import ClaimFailed

ALL = claims.all_claims()
PAGES = {
    "F1": "likelihood", "F2": "likelihood", "F3": "likelihood", "F4": "likelihood",
    "F5": "curvature", "F6": "wrong-model", "F7": "normalization", "F8": "mse",
    "F9": "wrong-model", "F10": "curvature", "F11": "binary", "F12": "binary",
    "F13": "temperature", "F14": "binary", "F15": "normalization", "F16": "mse",
    "F17": "temperature", "F18": "numerics",
}  # fmt: skip


@pytest.mark.parametrize("claim", ALL, ids=[c.id for c in ALL])
def test_claim_check_passes(claim):
    evidence = claim.check()
    assert evidence.claim_id == claim.id
    assert evidence.methods
    assert all(method in evidence.methods for method, _ in evidence.details)


@pytest.mark.parametrize("claim", ALL, ids=[c.id for c in ALL])
def test_claim_metadata(claim):
    assert claim.page == PAGES[claim.id]
    assert claim.label == claim.slug
    assert claims.get(claim.id) is claim
    assert claims.get(claim.slug) is claim
    assert claim.latex.strip()
    items = claim.statement if isinstance(claim.statement, list) else [claim.statement]
    assert all(isinstance(item, sp.Basic) for item in items)


def test_get_unknown_raises():
    with pytest.raises(KeyError, match="no claim"):
        claims.get("F99")
    with pytest.raises(TypeError, match="get"):
        claims.get(4)


def test_check_rejects_missing_forms():
    with pytest.raises(ValueError, match="missing claimed forms"):
        ALL[0].check(claimed={})


def test_claim_failed_is_raised_for_wrong_form():
    claim = claims.get("F4")
    forms = claim.claimed()
    forms["gradient"] = -forms["gradient"]
    with pytest.raises(ClaimFailed, match="F4"):
        claim.check(claimed=forms)
