"""The life cycle every test server shares: a threaded HTTP server on 127.0.0.1:<ephemeral>, started by
`start()` or `with`, stopped by `stop()`, on exit, or by a watchdog after `lifetime_s`, so a test that
forgets to stop it cannot hang the suite."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class OwnedServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # benchmarks open many connections at once
    owner: LoopbackServer

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up mid-response (escmon's size caps and deadlines do that on purpose) is no
        server error: printing its traceback would land in the output of the CLI under test."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class LoopbackServer:
    """Subclasses give the handler class; handlers reach their server's state via `self.server.owner`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], name: str, lifetime_s: float = 120.0) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()  # handlers that sleep wait on this, so stop() wakes them
        self._httpd = OwnedServer(("127.0.0.1", 0), handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=name, daemon=True)
        self._watchdog = threading.Timer(lifetime_s, self.stop)
        self._watchdog.daemon = True
        self._stopped = False

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def start(self) -> Self:
        self._thread.start()
        self._watchdog.start()
        return self

    def stop(self) -> None:
        """Idempotent; wakes every handler that is sleeping so none outlives the test."""
        if self._stopped:
            return
        self._stopped = True
        self._stopping.set()
        self._watchdog.cancel()
        if self._thread.is_alive():  # shutdown() blocks forever if serve_forever never ran
            self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
