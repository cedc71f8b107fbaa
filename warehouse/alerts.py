"""Alert rules as SQL over warehouse history, keyed so a window fires once, and their delivery.

Spike detection lives in sql/spike_windows.sql so it can be read and tested; this module only runs it
per rule, applies the cooldown (never to a higher severity), stores the alert under its deterministic
key (rule, indicator, window) and delivers what is still owed. `backtest` replays the same test and
the same cooldown in memory, so tuning on a read-only snapshot shows exactly what a cycle would fire.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import duckdb

from flows.config import AlertRule
from schemas.text import strip_controls
from warehouse.db import sql_text

log = logging.getLogger(__name__)
WINDOW_SECONDS = {"hour": 3600, "day": 86400}
SEVERITY_RANK = {"warning": 1, "critical": 2}
EVIDENCE_ITEMS = 5
DELIVERY_BUDGET_S = 60.0  # one cycle never spends longer than this delivering; the rest waits


@dataclass(frozen=True)
class Alert:
    """One row of the alerts table. For the robust test baseline_mean holds the median (the centre the
    score is measured from) and baseline_std the spread it is divided by."""

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
    item_count: int | None = field(default=None, compare=False)

    def headline(self) -> str:
        items = f"{self.item_count} items, " if self.item_count is not None else ""
        return (f"[{self.severity.upper()}] {self.indicator} escalation spike ({self.rule}), {self.window_kind} of "
                f"{self.window_start:%Y-%m-%d %H:%M} UTC: {self.observed:.1f} vs baseline "
                f"{(self.baseline_mean or 0):.1f} (score {self.score:.1f}, {items}{self.signal_count} signals)")

    def body(self) -> str:
        lines = [self.headline(), ""]
        for ev in self.evidence:
            lines.append(f"- {ev.get('title')} ({ev.get('feed_name')}) {ev.get('link') or ''}".rstrip())
            if ev.get("outlets") and (ev.get("items") or 1) > 1:  # a story carried by several items or outlets
                lines.append(f"  {ev.get('items')} items, {ev.get('sources')} independent sources: "
                             f"{', '.join(ev['outlets'])}")
            if ev.get("evidence"):
                lines.append(f"  [{ev.get('category')}] \"{ev.get('evidence')}\"")
        return "\n".join(lines)


@dataclass(frozen=True)
class BacktestResult:
    """What the rules would have fired over a period, and what the cooldown would have held back."""

    fired: list[Alert]
    suppressed: list[Alert]


def alert_key(rule: str, indicator: str, window_start: datetime) -> str:
    return hashlib.sha256(f"{rule}\x1f{indicator}\x1f{window_start.isoformat()}".encode()).hexdigest()[:32]


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


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
    return _rows(con.execute(sql_text("sql/spike_windows.sql"), spike_params(rule, start, end)))


def alert_evidence(con: duckdb.DuckDBPyConnection, rule: AlertRule, start: datetime, end: datetime,
                   limit: int = EVIDENCE_ITEMS) -> list[dict[str, Any]]:
    """The stories that drove a window, one entry per story (its strongest item, with the story's items,
    independent sources and outlets), as JSON-ready dicts."""
    rows = _rows(con.execute(sql_text("sql/alert_evidence.sql"),
                             {**_indicator_params(rule), "start": start, "end": end, "limit": limit}))
    return [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.items()} for r in rows]


def severity_of(rule: AlertRule, score: float) -> str:
    return "critical" if score >= rule.critical_z else "warning"


def candidate_alerts(con: duckdb.DuckDBPyConnection, rule: AlertRule, start: datetime, end: datetime
                     ) -> list[Alert]:
    """Every window of one rule that passes the test, oldest first, before the cooldown is applied."""
    out = []
    for w in spike_windows(con, rule, start, end):
        out.append(Alert(
            alert_id=alert_key(rule.name, rule.indicator, w["window_start"]), rule=rule.name,
            indicator=rule.indicator, window_kind=rule.window, window_start=w["window_start"],
            window_end=w["window_end"], observed=float(w["observed"]), signal_count=int(w["signal_count"]),
            baseline_mean=w["baseline"], baseline_std=w["spread"], score=float(w["score"]),
            severity=severity_of(rule, float(w["score"])), item_count=int(w["item_count"]),
            evidence=alert_evidence(con, rule, w["window_start"], w["window_end"])))
    return out


def cooldown_blocks(prior_rank: int | None, severity: str) -> bool:
    """An earlier alert inside the cooldown holds back one of equal or lower severity, never a higher one."""
    return prior_rank is not None and prior_rank >= SEVERITY_RANK[severity]


def _stored_prior_rank(con: duckdb.DuckDBPyConnection, rule: AlertRule, window_start: datetime) -> int | None:
    row = con.execute(sql_text("sql/recent_alert.sql"), {
        "rule": rule.name, "indicator": rule.indicator, "window_start": window_start,
        "cooldown_s": int(rule.cooldown_hours * 3600)}).fetchone()
    return row[0] if row else None


def _memory_prior_rank(fired: Sequence[Alert], rule: AlertRule, window_start: datetime) -> int | None:
    since = window_start - timedelta(hours=rule.cooldown_hours)
    ranks = [SEVERITY_RANK[a.severity] for a in fired
             if a.rule == rule.name and a.indicator == rule.indicator and since <= a.window_start < window_start]
    return max(ranks, default=None)


def evaluate_rules(con: duckdb.DuckDBPyConnection, rules: Sequence[AlertRule], start: datetime, end: datetime,
                   batch_id: str | None = None) -> list[Alert]:
    """Fire the rules over windows in [start, end]; returns alerts that are new or upgraded (to deliver)."""
    fired: list[Alert] = []
    for rule in rules:
        for alert in candidate_alerts(con, rule, start, end):
            if cooldown_blocks(_stored_prior_rank(con, rule, alert.window_start), alert.severity):
                continue
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
            blocked = cooldown_blocks(_memory_prior_rank(fired, rule, alert.window_start), alert.severity)
            (suppressed if blocked else fired).append(alert)
    fired.sort(key=lambda a: (a.window_start, a.rule))
    return BacktestResult(fired=fired, suppressed=suppressed)


def store_alert(con: duckdb.DuckDBPyConnection, alert: Alert, batch_id: str | None) -> bool:
    """Insert or upgrade; True when the row is new or its severity rose (so it must be delivered)."""
    before = con.execute("SELECT severity FROM alerts WHERE alert_id = ?", [alert.alert_id]).fetchone()
    con.execute(sql_text("sql/upsert_alert.sql"), {
        "alert_id": alert.alert_id, "rule": alert.rule, "indicator": alert.indicator,
        "window_kind": alert.window_kind, "window_start": alert.window_start, "window_end": alert.window_end,
        "observed": alert.observed, "signal_count": alert.signal_count, "baseline_mean": alert.baseline_mean,
        "baseline_std": alert.baseline_std, "score": alert.score, "severity": alert.severity,
        "evidence": json.dumps(alert.evidence, default=str), "batch_id": batch_id})
    if before is None:
        return True
    upgraded = SEVERITY_RANK[alert.severity] > SEVERITY_RANK[before[0]]
    if upgraded:
        con.execute(sql_text("sql/reset_alert_deliveries.sql"), {"alert_id": alert.alert_id})
    return upgraded


# ------------------------------------------------------------------------------------- delivery

def pending_alerts(con: duckdb.DuckDBPyConnection) -> list[Alert]:
    """Alerts owed to at least one target (pending or failed overall, not given up)."""
    return [_alert_from_row(row) for row in con.execute(sql_text("sql/pending_alerts.sql")).fetchall()]


def _alert_from_row(row: Sequence[Any]) -> Alert:
    *head, evidence = row
    return Alert(*head, evidence=json.loads(evidence) if evidence else [])


Sender = Callable[[Alert], tuple[bool, str | None]]
NOTIFY_TYPES = {"warning": "warning", "critical": "failure"}
LOG_TARGET = "log"  # no notify URL configured: the alert is logged
PLAIN_HOST_SCHEMES = frozenset({"json", "jsons", "xml", "xmls", "form", "forms"})  # host is never a token
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_MAX_AGE_HOURS = 24.0


def delivery_target(url: str) -> str:
    """A stable name for one notify URL that holds none of its secrets, stored in `alert_deliveries`.

    Tokens and passwords sit in apprise URLs' user info, path and, for services like `tgram://` or
    `slack://`, even the "host", so only the scheme is kept, plus the host of plain webhooks (readable in
    `escmon alerts`) and a sha256 prefix of the whole URL that tells two receivers apart.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    if scheme not in PLAIN_HOST_SCHEMES or not parts.hostname:
        return f"{scheme}#{digest}"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a malformed port: the digest still names the URL
        port = ""
    return f"{scheme}://{parts.hostname}{port}#{digest}"


