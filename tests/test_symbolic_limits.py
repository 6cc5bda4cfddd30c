"""The exact limit helpers and the one zero test agree with independent SymPy."""

from __future__ import annotations

import pytest
import sympy as sp

from derivations.symbolic.limits import rational_limit_at_zero, value_by_continuity
from derivations.symbolic.symbols import exp_symbols
from derivations.symbolic.zero import is_zero

U = sp.Symbol("u", positive=True)
T = sp.Symbol("t", positive=True)
A = sp.Symbol("a", positive=True)


@pytest.mark.parametrize(
    "expr",
    [
        (1 + U) / (2 + U**2),
        U**2 / (U + U**3),
        (3 * U + A) / (U + 2 * A),
        -1 / (U**2 + U),
        (1 - U) / (U * A),
        U / (1 - U) ** 2,
    ],
)
def test_rational_limit_matches_sympy_limit(expr):
    # Independent check: sympy.limit of the same function written in t (u = e^{-t}, t -> oo).
    assert rational_limit_at_zero(expr, U) == sp.limit(expr.xreplace({U: sp.exp(-T)}), T, sp.oo)


def test_rational_limit_rejects_non_rational():
    with pytest.raises(ValueError, match="rational_limit_at_zero"):
        rational_limit_at_zero(sp.exp(U), U)


def test_value_by_continuity_refuses_what_it_cannot_certify():
    with pytest.raises(ValueError, match="value_by_continuity"):
        value_by_continuity(sp.log(U), {U: 0})
    with pytest.raises(ValueError, match="value_by_continuity"):
        value_by_continuity(sp.Abs(U - 1), {U: 0})
    assert value_by_continuity(U * sp.log(1 + U) + sp.exp(-U), {U: 0}) == 1


@pytest.mark.parametrize("n", [2, 5, 16])
def test_is_zero_decides_both_ways(n):
    e = exp_symbols(n)
    total = sp.Add(*e)
    s = [t / total for t in e]
    assert is_zero(sp.Add(*s) - 1)
    assert is_zero(s[0] * (1 - s[0]) - (s[0] - s[0] ** 2))
    # Needs sum(e) = S itself (the fast path treats S as free): decided by the fallback.
    assert is_zero(sp.Add(*[t * total for t in e]) - total**2)
    assert not is_zero(s[0] - s[-1])
    assert not is_zero(sp.Add(*s) - 1 + e[0] * 10**-30)
