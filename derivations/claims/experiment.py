r"""Claim of the page ``experiment``: what the confidently wrong start gives every class.

F30: logits :math:`z = c\,e_1` (class 1 ahead of every other by :math:`c`, the others equal) give
class 1 the probability :math:`e^c/(e^c + n - 1)` and every other class :math:`1/(e^c + n - 1)`,
for every number of classes :math:`n`. The sum in the softmax's denominator is done for
symbolic :math:`n` with a small lemma: for a Kronecker delta :math:`\delta \in \{0, 1\}`,
:math:`e^{c\delta} = 1 + (e^c - 1)\delta`, which turns the sum into one SymPy sums out.
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
#: The favoured class's logit lead.
START_LEAD = sp.Symbol("c", positive=True)
#: The lead and number of classes of the page's experiment (ten digits, lead 10).
_EXPERIMENT = {START_LEAD: 10, G.n: 10}


class _StartSoftmax(sp.Expr):
    r"""Entry ``index`` of :math:`\mathrm{softmax}(c\, e_1)` (display only)."""

    def _latex(self, printer: Any) -> str:
        (index,) = self.args
        return rf"\mathrm{{softmax}}(c\, e_1)_{{{printer._print(index)}}}"


def _claimed() -> dict[str, Any]:
    c, n = START_LEAD, G.n
    # Written as a person writes them: e^c + n - 1.
    total = sp.Add(sp.exp(c), n, -1, evaluate=False)
    return {
        "favoured": sp.UnevaluatedExpr(sp.Mul(sp.exp(c), sp.Pow(total, -1), evaluate=False)),
        "others": sp.UnevaluatedExpr(sp.Pow(total, -1, evaluate=False)),
    }


def _relations(forms: Mapping[str, Any]) -> dict[str, sp.Basic]:
    return {
        "favoured": sp.Eq(_StartSoftmax(sp.S.One), forms["favoured"], evaluate=False),
        "others": sp.Eq(_StartSoftmax(G.j), forms["others"], evaluate=False),
    }


def _general() -> dict[str, sp.Expr]:
    """Both entries for symbolic n, with the lemma e^(c delta) = 1 + (e^c - 1) delta."""
    c, m = START_LEAD, G.m
    delta = sp.KroneckerDelta(m, 1)
    total = sum_out_deltas(sp.Sum(1 + (sp.exp(c) - 1) * delta, (m, 1, G.n)))
    return {"favoured": sp.exp(c) / total, "others": sp.exp(0) / total}


def _prove(forms: Mapping[str, Any], proof: Proof) -> None:
    c = START_LEAD
    lemma = all(
        sp.exp(c * v) - (1 + (sp.exp(c) - 1) * v) == 0 for v in (sp.S.Zero, sp.S.One)
    )  # the two values a Kronecker delta takes
    general = _general()
    texts = {
        "favoured": "$e^{c}$ over the sum $\\sum_m e^{c \\delta_{m1}}$, "
        "with $e^{c\\delta} = 1 + (e^c - 1)\\delta$, is {}",
        "others": "$e^{0}$ over the same sum is {}",
    }
    for part in ("favoured", "others"):
        claimed = sp.sympify(forms[part]).doit()
        proof.check(
            part, ANY_N, lemma and is_zero(general[part] - claimed), texts[part], forms[part]
        )

        def exact(n: int, part: str = part, claimed: sp.Expr = claimed) -> bool:
            zs = logit_symbols(n)
            s = d.softmax([c, *zs[1:]])
            entries = [s[0]] if part == "favoured" else s[1:]
            table = dict.fromkeys(zs[1:], sp.S.Zero)
            want = claimed.xreplace({G.n: n})
            return all(is_zero(e.xreplace(table) - want) for e in entries)

        proof.cases(
            part,
            EXACT_NS,
            ((f"n = {n}", exact(n)) for n in CONCRETE_NS),
            f"{'entry 1' if part == 'favoured' else 'each other entry'} of the concrete "
            "softmax of $(c, 0, \\dots, 0)$ is {}",
            forms[part],
        )
    from .. import softmax

    lead, n = (_EXPERIMENT[k] for k in (START_LEAD, G.n))
    observed = softmax(np.array([float(lead)] + [0.0] * (n - 1)))
    for part, got in (("favoured", observed[0]), ("others", observed[1:])):
        want = float(sp.sympify(forms[part]).doit().xreplace(_EXPERIMENT))
        proof.check(
            part,
            MEASURED,
            bool(np.allclose(got, want, rtol=1e-15, atol=0)),
            "the package's softmax at $c = 10$, $n = 10$ (the page's start) agrees with {} "
            "to float64 precision",
            forms[part],
        )


F30 = register(
    Claim(
        id="F30",
        slug="wrong-start-probabilities",
        title="A start that puts one class ahead of all others gives every other class a "
        "probability exponentially small in the lead",
        page=PAGE,
        assumptions=(
            r"$n \ge 2$ classes; logits $z = c\, e_1$ with a lead $c > 0$",
            r"$j \in \{2, \dots, n\}$",
        ),
        claimed=_claimed,
        relations=_relations,
        prove=_prove,
    )
)
