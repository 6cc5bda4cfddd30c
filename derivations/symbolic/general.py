"""General-``n`` derivations: SymPy differentiates the definitions, the rules reduce them.

Each function returns a :class:`Derivation`: the unevaluated derivative (for display), the raw
result of ``sp.diff`` and the reduced closed form in softmax notation ``s_i``. Pages display
``derivation.equation``; claims compare ``derivation.reduced`` with the claimed closed form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from . import general_definitions as gd
from .display import Display
from .rewrite import apply_sum_to_one, canonical_sums, resolve_ranges, to_softmax_notation
from .symbols import general_symbols

__all__ = [
    "CE",
    "LSE",
    "MSE",
    "Derivation",
    "ce_gradient",
    "ce_hessian",
    "log_softmax_gradient",
    "lse_gradient",
    "mse_gradient",
    "normalization_nll_gradient",
    "softmax_jacobian",
]

#: Display names for the losses on the left-hand side of derived equations.
CE = sp.Symbol(r"\mathrm{CE}")
LSE = sp.Symbol(r"\mathrm{LSE}")
MSE = sp.Symbol("L")


@dataclass(frozen=True)
class Derivation:
    """One derivation: what was differentiated, what SymPy returned, the closed form.

    Attributes
    ----------
    lhs : sympy.Derivative
        Unevaluated derivative for display, e.g. ``Derivative(CE, z[k])``.
    raw : sympy.Expr
        ``sp.diff`` of the definition, before any reduction.
    reduced : sympy.Expr
        The reduced closed form.
    """

    lhs: sp.Expr
    raw: sp.Expr
    reduced: sp.Expr

    @property
    def equation(self) -> sp.Eq:
        """``Eq(lhs, reduced)``: the derived result, ready for ``glue``."""
        return sp.Eq(self.lhs, self.reduced, evaluate=False)

    @property
    def raw_equation(self) -> sp.Eq:
        """``Eq(lhs, raw)``: the derivative exactly as SymPy produced it."""
        return sp.Eq(self.lhs, self.raw, evaluate=False)

    @property
    def display(self) -> Display:
        """:attr:`equation` for ``glue``, printed with partial derivatives."""
        return Display(self.equation)

    @property
    def raw_display(self) -> Display:
        """:attr:`raw_equation` for ``glue``, printed with partial derivatives."""
        return Display(self.raw_equation)


def _reduce(raw: sp.Expr, sums_to_one: tuple[sp.IndexedBase, ...] = ()) -> sp.Expr:
    out = canonical_sums(to_softmax_notation(resolve_ranges(raw.doit())))
    for base in sums_to_one:
        out = canonical_sums(apply_sum_to_one(out, base))
    return out


@lru_cache(maxsize=1)
def lse_gradient() -> Derivation:
    r"""Derive :math:`\partial\,\mathrm{LSE}/\partial z_k` for general ``n`` (F2).

    Returns
    -------
    Derivation
        Reduces to ``s[k]``.

    Examples
    --------
    >>> lse_gradient().reduced
    s[k]
    """
    g = general_symbols()
    raw = sp.diff(gd.g_logsumexp(), g.z[g.k])
    return Derivation(sp.Derivative(LSE, g.z[g.k]), raw, _reduce(raw))


@lru_cache(maxsize=1)
def log_softmax_gradient() -> Derivation:
    r"""Derive :math:`\partial \log s_i / \partial z_k` for general ``n``.

    Returns
    -------
    Derivation
        Reduces to ``KroneckerDelta(i, k) - s[k]``.

    Examples
    --------
    >>> log_softmax_gradient().reduced
    KroneckerDelta(i, k) - s[k]
    """
    g = general_symbols()
    raw = sp.diff(gd.g_log_softmax(g.i), g.z[g.k])
    lhs = sp.Derivative(sp.log(g.s[g.i]), g.z[g.k])
    return Derivation(lhs, raw, _reduce(raw))


@lru_cache(maxsize=1)
def softmax_jacobian() -> Derivation:
    r"""Derive :math:`\partial s_i / \partial z_j` for general ``n`` (F1).

    Returns
    -------
    Derivation
        Reduces to ``s_i (delta_ij - s_j)`` in expanded form.

    Examples
    --------
    >>> softmax_jacobian().reduced
    KroneckerDelta(i, j)*s[i] - s[i]*s[j]
    """
    g = general_symbols()
    raw = sp.diff(gd.g_softmax(g.i), g.z[g.j])
    return Derivation(sp.Derivative(g.s[g.i], g.z[g.j]), raw, _reduce(raw))


@lru_cache(maxsize=1)
def ce_gradient() -> Derivation:
    r"""Derive :math:`\partial\,\mathrm{CE}/\partial z_k` for general ``n`` (F4).

    Uses :math:`\sum_i y_i = 1`.

    Returns
    -------
    Derivation
        Reduces to ``s[k] - y[k]``.

    Examples
    --------
    >>> ce_gradient().reduced
    s[k] - y[k]
    """
    g = general_symbols()
    raw = sp.diff(gd.g_cross_entropy(), g.z[g.k])
    return Derivation(sp.Derivative(CE, g.z[g.k]), raw, _reduce(raw, (g.y,)))


@lru_cache(maxsize=1)
def ce_hessian() -> Derivation:
    r"""Derive :math:`\partial^2 \mathrm{CE}/\partial z_j \partial z_k` for general ``n`` (F5).

    Returns
    -------
    Derivation
        Reduces to ``s_j (delta_jk - s_k)``, free of ``y``.

    Examples
    --------
    >>> ce_hessian().reduced
    KroneckerDelta(j, k)*s[j] - s[j]*s[k]
    """
    g = general_symbols()
    raw = sp.diff(gd.g_cross_entropy(), g.z[g.k], g.z[g.j])
    lhs = sp.Derivative(CE, g.z[g.k], g.z[g.j])
    return Derivation(lhs, raw, _reduce(raw, (g.y,)))


@lru_cache(maxsize=1)
def mse_gradient() -> Derivation:
    r"""Derive :math:`\partial L/\partial z_k` for :math:`L = \tfrac12\lVert s-y\rVert^2` (F8).

    Returns
    -------
    Derivation
        Reduces to ``s_k[(s_k - y_k) - sum_i s_i (s_i - y_i)]`` in expanded form.

    Examples
    --------
    >>> mse_gradient().reduced
    s[k]**2 - s[k]*y[k] + s[k]*Sum(s[i]*y[i], (i, 1, n)) - s[k]*Sum(s[i]**2, (i, 1, n))
    """
    g = general_symbols()
    raw = sp.diff(gd.g_mse_on_softmax(), g.z[g.k])
    return Derivation(sp.Derivative(MSE, g.z[g.k]), raw, _reduce(raw))


@lru_cache(maxsize=1)
def normalization_nll_gradient() -> Derivation:
    r"""Derive :math:`\partial(-\log p_k)/\partial x_j` for :math:`p = x/\sum x` (F15).

    Returns
    -------
    Derivation
        Reduces to ``-delta_jk / x_k + 1 / sum_m x_m``.

    Examples
    --------
    >>> normalization_nll_gradient().reduced
    -KroneckerDelta(j, k)/x[k] + 1/Sum(x[m], (m, 1, n))
    """
    g = general_symbols()
    raw = sp.diff(gd.g_normalization_nll(g.k), g.x[g.j])
    reduced = sp.expand(resolve_ranges(raw.doit()))
    lhs = sp.Derivative(-sp.log(sp.Symbol("p_k", positive=True)), g.x[g.j])
    return Derivation(lhs, raw, reduced)
