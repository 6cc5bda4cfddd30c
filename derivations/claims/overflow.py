r"""Claims of the page ``numerics``: where ``exp`` overflows, and what softmax then returns.

F18: the exponential overflows above :math:`\log \Omega` of each floating type
(:math:`\Omega` its largest finite number), about 11.09, 88.72 and 709.78 for half, single and
double precision; the softmax of :math:`(1000, 0)` computed as written is :math:`(\mathrm{NaN},
0)`, the stable log-softmax gives :math:`(0, -1000)`. F29: for those logits with true class 2,
the cross-entropy and its gradient computed from the logits are :math:`1000` and
:math:`(1, -1)`, the exact values rounded to double precision.

What is observed in floating point is recorded as measured; every measured value is also
compared with the exact value, computed independently in 40-digit arithmetic, rounded as the
floating type rounds (the thresholds to the two decimals shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic.binary import SoftmaxOf
from ..symbolic.display import latex
from .core import MEASURED, Claim, Method, Proof, register
from .mpmath_reference import DPS, mp_lse, mp_softmax

__all__ = ["DTYPES", "F18", "F29", "NAN", "overflow_threshold"]

PAGE = "numerics"
#: The floating-point types whose overflow threshold is stated.
DTYPES = ("float16", "float32", "float64")
#: IEEE 754 layout of each type: (stored mantissa bits p, largest exponent e_max + 1), so the
#: largest finite number is (2 - 2^-p) 2^(e_max) -- independent of NumPy's finfo.
_LAYOUT = {"float16": (10, 16), "float32": (23, 128), "float64": (52, 1024)}
#: Relative step around a threshold: exp just below is finite, just above is infinite.
_STEP = 1e-3
#: The example logits, and the true class of F29 (classes are numbered from 1).
LOGITS = (1000, 0)
TRUE_CLASS = 2
#: Not a number, as the pages show it (SymPy's own nan absorbs every change made to it).
NAN = sp.Symbol(r"\mathrm{NaN}")
#: Compared with the exact value, from the format's definition.
EXACT_FORMAT = Method(
    "numeric", "checked against the exact value, from the IEEE 754 format, in 40-digit arithmetic"
)
#: Compared with the exact value rounded to float64.
EXACT_ROUNDED = Method(
    "numeric", "checked against the exact value, in 40-digit arithmetic, rounded to float64"
)


def overflow_threshold(dtype: str) -> float:
    """Return ``log(finfo(dtype).max)``: ``exp`` overflows to ``inf`` above it.

    Parameters
    ----------
    dtype : str
        A NumPy floating-point type name, e.g. ``"float32"``.

    Returns
    -------
    float
        The threshold, computed in float64.

    Raises
    ------
    TypeError
        If ``dtype`` is not a floating-point type.

    Examples
    --------
    >>> round(overflow_threshold("float32"), 2)
    88.72
    >>> round(overflow_threshold("float64"), 2)
    709.78
    """
    try:
        dt = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"overflow_threshold: not a dtype: {dtype!r}") from exc
    if not np.issubdtype(dt, np.floating):
        raise TypeError(f"overflow_threshold: {dt} is not a floating-point type")
    return float(np.log(np.float64(np.finfo(dt).max)))


class _About(sp.Expr):
    r"""``lhs`` :math:`\approx` ``rhs``: a value shown rounded (display only)."""

    def _latex(self, printer: Any) -> str:
        lhs, rhs = self.args
        return rf"{printer._print(lhs)} \approx {printer._print(rhs)}"


class _Gives(sp.Expr):
    r"""``lhs`` :math:`\xrightarrow{\text{how}}` ``rhs``: what a float64 computation returns."""

    def _latex(self, printer: Any) -> str:
        lhs, rhs, how = self.args
        return rf"{printer._print(lhs)} \xrightarrow{{\text{{{how.name}}}}} {printer._print(rhs)}"


class _Call(sp.Expr):
    r"""A named function of numbers, printed :math:`\mathrm{softmax}(1000, 0)` (display only)."""

    def _latex(self, printer: Any) -> str:
        name, *values = self.args
        inside = ", ".join(printer._print(v) for v in values)
        return rf"\mathrm{{{name.name}}}({inside})"


class _Log(sp.Expr):
    r"""The logarithm of a function's value, printed without brackets: :math:`\log f(x)`."""

    def _latex(self, printer: Any) -> str:
        return rf"\log {printer._print(self.args[0])}"


def _softmax_of_logits() -> _Call:
    return _Call(sp.Symbol("softmax"), *(sp.Integer(v) for v in LOGITS))


