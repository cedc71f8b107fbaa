"""read_opml on written OPML files: nesting, names, duplicates, bad XML, entity tricks."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.feedinput.opml import FeedSpec, OpmlError, parse_opml, read_opml
from tests.httpserver import FeedServer, Route

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"


def test_nested_outlines_names_and_duplicates():
    feeds = read_opml(FIXTURES / "feeds.opml")
    assert feeds == [
        FeedSpec("Test Wire", "https://news.example.org/rss.xml"),
        FeedSpec("East Desk", "https://east.example.org/feed"),
        FeedSpec("https://untitled.example.org/atom.xml", "https://untitled.example.org/atom.xml"),
        FeedSpec("Test Wire [mirror.example.net]", "https://mirror.example.net/rss.xml"),
    ]


def test_text_is_used_when_title_is_missing_and_whitespace_is_collapsed():
    data = b'<opml version="1.0"><body><outline text="  Two\n  words " xmlUrl="https://a.example.org/f"/></body></opml>'
    assert parse_opml(data) == [FeedSpec("Two words", "https://a.example.org/f")]


def test_same_name_and_host_gets_a_counter():
    data = (b'<opml version="2.0"><body>'
            b'<outline text="Desk" xmlUrl="https://a.example.org/1"/>'
            b'<outline text="Desk" xmlUrl="https://a.example.org/2"/>'
            b'<outline text="Desk" xmlUrl="https://a.example.org/3"/></body></opml>')
    assert [f.name for f in parse_opml(data)] == ["Desk", "Desk [a.example.org]", "Desk [a.example.org] #2"]


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
    assert parse_opml(b'<opml version="2.0"><head/><body/></opml>') == []


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
