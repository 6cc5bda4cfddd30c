"""Interactive figures: sliders whose curves the reader's browser computes from derived formulas.

Each figure is one function returning an :class:`~derivations.interactive.figure.InteractiveFigure`
that a page shows as a cell's output:

- :func:`~derivations.interactive.landing.landing_figure`: the margin of a two-class model, both
  losses and their slopes (the landing page).

The formulas are SymPy expressions that the package derives and the claims check, printed to
JavaScript by SymPy (:mod:`~derivations.interactive.codegen`); the plots are Bokeh documents,
and the site serves Bokeh's JavaScript itself (no network), only on the pages that use it
(:mod:`~derivations.interactive.figure` explains the choice).
"""

from __future__ import annotations

from collections.abc import Callable

from .codegen import JSFunction, js_function, js_object
from .figure import InteractiveFigure, Readout, Slider, format_number
from .landing import landing_figure

__all__ = [
    "FIGURES",
    "InteractiveFigure",
    "JSFunction",
    "Readout",
    "Slider",
    "format_number",
    "js_function",
    "js_object",
    "landing_figure",
]

#: Every interactive figure: its key, the function that makes it, and the page that shows it.
FIGURES: dict[str, tuple[Callable[[], InteractiveFigure], str]] = {
    "landing": (landing_figure, "index"),
}
