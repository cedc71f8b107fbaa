"""What every `escmon` command shares: the --config option, loading settings with a clear exit, and
which warehouse file a reader opens. One place, so the commands cannot drift apart."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from flows.config import ConfigError, Settings, load_settings

ConfigOption = typer.Option(None, "--config", "-c", help="Config file (default: $ESCMON_CONFIG or ./escmon.toml).")


def settings_or_exit(config: Path | None) -> Settings:
    """Load the config; a bad one is a message and exit code 2, not a traceback."""
    try:
        return load_settings(config)
    except ConfigError as exc:
        typer.echo(f"config error: {exc}", err=True)
        raise typer.Exit(2) from exc


def read_path(settings: Settings) -> Path:
    """The analysts' snapshot when there is one (it never blocks the writer), else the live file."""
    for path in (settings.warehouse.snapshot_path, settings.warehouse.path):
        if path.exists():
            return path
    typer.echo(f"error: no warehouse at {settings.warehouse.path}; run `escmon run` first", err=True)
    raise typer.Exit(2)


def as_utc(value: datetime | None) -> datetime | None:
    """Dates from the command line without a zone are UTC, like everything stored."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
