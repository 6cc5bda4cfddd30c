"""F30 (wrong-start-probabilities): proved for symbolic n; the page's start checked in NumPy."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from derivations import claims
from derivations.claims import ClaimFailed
from derivations.claims.experiment import START_LEAD
from derivations.symbolic.symbols import general_symbols
from derivations.training import DEFAULT_WRONG_SCALE, confidently_wrong_start


def test_proof_passes_for_every_n():
    claim = claims.get("wrong-start-probabilities")
    assert claim.page == "experiment"
    evidence = claim.check()
    for part in claim.parts():
        assert evidence.scope(part)[0].kind == "any-n"


def test_a_wrong_count_of_classes_fails():
    claim = claims.get("F30")
    n, lead = general_symbols().n, START_LEAD
    forms = claim.claimed()
    forms["others"] = 1 / (sp.exp(lead) + n)  # n instead of n - 1 other terms plus the lead
    with pytest.raises(ClaimFailed, match=r"F30 \[others\]"):
        claim.check(forms)


def test_the_claims_lead_is_the_experiments():
    assert int(START_LEAD) == DEFAULT_WRONG_SCALE


def test_the_experiments_start_gives_these_probabilities():
    # Independent of the claim: the start's logits for any input are its biases.
    _, b0 = confidently_wrong_start(64, 10)
    e = np.exp(b0 - b0.max())
    s = e / e.sum()
    lead = DEFAULT_WRONG_SCALE
    assert s[0] == pytest.approx(math.exp(lead) / (math.exp(lead) + 9), rel=1e-14)
    np.testing.assert_allclose(s[1:], 1 / (math.exp(lead) + 9), rtol=1e-14)
