"""Serve a built site from 127.0.0.1 on a free port, in a background thread (for browser tests).

The standard library's server, with two changes the tests need: MIME types that do not depend on
the machine's ``mime.types``, and no line per request.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


class _QuietHandler(SimpleHTTPRequestHandler):
    # Correct types for what the site ships (the defaults vary with the machine's mime.types).
    extensions_map = {  # noqa: RUF012  (class attribute read by the base class)
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".json": "application/json",
        ".ipynb": "application/json",
        ".inv": "application/octet-stream",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the tests report what failed; a line per request is noise


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve ``directory`` while the block runs; yield its base URL (ending in ``/``)."""
    handler = partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer((HOST, 0), handler)  # port 0: any free port
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
