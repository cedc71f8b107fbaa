"""The `escmon` command line: parse, call, print. Beam and Prefect are imported inside the commands that
run a cycle, so `escmon classify` and `escmon sql` start fast."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import typer

from flows.cli_alerts import backtest_command, deadman_command
from flows.cli_classify import classify_command
from flows.cli_common import ConfigOption, read_path, settings_or_exit
from flows.cli_ops import backfill_command, reclassify_command, serve_command
from flows.cli_samples import samples_app
from flows.cli_stories import stories_command, warehouse_stories_command
from flows.cli_taxonomy import taxonomy_app
from flows.config import check_rules_against_taxonomy
from flows.console_log import ConsoleHandler, LevelError, install, installed, resolve_level
from flows.feedinput.opml import OpmlError, read_opml
from flows.parent_watch import watch_children
from flows.report import report_command
from flows.table_fit import print_table
from flows.terminal_text import clean
from pipelines.parse import PARSER_PACKAGE, PARSER_VERSION
from pipelines.revision import classification_version
from schemas.settings import Settings
from schemas.status import RunStatus
from schemas.taxonomy import TaxonomyError, load_taxonomy
from warehouse.db import (
    current_version,
    migrate,
    open_query_reader,
    open_reader,
    open_writer,
    sql_text,
)
from warehouse.export import export_all
from warehouse.snapshot import publish_snapshot

app = typer.Typer(help="escmon: watch news feeds for a crisis escalating or cooling down.",
                  no_args_is_help=True, add_completion=False)
warehouse_app = typer.Typer(help="Warehouse maintenance.", no_args_is_help=True)
alerts_app = typer.Typer(help="List alerts, or replay the rules over history (backtest).",
                         invoke_without_command=True)
config_app = typer.Typer(help="Check the config file.", no_args_is_help=True)
app.add_typer(taxonomy_app, name="taxonomy", help="Derive and check the taxonomy against a corpus.")
app.add_typer(samples_app, name="samples", help="Generate the synthetic sample feeds or benchmark items.")
app.add_typer(warehouse_app, name="warehouse")
app.add_typer(alerts_app, name="alerts")
app.add_typer(config_app, name="config")
app.command("classify")(classify_command)
alerts_app.command("backtest")(backtest_command)
alerts_app.command("deadman")(deadman_command)


def _print_version(value: bool) -> None:
    """`escmon --version`: the release, the packaged taxonomy's version and the parser, for bug reports."""
    if not value:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("escalation-monitor")
    except PackageNotFoundError:
        release = "unknown (not installed)"
    taxonomy = load_taxonomy().version
    typer.echo(f"escmon {release}; taxonomy {taxonomy}; parser {PARSER_PACKAGE} {PARSER_VERSION}; "
               f"classification version {classification_version(taxonomy)}")
    raise typer.Exit()


VerboseOption = typer.Option(0, "--verbose", "-v", count=True,
                             help="Show libraries' log lines too: -v INFO, -vv DEBUG (or set ESCMON_LOG_LEVEL).")


@app.callback()
def root(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                      help="Print the release, taxonomy and parser versions and exit."),
         verbose: int = VerboseOption) -> None:
    """escmon: watch news feeds for a crisis escalating or cooling down."""
    _console_log(verbose, fresh=True)


def _console_log(verbose: int, summary_prints_alerts: bool = False, fresh: bool = False) -> ConsoleHandler:
    """The terminal's log level for this command (flows/console_log.py): a command's own -v adds to the
    one given before it (`escmon -v run`), unless `fresh`; a bad ESCMON_LOG_LEVEL exits 2."""
    try:
        level = resolve_level(verbose)
    except LevelError as exc:
        typer.echo(f"config error: {exc}", err=True)
        raise typer.Exit(2) from exc
    current = None if fresh else installed()
    return install(min(level, current.threshold) if current else level, summary_prints_alerts)


