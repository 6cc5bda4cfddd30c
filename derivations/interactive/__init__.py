"""Interactive figures: sliders whose curves the reader's browser computes from derived formulas.

Each figure is one function returning an :class:`~derivations.interactive.figure.InteractiveFigure`
that a page shows as a cell's output:

- :func:`~derivations.interactive.landing.landing_figure`: the margin of a two-class model, both
  losses and their slopes (the landing page);
- :func:`~derivations.interactive.temperature.temperature_figure`: the temperature, the softmax
  as bars and its entropy (temperature);
- :func:`~derivations.interactive.nielsen.nielsen_figure`: Nielsen's neuron, its learning rate
  and start, both costs trained in the browser (binary);
- :func:`~derivations.interactive.curvature.curvature_figure`: the number of classes and the
  margin, the squared error's second derivative and where it is concave (curvature).

The formulas are SymPy expressions that the package derives and the claims check, printed to
JavaScript by SymPy (:mod:`~derivations.interactive.codegen`); the plots are Bokeh documents,
and the site serves Bokeh's JavaScript itself (no network), only on the pages that use it
(:mod:`~derivations.interactive.figure` explains the choice).
"""

from __future__ import annotations

from collections.abc import Callable

from .codegen import JSFunction, js_function, js_object
from .curvature import curvature_figure
from .figure import InteractiveFigure, Readout, Slider, format_number
from .landing import landing_figure
from .nielsen import nielsen_figure
from .temperature import temperature_figure

__all__ = [
    "FIGURES",
    "InteractiveFigure",
    "JSFunction",
    "Readout",
    "Slider",
    "curvature_figure",
    "format_number",
    "js_function",
    "js_object",
    "landing_figure",
    "nielsen_figure",
    "temperature_figure",
]

#: Every interactive figure: its key, the function that makes it, and the page that shows it.
FIGURES: dict[str, tuple[Callable[[], InteractiveFigure], str]] = {
    "landing": (landing_figure, "index"),
    "temperature": (temperature_figure, "temperature"),
    "nielsen": (nielsen_figure, "binary"),
    "curvature": (curvature_figure, "curvature"),
}
