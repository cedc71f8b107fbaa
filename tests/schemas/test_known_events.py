"""The known-events calendar is hand-written CSV: faults name the file and line, spellings are forgiven."""

from __future__ import annotations

from datetime import date

import pytest

from schemas.known_events import CalendarError, EventKind, read_calendar


def write(tmp_path, text: str):
    path = tmp_path / "calendar.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_events_sorted_with_comments_blank_lines_and_quoted_labels(tmp_path):
    path = write(tmp_path, "# analysts' calendar\ndate,label,kind\n\n2026-02-24,\"Invasion, day one\",Escalation\n"
                           "2026-01-10,Talks in Geneva,deescalation\n")
    events = read_calendar(path)
    assert [(e.day, e.label, e.kind) for e in events] == [
        (date(2026, 1, 10), "Talks in Geneva", EventKind.DEESCALATION),
        (date(2026, 2, 24), "Invasion, day one", EventKind.ESCALATION)]


@pytest.mark.parametrize(("text", "message"), [
    ("day,what,kind\n2026-01-01,x,escalation\n", "line 1: the header must be date,label,kind"),
    ("date,label,kind\n2026-01-01,x,escalation\n2026-13-01,y,escalation\n", "line 3: '2026-13-01' is not a date"),
    ("date,label,kind\n2026-01-01,x,calm\n", "line 2: kind 'calm' is neither escalation nor de-escalation"),
    ("date,label,kind\n2026-01-01,x\n", "line 2: expected 3 fields"),
    ("# nothing yet\n", "no events"),
])
def test_faults_name_the_file_and_line(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(CalendarError) as caught:
        read_calendar(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_a_missing_or_binary_file_is_a_calendar_error(tmp_path):
    with pytest.raises(CalendarError, match="cannot read"):
        read_calendar(tmp_path / "absent.csv")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00date")
    with pytest.raises(CalendarError, match="cannot read"):
        read_calendar(binary)
