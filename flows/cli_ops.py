"""Operations commands: `escmon serve`, `escmon backfill`, `escmon reclassify`.

Registered in flows/cli.py. Nothing heavy at module level (no Beam, no Prefect), so `escmon --help` and
the other commands stay fast; each command imports what it needs.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from flows.cli_common import ConfigOption, as_utc, settings_or_exit
from flows.serve import ServeError, resolve_schedule, serve
from flows.terminal_text import clean

FromOption = typer.Option(None, "--from", help="Start of the range (inclusive), e.g. 2026-10-01 or an ISO "
                                               "time; UTC when no zone is given. Default: the oldest item.")
ToOption = typer.Option(None, "--to",
                        help="End of the range (exclusive). Default: just after the newest item.")
BatchOption = typer.Option(2000, "--batch-size", min=1,
                           help="Items per staged batch (one Beam run and one load each).")


def serve_command(
    config: Path | None = ConfigOption,
    interval: int | None = typer.Option(None, "--interval", min=1, help="Seconds between cycles (overrides the "
                                                                          "config's schedule)."),
    cron: str | None = typer.Option(None, "--cron", help="Cron schedule, e.g. '*/15 * * * *' (overrides the "
                                                         "config's schedule)."),
    name: str = typer.Option("escmon-serve", help="Prefect deployment name."),
    log_dir: Path | None = typer.Option(None, help="Write the local Prefect server's log here (default: "
                                                   "discarded)."),
) -> None:
    """Run the monitoring cycle on its schedule, unattended, until SIGTERM or Ctrl-C.

    Uses the Prefect server in PREFECT_API_URL, or starts a local one and stops it on exit. Cycles never
    overlap: a run that would start while one is running is cancelled and shows so in Prefect.
    """
    settings = settings_or_exit(config)
    try:
        schedule = resolve_schedule(settings, interval, cron)
    except ValueError as exc:
        typer.echo(f"error: {clean(exc)}", err=True)
        raise typer.Exit(2) from exc
    if log_dir:
        log_dir.mkdir(parents=True, exist_ok=True)
    try:
        code = serve(settings, schedule, name=name, log_dir=log_dir,
                     say=lambda msg: typer.echo(f"escmon serve: {clean(msg)}"))
    except ServeError as exc:
        typer.echo(f"escmon serve: error: {clean(exc)}", err=True)
        raise typer.Exit(1) from exc
    raise typer.Exit(code)


def backfill_command(
    paths: list[Path] = typer.Argument(..., help="Archived feed files (RSS/Atom) or item JSON lines, or "
                                                 "folders of them."),
    start: datetime | None = FromOption,
    end: datetime | None = ToOption,
    batch_size: int = BatchOption,
    deliver: bool = typer.Option(False, help="Deliver the alerts the replay fires (default: record them as "
                                             "'replayed')."),
    config: Path | None = ConfigOption,
) -> None:
    """Replay archives through the pipeline, then evaluate the alert rules for every window of the range.

    JSON lines: `title`, `link`, `published`, optional `summary` or `text`, `id`, `source` (feed name,
    default the file name). Feed files of configured feeds keep the configured feed name.
    """
    # start-up: backfill and the cycle import Beam (about 1.3 s), which the other commands do not need
    from flows import backfill, cycle

    settings = settings_or_exit(config)
    try:
        with RichProgress() as progress:
            report = backfill.run_backfill(settings, paths, as_utc(start), as_utc(end), batch_size=batch_size,
                                           deliver=deliver, progress=progress)
    except (FileNotFoundError, cycle.CycleBusy) as exc:
        typer.echo(f"error: {clean(exc)}", err=True)
        raise typer.Exit(2 if isinstance(exc, FileNotFoundError) else 3) from exc
    _print_replay(report, "backfill")


def reclassify_command(
    start: datetime | None = FromOption,
    end: datetime | None = ToOption,
    batch_size: int = BatchOption,
    alerts: bool = typer.Option(True, help="Re-test the alert rules over the re-classified range."),
    config: Path | None = ConfigOption,
) -> None:
    """Re-classify warehouse history under the current taxonomy version (after a taxonomy change).

    Adds rows keyed by the new version; the current_* views then use the newest classification.
    """
    # start-up: backfill and the cycle import Beam (about 1.3 s), which the other commands do not need
    from flows import backfill, cycle

    settings = settings_or_exit(config)
    try:
        with RichProgress() as progress:
            report = backfill.run_reclassify(settings, as_utc(start), as_utc(end), batch_size=batch_size,
                                             alerts=alerts, progress=progress)
    except cycle.CycleBusy as exc:
        typer.echo(f"error: {clean(exc)}", err=True)
        raise typer.Exit(3) from exc
    _print_replay(report, "reclassify")


def _print_replay(report, what: str) -> None:
    run = report.run
    span = f"{report.start:%Y-%m-%d %H:%M} .. {report.end:%Y-%m-%d %H:%M} UTC" if report.start else "no items"
    typer.echo(f"{what}: {report.files} files, {report.items_read} items read, "
               f"{report.items_out_of_range} out of range, {report.items_known} already known, "
               f"{report.rejected} rejected")
    typer.echo(f"{what}: {run.items_loaded} items loaded, {run.signals_loaded} signals, "
               f"{run.dead_letters} dead letters in {report.batches} batches; "
               f"alerts over {span}: {report.alerts_replayed}")
    for line in report.errors[:10]:
        typer.echo(f"  rejected: {clean(line)}", err=True)


class RichProgress:
    """A rich progress bar per phase (read files, classify items); the backfill's Progress seam."""

    LABELS = {"read": "reading archives", "classify": "classify + load"}

    def __enter__(self) -> RichProgress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), transient=False)
        self._tasks: dict[str, int] = {}
        self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(*exc)

    def start(self, phase: str, total: int | None) -> None:
        self._tasks[phase] = self._bar.add_task(self.LABELS.get(phase, phase), total=total)

    def advance(self, phase: str, amount: int = 1) -> None:
        if phase in self._tasks:
            self._bar.advance(self._tasks[phase], amount)
