r"""Temperature page: the temperature as a slider, the softmax as bars, and its entropy.

For fixed logits :math:`z` (the page's :data:`~derivations.figures.temperature.DEFAULT_LOGITS`)
the bars are :math:`\mathrm{softmax}(z/T)_i`: nearly uniform when :math:`T` is large, nearly the
one-hot arg max when it is small. The numbers shown are the entropy
:math:`-\sum_i s_i \log s_i` of the tempered softmax (at most :math:`\log n`, reached by the
uniform distribution) and the largest probability.

The bars are :func:`derivations.symbolic.definitions.softmax_temperature` (the definition the
temperature claims start from), printed to JavaScript with the logits put in as exact numbers;
the entropy is built from the same expressions, with each :math:`\log s_i` divided through by
:math:`e^{z_i/T}` so that it keeps its digits when the softmax is nearly one-hot.

On the page (``docs/temperature.md``), after its static figure: a sentence and one cell::

    In {numref}`fig-temperature-interactive` the temperature is on a slider: lower it and the
    softmax approaches the one-hot arg max, raise it and it approaches the uniform distribution,
    whose entropy $\log n$ is the largest possible.

    ```{code-cell} ipython3
    :tags: [remove-input]
    :mystnb:
    :  figure:
    :    caption: The tempered softmax $\mathrm{softmax}(z/T)$ of the example logits as bars, with the temperature $T$ on a slider (even steps on a log scale), and its entropy $-\sum_i s_i \log s_i$. Computed in your browser from the definition.
    :    name: fig-temperature-interactive
    from derivations.interactive import temperature_figure

    temperature_figure()
    ```
"""  # noqa: E501 (a cell's caption is one line)

from __future__ import annotations

from functools import lru_cache

import sympy as sp
from sympy.codegen.cfunctions import log1p

from ..figures.style import CROSS_ENTROPY, REFERENCE
from ..figures.temperature import DEFAULT_LOGITS
from ..symbolic import definitions as d
from .codegen import JSFunction, js_function
from .figure import (
    InteractiveFigure,
    Readout,
    Slider,
    bokeh_item,
    format_number,
    geometric_values,
    glue_source,
    new_plot,
)
from .labels import text_label

__all__ = ["TEMPERATURES", "temperature_figure", "temperature_functions"]

#: The slider's temperatures (even steps on a log scale, round values) and where it starts.
TEMPERATURES = geometric_values(0.05, 50.0, 61, digits=2)
START = 1.0
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _logits() -> list[sp.Expr]:
    return [sp.nsimplify(v) for v in DEFAULT_LOGITS]


def _log_probability(z: list[sp.Expr], temperature: sp.Symbol, i: int) -> sp.Expr:
    r"""Return :math:`\log s_i = -\log\bigl(1 + \sum_{j \ne i} e^{(z_j - z_i)/T}\bigr)`.

    The softmax's numerator and denominator divided by :math:`e^{z_i/T}`; written with
    ``log1p``, it keeps its digits when :math:`s_i` is near 1 (a cold softmax), where
    :math:`\log s_i` itself is near 0.
    """
    rest = sp.Add(*[sp.exp((zj - z[i]) / temperature) for j, zj in enumerate(z) if j != i])
    return -log1p(rest)


@lru_cache(maxsize=1)
def temperature_functions() -> tuple[JSFunction, ...]:
    r"""Return the functions the temperature figure evaluates in the browser.

    Returns
    -------
    tuple of JSFunction
        ``s1``, ..., ``sn`` (:math:`\mathrm{softmax}(z/T)_i` in ``T``) and ``entropy``.

    Examples
    --------
    >>> fns = temperature_functions()
    >>> [f.name for f in fns]
    ['s1', 's2', 's3', 's4', 'entropy']
    >>> round(float(fns[-1].numpy()(1e6)), 6)  # hot: log 4
    1.386294
    """
    temperature = sp.Symbol("T", positive=True)
    z = _logits()
    components = d.softmax_temperature(z, temperature)
    entropy = -sp.Add(*[s * _log_probability(z, temperature, i) for i, s in enumerate(components)])
    arg = {"T": temperature}
    return (
        *(js_function(f"s{i}", arg, s) for i, s in enumerate(components, start=1)),
        js_function("entropy", arg, entropy),
    )


def _layout() -> object:
    from bokeh.models import ColumnDataSource, Label, Range1d, Span

    n = len(DEFAULT_LOGITS)
    bars = ColumnDataSource({"x": [], "top": []}, name="bars")
    p = new_plot(
        "class i, with its logit",
        "softmax(z/T)ᵢ",
        280,
        x_range=Range1d(0.4, n + 0.6),
        y_range=Range1d(0.0, 1.05),
    )
    p.vbar(x="x", top="top", width=0.6, source=bars, color=CROSS_ENTROPY["color"], alpha=0.85)
    p.add_layout(
        Span(
            location=1 / n,
            dimension="width",
            line_color=REFERENCE["color"],
            line_dash="dotted",
            line_width=1.2,
        )
    )
    p.add_layout(
        Label(
            x=n + 0.55,
            y=1 / n,
            text="1/n",
            text_align="right",
            text_baseline="bottom",
            text_font_size="13px",
            text_color=REFERENCE["color"],
        )
    )
    p.xaxis.ticker = list(range(1, n + 1))
    p.xaxis.major_label_overrides = {
        i: f"z{str(i).translate(_SUBSCRIPT)} = {format_number(v, 2).rstrip('0').rstrip('.')}"
        if v != int(v)
        else f"z{str(i).translate(_SUBSCRIPT)} = {int(v)}".replace("-", "−")
        for i, v in enumerate(DEFAULT_LOGITS, start=1)
    }
    p.xgrid.visible = False
    return p


def temperature_figure() -> InteractiveFigure:
    """Return the temperature page's interactive figure (the temperature as a slider).

    Returns
    -------
    InteractiveFigure
        Show it as a cell's output.

    Examples
    --------
    >>> temperature_figure()
    <InteractiveFigure temperature: T>
    """
    n = len(DEFAULT_LOGITS)
    logits = ", ".join(f"{v:g}" for v in DEFAULT_LOGITS)
    return InteractiveFigure(
        key="temperature",
        description=(
            f"Bars of the softmax of the logits ({logits}) divided by the temperature T: at "
            "large T all four bars approach the dotted line at 1/n; at small T the first bar "
            "rises to 1 and the others fall to 0."
        ),
        functions=temperature_functions(),
        sliders=(
            Slider(
                "T",
                text_label("temperature").removesuffix(" T"),
                "T",
                TEMPERATURES,
                START,
                digits=2,
            ),
        ),
        readouts=(
            Readout(
                "entropy",
                "entropy",
                "−∑ sᵢ log sᵢ",
                3,
            ),
            Readout("largest", "largest probability", "s₁", 3),
        ),
        item=bokeh_item(_layout(), "temperature"),
        glue=glue_source("temperature"),
        params={"components": [f"s{i}" for i in range(1, n + 1)], "classes": list(range(1, n + 1))},
    )
