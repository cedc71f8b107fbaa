"""Alert rules over a real DuckDB warehouse filled with synthetic history at real news volumes.

No pipeline here: tests/warehouse/history.py writes the rows the loader would write, so thresholds are
checked against tens of items a day with a handful about the crisis, not only against the sample story.
"""

from __future__ import annotations

import collections
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from flows.config import REPO_ROOT, ConfigError, load_settings, parse_settings
from schemas.settings import AlertRule
from tests.warehouse.history import History, real_volume_days
from warehouse.alerts import (
    Alert,
    backtest,
    deadman_alert,
    deadman_message,
    evaluate_rules,
    spike_windows,
)
from warehouse.db import open_reader, writer
from warehouse.delivery import deliver_pending, pending_alerts

DEFAULT_RULES = load_settings(REPO_ROOT / "escmon.toml").alerts.rules
START = date(2026, 1, 1)
NOISE_DAYS = 182  # 26 weeks


def utc(d: date, hour: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=UTC)


@pytest.fixture
def con(tmp_path: Path):
    with writer(tmp_path / "w.duckdb") as c:
        yield c


def rule(**kw) -> AlertRule:
    base = {"name": "idx", "indicator": "index", "min_count": 4, "warning_z": 3.0, "critical_z": 5.0,
            "cooldown_hours": 48.0}
    return AlertRule(**(base | kw))


def flat_history(con: duckdb.DuckDBPyConnection, days: int = 21, crisis: int = 3, seed: int = 1) -> History:
    h = History(seed=seed)
    for offset in range(days):
        h.day(START + timedelta(days=offset), crisis, 20)
    h.write(con)
    return h


# ----------------------------------------------------------------------------- real volumes

def test_noise_at_real_volumes_does_not_flood(con):
    """Half a year of noise (30 items/day, ~3 about the crisis, overdispersed): at most one alert per rule
    per three weeks (the brief allows one per two; measured 7 and 6 in 24 weeks, see docs/alerts.md)."""
    h = History(seed=11)
    real_volume_days(h, START, NOISE_DAYS)
    h.write(con)
    result = backtest(con, DEFAULT_RULES, utc(START + timedelta(days=14)), utc(START + timedelta(days=NOISE_DAYS)))
    per_rule = collections.Counter(a.rule for a in result.fired)
    weeks = (NOISE_DAYS - 14) / 7
    assert all(n <= weeks / 3 for n in per_rule.values()), per_rule
    assert sum(a.severity == "critical" for a in result.fired) <= 2


@pytest.mark.parametrize("factor", [3.5, 4.0])
def test_a_real_jump_fires_with_its_evidence(con, factor):
    """A weekday with 3.5-4x the usual crisis items fires the index; at 4x (all about Russia) the actor rule too."""
    h = History(seed=0)
    jump = date(2026, 2, 11)  # a Wednesday; the noise gives it ~3 crisis items like any weekday
    real_volume_days(h, START, (jump - START).days + 1)
    h.day(jump, round(3 * (factor - 1)), 0, title="Troops mass at the border", russia_share=1.0)
    h.write(con)
    fired = evaluate_rules(con, DEFAULT_RULES, utc(jump), utc(jump, 23), batch_id="b1")
    expected = {"escalation-index-daily", "russia-daily"} if factor >= 4 else {"escalation-index-daily"}
    assert expected <= {a.rule for a in fired}
    index = next(a for a in fired if a.rule == "escalation-index-daily")
    assert index.window_start == utc(jump) and index.story_count >= 9
    assert index.observed >= 3 * index.baseline_mean
    assert any(e["title"].startswith("Troops mass") for e in index.evidence)
    assert all(e["link"] and e["evidence"] for e in index.evidence)


def test_quiet_history_fires_nothing(con):
    flat_history(con, days=40)
    assert evaluate_rules(con, DEFAULT_RULES, utc(START), utc(START + timedelta(days=40))) == []
    assert con.execute("SELECT count(*) FROM alerts").fetchone()[0] == 0


def test_a_fresh_warehouse_without_baseline_stays_silent(con):
    """Day one of a real deployment: the feeds hold two days, the second busy. No baseline, no alert."""
    h = History(seed=2)
    h.day(START, 3, 20)
    h.day(START + timedelta(days=1), 15, 20)
    h.write(con)
    assert spike_windows(con, rule(), utc(START), utc(START + timedelta(days=1))) == []


