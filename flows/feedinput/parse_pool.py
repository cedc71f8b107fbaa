"""Parse fetched bodies in worker processes, each parse ended at its feed's deadline.

Why processes: feedparser's time is bounded by the body cap but not small (deeply nested or unclosed markup
of a few hundred KB takes seconds), and a thread running it cannot be stopped. A worker process can: pebble
kills the worker whose parse outlives the deadline and starts a fresh one, so one hostile feed costs its own
deadline and nothing more, and the cycle goes on with the other feeds.

Workers come from a forkserver that has imported the parser once (fork from the threaded cycle is unsafe;
spawn would import feedparser, lxml and pyarrow again per worker). Measured cost per feed and per pool:
`benchmarks/bench_parse_pool.py`.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from concurrent.futures import CancelledError, TimeoutError
from datetime import datetime
from types import TracebackType

from pebble import ProcessExpired, ProcessPool

from flows.feedinput.parse import ParsedFeed, parse_feed

log = logging.getLogger(__name__)
PRELOAD = ["flows.feedinput.parse"]
START_TIMEOUT_S = 120.0  # the workers' start (forkserver, imports) on a loaded machine; not any feed's time


class ParseStopped(Exception):
    """The parse was stopped: the feed's deadline came first (its worker killed), or its worker died."""


class ParsePool:
    """A pool of parse workers for one cycle; `parse` returns a ParsedFeed or raises ParseStopped."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self._pool = ProcessPool(max_workers=max(workers, 1), context=context)
        self._started()

    def _started(self) -> None:
        """Start the workers before any feed's clock runs: under load their start (a forkserver importing
        feedparser, lxml and pyarrow) takes seconds, which would otherwise eat the first feeds' deadlines."""
        try:
            self._pool.schedule(_ready).result(timeout=START_TIMEOUT_S)
        except (TimeoutError, ProcessExpired) as exc:
            self._pool.stop()
            raise RuntimeError(f"feed parse workers did not start within {START_TIMEOUT_S:.0f}s: {exc}") from exc

    def parse(self, body: bytes, headers: dict[str, str], *, feed_name: str, feed_url: str, fetched_at: datetime,
              guid_repeats: bool, deadline: float) -> ParsedFeed:
        """`parse_feed` in a worker, ended by `deadline` (time.monotonic()) however long it waits for one."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise ParseStopped("no time left to parse before the feed's deadline")
        future = self._pool.schedule(parse_feed, args=(body, headers),
                                     kwargs={"feed_name": feed_name, "feed_url": feed_url, "fetched_at": fetched_at,
                                             "guid_repeats": guid_repeats},
                                     timeout=left)
        try:
            return future.result(timeout=max(deadline - time.monotonic(), 0.0))
        except (TimeoutError, CancelledError) as exc:  # ran out in the worker, or still queued for one
            future.cancel()  # a running parse: its worker is terminated and replaced
            raise ParseStopped("parse did not finish before the feed's deadline") from exc
        except ProcessExpired as exc:  # the worker died (out of memory, a crash in C code)
            raise ParseStopped(f"parse worker died: {exc}") from exc

    def close(self) -> None:
        self._pool.stop()  # workers still parsing belong to feeds already recorded as failed
        self._pool.join(timeout=5)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _ready() -> None:
    """A worker's first task: proves the pool is up."""


__all__ = ["ParsePool", "ParseStopped"]
