"""Connections and migrations: the only place that opens the warehouse file.

DuckDB allows one writing process and a held file fails at once with "Could not set lock"; the writer
therefore retries for a bounded time and then reports `WarehouseBusy` so the caller can defer the load.
Analysts read a snapshot copied after each cycle, so they never hold the writer's file.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

LOCK_MARKERS = ("could not set lock", "conflicting lock", "lock on file")


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse file; the load is deferred, not lost."""


class MigrationError(RuntimeError):
    """The migrations folder or the file's schema version cannot be reconciled; nothing was changed."""


def sql_text(name: str) -> str:
    """Read a packaged SQL file such as 'sql/load_items.sql' or 'views/10_index.sql'; an absolute path is
    read as it is (an output table registered outside the package, as the registry's tests do)."""
    if Path(name).is_absolute():
        return Path(name).read_text(encoding="utf-8")
    return resources.files("warehouse").joinpath(name).read_text(encoding="utf-8")


def migration_files(extra: Sequence[Path] = ()) -> list[tuple[int, str, str]]:
    """(version, name, sql) for migrations/NNN_name.sql, and those in the `extra` folders, in order; a
    repeated number is an error."""
    folders = [resources.files("warehouse").joinpath("migrations"), *extra]
    out = []
    for entry in (e for folder in folders for e in folder.iterdir()):
        if entry.name.endswith(".sql") and entry.name[:3].isdigit():
            out.append((int(entry.name[:3]), entry.name[:-4], entry.read_text(encoding="utf-8")))
    out.sort()
    numbers = [n for n, _, _ in out]
    if len(set(numbers)) != len(numbers):
        raise MigrationError(f"two migrations share a number: {[name for _, name, _ in out]}")
    return out


def head_version(extra: Sequence[Path] = ()) -> int:
    """The schema version this code expects: the highest migration number."""
    return max((n for n, _, _ in migration_files(extra)), default=0)


def view_files() -> list[tuple[str, str]]:
    """views/*.sql in name order (the numeric prefixes order views that build on each other)."""
    folder = resources.files("warehouse").joinpath("views")
    return sorted((e.name[:-4], e.read_text(encoding="utf-8")) for e in folder.iterdir() if e.name.endswith(".sql"))


@contextmanager
def memory_limited(con: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """DuckDB's memory limit set to `limit` ("512MB") on `con` meanwhile, and the one before restored: a
    backfill's sort and its writer keep DuckDB's buffer pool from growing with the history."""
    with setting(con, "memory_limit", limit):
        yield


@contextmanager
def setting(con: duckdb.DuckDBPyConnection, name: str, value: str) -> Iterator[None]:
    """DuckDB's setting `name` set to `value` on `con` meanwhile, and the one before restored (a restore that
    fails, on a connection an error closed or invalidated, is logged: it must not hide that error)."""
    before = con.execute(f"SELECT current_setting('{name}')").fetchone()[0]
    con.execute(f"SET {name} = '{value}'")
    try:
        yield
    finally:
        try:
            con.execute(f"SET {name} = '{before}'")
        except duckdb.Error:
            log.warning("DuckDB's %s could not be set back to %s", name, before, exc_info=True)


def _is_lock_error(exc: Exception) -> bool:
    return any(marker in str(exc).lower() for marker in LOCK_MARKERS)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("SET TimeZone = 'UTC'")
    return con


def open_writer(path: Path, timeout_s: float = 30.0, poll_s: float = 0.5) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing, waiting up to `timeout_s` for another process to let go."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return _connect(path, read_only=False)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(f"{path} is held by another process for more than {timeout_s:g}s "
                                    f"({exc}); the load is deferred to the next cycle") from exc
            time.sleep(min(poll_s, max(deadline - time.monotonic(), 0.01)))


def open_reader(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection; on the live file it delays the writer, so analysts use the snapshot."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse yet; run `escmon run` first")
    return _connect(path, read_only=True)


def open_query_reader(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection for SQL a person types: no file or network access beyond the warehouse itself
    (`COPY ... TO` overwrote the live warehouse, `INSTALL httpfs` went to the network), and the
    configuration locked so that the query cannot turn access back on."""
    con = open_reader(path)
    try:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def writer(path: Path, timeout_s: float = 30.0, extra_migrations: Sequence[Path] = ()
           ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A migrated writer connection, closed on exit so analysts and the next step can open the file."""
    con = open_writer(path, timeout_s)
    try:
        ensure_migrated(con, path, extra_migrations)
        yield con
    finally:
        con.close()


# Files this process has brought to the head version and whose views it has (re)created. A cycle opens
# the warehouse about six times; only the first open needs to run the migrations and recreate the views.
_migrated: set[tuple[str, tuple[str, ...]]] = set()
_migrated_lock = threading.Lock()


def ensure_migrated(con: duckdb.DuckDBPyConnection, path: Path, extra: Sequence[Path] = ()) -> None:
    """Migrate on this process's first open of `path`; later opens read only the schema version, so a
    file replaced, restored from an older backup or upgraded by a newer escmon meanwhile is still caught."""
    key = (str(path.resolve()), tuple(str(f) for f in extra))
    if key in _migrated and current_version(con) == head_version(extra):
        return
    with _migrated_lock:
        migrate(con, extra=extra)
        _migrated.add(key)


def _ensure_version_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)")


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to this file (0 for an empty file)."""
    _ensure_version_table(con)
    # fetchall, not fetchone: DuckDB 2.0 keeps a result that was not fetched to its end open, and the
    # connection then refuses the caller's next register()
    return int(con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0])


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None, extra: Sequence[Path] = ()) -> list[str]:
    """Apply pending migrations up to `target` (default: all), one transaction each; returns names applied.

    Views are (re)created only at the head version, because they are written against the newest tables.
    A file from a newer escmon is refused rather than written with an older idea of the schema.
    """
    migrations = migration_files(extra)
    head = max((n for n, _, _ in migrations), default=0)
    target = head if target is None else target
    if target > head:
        raise MigrationError(f"no migration {target:03d}: the newest is {head:03d}")
    version = current_version(con)
    if version > head:
        raise MigrationError(f"the warehouse is at schema version {version}, newer than this escmon "
                             f"({head}); upgrade escmon instead of opening it with an older one")
    applied = []
    for number, name, sql in migrations:
        if version < number <= target:
            _apply(con, number, name, sql)
            applied.append(name)
    if target == head:
        _create_views(con)
    return applied


def _apply(con: duckdb.DuckDBPyConnection, number: int, name: str, sql: str) -> None:
    """One migration and its schema_version row commit together or not at all."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql)
        con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [number, name])
        con.execute("COMMIT")
    except Exception as exc:
        con.execute("ROLLBACK")
        raise MigrationError(f"migration {name} failed and was rolled back: {exc}") from exc
    log.info("applied migration %s", name)


def _create_views(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        for _name, sql in view_files():
            con.execute(sql)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def file_version(path: Path) -> int:
    """The schema version of a warehouse or snapshot file, read-only (0 when it has no version table)."""
    con = _connect(path, read_only=True)
    try:
        return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def unknown_actors(con: duckdb.DuckDBPyConnection, limit: int) -> list[tuple[str, int, str]]:
    """(name, items, example headline) of the names classified news holds that the taxonomy lacks."""
    return con.execute(sql_text("sql/unknown_actors.sql"), {"limit": limit}).fetchall()