def test_days_without_any_item_are_gaps_not_zeros(con):
    """A feed outage (no items at all) must not pull the baseline to zero and make normal days spikes."""
    h = History(seed=3)
    for offset in range(30):
        d = START + timedelta(days=offset)
        if offset < 8 or offset >= 22:  # a two-week outage in the middle
            h.day(d, 5, 20)
    h.write(con)
    assert spike_windows(con, rule(), utc(START + timedelta(days=22)), utc(START + timedelta(days=29))) == []


def test_one_article_with_many_signals_counts_once(con):
    """Five escalation signals in one article are one item: evidence lists it once, the value counts it once."""
    h = flat_history(con, days=20)
    day = START + timedelta(days=20)
    h.item(day, 1, "One loud article", ["troop_buildup"] * 5, russia=True)
    h.day(day, 2, 20)
    h.write(con)
    loose = rule(min_count=1).model_copy(update={"warning_z": -100.0})  # below any config's floor: every window
    [window] = spike_windows(con, loose, utc(day), utc(day))
    assert window["story_count"] == 3 and window["signal_count"] >= 7
    assert window["observed"] <= 3.0  # item_cap 1.0: each item counts at most 1
    [alert] = evaluate_rules(con, [loose], utc(day), utc(day))
    titles = [e["title"] for e in alert.evidence]
    assert titles.count("One loud article") == 1 and len(titles) == len(set(titles)) == 3
    loud = next(e for e in alert.evidence if e["title"] == "One loud article")
    assert loud["signals"] == 5 and loud == alert.evidence[0]


# ------------------------------------------------------------------ keys, cooldown, upgrades

def spike_day(con, h: History, d: date, crisis: int) -> None:
    h.day(d, crisis, 20, title=f"Spike {crisis}")
    h.write(con)


def test_rerun_never_refires_the_same_window(con):
    h = flat_history(con)
    day = START + timedelta(days=21)
    spike_day(con, h, day, 14)
    first = evaluate_rules(con, [rule()], utc(day), utc(day), "b1")
    again = evaluate_rules(con, [rule()], utc(day), utc(day), "b2")
    assert len(first) == 1 and again == []
    assert con.execute("SELECT count(*), any_value(batch_id) FROM alerts").fetchone() == (1, "b1")


def test_severity_upgrade_in_the_same_window_is_delivered_once_more(con):
    h = flat_history(con)
    day = START + timedelta(days=21)
    spike_day(con, h, day, 10)  # a warning ...
    [first] = evaluate_rules(con, [rule()], utc(day), utc(day), "b1")
    assert first.severity == "warning"
    deliver_pending(con, [], sender=lambda a: (True, None))
    spike_day(con, h, day, 12)  # ... later items the same day make it critical
    [upgraded] = evaluate_rules(con, [rule()], utc(day), utc(day), "b2")
    assert upgraded.severity == "critical" and upgraded.alert_id == first.alert_id
    assert [a.severity for a in pending_alerts(con)] == ["critical"]
    sent = []
    deliver_pending(con, [], sender=lambda a: (sent.append(a) or True, None))
    assert len(sent) == 1 and evaluate_rules(con, [rule()], utc(day), utc(day), "b3") == []
    assert pending_alerts(con) == []


def test_cooldown_holds_back_equal_severity_but_never_a_higher_one(con):
    h = flat_history(con, days=28)
    d1, d2, d3 = (START + timedelta(days=n) for n in (28, 29, 30))
    spike_day(con, h, d1, 10)
    spike_day(con, h, d2, 10)
    spike_day(con, h, d3, 30)
    fired = evaluate_rules(con, [rule()], utc(d1), utc(d3), "b1")
    assert [(a.window_start, a.severity) for a in fired] == [(utc(d1), "warning"), (utc(d3), "critical")]
    # the backtest applies the same cooldown in memory
    replay = backtest(con, [rule()], utc(d1), utc(d3))
    assert [(a.window_start, a.severity) for a in replay.fired] == [(utc(d1), "warning"), (utc(d3), "critical")]
    assert [a.window_start for a in replay.suppressed] == [utc(d2)]


