"""Delivery against real receivers and real DuckDB files: a send's wall-clock deadline, statuses written in
one transaction (checked after a SIGKILL mid-delivery), and the alert id in the payload (issue 15, 4-5)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from schemas.alerts import Alert
from tests.webhook import WebhookReceiver
from warehouse.alerts import store_alert
from warehouse.db import sql_text, writer
from warehouse.delivery import deliver_pending, delivery_target

REPO = Path(__file__).resolve().parents[2]
DAY = datetime(2026, 11, 18, tzinfo=UTC)


def make_alert(n: int) -> Alert:
    start = DAY + timedelta(days=n)
    return Alert(alert_id=f"alert-{n}", rule="index-daily", indicator="index", window_kind="day",
                 window_start=start, window_end=start + timedelta(days=1), observed=9.0, signal_count=12,
                 baseline_mean=1.0, baseline_std=1.0, score=8.0, severity="critical", story_count=7, source_count=3,
                 evidence=[{"title": f"Troops mass, day {n}", "link": "https://example.org/a", "feed_name": "f",
                            "category": "mobilisation", "evidence": "Troops mass at the border."}])


@pytest.fixture()
def warehouse(tmp_path: Path) -> Iterator[Path]:
    """A migrated warehouse holding two alerts that no target has received yet."""
    path = tmp_path / "w.duckdb"
    with writer(path, timeout_s=5) as con:
        for n in range(2):
            assert store_alert(con, make_alert(n), None)
    yield path


def statuses(path: Path) -> list[tuple]:
    """(alert_id, overall status, attempts, [(target, status)...]) per alert."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        alerts = con.execute("SELECT alert_id, delivery_status, delivery_attempts FROM alerts "
                             "ORDER BY alert_id").fetchall()
        rows = con.execute("SELECT alert_id, target, status FROM alert_deliveries ORDER BY 1, 2").fetchall()
    finally:
        con.close()
    return [(a, s, n, [(t, st) for aid, t, st in rows if aid == a]) for a, s, n in alerts]


def test_a_trickling_receiver_is_cut_at_the_send_deadline(warehouse: Path) -> None:
    """A receiver answering one byte a second never trips apprise's per-read timeout (rto=3); the send's
    wall-clock deadline (2 s) does, and the target's next alert waits for the next cycle."""
    with WebhookReceiver(lifetime_s=40) as hook:
        hook.trickle_s = 1.0
        url = hook.apprise_url("/hook", cto=2, rto=3)
        with writer(warehouse, timeout_s=5) as con:
            started = time.monotonic()
            counts = deliver_pending(con, [url], timeout_s=2.0)
            elapsed = time.monotonic() - started
        answered = hook.trickled
    assert counts == {"delivered": 0, "failed": 1, "deferred": 1}
    assert len(hook.payloads) == 1 and 0 < answered < 40  # the answer was still trickling when cut
    assert elapsed < 2.0 + 3.0  # the deadline plus a margin for two small transactions
    target = delivery_target(url)
    assert statuses(warehouse) == [("alert-0", "failed", 1, [(target, "failed")]), ("alert-1", "pending", 0, [])]
    con = duckdb.connect(str(warehouse), read_only=True)
    error = con.execute("SELECT last_delivery_error FROM alerts WHERE alert_id = 'alert-0'").fetchone()[0]
    con.close()
    assert error.startswith("no answer within 2 s (wall clock")


def test_the_delivery_step_ends_within_its_budget(warehouse: Path) -> None:
    """Two trickling receivers, a 3 s budget, 2 s per send: one send runs, the rest wait (no send may start
    once it could outlast the budget)."""
    with WebhookReceiver(lifetime_s=40) as a, WebhookReceiver(lifetime_s=40) as b:
        a.trickle_s = b.trickle_s = 1.0
        urls = [a.apprise_url("/hook", rto=3), b.apprise_url("/hook", rto=3)]
        with writer(warehouse, timeout_s=5) as con:
            started = time.monotonic()
            counts = deliver_pending(con, urls, budget_s=3.0, timeout_s=2.0)
            elapsed = time.monotonic() - started
    assert counts == {"delivered": 0, "failed": 1, "deferred": 3}
    assert elapsed < 3.0 + 1.5


def test_the_payload_carries_the_alert_id(warehouse: Path) -> None:
    with WebhookReceiver() as hook, writer(warehouse, timeout_s=5) as con:
        assert deliver_pending(con, [hook.apprise_url("/hook", cto=2, rto=3)])["delivered"] == 2
    by_id = {p["alert_id"]: p for p in hook.payloads}  # a field of its own in the JSON body
    assert set(by_id) == {"alert-0", "alert-1"}
    assert all(p["message"].endswith(f"alert id: {alert_id}") for alert_id, p in by_id.items())
    # read back from the table, the message still says how many stories and outlets carried the rise
    assert all("7 stories from 3 sources" in p["message"] for p in hook.payloads)
    assert hook.paths == ["/hook", "/hook"]  # the extra rides in the payload, not in the URL sent


KILLED_DELIVERY = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from warehouse.db import writer
    from warehouse.delivery import deliver_pending

    sent = []

    def sender(alert):
        sent.append(alert.alert_id)
        if len(sent) == 3:  # the second alert's first target: both targets already have the first alert
            os.kill(os.getpid(), signal.SIGKILL)
        return True, None

    with writer(Path(sys.argv[1]), timeout_s=5) as con:
        deliver_pending(con, sys.argv[2:], sender=sender)
""")
URLS = ["json://a.example/hook", "json://b.example/hook"]


def test_statuses_agree_after_a_sigkill_mid_delivery(warehouse: Path) -> None:
    """Killed while sending the second alert: the first is `delivered` overall as on both targets (before,
    its rows said delivered while the alert stayed `pending, attempts 0` for good), the second untouched."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", KILLED_DELIVERY, str(warehouse), *URLS], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr
    a, b = (delivery_target(u) for u in URLS)
    assert statuses(warehouse) == [("alert-0", "delivered", 1, [(a, "delivered"), (b, "delivered")]),
                                   ("alert-1", "pending", 0, [])]

    sent: list[str] = []
    with writer(warehouse, timeout_s=5) as con:
        counts = deliver_pending(con, URLS, sender=lambda alert: (sent.append(alert.alert_id) or True, None))
    assert counts == {"delivered": 2, "failed": 0, "deferred": 0} and sent == ["alert-1", "alert-1"]
    assert [s[1:3] for s in statuses(warehouse)] == [("delivered", 1), ("delivered", 1)]


def test_a_warehouse_left_inconsistent_by_an_earlier_release_is_repaired(warehouse: Path) -> None:
    """Rows written, overall status not (what a crash did before the one transaction): the next delivery
    recomputes the status and sends nothing again."""
    a, b = (delivery_target(u) for u in URLS)
    with writer(warehouse, timeout_s=5) as con:
        for target in (a, b):
            con.execute(sql_text("sql/mark_delivery.sql"), {"alert_id": "alert-0", "target": target,
                                                            "status": "delivered", "attempted": True,
                                                            "at": datetime.now(UTC), "error": None})
    assert statuses(warehouse)[0][1:3] == ("pending", 0)
    sent: list[str] = []
    with writer(warehouse, timeout_s=5) as con:
        deliver_pending(con, URLS, sender=lambda alert: (sent.append(alert.alert_id) or True, None))
    assert sent == ["alert-1", "alert-1"]
    assert [s[1:3] for s in statuses(warehouse)] == [("delivered", 1), ("delivered", 1)]
