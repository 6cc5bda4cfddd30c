r"""How the site's equations are printed: textbook term order, partial derivatives, stacking.

SymPy prints ``z_i - LSE(z)`` as ``-LSE(z) + z_i`` and ``y_i log s_i`` as ``log(s_i) y_i``: its
canonical order, not a person's. :func:`tidy` rebuilds an expression, unevaluated, with the terms
and factors in the order a textbook writes them (positive terms first; symbols before functions,
functions before brackets, brackets before sums; a leading minus sign absorbed into a single
bracket, so :math:`-(\sigma - 1)\sigma` reads :math:`\sigma(1 - \sigma)`), and :func:`latex`
prints the result as it stands. Only the printing changes: ``tidy(e)`` equals ``e``. An
expression wrapped in :class:`sympy.UnevaluatedExpr` is printed as written (for the rare order
that the rules do not give, such as :math:`\mathrm{LSE}(z) + c` next to
:math:`\mathrm{LSE}(z + c\mathbf{1})`).

Every derivative on the site is a partial derivative with respect to one variable, written
:math:`\partial \mathrm{CE} / \partial z_k`; :class:`Display` wraps one or several relations for
``myst_nb.glue`` (several relations are stacked one per line, so none runs off a phone screen).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sympy as sp
from sympy.printing.latex import LatexPrinter

__all__ = ["Display", "aligned", "latex", "stacked", "tidy"]


def _scalars_only(expr: sp.Basic) -> bool:
    """Whether ``expr`` is built from numbers and scalar symbols only (``n - 1``, not ``s_1``)."""
    return all(
        isinstance(node, (sp.Symbol, sp.Number, sp.Add, sp.Mul, sp.Pow))
        for node in sp.preorder_traversal(expr)
    )


def _rank(factor: sp.Basic) -> int:
    """Position class of a factor in a product: numbers, symbols, functions, brackets, sums.

    A bracket of plain scalars, such as :math:`(n - 1)`, is a coefficient and ranks with the
    symbols: :math:`(n - 1) e^{t}`.
    """
    base = factor.base if isinstance(factor, sp.Pow) and factor.exp.is_positive else factor
    if base.is_Number:
        return 0
    if isinstance(base, (sp.Symbol, sp.Indexed, sp.KroneckerDelta)):
        return 1
    if isinstance(base, sp.Add):
        # (n - 1) e^t: a bracket of symbols reads as a coefficient; (1 - \sigma) comes last.
        return 1 if _plain(base) and not base.has(sp.KroneckerDelta) else 3
    if isinstance(base, (sp.Sum, sp.Product, sp.Derivative, sp.Integral)):
        return 4
    return 2


def _flip_one_bracket(coeff: sp.Expr, factors: list[sp.Expr]) -> tuple[sp.Expr, list[sp.Expr]]:
    """Absorb a negative coefficient into the only bracket of a product, if there is one."""
    if not (coeff.is_Number and coeff.is_negative):
        return coeff, factors
    brackets = [a for a, f in enumerate(factors) if isinstance(f, sp.Add)]
    if len(brackets) != 1:
        return coeff, factors
    if not any(t.could_extract_minus_sign() for t in factors[brackets[0]].args):
        return coeff, factors  # -w (1 + a) reads better than w (-1 - a)
    out = list(factors)
    # Negate with evaluation on: inside an unevaluated rebuild, -(a - b) would stay a product
    # with a negative coefficient and be flipped again, forever.
    with sp.evaluate(True):
        out[brackets[0]] = -factors[brackets[0]]
    return -coeff, out


def tidy(expr: object) -> object:
    r"""Rebuild ``expr`` unevaluated, with terms and factors in textbook order.

    Parameters
    ----------
    expr : sympy object, or a list/tuple of them
        What will be printed.

    Returns
    -------
    sympy object, or a list of them
        Mathematically the same object, whose arguments are in display order; print it with
        :func:`latex` (which keeps that order).

    Examples
    --------
    >>> import sympy as sp
    >>> z, lse, y, s = sp.symbols("z_i LSE y_i s_i")
    >>> latex(z - lse)
    'z_{i} - LSE'
    >>> latex(y * sp.log(s))
    'y_{i} \\log s_{i}'
    >>> sig = sp.Function("sigma")(sp.Symbol("t"))
    >>> latex(-(sig - 1) * sig * 2)
    '2 \\sigma{\\left(t \\right)} \\left(1 - \\sigma{\\left(t \\right)}\\right)'
    >>> latex(1 / (1 + sp.exp(-sp.Symbol("t"))))
    '\\frac{1}{1 + e^{- t}}'
    >>> sp.expand(tidy(z - lse) - (z - lse))
    0
    >>> c, log_z = sp.Symbol("c"), sp.log(sp.Symbol("z"))
    >>> latex(log_z + c), latex(sp.UnevaluatedExpr(sp.Add(log_z, c, evaluate=False)))
    ('c + \\log z', '\\log z + c')
    """
    if isinstance(expr, (list, tuple)):
        return [tidy(e) for e in expr]
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.rows, expr.cols, [tidy(e) for e in expr])
    if not isinstance(expr, sp.Basic) or expr.is_Atom or isinstance(expr, sp.Indexed):
        return expr
    if isinstance(expr, sp.UnevaluatedExpr):  # written in the order wanted: keep it
        return expr
    if isinstance(expr, sp.core.relational.Relational):
        return expr.func(tidy(expr.lhs), tidy(expr.rhs), evaluate=False)
    if isinstance(expr, sp.Add):
        terms = [tidy(t) for t in expr.args]
        return sp.Add(*[terms[a] for a in _ordered_terms(expr.args)], evaluate=False)
    if isinstance(expr, sp.Mul):
        coeff, rest = expr.as_coeff_mul()
        coeff, factors = _flip_one_bracket(coeff, list(rest))
        factors = sorted((tidy(f) for f in factors), key=lambda f: (_rank(f), _letter(f)))
        args = factors if coeff == 1 else [coeff, *factors]
        if coeff == -1 and factors:
            return sp.Mul(-1, *factors, evaluate=False)
        return sp.Mul(*args, evaluate=False) if len(args) > 1 else args[0]
    if isinstance(expr, sp.Pow):
        return sp.Pow(tidy(expr.base), tidy(expr.exp), evaluate=False)
    if isinstance(expr, (sp.Sum, sp.Product, sp.Integral, sp.Limit)):
        return expr.func(tidy(expr.args[0]), *expr.args[1:])
    if isinstance(expr, sp.Derivative):
        return sp.Derivative(tidy(expr.expr), *expr.variable_count, evaluate=False)
    with sp.evaluate(False):
        return expr.func(*[tidy(a) for a in expr.args])


#: Order of symbols within a product: a constant factor (``c x_i``), softmax output, target,
#: logits, ..., Kronecker delta last.
_LETTERS = ("c", "s", "y", "z", "x", "q", "p", "v", "u")


def _letter(factor: sp.Expr) -> float:
    base = factor.base if isinstance(factor, sp.Pow) else factor
    if isinstance(base, sp.KroneckerDelta):
        return len(_LETTERS) + 1
    if isinstance(base, sp.Symbol) and base.name not in _LETTERS:
        if base.name.startswith(r"\mathbf"):
            return len(_LETTERS)  # a vector such as the ones vector goes last: c 1
        return -1  # a scalar such as n or T goes before the vector entries: n s_1
    name = str(base.base.label) if isinstance(base, sp.Indexed) else getattr(base, "name", "")
    if name in _JUST_BEFORE:
        return _LETTERS.index(_JUST_BEFORE[name]) - 0.5
    return _LETTERS.index(name) if name in _LETTERS else len(_LETTERS)


#: Letters set just before another: a distribution before the logits, :math:`p_i z_i` (still
#: after the softmax output, :math:`s_i p_i`).
_JUST_BEFORE = {"p": "z"}


def _is_reciprocal(factor: sp.Expr) -> bool:
    return isinstance(factor, sp.Pow) and factor.exp.is_number and factor.exp.is_negative


def _plain(expr: sp.Expr) -> bool:
    """Whether ``expr`` is built from symbols and numbers only (no function, sum, derivative)."""
    return all(
        isinstance(node, (sp.Symbol, sp.Indexed, sp.Idx, sp.Number, sp.Mul, sp.Pow,
                          sp.KroneckerDelta, sp.IndexedBase, sp.Add, sp.Tuple))
        for node in sp.preorder_traversal(expr)
    )  # fmt: skip


def _term_rank(term: sp.Expr) -> float:
    r"""Symbols and products of them first, then a constant, then terms with functions or sums.

    So ``x + 1``, ``1 + e^t``, ``1 - \sigma``, ``z_i - LSE(z)`` and ``\max z - z_k + \log n``.
    """
    if term.is_Number:
        return 0.5
    return 0.0 if _plain(term) else 1.0


def _ordered_terms(terms: tuple[sp.Expr, ...]) -> list[int]:
    """Display order of a sum's terms: by rank, positive first, no leading minus if avoidable."""
    order = sorted(
        range(len(terms)),
        key=lambda a: (_term_rank(terms[a]), bool(terms[a].could_extract_minus_sign()), a),
    )
    positive = [a for a in order if not terms[a].could_extract_minus_sign()]
    if positive and positive[0] != order[0]:
        order.remove(positive[0])
        order.insert(0, positive[0])
    return order


