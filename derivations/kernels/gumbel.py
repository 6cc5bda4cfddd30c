r"""The Gumbel-max race, simulated: how often each class wins when noise is added to its logit.

Add independent standard Gumbel noise :math:`\gamma_i` (distribution function
:math:`F(u) = e^{-e^{-u}}`) to every logit and pick the largest,
:math:`\arg\max_i (z_i + \gamma_i)`.
The page "Why the exponential?" derives that class :math:`i` wins with probability
:math:`\mathrm{softmax}(z)_i`; :func:`gumbel_max_frequencies` counts the winners of a seeded
simulation, and :func:`within_binomial_error` says whether the frequencies agree with given
probabilities within ``k`` standard errors of a binomial proportion,
:math:`\sqrt{s_i (1 - s_i) / N}` for :math:`N` draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "EXAMPLE",
    "GumbelExample",
    "binomial_standard_error",
    "gumbel_max_frequencies",
    "within_binomial_error",
]


@dataclass(frozen=True)
class GumbelExample:
    """A seeded Gumbel-max simulation: logits, number of draws, seed, allowed standard errors.

    Attributes
    ----------
    logits : tuple of float
        The logits :math:`z`.
    samples : int
        Number of draws :math:`N`.
    seed : int
        Seed of the noise.
    k : float
        How many binomial standard errors a frequency may differ from its probability.
    """

    logits: tuple[float, ...]
    samples: int
    seed: int
    k: float


#: The simulation of the page "Why the exponential?" (and of the claim it confirms).
EXAMPLE = GumbelExample(logits=(2.0, 1.0, 0.5, -1.0), samples=1_000_000, seed=2014, k=3.0)

#: Draws per block: bounds the memory of a simulation (the stream of numbers is the same as one
#: block of every draw, so the result does not depend on it).
_BLOCK = 65_536


def _logits(z: ArrayLike, caller: str) -> NDArray[np.float64]:
    zz = np.asarray(z, dtype=np.float64)
    if zz.ndim != 1 or zz.size < 2 or not np.all(np.isfinite(zz)):
        raise ValueError(f"{caller}: z must be a 1-d array of at least two finite logits")
    return zz


def _samples(samples: int, caller: str) -> int:
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise ValueError(f"{caller}: samples must be a positive int, got {samples!r}")
    return int(samples)


def gumbel_max_frequencies(z: ArrayLike, samples: int, seed: int) -> NDArray[np.float64]:
    r"""Return how often each class has the largest :math:`z_i + \gamma_i` in seeded draws.

    Parameters
    ----------
    z : array_like
        The logits, a 1-d array of at least two finite numbers.
    samples : int
        Number of draws :math:`N`.
    seed : int
        Seed of ``numpy.random.default_rng``; the noise is ``rng.gumbel(size=(N, n))``.

    Returns
    -------
    numpy.ndarray
        Winning frequencies, one per class; they sum to one.

    Raises
    ------
    ValueError
        For bad logits or a non-positive number of draws.

    Examples
    --------
    >>> f = gumbel_max_frequencies([0.0, 0.0], samples=10_000, seed=1)
    >>> f.sum(), bool(abs(f[0] - 0.5) < 0.02)
    (np.float64(1.0), True)
    """
    zz = _logits(z, "gumbel_max_frequencies")
    total = _samples(samples, "gumbel_max_frequencies")
    rng = np.random.default_rng(seed)
    counts = np.zeros(zz.size, dtype=np.int64)
    for start in range(0, total, _BLOCK):
        size = min(_BLOCK, total - start)
        winners = np.argmax(zz + rng.gumbel(size=(size, zz.size)), axis=-1)
        counts += np.bincount(winners, minlength=zz.size)
    return counts / total


def binomial_standard_error(probabilities: ArrayLike, samples: int) -> NDArray[np.float64]:
    r"""Return the standard error :math:`\sqrt{s_i(1 - s_i)/N}` of a frequency.

    The frequency is that of an event of probability :math:`s_i` in :math:`N` draws.

    Parameters
    ----------
    probabilities : array_like
        Probabilities in :math:`[0, 1]`.
    samples : int
        Number of draws :math:`N`.

    Returns
    -------
    numpy.ndarray
        One standard error per probability.

    Raises
    ------
    ValueError
        For probabilities outside :math:`[0, 1]` or a non-positive number of draws.

    Examples
    --------
    >>> binomial_standard_error([0.5], 10_000)
    array([0.005])
    """
    p = np.asarray(probabilities, dtype=np.float64)
    if not np.all((p >= 0) & (p <= 1)):
        raise ValueError("binomial_standard_error: probabilities must lie in [0, 1]")
    return np.sqrt(p * (1 - p) / _samples(samples, "binomial_standard_error"))


def within_binomial_error(
    frequencies: ArrayLike, probabilities: ArrayLike, samples: int, k: float = 3.0
) -> bool:
    r"""Whether every frequency is within ``k`` standard errors of its probability.

    Parameters
    ----------
    frequencies : array_like
        Observed frequencies from ``samples`` draws.
    probabilities : array_like
        The probabilities they estimate (same shape), in :math:`[0, 1]`.
    samples : int
        Number of draws :math:`N`.
    k : float, optional
        How many standard errors are allowed.

    Returns
    -------
    bool
        ``True`` when :math:`|f_i - s_i| \le k \sqrt{s_i(1 - s_i)/N}` for every :math:`i`;
        ``False`` also for probabilities outside :math:`[0, 1]` (not a probability at all).

    Examples
    --------
    >>> within_binomial_error([0.51], [0.5], 10_000)
    True
    >>> within_binomial_error([0.52], [0.5], 10_000)
    False
    """
    f = np.asarray(frequencies, dtype=np.float64)
    p = np.asarray(probabilities, dtype=np.float64)
    if f.shape != p.shape or not np.all(np.isfinite(p) & (p >= 0) & (p <= 1)):
        return False
    return bool(np.all(np.abs(f - p) <= k * binomial_standard_error(p, samples)))
