"""The claims registry: every result of the site, its parts, and the proof of each part.

Every module of this package other than the framework (:mod:`.core`, shared steps, references)
states claims; importing it registers them, so this package imports them all.

Examples
--------
>>> from derivations import claims
>>> claim = claims.get("ce-gradient")
>>> claim.id, claim.page, list(claim.parts())
('F4', 'likelihood', ['loss', 'gradient'])
>>> [method.kind for method in claim.check().scope("gradient")]
['any-n', 'exact', 'numeric']
"""

import importlib
import pkgutil

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

#: Modules of this package that hold no claims.
FRAMEWORK = frozenset({"core", "mpmath_reference"})

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name not in FRAMEWORK and not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")

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