# The columns a narrow terminal keeps, in order of importance (the rest follow while they fit; csv and json
# keep the query's columns and order).
FEED_COLUMNS = ("name", "status", "health", "last_error")
ALERT_COLUMNS = ("window", "rule", "severity", "delivery", "top_item")


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def run(config: Path | None = ConfigOption,
        no_prefect: bool = typer.Option(False, help="Run the steps directly, without a Prefect flow run."),
        quiet: bool = typer.Option(False, help="Only print the summary line."),
        wait: float = typer.Option(60.0, min=0, help="Seconds to wait for another running cycle before giving "
                                   "up (exit 3)."),
        verbose: int = VerboseOption) -> None:
    """Run one monitoring cycle now: fetch, classify (Beam + spaCy), load DuckDB, alert, deliver."""
    console = _console_log(verbose, summary_prints_alerts=not quiet)  # before Beam logs its import warnings
    # start-up: the cycle imports Beam (about 1.3 s), which no other command needs
    from flows import cycle, summary

    settings = settings_or_exit(config)
    try:
        if no_prefect:
            report = cycle.run_cycle(settings, lock_wait_s=wait)
        else:
            # start-up: Prefect takes about 2.4 s to import; --no-prefect and every other command skip it
            from flows.prefect_flow import run_cycle_flow

            watch_children()  # Prefect's temporary server is stopped even if this process is killed
            report = run_cycle_flow(settings, wait)
    except cycle.CycleBusy as exc:
        typer.echo(f"cycle not run: {clean(exc)}", err=True)
        raise typer.Exit(3) from exc
    except Exception as exc:  # the cycle itself could not complete: say why, exit non-zero
        console.replay_held("the failure")
        typer.echo(f"cycle failed: {type(exc).__name__}: {clean(exc)}", err=True)
        raise typer.Exit(1) from exc
    if quiet:
        typer.echo(f"{report.status}: {report.items_new} new items, {len(report.alerts)} alerts")
    else:
        summary.print_summary(report, settings.warehouse.snapshot_path)
        console.release_alerts({alert.alert_id for alert in report.alerts})
    if report.status == RunStatus.DEGRADED:
        why = [f"{report.failed_batches} staged batch(es) failed (see runs.errors)"] if report.failed_batches else []
        why += ["no feed could be fetched"] if report.feeds_ok == 0 else []
        why += [f"alert rule(s) skipped, ids not in the taxonomy: {', '.join(sorted(report.skipped_rules))} "
                "(see `escmon config check`)"] if report.skipped_rules else []
        typer.echo(f"warning: {'; '.join(why)} (recorded as 'degraded')", err=True)
    if report.status not in (RunStatus.COMPLETED, RunStatus.DEFERRED, RunStatus.DEGRADED):
        console.replay_held("the failure")
        for error in report.errors[-5:]:
            typer.echo(f"cycle failed: {clean(error)}", err=True)
        raise typer.Exit(1)


@app.command()
def sql(query: str = typer.Argument(..., help="SQL to run (read-only)."),
        format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
        live: bool = typer.Option(False, help="Query the live warehouse file instead of the snapshot "
                                               "(may delay a scheduled load while open)."),
        config: Path | None = ConfigOption) -> None:
    """Run a read-only SQL query over the warehouse (the snapshot published after each load); it can read
    no other file and reach no network."""
    import duckdb

    settings = settings_or_exit(config)
    path = settings.warehouse.path if live or not settings.warehouse.snapshot_path.exists() \
        else settings.warehouse.snapshot_path
    try:
        con = open_query_reader(path)
    except (FileNotFoundError, duckdb.IOException) as exc:
        typer.echo(f"error: {clean(exc)}", err=True)
        raise typer.Exit(2) from exc
    try:
        cur = con.execute(query)
        if cur is None:  # "" or ";": DuckDB has nothing to run and returns no cursor
            raise duckdb.InvalidInputException("no SQL statement to run")
        cols = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if cols else []
    except duckdb.Error as exc:
        typer.echo(f"SQL error: {clean(exc)}", err=True)
        raise typer.Exit(2) from exc
    finally:
        con.close()
    _print_rows(cols, rows, format)


def _print_rows(cols: list[str], rows: list[tuple], fmt: OutputFormat, keep: tuple[str, ...] = (),
                flexible: tuple[str, ...] | None = None, prefer: tuple[str, ...] = ()) -> None:
    """Rows as csv, JSON lines or a table. The table fits the terminal (flows/table_fit.py): the `keep`
    columns whole, the others while they fit, a line naming those left out; csv and json carry every column.
    Values come from feeds: csv and table text goes through the terminal sanitiser, JSON escapes control
    characters itself."""
    if fmt is OutputFormat.csv:
        import csv

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow([clean(c) for c in cols])
        w.writerows([[clean(v) if isinstance(v, str) else v for v in row] for row in rows])
    elif fmt is OutputFormat.json:
        for row in rows:
            typer.echo(json.dumps(dict(zip(cols, row, strict=True)), default=str))
    else:
        from rich.console import Console

        print_table(Console(), cols, rows, keep, flexible, prefer=prefer)


