"""What every `escmon` command shares: the --config option, loading settings with a clear exit, and
which warehouse file a reader opens. One place, so the commands cannot drift apart."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from flows.config import ConfigError, load_settings
from flows.terminal_text import clean
from schemas.settings import Settings
from warehouse.db import WarehouseBusy, file_version, head_version
from warehouse.snapshot import refresh_snapshot

ConfigOption = typer.Option(None, "--config", "-c", help="Config file (default: $ESCMON_CONFIG or ./escmon.toml).")


def settings_or_exit(config: Path | None) -> Settings:
    """Load the config; a bad one is a message and exit code 2, not a traceback."""
    try:
        return load_settings(config)
    except ConfigError as exc:
        typer.echo(f"config error: {clean(exc)}", err=True)
        raise typer.Exit(2) from exc


def read_path(settings: Settings) -> Path:
    """The analysts' snapshot when there is one (it never blocks the writer), else the live file; either
    brought to this escmon's schema first (an upgrade leaves both at the old one until the next cycle)."""
    wh = settings.warehouse
    path = next((p for p in (wh.snapshot_path, wh.path) if p.exists()), None)
    if path is None:
        typer.echo(f"error: no warehouse at {wh.path}; run `escmon run` first", err=True)
        raise typer.Exit(2)
    if file_version(path) >= head_version():
        return path
    try:
        refresh_snapshot(wh.path, wh.snapshot_path, wh.lock_timeout_seconds, wh.snapshot_update)
    except WarehouseBusy as exc:
        typer.echo(f"error: {path} has an older schema than this escmon and the warehouse is busy ({exc}); "
                   "try again when the cycle has finished, or run `escmon warehouse migrate`", err=True)
        raise typer.Exit(2) from exc
    return wh.snapshot_path if wh.snapshot_path.exists() else wh.path


def as_utc(value: datetime | None) -> datetime | None:
    """Dates from the command line without a zone are UTC, like everything stored."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
