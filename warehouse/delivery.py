"""Delivery of stored alerts to their notify targets, each (alert, target) pair recorded in the warehouse.

Three promises, each kept here (docs/alerts.md):
- a send never outlasts its wall-clock deadline, whatever the receiver does (apprise's timeouts are per
  socket read, so a receiver answering a byte every 2 s never trips them): the send runs in a thread the
  step stops waiting for, and no transaction is open while it runs;
- an alert's per-target rows and its overall status change in one transaction, so a crash leaves both as
  they were before the alert or both as after it;
- the message carries the alert id (body, and a field of the JSON payload), so a receiver can drop the
  duplicate a crash between a send and its record causes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import duckdb

from schemas.alerts import Alert
from schemas.status import DeliveryStatus, Severity
from schemas.text import strip_controls
from warehouse.db import sql_text

log = logging.getLogger(__name__)
T = TypeVar("T")

DELIVERY_BUDGET_S = 60.0  # one cycle never spends longer than this delivering; the rest waits
DELIVERY_TIMEOUT_S = 15.0  # wall clock for one send; [notify] timeout_seconds
Sender = Callable[[Alert], tuple[bool, str | None]]
NOTIFY_TYPES = {Severity.WARNING: "warning", Severity.CRITICAL: "failure"}
LOG_TARGET = "log"  # no notify URL configured: the alert is logged
PLAIN_HOST_SCHEMES = frozenset({"json", "jsons", "xml", "xmls", "form", "forms"})  # host is never a token
PAYLOAD_ID_FIELD = "alert_id"  # added to json://, xml:// and form:// payloads
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_MAX_AGE_HOURS = 24.0


class DeliveryTimeout(Exception):
    """A send did not return within its wall-clock deadline."""


def pending_alerts(con: duckdb.DuckDBPyConnection) -> list[Alert]:
    """Alerts owed to at least one target (pending or failed overall, not given up)."""
    return [_alert_from_row(row) for row in con.execute(sql_text("sql/pending_alerts.sql")).fetchall()]


def _alert_from_row(row: Sequence[Any]) -> Alert:
    *head, evidence, note, drivers, story_count, source_count = row
    return Alert(*head, evidence=json.loads(evidence) if evidence else [], note=note,
                 drivers=json.loads(drivers) if drivers else [], story_count=story_count, source_count=source_count)


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


def call_within(timeout_s: float, fn: Callable[[], T]) -> T:
    """fn(), or DeliveryTimeout once `timeout_s` of wall clock has passed without it returning.

    Blocking I/O cannot be interrupted from outside, so fn runs in a daemon thread that is left to end on
    its own (it never holds up process exit); its late result is dropped. No library needed: this is
    Thread.join with a timeout (a ThreadPoolExecutor would be joined at exit, hanging `escmon run`).
    """
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, fn()))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append((False, exc))

    thread = threading.Thread(target=run, name="escmon-delivery", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if not outcome:
        raise DeliveryTimeout(f"no answer within {timeout_s:g} s (wall clock; the send was abandoned)")
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


@dataclass(frozen=True)
class Target:
    """One notify URL as delivery sees it: its secret-free name, how to send to it, what to scrub."""

    name: str
    send: Sender
    url: str | None = None

    def attempt(self, alert: Alert, timeout_s: float = DELIVERY_TIMEOUT_S) -> Attempt:
        """One send within `timeout_s`; never raises (the load it follows is committed) and never reports
        the raw URL."""
        timed_out = False
        try:
            ok, error = call_within(timeout_s, lambda: self.send(alert))
        except DeliveryTimeout as exc:
            ok, error, timed_out = False, str(exc), True
        except Exception as exc:  # a notifier bug must not fail the cycle
            ok, error = False, f"{type(exc).__name__}: {exc}"
        if error and self.url:
            error = error.replace(self.url, self.name)
        return Attempt(ok, error, timed_out)


@dataclass(frozen=True)
class Attempt:
    """The result of one send."""

    ok: bool
    error: str | None
    timed_out: bool = False


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
            targets[name] = Target(name, sender or apprise_sender(url), url)
    return targets


def with_alert_id(url: str, alert_id: str) -> str:
    """The URL with apprise's `:field=value` payload extra for plain webhooks: their JSON, XML or form body
    then carries the alert id as a field of its own. Other services get it in the message body only."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in PLAIN_HOST_SCHEMES:
        return url
    extra = f":{PAYLOAD_ID_FIELD}={alert_id}"
    return urlunsplit(parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra))