def test_a_doubling_the_day_after_a_critical_alert_fires_as_an_upgrade(con):
    """The cooldown held back "critical again" on the day of the invasion; 2x the last alert's value is news."""
    h = flat_history(con, days=28)
    d1, d2, d3 = (START + timedelta(days=n) for n in (28, 29, 30))
    spike_day(con, h, d1, 14)
    spike_day(con, h, d2, 28)  # twice the critical day's items
    spike_day(con, h, d3, 28)  # the same level again, still inside the cooldown
    fired = evaluate_rules(con, [rule()], utc(d1), utc(d3), "b1")
    assert [(a.window_start, a.severity) for a in fired] == [(utc(d1), "critical"), (utc(d2), "critical")]
    first, upgrade = fired
    assert first.note is None and upgrade.observed >= 2 * first.observed
    assert upgrade.note.startswith(f"upgrades the critical alert of {d1} 00:00 UTC ({first.observed:.1f}): ")
    # the note is stored, so the delivered message says what it upgrades
    assert [a.note for a in pending_alerts(con)] == [None, upgrade.note]
    assert "upgrades the critical alert" in pending_alerts(con)[1].headline()
    replay = backtest(con, [rule()], utc(d1), utc(d3))
    assert [(a.window_start, a.note) for a in replay.fired] == [(utc(d1), None), (utc(d2), upgrade.note)]
    assert [a.window_start for a in replay.suppressed] == [utc(d3)]
    # with a higher upgrade_ratio the doubling is a repeat
    strict = rule(name="strict", upgrade_ratio=3.0)
    assert [a.window_start for a in backtest(con, [strict], utc(d1), utc(d3)).fired] == [utc(d1)]


def test_backtest_writes_nothing_and_runs_on_a_read_only_snapshot(tmp_path):
    path = tmp_path / "w.duckdb"
    with writer(path) as c:
        h = flat_history(c)
        spike_day(c, h, START + timedelta(days=21), 14)
    ro = open_reader(path)
    try:
        result = backtest(ro, [rule()], utc(START), utc(START + timedelta(days=21)))
        assert [a.severity for a in result.fired] == ["critical"]
        assert ro.execute("SELECT count(*) FROM alerts").fetchone()[0] == 0
    finally:
        ro.close()


# ------------------------------------------------------------------------------- delivery

def test_failed_delivery_is_recorded_and_retried_next_cycle(con):
    h = flat_history(con)
    spike_day(con, h, START + timedelta(days=21), 14)
    evaluate_rules(con, [rule()], utc(START), utc(START + timedelta(days=21)))
    assert deliver_pending(con, ["json://x"], sender=lambda a: (False, "receiver down")) == \
        {"delivered": 0, "failed": 1, "deferred": 0}
    row = con.execute("SELECT delivery_status, delivery_attempts, last_delivery_error FROM alerts").fetchone()
    assert row == ("failed", 1, "receiver down")
    assert deliver_pending(con, ["json://x"], sender=lambda a: (True, None))["delivered"] == 1
    assert deliver_pending(con, ["json://x"], sender=lambda a: (True, None))["delivered"] == 0
    assert con.execute("SELECT delivery_status, delivery_attempts FROM alerts").fetchone() == ("delivered", 2)


def test_a_sender_that_raises_never_fails_the_cycle(con):
    h = flat_history(con)
    spike_day(con, h, START + timedelta(days=21), 14)
    evaluate_rules(con, [rule()], utc(START), utc(START + timedelta(days=21)))

    def boom(alert: Alert):
        raise RuntimeError("plugin bug")

    assert deliver_pending(con, ["json://x"], sender=boom)["failed"] == 1
    assert "plugin bug" in con.execute("SELECT last_delivery_error FROM alerts").fetchone()[0]


def test_no_url_logs_the_alert_and_keeps_it(con, caplog):
    h = flat_history(con)
    spike_day(con, h, START + timedelta(days=21), 14)
    evaluate_rules(con, [rule()], utc(START), utc(START + timedelta(days=21)))
    assert deliver_pending(con, [])["delivered"] == 1
    assert "escalation spike" in caplog.text
    assert con.execute("SELECT delivery_status FROM alerts").fetchone()[0] == "logged"


def test_delivery_budget_leaves_the_rest_pending(con):
    h = flat_history(con, days=28)
    for n in (28, 31):
        spike_day(con, h, START + timedelta(days=n), 14)
    assert len(evaluate_rules(con, [rule()], utc(START), utc(START + timedelta(days=31)))) == 2
    counts = deliver_pending(con, ["json://x"], budget_s=0.0, sender=lambda a: (True, None))
    assert counts == {"delivered": 0, "failed": 0, "deferred": 2}
    assert con.execute("SELECT sum(delivery_attempts) FROM alerts").fetchone()[0] == 0


# ------------------------------------------------------------------------------- dead man

