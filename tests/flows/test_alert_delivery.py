"""Alerts end to end: real cycles over the sample feeds, delivered by apprise `json://` to a real receiver.

The sample story plants an escalation spike on its last three days (2026-11-18..20); before it come calm
days, a fortnight of talks with almost no escalation, and a re-tension whose escalation items grow from one
to four a day. Against the quiet fortnight the re-tension may warn (a build-up read off precise
classifications); the calm and the talks must never fire, and the spike must.
"""

from __future__ import annotations

import collections
import logging
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.config import REPO_ROOT, load_settings
from flows.cycle import run_cycle
from samples.generator import plan_days
from tests.webhook import WebhookReceiver
from warehouse.db import migrate, writer
from warehouse.delivery import deliver_pending, delivery_target

SPIKE_DAYS = {"2026-11-18", "2026-11-19", "2026-11-20"}
# Days of the re-tension stretch, from the samples' own story plan: the only days before the spike that may warn.
BUILD_UP_DAYS = {plan.day.isoformat() for plan in plan_days() if plan.phase == "retension"}


def write_config(folder: Path, urls: list[str], **notify: float) -> Path:
    """The repository's escmon.toml (its real alert rules) with the warehouse in `folder`; `notify` adds
    [notify] keys such as max_attempts."""
    text = (REPO_ROOT / "escmon.toml").read_text(encoding="utf-8")
    text = text.replace('url = "samples/', f'url = "{REPO_ROOT}/samples/')
    text = text.replace('path = "data/escmon.duckdb"', f'path = "{folder}/escmon.duckdb"')
    extra = "".join(f"\n{key} = {value}" for key, value in notify.items())
    text = text.replace("urls = []", "urls = [" + ", ".join(f'"{u}"' for u in urls) + "]" + extra)
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
        # the planted spike fires; before it only the re-tension may warn; the calm and the talks stay quiet
        assert {day for day, *_ in rows} <= SPIKE_DAYS | BUILD_UP_DAYS
        assert {"escalation-index-daily", "russia-daily"} <= {rule for day, rule, *_ in rows if day in SPIKE_DAYS}
        assert {severity for day, _, severity, *_ in rows if day not in SPIKE_DAYS} <= {"warning"}
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

    index = next(p for p in hook.payloads if "(escalation-index-daily)" in p["title"]
                 and any(day in p["title"] for day in SPIKE_DAYS))
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
    assert len(fired) == len(rows)
    assert all(any(day in line for day in SPIKE_DAYS | BUILD_UP_DAYS) for line in fired)
    assert any(day in line for day in SPIKE_DAYS for line in fired)
    assert settings.warehouse.snapshot_path.stat().st_mtime_ns == before
    assert alert_rows(settings.warehouse.path) == rows

    # the calm days and the fortnight of talks, up to the day before the re-tension begins, fire nothing
    calm_until = (date.fromisoformat(min(BUILD_UP_DAYS)) - timedelta(days=1)).isoformat()
    quiet = CliRunner().invoke(app, ["alerts", "backtest", "--from", "2026-10-01", "--to", calm_until,
                                     "-c", str(config)])
    assert quiet.exit_code == 0 and quiet.output.startswith("0 alerts would have fired")

    # scored against the samples' calendar: the planted spike is hit, on its day or ahead of it, and the
    # talks' opening draws no alert
    scored = CliRunner().invoke(app, ["alerts", "backtest", "--from", "2026-10-01", "--to", "2026-11-20",
                                      "--calendar", str(REPO_ROOT / "samples" / "known_events.csv"),
                                      "-c", str(config)])
    assert scored.exit_code == 0, scored.output
    together = next(line for line in scored.output.splitlines() if line.startswith("(any rule): "))
    assert together.startswith("(any rule): 1 hit, 0 missed (lead ")
    assert "around a de-escalation" not in scored.output
    assert "hit   2026-11-18 Sample story: the planted escalation spike: first alert 2026-11-1" in scored.output
    bad = tmp_path / "bad.csv"
    bad.write_text("date,label,kind\n2026-11-18,spike,[/x]\n", encoding="utf-8")
    refused = CliRunner().invoke(app, ["alerts", "backtest", "--from", "2026-10-01", "--to", "2026-11-20",
                                       "--calendar", str(bad), "-c", str(config)])
    assert refused.exit_code == 2 and "line 2: kind '[/x]'" in refused.output


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


# ------------------------------------------------------------------ per-target delivery and retry bounds

