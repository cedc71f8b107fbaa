"""A calendar of known events (date, label, kind): what an analyst holds alert rules to in a backtest.

The file is a CSV written by hand, so every fault is reported with its file and line instead of a traceback,
and the kinds accept the spellings analysts use ("de-escalation", "deescalation").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

COLUMNS = ("date", "label", "kind")


class EventKind(StrEnum):
    ESCALATION = "escalation"
    DEESCALATION = "de-escalation"


_KIND_SPELLINGS = {"escalation": EventKind.ESCALATION, "de-escalation": EventKind.DEESCALATION,
                   "deescalation": EventKind.DEESCALATION, "de_escalation": EventKind.DEESCALATION}


class CalendarError(ValueError):
    """A calendar file that cannot be read; the message names the file and the line."""


@dataclass(frozen=True)
class KnownEvent:
    day: date
    label: str
    kind: EventKind


def read_calendar(path: Path) -> list[KnownEvent]:
    """Events sorted by day; blank lines and lines starting with '#' are skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CalendarError(f"{path}: cannot read the calendar ({exc})") from exc
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise CalendarError(f"{path}: no events (expected a header {','.join(COLUMNS)} and one event a line)")
    rows = csv.reader([line for _, line in lines])
    header = [cell.strip().lower() for cell in next(rows)]
    if header[:3] != list(COLUMNS):
        raise CalendarError(f"{path}, line {lines[0][0]}: the header must be {','.join(COLUMNS)}, "
                            f"not {','.join(header)}")
    events = [_event(path, number, row) for (number, _), row in zip(lines[1:], rows, strict=True)]
    return sorted(events, key=lambda e: (e.day, e.label))


def _event(path: Path, number: int, row: list[str]) -> KnownEvent:
    where = f"{path}, line {number}"
    if len(row) < 3:
        raise CalendarError(f"{where}: expected {len(COLUMNS)} fields ({','.join(COLUMNS)}), got {len(row)}")
    raw_day, label, raw_kind = (cell.strip() for cell in row[:3])
    try:
        day = date.fromisoformat(raw_day)
    except ValueError as exc:
        raise CalendarError(f"{where}: {raw_day!r} is not a date (YYYY-MM-DD)") from exc
    kind = _KIND_SPELLINGS.get(raw_kind.lower())
    if kind is None:
        raise CalendarError(f"{where}: kind {raw_kind!r} is neither escalation nor de-escalation")
    return KnownEvent(day, label, kind)


__all__ = ["CalendarError", "EventKind", "KnownEvent", "read_calendar"]
