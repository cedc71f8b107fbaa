"""fetch_feed against a real loopback server that misbehaves; plus the back-off policy it feeds."""

from __future__ import annotations

import gzip
import os
import socket
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from flows.feedinput.backoff import next_attempt_after
from flows.feedinput.fetch import FetchLimits, fetch_feed, make_client, parse_retry_after
from tests.httpserver import FeedServer, Route

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
# Small limits keep every failure test well under a second.
LIMITS = FetchLimits(connect_timeout=0.5, read_timeout=0.3, total_timeout=0.8, max_bytes=20_000)


@pytest.fixture
def server():
    with FeedServer(lifetime_s=60) as srv:
        yield srv


@pytest.fixture
def client():
    with make_client(LIMITS) as c:
        yield c


def fetch(client, url, **kw):
    return fetch_feed(client, url, limits=LIMITS, **kw)


# --- success, headers, validators -------------------------------------------------------------------


def test_ok_returns_body_lowercased_headers_and_validators(server, client):
    url = server.add("/feed.xml", Route(body=FEED, etag='"v1"', last_modified="Mon, 10 Jan 2022 08:00:00 GMT",
                                        headers={"X-Custom": "yes"}))
    result = fetch(client, url)
    assert (result.status, result.http_status, result.error) == ("ok", 200, None)
    assert result.body == FEED
    assert result.headers["x-custom"] == "yes"
    assert result.headers["content-type"].startswith("application/rss+xml")
    assert result.etag == '"v1"'
    assert result.last_modified == "Mon, 10 Jan 2022 08:00:00 GMT"
    assert result.retry_after is None and result.elapsed_s > 0


def test_request_sends_user_agent_accept_and_gzip(server, client):
    url = server.add("/feed.xml", Route(body=FEED))
    fetch(client, url)
    sent = server.requests[-1].headers
    assert sent["user-agent"] == LIMITS.user_agent
    assert "application/rss+xml" in sent["accept"]
    assert "gzip" in sent["accept-encoding"]
    assert "if-none-match" not in sent and "if-modified-since" not in sent


def test_gzip_body_is_decoded(server, client):
    body = FEED + b"<!--" + b"padding " * 500 + b"-->"
    url = server.add("/gz.xml", Route(body=body, gzip=True))
    result = fetch(client, url)
    assert result.status == "ok"
    assert result.headers["content-encoding"] == "gzip"
    assert result.body == body


def test_etag_conditional_get_gives_not_modified(server, client):
    url = server.add("/feed.xml", Route(body=FEED, etag='"abc"'))
    first = fetch(client, url)
    second = fetch(client, url, etag=first.etag)
    assert server.requests[-1].headers["if-none-match"] == '"abc"'
    assert (second.status, second.http_status, second.body, second.error) == ("not_modified", 304, None, None)
    assert second.etag == '"abc"'
    changed = fetch(client, url, etag='"older"')
    assert changed.status == "ok" and changed.body == FEED


def test_last_modified_conditional_get_gives_not_modified(server, client):
    stamp = "Tue, 11 Jan 2022 10:00:00 GMT"
    url = server.add("/feed.xml", Route(body=FEED, last_modified=stamp))
    result = fetch(client, url, last_modified=stamp)
    assert server.requests[-1].headers["if-modified-since"] == stamp
    assert result.status == "not_modified"
    assert result.last_modified == stamp


def test_single_redirect_is_followed(server, client):
    server.add("/new.xml", Route(body=FEED))
    url = server.add("/old.xml", Route(redirect_to="/new.xml"))
    result = fetch(client, url)
    assert result.status == "ok" and result.body == FEED
    assert result.url == url


def test_empty_body_is_fetched_as_ok_with_no_bytes(server, client):
    url = server.add("/empty.xml", Route(body=b""))
    result = fetch(client, url)
    assert result.status == "ok" and result.body == b""


# --- HTTP errors and Retry-After --------------------------------------------------------------------


def test_404_is_an_error_with_a_clear_message(server, client):
    result = fetch(client, server.url("/missing.xml"))
    assert (result.status, result.http_status, result.body) == ("error", 404, None)
    assert result.error == "HTTP 404 Not Found"


def test_500_is_an_error(server, client):
    url = server.add("/boom.xml", Route(status=500, body=b"stack trace"))
    result = fetch(client, url)
    assert result.error == "HTTP 500 Internal Server Error"
    assert result.retry_after is None


