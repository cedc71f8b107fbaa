"""The warehouse handle: one object built from the warehouse settings that every step opens the file through.

It carries what each open needs (the file, how long to wait for another writer, the analysts' snapshot),
so callers stop repeating them, and the file is migrated once per process (warehouse/db.py). Named
queries are the SQL files under warehouse/sql/, returned as rows keyed by column name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import duckdb

from warehouse.db import sql_text, writer
from warehouse.snapshot import Published, publish_snapshot

Row = dict[str, Any]


class WarehouseSettings(Protocol):
    """The `[warehouse]` settings the handle is built from (read, not imported: schemas own the config)."""

    @property
    def path(self) -> Path: ...

    @property
    def snapshot_path(self) -> Path: ...

    @property
    def lock_timeout_seconds(self) -> float: ...

    @property
    def snapshot_update(self) -> bool: ...


@dataclass(frozen=True)
class Warehouse:
    path: Path
    lock_timeout_s: float = 30.0
    snapshot_path: Path | None = None
    extra_migrations: tuple[Path, ...] = ()  # folders of migrations beyond the package's (tests' tables)
    snapshot_update: bool = True  # the spare updated in place where the filesystem cannot clone

    @classmethod
    def of(cls, settings: WarehouseSettings) -> Warehouse:
        return cls(settings.path, settings.lock_timeout_seconds, settings.snapshot_path,
                   snapshot_update=settings.snapshot_update)

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The migrated writer connection, waiting up to the lock timeout (then `WarehouseBusy`)."""
        with writer(self.path, self.lock_timeout_s, self.extra_migrations) as con:
            yield con

    def publish_snapshot(self) -> Published | None:
        """Publish the checkpointed file as the analysts' snapshot (None when the old one is kept)."""
        if self.snapshot_path is None:
            return None
        return publish_snapshot(self.path, self.snapshot_path, self.snapshot_update)


def rows(cur: duckdb.DuckDBPyConnection) -> list[Row]:
    """A cursor's result as dicts keyed by column name."""
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> list[Row]:
    """Run the named query warehouse/sql/<name>.sql."""
    return rows(con.execute(sql_text(f"sql/{name}.sql"), params or {}))
