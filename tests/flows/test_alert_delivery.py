"""Alerts end to end: real cycles over the sample feeds, delivered by apprise `json://` to a real receiver.

The sample story plants an escalation spike on its last three days (2026-11-18..20); everything before is
calm, talks and a slow re-tension that must not fire.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.config import REPO_ROOT, load_settings
from flows.cycle import run_cycle
from tests.webhook import WebhookReceiver

SPIKE_DAYS = {"2026-11-18", "2026-11-19", "2026-11-20"}


def write_config(folder: Path, urls: list[str]) -> Path:
    """The repository's escmon.toml (its real alert rules) with the warehouse in `folder`."""
    text = (REPO_ROOT / "escmon.toml").read_text(encoding="utf-8")
    text = text.replace('url = "samples/', f'url = "{REPO_ROOT}/samples/')
    text = text.replace('path = "data/escmon.duckdb"', f'path = "{folder}/escmon.duckdb"')
    text = text.replace("urls = []", "urls = [" + ", ".join(f'"{u}"' for u in urls) + "]")
    path = folder / "escmon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def alert_rows(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT strftime(window_start, '%Y-%m-%d'), rule, severity, delivery_status, "
                           "delivery_attempts FROM alerts ORDER BY 1, 2").fetchall()
    finally:
        con.close()


@pytest.fixture(autouse=True)
def _prefect_env(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def test_planted_spike_is_delivered_once_and_a_down_receiver_gets_it_later(tmp_path):
    with WebhookReceiver() as hook:
        settings = load_settings(write_config(tmp_path, [hook.apprise_url("/hook", cto=2, rto=3)]))
        hook.down = True
        first = run_cycle(settings)
        assert first.status == "completed" and first.deliveries["failed"] == len(first.alerts) > 0
        rows = alert_rows(settings.warehouse.path)
        # only the planted spike fires: the calm stretch and the re-tension days stay quiet
        assert {day for day, *_ in rows} <= SPIKE_DAYS
        assert {"escalation-index-daily", "russia-daily"} <= {rule for _, rule, *_ in rows}
        assert all(status == "failed" and attempts == 1 for *_, status, attempts in rows)
        assert hook.payloads == [] and hook.refused == len(rows)

        hook.down = False
        second = run_cycle(settings)  # no new items: nothing re-fires, the owed alerts are retried
        assert second.status == "completed" and second.alerts == []
        assert second.deliveries == {"delivered": len(rows), "failed": 0, "deferred": 0}
        assert len(hook.payloads) == len(rows)
        assert all(status == "delivered" for *_, status, _ in alert_rows(settings.warehouse.path))

        third = run_cycle(settings)
        assert third.deliveries["delivered"] == 0 and len(hook.payloads) == len(rows)

    index = next(p for p in hook.payloads if "(escalation-index-daily)" in p["title"])
    assert index["title"].startswith("[CRITICAL] index escalation spike")
    assert index["type"] == "failure" and "2026-11-1" in index["title"]
    # the evidence: items with title, link and the sentence that showed the signal
    assert "https://" in index["message"] and '"' in index["message"]
    assert index["message"].count("\n- ") >= 3


def test_hung_receiver_cannot_stall_the_cycle(tmp_path):
    with WebhookReceiver() as hook:
        hook.hang_s = 30.0
        settings = load_settings(write_config(tmp_path, [hook.apprise_url("/hook", cto=1, rto=1)]))
        started = time.monotonic()
        report = run_cycle(settings)
        elapsed = time.monotonic() - started
    assert report.status == "completed" and report.deliveries["failed"] == len(report.alerts) > 0
    assert elapsed < 60  # one second per alert, not thirty
    assert {status for *_, status, _ in alert_rows(settings.warehouse.path)} == {"failed"}


def test_backtest_cli_prints_the_spike_and_writes_nothing(tmp_path):
    from flows.cli import app

    config = write_config(tmp_path, [])
    settings = load_settings(config)
    report = run_cycle(settings)  # no URL: alerts are logged and stay in the table
    rows = alert_rows(settings.warehouse.path)
    assert rows and {status for *_, status, _ in rows} == {"logged"} and len(report.alerts) == len(rows)
    before = settings.warehouse.snapshot_path.stat().st_mtime_ns

    result = CliRunner().invoke(app, ["alerts", "backtest", "--from", "2026-10-01", "--to", "2026-11-20",
                                      "-c", str(config)])
    assert result.exit_code == 0, result.output
    fired = [line for line in result.output.splitlines() if line.startswith("[")]
    assert len(fired) == len(rows) and all(any(day in line for day in SPIKE_DAYS) for line in fired)
    assert settings.warehouse.snapshot_path.stat().st_mtime_ns == before
    assert alert_rows(settings.warehouse.path) == rows

    quiet = CliRunner().invoke(app, ["alerts", "backtest", "--from", "2026-10-01", "--to", "2026-11-17",
                                     "-c", str(config)])
    assert quiet.exit_code == 0 and quiet.output.startswith("0 alerts would have fired")


def test_deadman_command_exits_non_zero_when_no_cycle_completed_recently(tmp_path):
    import typer

    from flows.cli_alerts import deadman_command

    app = typer.Typer()
    app.command()(deadman_command)
    config = write_config(tmp_path, [])
    run_cycle(load_settings(config))
    ok = CliRunner().invoke(app, ["-c", str(config)])
    assert ok.exit_code == 0 and ok.output.startswith("ok: last cycle completed")
    dead = CliRunner().invoke(app, ["-c", str(config), "--hours", "0.00001"])
    assert dead.exit_code == 1 and "no monitoring cycle completed" in dead.output
