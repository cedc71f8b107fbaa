"""Alert rules as SQL over warehouse history, keyed so a window fires once (delivery: warehouse/delivery.py).

Spike and build-up detection live in sql/spike_windows.sql and sql/buildup_windows.sql so they can be read
and tested; this module only runs them per rule, words a build-up (since when, by how much), applies the
cooldown (never to an upgrade) and stores the alert under its deterministic key (rule, indicator, window).
`backtest` replays the same test and the same cooldown in memory, so tuning on a read-only snapshot shows
exactly what a cycle would fire.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

from schemas.alerts import BUILDUP_NOTE, Alert
from schemas.settings import AlertRule
from schemas.status import Severity
from warehouse.db import sql_text
from warehouse.warehouse import query

WINDOW_SECONDS = {"hour": 3600, "day": 86400}
SEVERITY_RANK = {Severity.WARNING: 1, Severity.CRITICAL: 2}
EVIDENCE_ITEMS = 5
DRIVERS_PER_DIMENSION = 3  # categories and actors named in an alert: the main causes, not a table
# CUSUM reference k, in spreads: drift below half a spread per window is not accumulated, the classic choice
# for detecting a shift of about one spread (smaller k reacts to less but fires on noise sooner).
CUSUM_SLACK = 0.5


@dataclass(frozen=True)
class PriorAlert:
    """What a rule already fired inside the cooldown: the highest severity, and the latest alert."""

    max_rank: int
    severity: str
    observed: float
    window_start: datetime


@dataclass(frozen=True)
class BacktestResult:
    """What the rules would have fired over a period, and what the cooldown would have held back."""

    fired: list[Alert]
    suppressed: list[Alert]


def alert_key(rule: str, indicator: str, window_start: datetime) -> str:
    return hashlib.sha256(f"{rule}\x1f{indicator}\x1f{window_start.isoformat()}".encode()).hexdigest()[:32]


def _indicator_params(rule: AlertRule) -> dict[str, Any]:
    return {"kind": rule.kind, "key": rule.key or ""}


# ------------------------------------------------------------------------------------ detection

def spike_params(rule: AlertRule, start: datetime, end: datetime) -> dict[str, Any]:
    """Bind a rule to sql/spike_windows.sql; at least half the baseline must have been observed."""
    w = WINDOW_SECONDS[rule.window]
    baseline_windows = rule.baseline_days * 86400 // w
    return {**_indicator_params(rule), "w": w, "span": baseline_windows * w,
            "min_baseline": math.ceil(baseline_windows / 2),
            "from_epoch": int(start.timestamp()) // w * w, "to_epoch": int(end.timestamp()) // w * w,
            "method": rule.method, "min_count": rule.min_count, "min_value": rule.min_value,
            "min_ratio": rule.min_ratio, "warning_z": rule.warning_z, "item_cap": rule.item_cap}


def spike_windows(con: duckdb.DuckDBPyConnection, rule: AlertRule, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    """Windows touching [start, end] where the rule's test passes (read-only)."""
    return query(con, "spike_windows", spike_params(rule, start, end))


def alert_evidence(con: duckdb.DuckDBPyConnection, rule: AlertRule, start: datetime, end: datetime,
                   limit: int = EVIDENCE_ITEMS) -> list[dict[str, Any]]:
    """The stories that drove a window, one entry per story (its strongest item, with the story's items,
    independent sources and outlets), as JSON-ready dicts."""
    rows = query(con, "alert_evidence", {**_indicator_params(rule), "start": start, "end": end, "limit": limit})
    return [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.items()} for r in rows]


def alert_drivers(con: duckdb.DuckDBPyConnection, rule: AlertRule, start: datetime, end: datetime,
                  baseline_days: int, limit: int = DRIVERS_PER_DIMENSION) -> list[dict[str, Any]]:
    """The categories and actors whose weight per window rose most in [start, end) against the
    `baseline_days` before `start`: what an analyst asks first about an alert."""
    w = WINDOW_SECONDS[rule.window]
    recent = max((end - start).total_seconds() / w, 1.0)
    return query(con, "alert_drivers", {
        **_indicator_params(rule), "start": start, "end": end, "base_start": start - timedelta(days=baseline_days),
        "recent_windows": recent, "base_windows": baseline_days * 86400 / w, "limit": limit,
        "item_cap": rule.item_cap})


def severity_of(rule: AlertRule, score: float, sources: int) -> tuple[Severity, str | None]:
    """(severity, why it was held back): critical needs `critical_z` and `critical_min_sources` independent
    outlets, so one outlet's story, however loud, pages no one at night."""
    if score < rule.critical_z:
        return Severity.WARNING, None
    if sources < rule.critical_min_sources:
        return Severity.WARNING, (f"held at warning: {sources} independent source(s), critical needs "
                           f"{rule.critical_min_sources}")
    return Severity.CRITICAL, None


