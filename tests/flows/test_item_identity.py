"""An article keeps one id across cycles, whatever its feed does to the entries around it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from flows.config import load_settings
from flows.cycle import run_cycle
from flows.feedinput import ingest, parse
from flows.feedinput.links import former_link
from schemas.batch import FEED_STATE_SCHEMA, read_feed_states
from tests.cycle_helpers import SAMPLES, write_config
from tests.httpserver import FeedServer, Route

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "rss_repeated_guid.xml"


def _without_entries(body: bytes, *titles: bytes) -> bytes:
    """The same feed with some entries gone (they scrolled off the feed)."""
    head, rest = body.split(b"<item>", 1)
    entries = [b"<item>" + e for e in rest.split(b"<item>")]
    entries[-1] = entries[-1][: entries[-1].index(b"</channel>")]
    kept = [e for e in entries if not any(t in e for t in titles)]
    return head + b"".join(kept) + b"</channel>\n</rss>\n"


def _items(db: Path) -> list[tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT link, item_id FROM items ORDER BY link").fetchall()
    finally:
        con.close()


def test_an_entry_keeps_its_id_when_its_feed_stops_repeating_a_guid(tmp_path):
    body = FIXTURE.read_bytes()
    with FeedServer() as server:
        server.add("/repeat.xml", Route(body=body))
        settings = load_settings(write_config(tmp_path, {"Repeat Wire": server.url("/repeat.xml")}, rules=False))
        run_cycle(settings)
        first = _items(settings.warehouse.path)
        assert len(first) == 4
        # two of the three entries sharing a guid scroll off: the third's guid is now unique in the body
        server.add("/repeat.xml", Route(body=_without_entries(body, b"Border exercise", b"keep talking")))
        report = run_cycle(settings)
    assert report.status == "completed" and report.items_new == 0
    assert _items(settings.warehouse.path) == first, "no entry may come back under a second id"
    con = duckdb.connect(str(settings.warehouse.path), read_only=True)
    try:
        assert con.execute("SELECT guid_repeats FROM feeds").fetchall() == [(True,)]
    finally:
        con.close()


def test_feed_states_staged_by_an_older_escmon_still_load(tmp_path):
    old_schema = pa.schema([f for f in FEED_STATE_SCHEMA if f.name != "guid_repeats"])
    path = tmp_path / "feeds.parquet"
    pq.write_table(pa.Table.from_pylist([{"feed_url": "http://127.0.0.1/a.xml", "name": "A", "status": "ok",
                                          "items": 3}], schema=old_schema), path)
    table = read_feed_states(path)
    assert table.schema == FEED_STATE_SCHEMA
    assert table.to_pylist()[0]["guid_repeats"] is None and table.to_pylist()[0]["items"] == 3


def test_renaming_a_feed_brings_none_of_its_items_back(tmp_path):
    path = str(SAMPLES / "eastern_desk.xml")
    first = run_cycle(load_settings(write_config(tmp_path, {"Eastern Desk": path}, rules=False)))
    assert first.items_loaded > 100
    renamed = load_settings(write_config(tmp_path, {"Eastern Desk (world)": path}, rules=False))
    again = run_cycle(renamed)
    assert again.status == "completed" and again.items_new == 0
    con = duckdb.connect(str(renamed.warehouse.path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM items").fetchone()[0] == first.items_loaded
    finally:
        con.close()


def test_entries_without_links_sharing_a_guid_are_never_taken_for_each_other(tmp_path):
    def feed(*titles: str) -> bytes:
        entries = "".join(f"<item><title>{t}</title><guid isPermaLink='false'>same</guid>"
                          f"<pubDate>Fri, 20 Nov 2026 0{i}:00:00 GMT</pubDate></item>" for i, t in enumerate(titles))
        return f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{entries}</channel></rss>".encode()

    with FeedServer() as server:
        server.add("/nolink.xml", Route(body=feed("Troops massed near the border", "Talks resume in Geneva")))
        settings = load_settings(write_config(tmp_path, {"No Links": server.url("/nolink.xml")}, rules=False))
        run_cycle(settings)
        server.add("/nolink.xml", Route(body=feed("Troops massed near the border", "Talks resume in Geneva",
                                                  "Sanctions announced on banks")))
        report = run_cycle(settings)
    assert report.items_new == 1, "a new entry must not be mistaken for a stored one with the same guid"
    assert len(_items(settings.warehouse.path)) == 3


class _Release01Parsing:
    """escmon 0.1's parsing: in the fetch thread, links in 0.1's canonical form (ids hash that form)."""

    def __init__(self, workers: int) -> None:
        pass

    def parse(self, body, headers, *, deadline, **details):
        return parse.parse_feed(body, headers, **details)

    def close(self) -> None:
        pass


def test_a_warehouse_made_by_0_1_re_fed_the_same_feed_gets_no_duplicates(tmp_path, monkeypatch):
    """Links that 0.1 canonicalised differently (`:80`, `/a/../b`, `%20` as `+`, user info lower-cased) keep
    their stored rows: entries without a guid are identified by their link, so their ids changed too."""
    links = ["http://News.example.org:80/world/../story-1?utm_source=rss",
             "https://news.example.org/story-2?q=peace%20talks#top",
             "https://Desk:Key@news.example.org/story-3",
             "https://news.example.org/story-4?id=4"]  # the same in both forms
    entries = "".join(f"<item><title>Envoys meet for round {n}</title><link>{link.replace('&', '&amp;')}</link>"
                      f"<pubDate>Fri, 20 Nov 2026 0{n}:00:00 GMT</pubDate></item>" for n, link in enumerate(links))
    body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>L</title>{entries}</channel></rss>".encode()
    with FeedServer() as server:
        server.add("/links.xml", Route(body=body))
        settings = load_settings(write_config(tmp_path, {"Link Wire": server.url("/links.xml")}, rules=False))
        with monkeypatch.context() as old:
            old.setattr(ingest, "ParsePool", _Release01Parsing)
            old.setattr(parse, "link_forms", lambda raw: (former_link(raw), None))
            first = run_cycle(settings)
        stored = _items(settings.warehouse.path)
        assert first.items_loaded == 4 and sorted(link for link, _ in stored) == sorted(map(former_link, links))
        again = run_cycle(settings)
    assert again.status == "completed" and (again.items_fetched, again.items_new) == (4, 0)
    assert _items(settings.warehouse.path) == stored
