"""Build benchmark: ``make bench`` prints a table and writes ``_build/bench.json``.

Every build runs in a scratch copy of the repository (``tools/scratch.py``), never in the
working tree, with the copy's ``derivations/`` first on the page kernels' ``PYTHONPATH``:

- **cold**: empty ``_build``, every page executed;
- **no-op**: the same build again, nothing changed;
- **one page**: a code cell appended to one page;
- **derivations**: a comment appended to ``derivations/__init__.py`` (every page re-executes);
- **floor**: what a build cannot avoid: Sphinx with execution off (``-D nb_execution_mode=off``,
  cold) plus every page's code run as plain Python in one process, one after another.

Each is repeated (``--repeat``, default 3) and the median reported, with the number of pages
each build executed: the no-op and one-page builds always; the cold, derivations, floor and
claims timings in further rounds only while the time budget (``--budget``) allows, so the whole
bench stays near ten minutes on a 2-core machine. The test suite is timed once, on a fresh
copy: the fast loop (``pytest -m "not build and not browser"``, the README's quick
loop, which must leave no ``_build/`` behind) and ``make test`` as CI runs it (outputs in
``_build/bench-fast-loop.log`` and ``_build/bench-make-test.log``; ``--no-test`` skips both);
``derivations.claims.check_all()`` when the package has it.
The targets: no-op at most 20 % of cold and executing nothing, one page executing that page
only, cold at most 2x the floor; the fast loop at most 30 s and building nothing, ``make test``
at most two minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import scratch  # noqa: E402
import sitebuild  # noqa: E402

VENV = Path(os.environ.get("UV_PROJECT_ENVIRONMENT", ROOT / ".venv"))
PYTHON = VENV / "bin" / "python"
#: How a build's log reports one page executed (as tests/helpers.py counts them).
EXECUTED = re.compile(r"Executed notebook in |Executing notebook using ")
#: The README's quick loop: every test that needs no site build.
FAST_LOOP = [
    "-m", "pytest", "-m", "not build and not browser", "-q", "-p", "no:cacheprovider"
]  # fmt: skip

#: Runs every code cell of the given MyST pages as plain Python, in this one process.
FLOOR_SCRIPT = r"""
import contextlib, io, os, sys, time
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from myst_nb.core.config import NbParserConfig
from myst_nb.core.read import create_nb_reader
from myst_parser.config.main import MdParserConfig
from IPython.core.inputtransformer2 import TransformerManager

md = MdParserConfig(enable_extensions={"amsmath", "dollarmath", "colon_fence", "deflist",
                                       "substitution"})
transform = TransformerManager().transform_cell  # %magics and !shell lines -> plain Python
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    reader = create_nb_reader(path, md, NbParserConfig(), text)
    if reader is None:
        continue
    os.chdir(os.path.dirname(os.path.abspath(path)))
    namespace = {"__name__": "__main__"}
    for cell in reader.read(text).cells:
        if cell.cell_type == "code":
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(transform(cell.source), path, "exec"), namespace)
    plt.close("all")
