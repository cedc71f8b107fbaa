"""Backtest scoring against a calendar: what an analyst reads off it must be the alerts' real record."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from schemas.alerts import Alert
from schemas.known_events import EventKind, KnownEvent
from warehouse.alerts import alert_key
from warehouse.backtest_score import ANY_RULE, score_lines, score_rules

START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 3, 1, 23, 59, tzinfo=UTC)  # 59.999 days


def fired(rule: str, day: date) -> Alert:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return Alert(alert_key(rule, "index", start), rule, "index", "day", start, start + timedelta(days=1),
                 10.0, 5, 2.0, 1.0, 4.0, "warning", [])


INVASION = KnownEvent(date(2026, 2, 20), "invasion", EventKind.ESCALATION)
ULTIMATUM = KnownEvent(date(2026, 1, 20), "ultimatum", EventKind.ESCALATION)
TALKS = KnownEvent(date(2026, 2, 1), "talks open", EventKind.DEESCALATION)


def test_hits_carry_the_lead_of_the_first_alert_in_the_week_before():
    alerts = [fired("a", date(2026, 2, 15)), fired("a", date(2026, 2, 18)), fired("a", date(2026, 2, 20))]
    a, together = score_rules(alerts, [INVASION, ULTIMATUM], ["a"], START, END)
    assert [(h.event.label, h.first_alert, h.lead_days) for h in a.hits] == [("invasion", date(2026, 2, 15), 5)]
    assert [m.label for m in a.misses] == ["ultimatum"]
    assert a.false_alerts == () and a.alerts == 3
    assert together.rule == ANY_RULE and together.hits == a.hits


def test_alerts_outside_every_lead_window_are_false_and_counted_per_30_days():
    alerts = [fired("a", date(2026, 1, 5)), fired("a", date(2026, 2, 2)),  # two false, one on the talks
              fired("a", date(2026, 2, 21)),  # the day after the invasion: late, not false
              fired("a", date(2026, 2, 23))]  # three days after: false
    (a, _) = score_rules(alerts, [INVASION, TALKS], ["a"], START, END)
    assert a.false_alerts == (date(2026, 1, 5), date(2026, 2, 2), date(2026, 2, 23))
    assert a.against_deescalation == 1
    assert abs(a.false_per_30_days - 3 * 30 / ((END - START).total_seconds() / 86400)) < 1e-9
    assert a.hits == () and [m.label for m in a.misses] == ["invasion"]  # late is not a hit


def test_each_rule_is_scored_on_its_own_and_any_rule_takes_the_earliest():
    alerts = [fired("spike", date(2026, 2, 20)), fired("buildup", date(2026, 2, 14)),
              fired("buildup", date(2026, 1, 19))]
    spike, buildup, together = score_rules(alerts, [INVASION, ULTIMATUM], ["spike", "buildup"], START, END)
    assert [(h.event.label, h.lead_days) for h in spike.hits] == [("invasion", 0)]
    assert [(h.event.label, h.lead_days) for h in buildup.hits] == [("ultimatum", 1), ("invasion", 6)]
    assert [(h.event.label, h.lead_days) for h in together.hits] == [("ultimatum", 1), ("invasion", 6)]
    assert together.alerts == 3


def test_events_outside_the_range_are_neither_hit_nor_missed():
    later = KnownEvent(date(2026, 6, 1), "later", EventKind.ESCALATION)
    (a, _) = score_rules([], [later], ["a"], START, END)
    assert a.hits == () and a.misses == ()
    assert any("1 calendar events fall outside" in line for line in score_lines([a, a], outside=1))


def test_a_wider_lead_window_turns_an_early_alert_into_a_hit():
    alerts = [fired("a", date(2026, 2, 10))]
    (narrow, _), (wide, _) = (score_rules(alerts, [INVASION], ["a"], START, END, lead_days=n) for n in (7, 14))
    assert narrow.hits == () and len(narrow.false_alerts) == 1
    assert [h.lead_days for h in wide.hits] == [10] and wide.false_alerts == ()
