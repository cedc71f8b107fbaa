"""`escmon alerts backtest` and `escmon alerts deadman`: tune rules on history, and a cron-able liveness check.

Both only read: the backtest runs the spike SQL on the analysts' snapshot (never the live warehouse, so it
cannot block a scheduled load, and never writes an alert); the dead-man check reads the runs table.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer

from flows.cli_common import ConfigOption, as_utc, read_path, settings_or_exit
from flows.terminal_text import clean
from schemas.known_events import CalendarError, KnownEvent, read_calendar
from warehouse.alerts import backtest, deadman_message, last_completed_cycle
from warehouse.backtest_score import LEAD_DAYS, score_lines, score_rules
from warehouse.db import open_reader


def backtest_command(
        date_from: datetime = typer.Option(..., "--from", help="First window to replay (UTC date or time)."),
        date_to: datetime = typer.Option(..., "--to", help="Last window to replay (inclusive)."),
        rule: list[str] = typer.Option([], "--rule", "-r", help="Only these rule names (repeatable)."),
        evidence: bool = typer.Option(False, help="Also print the items that drove each alert."),
        calendar: Path | None = typer.Option(
            None, help="CSV of known events (date,label,kind = escalation|de-escalation): score the rules "
                       "against it (hits with lead time, misses, false alerts per 30 days)."),
        lead_days: int = typer.Option(LEAD_DAYS, min=0, max=366,
                                      help="With --calendar: days before an event in which an alert is a hit."),
        config: Path | None = ConfigOption) -> None:
    """Replay the alert rules over stored history and print what would have fired (writes nothing)."""
    events = _calendar_or_exit(calendar) if calendar else None
    settings = settings_or_exit(config)
    rules = [r for r in settings.alerts.rules if not rule or r.name in rule]
    unknown = sorted(set(rule) - {r.name for r in settings.alerts.rules})
    if unknown or not rules:
        typer.echo(f"error: no such rule(s) {unknown or rule}; configured: "
                   f"{[r.name for r in settings.alerts.rules]}", err=True)
        raise typer.Exit(2)
    start, end = as_utc(date_from), as_utc(date_to)
    if end.time() == datetime.min.time():  # a bare date means the whole day
        end += timedelta(days=1) - timedelta(microseconds=1)
    if end < start:
        typer.echo("error: --to is before --from", err=True)
        raise typer.Exit(2)
    con = open_reader(read_path(settings))
    try:
        result = backtest(con, rules, start, end)
    finally:
        con.close()
    for alert in result.fired:
        typer.echo(clean(alert.body() if evidence else alert.headline()))
    days = (end - start).total_seconds() / 86400
    typer.echo(f"{len(result.fired)} alerts would have fired over {days:.0f} days "
               f"({len(result.suppressed)} more held back by cooldowns); rules: "
               + ", ".join(f"{r.name}={sum(a.rule == r.name for a in result.fired)}" for r in rules))
    if events is not None:
        scores = score_rules(result.fired, events, [r.name for r in rules], start, end, lead_days)
        outside = sum(not start.date() <= e.day <= end.date() for e in events)
        for line in score_lines(scores, outside):
            typer.echo(clean(line))


def _calendar_or_exit(path: Path) -> list[KnownEvent]:
    """The calendar's events; a bad file is one line and exit code 2, before any warehouse is opened."""
    try:
        return read_calendar(path)
    except CalendarError as exc:
        typer.echo(f"error: {clean(exc)}", err=True)
        raise typer.Exit(2) from exc


def deadman_command(
        hours: float | None = typer.Option(None, help="Limit in hours (default: [alerts] deadman_hours)."),
        config: Path | None = ConfigOption) -> None:
    """Exit 1 when no monitoring cycle completed within the limit: run it from an external cron."""
    settings = settings_or_exit(config)
    limit = hours if hours is not None else settings.alerts.deadman_hours
    con = open_reader(read_path(settings))
    try:
        last = last_completed_cycle(con)
    finally:
        con.close()
    message = deadman_message(last, limit)
    if message:
        typer.echo(f"DEAD: {message}", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: last cycle completed {last.astimezone(UTC):%Y-%m-%d %H:%M} UTC (limit {limit:g} h)")
