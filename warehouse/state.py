"""Reads the cycle needs before it stages anything: feed validators/back-off and which items are known."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from schemas.batch import pending_batches
from schemas.feeds import FeedState
from schemas.records import Item
from schemas.storage import StagingPath, read_parquet
from warehouse.db import memory_limited, sql_text
from warehouse.warehouse import query

log = logging.getLogger(__name__)


def feed_states(con: duckdb.DuckDBPyConnection) -> dict[str, FeedState]:
    rows = con.execute("SELECT feed_url, etag, last_modified, consecutive_failures, next_attempt_after, "
                       "guid_repeats, last_success_at FROM feeds").fetchall()
    return {url: FeedState(etag, lm, int(fails or 0), nxt, bool(repeats), success)
            for url, etag, lm, fails, nxt, repeats, success in rows}


def known_item_ids(con: duckdb.DuckDBPyConnection, items: Iterable[Item]) -> set[str]:
    """Ids of these items the warehouse already holds, under their id or as the same entry of the same
    feed URL (guid and link, or the link as escmon 0.1 canonicalised it) stored under another id (bulk
    joins, not a query per item)."""
    unique = {i.item_id: i for i in items}
    candidates = pa.table({"item_id": pa.array(list(unique), pa.string()),
                           "feed_url": pa.array([i.feed_url for i in unique.values()], pa.string()),
                           "guid": pa.array([i.guid for i in unique.values()], pa.string()),
                           "link": pa.array([i.link for i in unique.values()], pa.string()),
                           "former_link": pa.array([i.former_link for i in unique.values()], pa.string())})
    con.register("candidate_items", candidates)
    try:
        rows = con.execute(sql_text("sql/known_items.sql")).fetchall()
    finally:
        con.unregister("candidate_items")
    return {r[0] for r in rows}


def items_missing_version(con: duckdb.DuckDBPyConnection, version: str, start: datetime | None,
                          end: datetime | None, classified_only: bool = False) -> list[Item]:
    """Items published in [start, end) with no classification under taxonomy `version`, oldest first;
    `classified_only`: only those classified under another version (not dead letters)."""
    params = {"version": version, "start": start or datetime(1970, 1, 1, tzinfo=UTC),
              "end": end or datetime(9999, 1, 1, tzinfo=UTC), "classified_only": classified_only}
    return [Item(**row) for row in query(con, "reclassify_items", params)]


@dataclass(frozen=True)
class ReplayOrder:
    """What `order_replay` found: distinct items read, how many of them are new, their published span."""

    items: int
    new: int
    first_published: datetime | None
    last_published: datetime | None


REPLAY_MEMORY_LIMIT = "512MB"  # DuckDB's buffer for the sort; beyond it the sort spills to disk


def order_replay(con: duckdb.DuckDBPyConnection, files: list[str], out: str, columns: Sequence[str]) -> ReplayOrder:
    """Write a backfill's new items to `out` in staging order (sql/replay_order.sql): the spooled `files`
    de-duplicated by id, without the items the warehouse holds (sql/known_items.sql, joined in DuckDB,
    not through Python sets), sorted by (published, item_id). The sort runs under REPLAY_MEMORY_LIMIT."""
    known = sql_text("sql/known_items.sql").strip().rstrip(";")
    sql = sql_text("sql/replay_order.sql").format(known=known, columns=", ".join(columns))
    with memory_limited(con, REPLAY_MEMORY_LIMIT):
        con.execute(sql, {"files": files, "out": out})
        items, first, last = con.execute(sql_text("sql/replay_range.sql"), {"files": files}).fetchone()
        new = con.execute("SELECT count(*) FROM read_parquet($out)", {"out": out}).fetchone()[0]
    return ReplayOrder(int(items), int(new), first, last)


def staged_item_ids(staging_dir: StagingPath) -> set[str]:
    """Ids already waiting in a staged batch (crashed or deferred cycles): staging them again would make
    two batches of one item, whose per-batch rows (dead letters, window counts) would then count twice."""
    ids: set[str] = set()
    for batch in pending_batches(staging_dir):
        if not batch.items.exists():
            continue
        try:
            ids.update(read_parquet(batch.items, columns=["item_id"]).column("item_id").to_pylist())
        except (OSError, pa.ArrowException) as exc:  # the classify step records and retries that batch
            log.warning("staged batch %s is unreadable: %s", batch.batch_id, exc)
    return ids


def alert_backlog(con: duckdb.DuckDBPyConnection) -> tuple[list[str], tuple[datetime, datetime] | None]:
    """Batches whose alert windows were not evaluated yet, and the event-time range they cover."""
    rows = con.execute("SELECT batch_id, published_min, published_max FROM alert_backlog").fetchall()
    if not rows:
        return [], None
    return [r[0] for r in rows], (min(r[1] for r in rows), max(r[2] for r in rows))


def covered_alert_backlog(con: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> list[str]:
    """Queued batches whose items all fall in [start, end]: an evaluation of that range tested their windows."""
    return [r[0] for r in con.execute("SELECT batch_id FROM alert_backlog WHERE published_min >= $start "
                                      "AND published_max <= $end", {"start": start, "end": end}).fetchall()]


def clear_alert_backlog(con: duckdb.DuckDBPyConnection, batch_ids: list[str]) -> None:
    if batch_ids:
        con.execute("DELETE FROM alert_backlog WHERE batch_id IN (SELECT unnest($ids))", {"ids": batch_ids})
