r"""JavaScript from SymPy: the functions an interactive figure evaluates in the reader's browser.

Every formula a figure computes in the browser is a SymPy expression that the package derives
(and that a claim checks), printed by SymPy's JavaScript code printer (:func:`sympy.jscode`).
Nothing is typed in JavaScript by hand: a figure's own script only calls these functions.

The printer is SymPy's, with one addition: ``log1p`` and ``expm1`` (from
:mod:`sympy.codegen.cfunctions`) print as ``Math.log1p`` and ``Math.expm1``, which JavaScript has
and SymPy's printer does not list. Unsupported functions, unbound symbols and argument names
that are not JavaScript identifiers are errors, never a comment in the generated code.

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t", real=True)
>>> f = js_function("slope", {"t": t}, sp.exp(t) / (sp.exp(t) + 1))
>>> print(f.source())
function (t) {
  return Math.exp(t)/(Math.exp(t) + 1);
}
>>> float(f.numpy()(0.0))
0.5
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.printing.jscode import JavascriptCodePrinter

__all__ = ["JSFunction", "js_function", "js_object"]

#: A JavaScript identifier (ASCII letters, digits, ``_`` and ``$``; not starting with a digit).
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
#: Words JavaScript reserves (and names the generated code must not shadow).
_RESERVED = frozenset(
    {
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "implements",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "null",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
        "arguments",
        "eval",
        "undefined",
        "NaN",
        "Infinity",
        "Math",
    }
)
#: Functions JavaScript's ``Math`` has and SymPy's printer does not list.
_EXTRA_FUNCTIONS = {"log1p": "Math.log1p", "expm1": "Math.expm1"}


def _printer() -> JavascriptCodePrinter:
    return JavascriptCodePrinter(
        {"user_functions": _EXTRA_FUNCTIONS, "strict": True, "error_on_reserved": True}
    )


@dataclass(frozen=True)
class JSFunction:
    r"""A SymPy expression as a function of named arguments, for JavaScript and for NumPy.

    Attributes
    ----------
    name : str
        The function's name in the figure's table of functions (a JavaScript identifier).
    args : tuple of (str, sympy.Symbol)
        The arguments, in order: each JavaScript name and the SymPy symbol it stands for.
    expr : sympy.Expr
        The expression, in the symbols of ``args``.

    Examples
    --------
    >>> x = sp.Symbol("x", positive=True)
    >>> f = js_function("root", {"x": x}, sp.sqrt(x))
    >>> f.arg_names, f.body()
    (('x',), 'Math.sqrt(x)')
    """

    name: str
    args: tuple[tuple[str, sp.Symbol], ...]
    expr: sp.Expr

    @property
    def arg_names(self) -> tuple[str, ...]:
        """The JavaScript names of the arguments, in order.

        Returns
        -------
        tuple of str
            One name per argument.
        """
        return tuple(a for a, _ in self.args)

    def body(self) -> str:
        """Return the JavaScript expression (SymPy's printer, arguments renamed).

        Returns
        -------
        str
            One JavaScript expression in the argument names.

        Examples
        --------
        >>> x = sp.Symbol("x")
        >>> js_function("square_log", {"u": x}, sp.log(1 + x) ** 2).body()
        'Math.pow(Math.log(u + 1), 2)'
        """
        renamed = {sym: sp.Symbol(js, **_assumptions(sym)) for js, sym in self.args}
        return _printer().doprint(self.expr.xreplace(renamed))

    def source(self) -> str:
        """Return the function as a JavaScript function expression.

        Returns
        -------
        str
            ``function (args) { return ...; }`` on three lines.

        Examples
        --------
        >>> x = sp.Symbol("x")
        >>> print(js_function("half", {"x": x}, x / 2).source())
        function (x) {
          return (1/2)*x;
        }
        """
        return f"function ({', '.join(self.arg_names)}) {{\n  return {self.body()};\n}}"

    def numpy(self) -> Callable[..., Any]:
        """Return the same expression as a vectorised NumPy function (``lambdify``).

        Returns
        -------
        callable
            ``f(*args)`` with the arguments in the order of :attr:`args`.

        Examples
        --------
        >>> x = sp.Symbol("x")
        >>> float(js_function("half", {"x": x}, x / 2).numpy()(3.0))
        1.5
        """
        return sp.lambdify([sym for _, sym in self.args], self.expr, modules="numpy")


def _assumptions(sym: sp.Symbol) -> dict[str, bool]:
    # Only the assumptions the symbol was made with (the printer ignores them; is_zero keeps
    # them, so a renamed expression simplifies as the original does).
    return {k: v for k, v in sym.assumptions0.items() if v is not None}


def js_function(name: str, args: Mapping[str, sp.Symbol], expr: sp.Expr) -> JSFunction:
    """Make a :class:`JSFunction`, checking that JavaScript can evaluate it.

    Parameters
    ----------
    name : str
        The function's name (a JavaScript identifier).
    args : mapping of str to sympy.Symbol
        JavaScript argument names and the symbols they stand for, in order.
    expr : sympy.Expr
        The expression; every free symbol must be one of ``args``.

    Returns
    -------
    JSFunction
        The function, printed once already (so a printing error surfaces here).

    Raises
    ------
    ValueError
        If a name is not a JavaScript identifier (or is a reserved word), a free symbol of
        ``expr`` is not an argument, or the printer cannot print ``expr`` (an unsupported
        function).

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> js_function("f", {"x": x}, x + y)
    Traceback (most recent call last):
    ...
    ValueError: js_function: f uses symbols that are not arguments: y
    """
    for label in (name, *args):
        if not _IDENTIFIER.match(label) or label in _RESERVED:
            raise ValueError(f"js_function: {label!r} is not a JavaScript identifier")
    expr = sp.sympify(expr)
    unbound = expr.free_symbols - set(args.values())
    if unbound:
        names = ", ".join(sorted(str(s) for s in unbound))
        raise ValueError(f"js_function: {name} uses symbols that are not arguments: {names}")
    function = JSFunction(name, tuple(args.items()), expr)
    try:
        function.body()
    except Exception as err:  # SymPy raises several kinds for what it cannot print
        raise ValueError(f"js_function: SymPy cannot print {name} as JavaScript: {err}") from err
    return function


def js_object(functions: Iterable[JSFunction]) -> str:
    """Return a JavaScript object literal holding the functions, by name.

    Parameters
    ----------
    functions : iterable of JSFunction
        The functions (distinct names).

    Returns
    -------
    str
        ``{name: function (...) {...}, ...}``, in the order given.

    Raises
    ------
    ValueError
        If two functions have the same name.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> print(js_object([js_function("double", {"x": x}, 2 * x)]))
    {
      "double": function (x) {
        return 2*x;
      }
    }
    """
    functions = list(functions)
    names = [f.name for f in functions]
    if len(set(names)) != len(names):
        raise ValueError(f"js_object: repeated function names in {names}")
    entries = []
    for f in functions:
        source = f.source().replace("\n", "\n  ")
        entries.append(f'  "{f.name}": {source}')
    return "{\n" + ",\n".join(entries) + "\n}"
