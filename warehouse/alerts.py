"""Alert rules as SQL over warehouse history, keyed so a window fires once, and their delivery.

Spike detection lives in sql/spike_windows.sql so it can be read and tested; this module only runs it
per rule, applies the cooldown (never to a higher severity) and records delivery.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

from flows.config import AlertRule
from warehouse.db import sql_text

log = logging.getLogger(__name__)
WINDOW_SECONDS = {"hour": 3600, "day": 86400}
SEVERITY_RANK = {"warning": 1, "critical": 2}


@dataclass(frozen=True)
class Alert:
    alert_id: str
    rule: str
    indicator: str
    window_kind: str
    window_start: datetime
    window_end: datetime
    observed: float
    signal_count: int
    baseline_mean: float | None
    baseline_std: float | None
    score: float
    severity: str
    evidence: list[dict[str, Any]]

    def headline(self) -> str:
        return (f"[{self.severity.upper()}] {self.indicator} escalation spike, {self.window_kind} of "
                f"{self.window_start:%Y-%m-%d %H:%M} UTC: {self.observed:.1f} vs baseline "
                f"{(self.baseline_mean or 0):.1f} (score {self.score:.1f}, {self.signal_count} signals)")

    def body(self) -> str:
        lines = [self.headline(), ""]
        for ev in self.evidence:
            lines.append(f"- {ev.get('title')} ({ev.get('feed_name')}) {ev.get('link') or ''}")
            lines.append(f"  [{ev.get('category')}] \"{ev.get('evidence')}\"")
        return "\n".join(lines)


def alert_key(rule: str, indicator: str, window_start: datetime) -> str:
    return hashlib.sha256(f"{rule}\x1f{indicator}\x1f{window_start.isoformat()}".encode()).hexdigest()[:32]


def _params(rule: AlertRule) -> dict[str, Any]:
    return {"kind": rule.kind, "key": rule.key or ""}


def spike_windows(con: duckdb.DuckDBPyConnection, rule: AlertRule, start: datetime, end: datetime
                  ) -> list[dict[str, Any]]:
    """Windows in [start, end] where the rule's test passes."""
    w = WINDOW_SECONDS[rule.window]
    baseline = rule.baseline_days * 86400 // w
    params = {**_params(rule), "w": w, "baseline": baseline, "from_epoch": int(start.timestamp()) // w * w,
              "to_epoch": int(end.timestamp()) // w * w, "min_count": rule.min_count,
              "min_value": rule.min_value, "warning_z": rule.warning_z}
    cur = con.execute(sql_text("sql/spike_windows.sql"), params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _evidence(con: duckdb.DuckDBPyConnection, rule: AlertRule, start: datetime, end: datetime) -> list[dict]:
    cur = con.execute(sql_text("sql/alert_evidence.sql"), {**_params(rule), "start": start, "end": end})
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    return [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.items()} for r in rows]


def _suppressed(con: duckdb.DuckDBPyConnection, rule: AlertRule, window_start: datetime, severity: str) -> bool:
    """Cooldown: an earlier alert of the same rule within the cooldown suppresses one of equal or lower severity."""
    row = con.execute(sql_text("sql/recent_alert.sql"), {
        "rule": rule.name, "indicator": rule.indicator, "window_start": window_start,
        "cooldown_s": int(rule.cooldown_hours * 3600)}).fetchone()
    return bool(row) and SEVERITY_RANK[row[0]] >= SEVERITY_RANK[severity]


def evaluate_rules(con: duckdb.DuckDBPyConnection, rules: Sequence[AlertRule], start: datetime, end: datetime,
                   batch_id: str | None = None) -> list[Alert]:
    """Fire the rules over windows in [start, end]; returns alerts that are new or upgraded."""
    fired: list[Alert] = []
    for rule in rules:
        for w in spike_windows(con, rule, start, end):
            severity = "critical" if w["score"] >= rule.critical_z else "warning"
            if _suppressed(con, rule, w["window_start"], severity):
                continue
            alert = Alert(
                alert_id=alert_key(rule.name, rule.indicator, w["window_start"]), rule=rule.name,
                indicator=rule.indicator, window_kind=rule.window, window_start=w["window_start"],
                window_end=w["window_end"], observed=float(w["observed"]), signal_count=int(w["signal_count"]),
                baseline_mean=w["baseline_mean"], baseline_std=w["baseline_std"], score=float(w["score"]),
                severity=severity, evidence=_evidence(con, rule, w["window_start"], w["window_end"]))
            if _store(con, alert, batch_id):
                fired.append(alert)
    return fired


