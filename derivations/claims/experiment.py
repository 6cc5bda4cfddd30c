r"""Claim of the page ``experiment``: what the confidently wrong start gives every class.

F30: the start's logits :math:`z = 10\,e_1` (class 1 ahead of every other by 10, the others
equal) give class 1 the probability :math:`e^{10}/(e^{10} + n - 1)` and every other class
:math:`1/(e^{10} + n - 1)`, for every number of classes :math:`n`. The sum in the softmax's
denominator is done for symbolic :math:`n` with a small lemma: for a Kronecker delta
:math:`\delta \in \{0, 1\}`, :math:`e^{10\delta} = 1 + (e^{10} - 1)\delta`, which turns the sum
into one SymPy sums out. The lead is the number the experiment uses (no letter: :math:`c` is the
site's shift constant).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy as sp

from ..symbolic import definitions as d
from ..symbolic.general import sum_out_deltas
from ..symbolic.symbols import general_symbols, logit_symbols
from ..symbolic.zero import is_zero
from ._common import CONCRETE_NS, EXACT_NS
from .core import ANY_N, MEASURED, Claim, Proof, register

__all__ = ["F30", "START_LEAD"]

PAGE = "experiment"
G = general_symbols()
#: The favoured class's logit lead at the experiment's start (``DEFAULT_WRONG_SCALE``).
START_LEAD = sp.Integer(10)
#: The number of classes of the page's experiment (ten digits).
_EXPERIMENT = {G.n: 10}


class _StartSoftmax(sp.Expr):
    r"""Entry ``index`` of :math:`\mathrm{softmax}(10\, e_1)` (display only)."""

    def _latex(self, printer: Any) -> str:
        (index,) = self.args
        lead = printer._print(START_LEAD)
        return rf"\mathrm{{softmax}}({lead}\, e_1)_{{{printer._print(index)}}}"


def _claimed() -> dict[str, Any]:
    lead, n = START_LEAD, G.n
    # Written as a person writes them: e^10 + n - 1.
    total = sp.Add(sp.exp(lead), n, -1, evaluate=False)
    return {
        "favoured": sp.UnevaluatedExpr(sp.Mul(sp.exp(lead), sp.Pow(total, -1), evaluate=False)),
        "others": sp.UnevaluatedExpr(sp.Pow(total, -1, evaluate=False)),
    }


def _relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "favoured": sp.Eq(_StartSoftmax(sp.S.One), forms["favoured"], evaluate=False),
        "others": sp.Eq(_StartSoftmax(G.j), forms["others"], evaluate=False),
    }


def _general() -> dict[str, sp.Expr]:
    """Both entries for symbolic n, with the lemma e^(10 delta) = 1 + (e^10 - 1) delta."""
    lead, m = START_LEAD, G.m
    delta = sp.KroneckerDelta(m, 1)
    total = sum_out_deltas(sp.Sum(1 + (sp.exp(lead) - 1) * delta, (m, 1, G.n)))
    return {"favoured": sp.exp(lead) / total, "others": sp.exp(0) / total}


def _prove(forms: Mapping[str, Any], proof: Proof) -> None:
    lead = START_LEAD
    lemma = all(
        sp.exp(lead * v) - (1 + (sp.exp(lead) - 1) * v) == 0 for v in (sp.S.Zero, sp.S.One)
    )  # the two values a Kronecker delta takes
    general = _general()
    texts = {
        "favoured": "$e^{10}$ over the sum $\\sum_m e^{10 \\delta_{m1}}$, "
        "with $e^{10\\delta} = 1 + (e^{10} - 1)\\delta$ for $\\delta \\in \\{0, 1\\}$, is {}",
        "others": "$e^{0}$ over the same sum is {}",
    }
    for part in ("favoured", "others"):
        claimed = sp.sympify(forms[part]).doit()
        proof.check(
            part, ANY_N, lemma and is_zero(general[part] - claimed), texts[part], forms[part]
        )

        def exact(n: int, part: str = part, claimed: sp.Expr = claimed) -> bool:
            zs = logit_symbols(n)
            s = d.softmax([lead, *zs[1:]])
            entries = [s[0]] if part == "favoured" else s[1:]
            table = dict.fromkeys(zs[1:], sp.S.Zero)
            want = claimed.xreplace({G.n: n})
            return all(is_zero(e.xreplace(table) - want) for e in entries)

        proof.cases(
            part,
            EXACT_NS,
            ((f"n = {n}", exact(n)) for n in CONCRETE_NS),
            f"{'entry 1' if part == 'favoured' else 'each other entry'} of the concrete "
            "softmax of $(10, 0, \\dots, 0)$ is {}",
            forms[part],
        )
    from .. import softmax

    lead, n = int(START_LEAD), _EXPERIMENT[G.n]
    observed = softmax(np.array([float(lead)] + [0.0] * (n - 1)))
    for part, got in (("favoured", observed[0]), ("others", observed[1:])):
        want = float(sp.sympify(forms[part]).doit().xreplace(_EXPERIMENT))
        proof.check(
            part,
            MEASURED,
            bool(np.allclose(got, want, rtol=1e-15, atol=0)),
            "the softmax computed in float64 at $n = 10$ (the page's start) agrees with {} "
            "to float64 precision",
            forms[part],
        )


F30 = register(
    Claim(
        id="F30",
        slug="wrong-start-probabilities",
        title="The confidently wrong start, one logit ten ahead of all the others, gives the "
        "favoured class almost all the probability and every other class a tiny share",
        page=PAGE,
        assumptions=(
            r"$n \ge 2$ classes; logits $z = 10\, e_1$: class 1 ten ahead of every other",
            r"$j \in \{2, \dots, n\}$",
        ),
        claimed=_claimed,
        relations=_relations,
        prove=_prove,
    )
)
