"""Feed text that is Rich markup or terminal escape codes is stored clean and printed literally, by every
command that prints it (issue 15, items 2 and 3): a real cycle over a feed served from 127.0.0.1."""

from __future__ import annotations

import logging
import re

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_settings
from tests.cycle_helpers import SAMPLES, write_config
from tests.httpserver import FeedServer, Route

MARKUP = "[/x] [link=http://evil]x[/link]"
ESCAPES = "\x1b[2J\x1b]8;;http://evil\x07\x00"
FEED_NAME = "[/n] Eastern [bold]Desk"


def hostile_feed() -> bytes:
    """The sample feed whose spike fires alerts, every item title prefixed with markup, escapes and NUL."""
    body = (SAMPLES / "eastern_desk.xml").read_text(encoding="utf-8")
    head, items = body.split("<item>", 1)
    items = items.replace("<title>", f"<title>{ESCAPES}{MARKUP.replace('&', '&amp;')} ")
    return (head + "<item>" + items).encode("utf-8")


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    with FeedServer(lifetime_s=120) as server:
        url = server.add("/desk.xml", Route(body=hostile_feed()))
        path = write_config(folder, {FEED_NAME: url, "[/y] Broken": server.url("/missing.xml")})
        run = CliRunner().invoke(app, ["run", "--no-prefect", "--config", str(path)], env={"COLUMNS": "200"})
    yield path, run


def assert_printed_literally(result, *texts: str) -> None:
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.exception is None
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output), repr(result.output[:500])
    for text in texts:
        assert text in result.output


def test_run_summary_prints_titles_feed_names_and_errors_literally(config):
    _, run = config
    assert_printed_literally(run, MARKUP, "[/y] Broken", "alert(s) fired")


def test_stored_titles_hold_no_control_characters(config):
    path, _ = config
    con = duckdb.connect(str(load_settings(path).warehouse.snapshot_path), read_only=True)
    try:
        titles = [t for (t,) in con.execute("SELECT title FROM items").fetchall()]
    finally:
        con.close()
    assert titles and all(t.startswith(MARKUP + " ") and not re.search(r"[\x00-\x1f\x7f-\x9f]", t) for t in titles)


@pytest.mark.parametrize("command", [["alerts"], ["feeds"], ["sql", "SELECT title, feed_name FROM items LIMIT 3"],
                                     ["sql", "SELECT title FROM items LIMIT 3", "--format", "csv"],
                                     ["alerts", "backtest", "--from", "2026-11-01", "--to", "2026-11-20",
                                      "--evidence"]])
def test_read_commands_print_feed_text_literally(config, command):
    path, _ = config
    result = CliRunner().invoke(app, [*command, "--config", str(path)], env={"COLUMNS": "400"})
    expected = [FEED_NAME] if command == ["feeds"] else [MARKUP]
    assert_printed_literally(result, *expected)


def test_sql_results_holding_escapes_and_markup_are_printed_literally(config):
    path, _ = config
    query = "SELECT chr(27) || '[2J[/x]' || chr(0) || chr(7) AS \"[/h]\", '[link=http://evil]y[/link]' AS l"
    for fmt in ("table", "csv"):
        result = CliRunner().invoke(app, ["sql", query, "--format", fmt, "--config", str(path)],
                                    env={"COLUMNS": "200"})
        assert_printed_literally(result, "[/x]", "[/h]", "[link=http://evil]y[/link]")
        assert "[2J" not in result.output  # the whole sequence goes, not only its ESC


def test_the_alert_log_line_carries_no_escape_codes(tmp_path, caplog):
    """With no notify URL an alert is logged: an alert text with escapes (an older warehouse's titles)."""
    from datetime import UTC, datetime

    from schemas.alerts import Alert
    from warehouse.delivery import log_sender

    alert = Alert(alert_id="a1", rule="r", indicator="index", window_kind="day",
                  window_start=datetime(2026, 11, 20, tzinfo=UTC), window_end=datetime(2026, 11, 21, tzinfo=UTC),
                  severity="warning", score=3.0, observed=9.0,
                  baseline_mean=1.0, baseline_std=1.0, signal_count=9, story_count=5,
                  evidence=[{"title": ESCAPES + MARKUP, "feed_name": "f", "evidence": "x", "category": "c"}])
    with caplog.at_level(logging.WARNING, logger="warehouse.delivery"):
        assert log_sender(alert) == (True, None)
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("ALERT"))
    assert MARKUP in line and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", line)
