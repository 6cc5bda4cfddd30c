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


def _copy(claim, **changes):
    import dataclasses

    return dataclasses.replace(claim, **changes)


def _prove_from(module_name):
    """A proof function like F1's, but defined by a module of another (dotted) name."""
    original = claims.get("F1").prove

    def prove(forms, proof):
        return original(forms, proof)

    prove.__module__ = module_name
    prove.__qualname__ = original.__qualname__
    return prove


@pytest.fixture
def registry(monkeypatch):
    from derivations.claims import core

    monkeypatch.setattr(core, "_REGISTRY", dict(core._REGISTRY))
    return core


def test_register_rejects_a_different_claim_with_a_taken_slug(registry):
    f4 = claims.get("F4")
    with pytest.raises(ValueError, match="duplicate claim F99 / ce-gradient"):
        registry.register(_copy(f4, id="F99"))


def test_register_rejects_a_different_claim_with_a_taken_id(registry):
    f1 = claims.get("F1")
    with pytest.raises(ValueError, match="duplicate claim F1"):
        registry.register(_copy(f1, slug="another-slug"))
    with pytest.raises(ValueError, match="duplicate claim F1"):
        registry.register(_copy(f1, prove=_prove_from("somewhere.else")))


def test_register_replaces_the_same_claim_from_a_reimported_module(registry):
    again = _copy(claims.get("F1"), prove=_prove_from("likelihood"))
    assert registry.register(again) is again
    assert registry.get("F1") is again
    assert len(registry.all_claims()) == len(ALL)


def test_pytest_on_a_single_claim_module_collects():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--co",
         "derivations/claims/likelihood.py", "derivations/claims/mse.py"],
        cwd=root, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode in (0, 5), result.stdout[-2000:] + result.stderr[-2000:]
    assert "duplicate claim" not in result.stdout + result.stderr
