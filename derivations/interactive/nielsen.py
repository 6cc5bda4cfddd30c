r"""Binary page: Nielsen's neuron, with the learning rate and the start as sliders.

One sigmoid neuron :math:`a = \sigma(wx + b)`, input :math:`x = 1`, target :math:`y = 0`, trained
by gradient descent for 300 epochs under the quadratic cost :math:`\tfrac12 (a - y)^2` and under
the cross-entropy :math:`-[y \log a + (1 - y)\log(1 - a)]`, from the start :math:`(w, b)` and with
the learning rate :math:`\eta` the reader picks (Nielsen's: :math:`\eta = 0.15`, starts
:math:`(0.6, 0.9)` and :math:`(2, 2)`). The plot shows both costs against the epoch; the numbers,
each cost and the output after the last epoch.

The update rule is generated: SymPy differentiates each cost of :math:`\sigma(z)` in :math:`z`
(the derivative the claim ``sigmoid-unit-gradients`` states: :math:`(a - y)\,a(1 - a)` and
:math:`a - y`), multiplies by :math:`\partial z/\partial w = x` and :math:`\partial z/\partial b
= 1` (the chain rule, also by SymPy), and forms :math:`w - \eta\,\partial C/\partial w` and
:math:`b - \eta\,\partial C/\partial b`; the browser's loop only repeats it. Its numbers agree
with :func:`derivations.training.train_neuron` (the package's kernels) to :math:`10^{-12}`.

On the page (``docs/binary.md``), after its static figure: a sentence and one cell::

    {numref}`fig-binary-interactive` runs the same gradient descent in your browser, with the
    learning rate and the starting weight and bias on sliders: try Nielsen's two starts, or your
    own.

    ```{code-cell} ipython3
    :tags: [remove-input]
    :mystnb:
    :  figure:
    :    caption: Both costs of Nielsen's neuron ($x = 1$, $y = 0$) against the epoch, trained by gradient descent from the start $(w, b)$ with the learning rate $\eta$ on the sliders. The update rule is the derived gradients, run in your browser.
    :    name: fig-binary-interactive
    from derivations.interactive import nielsen_figure

    nielsen_figure()
    ```
"""  # noqa: E501 (a cell's caption is one line)

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp
from sympy.codegen.rewriting import log1p_opt, optimize

from ..claims import get
from ..figures.style import CROSS_ENTROPY, MSE
from ..symbolic import definitions as d
from ..symbolic.binary import binary_symbols
from ..training.nielsen import NIELSEN_EPOCHS, NIELSEN_LEARNING_RATE, NIELSEN_STARTS
from .codegen import JSFunction, js_function
from .figure import (
    InteractiveFigure,
    Readout,
    Slider,
    bokeh_item,
    glue_source,
    line_style,
    new_plot,
    style_legend,
    values,
)

__all__ = [
    "LEARNING_RATES",
    "STARTS",
    "NeuronExpressions",
    "neuron_expressions",
    "nielsen_figure",
    "nielsen_functions",
]

#: The slider's learning rates (Nielsen's 0.15 among them) and starting weights and biases.
LEARNING_RATES = (
    0.005,
    0.01,
    0.02,
    0.03,
    0.05,
    0.075,
    0.1,
    0.15,
    0.2,
    0.3,
    0.5,
    0.75,
    1.0,
    1.5,
    2.0,
)
STARTS = values(-4.0, 4.0, 0.1, 1)
#: Nielsen's input and target.
INPUT, TARGET = 1.0, 0.0


@dataclass(frozen=True)
class NeuronExpressions:
    r"""A sigmoid neuron's costs, their gradients and the gradient-descent step, from SymPy.

    Attributes
    ----------
    w, b, x, y, eta : sympy.Symbol
        Weight, bias, input, target, learning rate.
    output : sympy.Expr
        :math:`a = \sigma(wx + b)`.
    costs : dict of str to sympy.Expr
        ``"quadratic"`` and ``"cross_entropy"`` in ``w, b, x, y``.
    slopes : dict of str to sympy.Expr
        Each cost's derivative in the pre-activation :math:`z`, as a function of ``w, b, x, y``.
    steps : dict of str to tuple of sympy.Expr
        Each cost's update :math:`(w - \eta\,\partial C/\partial w, b - \eta\,\partial C/\partial
        b)`.
    """

    w: sp.Symbol
    b: sp.Symbol
    x: sp.Symbol
    y: sp.Symbol
    eta: sp.Symbol
    output: sp.Expr
    costs: dict[str, sp.Expr]
    slopes: dict[str, sp.Expr]
    steps: dict[str, tuple[sp.Expr, sp.Expr]]


