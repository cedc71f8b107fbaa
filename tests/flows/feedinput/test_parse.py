"""parse_feed on written fixtures and on bodies fetched from a real loopback server."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.feedinput.fetch import FetchLimits, fetch_feed, make_client
from flows.feedinput.parse import _defuse_doctype, parse_feed
from schemas.records import make_item_id
from tests.httpserver import FeedServer, Route

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"
FETCHED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
RSS_UTF8 = {"Content-Type": "application/rss+xml; charset=utf-8"}
LIMITS = FetchLimits(connect_timeout=0.5, read_timeout=0.5, total_timeout=1.0, max_bytes=200_000)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse(body: bytes, headers=None, name="test-wire", url="https://news.example.org/rss.xml"):
    return parse_feed(body, RSS_UTF8 if headers is None else headers, feed_name=name, feed_url=url,
                      fetched_at=FETCHED)


@pytest.fixture
def server():
    with FeedServer(lifetime_s=60) as srv:
        yield srv


def served(server: FeedServer, path: str, route: Route):
    """Serve `route`, fetch it with the real fetcher, parse what came back."""
    url = server.add(path, route)
    with make_client(LIMITS) as client:
        result = fetch_feed(client, url, limits=LIMITS)
    assert result.status == "ok", result.error
    return parse_feed(result.body, result.headers, feed_name="served", feed_url=url, fetched_at=FETCHED)


# --- a well-formed RSS feed -------------------------------------------------------------------------


def test_rss_items_text_links_dates():
    feed = parse(fixture("rss_basic.xml"))
    assert (feed.error, feed.warning, feed.version) == (None, None, "rss20")
    assert feed.title == "Test Wire: Security Talks"
    first = feed.items[0]
    assert first.title == "Envoys meet for a second day of security talks"
    assert first.summary == "Envoys & deputies met in Geneva. Talks resume tomorrow \u2013 officials said."
    assert first.link == "https://news.example.org/world/talks?id=7"
    assert first.guid == "urn:escmon:test:1"
    assert first.published == datetime(2022, 1, 10, 6, 30, tzinfo=UTC)
    assert first.published_estimated is False
    assert first.fetched_at == FETCHED
    assert first.item_id == make_item_id("test-wire", "urn:escmon:test:1", first.link, first.title, first.summary)
    assert feed.items[1].title == 'Ministers & envoys: "no breakthrough yet"'
    assert feed.items[1].link == "https://news.example.org/world/no-breakthrough?page=2"


@pytest.mark.parametrize("index", [1, 2, 3], ids=["missing", "before-1990", "far-future"])
def test_missing_or_impossible_dates_fall_back_to_fetch_time(index):
    item = parse(fixture("rss_basic.xml")).items[index]
    assert item.published == FETCHED
    assert item.published_estimated is True


def test_duplicate_entries_within_a_feed_are_dropped():
    items = parse(fixture("rss_basic.xml")).items
    assert len(items) == 5  # six entries, the last repeats the fifth's link once tracking is stripped
    sanctions = [i for i in items if "sanctions" in i.title]
    assert len(sanctions) == 1 and sanctions[0].guid is None
    assert sanctions[0].summary.startswith("Foreign ministers")
    assert sanctions[0].item_id == make_item_id("test-wire", None, "https://news.example.org/world/sanctions",
                                                sanctions[0].title, sanctions[0].summary)
    assert len({i.item_id for i in items}) == len(items)


def test_a_feed_that_repeats_a_guid_switches_every_id_to_guid_plus_link():
    feed = parse(fixture("rss_repeated_guid.xml"))
    assert len(feed.items) == 4 and feed.guid_repeats
    for item in feed.items:  # the unique one too: its id must not depend on today's neighbours
        assert item.item_id == make_item_id("test-wire", item.guid, item.link, item.title, item.summary,
                                            guid_repeats=True)
    assert len({i.item_id for i in feed.items}) == 4


def test_a_feed_known_to_repeat_guids_keeps_guid_plus_link_ids_when_the_repeat_stops():
    body = fixture("rss_repeated_guid.xml")
    one_entry = body[: body.index(b"<item>")] + body[body.index(b"<item>"): body.index(b"</item>") + 7] + \
        b"</channel></rss>"
    before = parse(body).items[0]
    alone = parse(one_entry)
    assert not alone.guid_repeats and alone.items[0].item_id != before.item_id  # what a per-fetch rule did
    remembered = parse_feed(one_entry, {}, feed_name="test-wire", feed_url="http://127.0.0.1/x.xml",
                            fetched_at=datetime(2026, 11, 20, tzinfo=UTC), guid_repeats=True)
    assert remembered.guid_repeats and remembered.items[0].item_id == before.item_id


def test_item_ids_are_stable_across_parses():
    first = [i.item_id for i in parse(fixture("rss_repeated_guid.xml")).items]
    again = [i.item_id for i in parse(fixture("rss_repeated_guid.xml")).items]
    assert first == again


def test_atom_content_relative_links_and_text_titles():
    feed = parse(fixture("atom_basic.xml"), {"Content-Type": "application/atom+xml"},
                 url="https://atom.example.org/feeds/main.xml")
    assert feed.version == "atom10" and feed.error is None
    html_entry, text_entry = feed.items
    assert html_entry.title == "Talks in Vienna end without agreement"
    assert html_entry.summary == "Delegations left the table but agreed to meet again."
    assert html_entry.link == "https://atom.example.org/reports/vienna-talks"
    assert html_entry.published == datetime(2022, 1, 13, 19, 15, tzinfo=UTC)
    assert text_entry.title == "Plain title with a literal <less-than> sign, 3 < 4"
    assert text_entry.published == datetime(2022, 1, 14, 12, 0, tzinfo=UTC)  # published beats updated


# --- bodies that are not feeds ----------------------------------------------------------------------


def test_empty_and_whitespace_bodies_are_errors():
    assert parse(b"").error == "empty body"
    assert parse(b"  \n\t ").error == "empty body"


def test_html_page_is_an_error_not_an_empty_feed():
    feed = parse(fixture("html_page.html"), {"Content-Type": "text/html; charset=utf-8"})
    assert feed.error == "not a feed: got an HTML page"
    assert feed.items == []


def test_other_xml_is_an_error():
    feed = parse(fixture("not_a_feed.xml"), {"Content-Type": "application/xml"})
    assert feed.error.startswith("not a feed: no RSS/Atom root element")


def test_truncated_feed_keeps_entries_before_the_cut():
    body = fixture("rss_basic.xml")
    cut = body.index(b"<item>", body.index(b"urn:escmon:test:3")) + 30
    feed = parse(body[:cut])
    assert feed.error is None
    assert [i.guid for i in feed.items] == ["urn:escmon:test:1", "urn:escmon:test:2", "urn:escmon:test:3"]
    assert feed.warning.startswith("malformed feed, 3 entries recovered")


def test_feed_cut_before_any_entry_is_an_error():
    body = fixture("rss_basic.xml")
    feed = parse(body[:body.index(b"<item>") + 10])
    assert feed.items == []
    assert feed.error is not None and "no entries recovered" in feed.error


# --- encodings ---------------------------------------------------------------------------------------

CYRILLIC_TITLE = "Переговоры в Женеве продолжатся завтра"
LATIN_TITLE = "Négociations à Genève : les délégués reprennent demain"


@pytest.mark.parametrize("content_type", [
    "application/rss+xml; charset=utf-8",  # declared wrongly
    "application/rss+xml",  # undeclared
    "text/xml",  # undeclared, text/* defaults to us-ascii
], ids=["declared-utf8", "undeclared", "text-xml"])
def test_windows_1251_body_is_decoded_whatever_the_header_says(content_type):
    body = fixture("rss_cyrillic.xml").decode("utf-8").encode("cp1251")
    feed = parse(body, {"Content-Type": content_type})
    assert feed.error is None
    assert feed.items[0].title == CYRILLIC_TITLE
    assert feed.title == "Тестовая лента новостей"


def test_windows_1251_local_file_without_headers():
    body = fixture("rss_cyrillic.xml").decode("utf-8").encode("cp1251")
    feed = parse_feed(body, {}, feed_name="ru", feed_url="/srv/feeds/ru.xml", fetched_at=FETCHED)
    assert feed.items[0].title == CYRILLIC_TITLE


def test_latin1_body_declared_as_utf8():
    body = fixture("rss_latin1.xml").decode("utf-8").encode("latin-1")
    feed = parse(body)
    assert feed.items[0].title == LATIN_TITLE
    assert "Windows-1252" in feed.warning or "iso-8859" in feed.warning.lower()


def test_utf16_body_with_bom():
    body = fixture("rss_cyrillic.xml").decode("utf-8").encode("utf-16")
    feed = parse(body, {"Content-Type": "application/rss+xml; charset=utf-16"})
    assert feed.items[0].title == CYRILLIC_TITLE


# --- hostile XML ------------------------------------------------------------------------------------


def _laughs(one_line: bool) -> bytes:
    decls = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    subset = " ".join(decls) if one_line else "\n" + "\n".join(decls) + "\n"
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [{subset}]>\n<rss version="2.0"><channel><title>t</title>'
            "<item><guid>g1</guid><title>boom &lol9;</title><description>d &lol9;</description></item>"
            "</channel></rss>").encode()


@pytest.mark.parametrize("one_line", [False, True], ids=["multi-line", "one-line"])
def test_billion_laughs_is_not_expanded(one_line):
    feed = parse(_laughs(one_line))
    assert len(feed.items) == 1
    item = feed.items[0]
    assert "lollol" not in item.title + item.summary
    assert len(item.title) < 50


def test_unsafe_entity_declarations_are_removed_before_parsing():
    defused, refusal = _defuse_doctype(_laughs(one_line=True))
    assert refusal is None
    assert b"&lol" not in defused.split(b"<rss", 1)[0]
    assert b'<!ENTITY lol0 "lol">' in defused  # a plain literal is harmless and kept


def test_safe_literal_entity_is_still_expanded():
    body = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY org "the Alliance"> ]>\n'
            b'<rss version="2.0"><channel><title>t</title><item><guid>g</guid>'
            b"<title>Statement by &org;</title></item></channel></rss>")
    assert parse(body).items[0].title == "Statement by the Alliance"


def _external(system_id: str, one_line: bool) -> bytes:
    sep = " " if one_line else "\n"
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [{sep}<!ENTITY ext SYSTEM "{system_id}">{sep}]>\n'
            '<rss version="2.0"><channel><title>t</title><item><guid>g1</guid>'
            "<title>leak: &ext;</title><description>&ext;</description></item></channel></rss>").encode()


@pytest.mark.parametrize("one_line", [False, True], ids=["multi-line", "one-line"])
def test_external_entity_on_loopback_is_never_requested(server, one_line):
    target = server.add("/ext", Route(body=b"EXTERNAL-CONTENT", content_type="text/plain"))
    feed = parse(_external(target, one_line))
    dtd = server.add("/evil.dtd", Route(body=b'<!ENTITY leak "EXTERNAL-CONTENT">', content_type="text/plain"))
    parse(f'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "{dtd}">\n'.encode()
          + b'<rss version="2.0"><channel><title>t</title><item><title>x &leak;</title></item></channel></rss>')
    assert server.hits("/ext") == 0 and server.hits("/evil.dtd") == 0
    assert len(feed.items) == 1
    assert "EXTERNAL-CONTENT" not in feed.items[0].title + feed.items[0].summary


@pytest.mark.parametrize("one_line", [False, True], ids=["multi-line", "one-line"])
def test_external_entity_on_local_file_is_never_read(tmp_path, one_line):
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL-SECRET-CONTENT")
    feed = parse(_external(secret.as_uri(), one_line))
    assert len(feed.items) == 1
    text = " ".join(i.title + " " + i.summary for i in feed.items)
    assert "LOCAL-SECRET-CONTENT" not in text


# --- over the real server ---------------------------------------------------------------------------


def test_gzip_feed_over_http(server):
    feed = served(server, "/basic.xml", Route(body=fixture("rss_basic.xml"), gzip=True))
    assert len(feed.items) == 5 and feed.error is None


def test_wrong_charset_header_over_http(server):
    body = fixture("rss_cyrillic.xml").decode("utf-8").encode("cp1251")
    feed = served(server, "/ru.xml", Route(body=body, content_type="application/rss+xml; charset=utf-8"))
    assert feed.items[0].title == CYRILLIC_TITLE


def test_html_page_over_http_is_an_error(server):
    feed = served(server, "/moved", Route(body=fixture("html_page.html"), content_type="text/html"))
    assert feed.error == "not a feed: got an HTML page"


def test_empty_body_over_http_is_an_error(server):
    assert served(server, "/empty.xml", Route(body=b"")).error == "empty body"


def test_truncated_body_over_http_keeps_early_entries(server):
    body = fixture("rss_repeated_guid.xml")
    feed = served(server, "/cut.xml", Route(body=body[: body.rindex(b"<item>") + 20]))
    assert len(feed.items) == 3 and feed.warning is not None


def test_repeated_guids_over_http(server):
    feed = served(server, "/repeat.xml", Route(body=fixture("rss_repeated_guid.xml")))
    assert len({i.item_id for i in feed.items}) == 4


def test_local_file_through_fetch_and_parse():
    path = FIXTURES / "rss_basic.xml"
    with make_client(LIMITS) as client:
        result = fetch_feed(client, str(path), limits=LIMITS)
    feed = parse_feed(result.body, result.headers, feed_name="local", feed_url=str(path), fetched_at=FETCHED)
    assert len(feed.items) == 5
    assert feed.items[0].feed_url == str(path)


def rss_with_title(title_xml: str, link: str = "https://news.example.org/a") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>w</title>'
            f"<item><guid>g1</guid><title>{title_xml}</title><link>{link}</link></item>"
            f"<item><guid>g2</guid><title>Second story</title></item></channel></rss>").encode()


@pytest.mark.parametrize("ref", ["&#99999999999;", "&#xD800;", "&#1114112;", "&#x110000;", "&#xFFFFFFFFFF;"])
def test_a_reference_to_no_character_costs_neither_the_entry_nor_the_feed(ref):
    # feedparser's lenient parser raised OverflowError / ValueError / UnicodeEncodeError on these (fuzz test)
    parsed = parse(rss_with_title(f"Talks resume{ref} in Geneva"))
    assert parsed.ok, parsed.error
    assert [i.title for i in parsed.items] == ["Talks resume\ufffd in Geneva", "Second story"]


def test_valid_character_references_are_kept():
    assert parse(rss_with_title("caf&#233; &#x1F4A5; &#38;")).items[0].title == "café \U0001f4a5 &"


def test_control_characters_in_a_link_are_percent_encoded_not_stored():
    # found by the fuzz test: an entry link holding ESC [2J reached items.link and `escmon sql`
    item = parse(rss_with_title("t", link="https://news.example.org/a&#27;[2J&#127;b")).items[0]
    assert item.link == "https://news.example.org/a%1B[2J%7Fb"
