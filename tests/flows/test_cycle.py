"""A whole monitoring cycle over the sample feeds, served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_settings
from flows.cycle import run_cycle
from tests.cycle_helpers import SAMPLE_FEEDS, SAMPLES, table_counts, write_config
from tests.httpserver import FeedServer, Route

ATOM = "application/atom+xml; charset=utf-8"


@pytest.fixture()
def served_samples():
    with FeedServer() as server:
        feeds = {}
        for name, file in SAMPLE_FEEDS.items():
            body = (SAMPLES / file).read_bytes()
            ctype = ATOM if b"<feed" in body[:400] else None
            server.add(f"/{file}", Route(body=body, etag=f'"{file}-v1"', **({"content_type": ctype} if ctype else {})))
            feeds[name] = server.url(f"/{file}")
        server.add("/gone.xml", Route(status=404, body=b"not here"))
        feeds["Dead Feed"] = server.url("/gone.xml")
        yield server, feeds


def test_cycle_lands_items_signals_and_alerts_and_a_rerun_adds_nothing(tmp_path, served_samples):
    server, feeds = served_samples
    settings = load_settings(write_config(tmp_path, feeds))

    first = run_cycle(settings)
    assert first.status == "completed"
    assert first.feeds_ok == 3 and first.feeds_failed == 1
    assert "404" in first.feed_errors["Dead Feed"]
    counts = table_counts(settings.warehouse.path)
    assert counts["items"] >= 300
    assert counts["classifications"] == counts["items"]
    assert counts["signals"] > counts["items"] // 2
    assert counts["alerts"] >= 1, "the planted escalation spike must fire"
    assert counts["runs"] == 1

    second = run_cycle(settings)
    assert second.status == "completed"
    assert second.items_new == 0
    again = table_counts(settings.warehouse.path)
    assert again["runs"] == 2
    assert {k: v for k, v in again.items() if k not in ("runs", "feeds")} == \
        {k: v for k, v in counts.items() if k not in ("runs", "feeds")}
    # the second cycle used conditional GET: the server answered 304, nothing was re-parsed
    assert any(r.headers.get("if-none-match") == '"baltic_wire.xml-v1"'
               for r in server.requests if r.path == "/baltic_wire.xml")


def test_feed_health_records_the_failure(tmp_path, served_samples):
    _, feeds = served_samples
    cfg = write_config(tmp_path, {"Dead Feed": feeds["Dead Feed"], "Eastern Desk": feeds["Eastern Desk"]})
    run_cycle(load_settings(cfg))
    result = CliRunner().invoke(app, ["feeds", "--config", str(cfg), "--format", "csv"])
    assert result.exit_code == 0, result.output
    dead = next(line for line in result.output.splitlines() if line.startswith("Dead Feed"))
    assert ",error,404,1," in dead


def test_sql_command_prints_the_item_count_as_csv(tmp_path):
    cfg = write_config(tmp_path, {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")}, rules=False)
    report = run_cycle(load_settings(cfg))
    result = CliRunner().invoke(app, ["sql", "SELECT count(*) AS n FROM items", "--format", "csv",
                                      "--config", str(cfg)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["n", str(report.items_loaded)]
    bad = CliRunner().invoke(app, ["sql", "SELECT * FROM no_such_table", "--config", str(cfg)])
    assert bad.exit_code == 2 and "SQL error" in bad.output


def test_help_lists_the_commands():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "sql", "classify", "feeds", "alerts", "export", "taxonomy", "warehouse"):
        assert command in result.output


@pytest.mark.slow
def test_escmon_run_as_a_prefect_flow(tmp_path):
    """The real command, as a user types it: a Prefect flow run on a temporary Prefect server, which
    sends no telemetry unless asked to (none configured here: escmon's own default). With -v the libraries'
    lines that the default keeps off the terminal (tests/flows/test_demo_output.py) are shown."""
    cfg = write_config(tmp_path, {"Baltic Wire": str(SAMPLES / "baltic_wire.xml")}, rules=False)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    env.pop("PREFECT_SERVER_ANALYTICS_ENABLED", None)
    env.pop("ESCMON_LOG_LEVEL", None)
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "run", "-v", "--config", str(cfg)], env=env,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "completed" in proc.stdout
    for chatter in ("Beginning flow run", "Finished in state Completed()", "Starting temporary server",
                    "docs.prefect.io", "apitools not found"):
        assert chatter in proc.stderr, chatter
    assert "Traceback" not in proc.stderr and "telemetry" not in proc.stderr
    counts = table_counts(tmp_path / "data" / "escmon.duckdb")
    assert counts["items"] > 100 and counts["runs"] == 1


def test_a_cycle_that_cannot_complete_exits_non_zero_and_is_recorded_as_failed(tmp_path):
    bad_taxonomy = tmp_path / "broken.yaml"
    bad_taxonomy.write_text("actors: [\n", encoding="utf-8")
    cfg = write_config(tmp_path, {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")}, rules=False,
                       extra=f'\n[pipeline]\ntaxonomy = "{bad_taxonomy}"\n')
    result = CliRunner().invoke(app, ["run", "--no-prefect", "--config", str(cfg)])
    assert result.exit_code == 1
    assert "cycle failed" in result.output and "broken.yaml" in result.output
    con = duckdb.connect(str(tmp_path / "data" / "escmon.duckdb"), read_only=True)
    try:
        status, errors = con.execute("SELECT status, errors FROM runs").fetchone()
    finally:
        con.close()
    assert status == "failed" and "broken.yaml" in errors
    # what was fetched is still staged: a fixed config loads it on the next cycle, nothing is lost
    fixed = write_config(tmp_path, {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")}, rules=False)
    report = run_cycle(load_settings(fixed))
    assert report.status == "completed" and report.items_loaded > 100


def test_escmon_run_gives_up_on_a_running_cycle_after_its_wait(tmp_path):
    cfg = write_config(tmp_path, {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")}, rules=False)
    lock = load_settings(cfg).warehouse.staging_dir.parent / ".escmon-cycle.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(  # another process in the middle of a cycle
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a+'); "
         "fcntl.flock(f.fileno(), fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)", str(lock)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = CliRunner().invoke(app, ["run", "--no-prefect", "--wait", "1", "--config", str(cfg)])
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert result.exit_code == 3
    assert "another escmon cycle" in result.output and "1s" in result.output
    assert not (tmp_path / "data" / "escmon.duckdb").exists(), "a cycle that did not run records nothing"
    assert CliRunner().invoke(app, ["run", "--no-prefect", "--quiet", "--config", str(cfg)]).exit_code == 0


def test_a_feed_backing_off_stays_unhealthy_and_an_outage_is_degraded(tmp_path, served_samples):
    _, feeds = served_samples
    cfg = write_config(tmp_path, {"Dead Feed": feeds["Dead Feed"]}, rules=False)
    first = run_cycle(load_settings(cfg))
    second = run_cycle(load_settings(cfg))  # within the back-off: the feed is skipped, not fetched
    assert (first.status, second.status) == ("degraded", "degraded")
    con = duckdb.connect(str(tmp_path / "data" / "escmon.duckdb"), read_only=True)
    try:
        row = con.execute("SELECT status, consecutive_failures, last_success_at, health FROM feed_health").fetchone()
        deadman = con.execute("SELECT count(*) FROM runs WHERE status = 'completed'").fetchone()[0]
    finally:
        con.close()
    assert row == ("error", 1, None, "degraded")
    assert deadman == 0, "an outage of every feed must not count as a completed cycle for the dead-man check"


def test_daily_views_count_utc_days_whatever_the_readers_time_zone(tmp_path):
    cfg = write_config(tmp_path, {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")}, rules=False)
    run_cycle(load_settings(cfg))
    counts = {}
    for zone in ("UTC", "America/Los_Angeles", "Asia/Kolkata"):
        con = duckdb.connect(str(tmp_path / "data" / "escmon.duckdb"), read_only=True)
        try:
            con.execute(f"SET TimeZone = '{zone}'")
            counts[zone] = con.execute("SELECT list(items ORDER BY day) FROM daily_escalation_index").fetchone()[0]
        finally:
            con.close()
    assert counts["UTC"] == counts["America/Los_Angeles"] == counts["Asia/Kolkata"]
