"""Serve a built book on 127.0.0.1 and find Debian's Chromium to open it.

One set-up for everything that drives a real browser over the built pages:
``make handouts`` (printing to PDF), the browser tests and the page benchmarks.
Playwright comes from PyPI but never downloads a browser (``playwright install``
cannot work offline); the system Chromium is used instead.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium phones home at start-up, which a closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The Chromium to drive: ``$CHROMIUM``, else ``chromium`` on the path, else
    Debian's ``/usr/bin/chromium``; ``None`` if none of them exists."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return found if Path(found).is_file() else None


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the base class
        pass


class QuietServer(ThreadingHTTPServer):
    """Says nothing when the browser drops a connection (a page closed mid-download)."""

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: str | os.PathLike[str]) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port); yields its base URL, ending in /."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
