"""A real threaded HTTP server on 127.0.0.1 whose routes misbehave on purpose.

Tests of anything that fetches feeds need the failures of the real web (slow servers, trickled bodies,
redirect loops, lying charsets, 429s) without the network, so this serves them from loopback on an
ephemeral port. Every wait inside a handler is interruptible and the whole server has a lifetime cap,
so a test that forgets to stop it cannot hang the suite.

    with FeedServer() as server:
        server.add("/feed.xml", Route(body=b"<rss ...>"))
        fetch(server.url("/feed.xml"))
        assert server.hits("/feed.xml") == 1
"""

from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

from tests.loopback import LoopbackServer, OwnedServer

RSS_TYPE = "application/rss+xml; charset=utf-8"


@dataclass
class Route:
    """What one path answers; each knob reproduces one way real servers misbehave."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = RSS_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # silence before the status line (slow server)
    header_trickle_s: float = 0.0  # pause between header bytes (never finishes the head in time)
    trickle_bytes: int = 0  # send the body in pieces of this size ...
    trickle_interval_s: float = 0.0  # ... with this pause between pieces
    chunked: bool = False  # Transfer-Encoding: chunked, so no Content-Length to check up front
    gzip: bool = False  # Content-Encoding: gzip when the client accepts it
    etag: str | None = None  # answer 304 when If-None-Match matches
    last_modified: str | None = None  # answer 304 when If-Modified-Since matches exactly
    redirect_to: str | None = None  # a path on this server or an absolute URL (302)
    fail_first: int = 0  # the first N requests to this path fail (a server that recovers) ...
    fail_status: int = 503  # ... with this status, or 0: hang up without answering


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names


class _Stopped(Exception):
    """Raised inside a handler when the server is stopping, to abandon a slow response."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so a shared client reuses connections
    disable_nagle_algorithm = True  # head and body go out in separate writes: avoid a 40 ms stall
    timeout = 5  # a client that stops reading cannot pin a handler thread
    server: OwnedServer

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self.server.owner._record(self)
        route = self.server.owner.routes.get(self.path.split("?", 1)[0])
        try:
            if route is None:
                self._send_simple(404, b"no such route\n")
            else:
                self._serve(route)
        except (_Stopped, BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True

    def _wait(self, seconds: float) -> None:
        if seconds > 0 and self.server.owner._stopping.wait(seconds):
            raise _Stopped

    def _serve(self, route: Route) -> None:
        if route.fail_first and self.server.owner.hits(self.path.split("?", 1)[0]) <= route.fail_first:
            if route.fail_status:
                self._send_simple(route.fail_status, b"failing on purpose\n")
            else:
                self.close_connection = True  # no status line at all: the client sees the connection drop
            return
        self._wait(route.delay_s)
        if route.redirect_to is not None:
            self._send_head(302, {"Location": self._absolute(route.redirect_to), "Content-Length": "0"},
                            route.header_trickle_s)
            return
        if self._not_modified(route):
            self._send_head(304, self._validators(route) | {"Content-Length": "0"}, route.header_trickle_s)
            return
        body, headers = self._encoded_body(route)
        self._send_head(route.status, headers, route.header_trickle_s)
        self._send_body(body, route)

    def _not_modified(self, route: Route) -> bool:
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if route.etag is not None and inm is not None:
            return route.etag in [tag.strip() for tag in inm.split(",")]
        return route.last_modified is not None and ims == route.last_modified

    @staticmethod
    def _validators(route: Route) -> dict[str, str]:
        headers = {}
        if route.etag is not None:
            headers["ETag"] = route.etag
        if route.last_modified is not None:
            headers["Last-Modified"] = route.last_modified
        return headers

    def _encoded_body(self, route: Route) -> tuple[bytes, dict[str, str]]:
        headers = self._validators(route) | route.headers
        if route.content_type is not None:
            headers.setdefault("Content-Type", route.content_type)
        body = route.body
        if route.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if route.chunked:
            headers["Transfer-Encoding"] = "chunked"
        else:
            headers.setdefault("Content-Length", str(len(body)))
        return body, headers

    def _send_head(self, status: int, headers: dict[str, str], trickle_s: float) -> None:
        reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Unknown"
        lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers.items()]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if trickle_s <= 0:
            self.wfile.write(head)
            self.wfile.flush()
            return
        for i in range(len(head)):
            self.wfile.write(head[i:i + 1])
            self.wfile.flush()
            self._wait(trickle_s)

    def _send_body(self, body: bytes, route: Route) -> None:
        step = route.trickle_bytes or max(len(body), 1)
        for start in range(0, len(body), step):
            piece = body[start:start + step]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if route.chunked else piece)
            self.wfile.flush()
            if start + step < len(body):
                self._wait(route.trickle_interval_s)
        if route.chunked:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    def _send_simple(self, status: int, body: bytes) -> None:
        self._send_head(status, {"Content-Type": "text/plain", "Content-Length": str(len(body))}, 0)
        self.wfile.write(body)

    def _absolute(self, target: str) -> str:
        return target if "://" in target else self.server.owner.url(target)


class FeedServer(LoopbackServer):
    """Serves `routes` on 127.0.0.1:<ephemeral>; stops on `stop()`, on exit, or after `lifetime_s`."""

    def __init__(self, lifetime_s: float = 120.0) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RecordedRequest] = []
        super().__init__(_Handler, "FeedServer", lifetime_s)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Route) -> str:
        """Register `route` at `path` and return its full URL."""
        self.routes[path] = route
        return self.url(path)

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path.split("?", 1)[0] == path)

    def _record(self, handler: BaseHTTPRequestHandler) -> None:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            self.requests.append(RecordedRequest(handler.command, handler.path, headers))


def wait_until(predicate, timeout_s: float = 2.0, step_s: float = 0.01) -> bool:
    """Poll `predicate` until true or `timeout_s` passes; for asserting what a server thread saw."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step_s)
    return bool(predicate())
