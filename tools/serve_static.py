"""Serve a built site from 127.0.0.1 on a free port, in a background thread (for browser tests).

``python tools/serve_static.py _build/html [PORT]`` serves it in the foreground instead.
"""

from __future__ import annotations

import sys
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


def make_server(directory: Path, port: int = 0) -> ThreadingHTTPServer:
    """A threaded HTTP server for ``directory`` bound to 127.0.0.1 (port 0: any free port)."""
    handler = partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    return server


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve ``directory`` while the block runs; yield its base URL (ending in ``/``)."""
    server = make_server(directory)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def main(argv: list[str]) -> int:
    directory = Path(argv[1] if len(argv) > 1 else "_build/html")
    port = int(argv[2]) if len(argv) > 2 else 8000
    server = make_server(directory, port)
    print(f"serving {directory} on http://{HOST}:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
