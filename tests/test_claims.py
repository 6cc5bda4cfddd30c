"""Every registered claim is proved part by part; the registry and the proof record behave."""

from __future__ import annotations

import dataclasses
import re

import pytest
import sympy as sp

from derivations import claims
from derivations.claims import ClaimFailed
from derivations.claims.core import ANY_N, EXACT, Proof, Step, numeric
from derivations.report import ClaimStatus, scope_summary

ALL = claims.all_claims()

#: The categories the claims page defines (an exact method names its sizes).
CATEGORY = re.compile(
    r"symbolically for every \$n\$|exactly for \$n = \d+(, \d+)*\$|exactly \(fixed size\)"
    r"|numerically|measured"
)


@pytest.mark.parametrize("claim", ALL, ids=[c.id for c in ALL])
def test_claim_check_passes_with_a_step_for_every_part(claim):
    evidence = claim.check()
    assert evidence.claim_id == claim.id
    assert evidence.holds
    for part in claim.parts():
        assert evidence.scope(part), f"{claim.id}: no step proves {part}"
    # What the claims page will say of it is one of the categories the page defines.
    summary = scope_summary(ClaimStatus(claim, evidence))
    assert CATEGORY.fullmatch(summary), (claim.id, summary)


@pytest.mark.parametrize("claim", ALL, ids=[c.id for c in ALL])
def test_claim_metadata(claim):
    assert claims.get(claim.id) is claim
    assert claims.get(claim.slug) is claim
    assert claim.label == claim.slug
    assert claim.anchor == f"claim-{claim.slug}"
    assert claim.assumptions
    assert all(isinstance(a, str) for a in claim.assumptions)
    # Titles are words: the parts, typeset, carry the formulas.
    assert not any(ch in claim.title for ch in "$\\^_=")
    parts = claim.parts()
    assert list(parts) == list(claim.claimed())
    assert all(isinstance(rel, sp.Basic) for rel in parts.values())
    assert claim.display().latex.strip()


def test_ids_are_consecutive():
    assert [c.id for c in ALL] == [f"F{k}" for k in range(1, len(ALL) + 1)]


def test_get_unknown_raises():
    with pytest.raises(KeyError, match="no claim"):
        claims.get("F999")
    with pytest.raises(TypeError, match="get"):
        claims.get(4)


def test_check_rejects_forms_that_are_not_the_claims_own():
    claim = claims.get("F4")
    with pytest.raises(ValueError, match="forms must be exactly"):
        claim.check({})
    with pytest.raises(ValueError, match="forms must be exactly"):
        claim.check({**claim.claimed(), "extra": sp.S.One})


def test_a_relation_must_display_its_claimed_form():
    claim = claims.get("F4")

    def detached(forms):
        # Shows a fixed expression instead of the claimed form: not the checked object.
        return {name: sp.Eq(sp.Symbol("a"), sp.Symbol("b")) for name in forms}

    with pytest.raises(ValueError, match="does not display its claimed form"):
        dataclasses.replace(claim, relations=detached).parts()


def test_a_part_without_a_step_fails():
    claim = claims.get("F4")

    def half(forms, proof):
        proof.check("loss", EXACT, True, "only the loss")

    with pytest.raises(ClaimFailed, match="no proof step"):
        dataclasses.replace(claim, prove=half).check()


def test_an_error_in_a_proof_is_a_failure():
    claim = claims.get("F4")

    def broken(forms, proof):
        raise ZeroDivisionError("boom")

    with pytest.raises(ClaimFailed, match="ZeroDivisionError"):
        dataclasses.replace(claim, prove=broken).check()


def test_proof_steps_name_a_part_and_fail_loudly():
    proof = Proof("F0", ["a"])
    proof.check("a", ANY_N, True, "holds {}", sp.Symbol("x"))
    with pytest.raises(ValueError, match="no part"):
        proof.check("b", ANY_N, True, "unknown part")
    with pytest.raises(ClaimFailed, match=r"F0 \[a\]: any-n: fails 1 does not hold"):
        proof.check("a", ANY_N, False, "fails {}", sp.S.One)
    for not_true in (1, "yes", None, sp.Symbol("x") > 0):
        with pytest.raises(ClaimFailed):
            Proof("F0", ["a"]).check("a", EXACT, not_true, "only True passes")


def test_cases_record_one_step_and_name_the_failing_case():
    proof = Proof("F0", ["a"])
    proof.cases("a", EXACT, (("n = 2", True), ("n = 3", True)), "both")
    assert len(proof.steps) == 1
    with pytest.raises(ClaimFailed, match="fails for n = 3"):
        proof.cases("a", EXACT, (("n = 2", True), ("n = 3", False)), "second fails")
    with pytest.raises(ValueError, match="no cases"):
        proof.cases("a", EXACT, (), "empty")


def test_collect_mode_records_failures_without_raising():
    proof = Proof("F0", ["a"], collect=True)
    proof.check("a", EXACT, False, "wrong")
    proof.check("a", EXACT, True, "right")
    evidence = proof.evidence(0.0)
    assert [s.holds for s in evidence.steps] == [False, True]
    assert not evidence.holds


def test_step_text_typesets_its_math_and_counts_places():
    step = Step("a", numeric(9), "equals {} at $u^\\top J \\mathbf{1}$", (sp.Symbol("x") ** 2,))
    assert step.markdown() == "equals $x^{2}$ at $u^\\top J \\mathbf{1}$"
    with pytest.raises(ValueError, match="places"):
        Step("a", EXACT, "{} and {}", (sp.S.One,)).markdown()


def test_scope_lists_methods_per_part_in_order():
    evidence = claims.get("F4").check()
    assert [m.kind for m in evidence.scope("gradient")] == ["any-n", "exact", "numeric"]
    assert [m.kind for m in evidence.scope("loss")] == ["any-n", "numeric"]


def test_register_rejects_a_taken_id_or_slug(monkeypatch):
    from derivations.claims import core

    monkeypatch.setattr(core, "_REGISTRY", dict(core._REGISTRY))
    f4 = claims.get("F4")
    with pytest.raises(ValueError, match="duplicate claim F999 / ce-gradient"):
        core.register(dataclasses.replace(f4, id="F999"))
    with pytest.raises(ValueError, match="duplicate claim F4"):
        core.register(dataclasses.replace(f4, slug="another-slug"))
