"""`escmon stories` (recent stories: one event, however many outlets carried it) and `escmon warehouse
stories` (assign stories to items that have none, or rebuild them all). Registered in flows/cli.py."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import typer

from flows.cli_common import ConfigOption, read_path, settings_or_exit
from flows.terminal_text import cell, clean
from warehouse.db import open_reader, sql_text
from warehouse.story_loader import assign_pending
from warehouse.warehouse import Warehouse


class StoryFormat(StrEnum):
    table = "table"
    json = "json"


def stories_command(
    days: int = typer.Option(7, min=1, help="Stories seen in this many days up to the newest one."),
    limit: int = typer.Option(30, min=1, help="At most this many, newest first."),
    min_sources: int = typer.Option(1, "--min-sources", min=1, help="Only stories with this many independent "
                                                                    "sources (outlets with a text of their own)."),
    format: StoryFormat = typer.Option(StoryFormat.table, "--format", "-f"),
    config: Path | None = ConfigOption,
) -> None:
    """Recent stories: headline, items, independent sources, first seen, category (JSON lines: every field)."""
    settings = settings_or_exit(config)
    con = open_reader(read_path(settings))
    try:
        cur = con.execute(sql_text("sql/list_stories.sql"), {"days": days, "limit": limit,
                                                              "min_sources": min_sources})
        cols, rows = [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()
    stories = [dict(zip(cols, row, strict=True)) for row in rows]
    if format is StoryFormat.json:
        for story in stories:
            typer.echo(json.dumps(story, default=_iso, ensure_ascii=False))
    else:
        print_table(stories)


def print_table(stories: list[dict]) -> None:
    """Fits an 80-column terminal: the headline takes what the fixed columns leave, cut with an ellipsis."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not stories:
        console.print("no stories yet (run `escmon run`, or `escmon warehouse stories` after an upgrade)")
        return
    table = Table(box=None, pad_edge=False, expand=False)
    fixed = (("first seen", 11, "left"), ("items", 5, "right"), ("src", 3, "right"), ("category", 14, "left"))
    for name, width, justify in fixed:
        table.add_column(name, no_wrap=True, overflow="ellipsis", width=width, justify=justify)
    gaps = 2 * len(fixed)  # one space of padding on each inner side of a column
    headline = max(console.width - sum(w for _, w, _ in fixed) - gaps - 1, 20)
    table.add_column("headline", no_wrap=True, overflow="ellipsis", width=headline)
    for s in stories:
        table.add_row(f"{s['first_seen']:%m-%d %H:%M}", str(s["items"]), str(s["sources"]),
                      cell(s["category"] or "-"), cell(s["headline"] or ""))
    console.print(table)


def warehouse_stories_command(
    rebuild: bool = typer.Option(False, help="Forget every story and assign all items again (after the story "
                                             "rule changed)."),
    config: Path | None = ConfigOption,
) -> None:
    """Assign stories to items that have none (a warehouse from before stories); a cycle does this too."""
    settings = settings_or_exit(config)
    wh = Warehouse.of(settings.warehouse)
    with wh.writer() as con:
        update = assign_pending(con, rebuild=rebuild)
        total = con.execute("SELECT count(*) FROM stories").fetchone()[0]
        con.execute("CHECKPOINT")
    typer.echo(f"{clean(settings.warehouse.path)}: {update.assigned} items assigned, {update.stories} stories "
               f"written; {total} stories in all")
    if wh.publish_snapshot():
        typer.echo(f"published {clean(settings.warehouse.snapshot_path)}")


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)