def test_429_retry_after_seconds(server, client):
    url = server.add("/busy.xml", Route(status=429, headers={"Retry-After": "120"}))
    before = datetime.now(UTC)
    result = fetch(client, url)
    assert result.error == "HTTP 429 Too Many Requests"
    assert before + timedelta(seconds=119) <= result.retry_after <= datetime.now(UTC) + timedelta(seconds=121)


def test_503_retry_after_http_date(server, client):
    when = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
    url = server.add("/down.xml", Route(status=503, headers={"Retry-After": format_datetime(when, usegmt=True)}))
    result = fetch(client, url)
    assert result.http_status == 503
    assert result.retry_after == when


def test_parse_retry_after_variants():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("30", now) == now + timedelta(seconds=30)
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == datetime(2015, 10, 21, 7, 28, tzinfo=UTC)
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("", now) is None
    assert parse_retry_after(None, now) is None


# --- time limits ------------------------------------------------------------------------------------


def test_slow_response_hits_read_timeout(server, client):
    url = server.add("/slow.xml", Route(body=FEED, delay_s=3))
    result = fetch(client, url)
    assert result.status == "error"
    assert result.error == "read timeout after 0.3s"
    assert result.elapsed_s < 2.0  # the server waits 3 s


def test_trickling_body_is_cut_at_total_timeout(server, client):
    # Each piece arrives well inside the 0.3 s read timeout, so only the wall clock can stop it.
    url = server.add("/trickle.xml", Route(body=b"x" * 2000, trickle_bytes=10, trickle_interval_s=0.05))
    result = fetch(client, url)
    assert result.error == "total timeout after 0.8s"
    assert result.body is None
    assert 0.75 <= result.elapsed_s < 2.5  # the server would need 10 s; generous for a loaded machine


def test_trickling_headers_are_cut_at_total_timeout(server, client):
    url = server.add("/slowhead.xml", Route(body=FEED, header_trickle_s=0.05))
    result = fetch(client, url)
    assert result.error == "total timeout after 0.8s"
    assert result.http_status is None
    assert result.elapsed_s < 2.5  # the head alone would take about 5 s


def test_connection_refused_is_an_error():
    with socket.socket() as sock:  # bind then close: a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with make_client(LIMITS) as c:
        result = fetch(c, f"http://127.0.0.1:{port}/feed.xml")
    assert result.status == "error"
    assert result.error.startswith("connection failed")


def test_deadlines_are_per_thread_when_sharing_one_client(server, client):
    """A trickling feed in one worker must not cut off (or extend) the others sharing the client."""
    for i in range(6):
        server.add(f"/fast{i}.xml", Route(body=FEED, delay_s=0.05))
    server.add("/trickle.xml", Route(body=b"x" * 2000, trickle_bytes=10, trickle_interval_s=0.05))
    urls = [server.url("/trickle.xml")] * 3 + [server.url(f"/fast{i}.xml") for i in range(6)] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda u: fetch(client, u), urls))
    assert [r.error for r in results[:3]] == ["total timeout after 0.8s"] * 3
    assert all(r.status == "ok" and r.body == FEED for r in results[3:])


# --- size limits and redirects ----------------------------------------------------------------------


def test_declared_oversize_body_is_refused_before_download(server, client):
    url = server.add("/big.xml", Route(body=b"x" * 50_000))
    result = fetch(client, url)
    assert result.error == "body exceeds 20000 bytes (Content-Length 50000)"
    assert result.body is None


def test_chunked_oversize_body_is_cut_while_streaming(server, client):
    url = server.add("/big.xml", Route(body=b"x" * 50_000, chunked=True))
    result = fetch(client, url)
    assert result.error == "body exceeds 20000 bytes"


def test_gzip_bomb_is_capped_on_decoded_size(server, client):
    url = server.add("/bomb.xml", Route(body=b"\0" * 400_000, gzip=True))
    assert len(gzip.compress(b"\0" * 400_000)) < LIMITS.max_bytes  # small on the wire
    result = fetch(client, url)
    assert result.error == "body exceeds 20000 bytes"


def test_redirect_loop_stops_after_max_redirects(server, client):
    url = server.add("/loop.xml", Route(redirect_to="/loop.xml"))
    result = fetch(client, url)
    assert result.error == "too many redirects (more than 5)"
    assert server.hits("/loop.xml") == LIMITS.max_redirects + 1


