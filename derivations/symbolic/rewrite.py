r"""Rewriting rules that turn SymPy's raw derivatives into closed forms.

General ``n``: resolve the range conditions that ``Sum(... KroneckerDelta ...).doit()`` leaves
(indices are in :math:`1, \dots, n` by assumption), write :math:`e^{z_i}/\sum_m e^{z_m}` as
:math:`s_i`, expand sums into a canonical sum of monomials, and use :math:`\sum_i y_i = 1` where
a claim assumes it.

Concrete ``n``: replace each :math:`e^{z_j}` by a positive symbol (named ``e_j`` in SymPy) so
every softmax expression is a rational function of these symbols (:func:`.zero.is_zero` decides
identities).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import sympy as sp

from .general_definitions import g_exp_sum
from .symbols import general_symbols

__all__ = [
    "apply_sum_to_one",
    "canonical_sums",
    "collapse_deltas",
    "concretize",
    "resolve_ranges",
    "to_exp_vars",
    "to_softmax_notation",
]

_LSE = sp.Symbol("LSE_placeholder", real=True)


def resolve_ranges(expr: sp.Expr) -> sp.Expr:
    """Resolve ``Piecewise`` range conditions, using that every index lies in ``1..n``.

    Parameters
    ----------
    expr : sympy.Expr
        Typically the ``doit()`` of a derivative with ``KroneckerDelta`` inside a ``Sum``.

    Returns
    -------
    sympy.Expr
        The expression with each ``Piecewise`` replaced by its in-range branch.

    Examples
    --------
    >>> import sympy as sp
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g = general_symbols()
    >>> raw = sp.Sum(g.y[g.m] * sp.KroneckerDelta(g.m, g.k), (g.m, 1, g.n)).doit()
    >>> raw
    Piecewise((y[k], k <= n), (0, True))
    >>> resolve_ranges(raw)
    y[k]
    """
    g = general_symbols()

    def in_range(cond: sp.Basic) -> bool:
        # Conditions SymPy leaves are conjunctions of 1 <= idx and idx <= n.
        parts = cond.args if isinstance(cond, sp.And) else (cond,)
        ok = []
        for part in parts:
            if isinstance(part, (sp.Le, sp.Ge)):
                lo, hi = (part.lhs, part.rhs) if isinstance(part, sp.Le) else (part.rhs, part.lhs)
                ok.append((lo.is_integer and lo.is_positive and hi == g.n) or lo == 1)
            else:
                ok.append(part is sp.true)
        return all(ok)

    def pick(pw: sp.Piecewise) -> sp.Expr:
        for branch, cond in pw.args:
            if cond is sp.true or in_range(cond):
                return branch
        raise ValueError(f"resolve_ranges: cannot resolve {pw}")

    return expr.replace(lambda e: isinstance(e, sp.Piecewise), pick)


def canonical_sums(expr: sp.Expr) -> sp.Expr:
    """Expand, split every ``Sum`` into one sum per monomial, and pull out constant factors.

    Two expressions built from the same sums of monomials then compare equal after
    ``expand``; this is what decides general-``n`` identities.

    Parameters
    ----------
    expr : sympy.Expr
        An expression containing ``Sum`` objects.

    Returns
    -------
    sympy.Expr
        An expanded expression whose sums each hold a single monomial without constant factors.

    Examples
    --------
    >>> import sympy as sp
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g = general_symbols()
    >>> canonical_sums(sp.Sum(g.s[g.k] * (g.s[g.i] + 2 * g.y[g.i]), (g.i, 1, g.n)))
    s[k]*Sum(s[i], (i, 1, n)) + 2*s[k]*Sum(y[i], (i, 1, n))
    """

    def split(total: sp.Sum) -> sp.Expr:
        body = sp.expand(total.function)
        return sp.Add(*[sp.factor_terms(sp.Sum(t, *total.limits)) for t in sp.Add.make_args(body)])

    out = sp.expand(expr)
    for _ in range(3):  # nested sums need a pass per level
        new = sp.expand(out.replace(lambda e: isinstance(e, sp.Sum), split))
        if new == out:
            break
        out = new
    return out


def to_softmax_notation(expr: sp.Expr) -> sp.Expr:
    r"""Write every :math:`e^{z_i}/\sum_m e^{z_m}` as :math:`s_i`.

    Parameters
    ----------
    expr : sympy.Expr
        A general-``n`` expression in ``z``.

    Returns
    -------
    sympy.Expr
        The expression in softmax notation, expanded. Logits that do not appear through
        softmax (e.g. a bare ``z_k``) are left alone.

    Examples
    --------
    >>> from derivations.symbolic.general_definitions import g_softmax
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g = general_symbols()
    >>> to_softmax_notation(g_softmax(g.k) * (1 - g_softmax(g.k)))
    -s[k]**2 + s[k]
    """
    g = general_symbols()
    out = expr.xreplace({g_exp_sum(): sp.exp(_LSE)})

    def logit_power(e: sp.Basic) -> bool:
        # exp(c * z[i]) with a numeric c, e.g. exp(z[i]) or exp(-z[i]) from d log s_i.
        if not isinstance(e, sp.exp):
            return False
        c, rest = e.args[0].as_coeff_Mul()
        return c.is_Rational and isinstance(rest, sp.Indexed) and rest.base == g.z

    def as_softmax(e: sp.exp) -> sp.Expr:
        c, rest = e.args[0].as_coeff_Mul()
        return (g.s[rest.indices[0]] * sp.exp(_LSE)) ** c

    out = out.replace(logit_power, as_softmax)
    out = sp.expand(sp.powsimp(sp.expand(out)))
    if out.has(_LSE):
        out = out.xreplace({_LSE: sp.log(g_exp_sum())})
    return out


def apply_sum_to_one(expr: sp.Expr, base: sp.IndexedBase) -> sp.Expr:
    r"""Replace :math:`\sum_{i=1}^n b_i` by 1 (for a distribution ``b``, e.g. ``y`` or ``s``).

    Parameters
    ----------
    expr : sympy.Expr
        Expression, ideally passed through :func:`canonical_sums` first.
    base : sympy.IndexedBase
        The distribution whose entries sum to one.

    Returns
    -------
    sympy.Expr
        The expression with every full sum of ``base`` replaced by 1.

    Examples
    --------
    >>> import sympy as sp
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g = general_symbols()
    >>> apply_sum_to_one(g.s[g.k] * sp.Sum(g.y[g.i], (g.i, 1, g.n)), g.y)
    s[k]
    """
    g = general_symbols()

    def is_full_sum(e: sp.Basic) -> bool:
        if not isinstance(e, sp.Sum) or len(e.limits) != 1:
            return False
        idx, lo, hi = e.limits[0]
        f = e.function
        return lo == 1 and hi == g.n and isinstance(f, sp.Indexed) and f == base[idx]

    return sp.expand(expr.replace(is_full_sum, lambda e: sp.S.One))


def collapse_deltas(expr: sp.Expr) -> sp.Expr:
    """In each term with a factor ``KroneckerDelta(a, b)``, rename ``b`` to ``a`` elsewhere.

    The delta is zero unless ``a = b``, so the rename is exact; it gives ``s_i delta_ij`` and
    ``s_j delta_ij`` one canonical form.

    Parameters
    ----------
    expr : sympy.Expr
        An expanded expression.

    Returns
    -------
    sympy.Expr
        The expression with deltas collapsed.

    Examples
    --------
    >>> import sympy as sp
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g = general_symbols()
    >>> delta = sp.KroneckerDelta(g.i, g.j)
    >>> collapse_deltas(g.s[g.j] * delta - g.s[g.i] * delta)
    0
    """

    def one(term: sp.Expr) -> sp.Expr:
        deltas = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.KroneckerDelta)]
        for delta in deltas:
            a, b = sorted(delta.args, key=sp.default_sort_key)
            if not (a.is_Symbol and b.is_Symbol):
                continue
            rest = sp.Mul(*[f for f in sp.Mul.make_args(term) if f is not delta])
            term = sp.KroneckerDelta(a, b) * rest.xreplace({b: a})
        return term

    return sp.Add(*[one(t) for t in sp.Add.make_args(sp.expand(expr))])


def to_exp_vars(
    expr: sp.Expr, z: Sequence[sp.Symbol], e: Sequence[sp.Symbol], logs: bool = False
) -> sp.Expr:
    """Substitute ``z_j = log e_j`` (``e_j > 0``) so softmax expressions become rational.

    Parameters
    ----------
    expr : sympy.Expr
        Expression in the logits ``z``.
    z : sequence of sympy.Symbol
        Logit symbols.
    e : sequence of sympy.Symbol
        Positive symbols standing for ``exp(z_j)``.
    logs : bool, optional
        Also split logarithms with ``expand_log`` (needed only where ``log`` remains, and
        slower).

    Returns
    -------
    sympy.Expr
        The expression in the symbols ``e``: :math:`e^{2 z_1}` becomes the square of ``e_1``.

    Examples
    --------
    >>> import sympy as sp
    >>> from derivations.symbolic.symbols import exp_symbols, logit_symbols
    >>> z, e = logit_symbols(2), exp_symbols(2)
    >>> to_exp_vars(sp.exp(2 * z[0]) / (sp.exp(z[0]) + sp.exp(z[1])), z, e)
    e_1**2/(e_1 + e_2)
    """
    if len(z) != len(e):
        raise ValueError(f"to_exp_vars: {len(z)} logits but {len(e)} exponential symbols")
    # exp(c*log(e_j)) evaluates to e_j**c on construction, so xreplace does the work.
    out = expr.xreplace({a: sp.log(b) for a, b in zip(z, e, strict=True)})
    return sp.expand_log(out) if logs else out


def concretize(
    expr: sp.Expr,
    n: int,
    indices: Mapping[sp.Symbol, int],
    vectors: Mapping[sp.IndexedBase, Sequence[sp.Expr]],
) -> sp.Expr:
    """Turn a general-``n`` expression into one for a concrete ``n``.

    Parameters
    ----------
    expr : sympy.Expr
        Expression in indexed symbols, ``Sum`` over ``1..n`` and ``KroneckerDelta``.
    n : int
        The concrete number of classes.
    indices : mapping
        Values (1-based) for the free index symbols, e.g. ``{k: 2}``.
    vectors : mapping
        For each ``IndexedBase``, the ``n`` concrete entries to use.

    Returns
    -------
    sympy.Expr
        The concrete expression (sums expanded, deltas evaluated).

    Examples
    --------
    >>> import sympy as sp
    >>> from derivations.symbolic.symbols import general_symbols
    >>> g = general_symbols()
    >>> a = sp.symbols("a1:3")
    >>> concretize(g.s[g.k] - sp.Sum(g.s[g.i], (g.i, 1, g.n)), 2, {g.k: 1}, {g.s: a})
    -a2
    """
    for base, values in vectors.items():
        if len(values) != n:
            raise ValueError(f"concretize: {base} needs {n} entries, got {len(values)}")
    out = _expand_sums(expr, n).xreplace({k: sp.Integer(v) for k, v in indices.items()})
    table = {base[a + 1]: values[a] for base, values in vectors.items() for a in range(n)}
    out = out.xreplace(table)
    left = [e for e in out.atoms(sp.Indexed) if e.base in vectors]
    if left:
        raise ValueError(f"concretize: indices without a value in {left}")
    return out


@lru_cache(maxsize=256)
def _expand_sums(expr: sp.Expr, n: int) -> sp.Expr:
    # Expanding the sums once per (expression, n) lets concretize reuse it for every index tuple.
    return expr.xreplace({general_symbols().n: sp.Integer(n)}).doit()
