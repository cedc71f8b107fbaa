"""read_opml on written OPML files: nesting, names, duplicates, bad XML, entity tricks."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.feedinput.opml import FeedSpec, OpmlError, OpmlFeeds, parse_opml, read_opml
from schemas.settings import FeedConfig
from tests.httpserver import FeedServer, Route

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"


def test_nested_outlines_names_and_duplicates():
    feeds = read_opml(FIXTURES / "feeds.opml").feeds
    assert feeds == [
        FeedSpec("Test Wire", "https://news.example.org/rss.xml"),
        FeedSpec("East Desk", "https://east.example.org/feed"),
        FeedSpec("https://untitled.example.org/atom.xml", "https://untitled.example.org/atom.xml"),
        FeedSpec("Test Wire [mirror.example.net]", "https://mirror.example.net/rss.xml"),
    ]


def test_text_is_used_when_title_is_missing_and_whitespace_is_collapsed():
    data = b'<opml version="1.0"><body><outline text="  Two\n  words " xmlUrl="https://a.example.org/f"/></body></opml>'
    assert parse_opml(data).feeds == [FeedSpec("Two words", "https://a.example.org/f")]


def test_a_title_of_control_characters_alone_gives_the_url_as_the_name():
    # a legal XML title that cleans to nothing once made FeedConfig refuse the name, failing every cycle
    data = (b'<opml version="1.0"><body><outline title="&#x9b;&#x90;" xmlUrl="https://a.example.org/f"/>'
            b'<outline title="Wire&#x9b;2J" xmlUrl="https://b.example.org/f"/></body></opml>')
    feeds = parse_opml(data).feeds
    assert feeds == [FeedSpec("https://a.example.org/f", "https://a.example.org/f"),
                     FeedSpec("Wire", "https://b.example.org/f")]
    assert [FeedConfig(name=f.name, url=f.url).name for f in feeds] == ["https://a.example.org/f", "Wire"]


def test_same_name_and_host_gets_a_counter():
    data = (b'<opml version="2.0"><body>'
            b'<outline text="Desk" xmlUrl="https://a.example.org/1"/>'
            b'<outline text="Desk" xmlUrl="https://a.example.org/2"/>'
            b'<outline text="Desk" xmlUrl="https://a.example.org/3"/></body></opml>')
    assert [f.name for f in parse_opml(data).feeds] == ["Desk", "Desk [a.example.org]", "Desk [a.example.org] #2"]


def test_bad_xml_is_a_clear_error():
    with pytest.raises(OpmlError, match=r"bad\.opml: not well-formed XML: mismatched tag: line 2"):
        read_opml(FIXTURES / "bad.opml")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(OpmlError, match="cannot read OPML file .*nope.opml"):
        read_opml(tmp_path / "nope.opml")


def test_non_opml_root_is_an_error():
    with pytest.raises(OpmlError, match="root element is <rss>, expected <opml>"):
        parse_opml(b'<rss version="2.0"><channel/></rss>')


def test_empty_list_is_not_an_error():
    assert parse_opml(b'<opml version="2.0"><head/><body/></opml>') == OpmlFeeds([], [])


def test_internal_entities_are_refused(tmp_path):
    decls = '<!ENTITY a "xxxxxxxxxx">' + "".join(f'<!ENTITY {c} "{f"&{p};" * 10}">'
                                                 for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    path = tmp_path / "laughs.opml"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE opml [{decls}]>'
                    '<opml version="2.0"><body><outline text="&i;" xmlUrl="https://a.example.org/f"/></body></opml>')
    with pytest.raises(OpmlError, match="DOCTYPE declarations are not allowed"):
        read_opml(path)


def test_external_entity_is_neither_fetched_nor_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL-SECRET")
    with FeedServer(lifetime_s=30) as server:
        url = server.add("/ext", Route(body=b"REMOTE-SECRET", content_type="text/plain"))
        for target in (url, secret.as_uri()):
            data = (f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "{target}">]>'
                    '<opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.example.org/f"/></body>'
                    "</opml>").encode()
            with pytest.raises(OpmlError):
                parse_opml(data)
        assert server.hits("/ext") == 0


def test_upper_case_schemes_are_web_feeds_and_written_in_lower_case():
    data = (b'<opml version="2.0"><body><outline text="Loud" xmlUrl="HTTP://Loud.example.org/Feed.xml"/>'
            b'<outline text="Mixed" xmlUrl="hTTpS://mixed.example.org/rss"/></body></opml>')
    listed = parse_opml(data)
    assert listed.feeds == [FeedSpec("Loud", "http://Loud.example.org/Feed.xml"),
                            FeedSpec("Mixed", "https://mixed.example.org/rss")]
    assert listed.skipped == []


def test_entries_that_are_not_web_feeds_are_reported_with_their_reason():
    data = (b'<opml version="2.0"><body>'
            b'<outline text="Secrets" xmlUrl="file:///etc/passwd"/>'
            b'<outline text="Relative" xmlUrl="feeds/local.xml"/>'
            b'<outline text="Gopher" xmlUrl="gopher://old.example.org/1"/>'
            b'<outline text="Hostless" xmlUrl="https:///no-host"/>'
            b'<outline text="Kept" xmlUrl="https://kept.example.org/rss"/></body></opml>')
    listed = parse_opml(data)
    assert listed.feeds == [FeedSpec("Kept", "https://kept.example.org/rss")]
    reasons = {entry.name: str(entry) for entry in listed.skipped}
    assert list(reasons) == ["Secrets", "Relative", "Gopher", "Hostless"]
    assert reasons["Secrets"] == ("OPML entry 'Secrets' (file:///etc/passwd) skipped: file:// URLs are not read "
                                  "from an OPML list (a shared list must not read local files)")
    assert "a local path, not a web feed" in reasons["Relative"]
    assert "unsupported URL scheme 'gopher'" in reasons["Gopher"]
    assert "names no host" in reasons["Hostless"]
