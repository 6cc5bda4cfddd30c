"""Benchmark the claims registry: time per claim and the concrete-n scaling of the derivations.

Run as ``.venv/bin/python tools/bench_claims.py`` (``--quick``: one run, n up to 4, as a smoke
test). Each claim's ``check()`` is timed cold: the package's ``lru_cache``s are cleared before
every run (except the shared symbol table), and the median of the runs is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from derivations import claims
from derivations.symbolic import concrete

#: Modules whose caches hold shared symbols: clearing them would only rebuild equal objects.
_KEEP = ("derivations.symbolic.symbols",)


def clear_caches() -> int:
    """Clear every ``lru_cache`` in the loaded ``derivations`` modules (except the symbols).

    Returns
    -------
    int
        How many caches were cleared.

    Examples
    --------
    >>> clear_caches() >= 1
    True
    """
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("derivations.") or name in _KEEP or module is None:
            continue
        for value in list(vars(module).values()):
            if (
                callable(getattr(value, "cache_clear", None))
                and getattr(value, "__module__", None) == name
            ):
                value.cache_clear()
                cleared += 1
    return cleared


def median_time(run: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``run()`` over ``repeats`` cold runs (caches cleared before each).

    Parameters
    ----------
    run : callable
        The work to time.
    repeats : int
        Number of runs (at least 1).

    Returns
    -------
    float
        Median seconds.

    Examples
    --------
    >>> median_time(lambda: None, 3) >= 0
    True
    """
    if repeats < 1:
        raise ValueError(f"median_time: repeats must be >= 1, got {repeats}")
    times = []
    for _ in range(repeats):
        clear_caches()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Print the per-claim times, the total, and the concrete-n scaling table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run, n in (2, 4): smoke test")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else 3
    sizes = (2, 4) if args.quick else (2, 4, 8, 16)

    print(f"claims: median of {repeats} cold check() runs")
    total = 0.0
    for claim in claims.all_claims():
        seconds = median_time(claim.check, repeats)
        total += seconds
        print(f"  {claim.id:>4}  {claim.slug:<28} {seconds:8.3f} s")
    print(f"  total{'':<30}{total:8.3f} s")

    derivations = {
        "softmax_jacobian": concrete.softmax_jacobian,
        "lse_gradient": concrete.lse_gradient,
        "ce_gradient": concrete.ce_gradient,
        "mse_gradient": concrete.mse_gradient,
        "ce_hessian": concrete.ce_hessian,
    }
    print(f"\nconcrete-n derivations (seconds, median of {repeats} cold runs)")
    print(f"  {'derivation':<18}" + "".join(f"{'n=' + str(n):>10}" for n in sizes))
    for name, derive in derivations.items():
        row = [median_time(lambda d=derive, n=n: d(n), repeats) for n in sizes]
        print(f"  {name:<18}" + "".join(f"{t:10.3f}" for t in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
