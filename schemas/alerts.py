"""An alert as the warehouse stores it and a receiver reads it: its key, its window, its evidence and its text.

Evaluated by warehouse/alerts.py, delivered by warehouse/delivery.py, printed by the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from schemas.status import Severity

BUILDUP_NOTE = "build-up"  # a note starting so marks a build-up alert (stored rows keep no method)


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
    severity: Severity  # a stored word is read back as its Severity
    evidence: list[dict[str, Any]]
    story_count: int | None = field(default=None, compare=False)  # one event told by five outlets is one story
    source_count: int | None = field(default=None, compare=False)  # outlets with a text of their own
    note: str | None = field(default=None, compare=False)  # an upgrade's predecessor, a build-up's length
    # the categories and actors that rose most against the baseline: {dimension, id, now, before} per window
    drivers: list[dict[str, Any]] = field(default_factory=list, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", Severity(self.severity))

    def headline(self) -> str:
        items = f"{self.story_count} stories, " if self.story_count is not None else ""
        if self.source_count is not None:
            items = f"{items[:-2]} from {self.source_count} sources, "
        note = f"; {self.note}" if self.note else ""
        what = "build-up" if (self.note or "").startswith(BUILDUP_NOTE) else "spike"
        return (f"[{self.severity.upper()}] {self.indicator} escalation {what} ({self.rule}), {self.window_kind} of "
                f"{self.window_start:%Y-%m-%d %H:%M} UTC: {self.observed:.1f} vs baseline "
                f"{(self.baseline_mean or 0):.1f} (score {self.score:.1f}, {items}{self.signal_count} signals){note}")

    def drivers_line(self) -> str | None:
        """"Drove it: troop_buildup 0.5 -> 3.0 a day, ...; actors ..." or None when nothing was recorded."""
        if not self.drivers:
            return None
        per = "an hour" if self.window_kind == "hour" else "a day"
        parts = []
        for dimension, label in (("category", "categories"), ("actor", "actors")):
            rises = [f"{d.get('name') or d['id']} {d['before']:g} -> {d['now']:g}"
                     for d in self.drivers if d["dimension"] == dimension]
            if rises:
                parts.append(f"{label} " + ", ".join(rises))
        return f"Drove it (weight {per}, against the baseline): " + "; ".join(parts)

    def body(self) -> str:
        lines = [self.headline(), ""]
        if self.drivers_line():
            lines += [self.drivers_line(), ""]
        for ev in self.evidence:
            lines.append(f"- {ev.get('title')} ({ev.get('feed_name')}) {ev.get('link') or ''}".rstrip())
            if ev.get("outlets") and (ev.get("items") or 1) > 1:  # a story carried by several items or outlets
                lines.append(f"  {ev.get('items')} items, {ev.get('sources')} independent sources: "
                             f"{', '.join(ev['outlets'])}")
            if ev.get("evidence"):
                lines.append(f"  [{ev.get('category')}] \"{ev.get('evidence')}\"")
        # a receiver de-duplicates on this (with the severity: an upgrade is a new message); a crash between
        # a send and its record means the next cycle sends the same alert again
        lines += ["", f"alert id: {self.alert_id}"]
        return "\n".join(lines)
