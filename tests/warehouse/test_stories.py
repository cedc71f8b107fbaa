"""Stories in the warehouse (issue 17), through real cycles: feeds served from 127.0.0.1, the Beam
classifier, the loader's transaction. Every headline here was written for this test."""

from __future__ import annotations

import logging
import re
import shutil
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from flows.config import load_settings
from flows.cycle import run_cycle
from tests.cycle_helpers import write_config
from tests.httpserver import FeedServer
from tests.story_feeds import AIRSPACE, FOLLOW_UP, REPOSTS, RUSSIA_TALKS, T0, all_entries, entry, serve
from warehouse.story_loader import pending_items


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def story_of(db: Path, title: str) -> list[tuple]:
    """(story_id, num_items, num_sources) of the stories holding items with this exact title."""
    return query(db, "SELECT DISTINCT s.story_id, s.num_items, s.num_sources FROM items i "
                     "JOIN item_stories USING (item_id) JOIN stories s USING (story_id) "
                     f"WHERE i.title = '{title}'")


@pytest.fixture(scope="module")
def one_cycle(tmp_path_factory):
    """All entries in one cycle, then a second cycle over the same feeds."""
    folder = tmp_path_factory.mktemp("stories")
    with FeedServer() as server:
        settings = load_settings(write_config(folder, serve(server, all_entries()), rules=False))
        first = run_cycle(settings)
        stories_after_first = query(settings.warehouse.path, "SELECT * FROM stories ORDER BY story_id")
        assignments_after_first = query(settings.warehouse.path, "SELECT item_id, story_id, copy_of "
                                                                 "FROM item_stories ORDER BY item_id")
        second = run_cycle(settings)
    assert first.status == second.status == "completed"
    return settings, stories_after_first, assignments_after_first


def test_five_outlets_rewording_one_event_are_one_story_with_five_sources(one_cycle):
    settings, _, _ = one_cycle
    db = settings.warehouse.path
    stories = {row for _, _, title, _ in AIRSPACE for row in story_of(db, title)}
    assert len(stories) == 1, stories
    story_id, items, sources = stories.pop()
    assert (items, sources) == (5, 5)
    first_item = query(db, f"SELECT title FROM items WHERE item_id = '{story_id}'")
    assert first_item == [(AIRSPACE[0][2],)]  # the story is named after its first item


def test_one_outlet_reposting_an_article_is_one_story_with_one_source(one_cycle):
    settings, _, _ = one_cycle
    stories = {row for _, _, title, _ in REPOSTS for row in story_of(settings.warehouse.path, title)}
    assert len(stories) == 1 and next(iter(stories))[1:] == (3, 1), stories


def test_unrelated_events_sharing_russia_and_talks_stay_apart(one_cycle):
    settings, _, _ = one_cycle
    stories = [story_of(settings.warehouse.path, title) for title, _ in RUSSIA_TALKS]
    assert all(len(s) == 1 and s[0][1] == 1 for s in stories), stories
    assert len({s[0][0] for s in stories}) == 10


def test_a_second_cycle_over_the_same_feeds_adds_no_stories(one_cycle):
    settings, stories, assignments = one_cycle
    db = settings.warehouse.path
    assert query(db, "SELECT * FROM stories ORDER BY story_id") == stories
    assert query(db, "SELECT item_id, story_id, copy_of FROM item_stories ORDER BY item_id") == assignments
    assert len(assignments) == query(db, "SELECT count(*) FROM items")[0][0] == len(all_entries())
    assert len(stories) == 1 + 1 + 10
    # each story row carries its item's time, on which the alert rules cut it
    assert query(db, "SELECT count(*) FROM item_stories JOIN items USING (item_id) "
                     "WHERE item_stories.published IS DISTINCT FROM items.published") == [(0,)]


def test_signals_per_story_name_the_items_and_sources_of_the_story(one_cycle):
    settings, _, _ = one_cycle
    db = settings.warehouse.path
    rows = query(db, "SELECT story_id, category, items, sources FROM story_signals")
    assert rows, "the events carry signals"
    stories = {r[0]: r[1:] for r in query(db, "SELECT story_id, num_items, num_sources FROM stories")}
    assert all(items <= stories[sid][0] and sources <= stories[sid][1] for sid, _, items, sources in rows)
    airspace = story_of(db, AIRSPACE[0][2])[0][0]
    assert max(sources for sid, _, _, sources in rows if sid == airspace) >= 3  # several outlets say it


