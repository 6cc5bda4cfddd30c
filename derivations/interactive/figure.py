r"""An interactive figure: a Bokeh plot, labelled sliders, the numbers shown, and the formulas.

Why Bokeh: its JavaScript (``bokeh.min.js``, about 1.3 MB, no other file needed for plots whose
data a script replaces) ships inside the Python package, so the site serves it from its own
``_static`` folder with no CDN, from ``file://`` as over http; a plot's data sources can be
replaced from JavaScript, which is all a slider needs; and a plot is a JSON document, which makes
the output reproducible once the model ids are fixed (:func:`stable_ids`). Plotly's bundle is
about three times larger. The sliders are native ``<input type="range">`` elements, not Bokeh
widgets: they are labelled, reachable with Tab and moved with the arrow keys in every browser,
and they need no widget bundle.

The figure's page loads two files, only on pages that show such a figure
(``tools/sphinxext/interactive.py``): Bokeh, and the small runtime ``assets/why-interactive.js``,
which mounts each figure and holds no formula. Each figure carries, inline:

* its functions, printed by SymPy's JavaScript printer from the derived expressions
  (:mod:`derivations.interactive.codegen`);
* its update code (``glue/<name>.js``), which calls those functions with the sliders' values,
  replaces the plot's data and shows the numbers;
* the Bokeh document (JSON) with deterministic ids.

Plots are drawn with transparent backgrounds and dark ink, as the static figures are; in dark
mode the same CSS filter that turns the static figures' ink light turns this one's
(``assets/why-interactive.css``). The whole figure is hidden in print and, without JavaScript,
replaced by a sentence pointing to the static figure.

Examples
--------
>>> format_number(0.000451, 3)
'4.51 × 10⁻⁴'
>>> format_number(-75.6218, 3)
'−75.6'
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .codegen import JSFunction, js_object

__all__ = [
    "MARKER",
    "InteractiveFigure",
    "Readout",
    "Slider",
    "bokeh_item",
    "format_number",
    "geometric_values",
    "glue_source",
    "line_style",
    "new_plot",
    "stable_ids",
    "style_legend",
    "values",
]

#: The marker a page's HTML carries when it shows an interactive figure (the Sphinx extension
#: loads Bokeh and the runtime on exactly those pages).
MARKER = "data-why-interactive"
_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_number(x: float, digits: int = 3) -> str:
    """Format a number as the figures show it (the runtime's ``format``, in Python).

    Parameters
    ----------
    x : float
        The value.
    digits : int, optional
        Significant digits.

    Returns
    -------
    str
        Fixed notation for magnitudes from ``1e-3`` to below ``1e5``, else ``m × 10ᵉ``; the
        minus sign is U+2212.

    Examples
    --------
    >>> format_number(0.5, 3), format_number(12345.0, 2), format_number(2.5e-7, 2)
    ('0.500', '12345', '2.5 × 10⁻⁷')
    >>> format_number(0.0)
    '0'
    """
    if not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("∞" if x > 0 else "−∞")
    if x == 0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    if -3 <= exponent < 5:
        text = f"{x:.{max(0, digits - 1 - exponent)}f}"
    else:
        mantissa, power = f"{x:.{digits - 1}e}".split("e")
        text = f"{mantissa} × 10{str(int(power)).translate(_SUPERSCRIPT)}"
    return text.replace("-", "−")


@dataclass(frozen=True)
class Slider:
    """A range slider over a list of values.

    The input moves over the indices of ``values`` (so a logarithmic or integer scale needs no
    formula in the browser); the value shown and read aloud is ``labels[index]``.

    Attributes
    ----------
    name : str
        The value's name in the figure's update code.
    label : str
        What it is, in words (plain text).
    symbol : str
        Its symbol (plain text, set in italics), e.g. ``"t"``.
    values : tuple of float
        The values the slider can take, in increasing order.
    start : float
        The initial value (one of ``values``).
    digits : int
        Significant digits of the value shown.

    Examples
    --------
    >>> s = Slider("t", "margin", "t", (-0.5, 0.0, 0.5), 0.0, digits=1)
    >>> s.index, s.labels
    (1, ('−0.5', '0', '0.5'))
    """

    name: str
    label: str
    symbol: str
    values: tuple[float, ...]
    start: float
    digits: int = 3

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"Slider: {self.name!r} is not an identifier")
        if len(self.values) < 2 or list(self.values) != sorted(set(self.values)):
            raise ValueError(f"Slider {self.name}: values must be at least two, increasing")
        if self.start not in self.values:
            raise ValueError(f"Slider {self.name}: start {self.start} is not one of its values")

    @property
    def index(self) -> int:
        """Index of the start value.

        Returns
        -------
        int
            The position of ``start`` in ``values``.
        """
        return self.values.index(self.start)

    @property
    def labels(self) -> tuple[str, ...]:
        """Each value as shown.

        Returns
        -------
        tuple of str
            One label per value, with ``digits`` significant digits at most.
        """
        return tuple(_plain_value(v, self.digits) for v in self.values)


def _plain_value(v: float, digits: int) -> str:
    # Slider positions are round numbers: show them without trailing zeros.
    text = f"{v:.{digits}g}"
    return format_number(v, digits) if "e" in text else text.replace("-", "−")


@dataclass(frozen=True)
class Readout:
    """A number the figure shows next to the plot, updated with the sliders.

    Attributes
    ----------
    name : str
        Its name in the figure's update code.
    label : str
        What it is, in words.
    symbol : str
        Its symbol (plain text, italic), e.g. ``"∂CE/∂t"``.
    digits : int
        Significant digits shown.

    Examples
    --------
    >>> Readout("ratio", "ratio of the slopes", "(∂CE/∂t)/(∂L/∂t)").digits
    3
    """

    name: str
    label: str
    symbol: str
    digits: int = 3

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"Readout: {self.name!r} is not an identifier")


def glue_source(name: str) -> str:
    """Return a figure's update code, ``glue/<name>.js`` in this package.

    Parameters
    ----------
    name : str
        The figure's name.

    Returns
    -------
    str
        A JavaScript function expression ``function (fig) {...}``.

    Examples
    --------
    >>> glue_source("landing").lstrip().startswith("//")
    True
    """
    return resources.files(__package__).joinpath("glue", f"{name}.js").read_text("utf-8")


def stable_ids(item: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Rename the model ids of a Bokeh JSON item ``<prefix>-1``, ``<prefix>-2``, ... in order.

    Bokeh numbers its models with a counter that runs for the whole process, so the same figure
    gets other ids after other figures were made; renamed in order of appearance, the JSON of a
    figure depends only on the figure.

    Parameters
    ----------
    item : dict
        The output of :func:`bokeh.embed.json_item`.
    prefix : str
        The prefix of the new ids.

    Returns
    -------
    dict
        A copy with every id (definitions and references) renamed.

    Examples
    --------
    >>> item = {"root_id": "p1004", "doc": {"roots": [{"id": "p1004", "attributes":
    ...     {"x_range": {"id": "p1009"}, "y_range": {"id": "p1004"}}}]}}
    >>> stable_ids(item, "fig")
    {'root_id': 'fig-1', 'doc': {'roots': [{'id': 'fig-1', 'attributes': {'x_range': {'id': \
'fig-2'}, 'y_range': {'id': 'fig-1'}}}]}}
    """
    names: dict[str, str] = {}

    def rename(old: str) -> str:
        return names.setdefault(old, f"{prefix}-{len(names) + 1}")

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: rename(v) if k in {"id", "root_id"} and isinstance(v, str) else walk(v)
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(item)


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, separators=(",", ":"), sort_keys=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class InteractiveFigure:
    """An interactive figure, ready to be shown on a page (``_repr_html_``).

    Attributes
    ----------
    key : str
        Its name, unique on its page (lowercase, hyphens); element ids start with ``why-<key>``.
    description : str
        What the plot shows, for readers who cannot see it (the plot's ``aria-label``).
    functions : tuple of JSFunction
        The formulas the update code may call, generated from SymPy.
    sliders : tuple of Slider
        The controls.
    readouts : tuple of Readout
        The numbers shown.
    item : dict
        The Bokeh document (:func:`bokeh.embed.json_item`), ids made stable.
    glue : str
        The update code, a JavaScript function expression ``function (fig) {...}`` that returns
        ``update(values)``.
    params : dict
        Constants for the update code (JSON).

    Examples
    --------
    >>> from derivations.interactive import landing_figure
    >>> fig = landing_figure()
    >>> fig.element_id, [s.name for s in fig.sliders]
    ('why-landing', ['t'])
    >>> fig._repr_html_().startswith('<div class="why-interactive" id="why-landing"')
    True
    """

    key: str
    description: str
    functions: tuple[JSFunction, ...]
    sliders: tuple[Slider, ...]
    readouts: tuple[Readout, ...]
    item: dict[str, Any]
    glue: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"InteractiveFigure: key {self.key!r} must be lowercase with hyphens")
        names = [s.name for s in self.sliders] + [r.name for r in self.readouts]
        if len(set(names)) != len(names):
            raise ValueError(f"InteractiveFigure {self.key}: repeated names in {names}")

    @property
    def element_id(self) -> str:
        """The id of the figure's outer element.

        Returns
        -------
        str
            ``why-<key>``.
        """
        return f"why-{self.key}"

    def function(self, name: str) -> JSFunction:
        """Return one of the figure's functions by name.

        Parameters
        ----------
        name : str
            The function's name.

        Returns
        -------
        JSFunction
            The function.

        Raises
        ------
        KeyError
            If the figure has no function of that name.

        Examples
        --------
        >>> from derivations.interactive import landing_figure
        >>> landing_figure().function("ce_slope").body()
        'Math.exp(t)/(Math.exp(t) + 1)'
        """
        for f in self.functions:
            if f.name == name:
                return f
        raise KeyError(f"InteractiveFigure {self.key}: no function {name!r}")

    def _slider_html(self, s: Slider) -> str:
        ident = f"{self.element_id}-{s.name}"
        label = html.escape(s.labels[s.index])
        return (
            f'<div class="why-slider">'
            f'<label for="{ident}">{html.escape(s.label)} <var>{html.escape(s.symbol)}</var>'
            f"</label>"
            f'<input type="range" id="{ident}" name="{s.name}" min="0" '
            f'max="{len(s.values) - 1}" step="1" value="{s.index}" aria-valuetext="'
            f'{html.escape(s.symbol)} = {label}">'
            f'<output for="{ident}" id="{ident}-value">{label}</output>'
            f"</div>"
        )

    def _readout_html(self, r: Readout) -> str:
        return (
            f'<span class="why-number"><span class="why-number-label">{html.escape(r.label)}'
            f'</span> <span class="why-number-value"><var>{html.escape(r.symbol)}</var> = '
            f'<output data-name="{r.name}">…</output></span></span>'
        )

    def spec(self) -> str:
        """Return the JavaScript that queues the figure for the runtime (one statement).

        Returns
        -------
        str
            The statement
            ``(window.whyInteractive = window.whyInteractive || []).push({...});``.

        Examples
        --------
        >>> from derivations.interactive import landing_figure
        >>> print(landing_figure().spec()[:60])
        (window.whyInteractive = window.whyInteractive || []).push(O
        """
        data = {
            "id": self.element_id,
            "params": dict(self.params),
            "sliders": {
                s.name: {"values": list(s.values), "labels": list(s.labels), "symbol": s.symbol}
                for s in self.sliders
            },
            "readouts": {r.name: {"digits": r.digits} for r in self.readouts},
            "item": self.item,
        }
        glue = self.glue.strip().replace("\n", "\n  ")
        functions = js_object(self.functions).replace("\n", "\n  ")
        return (
            "(window.whyInteractive = window.whyInteractive || []).push(Object.assign(\n"
            f"  {_script_json(data)},\n"
            f"  {{fn: {functions},\n"
            f"  setup: {glue}}}));"
        )

    def html(self) -> str:
        """Return the figure's HTML: controls, plot, numbers, fallback and script.

        Returns
        -------
        str
            One ``<div>`` and one ``<script>``.

        Examples
        --------
        >>> from derivations.interactive import landing_figure
        >>> page = landing_figure().html()
        >>> page.count("<script>"), '<input type="range" id="why-landing-t"' in page
        (1, True)
        """
        sliders = "".join(self._slider_html(s) for s in self.sliders)
        readouts = "".join(self._readout_html(r) for r in self.readouts)
        return (
            f'<div class="why-interactive" id="{self.element_id}" {MARKER}="{self.key}">'
            '<noscript><p class="why-noscript">This figure moves with sliders and needs '
            "JavaScript.</p></noscript>"
            f'<div class="why-controls" hidden>{sliders}</div>'
            f'<div class="why-plot" id="{self.element_id}-plot" role="img" '
            f'aria-label="{html.escape(self.description)}"></div>'
            f'<p class="why-readout" aria-live="polite" hidden>{readouts}</p>'
            f"</div>\n<script>\n{self.spec()}\n</script>\n"
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return f"<InteractiveFigure {self.key}: {', '.join(s.name for s in self.sliders)}>"


# -- Bokeh ----------------------------------------------------------------------------------------

#: Ink and sizes of the plots, in light mode (dark mode inverts them with CSS, as the static
#: figures are inverted).
INK = "#222222"
GRID = "#d9d9d9"
FONT = "DejaVu Sans, Verdana, sans-serif"


def new_plot(x_label: str, y_label: str, height: int, **kwargs: Any) -> Any:
    """Return a Bokeh figure in the site's style: transparent, no toolbar, width of its column.

    Parameters
    ----------
    x_label, y_label : str
        Axis labels (plain text; Bokeh does not typeset TeX without its MathJax bundle).
    height : int
        Height in CSS pixels.
    **kwargs
        Passed to :func:`bokeh.plotting.figure` (ranges, axis types).

    Returns
    -------
    bokeh.plotting.figure
        The figure.

    Examples
    --------
    >>> p = new_plot("margin t", "slope", 200)
    >>> p.sizing_mode, p.toolbar_location, p.background_fill_color
    ('stretch_width', None, None)
    """
    from bokeh.plotting import figure

    p = figure(
        height=height,
        sizing_mode="stretch_width",
        toolbar_location=None,
        tools="",
        background_fill_color=None,
        border_fill_color=None,
        outline_line_color=None,
        min_border_left=8,
        min_border_right=12,
        **kwargs,
    )
    p.xaxis.axis_label, p.yaxis.axis_label = x_label, y_label
    for axis in (*p.xaxis, *p.yaxis):
        axis.axis_label_text_font_style = "normal"
        axis.axis_label_text_font = FONT
        axis.axis_label_text_font_size = "14px"
        axis.axis_label_text_color = INK
        axis.major_label_text_font = FONT
        axis.major_label_text_font_size = "13px"
        axis.major_label_text_color = INK
        axis.axis_line_color = INK
        axis.major_tick_line_color = INK
        axis.minor_tick_line_color = None
    for grid in (*p.xgrid, *p.ygrid):
        grid.grid_line_color = GRID
    return p


def line_style(style: dict[str, object]) -> dict[str, object]:
    """Return Bokeh line options for a series style of :mod:`derivations.figures.style`.

    Parameters
    ----------
    style : dict
        Matplotlib options with ``color`` and ``linestyle``.

    Returns
    -------
    dict
        ``line_color`` and ``line_dash``.

    Examples
    --------
    >>> line_style({"color": "#D55E00", "linestyle": "--"})
    {'line_color': '#D55E00', 'line_dash': 'dashed'}
    """
    dash = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dashdot"}
    return {"line_color": style["color"], "line_dash": dash[str(style["linestyle"])]}


def style_legend(p: Any, location: str = "top_left") -> None:
    """Put the legend of ``p`` at ``location``, on a translucent ground, in the site's font.

    Parameters
    ----------
    p : bokeh.plotting.figure
        A figure whose renderers have legend labels.
    location : str, optional
        Bokeh legend location.

    Examples
    --------
    >>> p = new_plot("t", "loss", 200)
    >>> _ = p.line([0, 1], [0, 1], legend_label="CE")
    >>> style_legend(p, "bottom_right")
    >>> p.legend[0].location
    'bottom_right'
    """
    legend = p.legend[0]
    legend.location = location
    legend.background_fill_alpha = 0.75
    legend.border_line_color = None
    legend.label_text_font = FONT
    legend.label_text_font_size = "13px"
    legend.label_text_color = INK
    legend.spacing = 0
    legend.padding = 4
    legend.margin = 4


def bokeh_item(layout: Any, key: str) -> dict[str, Any]:
    """Return the JSON item of a Bokeh layout, with stable ids (:func:`stable_ids`).

    Parameters
    ----------
    layout : bokeh.models.LayoutDOM
        The plot or layout.
    key : str
        The figure's key (the ids' prefix).

    Returns
    -------
    dict
        For ``Bokeh.embed.embed_item``.

    Examples
    --------
    >>> item = bokeh_item(new_plot("t", "loss", 200), "demo")
    >>> item["root_id"], item["doc"]["roots"][0]["id"]
    ('why-demo-1', 'why-demo-1')
    """
    from bokeh.embed import json_item

    return stable_ids(json.loads(json.dumps(json_item(layout))), f"why-{key}")


def values(start: float, stop: float, step: float, decimals: int) -> tuple[float, ...]:
    """Return the evenly spaced slider values ``start, start + step, ..., stop``, rounded.

    Parameters
    ----------
    start, stop, step : float
        The range (``stop`` included).
    decimals : int
        Decimals to round each value to (so 0.1 steps give 0.3, not 0.30000000000000004).

    Returns
    -------
    tuple of float
        The values.

    Examples
    --------
    >>> values(-0.2, 0.2, 0.1, 1)
    (-0.2, -0.1, 0.0, 0.1, 0.2)
    """
    count = round((stop - start) / step) + 1
    return tuple(round(start + i * step, decimals) + 0.0 for i in range(count))


def geometric_values(start: float, stop: float, count: int, digits: int = 2) -> tuple[float, ...]:
    """Return about ``count`` values from ``start`` to ``stop`` spaced evenly in log scale.

    Each is rounded to ``digits`` significant digits (so the slider shows round numbers);
    repeats after rounding are dropped.

    Parameters
    ----------
    start, stop : float
        Positive ends.
    count : int
        Number of values before rounding.
    digits : int, optional
        Significant digits kept.

    Returns
    -------
    tuple of float
        Increasing values.

    Examples
    --------
    >>> geometric_values(0.1, 10.0, 5)
    (0.1, 0.32, 1.0, 3.2, 10.0)
    """
    ratio = (stop / start) ** (1 / (count - 1))
    out: list[float] = []
    for i in range(count):
        v = float(f"{start * ratio**i:.{digits - 1}e}")
        if not out or v > out[-1]:
            out.append(v)
    return tuple(out)
