"""Score a backtest against a calendar of known events: hits with their lead time, misses, false alerts.

Every alert is an escalation alert, so an escalation event is *hit* when a rule fired on one of the
`lead_days` days before it or on the day itself; the lead time is how many days before the event the first of
those alerts came. An alert is *explained* when it falls in that lead window or in the `after_days` after an
escalation event (a crisis keeps escalating after its day: an alert then is late, not false); every other
alert is *false*, and the ones that fell around a known de-escalation count apart, as the worst kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from schemas.alerts import Alert
from schemas.known_events import EventKind, KnownEvent

LEAD_DAYS = 7  # a week's warning is what an analyst can act on; earlier alerts rarely belong to the event
AFTER_DAYS = 2  # the event's own aftermath (the day after an invasion) is not a false alarm
ANY_RULE = "(any rule)"


@dataclass(frozen=True)
class Hit:
    event: KnownEvent
    first_alert: date
    lead_days: int  # days between the first alert and the event (0 = on the day)


@dataclass(frozen=True)
class RuleScore:
    """One rule's (or all rules') record against the calendar over the replayed range."""

    rule: str
    alerts: int
    hits: tuple[Hit, ...]
    misses: tuple[KnownEvent, ...]
    false_alerts: tuple[date, ...]
    against_deescalation: int  # false alerts within the days around a known de-escalation
    days: float
    lead_window: int  # the days before an event in which an alert counts as a hit

    @property
    def false_per_30_days(self) -> float:
        return len(self.false_alerts) * 30 / self.days if self.days > 0 else 0.0


def score_rules(fired: Sequence[Alert], events: Sequence[KnownEvent], rules: Sequence[str],
                start: datetime, end: datetime, lead_days: int = LEAD_DAYS,
                after_days: int = AFTER_DAYS) -> list[RuleScore]:
    """One score per rule, then one for all rules together (an event hit by any of them)."""
    in_range = sorted((e for e in events if start.date() <= e.day <= end.date()), key=lambda e: e.day)
    days = max((end - start).total_seconds() / 86400, 1.0)
    per_rule = [_score(rule, [a.window_start.date() for a in fired if a.rule == rule], in_range, days,
                       lead_days, after_days) for rule in rules]
    together = _score(ANY_RULE, [a.window_start.date() for a in fired], in_range, days, lead_days, after_days)
    return [*per_rule, together]


def _score(rule: str, alert_days: list[date], events: Sequence[KnownEvent], days: float,
           lead_days: int, after_days: int) -> RuleScore:
    escalations = [e for e in events if e.kind is EventKind.ESCALATION]
    hits, misses = [], []
    for event in escalations:
        before = sorted(d for d in alert_days if event.day - timedelta(days=lead_days) <= d <= event.day)
        if before:
            hits.append(Hit(event, before[0], (event.day - before[0]).days))
        else:
            misses.append(event)
    false = sorted(d for d in alert_days if not any(
        e.day - timedelta(days=lead_days) <= d <= e.day + timedelta(days=after_days) for e in escalations))
    calm = [e.day for e in events if e.kind is EventKind.DEESCALATION]
    against = sum(any(c - timedelta(days=1) <= d <= c + timedelta(days=after_days) for c in calm) for d in false)
    return RuleScore(rule, len(alert_days), tuple(hits), tuple(misses), tuple(false), against, days, lead_days)


def score_lines(scores: Sequence[RuleScore], outside: int) -> list[str]:
    """The calendar part of `escmon alerts backtest --calendar`: a line per rule, then each event's fate."""
    lines = []
    for s in scores:
        leads = ", ".join(f"{h.lead_days}d" for h in s.hits)
        lines.append(f"{s.rule}: {len(s.hits)} hit, {len(s.misses)} missed"
                     + (f" (lead {leads})" if leads else "")
                     + f"; {len(s.false_alerts)} false of {s.alerts} alerts = {s.false_per_30_days:.1f} per 30 days"
                     + (f", {s.against_deescalation} around a de-escalation" if s.against_deescalation else ""))
    together = scores[-1]
    for hit in together.hits:
        lines.append(f"  hit   {hit.event.day} {hit.event.label}: first alert {hit.first_alert} "
                     f"({hit.lead_days} days ahead)")
    for event in together.misses:
        lines.append(f"  miss  {event.day} {event.label}: no alert in the {together.lead_window} days before")
    if outside:
        lines.append(f"  ({outside} calendar events fall outside the replayed range and are not scored)")
    return lines


__all__ = ["AFTER_DAYS", "ANY_RULE", "LEAD_DAYS", "Hit", "RuleScore", "score_lines", "score_rules"]
