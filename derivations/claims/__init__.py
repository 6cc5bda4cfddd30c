"""The claims registry: every result of the site, its parts, and the proof of each part.

Examples
--------
>>> from derivations import claims
>>> claim = claims.get("ce-gradient")
>>> claim.id, claim.page, list(claim.parts())
('F4', 'likelihood', ['loss', 'gradient'])
>>> [method.kind for method in claim.check().scope("gradient")]
['any-n', 'exact', 'numeric']
"""

# Importing the claim modules registers their claims.
from . import likelihood  # noqa: F401
from .core import (
    ANY_N,
    EXACT,
    MEASURED,
    Claim,
    ClaimFailed,
    Evidence,
    Method,
    Proof,
    Step,
    all_claims,
    check_all,
    exact_for,
    get,
    numeric,
)

__all__ = [
    "ANY_N",
    "EXACT",
    "MEASURED",
    "Claim",
    "ClaimFailed",
    "Evidence",
    "Method",
    "Proof",
    "Step",
    "all_claims",
    "check_all",
    "exact_for",
    "get",
    "numeric",
]