@lru_cache(maxsize=1)
def neuron_expressions() -> NeuronExpressions:
    r"""Derive the costs of a sigmoid neuron and the gradient-descent step for each.

    Returns
    -------
    NeuronExpressions
        The expressions.

    Examples
    --------
    >>> e = neuron_expressions()
    >>> e.slopes["cross_entropy"]
    -y + 1/(exp(-b - w*x) + 1)
    """
    w, b, x = sp.symbols("w b x", real=True)
    y = sp.Symbol("y", real=True, nonnegative=True)
    eta = sp.Symbol("eta", positive=True)
    z = sp.Symbol("z", real=True)  # the pre-activation w x + b
    a = d.sigmoid(z)
    in_z = {
        "quadratic": sp.Rational(1, 2) * (a - y) ** 2,
        "cross_entropy": -(y * sp.log(a) + (1 - y) * sp.log(1 - a)),
    }
    pre = w * x + b
    # Each cost's slope in z is the form the claim ``sigmoid-unit-gradients`` checks (in a and
    # y), with a = sigma(z): the browser runs the checked derivative, not a second copy of it.
    checked = get("sigmoid-unit-gradients").claimed()
    unit = binary_symbols()
    costs, slopes, steps = {}, {}, {}
    for name, cost in in_z.items():
        form = sp.sympify(checked[name]).doit()
        slope = form.xreplace({unit["a"]: a, unit["y"]: y})
        # The logarithms split and log(1 + u) written log1p(u): the same cost, computed without
        # losing digits where the output is near 0 or 1.
        costs[name] = optimize(sp.expand_log(sp.together(cost), force=True), [log1p_opt]).subs(
            z, pre
        )
        slopes[name] = slope.subs(z, pre)
        # The chain rule through z = w x + b, by SymPy.
        steps[name] = tuple(v - eta * sp.diff(pre, v) * slopes[name] for v in (w, b))
    return NeuronExpressions(w, b, x, y, eta, a.subs(z, pre), costs, slopes, steps)


@lru_cache(maxsize=1)
def nielsen_functions() -> tuple[JSFunction, ...]:
    """Return the functions Nielsen's figure evaluates in the browser.

    Returns
    -------
    tuple of JSFunction
        ``output`` (in ``w, b, x``); for each cost ``<cost>_cost`` (in ``w, b, x, y``) and
        ``<cost>_step_w``, ``<cost>_step_b`` (in ``w, b, eta, x, y``).

    Examples
    --------
    >>> step = {f.name: f for f in nielsen_functions()}["cross_entropy_step_b"]
    >>> round(float(step.numpy()(2.0, 2.0, 0.15, 1.0, 0.0)), 6)  # b - 0.15 sigma(4)
    1.852698
    """
    e = neuron_expressions()
    weights = {"w": e.w, "b": e.b, "x": e.x, "y": e.y}
    step = {"w": e.w, "b": e.b, "eta": e.eta, "x": e.x, "y": e.y}
    out = [js_function("output", {"w": e.w, "b": e.b, "x": e.x}, e.output)]
    for name in ("quadratic", "cross_entropy"):
        out.append(js_function(f"{name}_cost", weights, e.costs[name]))
        out.append(js_function(f"{name}_step_w", step, e.steps[name][0]))
        out.append(js_function(f"{name}_step_b", step, e.steps[name][1]))
    return tuple(out)


def _layout() -> object:
    from bokeh.models import ColumnDataSource, Range1d

    runs = ColumnDataSource({"epoch": [], "quadratic": [], "cross_entropy": []}, name="runs")
    p = new_plot(
        "epoch", "cost C (log scale)", 300, x_range=Range1d(0, NIELSEN_EPOCHS), y_axis_type="log"
    )
    p.line(
        "epoch",
        "quadratic",
        source=runs,
        line_width=2,
        legend_label="quadratic cost",
        **line_style(MSE),
    )
    p.line(
        "epoch",
        "cross_entropy",
        source=runs,
        line_width=2,
        legend_label="cross-entropy",
        **line_style(CROSS_ENTROPY),
    )
    style_legend(p, "bottom_left")
    return p


def nielsen_figure() -> InteractiveFigure:
    """Return the binary page's interactive figure (Nielsen's neuron with sliders).

    Returns
    -------
    InteractiveFigure
        Show it as a cell's output.

    Examples
    --------
    >>> nielsen_figure()
    <InteractiveFigure nielsen: eta, w, b>
    """
    (w_slow, b_slow) = NIELSEN_STARTS[1]
    return InteractiveFigure(
        key="nielsen",
        description=(
            "Both costs of one sigmoid neuron against the epoch, 0 to 300, on a log scale, "
            "from the chosen start and learning rate. From Nielsen's start (2, 2) the quadratic "
            "cost stays nearly flat for many epochs while the cross-entropy falls at once."
        ),
        functions=nielsen_functions(),
        sliders=(
            Slider("eta", "learning rate", "η", LEARNING_RATES, NIELSEN_LEARNING_RATE, digits=3),
            Slider("w", "starting weight", "w", STARTS, w_slow, digits=2),
            Slider("b", "starting bias", "b", STARTS, b_slow, digits=2),
        ),
        readouts=(
            Readout("quadratic_cost", f"quadratic cost after {NIELSEN_EPOCHS} epochs", "C", 3),
            Readout("quadratic_output", "its output", "a", 3),
            Readout("cross_entropy_cost", f"cross-entropy after {NIELSEN_EPOCHS} epochs", "C", 3),
            Readout("cross_entropy_output", "its output", "a", 3),
        ),
        item=bokeh_item(_layout(), "nielsen"),
        glue=glue_source("nielsen"),
        params={"epochs": NIELSEN_EPOCHS, "x": INPUT, "y": TARGET},
    )
