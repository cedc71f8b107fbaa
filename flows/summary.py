"""What a person sees after a cycle: feeds, new items, signals by category, actors, alerts, a query to try."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from flows.cycle import CycleReport
from flows.terminal_text import cell, markup
from schemas.status import RunStatus
from warehouse.db import open_reader, sql_text

# The evidence behind the numbers, in columns that fit an 80-column terminal.
TRY_QUERY = "SELECT published, category, matched_text, title FROM top_signals LIMIT 10"
ACTOR_DAYS = 7  # the main actors' window: the newest week of dated data, not the week before "now"


def print_summary(report: CycleReport, snapshot: Path, console: Console | None = None) -> None:
    console = console or Console()
    color = {RunStatus.COMPLETED: "green", RunStatus.DEFERRED: "yellow"}.get(report.status, "red")
    console.print(f"[bold]escmon cycle {markup(report.run_id)}[/bold]: [{color}]{markup(report.status)}[/{color}]")
    console.print(f"feeds: {report.feeds_ok} ok, {report.feeds_failed} failed; items fetched "
                  f"{report.items_fetched}, new {report.items_new}, loaded {report.items_loaded}; "
                  f"signals {report.signals_loaded}; dead letters {report.dead_letters}")
    for name, error in sorted(report.feed_errors.items()):
        console.print(f"  [red]feed failed[/red] {markup(name)}: {markup(error)}")
    for error in report.errors:
        console.print(f"  [yellow]note[/yellow] {markup(error)}")
    if snapshot.exists():
        _print_tables(snapshot, report, console)
    if report.alerts:
        console.print(f"[bold red]{len(report.alerts)} alert(s) fired[/bold red]")
        for alert in report.alerts:
            console.print(f"  {markup(alert.headline())}")
            for ev in alert.evidence[:2]:
                console.print(f"    - {markup(ev.get('title'))}: \"{markup(ev.get('evidence'))}\"")
    else:
        console.print("no new alerts")
    counts = [f"{n} {markup(state)}" for state, n in report.deliveries.items() if n]
    if counts:
        console.print(f"alert delivery: {', '.join(counts)}")
    console.print(f"warehouse: {markup(report.warehouse)}  (analysts' snapshot: {markup(snapshot)})")
    console.print(f'try: escmon sql "{TRY_QUERY}"', markup=False)


def _print_tables(snapshot: Path, report: CycleReport, console: Console) -> None:
    con = open_reader(snapshot)
    try:
        cats = con.execute(sql_text("sql/summary_categories.sql"), {"run_id": report.run_id}).fetchall()
        newest, _, _, undated = con.execute(sql_text("sql/data_range.sql")).fetchone()
        first = newest - timedelta(days=ACTOR_DAYS - 1) if newest else None
        actors = con.execute(sql_text("sql/summary_actors.sql"), {"first": first, "last": newest}).fetchall() \
            if newest else []
    finally:
        con.close()
    if cats:
        table = Table(title="signals loaded this cycle, by category")
        for col in ("category", "direction", "signals", "counted", "weight"):
            table.add_column(col)
        for row in cats:
            table.add_row(*(cell(v) for v in row))
        console.print(table)
    if actors:
        table = Table(title=f"main actors, {first:%Y-%m-%d} to {newest:%Y-%m-%d}",
                      caption=f"the newest {ACTOR_DAYS} days of dated items")
        for col in ("actor", "items", "escalation", "de-escalation", "index"):
            table.add_column(col)
        for row in actors:
            table.add_row(*(cell(v) for v in row))
        console.print(table)
        if undated:
            console.print(f"{undated} undated item(s) (stamped with their fetch time) do not move this window.")
