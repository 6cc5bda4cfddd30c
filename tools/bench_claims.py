"""Benchmark the claims registry: time per claim and the concrete-n scaling of the derivations.

Run as ``.venv/bin/python tools/bench_claims.py`` (``--quick``: one run, n up to 4, as a smoke
test). Each claim's ``check()`` is timed cold: the package's ``lru_cache``s are cleared before
every run (except the shared symbol table), and the median CPU and wall time of the runs is
printed; then one cold ``check_all()`` (caches shared between claims, as in a site build).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sympy.core.cache import clear_cache

from derivations import claims
from derivations.symbolic import concrete, directional

#: Modules whose caches hold shared symbols: clearing them would only rebuild equal objects.
_KEEP = ("derivations.symbolic.symbols",)


def clear_caches() -> int:
    """Clear SymPy's cache and every ``lru_cache`` in the loaded ``derivations`` modules.

    The shared symbol table is kept (rebuilding it gives equal objects).

    Returns
    -------
    int
        How many caches were cleared.

    Examples
    --------
    >>> clear_caches() >= 1
    True
    """
    # SymPy memoizes expression construction and assumptions globally: clear that too, or
    # repeated runs would be warm.
    clear_cache()
    cleared = 1
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


def median_time(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median CPU and wall time of ``run()`` over ``repeats`` cold runs (caches cleared first).

    CPU time (``time.process_time``) is the fair measure on a shared, loaded machine; wall time
    (``time.perf_counter``) is what a build waits for.

    Parameters
    ----------
    run : callable
        The work to time.
    repeats : int
        Number of runs (at least 1).

    Returns
    -------
    tuple of float
        Median CPU seconds and median wall seconds.

    Examples
    --------
    >>> cpu, wall = median_time(lambda: None, 3)
    >>> cpu >= 0 and wall >= 0
    True
    """
    if repeats < 1:
        raise ValueError(f"median_time: repeats must be >= 1, got {repeats}")
    cpu, wall = [], []
    for _ in range(repeats):
        clear_caches()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return statistics.median(cpu), statistics.median(wall)


def main(argv: list[str] | None = None) -> int:
    """Print the per-claim times, a cold ``check_all()``, and the concrete-n scaling table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run, n in (2, 4): smoke test")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else 3
    sizes = (2, 4) if args.quick else (2, 4, 8, 16)

    print(f"claims: median of {repeats} cold check() runs (seconds)")
    print(f"  {'id':>4}  {'slug':<28} {'cpu':>8} {'wall':>8}")
    total_cpu = total_wall = 0.0
    for claim in claims.all_claims():
        cpu, wall = median_time(claim.check, repeats)
        total_cpu, total_wall = total_cpu + cpu, total_wall + wall
        print(f"  {claim.id:>4}  {claim.slug:<28} {cpu:8.3f} {wall:8.3f}")
    print(f"  {'sum':>4}  {'(each claim cold)':<28} {total_cpu:8.3f} {total_wall:8.3f}")
    cpu, wall = median_time(claims.check_all, repeats)
    print(f"  {'all':>4}  {'check_all(), cold':<28} {cpu:8.3f} {wall:8.3f}")

    derivations = {
        "jacobian_bilinear": directional.jacobian_bilinear,
        "lse_directional": directional.lse_directional,
        "ce_directional": directional.ce_directional,
        "mse_directional": directional.mse_directional,
        "ce_hessian_bilinear": directional.ce_hessian_bilinear,
        "softmax_jacobian": concrete.softmax_jacobian,
        "mse_gradient": concrete.mse_gradient,
    }
    print(f"\nconcrete-n derivations (CPU seconds, median of {repeats} cold runs)")
    print(f"  {'derivation':<20}" + "".join(f"{'n=' + str(n):>10}" for n in sizes))
    for name, derive in derivations.items():
        row = [median_time(lambda d=derive, n=n: d(n), repeats)[0] for n in sizes]
        print(f"  {name:<20}" + "".join(f"{t:10.3f}" for t in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
