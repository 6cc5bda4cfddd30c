"""The claims registry: every fact of the site, its derived statement, and its proof.

Examples
--------
>>> from derivations import claims
>>> claim = claims.get("ce-gradient")
>>> claim.id, claim.page, claim.label
('F4', 'likelihood', 'ce-gradient')
>>> claim.check().methods
('general-n symbolic', 'concrete-n (n=2,3,4,8,16)', 'numeric')
"""

# Importing the claim modules registers their claims.
from . import (  # noqa: F401
    binary,
    curvature,
    hessian,
    likelihood,
    mse,
    normalization,
    numerics_claims,
    temperature,
    wrong_model,
)
from .core import Claim, ClaimFailed, Evidence, Proof, all_claims, check_all, get

__all__ = ["Claim", "ClaimFailed", "Evidence", "Proof", "all_claims", "check_all", "get"]