class _DisplayPrinter(LatexPrinter):
    r"""SymPy's LaTeX printer keeping the given order, with :math:`\partial f/\partial x`.

    Products are printed as a textbook sets them: a rational coefficient in front
    (:math:`\tfrac12 \sum_i`), small factors over their denominator
    (:math:`\frac{y_i}{s_i}`), derivatives and sums after it
    (:math:`\frac{y_i}{s_i} \frac{\partial s_i}{\partial z_k}`); :math:`\log s_i` without
    brackets around a single symbol.
    """

    def __init__(self) -> None:
        super().__init__({"order": "none"})
        self._settings["diff_operator_latex"] = r"\partial"

    def _print_log(self, expr: sp.log, exp: str | None = None) -> str:
        (arg,) = expr.args
        if isinstance(arg, (sp.Symbol, sp.Indexed, sp.Integer)) and exp is None:
            return rf"\log {self._print(arg)}"
        return super()._print_log(expr, exp)

    def _print_ExpBase(self, expr: sp.Expr, exp: str | None = None) -> str:
        # A quotient in an exponent is set inline, as in running text: e^{(z_m - z_1)/T}.
        (arg,) = expr.args
        numerator, denominator = sp.fraction(arg, exact=True)  # e^{-e^{-g}} stays as it is
        if not isinstance(arg, sp.Mul) or denominator == 1:
            return super()._print_ExpBase(expr, exp)
        top = self._print(numerator)
        if isinstance(numerator, sp.Add):
            top = rf"({top})"
        bottom = self._print(denominator)
        if not isinstance(denominator, (sp.Symbol, sp.Indexed, sp.Number)):
            bottom = rf"({bottom})"
        return self._do_exponent(f"e^{{{top}/{bottom}}}", exp)

    def _factor(self, factor: sp.Expr) -> str:
        tex = self._print(factor)
        if isinstance(factor, sp.Add) or (
            isinstance(factor, sp.Mul) and factor.could_extract_minus_sign()
        ):
            return rf"\left({tex}\right)"
        return tex

    def _print_Mul(self, expr: sp.Mul) -> str:
        coeff, rest = expr.as_coeff_Mul()
        factors = list(sp.Mul.make_args(rest)) if rest != 1 else []
        sign = "- " if coeff.is_negative else ""
        coeff = abs(coeff)
        denominator = [f.base ** (-f.exp) for f in factors if _is_reciprocal(f)]
        numerator = [f for f in factors if not _is_reciprocal(f)]
        over = [f for f in numerator if _rank(f) < 4]
        after = [f for f in numerator if _rank(f) >= 4]
        parts = []
        scalars = [f for f in over if _scalars_only(f)]
        if (
            denominator
            and scalars
            and len(scalars) < len(over)
            and all(map(_scalars_only, denominator))
        ):
            # A coefficient of scalars in front, as a textbook writes it: n/(2(n - 1)) s_1 ...
            top = [self._print(coeff.p)] if coeff.p != 1 else []
            bottom = [self._print(coeff.q)] if coeff.q != 1 else []
            top += [self._factor(f) for f in scalars]
            bottom += [
                self._factor(f) if len(denominator) + len(bottom) > 1 else self._print(f)
                for f in denominator
            ]
            parts.append(rf"\frac{{{' '.join(top)}}}{{{' '.join(bottom)}}}")
            over, denominator, coeff = [f for f in over if not _scalars_only(f)], [], sp.S.One
        if denominator and not over and coeff.is_Integer:
            over, coeff = [coeff], sp.S.One  # 2/(n - 1), not 2 (1/(n - 1))
        if coeff != 1 or not factors:
            parts.append(self._print(coeff))
        if denominator:
            # A lone numerator or denominator needs no brackets: the fraction bar groups it.
            lone_top = len(over) == 1 and isinstance(over[0], sp.Add)
            top = self._print(over[0]) if lone_top else " ".join(self._factor(f) for f in over)
            top = top or "1"
            lone = len(denominator) == 1 and isinstance(denominator[0], sp.Add)
            bottom = (
                self._print(denominator[0])
                if lone
                else " ".join(self._factor(f) for f in denominator)
            )
            parts.append(rf"\frac{{{top}}}{{{bottom}}}")
        else:
            parts += [self._factor(f) for f in over]
        parts += [self._factor(f) for f in after]
        joined = ""
        for part in parts:
            if joined and joined[-1].isdigit() and part[:1].isdigit():
                joined += r" \cdot "
            elif joined and part.startswith(r"\mathrm"):
                joined += r"\,"  # T LSE(z/T), not TLSE(z/T)
            elif joined:
                joined += " "
            joined += part
        return sign + joined

    def _print_MatrixBase(self, expr: sp.MatrixBase) -> str:
        # A row vector reads as the pages write vectors, [a, b]; other matrices as SymPy does.
        if expr.rows != 1:
            return super()._print_MatrixBase(expr)
        return r"\left[" + r",\ ".join(self._print(e) for e in expr) + r"\right]"

    def _print_Integral(self, expr: sp.Integral) -> str:
        # The differential of an integral is d, not the partial derivatives' symbol.
        self._settings["diff_operator_latex"] = r"\mathrm{d}"
        try:
            return super()._print_Integral(expr)
        finally:
            self._settings["diff_operator_latex"] = r"\partial"

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        operand = expr.expr
        order = sum(count for _, count in expr.variable_count)
        wrt = " ".join(
            rf"\partial {self._print(x)}" + (f"^{{{count}}}" if count > 1 else "")
            for x, count in reversed(expr.variable_count)
        )
        top = r"\partial" + (f"^{{{order}}}" if order > 1 else "")
        if isinstance(operand, (sp.Add, sp.Mul, sp.Pow, sp.Sum)):
            return rf"\frac{{{top}}}{{{wrt}}} \left({self._print(operand)}\right)"
        return rf"\frac{{{top} {self._print(operand)}}}{{{wrt}}}"


