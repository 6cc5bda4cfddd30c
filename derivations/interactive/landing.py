r"""Landing page: drag the margin and watch both losses and their slopes.

Two classes, true class 1, logits :math:`z = (0, t)`: the margin :math:`t` is a slider. The
top plot shows the cross-entropy and the squared error against :math:`t`, each with its tangent
at the slider's :math:`t`; the bottom one their slopes, with the slider's point marked. The
numbers shown are the true class's probability, both slopes and their ratio.

Every formula is :func:`derivations.claims.wrong_model.two_class_losses` (the expressions the
claim ``two-class-limits`` checks), printed to JavaScript; the probability is the definition's
softmax of :math:`(0, t)`, the ratio the quotient of the two derived slopes, and each tangent
:math:`f(t) + f'(t)(u - t)` is built from the derived loss and slope.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..claims.wrong_model import two_class_losses
from ..figures.landing import MARGIN_RANGE
from ..figures.style import CROSS_ENTROPY, MSE, REFERENCE
from ..symbolic import definitions as d
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
from .labels import text_label

__all__ = ["MARGINS", "landing_figure", "landing_functions"]

#: The margins the slider offers (the static figure's range), and where it starts (the page's
#: example: the wrong logit 5 ahead).
MARGINS = values(*MARGIN_RANGE, 0.1, 1)
START = 5.0
#: Where the tangents are drawn: this far on each side of the slider's margin.
TANGENT_HALF_WIDTH = 1.0
#: Points of each curve (computed in the browser).
POINTS = 241


@lru_cache(maxsize=1)
def landing_functions() -> tuple[JSFunction, ...]:
    """Return the functions the landing figure evaluates in the browser.

    Returns
    -------
    tuple of JSFunction
        ``ce``, ``mse``, ``ce_slope``, ``mse_slope`` (the derived two-class losses and slopes, in
        ``t``), ``probability`` (:math:`s_1` at :math:`z = (0, t)`), ``ratio`` (the cross-entropy's
        slope over the squared error's), ``ce_tangent`` and ``mse_tangent`` (in ``t`` and a point
        ``u``).

    Examples
    --------
    >>> fns = {f.name: f for f in landing_functions()}
    >>> print(fns["ce_slope"].body())
    Math.exp(t)/(Math.exp(t) + 1)
    >>> round(float(fns["ratio"].numpy()(5.0)), 2)
    75.21
    """
    two = two_class_losses()
    t = two.t
    u = sp.Symbol("u", real=True)
    arg = {"t": t}
    return (
        js_function("ce", arg, two.ce),
        js_function("mse", arg, two.mse),
        js_function("ce_slope", arg, two.ce_slope),
        js_function("mse_slope", arg, two.mse_slope),
        js_function("probability", arg, d.softmax([sp.S.Zero, t])[0]),
        js_function("ratio", arg, sp.factor(sp.cancel(two.ce_slope / two.mse_slope))),
        js_function("ce_tangent", {"t": t, "u": u}, two.ce + two.ce_slope * (u - t)),
        js_function("mse_tangent", {"t": t, "u": u}, two.mse + two.mse_slope * (u - t)),
    )


def _layout() -> object:
    from bokeh.layouts import column
    from bokeh.models import BoxAnnotation, ColumnDataSource, Range1d, Span

    lo, hi = MARGINS[0], MARGINS[-1]
    empty_curves = ColumnDataSource(
        {"t": [], "ce": [], "mse": [], "ce_slope": [], "mse_slope": []}, name="curves"
    )
    tangents = ColumnDataSource({"u": [], "ce": [], "mse": []}, name="tangents")
    points = ColumnDataSource(
        {"t": [], "ce": [], "mse": [], "ce_slope": [], "mse_slope": []}, name="points"
    )
    x_range = Range1d(lo, hi)
    margin = text_label("margin")
    losses = new_plot("", "loss", 250, x_range=x_range, y_range=Range1d(-0.3, hi + 0.3))
    slopes = new_plot(
        margin,
        "slope",
        200,
        x_range=x_range,
        y_range=Range1d(-0.04, 1.08),
    )
    ce, mse = line_style(CROSS_ENTROPY), line_style(MSE)
    for p in (losses, slopes):
        p.add_layout(BoxAnnotation(left=0, fill_color="#999999", fill_alpha=0.15, line_color=None))
        p.add_layout(
            Span(
                name=f"marker-{'losses' if p is losses else 'slopes'}",
                location=START,
                dimension="height",
                line_color=REFERENCE["color"],
                line_dash="dotted",
                line_width=1.2,
            )
        )
    losses.line(
        "t", "ce", source=empty_curves, line_width=2, legend_label="CE, cross-entropy", **ce
    )
    losses.line(
        "t", "mse", source=empty_curves, line_width=2, legend_label="L, squared error", **mse
    )
    for name, style in (("ce", ce), ("mse", mse)):
        losses.line("u", name, source=tangents, line_width=1.5, line_color=style["line_color"])
        losses.scatter("t", name, source=points, size=8, color=style["line_color"])
    slopes.line(
        "t",
        "ce_slope",
        source=empty_curves,
        line_width=2,
        legend_label=text_label("ce_slope"),
        **ce,
    )
    slopes.line(
        "t",
        "mse_slope",
        source=empty_curves,
        line_width=2,
        legend_label=text_label("mse_slope"),
        **mse,
    )
    for name, style in (("ce_slope", ce), ("mse_slope", mse)):
        slopes.scatter("t", name, source=points, size=8, color=style["line_color"])
    style_legend(losses, "top_left")
    style_legend(slopes, "top_left")
    return column(losses, slopes, sizing_mode="stretch_width")


def landing_figure() -> InteractiveFigure:
    """Return the landing page's interactive figure (the margin as a slider).

    Returns
    -------
    InteractiveFigure
        Show it as a cell's output (its ``_repr_html_``).

    Examples
    --------
    >>> fig = landing_figure()
    >>> fig
    <InteractiveFigure landing: t>
    >>> [r.name for r in fig.readouts]
    ['probability', 'ce_slope', 'mse_slope', 'ratio']
    """
    return InteractiveFigure(
        key="landing",
        description=(
            "Two plots against the margin t from -4 to 8. Top: the cross-entropy rises along "
            "a straight line of slope 1 once the model is wrong, while the squared error levels "
            "off at 1; a tangent marks each at the chosen t. Bottom: their slopes; the "
            "cross-entropy's approaches 1, the squared error's peaks and falls back to 0."
        ),
        functions=landing_functions(),
        sliders=(Slider("t", "margin", "t", MARGINS, START, digits=2),),
        readouts=(
            Readout("probability", "true class's probability", "s₁", 3),
            Readout("ce_slope", "cross-entropy's slope", "∂CE/∂t", 3),
            Readout("mse_slope", "squared error's slope", "∂L/∂t", 3),
            Readout("ratio", "ratio", "(∂CE/∂t)/(∂L/∂t)", 3),
        ),
        item=bokeh_item(_layout(), "landing"),
        glue=glue_source("landing"),
        params={"lo": MARGINS[0], "hi": MARGINS[-1], "points": POINTS, "half": TANGENT_HALF_WIDTH},
    )
