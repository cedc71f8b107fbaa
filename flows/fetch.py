"""The one function that fetches a feed: bounded in bytes and wall-clock time, and it never raises.

Everything that reads a feed goes through `fetch_feed`, so timeouts, size caps, conditional GET and
Retry-After are decided in one place, and tests have one seam (a real loopback server) to exercise.

Why a custom network backend: httpx timeouts bound each socket operation, not the request. A server
that trickles one byte just inside the read timeout (in the body *or* in the headers) would otherwise
hold a worker forever. `_DeadlineBackend` shortens every connect/read/write to the time left before
the fetch's wall-clock deadline, so `total_timeout` holds however the server behaves.
"""

from __future__ import annotations

import email.utils
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import httpcore
import httpx

ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
          "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
DOWNLOAD_CHUNK = 64 * 1024
RETRY_AFTER_STATUSES = frozenset({429, 503})
TRANSIENT_STATUSES = frozenset({502, 503, 504})  # a gateway or an overloaded server: worth another try
# Failures of the connection itself, not answers: worth another try while the feed's deadline allows.
TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0  # wall clock for the whole fetch, headers and body included
    max_bytes: int = 5_000_000  # decoded (after gzip) body size; feedparser is slow on huge bodies
    max_redirects: int = 5
    user_agent: str = "escmon/0.1 (+https://github.com/escmon/escalation-monitor)"


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: str  # "ok" | "not_modified" | "error"
    http_status: int | None
    body: bytes | None
    headers: dict[str, str]  # lower-cased names
    etag: str | None
    last_modified: str | None
    error: str | None  # a human message: "HTTP 404 Not Found", "read timeout after 15.0s"
    retry_after: datetime | None  # UTC, from a 429/503 Retry-After
    elapsed_s: float
    retryable: bool = False  # a transient failure (by exception type or 502/503/504), with time left to retry
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# --- wall-clock deadline, enforced under httpx --------------------------------------------------------

_local = threading.local()


def _time_left(timeout: float | None, exc: type[Exception]) -> float | None:
    """The smaller of httpx's per-operation timeout and the time left before this thread's deadline."""
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exc("total timeout")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        left = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        left = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


