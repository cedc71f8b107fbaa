"""Subscribing to a feed on a running monitor: its back catalogue fills the baselines, pages nobody."""

from __future__ import annotations

import shutil

import duckdb

from flows.config import load_settings
from flows.cycle import run_cycle
from tests.cycle_helpers import SAMPLES, write_config


def _count(db, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_a_new_feeds_old_items_are_loaded_without_firing_alerts(tmp_path):
    eastern = {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")}
    run_cycle(load_settings(write_config(tmp_path, eastern, rules=False)))  # a monitor already running

    # a second outlet is added; its items (weeks old, the planted spike included) arrive in one go
    both = {**eastern, "Baltic Wire": str(SAMPLES / "baltic_wire.xml")}
    settings = load_settings(write_config(tmp_path, both))
    report = run_cycle(settings)

    assert report.status == "completed" and report.items_new > 100
    assert report.items_loaded == report.items_new, "the back catalogue is loaded, not dropped"
    assert report.alerts == [], "old windows of a new feed must not page anyone"
    db = settings.warehouse.path
    assert _count(db, "SELECT count(*) FROM alerts") == 0
    assert _count(db, "SELECT count(*) FROM items WHERE feed_name = 'Baltic Wire'") == report.items_new
    assert _count(db, "SELECT count(*) FROM alert_backlog") == 0


def test_a_first_cycle_still_alerts_on_what_it_finds(tmp_path):
    feeds = {"Eastern Desk": str(SAMPLES / "eastern_desk.xml"), "Baltic Wire": str(SAMPLES / "baltic_wire.xml")}
    report = run_cycle(load_settings(write_config(tmp_path, feeds)))
    assert report.alerts, "a new monitor reports the spike in the history it starts from"


def test_a_new_feed_whose_first_fetch_failed_is_still_new_when_it_comes_up(tmp_path):
    eastern = {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")}
    run_cycle(load_settings(write_config(tmp_path, eastern, rules=False)))
    late = tmp_path / "baltic_wire.xml"  # not there yet: the first fetch fails and leaves a feeds row
    settings = load_settings(write_config(tmp_path, {**eastern, "Baltic Wire": str(late)}))
    assert run_cycle(settings).feeds_failed == 1
    shutil.copyfile(SAMPLES / "baltic_wire.xml", late)
    con = duckdb.connect(str(settings.warehouse.path))
    try:  # the back-off after that failure has run out
        con.execute("UPDATE feeds SET next_attempt_after = NULL")
    finally:
        con.close()
    report = run_cycle(settings)
    assert report.items_loaded > 100 and report.alerts == []
