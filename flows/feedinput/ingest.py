"""Fetch every feed concurrently (bounded), parse, and turn results into Items and feed-state rows.

One bad feed never stops the others: each outcome is recorded on its feed. Transient failures (a broken
or timed-out connection, 502/503/504 without Retry-After; decided in fetch.py by exception type and
status) are retried with back-off here, the only network step, all within the feed's one `total_timeout`;
HTTP answers such as 404 are not.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import tenacity

from flows.feedinput.backoff import next_attempt_after
from flows.feedinput.fetch import FetchLimits, fetch_feed, make_client
from flows.feedinput.parse import parse_feed
from flows.feedinput.parse_pool import ParsePool, ParseStopped
from flows.feedinput.result import FetchResult, FetchStatus
from schemas.feeds import FeedState
from schemas.settings import FeedConfig, FetchConfig

log = logging.getLogger(__name__)
RETRY_WAIT_S = 2.0  # first wait between attempts, doubling after each
MIN_ATTEMPT_S = 1.0  # no retry is started with less than this left before the feed's deadline


def limits_from(cfg: FetchConfig) -> FetchLimits:
    return FetchLimits(connect_timeout=cfg.connect_timeout, read_timeout=cfg.read_timeout,
                       total_timeout=cfg.total_timeout, max_bytes=cfg.max_bytes, max_redirects=cfg.max_redirects)


def fetch_with_retries(client: Any, url: str, state: FeedState, limits: FetchLimits, retries: int,
                       sleep: Callable[[float], None] = time.sleep, deadline: float | None = None) -> FetchResult:
    """The one fetch function, retried on transient failures only (waits of 2 s, 4 s, ...).

    `total_timeout` is wall clock for the feed, every attempt and wait included: each attempt's socket
    operations end by the one deadline, and no retry starts unless its wait leaves `MIN_ATTEMPT_S` before
    it. The result records how many attempts were made. `deadline` (time.monotonic()): the feed's, when
    the caller set it; by default `total_timeout` from now.
    """
    deadline = deadline if deadline is not None else time.monotonic() + limits.total_timeout
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
    return replace(result, attempts=retrying.statistics.get("attempt_number", 1))


def ingest_feed(client: Any, feed: FeedConfig, url: str, state: FeedState, cfg: FetchConfig,
                now: datetime | None = None, parser: ParsePool | None = None) -> FetchResult:
    """Fetch and parse one feed within its one deadline (`total_timeout`); never raises.

    `parser`: the cycle's worker pool, which ends a parse at the deadline; without one the body is parsed
    in this thread, unbounded (for callers that parse trusted files).
    """
    deadline = time.monotonic() + cfg.total_timeout
    now = now or datetime.now(UTC)
    if state.next_attempt_after and state.next_attempt_after > now:
        until = f"{state.next_attempt_after:%Y-%m-%d %H:%M}Z"
        return FetchResult(url, FetchStatus.SKIPPED, error=f"backing off until {until}", etag=state.etag,
                           last_modified=state.last_modified, feed_name=feed.name, fetched_at=now,
                           next_attempt_after=state.next_attempt_after)
    try:
        result = fetch_with_retries(client, url, state, limits_from(cfg), cfg.retries, deadline=deadline)
    except Exception as exc:  # a bug in one feed's handling must not stop the cycle
        log.exception("fetch of %s crashed", url)
        result = FetchResult(url, FetchStatus.ERROR, error=f"{type(exc).__name__}: {exc}")
    error = f"{result.error} (after {result.attempts} attempts)" if result.attempts > 1 else result.error
    result = replace(result, error=error, feed_name=feed.name, fetched_at=now, guid_repeats=state.guid_repeats)
    if result.status is FetchStatus.OK:
        result = _parsed(result, now, parser, deadline, cfg.total_timeout)
    if result.status is FetchStatus.ERROR:
        result = replace(result, next_attempt_after=next_attempt_after(state.consecutive_failures + 1, now,
                                                                        result.retry_after))
    return result


def _parsed(result: FetchResult, now: datetime, parser: ParsePool | None, deadline: float,
            total_timeout: float) -> FetchResult:
    """The fetched body parsed into items (and dropped); a body that is no feed makes the fetch an error."""
    args = (result.body or b"", result.headers)
    details = {"feed_name": result.feed_name, "feed_url": result.url, "fetched_at": now,
               "guid_repeats": result.guid_repeats}
    try:
        parsed = parser.parse(*args, **details, deadline=deadline) if parser else parse_feed(*args, **details)
    except ParseStopped as exc:
        log.warning("feed %s: %s (total_timeout %ss)", result.url, exc, total_timeout)
        return replace(result, status=FetchStatus.ERROR, body=None, etag=None, last_modified=None,
                       error=f"{exc} (total_timeout {total_timeout}s)")
    except Exception as exc:
        return replace(result, status=FetchStatus.ERROR, body=None,
                       error=f"parse crashed: {type(exc).__name__}: {exc}")
    if parsed.error:  # never remember a validator for a body we could not use
        return replace(result, status=FetchStatus.ERROR, body=None, error=parsed.error, etag=None,
                       last_modified=None)
    return replace(result, body=None, items=tuple(parsed.items), warning=parsed.warning,
                   guid_repeats=parsed.guid_repeats)


def ingest_all(feeds: Sequence[tuple[FeedConfig, str]], states: Mapping[str, FeedState], cfg: FetchConfig,
               progress: Callable[[FetchResult], None] | None = None) -> list[FetchResult]:
    """Fetch all feeds with at most `cfg.concurrency` in flight, sharing one HTTP client; bodies are parsed
    by one worker process per core (parsing is CPU-bound), each parse ended at its feed's deadline."""
    if not feeds:
        return []  # no worker pool to start
    parser = ParsePool(min(max(cfg.concurrency, 1), os.cpu_count() or 1))  # started before any feed's clock
    client = make_client(limits_from(cfg), max_connections=max(cfg.concurrency, 1) * 2)
    try:
        with ThreadPoolExecutor(max_workers=cfg.concurrency, thread_name_prefix="fetch") as pool:
            futures = [pool.submit(ingest_feed, client, f, url, states.get(url, FeedState()), cfg, None, parser)
                       for f, url in feeds]
            running = any(s.last_success_at for s in states.values())
            outcomes = []
            for fut in futures:
                outcome = fut.result()
                new_feed = running and states.get(outcome.url, FeedState()).last_success_at is None
                outcome = replace(outcome, new_feed=new_feed)
                if progress:
                    progress(outcome)
                outcomes.append(outcome)
    finally:
        client.close()
        parser.close()
    return outcomes