def latex(expr: object, separator: str | None = None) -> str:
    r"""Return the LaTeX of :func:`tidy` ``(expr)``, or of several joined by ``separator``.

    Parameters
    ----------
    expr : sympy object or sequence of them
        What to print.
    separator : str, optional
        Placed between the items of a sequence (default: a comma and a quad space).

    Returns
    -------
    str
        LaTeX without surrounding ``$``.

    Examples
    --------
    >>> import sympy as sp
    >>> CE, z = sp.symbols(r"\mathrm{CE} z_k")
    >>> latex(sp.Derivative(CE, z, evaluate=False))
    '\\frac{\\partial \\mathrm{CE}}{\\partial z_{k}}'
    >>> latex([sp.Eq(z, 1), sp.Eq(CE, 2)])
    'z_{k} = 1,\\quad \\mathrm{CE} = 2'

    A coefficient of scalars stands in front, and a lone numerator or denominator has no
    brackets:

    >>> n, t = sp.symbols("n t", positive=True)
    >>> s_1 = sp.IndexedBase("s")[1]
    >>> latex(n / (n - 1) * s_1 * (1 - s_1) ** 2)
    '\\frac{n}{n - 1} {s}_{1} \\left(1 - {s}_{1}\\right)^{2}'
    >>> latex(1 / (1 + (n - 1) * sp.exp(t)))
    '\\frac{1}{1 + \\left(n - 1\\right) e^{t}}'
    """
    printer = _DisplayPrinter()
    if isinstance(expr, Iterable) and not isinstance(expr, (sp.Basic, str)):
        between = r",\quad " if separator is None else separator
        return between.join(printer.doprint(tidy(item)) for item in expr)
    return printer.doprint(tidy(expr))


