r"""Curvature page: the number of classes and the margin as sliders, and where the loss is concave.

Along the path :math:`z = (0, t, \dots, t)` (true class 1, every wrong logit :math:`t` ahead) the
squared error :math:`L = \tfrac12\lVert s - e_1 \rVert^2` is a function of the margin alone. Its
second derivative :math:`\partial^2 L/\partial t^2` is plotted against :math:`t` for the chosen
:math:`n`, with the region where it is negative (the loss concave) shaded; it changes sign where
the true class's probability is :math:`1/3`, at :math:`t^* = \log\bigl(2/(n-1)\bigr)`.

The expressions are derived here for symbolic :math:`n` (:func:`margin_expressions`): the true
class's probability on the path, :math:`s_1 = 1/(1 + (n - 1)e^{t})`, the loss written in it
(the :math:`n - 1` wrong classes share :math:`1 - s_1` equally), differentiated twice by SymPy;
the threshold solves :math:`s_1 = 1/3`. The curvature page's claim (``margin-curvature``) proves
the same for every :math:`n`.

On the page (``docs/curvature.md``), after its static figure: a sentence and one cell::

    In {numref}`fig-curvature-interactive` the number of classes and the margin are on sliders:
    the shaded region, where the squared error is concave, begins where the true class's
    probability falls to $1/3$ and moves left as $n$ grows.

    ```{code-cell} ipython3
    :tags: [remove-input]
    :mystnb:
    :  figure:
    :    caption: The squared error's second derivative $\partial^2 L/\partial t^2$ along $z = (0, t, \dots, t)$, true class 1, against the margin $t$, for the number of classes $n$ on a slider; shaded where it is negative (the loss concave). Computed in your browser from the derived expression.
    :    name: fig-curvature-interactive
    from derivations.interactive import curvature_figure

    curvature_figure()
    ```
"""  # noqa: E501 (a cell's caption is one line)

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..figures.style import MSE, REFERENCE
from ..symbolic.curvature import (
    MARGIN,
    concavity_threshold,
    margin_second_derivative,
    path_loss,
    path_probability,
)
from ..symbolic.symbols import general_symbols
from .codegen import JSFunction, js_function
from .figure import (
    InteractiveFigure,
    Readout,
    Slider,
    bokeh_item,
    glue_source,
    line_style,
    new_plot,
    values,
)
from .labels import text_label

__all__ = ["MARGINS", "SIZES", "MarginPath", "curvature_figure", "curvature_functions"]

#: The slider's numbers of classes and margins, and where they start.
SIZES = tuple(float(v) for v in range(2, 21))
MARGINS = values(-4.0, 6.0, 0.1, 1)
START_N, START_T = 10.0, 1.0
POINTS = 201


@dataclass(frozen=True)
class MarginPath:
    r"""The squared error along :math:`z = (0, t, \dots, t)`, for symbolic :math:`n`.

    Attributes
    ----------
    n, t : sympy.Symbol
        The number of classes and the margin.
    probability : sympy.Expr
        :math:`s_1`, the true class's probability.
    loss : sympy.Expr
        :math:`L`.
    second : sympy.Expr
        :math:`\partial^2 L/\partial t^2` (factored).
    threshold : sympy.Expr
        :math:`t^*`, where :math:`s_1 = 1/3`.
    """

    n: sp.Symbol
    t: sp.Symbol
    probability: sp.Expr
    loss: sp.Expr
    second: sp.Expr
    threshold: sp.Expr


