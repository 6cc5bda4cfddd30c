r"""Unevaluated vector functions: they print as the pages write them and evaluate on ``doit()``.

In the spirit of ampform's unevaluated expressions: :class:`LSE` prints
:math:`\mathrm{LSE}(z)` (or :math:`\mathrm{LSE}(z + c\mathbf{1})`) and its ``doit()`` is the
sum :math:`\log \sum_{m=1}^{n} e^{z_m + c}`; :class:`Softmax` prints
:math:`\mathrm{softmax}(z + c\mathbf{1})_i` and evaluates to :math:`e^{z_i + c}/\sum_m e^{z_m + c}`.
The argument is an expression in the whole-vector symbols :data:`Z` (the logits :math:`z`) and
:data:`ONE` (the vector of ones); ``doit()`` reads it entrywise.
"""

from __future__ import annotations

import sympy as sp

from .symbols import general_symbols

__all__ = ["LSE", "ONE", "Softmax", "Z", "entry"]

#: The logit vector as a whole, :math:`z` (an entry is ``general_symbols().z[i]``).
Z = sp.Symbol("z", real=True)
#: The vector of ones, :math:`\mathbf{1}`.
ONE = sp.Symbol(r"\mathbf{1}", positive=True)


def entry(vector: sp.Expr, index: sp.Expr) -> sp.Expr:
    """Entry ``index`` of a vector expression in :data:`Z` and :data:`ONE`.

    Parameters
    ----------
    vector : sympy.Expr
        E.g. ``Z + c*ONE``.
    index : sympy.Expr
        An integer index symbol.

    Returns
    -------
    sympy.Expr
        The entry, in the indexed logits ``z[index]``.

    Examples
    --------
    >>> from derivations.symbolic.symbols import general_symbols
    >>> c = sp.Symbol("c")
    >>> entry(Z + c * ONE, general_symbols().i)
    c + z[i]
    >>> g = general_symbols()
    >>> entry(Z - g.z[g.n] * ONE, g.i)
    z[i] - z[n]
    """
    vector = sp.sympify(vector)
    # Entries such as z_n in z - z_n 1 keep their own index (their base is also named z).
    held = {e: sp.Dummy() for e in vector.atoms(sp.Indexed)}
    out = vector.xreplace(held).xreplace({Z: general_symbols().z[index], ONE: sp.S.One})
    return out.xreplace({dummy: e for e, dummy in held.items()})


def _vector_latex(printer: sp.printing.latex.LatexPrinter, vector: sp.Expr) -> str:
    """Print a vector argument; a quotient inline, as a page writes it: ``z/T``."""
    numerator, denominator = sp.fraction(vector)
    if denominator == 1 or not isinstance(vector, sp.Mul):
        return printer._print(vector)
    return f"{printer._print(numerator)}/{printer._print(denominator)}"


class _VectorFunction(sp.Expr):
    """Shared behaviour: real, commutative, derivatives and substitutions through ``doit``."""

    is_commutative = True
    is_real = True
    is_finite = True

    def _eval_derivative(self, symbol: sp.Symbol) -> sp.Expr:
        return sp.diff(self.doit(), symbol)

    @property
    def vector(self) -> sp.Expr:
        """The argument (an expression in :data:`Z` and :data:`ONE`)."""
        return self.args[0]


class LSE(_VectorFunction):  # numpydoc ignore=PR02
    r"""Log-sum-exp :math:`\mathrm{LSE}(v) = \log \sum_{m=1}^{n} e^{v_m}`, unevaluated.

    Parameters
    ----------
    vector : sympy.Expr, optional
        The argument, default :data:`Z`.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> LSE().doit()
    log(Sum(exp(z[m]), (m, 1, n)))
    >>> c = sp.Symbol("c", real=True)
    >>> latex(LSE(Z + c * ONE))
    '\\mathrm{LSE}(z + c \\mathbf{1})'
    """

    def __new__(cls, vector: sp.Expr = Z) -> LSE:
        """Create the log-sum-exp of ``vector``."""
        return super().__new__(cls, sp.sympify(vector))

    def doit(self, **hints: object) -> sp.Expr:
        r"""Return the sum this stands for.

        Parameters
        ----------
        **hints : object
            SymPy's ``doit`` hints; not used (the result is always evaluated).

        Returns
        -------
        sympy.Expr
            :math:`\log \sum_{m=1}^{n} e^{v_m}`, in entries of :data:`Z`.
        """
        g = general_symbols()
        return sp.log(sp.Sum(sp.exp(entry(self.vector, g.m)), (g.m, 1, g.n)))

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return rf"\mathrm{{LSE}}({_vector_latex(printer, self.vector)})"

    def _sympystr(self, printer: object) -> str:
        return f"LSE({self.vector})"  # what the doctests and error messages show


class Softmax(_VectorFunction):  # numpydoc ignore=PR02
    r"""Softmax entry :math:`\mathrm{softmax}(v)_i = e^{v_i} / \sum_{m=1}^{n} e^{v_m}`, unevaluated.

    Parameters
    ----------
    vector : sympy.Expr
        The argument, e.g. :data:`Z` or ``Z + c*ONE``.
    index : sympy.Expr
        The entry, an integer index symbol.

    Examples
    --------
    >>> from derivations.symbolic.display import latex
    >>> g = general_symbols()
    >>> Softmax(Z, g.i).doit()
    exp(z[i])/Sum(exp(z[m]), (m, 1, n))
    >>> latex(Softmax(Z - Z, g.i))
    '\\mathrm{softmax}(0)_{i}'
    >>> latex(Softmax(Z / sp.Symbol("T", positive=True), g.i))
    '\\mathrm{softmax}(z/T)_{i}'
    """

    def __new__(cls, vector: sp.Expr, index: sp.Expr) -> Softmax:
        """Create entry ``index`` of the softmax of ``vector``."""
        return super().__new__(cls, sp.sympify(vector), sp.sympify(index))

    @property
    def index(self) -> sp.Expr:
        """The entry's index.

        Returns
        -------
        sympy.Expr
            An integer index symbol.
        """
        return self.args[1]

    def doit(self, **hints: object) -> sp.Expr:
        r"""Return the quotient this stands for.

        Parameters
        ----------
        **hints : object
            SymPy's ``doit`` hints; not used (the result is always evaluated).

        Returns
        -------
        sympy.Expr
            :math:`e^{v_i} / \sum_{m=1}^{n} e^{v_m}`, in entries of :data:`Z`.
        """
        g = general_symbols()
        total = sp.Sum(sp.exp(entry(self.vector, g.m)), (g.m, 1, g.n))
        return sp.exp(entry(self.vector, self.index)) / total

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return (
            rf"\mathrm{{softmax}}({_vector_latex(printer, self.vector)})"
            rf"_{{{printer._print(self.index)}}}"
        )

    def _sympystr(self, printer: object) -> str:
        return f"softmax({self.vector})[{self.index}]"