@dataclass(frozen=True)
class Target:
    """One notify URL as delivery sees it: its secret-free name, how to send to it, what to scrub."""

    name: str
    send: Sender
    url: str | None = None

    def attempt(self, alert: Alert) -> tuple[bool, str | None]:
        """One send; never raises (the load it follows is committed) and never reports the raw URL."""
        try:
            ok, error = self.send(alert)
        except Exception as exc:  # a notifier bug must not fail the cycle
            ok, error = False, f"{type(exc).__name__}: {exc}"
        if error and self.url:
            error = error.replace(self.url, self.name)
        return ok, error


def delivery_targets(urls: Sequence[str], sender: Sender | None = None) -> dict[str, Target]:
    """Targets by name, one per distinct URL (each its own apprise instance, so each fails alone).

    `sender` replaces every target's sender (tests); with no URL the one target logs the alert.
    """
    if not urls:
        return {LOG_TARGET: Target(LOG_TARGET, sender or log_sender)}
    targets: dict[str, Target] = {}
    for url in urls:
        name = delivery_target(url)
        if name not in targets:
            targets[name] = Target(name, sender or apprise_sender([url]), url)
    return targets


def apprise_sender(urls: Sequence[str]) -> Sender:
    """Deliver through apprise; notify() returns False on failure instead of raising, so check it.

    Each URL's own `cto`/`rto` parameters (connect/read timeout, apprise default 4 s each) bound one
    attempt; `deliver_pending`'s budget bounds the whole step.
    """
    import apprise

    ap = apprise.Apprise()
    invalid = sum(not ap.add(url) for url in urls)

    def send(alert: Alert) -> tuple[bool, str | None]:
        if invalid:  # the URL itself is not repeated: it may hold a token
            return False, f"{invalid} notify URL(s) not understood by apprise"
        ok = ap.notify(title=alert.headline(), body=alert.body(),
                       notify_type=apprise.NotifyType(NOTIFY_TYPES.get(alert.severity, "info")))
        return bool(ok), None if ok else "apprise notify() returned False (receiver down or refused)"

    return send


