"""The loader: the only writer of the warehouse. One staged batch = one transaction, bulk Parquet reads.

Re-loading a batch is a no-op (`loaded_batches` + ON CONFLICT DO NOTHING with each batch de-duplicated
first, since DuckDB silently keeps the first of two equal keys inside one statement).
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime

import duckdb

from schemas.batch import Batch
from warehouse.db import sql_text

log = logging.getLogger(__name__)

TABLE_SQL = {
    "classifications": "sql/load_classifications.sql",
    "signals": "sql/load_signals.sql",
    "mentions": "sql/load_mentions.sql",
    "dead_letters": "sql/load_dead_letters.sql",
    "window_counts": "sql/load_window_counts.sql",
}


@dataclass(frozen=True)
class LoadResult:
    batch_id: str
    items: int
    signals: int
    classifications: int
    dead_letters: int
    already_loaded: bool = False
    published_range: tuple[datetime, datetime] | None = None  # of the batch's new items: windows to re-test


def _count(con: duckdb.DuckDBPyConnection, table: str, where: str = "", params: list | None = None) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table} {where}", params or []).fetchone()[0])


def _register_taxonomy(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    info = batch.info("CLASSIFIED")
    if info.get("taxonomy_version"):
        con.execute(sql_text("sql/register_taxonomy.sql"),
                    [info["taxonomy_version"], info.get("taxonomy_path"), info.get("n_actors"),
                     info.get("n_categories")])


def load_batch(con: duckdb.DuckDBPyConnection, batch: Batch, remove: bool = True) -> LoadResult:
    """Commit one classified batch; remove its folder only after the commit."""
    if not batch.is_classified:
        raise ValueError(f"batch {batch.batch_id} is not classified yet")
    bid = batch.batch_id
    if _count(con, "loaded_batches", "WHERE batch_id = ?", [bid]):
        if remove:
            shutil.rmtree(batch.root, ignore_errors=True)
        return LoadResult(bid, 0, 0, 0, 0, already_loaded=True)
    before = {t: _count(con, t) for t in ("items", "signals", "classifications", "dead_letters")}
    published_range = _published_range(con, batch)
    con.execute("BEGIN TRANSACTION")
    try:
        if batch.items.exists():
            con.execute(sql_text("sql/load_items.sql"), {"files": [str(batch.items)], "batch_id": bid})
        for table, sql_file in TABLE_SQL.items():
            files = batch.output_files(table)
            if not files:
                continue
            params = {"files": files}
            if "$batch_id" in sql_text(sql_file):
                params["batch_id"] = bid
            con.execute(sql_text(sql_file), params)
        _register_taxonomy(con, batch)
        if batch.feeds.exists():
            con.execute(sql_text("sql/load_feeds.sql"), {"files": [str(batch.feeds)]})
        con.execute(sql_text("sql/refresh_feed_counts.sql"))
        after = {t: _count(con, t) for t in before}
        con.execute("INSERT INTO loaded_batches VALUES (?, now(), ?, ?)",
                    [bid, after["items"] - before["items"], after["signals"] - before["signals"]])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    if remove:
        shutil.rmtree(batch.root, ignore_errors=True)
    delta = {t: after[t] - before[t] for t in before}
    log.info("loaded batch %s: %s", bid, delta)
    return LoadResult(bid, delta["items"], delta["signals"], delta["classifications"], delta["dead_letters"],
                      published_range=published_range)


def _published_range(con: duckdb.DuckDBPyConnection, batch: Batch) -> tuple[datetime, datetime] | None:
    if not batch.items.exists():
        return None
    row = con.execute("SELECT min(published), max(published) FROM read_parquet($f)",
                      {"f": [str(batch.items)]}).fetchone()
    return (row[0], row[1]) if row and row[0] is not None else None