def test_deadman_message_and_alert(con):
    now = datetime(2026, 11, 20, 12, 30, tzinfo=UTC)
    assert deadman_message(None, 6) == "no monitoring cycle has ever completed"
    assert deadman_message(now - timedelta(hours=2), 6, now) is None
    assert "7.0 h" in deadman_message(now - timedelta(hours=7), 6, now)
    assert deadman_alert(con, 6, now) is None  # no run ever: a new warehouse, not a dead one
    con.execute("INSERT INTO runs (run_id, started_at, finished_at, status) VALUES ('r1', ?, ?, 'completed')",
                [now - timedelta(hours=8), now - timedelta(hours=7)])
    alert = deadman_alert(con, 6, now)
    assert alert is not None and alert.severity == "critical" and "7.0 h" in alert.evidence[0]["title"]
    assert deadman_alert(con, 6, now + timedelta(minutes=10)) is None  # once per hour


# ----------------------------------------------------------------------------------- config

def test_rule_config_validation(tmp_path):
    ok = {"rules": [{"name": "a", "indicator": "actor:RUS", "method": "zscore", "item_cap": 2,
                     "min_ratio": 1.5}]}
    settings = parse_settings({"alerts": ok}, tmp_path / "c.toml")
    assert settings.alerts.rules[0].method == "zscore" and settings.alerts.rules[0].item_cap == 2.0
    for bad, message in [({"method": "mean"}, "method: must be 'robust', 'zscore', 'buildup' or 'cusum'"),
                         ({"item_cap": 0}, "item_cap"), ({"min_count": 0}, "min_count: must be >= 1"),
                         ({"warning_z": 0}, "warning_z"), ({"upgrade_ratio": 1.0}, "upgrade_ratio: must be > 1")]:
        rules = [{"name": "a", "indicator": "index"} | bad]
        with pytest.raises(ConfigError, match=message):
            parse_settings({"alerts": {"rules": rules}}, tmp_path / "c.toml")
    with pytest.raises(ConfigError, match="deadman_hours"):
        parse_settings({"alerts": {"deadman_hours": 0}}, tmp_path / "c.toml")


def test_zscore_method_also_detects_a_jump(con):
    h = flat_history(con)
    day = START + timedelta(days=21)
    spike_day(con, h, day, 14)
    [w] = spike_windows(con, rule(method="zscore"), utc(day), utc(day))
    assert w["score"] >= 5 and w["baseline"] == pytest.approx(w["baseline_mean"])
    assert json.dumps(w, default=str)


# ------------------------------------------------------------------------------- stories, sources

def spike_items(con, h: History, d: date, crisis: int) -> list[str]:
    """Write a spike day and return the ids of its crisis items."""
    h.day(d, crisis, 20, title="Told")
    ids = [row["item_id"] for row in h.items if row["title"].startswith("Told")]
    h.write(con)
    return ids


def test_one_story_retold_by_every_outlet_counts_once(con):
    h = flat_history(con)
    day = START + timedelta(days=21)
    ids = spike_items(con, h, day, 14)
    assert [a.story_count for a in evaluate_rules(con, [rule()], utc(day), utc(day), None)] == [14]
    con.execute("DELETE FROM alerts")
    # the loader then learns the fourteen items are one event told five times over by each outlet
    story = ids[0]
    for item_id in ids:
        con.execute("INSERT INTO item_stories SELECT ?, ?, 'outlet-' || ?, NULL, NULL, NULL, now(), published "
                    "FROM items WHERE item_id = ?", [item_id, story, item_id[:1], item_id])
    value, stories, sources = con.execute(
        "SELECT value, n_stories, len(sources) FROM indicator_series('index', '', ?, ?, 86400, 1.0)",
        [utc(day), utc(day + timedelta(days=1))]).fetchone()
    assert (value, stories) == (1.0, 1) and sources == len({i[:1] for i in ids})
    assert evaluate_rules(con, [rule()], utc(day), utc(day), None) == []  # one story is not a spike of 14


def test_critical_needs_two_independent_sources(con):
    h = flat_history(con)
    day = START + timedelta(days=21)
    ids = spike_items(con, h, day, 14)
    [loud] = evaluate_rules(con, [rule()], utc(day), utc(day), None)
    assert loud.severity == "critical" and loud.source_count >= 2
    con.execute("DELETE FROM alerts")
    # the same fourteen stories, all from one outlet (each its own story; the rest copies of nothing)
    con.execute("UPDATE items SET feed_name = 'Only Outlet' WHERE list_contains(?, item_id)", [ids])
    [held] = evaluate_rules(con, [rule()], utc(day), utc(day), None)
    assert held.severity == "warning" and held.source_count == 1
    assert "held at warning: 1 independent source(s), critical needs 2" in held.note
    [single] = evaluate_rules(con, [rule(name="one-will-do", critical_min_sources=1)], utc(day), utc(day), None)
    assert single.severity == "critical"
