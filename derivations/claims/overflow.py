"""Claim F18 (page ``numerics``): where ``exp`` overflows, and why softmax needs the stable form."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy as sp

from .core import NUMERIC, Claim, Proof, register

__all__ = ["DTYPES", "F18", "overflow_threshold"]

PAGE = "numerics"
#: The floating-point types whose overflow threshold is stated.
DTYPES = ("float16", "float32", "float64")
#: Relative step around a threshold: exp just below is finite, just above is inf.
_EPS = 1e-3
_NAIVE_INPUT = (1000.0, 0.0)


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


def _symbol(dtype: str) -> sp.Symbol:
    return sp.Symbol(f"t_{{\\mathrm{{{dtype}}}}}", positive=True)


def _naive_softmax(z: np.ndarray) -> np.ndarray:
    """Textbook softmax without the max shift (what the claim says fails)."""
    e = np.exp(z)
    return e / e.sum()


def _observed() -> dict[str, object]:
    """Run the numerics: thresholds, exp on either side of them, naive and stable softmax."""
    from .. import log_softmax

    z = np.array(_NAIVE_INPUT)
    with np.errstate(over="ignore", invalid="ignore"):
        naive = _naive_softmax(z)
    return {"thresholds": {dt: overflow_threshold(dt) for dt in DTYPES}, "naive": naive,
            "stable": np.asarray(log_softmax(z), dtype=np.float64)}  # fmt: skip


def _f18_statement() -> list[sp.Expr]:
    obs = _observed()
    rows = [
        sp.Eq(_symbol(dt), sp.Float(round(v, 2), 5), evaluate=False)
        for dt, v in obs["thresholds"].items()
    ]
    naive = sp.Matrix([[sp.nan if np.isnan(v) else sp.Float(v) for v in obs["naive"]]])
    stable = sp.Matrix([[sp.Integer(round(v)) for v in obs["stable"]]])
    rows.append(sp.Eq(sp.Symbol(r"\mathrm{naive\ softmax}([1000, 0])"), naive, evaluate=False))
    rows.append(sp.Eq(sp.Symbol(r"\log\mathrm{softmax}([1000, 0])"), stable, evaluate=False))
    return rows


def _f18_claimed() -> dict[str, sp.Expr]:
    forms: dict[str, sp.Expr] = {
        f"threshold_{dt}": sp.Float(v, 6)
        for dt, v in (("float16", 11.09), ("float32", 88.72), ("float64", 709.78))
    }
    forms["naive_0"] = sp.nan
    forms["naive_1"] = sp.S.Zero
    forms["stable_0"] = sp.S.Zero
    forms["stable_1"] = sp.Integer(-1000)
    return forms


def _f18_prove(claimed: Mapping[str, sp.Expr], proof: Proof) -> None:
    obs = _observed()
    for dt, value in obs["thresholds"].items():
        want = claimed[f"threshold_{dt}"]
        proof.require(
            # The claimed value is the one shown (2 decimals): it must be exactly that rounding.
            want.is_number and abs(float(want) - round(value, 2)) < 1e-4,
            NUMERIC,
            f"log(finfo({dt}).max) = {value:.6f} rounds to claimed {want}",
        )
        kind = np.dtype(dt).type
        with np.errstate(over="ignore"):
            below = np.exp(kind(value * (1 - _EPS)))
            above = np.exp(kind(value * (1 + _EPS)))
            # At the claimed value itself (which may round either way) nothing is assumed.
            claimed_ok = np.isfinite(np.exp(kind(float(want) * (1 - _EPS))))
            claimed_ok = claimed_ok and np.isinf(np.exp(kind(float(want) * (1 + _EPS))))
        proof.require(
            bool(np.isfinite(below) and np.isinf(above) and claimed_ok),
            NUMERIC,
            f"{dt}: exp is finite at threshold*(1-{_EPS}) and inf at threshold*(1+{_EPS})",
        )
    for name, got in (("naive softmax", obs["naive"]), ("stable log_softmax", obs["stable"])):
        for idx, value in enumerate(got):
            want = claimed[f"{name.split()[0]}_{idx}"]
            if want is sp.nan:
                ok = bool(np.isnan(value))
            else:
                ok = want.is_number and not np.isnan(value) and float(want) == float(value)
            proof.require(ok, NUMERIC, f"{name}([1000, 0])[{idx}] = {value} is {want}")
    proof.require(
        bool(np.all(np.isfinite(obs["stable"]))),
        NUMERIC,
        "the stable log-softmax subtracts max z first, so no exp argument exceeds 0",
    )


F18 = register(
    Claim(
        id="F18",
        slug="overflow-thresholds",
        title="exp overflows above log(max float): 11.09 (float16), 88.72 (float32), "
        "709.78 (float64); naive softmax([1000, 0]) is [nan, 0], stable log-softmax [0, -1000]",
        page=PAGE,
        assumptions="IEEE 754 half, single and double precision as implemented by NumPy; "
        "exp evaluated in the input's dtype; round-to-nearest",
        build_statement=_f18_statement,
        build_claimed=_f18_claimed,
        prove=_f18_prove,
    )
)
