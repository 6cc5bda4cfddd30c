"""What the exponential of a softmax costs, next to the layer that produced the logits.

The question "why not just divide by the sum?" often assumes the exponential is expensive. A
classifier's last layer computes its logits with a matrix product, ``features @ weights``, of
``batch * features * classes`` multiply-adds; the softmax then takes ``batch * classes``
exponentials. :func:`exp_cost` times both on the machine that runs it (median of repeated runs,
after a warm-up) and returns their ratio.

A measured time differs from run to run, and the site's build must write the same bytes every
time it is built on the same machine. So the measurement is taken once per machine and stored
under the user's cache directory (``$XDG_CACHE_HOME/why-softmax``, else ``~/.cache/why-softmax``),
keyed by the processor, the Python and the NumPy version; delete that file to measure again.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

__all__ = ["ExpCost", "cache_file", "exp_cost", "measure_exp_cost"]


@dataclass(frozen=True)
class ExpCost:
    """Median times of the logits' matrix product and of their exponentials.

    Attributes
    ----------
    batch, features, classes : int
        The shape: ``(batch, features) @ (features, classes)``, then ``exp`` of the
        ``(batch, classes)`` logits.
    matmul_seconds, exp_seconds : float
        Median wall time of each, in seconds.
    """

    batch: int
    features: int
    classes: int
    matmul_seconds: float
    exp_seconds: float

    @property
    def ratio(self) -> float:
        """Exponentials' time over the matrix product's.

        Returns
        -------
        float
            ``exp_seconds / matmul_seconds``.
        """
        return self.exp_seconds / self.matmul_seconds


def _median_seconds(work: Callable[[], object], repeats: int, inner: int) -> float:
    work()  # warm-up: page faults, thread start-up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            work()
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples)


def measure_exp_cost(
    batch: int = 256, features: int = 512, classes: int = 1000, repeats: int = 15
) -> ExpCost:
    """Time ``features @ weights`` and ``exp(logits)`` in float64, now, on this machine.

    Parameters
    ----------
    batch, features, classes : int, optional
        The layer's shape.
    repeats : int, optional
        Timed repetitions of each (the median is kept).

    Returns
    -------
    ExpCost
        The two median times.

    Raises
    ------
    ValueError
        If a size or ``repeats`` is not a positive integer.

    Examples
    --------
    >>> cost = measure_exp_cost(batch=8, features=16, classes=10, repeats=3)
    >>> cost.matmul_seconds > 0 and cost.exp_seconds > 0
    True
    """
    for name, value in (("batch", batch), ("features", features), ("classes", classes),
                        ("repeats", repeats)):  # fmt: skip
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"measure_exp_cost: {name} must be a positive int, got {value!r}")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, features))
    w = rng.standard_normal((features, classes)) / np.sqrt(features)
    logits = x @ w
    out = np.empty_like(logits)
    # Enough inner loops that one timed sample lasts about a millisecond.
    inner = max(1, int(2e5 // (batch * classes)))
    matmul = _median_seconds(lambda: np.matmul(x, w, out=out), repeats, inner)
    exp = _median_seconds(lambda: np.exp(logits, out=out), repeats, inner)
    return ExpCost(batch, features, classes, matmul, exp)


def cache_file() -> Path:
    """Return the file that keeps this machine's measurements.

    Returns
    -------
    pathlib.Path
        ``<cache dir>/why-softmax/exp-cost-<key>.json``, the key naming the processor, Python
        and NumPy.
    """
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "why-softmax"
    machine = "|".join(
        (platform.machine(), platform.processor(), _cpu_model(), platform.python_version(),
         np.__version__)
    )  # fmt: skip
    key = hashlib.sha256(machine.encode()).hexdigest()[:12]
    return base / f"exp-cost-{key}.json"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def exp_cost(batch: int = 256, features: int = 512, classes: int = 1000) -> ExpCost:
    """Return this machine's :func:`measure_exp_cost` for a shape, measured once, then reused.

    Parameters
    ----------
    batch, features, classes : int, optional
        The layer's shape.

    Returns
    -------
    ExpCost
        The stored measurement for this machine and shape, measured now if there is none.

    Examples
    --------
    >>> cost = exp_cost(batch=8, features=16, classes=10)
    >>> cost == exp_cost(batch=8, features=16, classes=10)
    True
    """
    path = cache_file()
    shape = f"{batch}x{features}x{classes}"
    try:
        stored = json.loads(path.read_text())
    except (OSError, ValueError):
        stored = {}
    if shape in stored:
        return ExpCost(**stored[shape])
    cost = measure_exp_cost(batch, features, classes)
    stored[shape] = asdict(cost)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(stored, indent=1, sort_keys=True))
    tmp.replace(path)  # atomic: parallel page kernels never read half a file
    return cost