def test_unsupported_scheme_is_an_error(client):
    assert fetch(client, "ftp://example.org/feed.xml").error == "unsupported URL scheme 'ftp'"


# --- local files ------------------------------------------------------------------------------------


def test_local_path_and_file_url_are_read(tmp_path, client):
    path = tmp_path / "sample feed.xml"
    path.write_bytes(FEED)
    by_path = fetch(client, str(path))
    by_url = fetch(client, path.as_uri())
    assert by_path.status == by_url.status == "ok"
    assert by_path.body == by_url.body == FEED
    assert by_path.last_modified is not None


def test_local_file_unchanged_since_last_fetch_is_not_modified(tmp_path, client):
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    first = fetch(client, str(path))
    assert fetch(client, str(path), last_modified=first.last_modified).status == "not_modified"
    os.utime(path, (time.time() + 10, time.time() + 10))
    assert fetch(client, str(path), last_modified=first.last_modified).status == "ok"


def test_local_file_size_cap_and_missing_file(tmp_path, client):
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * 30_000)
    assert fetch(client, str(big)).error == "body exceeds 20000 bytes"
    missing = fetch(client, str(tmp_path / "nope.xml"))
    assert missing.status == "error" and "No such file" in missing.error


# --- back-off policy --------------------------------------------------------------------------------

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("failures", "delay_s"), [(0, 0), (1, 300), (2, 600), (4, 2400), (9, 76800),
                                                   (10, 86400), (500, 86400)])
def test_backoff_doubles_until_the_cap(failures, delay_s):
    assert next_attempt_after(failures, T0, None) == T0 + timedelta(seconds=delay_s)


def test_retry_after_wins_only_when_later():
    later = T0 + timedelta(hours=3)
    assert next_attempt_after(1, T0, later) == later
    assert next_attempt_after(3, T0, T0 + timedelta(seconds=10)) == T0 + timedelta(seconds=1200)
    assert next_attempt_after(0, T0, later) == later


def test_absurd_retry_after_is_capped_and_naive_times_are_utc():
    far = T0 + timedelta(days=3650)
    assert next_attempt_after(1, T0, far) == T0 + timedelta(days=7)
    naive = next_attempt_after(1, T0.replace(tzinfo=None), None, base_s=60)
    assert naive == T0 + timedelta(seconds=60) and naive.tzinfo is not None


# --- content encodings, decoded in bounded pieces ----------------------------------------------------


def _deflate(data: bytes, raw: bool) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize("raw", [False, True], ids=["zlib-deflate", "raw-deflate"])
def test_deflate_bodies_are_decoded(server, client, raw):
    body = FEED * 50
    url = server.add("/deflate.xml", Route(body=_deflate(body, raw), headers={"Content-Encoding": "deflate"}))
    result = fetch(client, url)
    assert result.status == "ok" and result.body == body


def test_multi_member_gzip_is_decoded_whole(server, client):
    wire = gzip.compress(FEED) + gzip.compress(b"<!-- second member -->")
    url = server.add("/multi.xml", Route(body=wire, headers={"Content-Encoding": "gzip"}, trickle_bytes=7))
    result = fetch(client, url)
    assert result.body == FEED + b"<!-- second member -->"


def test_body_that_lies_about_gzip_is_an_error(server, client):
    url = server.add("/liar.xml", Route(body=FEED, headers={"Content-Encoding": "gzip"}))
    result = fetch(client, url)
    assert result.status == "error" and result.error.startswith("cannot decode gzip body")


def test_truncated_gzip_is_an_error(server, client):
    url = server.add("/cut.xml", Route(body=gzip.compress(FEED * 20)[:-30], headers={"Content-Encoding": "gzip"}))
    assert fetch(client, url).error == "cannot decode gzip body: compressed body ends early"


def test_unknown_content_encoding_is_an_error(server, client):
    url = server.add("/br.xml", Route(body=b"\x0b\x02\x80", headers={"Content-Encoding": "br"}))
    assert fetch(client, url).error == "cannot decode br body: unsupported Content-Encoding 'br'"


def test_empty_gzip_labelled_body_is_an_empty_body(server, client):
    url = server.add("/nothing.xml", Route(body=b"", headers={"Content-Encoding": "gzip"}))
    result = fetch(client, url)
    assert result.status == "ok" and result.body == b""