def buildup_params(rule: AlertRule, start: datetime, end: datetime) -> dict[str, Any]:
    """Bind a build-up rule to sql/buildup_windows.sql; at least half of each period must have been observed."""
    w = WINDOW_SECONDS[rule.window]
    recent, baseline = rule.recent_days * 86400 // w, rule.baseline_days * 86400 // w
    return {**_indicator_params(rule), "w": w, "span": (recent + baseline) * w, "recent_span": recent * w,
            "min_baseline": math.ceil(baseline / 2), "min_recent": math.ceil(recent / 2),
            "from_epoch": int(start.timestamp()) // w * w, "to_epoch": int(end.timestamp()) // w * w,
            "min_count": rule.min_count, "min_value": rule.min_value, "min_ratio": rule.min_ratio,
            "warning_z": rule.warning_z, "item_cap": rule.item_cap}


def buildup_windows(con: duckdb.DuckDBPyConnection, rule: AlertRule, start: datetime, end: datetime
                    ) -> list[dict[str, Any]]:
    """Days in [start, end] whose recent level passes the rule's build-up test (read-only)."""
    return query(con, "buildup_windows", buildup_params(rule, start, end))


def cusum_params(rule: AlertRule, start: datetime, end: datetime) -> dict[str, Any]:
    """Bind a rule to sql/cusum_inputs.sql: the sum starts one baseline before `start`, warmed up."""
    params = spike_params(rule, start - timedelta(days=rule.baseline_days), end)
    return {k: params[k] for k in ("kind", "key", "w", "span", "min_baseline", "from_epoch", "to_epoch",
                                   "item_cap")}