def _store(con: duckdb.DuckDBPyConnection, alert: Alert, batch_id: str | None) -> bool:
    """Insert or upgrade; True when the row is new or its severity rose (so it must be delivered)."""
    before = con.execute("SELECT severity FROM alerts WHERE alert_id = ?", [alert.alert_id]).fetchone()
    con.execute(sql_text("sql/upsert_alert.sql"), {
        "alert_id": alert.alert_id, "rule": alert.rule, "indicator": alert.indicator,
        "window_kind": alert.window_kind, "window_start": alert.window_start, "window_end": alert.window_end,
        "observed": alert.observed, "signal_count": alert.signal_count, "baseline_mean": alert.baseline_mean,
        "baseline_std": alert.baseline_std, "score": alert.score, "severity": alert.severity,
        "evidence": json.dumps(alert.evidence), "batch_id": batch_id})
    return before is None or (before[0] == "warning" and alert.severity == "critical")


def pending_alerts(con: duckdb.DuckDBPyConnection) -> list[Alert]:
    cur = con.execute("SELECT alert_id, rule, indicator, window_kind, window_start, window_end, observed, "
                      "signal_count, baseline_mean, baseline_std, score, severity, evidence FROM alerts "
                      "WHERE delivery_status IN ('pending', 'failed') ORDER BY window_start")
    out = []
    for row in cur.fetchall():
        *head, evidence = row
        out.append(Alert(*head, evidence=json.loads(evidence) if evidence else []))
    return out


Sender = Callable[[Alert], tuple[bool, str | None]]


def apprise_sender(urls: Sequence[str]) -> Sender:
    """Deliver through apprise; notify() returns False on failure instead of raising, so check it."""
    import apprise

    def send(alert: Alert) -> tuple[bool, str | None]:
        ap = apprise.Apprise()
        for url in urls:
            if not ap.add(url):
                return False, f"invalid notify URL {url!r}"
        ok = ap.notify(title=alert.headline(), body=alert.body())
        return bool(ok), None if ok else "apprise notify() returned False (receiver down or refused)"

    return send


def log_sender(alert: Alert) -> tuple[bool, str | None]:
    log.warning("ALERT %s", alert.body())
    return True, None


def deliver_pending(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> dict[str, int]:
    """Deliver every pending or failed alert once; failures are recorded and retried next cycle."""
    send = apprise_sender(urls) if urls else log_sender
    status_ok = "delivered" if urls else "logged"
    counts = {"delivered": 0, "failed": 0}
    for alert in pending_alerts(con):
        try:
            ok, error = send(alert)
        except Exception as exc:  # a notifier bug must not fail the load that already committed
            ok, error = False, f"{type(exc).__name__}: {exc}"
        con.execute(
            "UPDATE alerts SET delivery_status = ?, delivery_attempts = delivery_attempts + 1, "
            "delivered_at = CASE WHEN ? THEN now() END, last_delivery_error = ? WHERE alert_id = ?",
            [status_ok if ok else "failed", ok, error, alert.alert_id])
        counts["delivered" if ok else "failed"] += 1
    return counts


def deadman_alert(con: duckdb.DuckDBPyConnection, hours: float, now: datetime | None = None) -> Alert | None:
    """When no cycle has completed within `hours`, record (once per hour) an alert that says so."""
    now = now or datetime.now(UTC)
    row = con.execute("SELECT max(finished_at) FROM runs WHERE status = 'completed'").fetchone()
    last = row[0] if row else None
    if last is None or now - last <= timedelta(hours=hours):
        return None
    start = now.replace(minute=0, second=0, microsecond=0)
    alert = Alert(alert_id=alert_key("deadman", "cycles", start), rule="deadman", indicator="cycles",
                  window_kind="hour", window_start=start, window_end=start + timedelta(hours=1),
                  observed=(now - last).total_seconds() / 3600, signal_count=0, baseline_mean=hours,
                  baseline_std=None, score=0.0, severity="critical",
                  evidence=[{"title": f"no completed cycle since {last.isoformat()}", "link": None,
                             "feed_name": None, "category": "deadman", "evidence": None}])
    return alert if _store(con, alert, None) else None
