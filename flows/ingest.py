"""Fetch every feed concurrently (bounded), parse, and turn results into Items and feed-state rows.

One bad feed never stops the others: each outcome is recorded on its feed. Transient failures (a broken
or timed-out connection, 502/503/504 without Retry-After; decided in flows/fetch.py by exception type and
status) are retried with back-off here, the only network step, all within the feed's one `total_timeout`;
HTTP answers such as 404 are not.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import tenacity

from flows.backoff import next_attempt_after
from flows.feeds import parse_feed
from flows.fetch import FetchLimits, FetchResult, fetch_feed, make_client
from schemas.feeds import FeedState
from schemas.records import Item
from schemas.settings import FeedConfig, FetchConfig

log = logging.getLogger(__name__)
RETRY_WAIT_S = 2.0  # first wait between attempts, doubling after each
MIN_ATTEMPT_S = 1.0  # no retry is started with less than this left before the feed's deadline


@dataclass
class FeedOutcome:
    feed: FeedConfig
    url: str
    fetched_at: datetime
    status: str  # ok | not_modified | error | skipped
    http_status: int | None = None
    error: str | None = None
    warning: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    next_attempt_after: datetime | None = None
    items: list[Item] = field(default_factory=list)
    guid_repeats: bool = False
    new_feed: bool = False  # no successful fetch yet, on a warehouse that has fetched other feeds

    def state_row(self) -> dict[str, Any]:
        return {"feed_url": self.url, "name": self.feed.name, "fetched_at": self.fetched_at,
                "status": self.status, "http_status": self.http_status, "error": self.error or self.warning,
                "etag": self.etag, "last_modified": self.last_modified,
                "next_attempt_after": self.next_attempt_after, "items": len(self.items),
                "guid_repeats": self.guid_repeats}


def limits_from(cfg: FetchConfig) -> FetchLimits:
    return FetchLimits(connect_timeout=cfg.connect_timeout, read_timeout=cfg.read_timeout,
                       total_timeout=cfg.total_timeout, max_bytes=cfg.max_bytes, max_redirects=cfg.max_redirects)


def fetch_with_retries(client: Any, url: str, state: FeedState, limits: FetchLimits, retries: int,
                       sleep: Callable[[float], None] = time.sleep) -> FetchResult:
    """The one fetch function, retried on transient failures only (waits of 2 s, 4 s, ...).

    `total_timeout` is wall clock for the feed, every attempt and wait included: each attempt's socket
    operations end by the one deadline, and no retry starts unless its wait leaves `MIN_ATTEMPT_S` before
    it. The result records how many attempts were made.
    """
    deadline = time.monotonic() + limits.total_timeout
    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(retries + 1)
        | tenacity.stop_before_delay(max(limits.total_timeout - MIN_ATTEMPT_S, 0.0)),
        wait=tenacity.wait_exponential(multiplier=RETRY_WAIT_S),
        retry=tenacity.retry_if_result(lambda result: result.retryable),
        retry_error_callback=lambda state: state.outcome.result(),  # the last failure, as any other result
        sleep=sleep,
    )
    result = retrying(fetch_feed, client, url, etag=state.etag, last_modified=state.last_modified, limits=limits,
                      deadline=deadline)
    return dataclasses.replace(result, attempts=retrying.statistics.get("attempt_number", 1))


def ingest_feed(client: Any, feed: FeedConfig, url: str, state: FeedState, cfg: FetchConfig,
                now: datetime | None = None) -> FeedOutcome:
    """Fetch and parse one feed; never raises."""
    now = now or datetime.now(UTC)
    if state.next_attempt_after and state.next_attempt_after > now:
        until = f"{state.next_attempt_after:%Y-%m-%d %H:%M}Z"
        return FeedOutcome(feed, url, now, "skipped", error=f"backing off until {until}",
                           etag=state.etag, last_modified=state.last_modified,
                           next_attempt_after=state.next_attempt_after)
    try:
        result = fetch_with_retries(client, url, state, limits_from(cfg), cfg.retries)
    except Exception as exc:  # a bug in one feed's handling must not stop the cycle
        log.exception("fetch of %s crashed", url)
        result = FetchResult(url, "error", None, None, {}, None, None, f"{type(exc).__name__}: {exc}", None, 0.0)
    error = f"{result.error} (after {result.attempts} attempts)" if result.attempts > 1 else result.error
    out = FeedOutcome(feed, url, now, result.status, result.http_status, error,
                      etag=result.etag, last_modified=result.last_modified)
    if result.status == "ok":
        _parse_into(out, result, now, state.guid_repeats)
    if out.status == "error":
        out.next_attempt_after = next_attempt_after(state.consecutive_failures + 1, now, result.retry_after)
    return out


def _parse_into(out: FeedOutcome, result: FetchResult, now: datetime, guid_repeats: bool) -> None:
    """Parse outside the fetch deadline: its work is bounded by the body cap (`max_bytes`) and linear in the
    body, at most ~2 s per MB measured on malformed markup (`benchmarks/bench_html.py`)."""
    out.guid_repeats = guid_repeats
    try:
        parsed = parse_feed(result.body or b"", result.headers, feed_name=out.feed.name, feed_url=out.url,
                            fetched_at=now, guid_repeats=guid_repeats)
    except Exception as exc:
        out.status, out.error = "error", f"parse crashed: {type(exc).__name__}: {exc}"
        return
    if parsed.error:
        out.status, out.error = "error", parsed.error
        out.etag = out.last_modified = None  # never remember a validator for a body we could not use
        return
    out.items, out.warning, out.guid_repeats = parsed.items, parsed.warning, parsed.guid_repeats


def ingest_all(feeds: Sequence[tuple[FeedConfig, str]], states: Mapping[str, FeedState], cfg: FetchConfig,
               progress: Callable[[FeedOutcome], None] | None = None) -> list[FeedOutcome]:
    """Fetch all feeds with at most `cfg.concurrency` in flight, sharing one HTTP client."""
    client = make_client(limits_from(cfg), max_connections=max(cfg.concurrency, 1) * 2)
    try:
        with ThreadPoolExecutor(max_workers=cfg.concurrency, thread_name_prefix="fetch") as pool:
            futures = [pool.submit(ingest_feed, client, f, url, states.get(url, FeedState()), cfg)
                       for f, url in feeds]
            running = any(s.last_success_at for s in states.values())
            outcomes = []
            for fut in futures:
                outcome = fut.result()
                outcome.new_feed = running and states.get(outcome.url, FeedState()).last_success_at is None
                if progress:
                    progress(outcome)
                outcomes.append(outcome)
    finally:
        client.close()
    return outcomes
