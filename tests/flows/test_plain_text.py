"""html_to_text and control stripping on ordinary and hostile feed text, directly and through a served feed.

The hostile inputs are the ones that made the old backtracking patterns quadratic (issue 15); their time is
measured by `benchmarks/bench_html.py`, not asserted here: these tests check what comes out.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows.feedinput.fetch import FetchLimits, fetch_feed, make_client
from flows.feedinput.parse import parse_feed
from flows.plain_text import html_to_text, one_line
from schemas.text import strip_controls
from tests.httpserver import FeedServer, Route

MB = 1024 * 1024


@pytest.mark.parametrize(("raw", "expected"), [
    ("<p>One</p><p>Two</p>", "One Two"),
    ("Rus<b>si</b>a &amp; NATO&nbsp;talk", "Russia & NATO talk"),
    ("<style>p{}</style>Text<!-- hidden --> here\n\n and  there", "Text here and there"),
    ("3 &lt; 4", "3 < 4"),
    ("3 < 4 and 5 > 4", "3 < 4 and 5 > 4"),
    ('<a title="x>y" href="/a">link</a> after', "link after"),  # ">" inside an attribute is not the tag's end
    ("Before<script src=x>alert(1)", "Before"),  # a script never closed runs to the end
    ("Before<!-- never closed", "Before"),
    ("<SCRIPT>x</SCRIPT >kept<StYlE>y</style>", "kept"),
    ('<?xml version="1.0" encoding="latin1"?><p>caf\u00e9</p>', "caf\u00e9"),  # a declaration in a str
    ("line<br>break<li>item</li>", "line break item"),
    ("", ""),
    ("   ", ""),
])
def test_html_to_text(raw, expected):
    assert html_to_text(raw) == expected


@pytest.mark.parametrize("unit", ["<script ", "<!--", "<style ", '<a href="', "<![CDATA["])
def test_a_megabyte_of_an_unclosed_construct_is_stripped(unit):
    hostile = unit * (MB // len(unit))
    assert html_to_text("Lead " + hostile) == "Lead"


def test_a_megabyte_of_literal_less_than_signs_stays_text():
    assert html_to_text("a " + "< " * (MB // 2)) == "a " + " ".join(["<"] * (MB // 2))


@pytest.mark.parametrize(("raw", "expected"), [
    ("clear\x1b[2Jscreen", "clearscreen"),
    ("\x1b[31;1mred\x1b[0m", "red"),
    ("\x1b]8;;http://evil\x07link\x1b]8;;\x07", "link"),  # OSC 8 hyperlink, BEL-terminated
    ("\x1b]0;title\x1b\\text", "text"),  # OSC window title, ST-terminated
    ("\x1b]8;;http://evil never terminated", ""),
    ("nul\x00bell\x07back\x08del\x7fc1\x9b2J", "nulbellbackdelc1"),
    ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
    ("\x1bcreset", "reset"),
])
def test_strip_controls(raw, expected):
    assert strip_controls(raw) == expected


def test_one_line_collapses_space_after_removing_controls():
    assert one_line(" a\x00 \r\n b\x1b[2J ") == "a b"


def test_hostile_entries_served_over_http_are_stored_as_clean_text():
    """A served feed whose summary is a megabyte of unclosed script and whose title holds escapes and NUL."""
    body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            "<item><guid>g1</guid><title>Talks\x1b[2J &#0; resume</title><description>&lt;p&gt;Envoys meet"
            + "&lt;script " * (MB // 12) + "</description></item>"
            "<item><guid>g2</guid><title>Quiet &lt;b&gt;day&lt;/b&gt;</title><description><![CDATA[<!--"
            + "<!--" * (MB // 4) + "]]></description></item></channel></rss>").encode()
    limits = FetchLimits(connect_timeout=1, read_timeout=5, total_timeout=10, max_bytes=4 * MB)
    with FeedServer(lifetime_s=60) as server, make_client(limits) as client:
        result = fetch_feed(client, server.add("/hostile.xml", Route(body=body)), limits=limits)
    assert result.status == "ok", result.error
    feed = parse_feed(result.body, result.headers, feed_name="hostile", feed_url=result.url,
                      fetched_at=datetime(2026, 11, 20, tzinfo=UTC))
    assert [(i.title, i.summary) for i in feed.items] == [("Talks resume", "Envoys meet"), ("Quiet day", "")]