@lru_cache(maxsize=1)
def margin_expressions() -> MarginPath:
    r"""Take the squared error's path expressions from the curvature derivation (any :math:`n`).

    They are the results the claim ``margin-curvature`` checks: :math:`s_1` from
    :func:`derivations.symbolic.curvature.path_probability`, the second derivative from
    :func:`~derivations.symbolic.curvature.margin_second_derivative`, the threshold from
    :func:`~derivations.symbolic.curvature.concavity_threshold`.

    Returns
    -------
    MarginPath
        The expressions.

    Examples
    --------
    >>> path = margin_expressions()
    >>> path.threshold
    log(2/(n - 1))
    >>> path.second.subs({path.n: 2, path.t: 0})
    1/8
    """
    n = general_symbols().n
    entry = general_symbols().s[1]  # the chains are written in s_1; put in s_1(t)
    loss = path_loss().result.xreplace({entry: path_probability().result})
    return MarginPath(
        n=n,
        t=MARGIN,
        probability=path_probability().result,
        loss=loss,
        second=margin_second_derivative(),
        threshold=concavity_threshold()[1],
    )


@lru_cache(maxsize=1)
def curvature_functions() -> tuple[JSFunction, ...]:
    r"""Return the functions the curvature figure evaluates in the browser.

    Returns
    -------
    tuple of JSFunction
        ``second`` (:math:`\partial^2 L/\partial t^2` in ``t`` and ``n``), ``probability``
        (:math:`s_1`) and ``threshold`` (:math:`t^*` in ``n``).

    Examples
    --------
    >>> print({f.name: f for f in curvature_functions()}["threshold"].body())
    Math.log(2/(n - 1))
    """
    path = margin_expressions()
    both = {"t": path.t, "n": path.n}
    return (
        js_function("second", both, path.second),
        js_function("probability", both, path.probability),
        js_function("threshold", {"n": path.n}, path.threshold),
    )


def _layout() -> object:
    from bokeh.models import BoxAnnotation, ColumnDataSource, Range1d, Span

    curve = ColumnDataSource({"t": [], "second": []}, name="curve")
    point = ColumnDataSource({"t": [], "second": []}, name="point")
    p = new_plot(
        text_label("margin"),
        "∂²L/∂t²",
        300,
        x_range=Range1d(MARGINS[0], MARGINS[-1]),
    )
    p.add_layout(
        BoxAnnotation(
            name="concave", left=0.0, fill_color="#D55E00", fill_alpha=0.12, line_color=None
        )
    )
    p.add_layout(Span(location=0, dimension="width", line_color="#888888", line_width=1))
    p.add_layout(
        Span(
            name="marker",
            location=START_T,
            dimension="height",
            line_color=REFERENCE["color"],
            line_dash="dotted",
            line_width=1.2,
        )
    )
    p.line("t", "second", source=curve, line_width=2, legend_label="∂²L/∂t²", **line_style(MSE))
    p.scatter("t", "second", source=point, size=8, color=MSE["color"])
    legend = p.legend[0]
    legend.visible = False  # one curve: the axis says what it is
    return p


def curvature_figure() -> InteractiveFigure:
    """Return the curvature page's interactive figure (classes and margin as sliders).

    Returns
    -------
    InteractiveFigure
        Show it as a cell's output.

    Examples
    --------
    >>> curvature_figure()
    <InteractiveFigure curvature: n, t>
    """
    return InteractiveFigure(
        key="curvature",
        description=(
            "The squared error's second derivative in the margin t, from -4 to 6, for the "
            "chosen number of classes n: positive for small t, negative (shaded, the loss "
            "concave) for t > log(2/(n-1)), a threshold that moves left as n grows."
        ),
        functions=curvature_functions(),
        sliders=(
            Slider("n", "number of classes", "n", SIZES, START_N, digits=2),
            Slider("t", "margin", "t", MARGINS, START_T, digits=2),
        ),
        readouts=(
            Readout("second", "second derivative", "∂²L/∂t²", 3),
            Readout("probability", "true class's probability", "s₁", 3),
            Readout("threshold", "concave from", "t", 3),
        ),
        item=bokeh_item(_layout(), "curvature"),
        glue=glue_source("curvature"),
        params={"lo": MARGINS[0], "hi": MARGINS[-1], "points": POINTS},
    )