def test_a_story_continuing_in_the_next_cycle_keeps_its_id(tmp_path):
    entries = [entry(o, h, t, s, n) for n, (o, h, t, s) in enumerate(AIRSPACE)]
    with FeedServer() as server:
        settings = load_settings(write_config(tmp_path, serve(server, entries), rules=False))
        run_cycle(settings)
        before = story_of(settings.warehouse.path, AIRSPACE[0][2])
        serve(server, [*entries, entry(*FOLLOW_UP, 99)])
        run_cycle(settings)
    after = story_of(settings.warehouse.path, AIRSPACE[0][2])
    assert len(before) == len(after) == 1
    assert after[0][0] == before[0][0] and after[0][1:] == (6, 5)
    assert story_of(settings.warehouse.path, FOLLOW_UP[2]) == after


def test_loading_the_feeds_in_another_order_gives_the_same_stories(tmp_path, caplog):
    """Two monitors see the same feeds, two outlets more each cycle, in opposite orders: items then arrive
    out of published order (stories already formed are re-run), and the stories still come out the same."""
    caplog.set_level(logging.DEBUG, logger="warehouse.story_loader")
    entries = all_entries()
    outlets = sorted({e["outlet"] for e in entries})
    results = []
    with FeedServer() as server:
        feeds = serve(server, entries)
        for name, order in (("forward", outlets), ("backward", outlets[::-1])):
            folder = tmp_path / name
            folder.mkdir()
            for k in range(1, len(order) + 1, 2):  # two outlets more each cycle
                chosen = {f: url for f, url in feeds.items() if f.lower() in order[:k + 1]}
                run_cycle(load_settings(write_config(folder, chosen, rules=False)))
            db = load_settings(folder / "escmon.toml").warehouse.path
            results.append((query(db, "SELECT item_id, story_id, copy_of FROM item_stories ORDER BY item_id"),
                            query(db, "SELECT * EXCLUDE (outlets) , list_sort(outlets) FROM stories "
                                      "ORDER BY story_id")))
    assert len(results[0][0]) == len(entries)
    assert results[0] == results[1]
    again = [int(m.group(1)) for m in re.finditer(r"assigned \((\d+) again\)", caplog.text)]
    assert max(again) > 0, "some cycle must have brought items older than stories already formed"


def test_alert_evidence_lists_each_story_once_with_its_sources(one_cycle):
    from schemas.settings import AlertRule
    from warehouse.alerts import alert_evidence

    settings, _, _ = one_cycle
    con = duckdb.connect(str(settings.warehouse.path), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        evidence = alert_evidence(con, AlertRule(name="index-daily", indicator="index"), T0 - timedelta(hours=6),
                                  T0 + timedelta(days=1), limit=50)
    finally:
        con.close()
    titles = [e["title"] for e in evidence]
    assert len(titles) == len(set(titles)), titles
    assert len({e["story_id"] for e in evidence}) == len(evidence)
    airspace = [e for e in evidence if e["title"] in {t for _, _, t, _ in AIRSPACE}]
    assert len(airspace) == 1 and airspace[0]["sources"] == 5, airspace
    assert airspace[0]["outlets"] == sorted(f"{o}.example" for o, *_ in AIRSPACE)


def test_items_without_a_story_are_found_from_the_counts_or_else_the_whole_history(one_cycle, tmp_path):
    settings, _, _ = one_cycle
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(settings.warehouse.path, db)
    con = duckdb.connect(str(db))
    try:
        assert pending_items(con) == (None, 0), "every item has its story: the counts say so"
        published, item_id = con.execute("SELECT published, item_id FROM items ORDER BY published, item_id "
                                          "LIMIT 1 OFFSET 3").fetchone()
        con.execute("DELETE FROM item_stories WHERE item_id = ?", [item_id])
        # one item lacks a story, and it is not one of the named batch's: the history is searched
        for args in ((), ("no-such-batch", 1)):
            first, pending = pending_items(con, *args)
            assert (tuple(first), pending) == ((published, item_id), 1)
    finally:
        con.close()