def stacked(expr: object) -> str:
    r"""Return LaTeX with one relation per line (``gathered``) for a sequence, else one line.

    Parameters
    ----------
    expr : sympy object or sequence of them
        What to print.

    Returns
    -------
    str
        LaTeX without surrounding ``$``.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> stacked([sp.Eq(x, 1), sp.Eq(x + 1, 2)])
    '\\begin{gathered}x = 1\\\\x + 1 = 2\\end{gathered}'
    >>> stacked(sp.Eq(x, 1))
    'x = 1'
    """
    if isinstance(expr, Iterable) and not isinstance(expr, (sp.Basic, str)):
        items = list(expr)
        if len(items) == 1:
            return latex(items[0])
        return r"\begin{gathered}" + latex(items, r"\\") + r"\end{gathered}"
    return latex(expr)


def aligned(lhs: sp.Basic, lines: Sequence[tuple[sp.Basic, str]]) -> str:
    r"""Return a chain of equalities ``lhs = line_1 = line_2 ...`` as an ``aligned`` block.

    Parameters
    ----------
    lhs : sympy object
        The left-hand side, printed once.
    lines : sequence of (sympy object, str)
        Each right-hand side and the reason for the step that produced it (plain words; empty for
        none).

    Returns
    -------
    str
        LaTeX without surrounding ``$``.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> aligned(a, [(sp.Add(b, b, evaluate=False), "definition"), (2 * b, "")])
    '\\begin{aligned}a &= b + b && \\text{definition}\\\\ &= 2 b\\end{aligned}'
    """
    rows = []
    for number, (rhs, reason) in enumerate(lines):
        left = latex(lhs) if number == 0 else ""
        # Math inside a reason is set in text style, as in running text.
        words = re.sub(r"\$([^$]+)\$", r"$\\textstyle \1$", reason)
        note = rf" && \text{{{words}}}" if reason else ""
        rows.append(f"{left} &= {latex(rhs)}{note}")
    return r"\begin{aligned}" + r"\\".join(rows) + r"\end{aligned}"


@dataclass(frozen=True)
class Display:
    r"""Display math for ``glue`` (``{glue:math}`` shows it as a numbered equation).

    Attributes
    ----------
    expr : sympy object or sequence of them
        One relation, or several (stacked one per line).
    tex : str, optional
        Ready-made LaTeX (from :func:`aligned`) used instead of printing ``expr``.

    Examples
    --------
    >>> import sympy as sp
    >>> L, t = sp.symbols("L t")
    >>> Display(sp.Derivative(L, t, evaluate=False))._repr_latex_()
    '$\\displaystyle \\frac{\\partial L}{\\partial t}$'
    """

    expr: object
    tex: str | None = None

    @property
    def latex(self) -> str:
        """The LaTeX shown, without ``$``.

        Returns
        -------
        str
            ``tex`` if given, else the expression as :func:`stacked` prints it.
        """
        return self.tex if self.tex is not None else stacked(self.expr)

    def _repr_latex_(self) -> str:
        return rf"$\displaystyle {self.latex}$"

    def __str__(self) -> str:
        return self.latex
