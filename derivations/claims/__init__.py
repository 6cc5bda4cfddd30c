"""The claims registry: every fact of the site, its derived statement, and its proof.

Examples
--------
>>> from derivations import claims
>>> claim = claims.get("ce-gradient")
>>> claim.id, claim.page, claim.label
('F4', 'likelihood', 'ce-gradient')
>>> claim.check().methods
('general-n symbolic', 'concrete-n (n=2..16)', 'numeric')
"""

from . import likelihood, normalization  # noqa: F401  (importing registers the claims)
from . import binary, curvature, temperature  # noqa: F401  (importing registers the claims)
from . import numerics_claims, wrong_model  # noqa: F401  (importing registers the claims)
from . import hessian, mse  # noqa: F401  (importing registers the claims)
from .core import Claim, ClaimFailed, Evidence, Proof, all_claims, check_all, get

__all__ = ["Claim", "ClaimFailed", "Evidence", "Proof", "all_claims", "check_all", "get"]
