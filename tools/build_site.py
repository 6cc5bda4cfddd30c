"""Run ``sphinx-build`` with the given arguments and end a successful build with one line.

``make html`` calls this instead of ``sphinx-build``: Sphinx runs in this process, unchanged
(its log and exit status are its own), and after a successful build one line says what it did::

    built 13 pages (3 executed, 8 from cache, 2 without code), 18 claims proven, 31.2 s: open _build/html/index.html

The numbers come from ``tools/sphinxext/buildlog.py``, which ``conf.py`` loads.
"""  # noqa: E501

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    from sphinx.cmd.build import main as sphinx_build
    from sphinxext import buildlog

    status = sphinx_build(argv)
    if status == 0 and buildlog.last is not None:
        print(buildlog.last.line(time.perf_counter() - start), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