def apprise_sender(url: str) -> Sender:
    """Deliver through apprise; notify() returns False on failure instead of raising, so check it.

    The URL's own `cto`/`rto` parameters (connect/read timeout, apprise default 4 s each) bound each socket
    operation; `Target.attempt`'s deadline bounds the whole send. One apprise instance per alert, so the
    alert id rides in the payload.
    """
    import apprise

    def send(alert: Alert) -> tuple[bool, str | None]:
        ap = apprise.Apprise()
        if not ap.add(with_alert_id(url, alert.alert_id)):  # the URL itself is not repeated: it may hold a token
            return False, "notify URL not understood by apprise"
        ok = ap.notify(title=alert.headline(), body=alert.body(),
                       notify_type=apprise.NotifyType(NOTIFY_TYPES.get(alert.severity, "info")))
        return bool(ok), None if ok else "apprise notify() returned False (receiver down or refused)"

    return send


def log_sender(alert: Alert) -> tuple[bool, str | None]:
    """No notify URL configured: print the alert; it stays in the table for `escmon alerts`."""
    # titles come from feeds: no terminal escapes. The mark lets `escmon run`, whose summary prints the
    # cycle's alerts, keep this repeat off the terminal unless asked (flows/console_log.py).
    log.warning("ALERT %s", strip_controls(alert.body()), extra={"printed_alert": alert.alert_id})
    return True, None


@dataclass(frozen=True)
class OwedDelivery:
    """One (alert, target) pair still owed, with what decides whether it is still worth sending."""

    alert: Alert
    target: str
    attempts: int
    created_at: datetime


@dataclass(frozen=True)
class Outcome:
    """What became of one owed pair in this call, written with its alert's other pairs in one transaction."""

    owed: OwedDelivery
    status: DeliveryStatus  # delivered | logged | failed | abandoned
    attempted: bool
    error: str | None
    at: datetime


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


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def record_alert(con: duckdb.DuckDBPyConnection, alert_id: str, outcomes: Sequence[Outcome],
                 targets: Sequence[str]) -> None:
    """The alert's per-target outcomes and its recomputed overall status, in one transaction."""
    with _transaction(con):
        for o in outcomes:
            con.execute(sql_text("sql/mark_delivery.sql"), {
                "alert_id": alert_id, "target": o.owed.target, "status": o.status, "attempted": o.attempted,
                "at": o.at, "error": o.error})
        con.execute(sql_text("sql/refresh_alert_delivery.sql"), {"alert_id": alert_id, "targets": list(targets)})
    for o in outcomes:
        if o.status == DeliveryStatus.ABANDONED:
            log.warning("alert delivery abandoned: %s %s %s window of %s UTC to %s: %s", o.owed.alert.severity,
                        o.owed.alert.rule, o.owed.alert.window_kind, f"{o.owed.alert.window_start:%Y-%m-%d %H:%M}",
                        o.owed.target, o.error)


def refresh_owed_alerts(con: duckdb.DuckDBPyConnection, targets: Sequence[str]) -> None:
    """Recompute the overall status of every alert still marked owed from its per-target rows.

    Before statuses were written in one transaction, a crash between the two left alerts `pending` whose
    targets all had them; nothing would touch those alerts again. This repairs such warehouses.
    """
    for alert in pending_alerts(con):
        with _transaction(con):
            con.execute(sql_text("sql/refresh_alert_delivery.sql"),
                        {"alert_id": alert.alert_id, "targets": list(targets)})


