"""Retries of one feed's fetch against a real loopback server: what is retried (by exception type and
status, never by error text), how often, and that `total_timeout` bounds the feed, retries included."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from flows.feedinput.fetch import FetchLimits, make_client
from flows.feedinput.ingest import fetch_with_retries, ingest_feed
from schemas.feeds import FeedState
from schemas.settings import FeedConfig, FetchConfig
from tests.httpserver import FeedServer, Route

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
LIMITS = FetchLimits(connect_timeout=1.0, read_timeout=1.0, total_timeout=10.0)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer(lifetime_s=60) as srv:
        yield srv


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client(LIMITS) as c:
        yield c


@pytest.mark.parametrize("fail_status", [503, 502, 504, 0], ids=["503", "502", "504", "hang-up"])
def test_a_feed_that_fails_twice_then_answers_is_fetched_on_the_third_attempt(server, client, fail_status):
    url = server.add("/feed.xml", Route(body=FEED, fail_first=2, fail_status=fail_status))
    waits: list[float] = []
    result = fetch_with_retries(client, url, FeedState(), LIMITS, retries=2, sleep=waits.append)
    assert (result.status, result.body, result.attempts) == ("ok", FEED, 3)
    assert server.hits("/feed.xml") == 3 and waits == [2.0, 4.0]


def test_retries_stop_at_the_configured_number(server, client):
    url = server.add("/feed.xml", Route(body=FEED, fail_first=10))
    result = fetch_with_retries(client, url, FeedState(), LIMITS, retries=2, sleep=lambda s: None)
    assert (result.status, result.error, result.attempts) == ("error", "HTTP 503 Service Unavailable", 3)
    assert server.hits("/feed.xml") == 3


@pytest.mark.parametrize("route", [
    Route(status=404), Route(status=500), Route(status=429),
    Route(status=503, headers={"Retry-After": "120"}),  # the server named its pause: asked again after it
], ids=["404", "500", "429", "503-retry-after"])
def test_answers_that_another_try_would_not_change_are_not_retried(server, client, route):
    url = server.add("/feed.xml", route)
    result = fetch_with_retries(client, url, FeedState(), LIMITS, retries=2, sleep=lambda s: None)
    assert result.attempts == 1 and server.hits("/feed.xml") == 1


def test_a_feed_that_hangs_past_total_timeout_is_one_attempt_cut_at_the_deadline(server):
    """Read timeout (15 s) longer than the feed's deadline (2.5 s): the attempt is cut at the deadline, and a
    deadline is no transient failure (before, each retry had its own 2.5 s: 3 attempts, ~13.5 s)."""
    limits = FetchLimits(connect_timeout=5.0, read_timeout=15.0, total_timeout=2.5)
    url = server.add("/hang.xml", Route(body=FEED, delay_s=30))
    with make_client(limits) as client:
        started = time.monotonic()
        result = fetch_with_retries(client, url, FeedState(), limits, retries=2)
        elapsed = time.monotonic() - started
    assert (result.status, result.error, result.attempts) == ("error", "total timeout after 2.5s", 1)
    assert server.hits("/hang.xml") == 1
    assert elapsed < 2.5 + 1.0


def test_retries_of_timeouts_stay_within_total_timeout(server):
    """Read timeouts (1 s) are retried, but only while a wait and an attempt fit in the feed's 5 s: one retry
    after a 2 s wait, none after the next 4 s one (before: 3 attempts, 1 + 2 + 1 + 4 + 1 = 9 s)."""
    limits = FetchLimits(connect_timeout=1.0, read_timeout=1.0, total_timeout=5.0)
    url = server.add("/slow.xml", Route(body=FEED, delay_s=30))
    with make_client(limits) as client:
        started = time.monotonic()
        result = fetch_with_retries(client, url, FeedState(), limits, retries=2)
        elapsed = time.monotonic() - started
    assert (result.status, result.error, result.attempts) == ("error", "read timeout after 1.0s", 2)
    assert server.hits("/slow.xml") == 2
    assert elapsed < 5.0 + 0.5


def test_the_feed_records_how_many_attempts_failed(server):
    url = server.add("/feed.xml", Route(body=FEED, fail_first=10))
    cfg = FetchConfig(connect_timeout=1.0, read_timeout=1.0, total_timeout=10.0, retries=1)
    with make_client(LIMITS) as client:
        outcome = ingest_feed(client, FeedConfig(name="F", url=url), url, FeedState(), cfg)
    assert (outcome.status, outcome.error) == ("error", "HTTP 503 Service Unavailable (after 2 attempts)")
