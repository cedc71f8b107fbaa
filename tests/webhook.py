"""A real webhook receiver on 127.0.0.1 for alert delivery tests (apprise `json://` URLs POST to it).

It records every JSON body it accepts, can play "down" (answers 503), "hung" (waits before answering) or
"trickling" (answers one byte every `trickle_s`, so no single read ever times out), and has a lifetime
cap, so a test that forgets to stop it cannot hang the suite.

    with WebhookReceiver() as hook:
        urls = [hook.apprise_url("/hook")]    # json://127.0.0.1:<port>/hook
        ...
        assert hook.payloads[0]["title"].startswith("[CRITICAL]")
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.loopback import LoopbackServer, OwnedServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5
    server: OwnedServer

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_POST(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if owner.hang_s and owner._stopping.wait(owner.hang_s):
            self.close_connection = True
            return
        if owner.down:
            owner._count_refused()
            self._answer(503, b"down for maintenance\n")
            return
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            self._answer(400, b"not JSON\n")
            return
        owner._accept(self.path, payload)
        if owner.trickle_s:
            self._trickle(200, b"{}", owner.trickle_s)
            return
        self._answer(200, b"{}")

    def _trickle(self, status: int, body: bytes, every_s: float) -> None:
        """The whole answer one byte at a time, `every_s` apart, until done or the receiver stops."""
        owner = self.server.owner
        answer = (f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        self.close_connection = True
        for i in range(len(answer)):
            if owner._stopping.wait(every_s):
                return
            self.wfile.write(answer[i:i + 1])
            self.wfile.flush()
            owner._count_trickled()

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class WebhookReceiver(LoopbackServer):
    """Accepts JSON POSTs on 127.0.0.1:<ephemeral>; stops on `stop()`, on exit, or after `lifetime_s`."""

    def __init__(self, lifetime_s: float = 120.0) -> None:
        self.down = False  # answer 503, as a receiver in maintenance would
        self.hang_s = 0.0  # wait this long before answering (interrupted by stop())
        self.trickle_s = 0.0  # accept, then answer one byte every trickle_s seconds (interrupted by stop())
        self.trickled = 0  # bytes sent so far by trickling
        self.payloads: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.refused = 0
        super().__init__(_Handler, "WebhookReceiver", lifetime_s)

    def apprise_url(self, path: str = "/hook", **params: str | float) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"json://127.0.0.1:{self.port}{path}" + (f"?{query}" if query else "")

    def _accept(self, path: str, payload: Any) -> None:
        with self._lock:
            self.paths.append(path)
            self.payloads.append(payload)

    def _count_trickled(self) -> None:
        with self._lock:
            self.trickled += 1

    def _count_refused(self) -> None:
        with self._lock:
            self.refused += 1