def _send(owed: OwedDelivery, target: Target, status_ok: DeliveryStatus, max_attempts: int, timeout_s: float
          ) -> tuple[Outcome, bool]:
    """Send one pair once: 'delivered'/'logged', 'failed', or 'abandoned' when this was the last try; and
    whether the send ran out of time."""
    attempt = target.attempt(owed.alert, timeout_s)
    now = datetime.now(UTC)
    if attempt.ok:
        return Outcome(owed, status_ok, True, None, now), False
    if owed.attempts + 1 >= max_attempts:
        return Outcome(owed, DeliveryStatus.ABANDONED, True, f"gave up after {owed.attempts + 1} failed attempts "
                                                f"(max_attempts {max_attempts}); last error: {attempt.error}",
                       now), attempt.timed_out
    return Outcome(owed, DeliveryStatus.FAILED, True, attempt.error, now), attempt.timed_out


def deliver_pending(con: duckdb.DuckDBPyConnection, urls: Sequence[str], budget_s: float = DELIVERY_BUDGET_S,
                    sender: Sender | None = None, *, max_attempts: int = DEFAULT_MAX_ATTEMPTS,
                    max_age_hours: float = DEFAULT_MAX_AGE_HOURS, timeout_s: float = DELIVERY_TIMEOUT_S,
                    now: datetime | None = None) -> dict[str, int]:
    """Send each owed (alert, target) pair once, only to targets that do not have it yet.

    A failure is retried next cycle on that target alone, until `max_attempts` failures or until the alert
    is older than `max_age_hours` (created_at vs `now`); then the pair is 'abandoned' with its reason and
    logged as a warning. Never raises for a delivery problem: the load it follows is already committed.
    Each send gets `timeout_s` of wall clock (at most `budget_s`) and starts only while that fits in what
    is left of `budget_s`, so the step ends within its budget; a target that timed out is not tried again
    in this call (its next alerts would wait as long). Pairs not tried stay owed, unattempted
    ('deferred'). Counts are per pair; 'abandoned' appears only when some pair was given up in this call.
    """
    targets = delivery_targets(urls, sender)
    names = list(targets)
    status_ok = DeliveryStatus.DELIVERED if urls else DeliveryStatus.LOGGED
    now = now or datetime.now(UTC)
    counts = {DeliveryStatus.DELIVERED: 0, DeliveryStatus.FAILED: 0, DeliveryStatus.DEFERRED: 0}
    timeout_s = min(timeout_s, budget_s)
    last_start = time.monotonic() + budget_s - timeout_s  # a send started later could outlast the budget
    timed_out: set[str] = set()
    sent = 0
    refresh_owed_alerts(con, names)
    by_alert: dict[str, list[OwedDelivery]] = {}
    for owed in pending_deliveries(con, names):
        by_alert.setdefault(owed.alert.alert_id, []).append(owed)
    for alert_id, pairs in by_alert.items():
        outcomes: list[Outcome] = []
        for owed in pairs:
            age_hours = (now - owed.created_at).total_seconds() / 3600
            reason = give_up_reason(owed.attempts, age_hours, max_attempts, max_age_hours)
            if reason:
                outcomes.append(Outcome(owed, DeliveryStatus.ABANDONED, False, reason, datetime.now(UTC)))
            elif owed.target in timed_out or budget_s <= 0 or (sent and time.monotonic() > last_start):
                counts[DeliveryStatus.DEFERRED] += 1
            else:
                sent += 1
                outcome, ran_out = _send(owed, targets[owed.target], status_ok, max_attempts, timeout_s)
                outcomes.append(outcome)
                if ran_out:
                    timed_out.add(owed.target)
        if outcomes:
            record_alert(con, alert_id, outcomes, names)
        for o in outcomes:
            key = DeliveryStatus.DELIVERED if o.status == status_ok else o.status
            counts[key] = counts.get(key, 0) + 1
    return counts
