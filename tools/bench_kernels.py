"""Benchmark the numeric kernels against SciPy and against the memory-bound floor.

Run with ``.venv/bin/python tools/bench_kernels.py [--repeats N]``. For each shape
(10^6 x 10 and 10^4 x 1000, float64, classes on the last axis) it times

* ``derivations.log_softmax`` vs ``scipy.special.log_softmax(z, axis=-1)``,
* ``derivations.cross_entropy`` and ``derivations.cross_entropy_grad`` (integer labels),
* the alternatives to softmax: ``sparsemax`` (a sort per row), ``sparsemax_loss_grad``,
  ``spherical_softmax``, ``taylor_softmax``, ``softplus_normalize``, ``relu_normalize`` and
  ``nll_grad`` (Taylor mapping, integer labels), for comparison only,
* one ``np.exp`` over the same array (the floor: a kernel must read the array, take one
  exponential per entry and write a result),

takes the median of several repeats (the kernels take turns within each repeat), and
prints times and ratios. It exits with status 1 if ``log_softmax`` is slower than SciPy's
by more than the stated noise margin.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy.special

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import derivations as dv

SHAPES = ((10**6, 10), (10**4, 1000))
QUICK_SHAPES = ((10**4, 10), (10**2, 1000))  # --quick: a smoke test of the script itself
#: log_softmax may be at most this much slower than SciPy's before the script fails
#: (timing noise on a shared machine); the expected ratio is below 1.
NOISE_MARGIN = 1.05


def median_times(kernels: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median CPU time of each kernel (all single-threaded NumPy, so CPU time is the work
    done, and other processes on a shared machine disturb it less than wall time); the
    kernels take turns so that drifts in load hit all of them alike."""
    for fn in kernels.values():
        fn()  # warm-up: page faults, caches
    times: dict[str, list[float]] = {name: [] for name in kernels}
    for _ in range(repeats):
        for name, fn in kernels.items():
            t0 = time.process_time()
            fn()
            times[name].append(time.process_time() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed repeats per kernel")
    parser.add_argument(
        "--quick", action="store_true", help="small arrays, no verdict (checks the script runs)"
    )
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    failed = False
    print(
        f"numpy {np.__version__}, scipy {scipy.__version__}; "
        f"median CPU time of {args.repeats} repeats"
    )
    for rows, n in QUICK_SHAPES if args.quick else SHAPES:
        z = rng.normal(scale=3.0, size=(rows, n))
        labels = rng.integers(0, n, size=rows)
        t = median_times(
            {
                "np.exp (floor)": lambda z=z: np.exp(z),
                "scipy log_softmax": lambda z=z: scipy.special.log_softmax(z, axis=-1),
                "log_softmax": lambda z=z: dv.log_softmax(z),
                "cross_entropy": lambda z=z, y=labels: dv.cross_entropy(z, y),
                "cross_entropy_grad": lambda z=z, y=labels: dv.cross_entropy_grad(z, y),
                "sparsemax": lambda z=z: dv.sparsemax(z),
                "sparsemax_loss_grad": lambda z=z, y=labels: dv.sparsemax_loss_grad(z, y),
                "spherical_softmax": lambda z=z: dv.spherical_softmax(z),
                "taylor_softmax": lambda z=z: dv.taylor_softmax(z),
                "softplus_normalize": lambda z=z: dv.softplus_normalize(z),
                "relu_normalize": lambda z=z: dv.relu_normalize(z),
                "nll_grad (taylor)": lambda z=z, y=labels: dv.nll_grad(z, y, "taylor"),
            },
            args.repeats,
        )
        floor, ref = t["np.exp (floor)"], t["scipy log_softmax"]
        print(f"\nz: {rows} x {n} float64")
        print(f"  {'kernel':<20} {'ms':>9} {'/ np.exp':>9} {'/ scipy':>9}")
        for name, sec in t.items():
            print(f"  {name:<20} {1e3 * sec:9.1f} {sec / floor:9.2f} {sec / ref:9.2f}")
        ratio = t["log_softmax"] / ref
        verdict = "ok" if ratio <= NOISE_MARGIN else "SLOWER THAN SCIPY"
        print(f"  log_softmax / scipy.special.log_softmax = {ratio:.2f} ({verdict})")
        failed |= ratio > NOISE_MARGIN and not args.quick
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