def cusum_windows(con: duckdb.DuckDBPyConnection, rule: AlertRule, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    """Windows in [start, end] where a one-sided CUSUM of the standardised excess over the trailing baseline
    reaches `warning_z`: small rises, none of them a spike, add up (a sequential change detector). The run
    (since the sum last left zero) must hold `min_count` stories, its mean value `min_ratio` x the centre."""
    rows = query(con, "cusum_inputs", cusum_params(rule, start, end))
    total, run, out = 0.0, [], []
    for row in rows:
        total = max(0.0, total + (row["value"] - row["centre"]) / row["spread"] - CUSUM_SLACK)
        run = [*run, row] if total > 0 else []
        if not run or row["window_start"] < start or total < rule.warning_z:
            continue
        stories = sum(r["n_stories"] for r in run)
        level = sum(r["value"] for r in run) / len(run)
        centre = run[0]["centre"]
        if (stories < rule.min_count or row["value"] < rule.min_value
                or (centre > 0 and level < rule.min_ratio * centre)):
            continue
        out.append({"window_start": row["window_start"], "window_end": row["window_end"], "observed": level,
                    "story_count": stories, "signal_count": sum(r["n_signals"] for r in run),
                    "source_count": len({s for r in run for s in r["sources"]}), "baseline": centre,
                    "spread": run[0]["spread"], "score": total, "recent_start": run[0]["window_start"],
                    "windows": len(run)})
    return out


def cusum_note(window: dict[str, Any], rule: AlertRule) -> str:
    """How long the sequential sum has run and how far the level rose, with the threshold it crossed."""
    per = "an hour" if rule.window == "hour" else "a day"
    before, now = float(window["baseline"]), float(window["observed"])
    change = f"+{(now / before - 1) * 100:.0f}%" if before > 0 else "from nothing"
    return (f"{BUILDUP_NOTE} for {window['windows']} {rule.window}s since {window['recent_start']:%Y-%m-%d %H:%M}: "
            f"{before:.1f} -> {now:.1f} {per} ({change}; CUSUM {window['score']:.1f} >= {rule.warning_z:g})")


def rise_start(history: Sequence[dict[str, Any]], centre: float, level: float) -> int | None:
    """Epoch of the first day of the current rise, None when nothing ends above the centre.

    The change point of a shift from `centre` to `level`: the start of the run of days, ending with the
    latest, whose excess over the midway reference (centre + half the shift) sums highest. A CUSUM against
    the centre itself drifts upward through a quiet but skewed baseline (mostly nothing, now and then a
    busy day) and dated build-ups back to the first day of history; against the midway value a quiet day
    counts against the rise and a day at the new level for it."""
    reference = centre + max(level - centre, 0.0) / 2
    total, best, start = 0.0, 0.0, None
    for day in reversed(history):
        total += float(day["value"]) - reference
        if total > best:
            best, start = total, int(day["ws"])
    return start


def buildup_note(window: dict[str, Any]) -> str:
    """How long the rise has lasted and by how much, in words an analyst can check against the series."""
    began = rise_start(window["history"], float(window["baseline"]), float(window["observed"]))
    first = datetime.fromtimestamp(began, UTC) if began is not None else window["recent_start"]
    days = max(1, round((window["window_end"] - first).total_seconds() / 86400))
    before, now = float(window["baseline"]), float(window["observed"])
    change = f"+{(now / before - 1) * 100:.0f}%" if before > 0 else "from nothing"
    return (f"{BUILDUP_NOTE} for {days} days since {first:%Y-%m-%d}: {before:.1f} -> {now:.1f} a day ({change}; "
            f"median day of the last {window['recent_windows']} against the {window['baseline_windows']} before)")


def candidate_alerts(con: duckdb.DuckDBPyConnection, rule: AlertRule, start: datetime, end: datetime
                     ) -> list[Alert]:
    """Every window of one rule that passes the test, oldest first, before the cooldown is applied."""
    detect, describe = DETECTORS[rule.method]
    out = []
    for w in detect(con, rule, start, end):
        # a build-up's evidence is the strongest items of its whole rise, not of its last day
        since = w.get("recent_start", w["window_start"])
        severity, held = severity_of(rule, float(w["score"]), int(w["source_count"]))
        notes = [n for n in (describe(w, rule), held) if n]
        out.append(Alert(
            alert_id=alert_key(rule.name, rule.indicator, w["window_start"]), rule=rule.name,
            indicator=rule.indicator, window_kind=rule.window, window_start=w["window_start"],
            window_end=w["window_end"], observed=float(w["observed"]), signal_count=int(w["signal_count"]),
            baseline_mean=w["baseline"], baseline_std=w["spread"], score=float(w["score"]),
            severity=severity, story_count=int(w["story_count"]), source_count=int(w["source_count"]),
            evidence=alert_evidence(con, rule, since, w["window_end"]),
            drivers=alert_drivers(con, rule, since, w["window_end"], rule.baseline_days),
            note="; ".join(notes) or None))
    return out


# How each `method` finds its windows and words them: the spike tests (robust, zscore) need no note.
DETECTORS = {
    "robust": (spike_windows, lambda w, rule: None),
    "zscore": (spike_windows, lambda w, rule: None),
    "buildup": (buildup_windows, lambda w, rule: buildup_note(w)),
    "cusum": (cusum_windows, cusum_note),
}


def cooldown_verdict(prior: PriorAlert | None, alert: Alert, rule: AlertRule) -> tuple[bool, str | None]:
    """(held back, upgrade note). Inside the cooldown a window fires only as an upgrade: a higher severity
    than any alert there, or a value at least `upgrade_ratio` x the latest one (a cooldown must never hide
    an order-of-magnitude jump, as it hid the day of the invasion after a critical alert on the eve)."""
    if prior is None:
        return False, None
    what = f"the {prior.severity} alert of {prior.window_start:%Y-%m-%d %H:%M} UTC ({prior.observed:.1f})"
    if SEVERITY_RANK[alert.severity] > prior.max_rank:
        return False, f"upgrades {what} to {alert.severity}"
    if prior.observed > 0 and alert.observed >= rule.upgrade_ratio * prior.observed:
        return False, f"upgrades {what}: {alert.observed / prior.observed:.1f}x its value"
    return True, None


def _stored_prior(con: duckdb.DuckDBPyConnection, rule: AlertRule, window_start: datetime) -> PriorAlert | None:
    row = con.execute(sql_text("sql/recent_alert.sql"), {
        "rule": rule.name, "indicator": rule.indicator, "window_start": window_start,
        "cooldown_s": int(rule.cooldown_hours * 3600)}).fetchone()
    return PriorAlert(int(row[0]), row[1], float(row[2]), row[3]) if row else None


def _memory_prior(fired: Sequence[Alert], rule: AlertRule, window_start: datetime) -> PriorAlert | None:
    since = window_start - timedelta(hours=rule.cooldown_hours)
    recent = [a for a in fired
              if a.rule == rule.name and a.indicator == rule.indicator and since <= a.window_start < window_start]
    if not recent:
        return None
    last = max(recent, key=lambda a: a.window_start)
    return PriorAlert(max(SEVERITY_RANK[a.severity] for a in recent), last.severity, last.observed,
                      last.window_start)


def evaluate_rules(con: duckdb.DuckDBPyConnection, rules: Sequence[AlertRule], start: datetime, end: datetime,
                   batch_id: str | None = None) -> list[Alert]:
    """Fire the rules over windows in [start, end]; returns alerts that are new or upgraded (to deliver)."""
    fired: list[Alert] = []
    for rule in rules:
        for alert in candidate_alerts(con, rule, start, end):
            blocked, upgrade = cooldown_verdict(_stored_prior(con, rule, alert.window_start), alert, rule)
            if blocked:
                continue
            alert = _with_note(alert, upgrade)
            if store_alert(con, alert, batch_id):
                fired.append(alert)
    return fired


def backtest(con: duckdb.DuckDBPyConnection, rules: Sequence[AlertRule], start: datetime, end: datetime
             ) -> BacktestResult:
    """Replay the rules over stored history without writing: same SQL, same cooldown, kept in memory."""
    fired: list[Alert] = []
    suppressed: list[Alert] = []
    for rule in rules:
        for alert in candidate_alerts(con, rule, start, end):
            blocked, upgrade = cooldown_verdict(_memory_prior(fired, rule, alert.window_start), alert, rule)
            (suppressed if blocked else fired).append(_with_note(alert, upgrade))
    fired.sort(key=lambda a: (a.window_start, a.rule))
    return BacktestResult(fired=fired, suppressed=suppressed)


def _with_note(alert: Alert, extra: str | None) -> Alert:
    if not extra:
        return alert
    return replace(alert, note=f"{alert.note}; {extra}" if alert.note else extra)


def store_alert(con: duckdb.DuckDBPyConnection, alert: Alert, batch_id: str | None) -> bool:
    """Insert or upgrade; True when the row is new or its severity rose (so it must be delivered)."""
    before = con.execute("SELECT severity FROM alerts WHERE alert_id = ?", [alert.alert_id]).fetchone()
    con.execute(sql_text("sql/upsert_alert.sql"), {
        "alert_id": alert.alert_id, "rule": alert.rule, "indicator": alert.indicator,
        "window_kind": alert.window_kind, "window_start": alert.window_start, "window_end": alert.window_end,
        "observed": alert.observed, "signal_count": alert.signal_count, "baseline_mean": alert.baseline_mean,
        "baseline_std": alert.baseline_std, "score": alert.score, "severity": alert.severity,
        "evidence": json.dumps(alert.evidence, default=str), "note": alert.note, "batch_id": batch_id,
        "drivers": json.dumps(alert.drivers), "story_count": alert.story_count, "source_count": alert.source_count})
    if before is None:
        return True
    upgraded = SEVERITY_RANK[alert.severity] > SEVERITY_RANK[before[0]]
    if upgraded:
        con.execute(sql_text("sql/reset_alert_deliveries.sql"), {"alert_id": alert.alert_id})
    return upgraded


# -------------------------------------------------------------------------------------- dead man

def last_completed_cycle(con: duckdb.DuckDBPyConnection) -> datetime | None:
    row = con.execute(sql_text("sql/last_completed_run.sql")).fetchone()
    return row[0] if row else None


def deadman_message(last: datetime | None, hours: float, now: datetime | None = None) -> str | None:
    """Why the monitor looks dead, or None when a cycle completed within `hours`."""
    now = now or datetime.now(UTC)
    if last is None:
        return "no monitoring cycle has ever completed"
    age = now - last
    if age <= timedelta(hours=hours):
        return None
    return (f"no monitoring cycle completed for {age.total_seconds() / 3600:.1f} h "
            f"(last {last.astimezone(UTC):%Y-%m-%d %H:%M} UTC; limit {hours:g} h)")


def deadman_alert(con: duckdb.DuckDBPyConnection, hours: float, now: datetime | None = None) -> Alert | None:
    """Evaluated by each cycle: after a gap longer than `hours`, record (once per hour) that there was one."""
    now = now or datetime.now(UTC)
    last = last_completed_cycle(con)
    message = deadman_message(last, hours, now)
    if last is None or message is None:  # a brand-new warehouse is not a dead monitor
        return None
    start = now.replace(minute=0, second=0, microsecond=0)
    alert = Alert(alert_id=alert_key("deadman", "cycles", start), rule="deadman", indicator="cycles",
                  window_kind="hour", window_start=start, window_end=start + timedelta(hours=1),
                  observed=(now - last).total_seconds() / 3600, signal_count=0, baseline_mean=hours,
                  baseline_std=None, score=0.0, severity=Severity.CRITICAL,
                  evidence=[{"title": message, "link": None, "feed_name": None, "category": "deadman",
                             "evidence": None}])
    return alert if store_alert(con, alert, None) else None