def log_sender(alert: Alert) -> tuple[bool, str | None]:
    """No notify URL configured: print the alert; it stays in the table for `escmon alerts`."""
    log.warning("ALERT %s", strip_controls(alert.body()))  # titles come from feeds: no terminal escapes
    return True, None


@dataclass(frozen=True)
class OwedDelivery:
    """One (alert, target) pair still owed, with what decides whether it is still worth sending."""

    alert: Alert
    target: str
    attempts: int
    created_at: datetime


def pending_deliveries(con: duckdb.DuckDBPyConnection, targets: Sequence[str]) -> list[OwedDelivery]:
    """Pairs of owed alerts and configured targets that have neither delivered nor given up."""
    out = []
    for row in con.execute(sql_text("sql/pending_deliveries.sql"), {"targets": list(targets)}).fetchall():
        *alert_row, target, attempts, created_at = row
        out.append(OwedDelivery(_alert_from_row(alert_row), target, int(attempts), created_at))
    return out


def give_up_reason(attempts: int, age_hours: float, max_attempts: int, max_age_hours: float) -> str | None:
    """Why a pair is no longer worth sending (None: send it): too many failures, or news too old to act on."""
    if attempts >= max_attempts:
        return f"gave up after {attempts} failed attempts (max_attempts {max_attempts})"
    if age_hours > max_age_hours:
        return f"not sent: the alert is {age_hours:.1f} h old (max_age_hours {max_age_hours:g})"
    return None