def _omega(dtype: str) -> sp.Symbol:
    return sp.Symbol(rf"\Omega_{{\mathrm{{{dtype}}}}}", positive=True)


def _as_float(value: Any) -> float | None:
    """Return the claimed number as a float (None for NaN or a form that is not a number)."""
    value = sp.sympify(value)
    return float(value) if value.is_number and value.is_finite else None


def _matches(observed: np.ndarray, claimed: Any) -> bool:
    """Whether float values equal a claimed row entry by entry (NaN where NaN is claimed)."""
    entries = list(sp.Matrix(claimed))
    if len(entries) != observed.size:
        return False
    for got, want in zip(observed.ravel(), entries, strict=True):
        if want == NAN:
            if not np.isnan(got):
                return False
        elif _as_float(want) is None or float(got) != _as_float(want):
            return False
    return True


def _naive_softmax(z: np.ndarray) -> np.ndarray:
    """Compute the softmax as written, exponentials first (what the claim says fails)."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum()


def _rounds_to(exact: list[mp.mpf], claimed: Any) -> bool:
    """Whether exact values, rounded to float64, are the claimed ones."""
    entries = list(sp.Matrix(claimed)) if isinstance(claimed, sp.MatrixBase) else [claimed]
    wanted = [_as_float(v) for v in entries]
    return len(wanted) == len(exact) and all(
        w is not None and float(e) == w for e, w in zip(exact, wanted, strict=True)
    )


# -- F18 overflow thresholds, naive and stable softmax --------------------------------------------


def _f18_claimed() -> dict[str, Any]:
    forms: dict[str, Any] = {
        dtype: sp.Float(text, len(text) - 1)
        for dtype, text in zip(DTYPES, ("11.09", "88.72", "709.78"), strict=True)
    }
    forms["naive"] = sp.ImmutableMatrix([[NAN, 0]])
    forms["stable"] = sp.ImmutableMatrix([[0, -1000]])
    return forms


def _f18_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    out: dict[str, sp.Basic] = {
        dtype: _About(sp.log(_omega(dtype)), forms[dtype]) for dtype in DTYPES
    }
    softmax = _softmax_of_logits()
    out["naive"] = _Gives(softmax, forms["naive"], sp.Symbol("as written"))
    out["stable"] = _Gives(_Log(softmax), forms["stable"], sp.Symbol("stable"))
    return out


def _f18_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    from .. import log_softmax

    for dtype in DTYPES:
        claimed = _as_float(forms[dtype])
        shown = latex(forms[dtype])  # the claim is the number as shown, two decimals
        value = overflow_threshold(dtype)
        proof.check(
            dtype,
            MEASURED,
            shown == f"{value:.2f}",
            f"$\\log$ of NumPy's largest finite {dtype}, computed in float64, rounds to {{}}",
            forms[dtype],
        )
        kind = np.dtype(dtype).type
        with np.errstate(over="ignore"):
            ok = claimed is not None and bool(
                np.isfinite(np.exp(kind(claimed * (1 - _STEP))))
                and np.isinf(np.exp(kind(claimed * (1 + _STEP))))
            )
        proof.check(
            dtype,
            MEASURED,
            ok,
            f"in {dtype}, $e^u$ is finite for $u$ a factor $1 - 10^{{-3}}$ below {{}} "
            "and infinite a factor $1 + 10^{-3}$ above it",
            forms[dtype],
        )
        bits, top = _LAYOUT[dtype]
        exponent = top - 1
        with mp.workdps(DPS):
            largest = (2 - mp.mpf(2) ** -bits) * mp.mpf(2) ** exponent
            exact = mp.log(largest)
            # The layout's number is NumPy's largest finite one, to the last bit.
            same = largest == mp.mpf(float(np.finfo(dtype).max))
        proof.check(
            dtype,
            EXACT_FORMAT,
            same and shown == f"{float(exact):.2f}",
            f"$\\log\\bigl((2 - 2^{{-{bits}}}) \\cdot 2^{{{exponent}}}\\bigr)$, of the largest "
            f"finite {dtype} (NumPy's, to the last bit), rounds to {{}}",
            forms[dtype],
        )

    z = np.array(LOGITS, dtype=np.float64)
    proof.check(
        "naive",
        MEASURED,
        _matches(_naive_softmax(z), forms["naive"]),
        "$e^{z_i} / \\sum_m e^{z_m}$ evaluated in float64 at $z = (1000, 0)$ is {}",
        forms["naive"],
    )
    proof.cases(
        "naive",
        MEASURED,
        (
            (dtype, _matches(_naive_softmax(z.astype(dtype)), forms["naive"]))
            for dtype in ("float32", "float16")
        ),
        "the same formula in float32 and in float16 gives {}",
        forms["naive"],
    )
    proof.check(
        "stable",
        MEASURED,
        _matches(np.asarray(log_softmax(z), dtype=np.float64), forms["stable"]),
        "the stable log-softmax $z_i - \\mathrm{LSE}(z)$, the largest logit taken out, computed "
        "in float64 at $z = (1000, 0)$, is {}",
        forms["stable"],
    )
    with mp.workdps(DPS):
        logits = [mp.mpf(v) for v in LOGITS]
        exact = [v - mp_lse(logits) for v in logits]
    proof.check(
        "stable",
        EXACT_ROUNDED,
        _rounds_to(exact, forms["stable"]),
        "$z_i - \\mathrm{LSE}(z)$ in 40-digit arithmetic, rounded to float64, is {}",
        forms["stable"],
    )


F18 = register(
    Claim(
        id="F18",
        slug="overflow-thresholds",
        title="Where the exponential overflows in each floating type, and what the softmax "
        "computed as written and the stable log-softmax return beyond it",
        page=PAGE,
        assumptions=(
            r"IEEE 754 half, single and double precision as NumPy implements them; "
            r"$\Omega$ is the type's largest finite number; thresholds rounded to two decimals",
            r"$e^u$ evaluated in the input's type, rounding to nearest",
            r"the arrows: the value computed in float64, by the formula as written or by the "
            r"stable log-softmax $z_i - \mathrm{LSE}(z)$ with the largest logit taken out",
        ),
        claimed=_f18_claimed,
        relations=_f18_relations,
        prove=_f18_prove,
    )
)


# -- F29 the loss and gradient of a confidently wrong model, computed stably ----------------------


def _f29_claimed() -> dict[str, Any]:
    return {"loss": sp.Integer(1000), "gradient": sp.ImmutableMatrix([[1, -1]])}


def _f29_relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    softmax = _softmax_of_logits()
    entry = SoftmaxOf(LOGITS, TRUE_CLASS)
    unit = sp.Symbol(rf"e_{{{TRUE_CLASS}}}")
    how = sp.Symbol("stable")
    return {
        "loss": _Gives(-_Log(entry), forms["loss"], how),
        "gradient": _Gives(sp.Add(softmax, -unit, evaluate=False), forms["gradient"], how),
    }


def _f29_prove(forms: Mapping[str, Any], proof: Proof) -> None:
    from .. import cross_entropy, cross_entropy_grad

    z = np.array(LOGITS, dtype=np.float64)
    label = TRUE_CLASS - 1  # the Python functions number classes from 0
    with mp.workdps(DPS):
        logits = [mp.mpf(v) for v in LOGITS]
        lse = mp_lse(logits)
        loss = -mp.log(mp_softmax(logits)[label])
        gradient = [mp.exp(v - lse) - (1 if i == label else 0) for i, v in enumerate(logits)]
    proof.check(
        "loss",
        MEASURED,
        _matches(np.asarray([cross_entropy(z, label)]), sp.Matrix([forms["loss"]])),
        "the cross-entropy $\\mathrm{LSE}(z) - z_2$, the largest logit taken out, computed in "
        "float64, is {}",
        forms["loss"],
    )
    proof.check(
        "loss",
        EXACT_ROUNDED,
        _rounds_to([loss], forms["loss"]),
        "$-\\log s_2$, from the softmax's definition in 40-digit arithmetic, rounded to float64, "
        "is {}",
        forms["loss"],
    )
    proof.check(
        "gradient",
        MEASURED,
        _matches(np.asarray(cross_entropy_grad(z, label)), forms["gradient"]),
        "the gradient $s - e_2$, from the softmax of the shifted logits, computed in float64, "
        "is {}",
        forms["gradient"],
    )
    proof.check(
        "gradient",
        EXACT_ROUNDED,
        _rounds_to(gradient, forms["gradient"]),
        "$s - e_2$ in 40-digit arithmetic, rounded to float64, is {}",
        forms["gradient"],
    )


F29 = register(
    Claim(
        id="F29",
        slug="stable-wrong-loss",
        title="For a model wrong by a margin of a thousand, the loss and gradient computed "
        "stably from the logits are the exact values, to full double precision",
        page=PAGE,
        assumptions=(
            r"logits $z = (1000, 0)$, true class $k = 2$ (the model is wrong by the margin "
            r"$t = 1000$)",
            r"the arrow: the value computed in float64 by the stable formulas (log-sum-exp with "
            r"the largest logit taken out)",
        ),
        claimed=_f29_claimed,
        relations=_f29_relations,
        prove=_f29_prove,
    )
)
