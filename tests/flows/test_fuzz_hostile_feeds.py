"""2,000 seeded hostile feed bodies served from 127.0.0.1, run through a whole cycle and every printer (issue 15).

One body per feed, all in one `escmon run` (fetch, parse, Beam classify, DuckDB load, alerts), then a second
run of the same bodies, the HTML report and the read commands. What a user relies on: no exception escapes,
no control character or bidi override reaches a terminal, none is stored in a text column, every feed that
sent no feed is recorded as failed with its reason, every entry of a well-formed feed is loaded, and the
re-run adds nothing and loses nothing. The bodies come from tests/hostile_feeds.py (seed below).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from plotly.offline import get_plotlyjs
from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_settings
from tests.cycle_helpers import SAMPLES, TABLES, feed_rows, table_counts, write_config
from tests.hostile_feeds import Generator, HostileBody
from tests.httpserver import FeedServer, Route

SEED = 15
SAMPLE = (SAMPLES / "eastern_desk.xml").read_bytes()  # history whose spike fires alerts
N_BODIES = 2000
# What a terminal must never receive: C0 controls but tab and newline, DEL, C1, bidi embeddings/overrides.
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
STORED_UNSAFE = r"[\x{00}-\x{08}\x{0b}-\x{1f}\x{7f}-\x{9f}]"  # RE2, for DuckDB's regexp_matches


@dataclass(frozen=True)
class Fuzzed:
    bodies: list[HostileBody]
    names: dict[str, str]  # body name -> feed name in the config (hostile too)
    config: Path
    db: Path
    runs: tuple  # the two `escmon run` results
    counts: tuple[dict[str, int], dict[str, int]]
    item_ids: tuple[set[str], set[str]]


def feed_name(body: HostileBody) -> str:
    """A feed name holding markup and an escape, written as TOML escapes: config text is printed too."""
    return f"{body.name} [/x]\\u001b[2J"


def item_ids(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {i for (i,) in con.execute("SELECT item_id FROM items").fetchall()}
    finally:
        con.close()


def run_cli(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "120"})


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory) -> Fuzzed:
    bodies = Generator(SEED).bodies(N_BODIES, SAMPLE)
    folder = tmp_path_factory.mktemp("fuzz")
    with FeedServer(lifetime_s=300) as server:
        feeds = {feed_name(b): server.add(f"/{b.name}.xml", Route(body=b.body, content_type=b.content_type))
                 for b in bodies}
        config = write_config(folder, feeds)
        db = load_settings(config).warehouse.path
        first = run_cli("run", "--no-prefect", "--config", str(config))
        counts_first, ids_first = table_counts(db), item_ids(db)
        second = run_cli("run", "--no-prefect", "--config", str(config))
        counts_second, ids_second = table_counts(db), item_ids(db)
    configured = load_settings(config).feeds
    names = {b.name: configured[i].name for i, b in enumerate(bodies)}
    return Fuzzed(bodies, names, config, db, (first, second), (counts_first, counts_second), (ids_first, ids_second))


def assert_clean_output(result, command: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
    assert result.exit_code == 0, (command, result.output[-2000:])
    assert "Traceback" not in result.output, command
    bad = TERMINAL_UNSAFE.search(result.output)
    assert bad is None, (command, repr(result.output[max(bad.start() - 80, 0):bad.end() + 80]))


def test_bodies_are_many_and_deterministic(fuzzed):
    assert len(fuzzed.bodies) >= 2000
    assert [b.body for b in fuzzed.bodies[:50]] == [b.body for b in Generator(SEED).bodies(50, SAMPLE)]
    assert {"feed", "error", "any"} <= {b.kind for b in fuzzed.bodies}


def test_both_runs_print_a_clean_summary(fuzzed):
    for result in fuzzed.runs:
        assert_clean_output(result, "run")
        assert "escmon cycle" in result.output


@pytest.mark.parametrize("command", [
    ["alerts"], ["feeds"], ["feeds", "--format", "csv"],
    ["sql", "SELECT feed_name, title, summary, link, guid FROM items ORDER BY item_id LIMIT 200"],
    ["sql", "SELECT feed_name, title, summary, link, guid, published FROM items", "--format", "csv"],
    ["sql", "SELECT * FROM signals LIMIT 300", "--format", "json"],
    ["sql", "SELECT name, status, last_error FROM feeds"],
    ["stories"],
    ["alerts", "backtest", "--from", "2026-11-01", "--to", "2026-11-20", "--evidence"],
])
def test_read_commands_print_no_control_characters(fuzzed, command):
    assert_clean_output(run_cli(*command, "--config", str(fuzzed.config)), " ".join(command))


def test_the_html_report_escapes_every_feed_text(fuzzed, tmp_path):
    out = tmp_path / "report.html"
    result = run_cli("report", "--out", str(out), "--live", "--config", str(fuzzed.config))
    assert_clean_output(result, "report")
    # plotly.js is embedded whole, and its own source holds a PNG signature: the feed text is what is checked
    page = out.read_text(encoding="utf-8").replace(get_plotlyjs(), "")
    assert re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page) is None
    assert " [/x]</" in page  # the feeds' names are shown, their escape sequence dropped
    assert "<script>alert(1)" not in page and 'href="javascript:' not in page


def test_no_text_column_stores_a_control_character(fuzzed):
    con = duckdb.connect(str(fuzzed.db), read_only=True)
    try:
        columns = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                              "WHERE data_type = 'VARCHAR' AND table_name IN (SELECT table_name "
                              "FROM information_schema.tables WHERE table_type = 'BASE TABLE')").fetchall()
        by_table: dict[str, list[str]] = {}
        for table, column in columns:
            by_table.setdefault(table, []).append(column)
        dirty = {}
        for table, names in by_table.items():  # one scan per table
            counts = con.execute("SELECT " + ", ".join(
                f'count(*) FILTER (WHERE regexp_matches("{c}", $p))' for c in names) + f' FROM "{table}"',
                {"p": STORED_UNSAFE}).fetchone()
            dirty |= {f"{table}.{c}": n for c, n in zip(names, counts, strict=True) if n}
    finally:
        con.close()
    assert len(columns) > 20
    assert dirty == {}


def items_per_feed(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT feed_name, count(*) FROM items GROUP BY feed_name").fetchall())
    finally:
        con.close()


def test_every_feed_that_sent_no_feed_is_recorded_failed_with_its_reason(fuzzed):
    rows = feed_rows(fuzzed.db)
    first_run = json.loads(_run_errors(fuzzed.db)[0])
    failed = [b for b in fuzzed.bodies if b.kind == "error"]
    assert len(failed) > 100
    for body in failed:
        name = fuzzed.names[body.name]
        status, error = rows[name]
        assert status in ("error", "skipped") and error, (body.name, status, error)
        assert first_run["feeds"].get(name), body.name


def test_every_entry_of_a_well_formed_hostile_feed_is_loaded(fuzzed):
    counts = items_per_feed(fuzzed.db)
    rows = feed_rows(fuzzed.db)
    wanted = [b for b in fuzzed.bodies if b.kind == "feed"]
    assert len(wanted) > 500
    missing = {b.name: (counts.get(fuzzed.names[b.name], 0), b.entries, rows[fuzzed.names[b.name]])
               for b in wanted if counts.get(fuzzed.names[b.name], 0) != b.entries}
    assert missing == {}


def test_every_feed_has_its_state_recorded_and_every_failure_its_reason(fuzzed):
    rows = feed_rows(fuzzed.db)
    assert set(rows) == set(fuzzed.names.values())
    assert [name for name, (status, error) in rows.items() if status == "error" and not error] == []


def test_alerts_fired_over_hostile_titles_and_no_item_crashed_the_classifier(fuzzed):
    con = duckdb.connect(str(fuzzed.db), read_only=True)
    try:
        alerts = con.execute("SELECT count(*) FROM alerts").fetchone()[0]
        reasons = {e for (e,) in con.execute("SELECT error FROM dead_letters").fetchall()}
    finally:
        con.close()
    assert alerts > 0
    # dead letters are items refused up front (no text, or past max_text_chars), never a crash
    assert all(r.startswith(("empty text", "text too long")) for r in reasons), reasons


def test_a_rerun_neither_loses_nor_duplicates_rows(fuzzed):
    first, second = fuzzed.counts
    assert first["items"] > 1000
    assert {t: second[t] for t in TABLES if t != "runs"} == {t: first[t] for t in TABLES if t != "runs"} | {
        "feeds": second["feeds"], "loaded_batches": second["loaded_batches"]}
    assert fuzzed.item_ids[0] == fuzzed.item_ids[1]
    assert second["runs"] == first["runs"] + 1


def _run_errors(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [e for (e,) in con.execute("SELECT errors FROM runs ORDER BY started_at").fetchall()]
    finally:
        con.close()