def target_rows(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT target, status, attempts, last_error FROM alert_deliveries "
                           "ORDER BY alert_id, target").fetchall()
    finally:
        con.close()


def titles(hook: WebhookReceiver) -> collections.Counter:
    return collections.Counter(p["title"] for p in hook.payloads)


def test_one_receiver_down_the_healthy_one_receives_each_alert_exactly_once(tmp_path):
    with WebhookReceiver() as healthy, WebhookReceiver() as flaky:
        # a token in the path, as real webhooks carry one: it must never reach the warehouse
        urls = [healthy.apprise_url("/hook/tok-healthy", cto=2, rto=3),
                flaky.apprise_url("/hook/tok-flaky", cto=2, rto=3)]
        settings = load_settings(write_config(tmp_path, urls))
        flaky.down = True
        first = run_cycle(settings)
        n = len(first.alerts)
        assert n > 0 and first.deliveries == {"delivered": n, "failed": n, "deferred": 0}
        assert len(healthy.payloads) == n and len(set(titles(healthy))) == n and flaky.refused == n
        rows = alert_rows(settings.warehouse.path)
        assert all(status == "failed" and attempts == 1 for *_, status, attempts in rows)
        con = duckdb.connect(str(settings.warehouse.path), read_only=True)
        errors = [r[0] for r in con.execute("SELECT last_delivery_error FROM alerts").fetchall()]
        con.close()
        # the overall error names the receiver that failed, not the healthy one
        assert all(e.startswith(delivery_target(urls[1]) + ": apprise notify() returned False") for e in errors)

        flaky.down = False
        second = run_cycle(settings)  # only the receiver that missed them is sent the owed alerts
        assert second.deliveries == {"delivered": n, "failed": 0, "deferred": 0}
        assert titles(flaky) == titles(healthy) and set(titles(healthy).values()) == {1}
        assert {status for *_, status, _ in alert_rows(settings.warehouse.path)} == {"delivered"}
        assert [(a, s) for _, _, _, s, a in alert_rows(settings.warehouse.path)] == [(2, "delivered")] * n

        third = run_cycle(settings)
        assert third.deliveries == {"delivered": 0, "failed": 0, "deferred": 0}
        assert len(healthy.payloads) == len(flaky.payloads) == n

    stored = target_rows(settings.warehouse.path)
    assert {(target, status) for target, status, _, _ in stored} == \
        {(delivery_target(urls[0]), "delivered"), (delivery_target(urls[1]), "delivered")}
    assert "tok-" not in repr(stored) and "tok-" not in repr(alert_rows(settings.warehouse.path))


