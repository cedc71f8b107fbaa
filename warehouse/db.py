"""Connections and migrations: the only place that opens the warehouse file.

DuckDB allows one writing process and a held file fails at once with "Could not set lock"; the writer
therefore retries for a bounded time and then reports `WarehouseBusy` so the caller can defer the load.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

LOCK_MARKERS = ("could not set lock", "conflicting lock", "lock on file")


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse file; the load is deferred, not lost."""


def sql_text(name: str) -> str:
    """Read a packaged SQL file such as 'sql/load_items.sql' or 'views/daily_index.sql'."""
    return resources.files("warehouse").joinpath(name).read_text(encoding="utf-8")


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) for migrations/NNN_name.sql, in order."""
    folder = resources.files("warehouse").joinpath("migrations")
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql") and entry.name[:3].isdigit():
            out.append((int(entry.name[:3]), entry.name[:-4], entry.read_text(encoding="utf-8")))
    return sorted(out)


def view_files() -> list[tuple[str, str]]:
    folder = resources.files("warehouse").joinpath("views")
    return sorted((e.name[:-4], e.read_text(encoding="utf-8")) for e in folder.iterdir() if e.name.endswith(".sql"))


def _is_lock_error(exc: Exception) -> bool:
    return any(marker in str(exc).lower() for marker in LOCK_MARKERS)


def open_writer(path: Path, timeout_s: float = 30.0, poll_s: float = 0.5) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing, waiting up to `timeout_s` for another process to let go."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            con = duckdb.connect(str(path))
            con.execute("SET TimeZone = 'UTC'")
            return con
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(f"{path} is held by another process for more than {timeout_s:.0f}s "
                                    f"({exc}); the load is deferred to the next cycle") from exc
            time.sleep(poll_s)


def open_reader(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse yet; run `escmon run` first")
    con = duckdb.connect(str(path), read_only=True)
    con.execute("SET TimeZone = 'UTC'")
    return con


@contextmanager
def writer(path: Path, timeout_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A migrated writer connection, closed on exit so analysts and the next step can open the file."""
    con = open_writer(path, timeout_s)
    try:
        migrate(con)
        yield con
    finally:
        con.close()


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)")
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(row[0])


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations, one transaction each, then (re)create the views. Returns names applied."""
    applied = []
    version = current_version(con)
    for number, name, sql in migration_files():
        if number <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [number, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    for _name, sql in view_files():
        con.execute(sql)
    return applied


def publish_snapshot(path: Path, snapshot: Path) -> None:
    """Copy the checkpointed warehouse to a read-only snapshot for analysts, atomically.

    Analysts query the snapshot, so they can never block the scheduled writer (DuckDB locks the file
    for any second process). Called with no connection open, after a CHECKPOINT, so no WAL is pending.
    """
    tmp = snapshot.with_name(snapshot.name + ".tmp")
    shutil.copyfile(path, tmp)
    os.replace(tmp, snapshot)
