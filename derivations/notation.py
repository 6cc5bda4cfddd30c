r"""The site's notation: one symbol per meaning, on every page, caption, axis label and docstring.

``NOTATION`` is the table the notation page shows (symbol, meaning, the page where it first
appears). The SymPy symbols that print these names live in :mod:`derivations.symbolic.symbols`;
figures take their axis labels from ``LABELS``; a test reads every page against
``NOTATION``'s ``avoid`` patterns, which are the ways the same meaning was once written
differently (``p`` for the divide-by-sum output, ``s_y`` for the true class's probability,
``d`` for the margin, ...).

Examples
--------
>>> [e.symbol for e in NOTATION][:3]
['n', 'z = (z_1, \\dots, z_n)', 'i, j']
>>> LABELS["margin"]
'margin $t$'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LABELS", "NOTATION", "Entry", "notation_markdown"]


@dataclass(frozen=True)
class Entry:
    r"""One line of the notation table.

    Attributes
    ----------
    symbol : str
        LaTeX of the symbol as the pages write it.
    meaning : str
        What it means (MyST text; math in ``$...$``).
    page : str
        Docname of the page where it first appears.
    avoid : tuple of str
        Regular expressions for other spellings of this meaning (or other meanings of this
        symbol) that the pages must not use.
    """

    symbol: str
    meaning: str
    page: str
    avoid: tuple[str, ...] = ()


NOTATION: tuple[Entry, ...] = (
    Entry("n", "number of classes", "index"),
    Entry(
        r"z = (z_1, \dots, z_n)",
        "the logits: the last layer's outputs, one real number per class",
        "index",
    ),
    Entry("i, j", r"class indices, from $1$ to $n$", "index", avoid=(r"\bclass 0\b",)),
    Entry("k", "the true class of a sample", "index", avoid=(r"s_\{?y\}?\b", r"s_\{?y\}", r"z_y")),
    Entry(
        r"s = \mathrm{softmax}(z)",
        r"the softmax output, $s_i = e^{z_i} / \sum_{m=1}^{n} e^{z_m}$",
        "index",
    ),
    Entry(r"m", r"summation index over classes, as in $\sum_{m=1}^{n} e^{z_m}$", "index"),
    Entry(
        "y",
        r"the target: a one-hot vector $e_k$ for true class $k$, or a distribution over the classes"
        r" (in the binary case, a label $y \in \{0, 1\}$)",
        "index",
    ),
    Entry(r"e_k", r"the $k$-th unit vector: $1$ in entry $k$, $0$ elsewhere", "index"),
    Entry(
        r"\mathrm{CE}",
        r"cross-entropy (negative log-likelihood) $-\sum_i y_i \log s_i$, a function of the logits",
        "index",
        avoid=(r"\\mathrm\{CE\}\(s\b", r"\\mathrm\{CE\}\(q\b"),
    ),
    Entry(r"L", r"squared error on the softmax, $\tfrac12 \lVert s - y \rVert^2$", "index"),
    Entry(
        "t",
        r"the margin: how far the best wrong logit is ahead of the true one, "
        r"$t = \max_{j \ne k} z_j - z_k$; $t > 0$ means the model is wrong",
        "index",
        avoid=(r"\bd\s*=\s*z_", r"\\sigma\(d\)"),
    ),
    Entry(
        r"x",
        r"the outputs that standard normalization divides by their sum (probabilities only if "
        r"none is negative)",
        "normalization",
    ),
    Entry(
        "q",
        r"standard normalization's output, $q_i = x_i / \sum_{m=1}^{n} x_m$",
        "normalization",
        avoid=(r"p_i\s*=\s*\\frac\{x_i\}", r"p_k\s*=\s*x_k"),
    ),
    Entry(r"c", "a constant added to every logit, or a scale factor", "normalization"),
    Entry(r"\mathbf{1}", "the vector of ones", "normalization"),
    Entry(r"\varepsilon", "a small non-zero number", "normalization"),
    Entry(
        r"\mathcal{H}(p)",
        r"entropy of a distribution $p$, $-\sum_{m=1}^{n} p_m \log p_m$ (not the Hessian $H$)",
        "exponential",
        avoid=(r"\bH\(p\)",),
    ),
    Entry(
        r"\Delta",
        r"the probability simplex: the distributions $p$ on the $n$ classes",
        "exponential",
    ),
    Entry(r"\mu", r"a given expected score $\sum_i p_i z_i$", "exponential"),
    Entry(
        r"\beta, \; \lambda",
        r"Lagrange multipliers of the expected score and of $\sum_i p_i = 1$; "
        r"$\beta = 1/T$ is the inverse temperature",
        "exponential",
    ),
    Entry(r"\mathcal{L}", "the Lagrangian of the maximum-entropy problem", "exponential"),
    Entry(
        r"\mathrm{KL}(p \,\|\, s)",
        r"Kullback-Leibler divergence, $\sum_i p_i \log(p_i / s_i)$",
        "exponential",
    ),
    Entry(
        r"P_i",
        r"the probability that a choice rule picks class $i$, or that class $i$ wins a noisy race",
        "exponential",
    ),
    Entry(
        r"\rho",
        r"the odds of two classes as a function of their score difference, "
        r"$P_i / P_j = \rho(z_i - z_j)$",
        "exponential",
    ),
    Entry(
        r"\gamma_i; \; f, F",
        r"standard Gumbel noise added to logit $i$; its density $f$ and distribution function "
        r"$F(u) = e^{-e^{-u}}$",
        "exponential",
    ),
    Entry(r"\mathrm{LSE}(z)", r"log-sum-exp, $\log \sum_{m=1}^{n} e^{z_m}$", "likelihood"),
    Entry(r"\delta_{ij}", r"Kronecker delta: $1$ if $i = j$, else $0$", "likelihood"),
    Entry(r"J", r"the softmax Jacobian, $J_{ij} = \partial s_i / \partial z_j$", "likelihood"),
    Entry(
        r"\phi",
        r"a positive function of one logit; the alternatives to softmax divide "
        r"$x_i = \phi(z_i)$ by the sum, $q_i = \phi(z_i) / \sum_{m=1}^{n} \phi(z_m)$",
        "alternatives",
    ),
    Entry(
        r"\tau",
        r"sparsemax's threshold: $\mathrm{sparsemax}(z)_i = \max(z_i - \tau, 0)$",
        "alternatives",
    ),
    Entry(
        r"S", r"sparsemax's support: the classes it gives a positive probability", "alternatives"
    ),
    Entry(r"L_{\mathrm{sparsemax}}", "the sparsemax loss of Martins and Astudillo", "alternatives"),
    Entry(r"\mathbf{x}", "the input of the network", "likelihood"),
    Entry(r"\theta", "the network's parameters", "likelihood"),
    Entry(
        r"N, \; r",
        r"number of training samples, and the sample index: sample $r$ is "
        r"$(\mathbf{x}^{(r)}, k^{(r)})$",
        "likelihood",
        avoid=(r"\^\{\(k\)\}", r"\bm\s+samples", r"\\sum_\{k=1\}\^\{m\}"),
    ),
    Entry(r"\max z", r"the largest logit, $\max_j z_j$", "wrong-model"),
    Entry(r"H", r"the Hessian of the cross-entropy in the logits", "curvature"),
    Entry(r"v", r"a direction in the space of logits, $v \in \mathbb{R}^n$", "curvature"),
    Entry(r"p", "a true distribution of the classes (what a proper loss recovers)", "mse"),
    Entry(
        r"e_\ell",
        r"a vertex of the simplex: the one-hot output with all probability on class $\ell$ "
        r"(the model is right there if $\ell = k$, wrong otherwise)",
        "mse",
        avoid=(r"\be_c\b", r"\be_\{c\}"),
    ),
    Entry(r"\sigma", r"the logistic sigmoid, $\sigma(u) = 1/(1 + e^{-u})$", "binary"),
    Entry(r"\zeta", r"softplus, $\zeta(u) = \log(1 + e^{u})$", "binary"),
    Entry(r"a", r"a sigmoid unit's output, $a = \sigma(z)$ (Nielsen's notation)", "binary"),
    Entry(r"w, b, \eta", "a sigmoid unit's weight and bias, and the learning rate", "binary"),
    Entry(
        r"C",
        r"a cost of a sigmoid unit, as a function of its output $a$ (Nielsen's notation); "
        r"the quadratic cost is $\tfrac12 (a - y)^2$",
        "binary",
    ),
    Entry(r"T", "temperature: the softmax of $z / T$", "temperature"),
    Entry(
        r"g",
        r"the smallest gap between the largest logit and the others (a unique largest logit)",
        "temperature",
    ),
    Entry(r"R", r"the spread of the logits, $\max z - \min z$", "temperature"),
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


def notation_markdown(entries: tuple[Entry, ...] | None = None) -> str:
    """Render the notation table as MyST Markdown (symbol, meaning, first page).

    Parameters
    ----------
    entries : tuple of Entry, optional
        The rows; default ``NOTATION``.

    Returns
    -------
    str
        A Markdown table whose last column links each page with ``{doc}``.

    Raises
    ------
    ValueError
        If ``entries`` is empty.

    Examples
    --------
    >>> print(notation_markdown(NOTATION[:1]))
    | symbol | meaning | first on |
    |---|---|---|
    | $n$ | number of classes | {doc}`index` |
    <BLANKLINE>
    """
    entries = NOTATION if entries is None else entries
    if not entries:
        raise ValueError("notation_markdown: no entries")
    rows = ["| symbol | meaning | first on |", "|---|---|---|"]
    for e in entries:
        meaning = e.meaning.replace("|", r"\|")  # a bar would end the table cell
        rows.append(f"| ${e.symbol}$ | {meaning} | {{doc}}`{e.page}` |")
    return "\n".join(rows) + "\n"