@app.command()
def feeds(config: Path | None = ConfigOption,
          format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f")) -> None:
    """Feed health: last fetch, status, HTTP code, consecutive failures, last error, items seen."""
    settings = settings_or_exit(config)
    con = open_reader(read_path(settings))
    try:
        cur = con.execute(sql_text("sql/list_feeds.sql"))
        cols, rows = [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()
    _print_rows(cols, rows, format, keep=FEED_COLUMNS, flexible=("last_error", "feed_url"),
                prefer=("fails", "items_seen", "last_fetch", "http_status"))
    _warn_skipped_opml_entries(settings)


def _warn_skipped_opml_entries(settings: Settings) -> None:
    """The OPML list's entries the cycle does not fetch (local files, other schemes), each with its reason:
    they have no row above, and a user who listed them must learn why."""
    if not settings.feeds_opml:
        return
    try:
        skipped = read_opml(settings.feeds_opml).skipped
    except OpmlError as exc:
        typer.echo(f"warning: {clean(str(exc))}", err=True)
        return
    for entry in skipped:
        typer.echo(f"warning: {clean(f'{settings.feeds_opml}: {entry}')}", err=True)


@alerts_app.callback()
def alerts(ctx: typer.Context,
           since: datetime | None = typer.Option(None, help="Only alerts whose window starts at or after this."),
           config: Path | None = ConfigOption,
           format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f")) -> None:
    """List alerts (newest first) with their delivery status."""
    if ctx.invoked_subcommand:
        return
    settings = settings_or_exit(config)
    con = open_reader(read_path(settings))
    try:
        start = since.replace(tzinfo=since.tzinfo or UTC) if since else datetime(1970, 1, 1, tzinfo=UTC)
        cur = con.execute(sql_text("sql/list_alerts.sql"), {"since": start})
        cols, rows = [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()
    _print_rows(cols, rows, format, keep=ALERT_COLUMNS, flexible=("top_item", "targets", "delivery_error"))


@warehouse_app.command("migrate")
def warehouse_migrate(config: Path | None = ConfigOption) -> None:
    """Apply pending migrations (also done automatically at the start of every write)."""
    settings = settings_or_exit(config)
    con = open_writer(settings.warehouse.path, settings.warehouse.lock_timeout_seconds)
    try:
        applied = migrate(con)
        typer.echo(f"{settings.warehouse.path}: schema version {current_version(con)}; "
                   f"applied {applied or 'nothing (up to date)'}")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    if publish_snapshot(settings.warehouse.path, settings.warehouse.snapshot_path, settings.warehouse.snapshot_update):
        typer.echo(f"published {settings.warehouse.snapshot_path}")


@config_app.command("check")
def config_check(config: Path | None = ConfigOption) -> None:
    """Load the config and check the alert rules' ids against the taxonomy (exit 2 on any problem)."""
    settings = settings_or_exit(config)
    try:
        taxonomy = load_taxonomy(settings.pipeline.taxonomy)
    except TaxonomyError as exc:
        typer.echo(f"config error: {settings.source}: [pipeline] taxonomy: {clean(exc)}", err=True)
        raise typer.Exit(2) from exc
    problems = check_rules_against_taxonomy(settings, taxonomy)
    n_feeds = len(settings.feeds)
    if settings.feeds_opml:  # the cycle reads it, and fetches only its web feeds
        try:
            listed = read_opml(settings.feeds_opml)
        except OpmlError as exc:
            problems.append(f"{settings.source}: feeds_opml: {exc}")
        else:
            n_feeds += len(listed.feeds)
            for entry in listed.skipped:
                typer.echo(f"warning: {clean(f'{settings.feeds_opml}: {entry}')}", err=True)
    for problem in problems:
        typer.echo(f"config error: {clean(problem)}", err=True)
    if problems:
        raise typer.Exit(2)
    typer.echo(f"ok: {n_feeds} feeds, {len(settings.alerts.rules)} rules, taxonomy {taxonomy.version}")


@app.command()
def export(directory: Path = typer.Argument(..., help="Folder to write one file per table and view."),
           format: str = typer.Option("parquet", "--format", "-f", help="parquet or csv"),
           config: Path | None = ConfigOption) -> None:
    """Export every table and view to Parquet or CSV files."""
    if format not in ("parquet", "csv"):
        typer.echo("error: --format must be parquet or csv", err=True)
        raise typer.Exit(2)
    settings = settings_or_exit(config)
    for name, rows, path in export_all(read_path(settings), directory, format):
        typer.echo(f"{name}: {rows} rows -> {path}")


app.command("serve")(serve_command)
app.command("backfill")(backfill_command)
app.command("reclassify")(reclassify_command)
app.command("report")(report_command)
app.command("stories")(stories_command)
warehouse_app.command("stories")(warehouse_stories_command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
