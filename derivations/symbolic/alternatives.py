r"""Alternatives to softmax, symbolically: "positive, then divide", and sparsemax.

Every mapping of the page "Alternatives to softmax" except sparsemax makes each logit positive
with a function :math:`\phi` and divides by the sum,
:math:`q_i = \phi(z_i) / \sum_{m=1}^{n} \phi(z_m)`
(softmax is :math:`\phi = \exp`). So the negative log-likelihood's gradient is derived **once**, for
an unknown positive function :math:`\phi` and any number of classes :math:`n`
(:func:`positive_divide_gradient`), and then each mapping's :math:`\phi` is put in
(:func:`alternative_gradient`): SymPy differentiates each :math:`\phi` itself. The same is done for
how :math:`q` responds to a shift or a scaling of the logits (:func:`shift_derivative`,
:func:`scale_derivative`) and for the two-class wrong-start test, :math:`z = (0, t)`
(:func:`two_class_nll`).

Sparsemax, the Euclidean projection onto the simplex, is not of this form: on a fixed support
:math:`S` it is :math:`z_i - \tau` with :math:`\tau = (\sum_{m \in S} z_m - 1)/|S|`, and its loss
(Martins & Astudillo 2016) has the gradient :math:`\mathrm{sparsemax}(z) - y`
(:func:`sparsemax_loss_gradient`), derived for any :math:`n` and any support size, the classes
numbered so that the support is :math:`\{1, \dots, |S|\}`.

The display objects print as the page writes them: :class:`GFun` and :class:`GPrime` as
:math:`\phi(z_j)` and :math:`\phi'(z_j)`, :class:`WithG` as a derivative taken with a given
:math:`\phi`, :class:`Mapped` as :math:`q(z + c\mathbf{1})_i` or :math:`\mathrm{sparsemax}(z)_i`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import sympy as sp

from . import definitions as d
from .binary import SIGMA, ZETA
from .chain import Chain
from .display import Display, latex
from .expressions import ONE, Z
from .general import sum_out_deltas
from .rewrite import canonical_sums, collapse_deltas
from .symbols import general_symbols

__all__ = [
    "EPS",
    "G_LATEX",
    "G_NAME",
    "LOSS",
    "MAPPING_NAMES",
    "SHIFT",
    "SUPPORT",
    "GFun",
    "GPrime",
    "Mapped",
    "Q",
    "Restricted",
    "T",
    "TauOf",
    "U",
    "WithG",
    "alternative_gradient",
    "g_definition",
    "g_key",
    "in_sigma_zeta",
    "labelled",
    "nll_gradient_lhs",
    "positive_divide_gradient",
    "prime_notation",
    "response_definition",
    "scale_derivative",
    "shift_derivative",
    "sparsemax_loss_definition",
    "sparsemax_loss_gradient",
    "sparsemax_shift",
    "specialise",
    "tau_gradient",
    "two_class_nll",
    "two_class_slope",
]

_G = general_symbols()
z, y, i, j, k, m, n = _G.z, _G.y, _G.i, _G.j, _G.k, _G.m, _G.n

#: The argument of :math:`\phi` in its definition, :math:`\phi(u)`.
U = sp.Symbol("u", real=True)
#: The constant :math:`\varepsilon > 0` of the spherical and ReLU mappings.
#: :meta hide-value:
EPS = sp.Symbol(r"\varepsilon", positive=True)
#: The margin: two classes :math:`z = (0, t)`, the true class first.
T = sp.Symbol("t", real=True)
#: The output of a "positive, then divide" mapping, :math:`q_i = \phi(z_i)/\sum_m \phi(z_m)`.
Q = sp.IndexedBase("q", positive=True)
#: A constant added to every logit, or a factor they are all multiplied by.
SHIFT = sp.Symbol("c", real=True)
#: The size :math:`|S|` of sparsemax's support.
SUPPORT = sp.Symbol("|S|", integer=True, positive=True)
#: The sparsemax loss, :math:`L_{\mathrm{sparsemax}}`.
#: :meta hide-value:
LOSS = sp.Symbol(r"L_{\mathrm{sparsemax}}", real=True)
#: Sparsemax's threshold, as a symbol (lines after its derivative is taken).
TAU = sp.Symbol(r"\tau", real=True)
#: A second summation index (inside a sum over ``m``).
_P = sp.Symbol("p", integer=True, positive=True)

#: The mappings of the "positive, then divide" family, softmax first.
MAPPING_NAMES = ("softmax", "softplus", "relu", "spherical", "taylor")


class GFun(sp.Function):
    r"""The positive function :math:`\phi` of a "positive, then divide" mapping (unknown).

    SymPy differentiates it as an unknown function; it prints :math:`\phi(z_j)`.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(GFun(z[j]))
    '\\phi({z}_{j})'
    >>> sp.diff(GFun(U) ** 2, U)
    2*GFun(u)*Derivative(GFun(u), u)
    """

    is_positive = True
    is_real = True

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return rf"\phi({printer._print(self.args[0])})"


class GPrime(sp.Function):
    r"""The derivative :math:`\phi'` of :class:`GFun`, written :math:`\phi'(z_j)`.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(GPrime(z[j]))
    "\\phi'({z}_{j})"
    """

    is_real = True

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return rf"\phi'({printer._print(self.args[0])})"


def prime_notation(expr: sp.Expr) -> sp.Expr:
    r"""Write every derivative of :class:`GFun` as :class:`GPrime`: :math:`\phi'(a)`.

    Parameters
    ----------
    expr : sympy.Expr
        An expression with ``Derivative(GFun(a), a)`` or ``Subs(Derivative(GFun(x), x), x, a)``.

    Returns
    -------
    sympy.Expr
        The same, with :math:`\phi'(a)`.

    Examples
    --------
    >>> c = sp.Symbol("c")
    >>> prime_notation(sp.diff(GFun(z[j] + c), c).subs(c, 0))
    GPrime(z[j])
    """

    def is_g_derivative(e: sp.Basic) -> bool:
        return isinstance(e, sp.Derivative) and isinstance(e.expr, GFun)

    def prime(e: sp.Derivative) -> sp.Expr:
        ((wrt, order),) = e.variable_count
        if order != 1 or e.expr.args[0] != wrt:
            raise ValueError(f"prime_notation: not a first derivative \\phi'(x): {e}")
        return GPrime(wrt)

    out = expr.replace(lambda e: isinstance(e, sp.Subs) and e.expr.has(GFun), lambda e: e.doit())
    return out.replace(is_g_derivative, prime)


#: Each mapping's :math:`\phi(u)` as the page writes its definition (in the order of the papers,
#: :math:`1 + u + u^2/2`); :func:`g_definition` holds the SymPy definitions, and a test checks
#: that these strings typeset the same functions.
#: :meta hide-value:
G_LATEX = {
    "softmax": r"e^{u}",
    "softplus": r"\log(1 + e^{u})",
    "relu": r"\max(u, 0) + \varepsilon",
    "relu-positive": r"\max(u, 0) + \varepsilon,\ z_j > 0",
    "relu-negative": r"\max(u, 0) + \varepsilon,\ z_j < 0",
    "spherical": r"u^{2} + \varepsilon",
    "taylor": r"1 + u + \tfrac{1}{2} u^{2}",
}


#: Each key of :data:`G_LATEX` as a reader names the candidate (LaTeX, math mode).
#: :meta hide-value:
G_NAME = {
    "softmax": r"\text{softmax}",
    "softplus": r"\text{softplus}",
    "relu": r"\text{ReLU} + \varepsilon",
    # The piece of ReLU under its name: a narrow column on a phone.
    "relu-positive": r"\begin{array}{@{}l@{}}\text{ReLU} + \varepsilon,\\ z_j > 0\end{array}",
    "relu-negative": r"\begin{array}{@{}l@{}}\text{ReLU} + \varepsilon,\\ z_j < 0\end{array}",
    "spherical": r"\text{spherical}",
    "taylor": r"\text{Taylor}",
}


class WithG(sp.Expr):  # numpydoc ignore=PR02
    r"""An expression taken with one candidate's :math:`\phi`, printed after the candidate's name.

    Only a label for the display (the definitions are in :func:`g_definition`); it prints
    :math:`\text{Taylor:}\ A`, and :func:`labelled` sets several in a column of names.

    Parameters
    ----------
    expr : sympy.Expr
        What is evaluated, e.g. :math:`\partial(-\log q_k)/\partial z_j`.
    key : str
        A key of :data:`G_LATEX`: the mapping (``"relu-positive"``: the rectifier where its
        argument is positive).

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(WithG(sp.Symbol("A"), "taylor"))
    '\\text{Taylor}\\text{:}\\ \\ A'
    """

    is_commutative = True
    is_real = True

    def __new__(cls, expr: sp.Expr, key: str | sp.Symbol) -> WithG:
        """Create the label."""
        symbol = key if isinstance(key, sp.Symbol) else sp.Symbol(key)
        if symbol.name not in G_LATEX:
            raise ValueError(
                f"WithG: unknown mapping {symbol.name!r}; expected one of {list(G_LATEX)}"
            )
        return super().__new__(cls, sp.sympify(expr), symbol)

    @property
    def key(self) -> str:
        """The mapping's key in :data:`G_LATEX`.

        Returns
        -------
        str
            E.g. ``"taylor"``.
        """
        return self.args[1].name

    @property
    def free_symbols(self) -> set[sp.Basic]:
        """The expression's symbols (the key is a name, not a variable).

        Returns
        -------
        set of sympy.Basic
            The free symbols of the expression.
        """
        return self.args[0].free_symbols

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return rf"{G_NAME[self.key]}\text{{:}}\ \ {printer._print(self.args[0])}"

    def _sympystr(self, printer: object) -> str:
        return f"WithG({self.args[0]}, {self.key})"


def labelled(relations: Sequence[sp.Basic]) -> Display:
    r"""Set relations whose left side is a :class:`WithG` with the candidates' names in a column.

    If every relation is an equation with the same left side (once its label is taken off), the
    result is a small table: that left side heads the column of right sides, one row per
    candidate (narrow enough for a phone). Otherwise each candidate's name is on a line of its
    own, with its relations indented under it.

    Parameters
    ----------
    relations : sequence of sympy relations
        Each with exactly one :class:`WithG` in its left side (e.g. a claim's parts).

    Returns
    -------
    Display
        An ``array`` (one shared left side) or ``aligned`` block.

    Raises
    ------
    ValueError
        If a relation's left side has no :class:`WithG`, or more than one.

    Examples
    --------
    >>> a, b = sp.Symbol("A"), sp.Symbol("B")
    >>> tex = labelled([sp.Eq(WithG(a, "softmax"), 1), sp.Eq(WithG(a, "taylor"), 2)]).latex
    >>> print(tex.replace(r"\\[1ex]", "\n"))
    \begin{array}{ll}\text{candidate} & \displaystyle A
     \hline\rule{0pt}{4ex}\text{softmax} & \displaystyle 1
    \text{Taylor} & \displaystyle 2\end{array}
    >>> tex = labelled([sp.Eq(WithG(a, "taylor"), 1), sp.Eq(WithG(b, "taylor"), 2)]).latex
    >>> print(tex.replace(r"\\", "\n"))
    \begin{aligned}&\text{Taylor}\text{:}
    &\quad A = 1
    &\quad B = 2\end{aligned}
    """
    rows = []
    for relation in relations:
        tags = relation.lhs.atoms(WithG)
        if len(tags) != 1:
            raise ValueError(f"labelled: {relation} has no single WithG label on its left side")
        (tag,) = tags
        rows.append((tag.key, relation.lhs.xreplace({tag: tag.args[0]}), relation))
    shared = {lhs for _, lhs, _ in rows}
    if len(shared) == 1 and all(relation.rel_op == "==" for *_, relation in rows):
        (lhs,) = shared
        # Display style in the cells: an array sets fractions small otherwise.
        body = r"\\[1ex]".join(
            rf"{G_NAME[key]} & \displaystyle {latex(relation.rhs)}" for key, _, relation in rows
        )
        # The rule is a strut: room between the line under the heading and the first row.
        head = rf"\text{{candidate}} & \displaystyle {latex(lhs)}\\[1ex] \hline\rule{{0pt}}{{4ex}}"
        tex = r"\begin{array}{ll}" + head + body + r"\end{array}"
        return Display(list(relations), tex=tex)
    # Each candidate's name on a line of its own, its relations indented under it.
    lines, named = [], None
    for key, lhs, relation in rows:
        if key != named:
            lines.append(rf"&{G_NAME[key]}\text{{:}}")
            named = key
        lines.append(rf"&\quad {latex(lhs)} {_SIGNS[relation.rel_op]} {latex(relation.rhs)}")
    tex = r"\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}"
    return Display(list(relations), tex=tex)


#: How each relation sign prints (SymPy's LaTeX printer).
_SIGNS = {"==": "=", ">=": r"\geq", "<=": r"\leq", ">": ">", "<": "<"}


def g_key(name: str, piece: str | None = None) -> str:
    """Return the key of :data:`G_LATEX` for a mapping and, for ``"relu"``, a piece.

    Parameters
    ----------
    name : str
        The mapping.
    piece : {"positive", "negative"}, optional
        For ``"relu"``.

    Returns
    -------
    str
        E.g. ``"relu-positive"``.

    Examples
    --------
    >>> g_key("relu", "negative"), g_key("taylor")
    ('relu-negative', 'taylor')
    """
    return f"{name}-{piece}" if piece is not None else name


class Restricted(sp.Expr):  # numpydoc ignore=PR02
    r"""An expression on part of its domain, printed :math:`\left. A \right|_{t \ge 1}`.

    Only a label for the display.

    Parameters
    ----------
    expr : sympy.Expr
        What is restricted.
    where : str
        The condition, as LaTeX (e.g. ``r"t \ge 1"``).

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(Restricted(LOSS, r"t \ge 1"))
    '\\left. L_{\\mathrm{sparsemax}} \\right|_{t \\ge 1}'
    """

    is_commutative = True
    is_real = True

    def __new__(cls, expr: sp.Expr, where: str | sp.Symbol) -> Restricted:
        """Create the label."""
        symbol = where if isinstance(where, sp.Symbol) else sp.Symbol(where)
        return super().__new__(cls, sp.sympify(expr), symbol)

    @property
    def free_symbols(self) -> set[sp.Basic]:
        """The expression's symbols (the condition is a label, not a variable).

        Returns
        -------
        set of sympy.Basic
            The free symbols of the expression.
        """
        return self.args[0].free_symbols

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return rf"\left. {printer._print(self.args[0])} \right|_{{{self.args[1].name}}}"

    def _sympystr(self, printer: object) -> str:
        return f"Restricted({self.args[0]}, {self.args[1].name})"


class Mapped(sp.Expr):  # numpydoc ignore=PR02
    r"""Entry :math:`i` of a mapping applied to a vector expression, unevaluated.

    Prints :math:`q(z + c\mathbf{1})_i` or :math:`\mathrm{sparsemax}(z)_i`.

    Parameters
    ----------
    name : str
        ``"q"`` or a name printed upright (``"sparsemax"``).
    vector : sympy.Expr
        An expression in the whole-vector symbols ``Z`` and ``ONE`` of ``expressions``.
    index : sympy.Expr
        The entry.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(Mapped("sparsemax", Z + SHIFT * ONE, i))
    '\\mathrm{sparsemax}(z + c \\mathbf{1})_{i}'
    >>> latex(Mapped("q", Z - Z, i))
    'q(0)_{i}'
    """

    is_commutative = True
    is_real = True

    def __new__(cls, name: str | sp.Symbol, vector: sp.Expr, index: sp.Expr) -> Mapped:
        """Create the entry."""
        symbol = name if isinstance(name, sp.Symbol) else sp.Symbol(name)
        return super().__new__(cls, symbol, sp.sympify(vector), sp.sympify(index))

    @property
    def name(self) -> str:
        """The mapping's name.

        Returns
        -------
        str
            E.g. ``"q"`` or ``"sparsemax"``.
        """
        return self.args[0].name

    @property
    def free_symbols(self) -> set[sp.Basic]:
        """The symbols of the vector and the index (the name is a name, not a variable).

        Returns
        -------
        set of sympy.Basic
            The free symbols of the vector and of the index.
        """
        return self.args[1].free_symbols | self.args[2].free_symbols

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        name = self.name if self.name == "q" else rf"\mathrm{{{self.name}}}"
        vector = self.args[1]
        if isinstance(vector, sp.Tuple):  # given entries: sparsemax(0, t)
            inner = ", ".join(printer._print(v) for v in vector)
        else:
            inner = printer._print(vector)
        index = printer._print(self.args[2])
        return rf"{name}({inner})_{{{index}}}"

    def _sympystr(self, printer: object) -> str:
        return f"{self.name}({self.args[1]})[{self.args[2]}]"


class TauOf(sp.Function):
    r"""Sparsemax's threshold :math:`\tau` as a function the chain rule can go through.

    Its one argument is the logit being differentiated by, so SymPy keeps
    :math:`\partial\tau/\partial z_i` unevaluated (the next step substitutes the derived value);
    it prints :math:`\tau`.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> latex(sp.Derivative(TauOf(z[i]), z[i]))
    '\\frac{\\partial \\tau}{\\partial {z}_{i}}'
    """

    is_real = True

    def _latex(self, printer: sp.printing.latex.LatexPrinter, exp: str | None = None) -> str:
        return r"\tau" if exp is None else rf"\tau^{{{exp}}}"


def g_definition(name: str, u: sp.Expr = U, piece: str | None = None) -> sp.Expr:
    r"""Return :math:`\phi(u)` of a mapping.

    Parameters
    ----------
    name : {"softmax", "softplus", "relu", "spherical", "taylor"}
        The mapping: :math:`e^u`, :math:`\log(1 + e^u)`, :math:`\max(u, 0) + \varepsilon`,
        :math:`u^2 + \varepsilon`, :math:`1 + u + u^2/2`.
    u : sympy.Expr, optional
        The argument.
    piece : {"positive", "negative"}, optional
        For ``"relu"``: the function on :math:`u > 0` (:math:`u + \varepsilon`) or on
        :math:`u < 0` (:math:`\varepsilon`).

    Returns
    -------
    sympy.Expr
        The definition.

    Examples
    --------
    >>> g_definition("taylor")
    u**2/2 + u + 1
    >>> g_definition("relu", piece="positive")
    \varepsilon + u
    """
    u = sp.sympify(u)
    if name == "relu" and piece is not None:
        if piece not in ("positive", "negative"):
            raise ValueError(f"g_definition: piece must be 'positive' or 'negative', got {piece!r}")
        return u + EPS if piece == "positive" else EPS
    table: dict[str, Callable[[sp.Expr], sp.Expr]] = {
        "softmax": sp.exp,
        "softplus": d.softplus,
        "relu": lambda v: sp.Max(v, 0) + EPS,
        "spherical": lambda v: v**2 + EPS,
        "taylor": lambda v: 1 + v + v**2 / 2,
    }
    if name not in table:
        raise ValueError(f"g_definition: unknown mapping {name!r}; expected one of {MAPPING_NAMES}")
    return table[name](u)


def in_sigma_zeta(expr: sp.Expr) -> sp.Expr:
    r"""Write :math:`\log(1 + e^a)` as :math:`\zeta(a)`, :math:`e^a/(1 + e^a)` as :math:`\sigma(a)`.

    Parameters
    ----------
    expr : sympy.Expr
        An expression from differentiating softplus.

    Returns
    -------
    sympy.Expr
        The same in the site's :math:`\sigma` and :math:`\zeta` (the display functions
        ``SIGMA`` and ``ZETA`` of ``derivations.symbolic.binary``).

    Examples
    --------
    >>> e = sp.diff(d.softplus(U), U) / d.softplus(U)
    >>> in_sigma_zeta(e)
    \sigma(u)/\zeta(u)
    """
    out = expr.replace(
        lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.Add),
        lambda e: _zeta_or_log(e),
    )

    # e^a / (1 + e^a): a power -1 of (1 + e^a) next to e^a in one product.
    def sigma(e: sp.Mul) -> sp.Expr:
        factors = list(e.args)
        for f in factors:
            if isinstance(f, sp.Pow) and f.exp == -1 and isinstance(f.base, sp.Add):
                a = _exp_argument(f.base)
                if a is not None and sp.exp(a) in factors:
                    rest = [x for x in factors if x not in (f, sp.exp(a))]
                    return sp.Mul(SIGMA(a), *rest)
        return e

    return out.replace(lambda e: isinstance(e, sp.Mul), sigma)


def _exp_argument(total: sp.Add) -> sp.Expr | None:
    """Return ``a`` if ``total`` is ``1 + exp(a)``, else None."""
    terms = set(total.args)
    if len(terms) == 2 and sp.S.One in terms:
        (other,) = terms - {sp.S.One}
        if isinstance(other, sp.exp):
            return other.args[0]
    return None


def _zeta_or_log(e: sp.log) -> sp.Expr:
    a = _exp_argument(e.args[0])
    return e if a is None else ZETA(a)


def specialise(expr: sp.Expr, name: str, piece: str | None = None) -> sp.Expr:
    r"""Put a mapping's :math:`\phi` into a result derived for an unknown :math:`\phi`.

    :math:`\phi(a)` becomes the definition at :math:`a`, and :math:`\phi'(a)` SymPy's derivative of
    the definition, evaluated at :math:`a`.

    Parameters
    ----------
    expr : sympy.Expr
        An expression in :class:`GFun` and :class:`GPrime`.
    name : str
        The mapping (see :func:`g_definition`).
    piece : str, optional
        For ``"relu"``, the piece (see :func:`g_definition`).

    Returns
    -------
    sympy.Expr
        The expression for that mapping (unsimplified).

    Examples
    --------
    >>> specialise(GPrime(z[j]) / GFun(z[j]), "spherical")
    2*z[j]/(\varepsilon + z[j]**2)
    """
    definition = g_definition(name, U, piece)
    slope = sp.diff(definition, U)
    out = expr.replace(GPrime, lambda a: slope.xreplace({U: a}))
    return out.replace(GFun, lambda a: definition.xreplace({U: a}))


# -- the gradient of -log q_k, for any phi and any n ------------------------------------------


def nll_gradient_lhs(base: sp.IndexedBase = Q) -> sp.Derivative:
    r"""Return :math:`\partial(-\log q_k)/\partial z_j` (``base`` ``s`` for the softmax).

    Parameters
    ----------
    base : sympy.IndexedBase, optional
        The output's symbol.

    Returns
    -------
    sympy.Derivative
        Unevaluated.
    """
    return sp.Derivative(-sp.log(base[k]), z[j])


def _total(arg: Callable[[sp.Expr], sp.Expr] = lambda e: e) -> sp.Sum:
    return sp.Sum(GFun(arg(z[m])), (m, 1, n))


def _split_log(derivative: sp.Derivative) -> sp.Derivative:
    """Split the log of the quotient under the derivative (a shown line would be too wide)."""
    return sp.Derivative(sp.expand_log(derivative.expr, force=True), *derivative.variables)


@lru_cache(maxsize=1)
def positive_divide_gradient() -> Chain:
    r"""Derive :math:`\partial(-\log q_k)/\partial z_j`, :math:`q_i = \phi(z_i)/\sum_m \phi(z_m)`.

    For an unknown positive, differentiable :math:`\phi` and a symbolic number of classes.

    Returns
    -------
    Chain
        The definition, SymPy's derivative (the log of the quotient split, the Kronecker delta
        summed out), :math:`q_j` named, the delta's :math:`k = j`, factored.

    Examples
    --------
    >>> positive_divide_gradient().result
    (-KroneckerDelta(j, k) + q[j])*GPrime(z[j])/GFun(z[j])
    """
    total = _total()
    lhs = nll_gradient_lhs()
    definition = sp.Derivative(-sp.log(GFun(z[k]) / total), z[j])
    return (
        Chain.start(lhs, definition, "definition of $q_k$")
        .then("differentiate", lambda e: prime_notation(sum_out_deltas(_split_log(e).doit())))
        .then("definition of $q_j$", lambda e: e.xreplace({total: GFun(z[j]) / Q[j]}))
        .then("$\\delta_{jk}$ sets $k = j$", collapse_deltas)
        .then("factor", sp.factor_terms)
    )


@lru_cache(maxsize=8)
def alternative_gradient(name: str, piece: str | None = None) -> Chain:
    r"""Derive one mapping's :math:`\partial(-\log q_k)/\partial z_j` from the general result.

    Parameters
    ----------
    name : {"softmax", "softplus", "relu", "spherical", "taylor"}
        The mapping.
    piece : {"positive", "negative"}, optional
        For ``"relu"``: where :math:`z_j > 0` (:math:`\phi(u) = u + \varepsilon` there) or
        :math:`z_j < 0` (:math:`\phi(u) = \varepsilon`).

    Returns
    -------
    Chain
        The general result with :math:`\phi` put in and differentiated by SymPy, and written in
        the site's notation (:math:`s` for the softmax, :math:`\sigma` and :math:`\zeta` for
        softplus).

    Examples
    --------
    >>> alternative_gradient("softmax").result
    -KroneckerDelta(j, k) + s[j]
    >>> alternative_gradient("spherical").result
    2*(-KroneckerDelta(j, k) + q[j])*z[j]/(\varepsilon + z[j]**2)
    """
    if name == "relu" and piece is None:
        raise ValueError("alternative_gradient: 'relu' needs a piece, 'positive' or 'negative'")
    general = positive_divide_gradient().result
    key = g_key(name, piece)
    lhs = WithG(nll_gradient_lhs(), key)
    chain = Chain.start(lhs, specialise(general, name, piece), f"$\\phi(u) = {G_LATEX[key]}$")
    if name == "softmax":
        return chain.then("$q = s$ for the softmax", lambda e: e.xreplace({Q: _G.s}))
    if name == "softplus":
        return chain.then("$\\zeta$ and $\\sigma$", in_sigma_zeta)
    return chain


# -- shift and scale of the logits -------------------------------------------------------------


def _derivative_at(vector: sp.Expr, at: sp.Expr) -> sp.Subs:
    return sp.Subs(sp.Derivative(Mapped("q", vector, i), SHIFT), SHIFT, at)


@lru_cache(maxsize=1)
def shift_derivative() -> Chain:
    r"""Derive :math:`\partial q(z + c\mathbf{1})_i/\partial c` at :math:`c = 0`, any :math:`\phi`.

    For every number of classes :math:`n`.

    Returns
    -------
    Chain
        :math:`\partial q_i = q_i\, \partial \log q_i`, the log of the definition, SymPy's
        derivative at :math:`c = 0`, and the sum written in :math:`q_m`.

    Examples
    --------
    >>> shift_derivative().result
    (-Sum(GPrime(z[m])*q[m]/GFun(z[m]), (m, 1, n)) + GPrime(z[i])/GFun(z[i]))*q[i]
    """
    return _response(Z + SHIFT * ONE, sp.S.Zero, lambda e: e + SHIFT)


@lru_cache(maxsize=1)
def scale_derivative() -> Chain:
    r"""Derive :math:`\partial q(c z)_i/\partial c` at :math:`c = 1`, any :math:`\phi`, :math:`n`.

    Returns
    -------
    Chain
        As :func:`shift_derivative`.

    Examples
    --------
    >>> scale_derivative().result
    (-Sum(GPrime(z[m])*q[m]*z[m]/GFun(z[m]), (m, 1, n)) + GPrime(z[i])*z[i]/GFun(z[i]))*q[i]
    """
    return _response(SHIFT * Z, sp.S.One, lambda e: SHIFT * e)


def response_definition(move: Callable[[sp.Expr], sp.Expr]) -> sp.Expr:
    r"""Return :math:`q_i = \phi(v_i)/\sum_m \phi(v_m)` of moved logits, :math:`v` = ``move(z)``.

    Parameters
    ----------
    move : callable
        Entry-wise, e.g. ``lambda e: e + SHIFT``.

    Returns
    -------
    sympy.Expr
        The quotient.
    """
    return GFun(move(z[i])) / _total(move)


def _response(vector: sp.Expr, at: sp.Expr, move: Callable[[sp.Expr], sp.Expr]) -> Chain:
    total = _total()
    log_q = sp.expand_log(sp.log(response_definition(move)), force=True)

    def differentiate(e: sp.Expr) -> sp.Expr:
        (derivative,) = e.atoms(sp.Subs)
        value = prime_notation(sp.diff(derivative.expr.expr, SHIFT).subs(SHIFT, at).doit())
        return e.xreplace({derivative: sp.expand(value)})

    def q_notation(e: sp.Expr) -> sp.Expr:
        # sum_m phi'(z_m) w_m / sum_p phi(z_p) = sum_m q_m phi'(z_m) w_m / phi(z_m): the 1/sum
        # enters the sum, where phi(z_m)/sum_p phi(z_p) is q_m.
        def inside(x: sp.Mul) -> sp.Expr:
            sums = [f for f in x.args if isinstance(f, sp.Sum)]
            if len(sums) != 1 or total**-1 not in x.args:
                return x
            (outer,) = sums
            rest = [f for f in x.args if f not in (outer, total**-1)]
            body = outer.function * Q[m] / GFun(z[m])
            return sp.Mul(*rest, sp.Sum(body, *outer.limits))

        return e.replace(lambda x: isinstance(x, sp.Mul), inside)

    return (
        Chain.start(
            _derivative_at(vector, at),
            sp.Subs(sp.Derivative(response_definition(move), SHIFT), SHIFT, at),
            "definition of $q$",
        )
        .then(
            "$\\partial q_i = q_i \\, \\partial \\log q_i$",
            lambda e: Q[i] * sp.Subs(sp.Derivative(log_q, SHIFT), SHIFT, at),
        )
        .then("differentiate", differentiate)
        .then("$q_m = \\phi(z_m) / \\sum_p \\phi(z_p)$", q_notation)
    )


# -- two classes, z = (0, t), true class 1 -----------------------------------------------------


def two_class_nll(name: str) -> sp.Expr:
    r"""Return :math:`-\log q_1` at :math:`z = (0, t)` for a mapping (``"relu"``: :math:`t > 0`).

    Parameters
    ----------
    name : str
        One of :data:`MAPPING_NAMES`.

    Returns
    -------
    sympy.Expr
        The loss as a function of the margin :data:`T`, from the definition.

    Examples
    --------
    >>> two_class_nll("taylor")
    log(t**2/2 + t + 2)
    >>> two_class_nll("relu").subs(EPS, sp.Rational(1, 100))
    log(t + 1/50) + log(100)
    """
    piece = "positive" if name == "relu" else None
    g0 = g_definition(name, sp.S.Zero)
    gt = g_definition(name, T, piece)
    return sp.expand_log(-sp.log(g0 / (g0 + gt)), force=True)


@lru_cache(maxsize=8)
def two_class_slope(name: str) -> sp.Expr:
    r"""Return :math:`\partial(-\log q_1)/\partial t` at :math:`z = (0, t)`, simplified.

    Parameters
    ----------
    name : str
        One of :data:`MAPPING_NAMES` (``"relu"``: for :math:`t > 0`).

    Returns
    -------
    sympy.Expr
        SymPy's derivative of :func:`two_class_nll`, cancelled.

    Examples
    --------
    >>> two_class_slope("spherical").subs(EPS, sp.Rational(1, 100))
    2*t/(t**2 + 1/50)
    """
    return sp.factor_terms(sp.cancel(sp.diff(two_class_nll(name), T)))


# -- sparsemax ----------------------------------------------------------------------------------


def _tau_definition() -> sp.Expr:
    return (sp.Sum(z[_P], (_P, 1, SUPPORT)) - 1) / SUPPORT


def _in_support_rules(inside: bool) -> Callable[[sp.Piecewise], sp.Expr]:
    """Pick a Piecewise branch knowing whether the free index lies in ``1..|S|`` (and ``1..n``)."""

    def holds(cond: sp.Basic) -> bool:
        if cond is sp.true:
            return True
        parts = cond.args if isinstance(cond, sp.And) else (cond,)
        for part in parts:
            if not isinstance(part, (sp.Le, sp.Ge, sp.Lt, sp.Gt)):
                return False
            small, big = (
                (part.lhs, part.rhs)
                if isinstance(part, (sp.Le, sp.Lt))
                else (
                    part.rhs,
                    part.lhs,
                )
            )
            if small == 1 or big == n:
                continue
            if big == SUPPORT:
                if not inside:
                    return False
                continue
            return False
        return True

    def pick(pw: sp.Piecewise) -> sp.Expr:
        for branch, cond in pw.args:
            if holds(cond):
                return branch
        raise ValueError(f"sparsemax: cannot resolve {pw}")

    return pick


@lru_cache(maxsize=2)
def tau_gradient(inside: bool = True) -> Chain:
    r"""Derive :math:`\partial\tau/\partial z_i` on a fixed support: :math:`1/|S|` on it, else 0.

    Parameters
    ----------
    inside : bool, optional
        Whether :math:`i` is in the support.

    Returns
    -------
    Chain
        The definition of :math:`\tau`, differentiated.

    Examples
    --------
    >>> tau_gradient().result
    1/|S|
    >>> tau_gradient(False).result
    0
    """
    lhs = sp.Derivative(TauOf(z[i]), z[i])
    return Chain.start(lhs, sp.Derivative(_tau_definition(), z[i]), "definition of $\\tau$").then(
        "differentiate" + ("" if inside else ", $i \\notin S$"),
        lambda e: (
            canonical_sums(e.doit())
            .doit()
            .replace(lambda x: isinstance(x, sp.Piecewise), _in_support_rules(inside))
        ),
    )


def sparsemax_loss_definition(tau: sp.Expr) -> sp.Expr:
    r"""Return the sparsemax loss, support :math:`\{1, \dots, |S|\}`, threshold ``tau``.

    :math:`-\sum_m y_m z_m + \tfrac12 \sum_{m \in S}(z_m^2 - \tau^2) + \tfrac12 \sum_m y_m^2`.

    Parameters
    ----------
    tau : sympy.Expr
        The threshold (a symbol, :class:`TauOf`, or its definition).

    Returns
    -------
    sympy.Expr
        The loss.
    """
    return (
        -sp.Sum(y[m] * z[m], (m, 1, n))
        + sp.Rational(1, 2) * sp.Sum(z[m] ** 2 - tau**2, (m, 1, SUPPORT))
        + sp.Rational(1, 2) * sp.Sum(y[m] ** 2, (m, 1, n))
    )


@lru_cache(maxsize=2)
def sparsemax_loss_gradient(inside: bool = True) -> Chain:
    r"""Derive :math:`\partial L_{\mathrm{sparsemax}}/\partial z_i = \mathrm{sparsemax}(z)_i - y_i`.

    On a fixed support :math:`S = \{1, \dots, |S|\}`, for :math:`i` in it (``inside``) or not.

    Parameters
    ----------
    inside : bool, optional
        Whether :math:`i` is in the support.

    Returns
    -------
    Chain
        SymPy's derivative of the definition (:func:`sparsemax_loss_definition`), with
        :math:`\tau` as a function of the logits, the derived :math:`\partial\tau/\partial
        z_i`, and sparsemax's value there (:math:`z_i - \tau` in the support, 0 outside).

    Examples
    --------
    >>> sparsemax_loss_gradient().result
    -y[i] + sparsemax(z)[i]
    >>> sparsemax_loss_gradient(False).lines[-2][0]
    -y[i]
    """
    tau = TauOf(z[i])
    lhs = sp.Derivative(LOSS, z[i])
    definition = sp.Derivative(sparsemax_loss_definition(tau), z[i])
    where = "" if inside else ", $i \\notin S$"
    value = z[i] - TAU if inside else sp.S.Zero
    entry = Mapped("sparsemax", Z, i)

    def differentiate(e: sp.Derivative) -> sp.Expr:
        raw = e.doit().replace(lambda x: isinstance(x, sp.Piecewise), _in_support_rules(inside))
        return sp.expand(raw)

    def tau_slope(e: sp.Expr) -> sp.Expr:
        out = e.xreplace({sp.Derivative(tau, z[i]): tau_gradient(inside).result})
        return sp.expand(out).xreplace({tau: TAU})

    def fold(e: sp.Expr) -> sp.Expr:
        # Name sparsemax's value: z_i - tau on the support (0 outside), then check the result.
        out = sp.expand(e) - value + entry
        if sp.expand(out.xreplace({entry: value}) - e) != 0:
            raise ValueError("sparsemax_loss_gradient: folding changed the expression")
        return out

    # The chain starts from the derivative of the definition (shown on the page just above it):
    # the line with the whole loss under the derivative would not fit a screen.
    chain = Chain.start(
        lhs, differentiate(definition), "differentiate the definition" + where
    ).then("derived $\\partial\\tau/\\partial z_i$", tau_slope)
    word = "sparsemax on $S$" if inside else "sparsemax is $0$ off $S$"
    return chain.then(word, fold)


@lru_cache(maxsize=2)
def sparsemax_shift(inside: bool = True) -> Chain:
    r"""Derive :math:`\mathrm{sparsemax}(z + c\mathbf{1})_i` on a fixed support.

    Parameters
    ----------
    inside : bool, optional
        Whether :math:`i` is in the support.

    Returns
    -------
    Chain
        :math:`(z_i + c) - \tau(z + c\mathbf{1})` (or 0), :math:`\tau` of the shifted logits from
        its definition, and sparsemax's value at :math:`z`.

    Examples
    --------
    >>> sparsemax_shift().result
    sparsemax(z)[i]
    """
    shifted = Mapped("sparsemax", Z + SHIFT * ONE, i)
    entry = Mapped("sparsemax", Z, i)
    tau_shifted = _tau_definition().xreplace({z[_P]: z[_P] + SHIFT})
    if not inside:
        return Chain.start(shifted, sp.S.Zero, "$i \\notin S$: the threshold moves by $c$ too")

    def evaluate(e: sp.Expr) -> sp.Expr:
        out = sp.expand(canonical_sums(e).doit())
        # Name the threshold of z again: sum_{m in S} z_m = |S| tau + 1.
        return sp.expand(out.xreplace({sp.Sum(z[_P], (_P, 1, SUPPORT)): SUPPORT * TAU + 1}))

    def fold(e: sp.Expr) -> sp.Expr:
        if sp.expand(e - (z[i] - TAU)) != 0:
            raise ValueError("sparsemax_shift: not z_i - tau")
        return entry

    return (
        Chain.start(shifted, z[i] + SHIFT - tau_shifted, "definition on the support")
        .then("sum the shifted logits", evaluate)
        .then("$\\mathrm{sparsemax}(z)_i = z_i - \\tau$", fold)
    )