def _record(con: duckdb.DuckDBPyConnection, owed: OwedDelivery, status: str, attempted: bool,
            error: str | None) -> None:
    con.execute(sql_text("sql/mark_delivery.sql"), {
        "alert_id": owed.alert.alert_id, "target": owed.target, "status": status, "attempted": attempted,
        "at": datetime.now(UTC), "error": error})


def _abandon(con: duckdb.DuckDBPyConnection, owed: OwedDelivery, reason: str, attempted: bool) -> None:
    log.warning("alert delivery abandoned: %s %s %s window of %s UTC to %s: %s", owed.alert.severity,
                owed.alert.rule, owed.alert.window_kind, f"{owed.alert.window_start:%Y-%m-%d %H:%M}",
                owed.target, reason)
    _record(con, owed, "abandoned", attempted, reason)


def _deliver_one(con: duckdb.DuckDBPyConnection, owed: OwedDelivery, target: Target, status_ok: str,
                 max_attempts: int) -> str:
    """Send one pair once and record it; returns 'delivered', 'failed' or 'abandoned' (the last failure)."""
    ok, error = target.attempt(owed.alert)
    if ok:
        _record(con, owed, status_ok, True, None)
        return "delivered"
    if owed.attempts + 1 >= max_attempts:
        _abandon(con, owed, f"gave up after {owed.attempts + 1} failed attempts (max_attempts {max_attempts}); "
                            f"last error: {error}", attempted=True)
        return "abandoned"
    _record(con, owed, "failed", True, error)
    return "failed"


def deliver_pending(con: duckdb.DuckDBPyConnection, urls: Sequence[str], budget_s: float = DELIVERY_BUDGET_S,
                    sender: Sender | None = None, *, max_attempts: int = DEFAULT_MAX_ATTEMPTS,
                    max_age_hours: float = DEFAULT_MAX_AGE_HOURS, now: datetime | None = None
                    ) -> dict[str, int]:
    """Send each owed (alert, target) pair once, only to targets that do not have it yet.

    A failure is retried next cycle on that target alone, until `max_attempts` failures or until the alert
    is older than `max_age_hours` (created_at vs `now`); then the pair is 'abandoned' with its reason and
    logged as a warning. Never raises for a delivery problem: the load it follows is already committed.
    Pairs left when the time budget is spent stay owed, unattempted. Counts are per pair; 'abandoned'
    appears only when some pair was given up in this call.
    """
    targets = delivery_targets(urls, sender)
    status_ok = "delivered" if urls else "logged"
    now = now or datetime.now(UTC)
    counts = {"delivered": 0, "failed": 0, "deferred": 0}
    touched: dict[str, None] = {}
    deadline = time.monotonic() + budget_s
    for owed in pending_deliveries(con, list(targets)):
        age_hours = (now - owed.created_at).total_seconds() / 3600
        reason = give_up_reason(owed.attempts, age_hours, max_attempts, max_age_hours)
        if reason:
            _abandon(con, owed, reason, attempted=False)
            outcome = "abandoned"
        elif time.monotonic() >= deadline:
            counts["deferred"] += 1
            continue
        else:
            outcome = _deliver_one(con, owed, targets[owed.target], status_ok, max_attempts)
        counts[outcome] = counts.get(outcome, 0) + 1
        touched[owed.alert.alert_id] = None
    for alert_id in touched:
        con.execute(sql_text("sql/refresh_alert_delivery.sql"), {"alert_id": alert_id, "targets": list(targets)})
    return counts


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
                  baseline_std=None, score=0.0, severity="critical",
                  evidence=[{"title": message, "link": None, "feed_name": None, "category": "deadman",
                             "evidence": None}])
    return alert if store_alert(con, alert, None) else None
