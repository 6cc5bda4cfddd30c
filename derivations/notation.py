r"""The site's notation: one symbol per meaning, on every page, caption, axis label and docstring.

``NOTATION`` is the table the notation page shows: each :class:`Entry` gives a symbol, its
meaning, a regular expression ``uses`` that finds the symbol in a page's math, and ``avoid``
patterns: other spellings of the meaning, or other meanings given to the symbol, that the pages
must not use (``p`` for the divide-by-sum output, ``s_y`` for the true class's probability, ``k``
as a summation index, ``c`` as a class, ...). Which page uses a symbol first is not typed: it is
read from the built pages (most of their math is glued from SymPy when they run) with
:func:`first_pages`, which the notation page's build step calls (``tools/sphinxext/notation.py``).
:func:`math_text` puts a piece of LaTeX into the one form the patterns are written for, and
:func:`symbols_in` lists the symbols a piece of math uses, so a test can check that the table
lists every symbol of every page. The SymPy symbols that print these names live in
:mod:`derivations.symbolic.symbols`; figures take their axis labels from ``LABELS``.

.. rubric:: Examples

>>> [e.symbol for e in NOTATION][:3]
['n', 'z = (z_1, \\dots, z_n)', 'i, j, \\ell']
>>> math_text(r"\frac{\partial {s}_{k}}{\partial {z}_{j}} \text{ for every $j$}")
'\\frac{\\partial s_k}{\\partial z_j} j'
>>> LABELS["margin"]
'margin $t$'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "FIRST_USE_ROLE",
    "LABELS",
    "NOTATION",
    "OPERATORS",
    "Entry",
    "first_pages",
    "math_text",
    "notation_markdown",
    "symbol_pattern",
    "symbols_in",
]

#: Commands whose argument is one symbol in a font (``\mathbf{x}`` is not the letter ``x``).
_FONTS = ("mathbf", "mathbb", "mathcal", "mathrm", "operatorname", "boldsymbol")
#: Greek letters (and ``\ell``), which are symbols; every other command is an operator or spacing.
_GREEK = frozenset(
    re.findall(
        r"\w+",
        "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu "
        "xi pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
        "Upsilon Phi Psi Omega ell",
    )
)
#: Words in a font that are operators or names, not symbols of the argument.
OPERATORS = frozenset(
    (
        r"\mathrm{d}",  # the d of an integral
        r"\mathrm{const}",
        r"\mathrm{diag}",
        r"\mathrm{arg min}",
        r"\mathrm{arg max}",
        r"\mathrm{span}",
        r"\mathrm{NaN}",
        r"\mathrm{float16}",
        r"\mathrm{float32}",
        r"\mathrm{float64}",
        r"\operatorname{sign}",
        r"\operatorname{rank}",
        r"\operatorname{diag}",
    )
)
_TEXT = re.compile(r"\\(?:text|textrm|textit|mbox|label|tag)\s*\{")
_TOKEN = re.compile(
    r"\\(" + "|".join(_FONTS) + r")\s*\{([^{}]*)\}|\\([A-Za-z]+)|(?<![A-Za-z])([A-Za-z])"
)


def math_text(tex: str) -> str:
    r"""Put LaTeX into the one form that the ``uses`` and ``avoid`` patterns are written for.

    The words of ``\text{...}`` go (the math inside them, ``$...$``, stays); environments, line
    breaks, ``\left``/``\right`` and spacing commands go; SymPy's braces around an indexed name
    and around a one-character subscript go (``{z}_{k}`` is ``z_k``); runs of spaces become one.

    Parameters
    ----------
    tex : str
        LaTeX of a piece of math, as a page shows it.

    Returns
    -------
    str
        The same math in normal form.

    Examples
    --------
    >>> math_text(r"\begin{aligned}x &= \left({y}_{k} + 1\right) && \text{by $(2)$}\end{aligned}")
    'x &= (y_k + 1) && (2)'
    """
    out, i = [], 0
    while (m := _TEXT.search(tex, i)) is not None:
        out.append(tex[i : m.start()])
        depth, j = 1, m.end()
        while j < len(tex) and depth:
            depth += {"{": 1, "}": -1}.get(tex[j], 0)
            j += 1
        out.append(" " + " ".join(re.findall(r"\$([^$]*)\$", tex[m.end() : j - 1])) + " ")
        i = j
    text = "".join(out) + tex[i:]
    text = text.replace("\\\\", " ")
    # An array's column specification ({@{}l@{}}) is layout, not letters.
    text = re.sub(r"\\begin\{array\}\{(?:[^{}]|\{[^{}]*\})*\}", " ", text)
    text = re.sub(r"\\(?:begin|end)\{[^}]*\}", " ", text)
    text = re.sub(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![A-Za-z])\s*\.?", "", text)
    text = re.sub(r"\\(?:displaystyle|textstyle|quad|qquad)(?![A-Za-z])|\\[,;:! ]", " ", text)
    text = re.sub(r"(?<![A-Za-z])\{([A-Za-z]|\\[A-Za-z]+)\}(?=[_^])", r"\1", text)
    text = re.sub(r"_\{([A-Za-z0-9])\}", r"_\1", text)
    return re.sub(r"\s+", " ", text).strip()


def symbol_pattern(*symbols: str) -> str:
    r"""Return a regular expression that finds any of ``symbols`` in math (see :func:`math_text`).

    Parameters
    ----------
    *symbols : str
        Each a letter (``"x"``), a command (``r"\beta"``) or a symbol in a font
        (``r"\mathbf{x}"``, ``r"\mathrm{LSE}"``).

    Returns
    -------
    str
        A letter matches only on its own (not inside a word, a command or a font's argument).

    Examples
    --------
    >>> pattern = symbol_pattern("x")
    >>> [bool(re.search(pattern, t)) for t in (r"x_i", r"\mathbf{x}", r"\max z", r"e^{x}")]
    [True, False, False, True]
    """
    alternatives = []
    for symbol in symbols:
        if re.fullmatch(r"[A-Za-z]", symbol):
            fonts = "".join(rf"(?<!\\{font}\{{)" for font in _FONTS)
            alternatives.append(rf"(?<![\\A-Za-z]){fonts}{symbol}(?![A-Za-z])")
        else:
            alternatives.append(re.escape(symbol) + r"(?![A-Za-z])")
    return "|".join(alternatives)


def symbols_in(tex: str) -> set[str]:
    r"""Return the symbols a piece of math uses: letters, Greek letters, symbols in a font.

    Operators and spacing (``\log``, ``\sum``, ``\frac``, ...) and the names in ``OPERATORS``
    are not symbols; the words of ``\text{...}`` are not math.

    Parameters
    ----------
    tex : str
        LaTeX of a piece of math.

    Returns
    -------
    set of str
        Each symbol as LaTeX: ``"x"``, ``"\beta"``, ``"\mathbf{x}"``.

    Examples
    --------
    >>> sorted(symbols_in(r"\mathrm{LSE}(z) = \log \sum_{m=1}^{n} e^{z_m} \text{ for all $\beta$}"))
    ['\\beta', '\\mathrm{LSE}', 'e', 'm', 'n', 'z']
    """
    found = set()
    for m in _TOKEN.finditer(math_text(tex)):
        font, argument, command, letter = m.groups()
        if font:
            found.add(rf"\{font}{{{argument.strip()}}}")
        elif command:
            if command in _GREEK:
                found.add("\\" + command)
        else:
            found.add(letter)
    return found - OPERATORS


@dataclass(frozen=True)
class Entry:
    r"""One line of the notation table.

    Attributes
    ----------
    symbol : str
        LaTeX of the symbol as the pages write it.
    meaning : str
        What it means (MyST text; math in ``$...$``).
    uses : str
        Regular expression that finds the symbol in a page's math (in the form of
        :func:`math_text`); by default :func:`symbol_pattern` of ``symbol``, which must then be
        one symbol.
    avoid : tuple of str
        Regular expressions for other spellings of this meaning, or other meanings of this
        symbol, that the pages must not use (matched against their math in the form of
        :func:`math_text`, and against their Markdown source).
    """

    symbol: str
    meaning: str
    uses: str = ""
    avoid: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.uses:
            object.__setattr__(self, "uses", symbol_pattern(self.symbol))

    def used_in(self, math: str) -> bool:
        """Tell whether a piece of math uses this symbol.

        Parameters
        ----------
        math : str
            LaTeX in the form of :func:`math_text`.

        Returns
        -------
        bool
            Whether ``uses`` matches anywhere in it.
        """
        return re.search(self.uses, math) is not None


#: A letter on its own (for the patterns below).
_L = symbol_pattern
#: A subscript, braced or not, in the form of :func:`math_text` (``_k``, ``_{jk}``).
_SUB = r"_\{?"

NOTATION: tuple[Entry, ...] = (
    Entry("n", "number of classes"),
    Entry(
        r"z = (z_1, \dots, z_n)",
        "the logits: the last layer's outputs, one real number per class",
        _L("z"),
        # A logit that is not the vector z: the landing figure's axis once wrote z = (u, 0, 0).
        avoid=(r"z\s*=\s*\(u\s*,",),
    ),
    Entry(
        r"i, j, \ell",
        r"class indices, from $1$ to $n$ ($\ell$ where a third is needed, as for a vertex "
        r"$e_\ell$ of the simplex)",
        _L("i", "j", r"\ell"),
        # Classes are numbered from 1; a third index is \ell, not the letter l.
        avoid=(r"\bclass 0\b", _SUB + r"l\}?(?![A-Za-z])"),
    ),
    Entry(
        "k",
        "the true class of a sample (never an index that runs over the classes)",
        avoid=(
            r"s_\{?y\}?\b",
            r"s_\{?y\}",
            r"z_y",
            # k as an index: summed over, in a Hessian or Jacobian entry, Luce's third class,
            # the gradient of log-sum-exp, s_k - y_k for a general target.
            r"\\sum_\{?k(?![A-Za-z])",
            r"(?<![A-Za-z])H_\{?[ij],?\s*k\}?",
            r"(?<![A-Za-z])J_\{?k\s*,",
            r"(?<![A-Za-z])P_\{?k\}?(?![A-Za-z])",
            r"\\mathrm\{LSE\}\(z\)\}\{\\partial z_k\}",
            r"(?<![A-Za-z])s_k\s*-\s*y_k",
        ),
    ),
    Entry(
        r"m",
        r"the summation index over the classes, as in $\sum_{m=1}^{n} e^{z_m}$",
        avoid=(r"(?<![\\A-Za-z_])m\s*=\s*\\max",),
    ),
    Entry(
        "e",
        r"Euler's number, as in $e^{z_i}$ (the unit vectors are $e_i$, below)",
        r"(?<![\\A-Za-z])e\^",
        # e_j for e^{z_j} would be a unit vector.
        avoid=(r"(?<![\\A-Za-z])e_\{?[a-z0-9]\}?\s*=\s*e\^",),
    ),
    Entry(
        r"s = \mathrm{softmax}(z)",
        r"the softmax output, $s_i = e^{z_i} / \sum_{m=1}^{n} e^{z_m}$",
        _L("s", r"\mathrm{softmax}"),
    ),
    Entry(
        r"e_i",
        r"the $i$-th unit vector (one-hot): $1$ in entry $i$, $0$ elsewhere",
        r"(?<![\\A-Za-z])e_",
    ),
    Entry(
        "y",
        r"the target: the one-hot vector $e_k$ of the true class $k$, or a distribution over the "
        r"classes (in the binary case, a label $y \in \{0, 1\}$)",
    ),
    Entry(
        r"\mathrm{CE}",
        r"cross-entropy (negative log-likelihood) $-\sum_i y_i \log s_i$, a function of the logits",
        avoid=(r"\\mathrm\{CE\}\(s\b", r"\\mathrm\{CE\}\(q\b"),
    ),
    Entry(
        r"L",
        r"squared error on the softmax, $\tfrac12 \lVert s - y \rVert^2$",
        _L("L") + "(?!_)",
    ),
    Entry(
        "t",
        r"the margin: how far the best wrong logit is ahead of the true one, "
        r"$t = \max_{j \ne k} z_j - z_k$; $t > 0$ means the model is wrong",
        avoid=(r"\bd\s*=\s*z_", r"\\sigma\(d\)"),
    ),
    Entry(
        r"x",
        r"numbers that are divided by their sum, $x \in \mathbb{R}^n$",
        # log x <= x - 1 is an inequality in a variable of its own (write u).
        avoid=(r"\\log\s*\(?x\)?\s*(?:\\le|\\leq)",),
    ),
    Entry(
        "q",
        r"the result of dividing by the sum, $q_i = x_i / \sum_{m=1}^{n} x_m$",
        avoid=(r"p_i\s*=\s*\\frac\{x_i\}", r"p_k\s*=\s*x_k"),
    ),
    Entry(
        r"\phi",
        r"a positive function of one logit: dividing $x_i = \phi(z_i)$ by the sum gives "
        r"$q_i = \phi(z_i) / \sum_{m=1}^{n} \phi(z_m)$, the softmax for $\phi = \exp$",
        avoid=(r"(?<![\\A-Za-z])f\(z", r"\\varphi"),
    ),
    Entry(
        r"c",
        r"a constant: added to every logit, $z + c\mathbf{1}$, or multiplying them, $cz$",
        # c as a class (e_c, z_c, delta_ic, c != k) or as the experiment's lead (b = c e_1).
        avoid=(
            r"(?<![\\A-Za-z])[eszyqxp]_\{?c\}?(?![A-Za-z])",
            r"\\delta_\{?[a-z]c\}?",
            r"(?<![\\A-Za-z])c\s*(?:\\ne|\\neq|=)\s*k(?![A-Za-z])",
            r"(?<![A-Za-z])b\s*=\s*c\s*e_",
        ),
    ),
    Entry(r"\mathbf{1}", "the vector of ones"),
    Entry(r"\mathbb{R}", r"the real numbers; the logits are a vector $z \in \mathbb{R}^n$"),
    Entry(r"\varepsilon", "a small positive number"),
    Entry(r"\delta_{ij}", r"Kronecker delta: $1$ if $i = j$, else $0$", _L(r"\delta")),
    Entry(r"\mathrm{LSE}(z)", r"log-sum-exp, $\log \sum_{m=1}^{n} e^{z_m}$", _L(r"\mathrm{LSE}")),
    Entry(r"\max z", r"the largest logit, $\max_j z_j$", r"\\max(?:_\{?j\}?)? z(?![_A-Za-z])"),
    Entry(r"v", r"a direction in the space of logits, $v \in \mathbb{R}^n$"),
    Entry(
        r"p",
        r"a distribution over the $n$ classes (a point of $\Delta$): the unknown of the "
        r"maximum-entropy problem, or the true distribution that a proper loss recovers",
    ),
    Entry(
        r"\Delta",
        r"the probability simplex: the distributions $p$ on the $n$ classes",
    ),
    Entry(
        r"\mathcal{H}(p)",
        r"entropy of a distribution $p$, $-\sum_{m=1}^{n} p_m \log p_m$ (not the Hessian $H$)",
        _L(r"\mathcal{H}"),
        avoid=(r"\bH\(p\)",),
    ),
    Entry(r"\mu", r"a given expected score $\sum_i p_i z_i$"),
    Entry(
        r"\beta, \; \lambda",
        r"Lagrange multipliers of the expected score and of $\sum_i p_i = 1$; "
        r"$\beta = 1/T$ is the inverse temperature",
        _L(r"\beta", r"\lambda"),
    ),
    Entry(r"\mathcal{L}", "the Lagrangian of the maximum-entropy problem"),
    Entry(
        r"\mathrm{KL}(p \Vert s)",
        r"Kullback-Leibler divergence, $\sum_i p_i \log(p_i / s_i)$",
        _L(r"\mathrm{KL}"),
        # The divergence's bar is the double one.
        avoid=(r"\\mathrm\{KL\}\(p\s*(?:\\,)?\s*(?<!\\)\|",),
    ),
    Entry(
        r"P_i",
        r"the probability that a choice rule picks class $i$, or that class $i$ wins a noisy "
        r"race; $P(i \mid \mathbf{x}; \theta) = s_i$, the model's probability of class $i$ for "
        r"the input $\mathbf{x}$",
        r"(?<![\\A-Za-z])P_",
    ),
    Entry(
        r"\rho",
        r"the odds of two classes as a function of their score difference, "
        r"$P_i / P_j = \rho(z_i - z_j)$",
    ),
    Entry(
        r"\xi_1, \xi_2",
        r"two real numbers: the arguments of Cauchy's functional equation "
        r"$\rho(\xi_1 + \xi_2) = \rho(\xi_1)\,\rho(\xi_2)$",
        _L(r"\xi"),
    ),
    Entry(
        r"u",
        r"the argument of a function of one real number, as in $\phi(u)$, $\sigma(u)$, "
        r"$\rho(u)$",
        _L("u") + r"(?!_\{?[a-z])",
    ),
    Entry(
        r"u_m",
        r"the gap from a logit to the largest, $u_m = z_m - \max z \le 0$",
        r"(?<![\\A-Za-z])u_\{?[a-z]",
    ),
    Entry(
        r"\gamma_i; \; f, F",
        r"standard Gumbel noise added to logit $i$; its density $f$ and distribution function "
        r"$F(u) = e^{-e^{-u}}$",
        _L(r"\gamma", "f", "F"),
    ),
    Entry(r"\omega", "the variable of integration that the Gumbel race's integral substitutes"),
    Entry(
        r"N, \; r",
        r"number of training samples, and the sample index: sample $r$ is "
        r"$(\mathbf{x}^{(r)}, k^{(r)})$",
        _L("N", "r"),
        avoid=(
            r"\^\{\(k\)\}",
            r"\bm\s+samples",
            r"\\sum_\{k=1\}\^\{m\}",
            # N draws of a simulation are not samples.
            r"\(1\s*-\s*s_i\)\s*/\s*N",
        ),
    ),
    Entry(r"M", "the number of draws of a simulation (the Gumbel race)"),
    Entry(r"\mathbf{x}", "the input of the network"),
    Entry(r"\theta", "the network's parameters"),
    Entry(r"J", r"the softmax Jacobian, $J_{ij} = \partial s_i / \partial z_j$"),
    Entry(
        r"\tau",
        r"sparsemax's threshold: $\mathrm{sparsemax}(z)_i = \max(z_i - \tau, 0)$",
    ),
    Entry(
        r"\mathrm{sparsemax}(z)",
        r"the point of the simplex $\Delta$ closest to $z$",
        _L(r"\mathrm{sparsemax}"),
    ),
    Entry(r"S", r"sparsemax's support: the classes it gives a positive probability"),
    Entry(
        r"L_{\mathrm{sparsemax}}",
        "the sparsemax loss of Martins and Astudillo",
        r"(?<![\\A-Za-z])L_\{?\\mathrm\{sparsemax\}",
    ),
    Entry(r"\sigma", r"the logistic sigmoid, $\sigma(u) = 1/(1 + e^{-u})$"),
    Entry(r"\zeta", r"softplus, $\zeta(u) = \log(1 + e^{u})$"),
    Entry(
        r"\mathbb{E}",
        r"expectation: $\mathbb{E}_{y \sim p}$ averages over targets $y$ drawn from $p$",
    ),
    Entry(
        r"a",
        r"the output of one sigmoid unit, $a = \sigma(z)$ (Nielsen's notation)",
    ),
    Entry(
        r"w, b; \; W",
        r"weight and bias: of one sigmoid unit with the input $1$, $z = w + b$ (Nielsen's "
        r"notation); of the "
        r"digits model, $z = W^\top \mathbf{x} + b$ (a matrix $W$ and a vector $b$)",
        _L("w", "b", "W"),
        # a and b as any two numbers: the output and the bias are not.
        avoid=(
            r"e\^\{a\s*\+\s*b\}",
            r"(?<![\\A-Za-z])a\s*e\^\{b\s*u\}",
            r"\\log\s*\(a\s*b\)",
        ),
    ),
    Entry(r"\eta", "the learning rate of gradient descent"),
    Entry(
        r"C",
        r"a cost of a sigmoid unit, as a function of its output $a$ (Nielsen's notation); "
        r"the quadratic cost is $\tfrac12 (a - y)^2$",
    ),
    Entry(r"H", r"the Hessian of the cross-entropy in the logits"),
    Entry(r"T", "temperature: the softmax of $z / T$"),
    Entry(
        r"g",
        r"the smallest gap between the largest logit and the others (a unique largest logit)",
    ),
    Entry(r"R", r"the spread of the logits, $\max z - \min z$"),
    Entry(r"\Omega", "the largest finite number of a floating-point format"),
)

#: Axis labels and legend entries the figures use (matplotlib mathtext).
LABELS: dict[str, str] = {
    "margin": "margin $t$",
    "wrong_logit": "wrong logit $t$",
    "ce": r"$\mathrm{CE}$",
    "mse": "$L$",
    "ce_slope": r"$\partial\mathrm{CE}/\partial t$",
    "mse_slope": r"$\partial L/\partial t$",
    "slope": "slope",
    "second_derivative": "second derivative in $t$",
    "probability": "probability",
    "logit_1": "logit $z_1$",
    "temperature": "temperature $T$",
    "epoch": "epoch",
    "accuracy": "accuracy",
    "cost": "cost",
    "quadratic_cost": r"quadratic cost $\frac{1}{2}(a - y)^2$",
    "sigmoid_ce": r"cross-entropy $\mathrm{CE}$",
    "train_accuracy": "training accuracy",
}


def first_pages(
    pages: Iterable[tuple[str, Iterable[str]]], entries: Sequence[Entry] | None = None
) -> dict[Entry, str | None]:
    r"""Find, for each entry, the first page whose math uses its symbol.

    Parameters
    ----------
    pages : iterable of (str, iterable of str)
        Each page's name and the LaTeX of its math, in reading order.
    entries : sequence of Entry, optional
        The entries; default ``NOTATION``.

    Returns
    -------
    dict
        Entry -> the name of the first page that uses it, or ``None`` if no page does.

    Examples
    --------
    >>> pages = [("index", [r"s_i = e^{z_i}"]), ("binary", [r"\sigma(u)"])]
    >>> found = first_pages(pages)
    >>> found[NOTATION[0]], found[NOTATION[1]], found[_entry(r"\sigma")]
    (None, 'index', 'binary')
    """
    chosen = NOTATION if entries is None else entries
    found: dict[Entry, str | None] = dict.fromkeys(chosen)
    for name, maths in pages:
        text = "\n".join(math_text(m) for m in maths)
        for entry in chosen:
            if found[entry] is None and entry.used_in(text):
                found[entry] = name
    return found


def _entry(symbol: str) -> Entry:
    return next(e for e in NOTATION if e.symbol == symbol)


#: The role that the notation page's build step replaces by a link to the entry's first page.
FIRST_USE_ROLE = "first-use"


def notation_markdown(entries: Sequence[Entry] | None = None) -> str:
    """Render the notation table as MyST Markdown (symbol, meaning, first page).

    Parameters
    ----------
    entries : sequence of Entry, optional
        The rows, each an entry of ``NOTATION``; default all of them.

    Returns
    -------
    str
        A Markdown table. Its last column holds the role ``{first-use}`<number>``` (the entry's
        place in ``NOTATION``), which the site's build replaces by a link to the first page that
        uses the symbol (``tools/sphinxext/notation.py``), and it sorts the rows in that order.

    Raises
    ------
    ValueError
        If ``entries`` is empty, or holds an entry that is not in ``NOTATION``.

    Examples
    --------
    >>> print(notation_markdown(NOTATION[:1]))
    | symbol | meaning | first used on |
    |---|---|---|
    | $n$ | number of classes | {first-use}`0` |
    <BLANKLINE>
    """
    chosen = NOTATION if entries is None else entries
    if not chosen:
        raise ValueError("notation_markdown: no entries")
    rows = ["| symbol | meaning | first used on |", "|---|---|---|"]
    for e in chosen:
        if e not in NOTATION:
            raise ValueError(f"notation_markdown: {e.symbol!r} is not an entry of NOTATION")
        meaning = e.meaning.replace("|", r"\|")  # a bar would end the table cell
        rows.append(f"| ${e.symbol}$ | {meaning} | {{{FIRST_USE_ROLE}}}`{NOTATION.index(e)}` |")
    return "\n".join(rows) + "\n"
