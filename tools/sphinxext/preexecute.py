"""Sphinx extension: execute the pages that need it, in parallel, before Sphinx reads them.

MyST-NB in ``cache`` mode executes a page while a (possibly parallel) reader parses it, and
jupyter-cache records a notebook in its database *before* writing the notebook file. With
``-j`` two readers of notebooks with the same code race: one finds the record, not the file,
and the build dies with ``KeyError: Notebook file does not exist for cache record``. And a
reader process executes its pages one after another, so execution is only as parallel as
Sphinx's chunking of the documents happens to make it.

So, once the list of pages to read is known (``env-before-read-docs``), this extension reads
each page as MyST-NB would, asks the cache whether its code was already executed, executes
the missing ones in a process pool (as many workers as ``-j``), and stores the results in the
cache from the main process, one at a time. The readers then only ever hit the cache. A page
whose execution fails is left out of the cache: its reader executes it again and fails the build
with MyST-NB's usual message and traceback.

The kernels talk to their worker over IPC (Unix sockets in a private temporary directory) where
the platform has it, not over TCP on localhost: nothing listens on a network port, and the kernel
has no reason to warn that its TCP traffic is unencrypted.

The docnames executed in this build are kept in ``env.preexecuted_docnames`` (for the build's
summary line, ``sphinxext.buildlog``).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)


def _execute(
    nb: Any, cwd: str, timeout: int | None, allow_errors: bool
) -> tuple[Any, float, str | None]:
    """Run one notebook in a fresh kernel (in a worker process); return it, its time, its error."""
    from jupyter_cache.executors.utils import single_nb_execution

    start = time.perf_counter()
    sockets = tempfile.mkdtemp(prefix="why-softmax-kernel-") if os.name == "posix" else None
    try:
        result = single_nb_execution(
            nb,
            cwd=cwd,
            timeout=timeout,
            allow_errors=allow_errors,
            meta_override=True,
            config=kernel_config(sockets),
            # The outputs are in hand: stop the kernel at once. A graceful shutdown request
            # sometimes races with ipykernel's own exit and prints a ZMQError traceback.
            shutdown_kernel="immediate",
        )
    finally:
        if sockets is not None:
            shutil.rmtree(sockets, ignore_errors=True)
    error = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return nb, time.perf_counter() - start, error


def kernel_config(sockets: str | None) -> Any:
    """Kernel manager settings: IPC transport with its sockets in ``sockets`` (None: TCP).

    The socket path must be absolute: jupyter-client's default (``kernel-ipc``) is relative, and
    the kernel (running in the page's folder) and its client (in the build's) would not meet.

    Parameters
    ----------
    sockets : str or None
        A private, short directory for the sockets (a Unix socket path holds at most about 100
        bytes), or None for jupyter-client's default TCP transport.

    Returns
    -------
    traitlets.config.Config
        Configuration for nbclient's ``NotebookClient``, passed on to its kernel manager.

    Examples
    --------
    >>> kernel_config("/tmp/k")["KernelManager"]["transport"]
    'ipc'
    >>> dict(kernel_config(None))
    {}
    """
    from traitlets.config import Config

    if sockets is None:
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}})


def _pending(app: Any, env: Any, docnames: list[str]) -> list[tuple[str, Path, Any, Any]]:
    """Pages among ``docnames`` whose code has no match in the execution cache."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    nb_config = env.mystnb_config
    if nb_config.execution_mode != "cache":
        return []
    cache = get_cache(nb_config.execution_cache_path)
    pending = []
    seen: set[str] = set()  # pages with identical code run once; the cache serves all of them
    for docname in sorted(docnames):
        path = Path(env.doc2path(docname))
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
        if reader is None:
            continue
        nb = reader.read(text)
        # Even a page without code cells is "executed" (and cached) by MyST-NB: include it.
        overrides = nb.metadata.get(nb_config.metadata_key, {}) or {}
        if overrides.get("execution_mode", "cache") != "cache":
            continue  # the page asks for another mode: MyST-NB handles it while reading
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            key = cache.create_hashed_notebook(nb)[1]
            if key not in seen:
                seen.add(key)
                pending.append((docname, path, reader, nb))
    return pending


def _on_env_before_read_docs(app: Any, env: Any, docnames: list[str]) -> None:
    env.preexecuted_docnames = set()
    pending = _pending(app, env, docnames)
    if not pending:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    nb_config = env.mystnb_config
    workers = max(1, min(len(pending), app.parallel or 1))
    logger.info(f"pre-executing {len(pending)} page(s) with {workers} worker(s)")
    # fork: the workers need nothing from the parent but the notebook, and start in no time
    # (Windows has no fork: spawn, which pickles the notebook to a fresh interpreter).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [
            (
                docname,
                path,
                reader,
                pool.submit(
                    _execute,
                    nb,
                    str(path.parent),
                    nb_config.execution_timeout,
                    nb_config.execution_allow_errors,
                ),
            )
            for docname, path, reader, nb in pending
        ]
        cache = get_cache(nb_config.execution_cache_path)
        for docname, path, reader, future in futures:
            nb, seconds, error = future.result()
            if error is not None:
                logger.info(f"{path}: execution failed ({error}); the reader reports it")
                continue
            env.preexecuted_docnames.add(docname)
            stage = cache.add_nb_to_project(str(path), read_data=reader.read_fmt)
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, stage.uri, data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            logger.info(f"{path}: Executed notebook in {seconds:.2f} seconds [preexecute]")


def setup(app: Any) -> dict[str, Any]:
    # After myst_nb, whose builder-inited handler creates env.mystnb_config.
    app.setup_extension("myst_nb")
    app.connect("env-before-read-docs", _on_env_before_read_docs)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