"""


@dataclass
class Measure:
    """Repeated timings of one scenario, with the pages each run executed."""

    name: str
    label: str
    seconds: list[float] = field(default_factory=list)
    executed: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    def as_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "median_s": round(self.median, 3),
            "runs_s": [round(s, 3) for s in self.seconds],
            "pages_executed": self.executed,
        }


def _env(repo: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(repo), "UV_PROJECT_ENVIRONMENT": str(VENV)}
    env.pop("WHY_SOFTMAX_BUILD", None)  # the copy's Makefile sets it from BUILD
    return env


def _timed(
    cmd: list[str], cwd: Path, env: dict[str, str], *, check: bool = True
) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    output = proc.stdout + proc.stderr
    if check and proc.returncode != 0:
        sys.stderr.write(output[-8000:])
        msg = f"bench_build: {' '.join(cmd)} failed in {cwd} (exit {proc.returncode})"
        raise SystemExit(msg)
    return seconds, output


def _build(repo: Path, measure: Measure) -> None:
    cmd = ["make", "--no-print-directory", "build-html", f"VENV={VENV}"]
    seconds, output = _timed(cmd, repo, _env(repo))
    measure.seconds.append(seconds)
    measure.executed.append(sum(bool(EXECUTED.search(line)) for line in output.splitlines()))


def _pages(repo: Path) -> list[Path]:
    docs = repo / "docs"
    return sorted(
        p for p in docs.rglob("*.md") if not p.relative_to(docs).as_posix().startswith("_")
    )


def _page_to_edit(repo: Path) -> Path:
    """The first page with a code cell (editing code forces that page's re-execution)."""
    pages = _pages(repo)
    for page in pages:
        if "```{code-cell}" in page.read_text():
            return page
    return pages[0]


def _floor(repo: Path, sphinx: Measure, code: Measure) -> None:
    build = repo / "_build_floor"
    cmd = [
        str(VENV / "bin" / "sphinx-build"), "-q", "-c", ".", "-d", f"{build}/doctrees", "-T",
        "-j", "auto", "-D", "nb_execution_mode=off", "-b", "html", "docs", f"{build}/html",
    ]  # fmt: skip
    env = {**_env(repo), "WHY_SOFTMAX_BUILD": "_build_floor"}
    seconds, _ = _timed(cmd, repo, env, check=False)  # glue has no values: warnings expected
    sphinx.seconds.append(seconds)
    sphinx.executed.append(0)
    script = [str(PYTHON), "-c", FLOOR_SCRIPT, *map(str, _pages(repo))]
    seconds, _ = _timed(script, repo, {**_env(repo), "MPLBACKEND": "Agg"})
    code.seconds.append(seconds)
    code.executed.append(0)
    subprocess.run(["rm", "-rf", str(build)], check=True)


def _claims(repo: Path, measure: Measure) -> bool:
    probe = "import derivations.claims as c; raise SystemExit(0 if hasattr(c, 'check_all') else 3)"
    proc = subprocess.run(
        [str(PYTHON), "-c", probe], cwd=repo, env=_env(repo), check=False, capture_output=True
    )
    if proc.returncode != 0:
        return False
    seconds, _ = _timed(
        [str(PYTHON), "-c", "import derivations.claims as c; c.check_all()"], repo, _env(repo)
    )
    measure.seconds.append(seconds)
    return True


def _pytest_summary(output: str) -> str:
    summary = [line for line in output.splitlines() if " passed" in line or " failed" in line]
    return summary[-1].strip("= ") if summary else "no summary"


def _link_environment(repo: Path) -> None:
    # The copy's tests find the environment at <copy>/.venv: link the shared one (and uv's).
    for name, target in ((".venv", VENV), (".tools", ROOT / ".tools")):
        if not (repo / name).exists():
            (repo / name).symlink_to(target)


def _fast_loop(repo: Path, measure: Measure, log: Path) -> None:
    _link_environment(repo)
    seconds, output = _timed([str(PYTHON), *FAST_LOOP], repo, _env(repo), check=False)
    log.write_text(output)
    measure.seconds.append(seconds)
    built = " BUILT _build/" if (repo / "_build").exists() else ""
    measure.label += f" ({_pytest_summary(output)}){built}"


def _make_test(repo: Path, measure: Measure, log: Path) -> None:
    _link_environment(repo)
    # Never let `make test` sync the shared .venv from the copy: only run it when it is up to date.
    env = _env(repo)
    fresh = subprocess.run(["make", "-q", "venv"], cwd=repo, env=env, check=False)
    if fresh.returncode != 0:
        print("bench_build: .venv is not up to date (run `make venv`); make test not timed")
        return
    seconds, output = _timed(["make", "--no-print-directory", "test"], repo, env, check=False)
    log.write_text(output)
    measure.seconds.append(seconds)
    measure.label += f" ({_pytest_summary(output)})"


def _interactive_page_weight(html: Path, out: Path) -> dict[str, dict[str, int]]:
    """Bytes the interactive figures add to each page that shows one (others: none).

    Files: Bokeh, the runtime and its stylesheet (``_static/interactive/``, loaded only by these
    pages, cached across them); inline: the figures' HTML and script (model JSON, functions).
    Printed, and written next to ``out`` as ``bench-interactive.json``.
    """
    import re

    weights = {}
    for page in sorted(html.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "data-why-interactive=" not in text:
            continue
        files = sorted(set(re.findall(r'"(_static/interactive/[^"?]+)', text)))
        inline = sum(
            len(m.group(0).encode())
            for m in re.finditer(r'<div class="why-interactive".*?</script>', text, re.DOTALL)
        )
        size = sum((html / f).stat().st_size for f in files)
        weights[page.stem] = {"files_bytes": size, "inline_bytes": inline, "total": size + inline}
    print(f"\n{'interactive figures: page':<46} {'files B':>10} {'inline B':>10} {'total B':>10}")
    for name, w in weights.items():
        print(f"{name:<46} {w['files_bytes']:>10} {w['inline_bytes']:>10} {w['total']:>10}")
    others = len(list(html.glob("*.html"))) - len(weights)
    print(f"({others} other pages load none of it)")
    out.with_name("bench-interactive.json").write_text(json.dumps(weights, indent=2) + "\n")
    return weights


def run(repeat: int, with_test: bool, out: Path, budget: float) -> dict[str, object]:
    m = {
        "cold": Measure("cold", "cold build (empty cache)"),
        "noop": Measure("noop", "no-op rebuild"),
        "one_page": Measure("one_page", "rebuild after editing one page"),
        "derivations": Measure("derivations", "rebuild after editing derivations/"),
        "floor_sphinx": Measure("floor_sphinx", "floor: Sphinx, execution off"),
        "floor_code": Measure("floor_code", "floor: all pages' code, one process"),
        "floor": Measure("floor", "floor (sum of the two above)"),
        "claims": Measure("claims", "derivations.claims.check_all()"),
        "fast_loop": Measure("fast_loop", "fast loop: pytest -m 'not build...' (fresh)"),
        "make_test": Measure("make_test", "make test (fresh copy)"),
    }
    epoch = sitebuild.source_date_epoch(ROOT)
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="why-softmax-bench-") as tmp:
        repo = scratch.copy_repository(ROOT, Path(tmp) / "repo", commit_epoch=epoch)
        edited = _page_to_edit(repo)
        edits = iter(range(1_000_000))

        def expensive_round() -> None:
            subprocess.run(["rm", "-rf", str(repo / "_build")], check=True)
            _build(repo, m["cold"])
            cheap = repeat if not m["noop"].seconds else 0  # no-op and one-page: first round only
            for _ in range(cheap):
                _build(repo, m["noop"])
            for _ in range(cheap):
                with edited.open("a") as fh:
                    fh.write(
                        f"\n```{{code-cell}} ipython3\nprint('bench edit {next(edits)}')\n```\n"
                    )
                _build(repo, m["one_page"])
            with (repo / "derivations" / "__init__.py").open("a") as fh:
                fh.write(f"# bench edit {next(edits)}\n")
            _build(repo, m["derivations"])
            _floor(repo, m["floor_sphinx"], m["floor_code"])
            m["floor"].seconds.append(m["floor_sphinx"].seconds[-1] + m["floor_code"].seconds[-1])
            m["floor"].executed.append(0)
            if not _claims(repo, m["claims"]) and "not in" not in m["claims"].label:
                m["claims"].label += " (not in the package yet)"

        print("bench_build: round 1", flush=True)
        round_start = time.perf_counter()
        expensive_round()
        first_round = time.perf_counter() - round_start
        _interactive_page_weight(repo / "_build" / "html", out)
        if with_test:
            # On a fresh copy, as CI runs it: the site build inside it starts from an empty cache.
            print("bench_build: fast loop", flush=True)
            quick = scratch.copy_repository(ROOT, Path(tmp) / "fast-repo", commit_epoch=epoch)
            _fast_loop(quick, m["fast_loop"], out.with_name("bench-fast-loop.log"))
            print("bench_build: make test", flush=True)
            fresh = scratch.copy_repository(ROOT, Path(tmp) / "test-repo", commit_epoch=epoch)
            _make_test(fresh, m["make_test"], out.with_name("bench-make-test.log"))
        # The cold, derivations, floor and claims timings repeat while the budget allows: a round
        # costs about as much as the first one minus its extra no-op and one-page builds.
        extra = sum(m["noop"].seconds) + sum(m["one_page"].seconds)
        for i in range(1, repeat):
            if time.perf_counter() - started + first_round - extra > budget:
                print(f"bench_build: time budget ({budget:.0f} s) reached after {i} round(s)")
                break
            print(f"bench_build: round {i + 1}", flush=True)
            expensive_round()
    cold, noop, one, floor = (m[k].median for k in ("cold", "noop", "one_page", "floor"))
    ratios = {
        "cold_over_floor": cold / floor,
        "noop_over_cold": noop / cold,
        "one_page_over_cold": one / cold,
    }
    targets = {
        "noop_at_most_20pct_of_cold": ratios["noop_over_cold"] <= 0.20,
        "noop_executes_nothing": all(n == 0 for n in m["noop"].executed),
        "one_page_executes_one_page": all(n == 1 for n in m["one_page"].executed),
        "cold_at_most_2x_floor": ratios["cold_over_floor"] <= 2.0,
    }
    if m["fast_loop"].seconds:
        targets["fast_loop_at_most_30s"] = m["fast_loop"].median <= 30.0
        targets["fast_loop_builds_nothing"] = "BUILT" not in m["fast_loop"].label
    if m["make_test"].seconds:
        targets["make_test_at_most_2min"] = m["make_test"].median <= 120.0
    report = {
        "repeat": repeat,
        "budget_s": budget,
        "total_s": round(time.perf_counter() - started, 1),
        "edited_page": edited.relative_to(repo).as_posix(),
        "pages": len(_pages(ROOT)),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            # Timings on a shared machine mean little without the load they were taken under.
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
        },
        "timings": {k: v.as_json() for k, v in m.items() if v.seconds},
        "ratios": {k: round(v, 3) for k, v in ratios.items()},
        "targets_met": targets,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    _print_table(m, ratios, targets, out)
    return report


def _print_table(
    m: dict[str, Measure], ratios: dict[str, float], targets: dict[str, bool], out: Path
) -> None:
    print()
    print(f"{'what':<46} {'median s':>9}  {'runs s':<26} executed")
    print("-" * 92)
    for measure in m.values():
        if not measure.seconds:
            print(f"{measure.label:<46} {'-':>9}")
            continue
        runs = " ".join(f"{s:.1f}" for s in measure.seconds)
        executed = (
            ",".join(map(str, measure.executed))
            if measure.name in {"cold", "noop", "one_page", "derivations"}
            else ""
        )
        print(f"{measure.label:<46} {measure.median:>9.2f}  {runs:<26} {executed}")
    print("-" * 92)
    for name, value in ratios.items():
        print(f"{name:<46} {value:>9.3f}")
    for name, ok in targets.items():
        print(f"target {name:<39} {'met' if ok else 'NOT MET':>9}")
    print(f"\nwritten to {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-test", action="store_true", help="do not time `make test`")
    parser.add_argument(
        "--budget",
        type=float,
        default=600.0,
        help="seconds after which no further round of the expensive builds starts",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench.json")
    args = parser.parse_args(argv)
    sitebuild.single_threaded_blas()  # as in the builds and the tests, for the floor too
    run(args.repeat, not args.no_test, args.out, args.budget)
    return 0


if __name__ == "__main__":
    sys.exit(main())
