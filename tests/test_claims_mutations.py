"""Mutation tests: change any displayed part of any claim, and its proof must fail.

Each part of a claim's statement is displayed from its claimed form, and the proof compares that
form with independent derivations. So a changed form (a changed display) must fail:

* in the ordinary check, with the failure reported against that part;
* in collect mode, at *every* step of that part: a step that still holds with its part's form
  changed does not check that form (a step that cannot fail).

The mutations are chosen so the changed statement is false: for an equation the form plus one,
twice it, and minus it; for a bound, the bound moved inward (an upper bound lowered, a lower
bound raised).

Both tests carry the ``mutation`` mark: they run with ``--mutation`` (``make mutation``, and CI),
not in ``make test`` or the quick loop.
"""

from __future__ import annotations

import pytest
import sympy as sp

from derivations import claims
from derivations.claims import ClaimFailed


def _shifted(form: sp.Basic, amount: sp.Expr) -> sp.Basic:
    if isinstance(form, sp.MatrixBase):
        changed = sp.Matrix(form)
        changed[0] = changed[0] + amount
        return sp.ImmutableMatrix(changed)
    return form + amount


def mutations(relation: sp.Basic, form: sp.Basic) -> list[sp.Basic]:
    """Forms that make ``relation`` false, for the claimed ``form`` it displays."""
    form = sp.sympify(form) if not isinstance(form, sp.MatrixBase) else form
    upper = isinstance(relation, (sp.Le, sp.Lt)) and relation.rhs == form
    upper = upper or (isinstance(relation, (sp.Ge, sp.Gt)) and relation.lhs == form)
    lower = isinstance(relation, (sp.Le, sp.Lt)) and relation.lhs == form
    lower = lower or (isinstance(relation, (sp.Ge, sp.Gt)) and relation.rhs == form)
    if upper:
        return [_shifted(form, -sp.Rational(1, 10))]
    if lower:
        return [_shifted(form, sp.Rational(1, 10))]
    out = [_shifted(form, sp.S.One)]
    for candidate in (2 * form, -form):
        if candidate != form and not (isinstance(candidate, sp.Basic) and candidate.is_zero):
            out.append(candidate)
    return out


CASES = [
    (claim, part, number, wrong)
    for claim in claims.all_claims()
    for part, relation in claim.parts().items()
    for number, wrong in enumerate(mutations(relation, claim.claimed()[part]))
]
IDS = [f"{c.id}-{part}-{number}" for c, part, number, _ in CASES]


@pytest.mark.mutation
@pytest.mark.parametrize(("claim", "part", "number", "wrong"), CASES, ids=IDS)
def test_a_changed_part_fails_its_proof(claim, part, number, wrong):
    forms = claim.claimed()
    forms[part] = wrong
    shown = claim.parts(forms)[part]
    assert shown != claim.parts()[part], "the change must change what the page shows"
    with pytest.raises(ClaimFailed, match=rf"{claim.id} \[{part}\]"):
        claim.check(forms)


@pytest.mark.mutation
@pytest.mark.parametrize(("claim", "part", "number", "wrong"), CASES, ids=IDS)
def test_every_step_of_a_changed_part_fails(claim, part, number, wrong):
    forms = claim.claimed()
    forms[part] = wrong
    evidence = claim.check(forms, collect=True)
    mine = [s for s in evidence.steps if s.part == part]
    assert mine, f"{claim.id} [{part}]: the proof stopped before any step of this part"
    passed = [s.plain() for s in mine if s.holds]
    assert not passed, f"{claim.id} [{part}]: steps hold with the form changed: {passed}"


def test_every_part_of_every_claim_is_mutated():
    covered = {(c.id, part) for c, part, _, _ in CASES}
    every = {(c.id, part) for c in claims.all_claims() for part in c.parts()}
    assert covered == every