def test_a_receiver_down_beyond_max_attempts_is_abandoned_and_never_sent_again(tmp_path, caplog):
    from flows.cli import app

    with WebhookReceiver() as healthy, WebhookReceiver() as dead:
        urls = [healthy.apprise_url("/hook", cto=2, rto=3), dead.apprise_url("/hook", cto=2, rto=3)]
        config = write_config(tmp_path, urls, max_attempts=2)
        settings = load_settings(config)
        assert settings.notify.max_attempts == 2 and settings.notify.max_age_hours == 24.0
        dead.down = True
        n = len(run_cycle(settings).alerts)
        assert n > 0 and dead.refused == n
        with caplog.at_level(logging.WARNING, logger="warehouse.delivery"):
            second = run_cycle(settings)  # the second failure reaches the bound
        assert second.deliveries == {"delivered": 0, "failed": 0, "deferred": 0, "abandoned": n}
        assert dead.refused == 2 * n and "alert delivery abandoned" in caplog.text
        third = run_cycle(settings)
        assert third.deliveries == {"delivered": 0, "failed": 0, "deferred": 0}
        assert dead.refused == 2 * n and len(healthy.payloads) == n and set(titles(healthy).values()) == {1}

    by_target = {(target, status, attempts) for target, status, attempts, _ in target_rows(settings.warehouse.path)}
    assert by_target == {(delivery_target(urls[0]), "delivered", 1), (delivery_target(urls[1]), "abandoned", 2)}
    assert [(s, a) for *_, s, a in alert_rows(settings.warehouse.path)] == [("abandoned", 2)] * n

    listed = CliRunner().invoke(app, ["alerts", "-c", str(config), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert listed.output.count('"delivery": "abandoned"') == n
    assert listed.output.count('"targets": "abandoned 1, delivered 1"') == n
    assert listed.output.count("gave up after 2 failed attempts") == n


def test_an_alert_older_than_max_age_hours_is_not_sent(tmp_path):
    with WebhookReceiver() as hook:
        settings = load_settings(write_config(tmp_path, [hook.apprise_url("/hook", cto=2, rto=3)]))
        hook.down = True
        n = len(run_cycle(settings).alerts)
        assert n > 0 and hook.refused == n
        con = duckdb.connect(str(settings.warehouse.path))
        con.execute("UPDATE alerts SET created_at = created_at - INTERVAL 25 HOUR")  # a day goes by
        con.close()
        hook.down = False
        report = run_cycle(settings)
        assert report.deliveries == {"delivered": 0, "failed": 0, "deferred": 0, "abandoned": n}
        assert hook.payloads == [] and hook.refused == n
    assert [(s, a) for *_, s, a in alert_rows(settings.warehouse.path)] == [("abandoned", 1)] * n
    assert all("h old (max_age_hours 24)" in error for *_, error in target_rows(settings.warehouse.path))


V3_ALERTS = (  # (id, status, attempts): as a warehouse at schema version 3 recorded them
    ("a-delivered", "delivered", 1), ("a-failed", "failed", 2), ("a-worn-out", "failed", 5),
    ("a-replayed", "replayed", 0))


def make_v3_warehouse(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        assert migrate(con, target=3)[-1] == "003_alert_backlog"
        for n, (alert_id, status, attempts) in enumerate(V3_ALERTS):
            con.execute("INSERT INTO alerts (alert_id, rule, indicator, window_kind, window_start, window_end, "
                        "observed, signal_count, score, severity, evidence, created_at, delivery_status, "
                        "delivery_attempts, delivered_at) VALUES (?, 'r', 'index', 'day', ?, ?, 9.0, 12, 7.5, "
                        "'critical', '[]', now() - INTERVAL 2 HOUR, ?, ?, ?)",
                        [alert_id, datetime(2026, 11, 10 + n, tzinfo=UTC), datetime(2026, 11, 11 + n, tzinfo=UTC),
                         status, attempts, datetime.now(UTC) if status == "delivered" else None])
    finally:
        con.close()


def test_migrating_from_version_3_keeps_delivered_alerts_delivered(tmp_path):
    path = tmp_path / "w.duckdb"
    make_v3_warehouse(path)
    with WebhookReceiver() as hook, writer(path, timeout_s=1) as con:  # migrates 3 -> head, as a cycle does
        legacy = con.execute("SELECT alert_id, target, status, attempts FROM alert_deliveries "
                             "ORDER BY alert_id").fetchall()
        assert legacy == [("a-delivered", "legacy", "delivered", 1), ("a-failed", "legacy", "failed", 2),
                          ("a-worn-out", "legacy", "failed", 5)]
        counts = deliver_pending(con, [hook.apprise_url("/hook", cto=2, rto=3)], max_attempts=5)
        # only the owed alert is sent; the one that failed five times before counts as worn out
        assert counts == {"delivered": 1, "failed": 0, "deferred": 0, "abandoned": 1}
        assert len(hook.payloads) == 1 and "2026-11-11" in hook.payloads[0]["title"]
        rows = con.execute("SELECT alert_id, delivery_status, delivery_attempts FROM alerts "
                           "ORDER BY alert_id").fetchall()
        assert deliver_pending(con, [hook.apprise_url("/hook", cto=2, rto=3)]) == \
            {"delivered": 0, "failed": 0, "deferred": 0}
    assert rows == [("a-delivered", "delivered", 1), ("a-failed", "delivered", 3),
                    ("a-replayed", "replayed", 0), ("a-worn-out", "abandoned", 5)]
    assert len(hook.payloads) == 1


def test_delivery_targets_name_receivers_without_their_secrets():
    secret_urls = ["json://user:pa55word@127.0.0.1:8080/hook/tok-abc", "tgram://123456:SECRETBOT/987",
                   "slack://TA/TB/TCSECRET", "mailto://me:pa55word@mail.example.org"]
    names = [delivery_target(u) for u in secret_urls]
    assert names[0].startswith("json://127.0.0.1:8080#") and names[1].startswith("tgram#")
    assert not any(s in name for name in names for s in ("pa55word", "tok-abc", "SECRETBOT", "TCSECRET", "user"))
    assert len(set(names)) == len(names)  # two receivers on one host are still two targets
    assert delivery_target("json://127.0.0.1:8080/a") != delivery_target("json://127.0.0.1:8080/b")
    assert delivery_target(secret_urls[0]) == names[0]  # stable across cycles