@contextmanager
def _deadline_at(deadline: float) -> Iterator[float]:
    """Every socket operation of this thread ends by `deadline` (time.monotonic()) while inside."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = deadline
    try:
        yield deadline
    finally:
        _local.deadline = previous


def make_client(limits: FetchLimits = FetchLimits(), max_connections: int = 32) -> httpx.Client:
    """One client shared by all fetch threads: keep-alive pool, gzip, bounded redirects, our UA.

    `trust_env=False`: configuration is read once into settings, nothing reads proxy variables here.
    """
    transport = httpx.HTTPTransport(
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        retries=0,
    )
    # httpx exposes no hook for the network backend; httpcore reads this attribute per new connection.
    transport._pool._network_backend = _DeadlineBackend()
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(connect=limits.connect_timeout, read=limits.read_timeout,
                              write=limits.read_timeout, pool=limits.connect_timeout),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        headers={"User-Agent": limits.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
        trust_env=False,
    )


# --- the fetch ---------------------------------------------------------------------------------------


@dataclass
class _Outcome:
    """Mutable scratch for one fetch; frozen into a FetchResult at the end."""

    url: str
    started: float
    status: str = "error"
    http_status: int | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    retry_after: datetime | None = None
    retryable: bool = False

    def result(self) -> FetchResult:
        return FetchResult(self.url, self.status, self.http_status, self.body, self.headers, self.etag,
                           self.last_modified, self.error, self.retry_after,
                           round(time.monotonic() - self.started, 6), self.retryable)


def fetch_feed(client: httpx.Client, url: str, *, etag: str | None = None, last_modified: str | None = None,
               limits: FetchLimits = FetchLimits(), deadline: float | None = None) -> FetchResult:
    """Fetch `url` (http(s), file:// or a plain path); problems come back as status="error", never raised.

    `deadline` (time.monotonic()) is the end of the feed's whole fetch, retries included; by default
    `total_timeout` from now.
    """
    out = _Outcome(url=url, started=time.monotonic())
    scheme = urlsplit(url).scheme.lower()
    try:
        if scheme in ("http", "https"):
            _fetch_http(client, url, etag, last_modified, limits, out,
                        deadline if deadline is not None else out.started + limits.total_timeout)
        elif scheme == "file" or len(scheme) <= 1:  # "" = plain path, "c" = a Windows drive letter
            _fetch_file(url, last_modified, limits, out)
        else:
            out.error = f"unsupported URL scheme {scheme!r}"
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"; keep the reason
        out.status, out.body = "error", None
        out.error = f"unexpected {type(exc).__name__}: {exc}"
    return out.result()


def _fetch_http(client: httpx.Client, url: str, etag: str | None, last_modified: str | None,
                limits: FetchLimits, out: _Outcome, deadline: float) -> None:
    with _deadline_at(deadline):
        try:
            with client.stream("GET", url, headers=_conditional_headers(etag, last_modified)) as resp:
                _take_response(resp, etag, last_modified, limits, deadline, out)
        except httpx.HTTPError as exc:
            out.status, out.body = "error", None
            out.error = _describe_http_error(exc, limits, deadline)
            out.retryable = isinstance(exc, TRANSIENT_ERRORS) and time.monotonic() < deadline - 0.001


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _take_response(resp: httpx.Response, etag: str | None, last_modified: str | None, limits: FetchLimits,
                   deadline: float, out: _Outcome) -> None:
    out.http_status = resp.status_code
    out.headers = _lower_headers(resp.headers)
    if resp.status_code == 304:
        out.status = "not_modified"
        out.etag = out.headers.get("etag") or etag
        out.last_modified = out.headers.get("last-modified") or last_modified
        return
    if not 200 <= resp.status_code < 300:
        out.error = f"HTTP {resp.status_code} {resp.reason_phrase or _phrase(resp.status_code)}".rstrip()
        if resp.status_code in RETRY_AFTER_STATUSES:
            out.retry_after = parse_retry_after(out.headers.get("retry-after"), datetime.now(UTC))
        # a server that names its pause is asked again after it (next cycles), not within this fetch
        out.retryable = resp.status_code in TRANSIENT_STATUSES and out.retry_after is None
        return
    declared = _declared_length(out.headers)
    if declared is not None and declared > limits.max_bytes and "content-encoding" not in out.headers:
        out.error = f"body exceeds {limits.max_bytes} bytes (Content-Length {declared})"
        return
    body = _read_capped(resp, limits, deadline)
    if isinstance(body, str):
        out.error = body
        return
    out.status, out.body = "ok", body
    out.etag = out.headers.get("etag")
    out.last_modified = out.headers.get("last-modified")


def _read_capped(resp: httpx.Response, limits: FetchLimits, deadline: float) -> bytes | str:
    """The decoded body, or an error message once it passes `max_bytes` or the deadline."""
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in _decoded(resp.iter_raw(DOWNLOAD_CHUNK), resp.headers.get("content-encoding", "")):
            size += len(chunk)
            if size > limits.max_bytes:
                return f"body exceeds {limits.max_bytes} bytes"
            if time.monotonic() > deadline:
                return f"total timeout after {limits.total_timeout}s"
            parts.append(chunk)
    except zlib.error as exc:
        return f"cannot decode {resp.headers.get('content-encoding')} body: {exc}"
    return b"".join(parts)


def _decoded(raw: Iterator[bytes], content_encoding: str) -> Iterator[bytes]:
    """Decompress in pieces of at most DOWNLOAD_CHUNK bytes, so a gzip bomb is stopped by the size cap
    after 64 KiB of output rather than after inflating a whole network read (httpx's decoders do that).
    """
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        yield from raw
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise zlib.error(f"unsupported Content-Encoding {content_encoding!r}")
    wbits = 16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    first = True
    for data in raw:
        if first and data:
            first = False
            if encoding == "deflate" and data[0] & 0x0F != 8:  # no zlib header: raw deflate (seen in the wild)
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        while data:
            out = inflater.decompress(data, DOWNLOAD_CHUNK)
            if out:
                yield out
            if not inflater.eof:
                data = inflater.unconsumed_tail
            elif inflater.unused_data.startswith(b"\x1f\x8b") and encoding != "deflate":
                data, inflater = inflater.unused_data, zlib.decompressobj(wbits)  # next gzip member
            else:
                break  # trailing padding after the stream: ignore it
    if not first and not inflater.eof:  # no bytes at all is an empty body, which the parser reports
        raise zlib.error("compressed body ends early")


def _describe_http_error(exc: httpx.HTTPError, limits: FetchLimits, deadline: float) -> str:
    if isinstance(exc, httpx.TimeoutException) and time.monotonic() >= deadline - 0.001:
        return f"total timeout after {limits.total_timeout}s"
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return f"connect timeout after {limits.connect_timeout}s"
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
        return f"read timeout after {limits.read_timeout}s"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects (more than {limits.max_redirects})"
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed: {exc}"
    if isinstance(exc, httpx.DecodingError):
        return f"cannot decode body: {exc}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"protocol error: {exc}"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"invalid URL: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _fetch_file(url: str, last_modified: str | None, limits: FetchLimits, out: _Outcome) -> None:
    """Local feeds (the demo's samples): same size cap; the file's mtime stands in for Last-Modified."""
    path = Path(url2pathname(urlsplit(url).path)) if url.lower().startswith("file:") else Path(url)
    try:
        stamp = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        if last_modified is not None and last_modified == stamp:
            out.status, out.last_modified = "not_modified", stamp
            return
        with path.open("rb") as handle:
            body = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        out.error = f"cannot read {path}: {exc.strerror or exc}"
        return
    if len(body) > limits.max_bytes:
        out.error = f"body exceeds {limits.max_bytes} bytes"
        return
    out.status, out.body, out.last_modified = "ok", body, stamp


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """Retry-After as an absolute UTC time: either delta-seconds or an HTTP date; None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return now + timedelta(seconds=min(int(value), 10 * 365 * 86400))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _lower_headers(headers: httpx.Headers) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name, value in headers.multi_items():
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged


def _declared_length(headers: dict[str, str]) -> int | None:
    try:
        return int(headers["content-length"])
    except (KeyError, ValueError):
        return None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


__all__ = ["FetchLimits", "FetchResult", "fetch_feed", "make_client", "parse_retry_after"]
