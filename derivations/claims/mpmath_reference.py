"""High-precision references for the claims' numeric checks (mpmath), and seeded points.

Points include large logits (up to about 1000) and are evaluated with mpmath at 40 digits, where
``exp(1000)`` does not overflow; references are independent high-precision computations
(``mpmath.diff`` finite differences of the loss itself), never the symbolic result.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import mpmath as mp
import numpy as np
import sympy as sp

from ..symbolic import definitions as d
from ..symbolic.rewrite import concretize
from ..symbolic.symbols import general_symbols, logit_symbols, target_symbols

__all__ = [
    "DPS",
    "SCALES",
    "claimed_function",
    "close",
    "logit_points",
    "mp_lse",
    "mp_partial",
    "mp_softmax",
    "target_points",
]

DPS = 40
#: Logit scales of the spot-check points: ordinary, large, and far beyond float64's exp range.
SCALES = (1.0, 30.0, 1000.0)


def logit_points(n: int, seed: int) -> list[list[mp.mpf]]:
    """Seeded logit vectors at each scale in :data:`SCALES`.

    Parameters
    ----------
    n : int
        Number of classes.
    seed : int
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    list of list of mpmath.mpf
        One point per scale.

    Examples
    --------
    >>> len(logit_points(3, seed=0)), len(logit_points(3, seed=0)[0])
    (3, 3)
    """
    rng = np.random.default_rng(seed)
    return [[mp.mpf(float(v)) for v in scale * rng.standard_normal(n)] for scale in SCALES]


def target_points(n: int, seed: int, count: int = 3) -> list[list[mp.mpf]]:
    """Seeded target distributions: one-hot rows and a dense random distribution.

    Parameters
    ----------
    n : int
        Number of classes.
    seed : int
        Seed.
    count : int, optional
        How many targets.

    Returns
    -------
    list of list of mpmath.mpf
        Targets that sum to one.

    Examples
    --------
    >>> [float(sum(t)) for t in target_points(3, seed=0)]
    [1.0, 1.0, 1.0]
    """
    rng = np.random.default_rng(seed)
    out = []
    for c in range(count):
        if c % 2 == 0:
            t = [mp.mpf(0)] * n
            t[int(rng.integers(n))] = mp.mpf(1)
        else:
            w = rng.random(n)
            t = [mp.mpf(float(v)) for v in w]
            total = mp.fsum(t)
            t = [v / total for v in t]
        out.append(t)
    return out


def mp_lse(z: Sequence[mp.mpf]) -> mp.mpf:
    """Log-sum-exp in mpmath (no overflow at any size).

    Parameters
    ----------
    z : sequence of mpmath.mpf
        Logits.

    Returns
    -------
    mpmath.mpf
        ``log(sum(exp(z)))``.

    Examples
    --------
    >>> float(mp_lse([mp.mpf(1000), mp.mpf(1000)]) - 1000)
    0.693147...
    """
    return mp.log(mp.fsum(mp.exp(t) for t in z))


def mp_softmax(z: Sequence[mp.mpf]) -> list[mp.mpf]:
    """Softmax in mpmath.

    Parameters
    ----------
    z : sequence of mpmath.mpf
        Logits.

    Returns
    -------
    list of mpmath.mpf
        The softmax.

    Examples
    --------
    >>> [float(v) for v in mp_softmax([mp.mpf(0), mp.mpf(0)])]
    [0.5, 0.5]
    """
    lse = mp_lse(z)
    return [mp.exp(t - lse) for t in z]


def mp_partial(f: Callable[[list], mp.mpf], point: Sequence[mp.mpf], k: int) -> mp.mpf:
    """Partial derivative of ``f`` at ``point`` in coordinate ``k`` (0-based), by mpmath.diff.

    Parameters
    ----------
    f : callable
        Function of a list of mpmath numbers.
    point : sequence of mpmath.mpf
        Where to differentiate.
    k : int
        Coordinate.

    Returns
    -------
    mpmath.mpf
        The numerical partial derivative.

    Examples
    --------
    >>> float(mp_partial(lambda v: v[0] * v[1], [mp.mpf(2), mp.mpf(3)], 1))
    2.0
    """
    base = list(point)

    def along(t: mp.mpf) -> mp.mpf:
        moved = list(base)
        moved[k] = t
        return f(moved)

    return mp.diff(along, base[k])


def close(a: mp.mpf, b: mp.mpf, tol: float = 1e-20) -> bool:
    """Whether ``a`` and ``b`` agree to ``tol``, relative to ``1 + |b|``.

    Parameters
    ----------
    a, b : mpmath.mpf
        Numbers.
    tol : float, optional
        Tolerance.

    Returns
    -------
    bool
        Agreement.

    Examples
    --------
    >>> close(mp.mpf(1), mp.mpf(1) + mp.mpf(10) ** -30)
    True
    """
    return bool(abs(a - b) <= tol * (1 + abs(b)))


def claimed_function(
    claimed: sp.Expr, n: int, index_symbols: Sequence[sp.Symbol]
) -> Callable[..., mp.mpf]:
    """Lambdify a general-``n`` closed form at concrete ``n`` as ``f(z, y, *indices)``.

    ``s`` is replaced by the softmax of concrete logits, so the function evaluates the claim.

    Parameters
    ----------
    claimed : sympy.Expr
        Closed form in the general symbols (``s, y, z``, indices).
    n : int
        Concrete size.
    index_symbols : sequence of sympy.Symbol
        Free indices; passed 1-based to the returned function.

    Returns
    -------
    callable
        ``f(z, y, *indices) -> mpmath.mpf`` (indices are 1-based ints).

    Examples
    --------
    >>> g = general_symbols()
    >>> f = claimed_function(g.s[g.k] - g.y[g.k], 2, [g.k])
    >>> float(f([mp.mpf(0), mp.mpf(0)], [mp.mpf(1), mp.mpf(0)], 1))
    -0.5
    """
    g = general_symbols()
    z, y = logit_symbols(n), target_symbols(n)
    vectors = {g.s: d.softmax(z), g.y: y, g.z: z}
    table: dict[tuple[int, ...], Callable] = {}
    for tup in itertools.product(range(1, n + 1), repeat=len(index_symbols)):
        expr = concretize(claimed, n, dict(zip(index_symbols, tup, strict=True)), vectors)
        table[tup] = sp.lambdify([*z, *y], expr, modules="mpmath")

    def evaluate(zv: Sequence[mp.mpf], yv: Sequence[mp.mpf], *indices: int) -> mp.mpf:
        return table[tuple(indices)](*zv, *yv)

    return evaluate
