"""The loader: the only writer of facts into the warehouse. One staged batch = one transaction (a backfill
commits several batches in one, `load_batches`).

Every table is loaded with one `INSERT ... SELECT FROM read_parquet(...)` (bulk, never row by row): a
keyed table with `ON CONFLICT DO NOTHING`; classifications, which have no key (a key's index cost more than
the rows in a backfill, migrations 012 and 013), unchecked for the items the batch's load inserted
(`new_items`) and checked against the table for the others; signals and mentions, keyless too, only for
the classifications the batch's load inserted (`new_classifications`), so re-classifying an item under the
same taxonomy version adds nothing. DuckDB
silently keeps an arbitrary one of two equal keys inside one upsert, so each table's files are checked for
repeated keys first (a cheap aggregate) and, only when some repeat, rewritten first-in-file-order before
the load; the common case skips a costly window.

Re-loading a batch is a no-op: a batch that added rows is journaled in `loaded_batches` in the same
transaction, and a batch that added nothing adds nothing again (feed state only moves forward in time).
The batch folder is removed only after the commit, so a crash at any point leaves work the next cycle
finishes. Stories are assigned in the same transaction (warehouse/story_loader.py): an item is never
committed without its story. Each step is logged at DEBUG inside the transaction; tests use that log as their seam.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pyarrow as pa

from schemas.batch import Batch, read_feed_states
from schemas.storage import is_local, local_folder, remove_tree
from schemas.tables import ITEMS, OUTPUT_TABLES, BatchTable
from warehouse.db import sql_text
from warehouse.story_loader import StagedFiles, StoryPipeline, assign_stories, refresh_stories_of

log = logging.getLogger(__name__)

CLASSIFICATIONS = "classifications"
# the items a batch's load inserted, which sql/load_classifications.sql semi-joins, and the keys of the
# classifications it inserted, which sql/load_signals.sql and load_mentions.sql semi-join: registered by
# _load_tables for the duration of one batch's inserts
NEW_ITEMS = "new_items"
NEW_CLASSIFICATIONS = "new_classifications"
NO_ITEMS = pa.table({"item_id": pa.array([], pa.string())})
NO_CLASSIFICATIONS = pa.table({"item_id": pa.array([], pa.string()), "taxonomy_version": pa.array([], pa.string())})
STORED_CLASSIFICATIONS_SQL = "sql/load_stored_classifications.sql"


@dataclass(frozen=True)
class LoadResult:
    batch_id: str
    items: int
    signals: int
    classifications: int
    dead_letters: int
    already_loaded: bool = False
    published_range: tuple[datetime, datetime] | None = None  # of the batch's items: windows to re-test
    inserted: dict[str, int] = field(default_factory=dict)  # rows added per table
    stories: int = 0  # story rows rebuilt (new, grown or re-classified stories)


def load_batch(con: duckdb.DuckDBPyConnection, batch: Batch, remove: bool = True,
               tables: Sequence[BatchTable] = OUTPUT_TABLES) -> LoadResult:
    """Commit one classified batch in one transaction; remove its folder only after the commit.
    `tables`: the output tables to load (the registry's; its tests add one)."""
    if not batch.is_classified:
        raise ValueError(f"batch {batch.batch_id} is not classified yet")
    if not is_local(batch.root):
        return _load_remote(con, batch, remove, tables)
    return load_batches(con, [batch], remove, tables)[0]


def load_batches(con: duckdb.DuckDBPyConnection, batches: Sequence[Batch], remove: bool = True,
                 tables: Sequence[BatchTable] = OUTPUT_TABLES, stories: StoryPipeline | None = None
                 ) -> list[LoadResult]:
    """Commit several classified local batches in ONE transaction (a backfill's way: the story assignment,
    the stories' rebuild and the feed counts then run once for all of them instead of once per batch);
    each batch is journaled on its own, so a re-load of any of them is a no-op as with `load_batch`.
    The transaction is all or nothing: on an error in it nothing is committed and the folders of the batches
    it held stay (a batch found committed already is removed before it, and comes back `already_loaded`).
    Folders are removed only after the commit; a folder that cannot be removed then is logged, not raised:
    its batch is committed, and the next load finds it journaled and removes it."""
    for batch in batches:
        if not batch.is_classified:
            raise ValueError(f"batch {batch.batch_id} is not classified yet")
        if not is_local(batch.root):
            raise ValueError(f"batch {batch.batch_id} is not on a local disk: load it with load_batch")
    results: dict[str, LoadResult] = {}
    todo: list[tuple[Batch, tuple[datetime, datetime] | None]] = []
    for batch in batches:
        bid = batch.batch_id
        # also when committed: its alerts may not have run; none for a new feed's back catalogue (cycle.stage)
        published_range = _published_range(con, batch) if batch.info("STAGED").get("alerts", True) else None
        if is_loaded(con, bid):
            log.info("batch %s was already committed; removing its folder", bid)
            if remove:
                discard(batch)
            results[bid] = LoadResult(bid, 0, 0, 0, 0, already_loaded=True, published_range=published_range)
        else:
            todo.append((batch, published_range))
    if stories is not None and len(todo) < len(batches):
        stories.stop()  # a batch found committed: the group is not the one prepared
    if todo:
        with _collector_paused():
            results.update(_load_in_transaction(con, todo, tables, stories, group_key(batches)))
        for batch, _ in todo:
            log.debug("batch %s: committed", batch.batch_id)
            if remove:
                _discard_committed(batch)
            log.info("loaded batch %s: %s", batch.batch_id, results[batch.batch_id].inserted)
    return [results[b.batch_id] for b in batches]


def _discard_committed(batch: Batch) -> None:
    """Remove a committed batch's folder; a failure is no load error (the rows are in): logged, and the next
    load removes the folder when it finds the batch journaled."""
    try:
        discard(batch)
    except OSError:
        log.warning("batch %s is committed but its folder could not be removed; the next load removes it",
                    batch.batch_id, exc_info=True)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for one load. A load makes tens of thousands of short-lived,
    acyclic objects (story profiles, rows), each of which counts towards a collection that then walks every
    object of the process: about a tenth of the load's CPU in a 20,000-item backfill (Beam loaded; the
    classifier, when in the process, adds more objects to walk). Reference counting still frees them at
    once; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def story_inputs(batches: Sequence[Batch]) -> StagedFiles:
    """The staged files a group load's stories are prepared from (`StoryPipeline.add`)."""
    return StagedFiles(tuple(str(b.items) for b in batches if b.items.exists()),
                       tuple(f for b in batches for f in b.output_files("mentions")),
                       tuple(f for b in batches for f in b.output_files("signals")))


def group_key(batches: Sequence[Batch]) -> tuple[str, ...]:
    """A group load's name in a `StoryPipeline`: its batches' ids, in load order."""
    return tuple(b.batch_id for b in batches)


def _load_in_transaction(con: duckdb.DuckDBPyConnection, todo: list[tuple[Batch, tuple[datetime, datetime] | None]],
                         tables: Sequence[BatchTable], stories: StoryPipeline | None,
                         key: tuple[str, ...]) -> dict[str, LoadResult]:
    """The group in one transaction. Its stories come from `stories` (a pipeline the caller runs over several
    groups) or, for a group of several batches, from a pipeline of its own: prepared beside the inserts."""
    own = None
    try:
        if stories is None and len(todo) > 1:
            own = stories = StoryPipeline(con)
            stories.add(key, story_inputs([b for b, _ in todo]))
        return _load_group(con, todo, tables, stories, key)
    finally:
        if own is not None:
            own.close()


def _load_group(con: duckdb.DuckDBPyConnection, todo: list[tuple[Batch, tuple[datetime, datetime] | None]],
                tables: Sequence[BatchTable], stories: StoryPipeline | None, key: tuple[str, ...]
                ) -> dict[str, LoadResult]:
    con.execute("BEGIN TRANSACTION")
    try:
        inserted_of: dict[str, dict[str, int]] = {}
        plans = {batch.batch_id: _table_files(batch, tables) for batch, _ in todo}
        unique = _unique_over(con, list(plans.values())) if len(todo) > 1 else frozenset()
        for batch, published_range in todo:
            bid = batch.batch_id
            inserted = inserted_of[bid] = _load_tables(con, batch, plans[bid], unique)
            _register_taxonomy(con, batch)
            if batch.feeds.exists():
                _load_feed_states(con, batch)
            if any(inserted.values()):
                _journal(con, batch, inserted)
            if inserted["items"] and published_range:
                con.execute(sql_text("sql/queue_alert_windows.sql"), {
                    "batch_id": bid, "published_min": published_range[0], "published_max": published_range[1]})
        ids = [b.batch_id for b, _ in todo]
        # the batches' new items (and any history without one)
        update = assign_stories(con, ids, sum(i["items"] for i in inserted_of.values()),
                                stories.take(key) if stories is not None else None)
        classified = [f for b, _ in todo for f in b.output_files("classifications")]
        refreshed = refresh_stories_of(con, classified, update.touched)
        log.debug("batch %s: stories +%d items, %d stories rebuilt", ", ".join(ids), update.assigned,
                  update.stories + refreshed)
        con.execute(sql_text("sql/refresh_feed_counts.sql"))
        log.debug("batch %s: committing", ", ".join(ids))
        con.execute("COMMIT")
    except BaseException:
        if stories is not None:
            stories.failed()  # (first: a ROLLBACK after a failed COMMIT can raise too)
        con.execute("ROLLBACK")
        raise
    if stories is not None:
        stories.committed(update.prepared)
    total_stories = update.stories + refreshed
    out = {}
    for n, (batch, published_range) in enumerate(todo):
        inserted = inserted_of[batch.batch_id]
        out[batch.batch_id] = LoadResult(batch.batch_id, inserted["items"], inserted["signals"],
                                         inserted["classifications"], inserted["dead_letters"],
                                         published_range=published_range, inserted=inserted,
                                         stories=total_stories if n == 0 else 0)
    return out


def _load_remote(con: duckdb.DuckDBPyConnection, batch: Batch, remove: bool,
                 tables: Sequence[BatchTable]) -> LoadResult:
    """A batch on object storage: loaded from a local copy (DuckDB reads local Parquet; no network
    extension in the writer), then removed where it lives once committed."""
    with local_folder(batch.root) as copy:
        result = load_batch(con, Batch(copy), remove=False, tables=tables)
    if remove:
        discard(batch)
    return result


def _load_feed_states(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    """Feed states in today's shape, also from a batch staged by an older escmon (missing columns null)."""
    con.register("staged_feed_states", read_feed_states(batch.feeds))
    try:
        con.execute(sql_text("sql/load_feeds.sql"))
    finally:
        con.unregister("staged_feed_states")


def is_loaded(con: duckdb.DuckDBPyConnection, batch_id: str) -> bool:
    return con.execute("SELECT count(*) FROM loaded_batches WHERE batch_id = ?", [batch_id]).fetchone()[0] > 0


def _table_files(batch: Batch, tables: Sequence[BatchTable]) -> list[tuple[BatchTable, list[str]]]:
    """The batch's files of each table, in load order: items first, then classifications, then the other
    classified outputs (the classifications go before the tables whose load SQL semi-joins the keys they
    inserted)."""
    plan = [(ITEMS, [str(batch.items)] if batch.items.exists() else [])]
    return plan + [(table, batch.output_files(table.name))
                   for table in sorted(tables, key=lambda t: t.name != CLASSIFICATIONS)]


def _unique_over(con: duckdb.DuckDBPyConnection, plans: Sequence[list[tuple[BatchTable, list[str]]]]
                 ) -> frozenset[str]:
    """The keyed tables whose files repeat no key across all the group's batches (their `_table_files`): one
    check for a group instead of one per batch and table (their per-batch checks are then skipped; a repeat
    anywhere checks batch by batch)."""
    files: dict[str, tuple[BatchTable, list[str]]] = {}
    for plan in plans:
        for table, table_files in plan:
            if table.key:
                files.setdefault(table.name, (table, []))[1].extend(table_files)
    return frozenset(name for name, (table, table_files) in files.items()
                     if table_files and not _repeated_keys(con, table, table_files))


def _repeated_keys(con: duckdb.DuckDBPyConnection, table: BatchTable, files: list[str]) -> int:
    key = ", ".join(table.key)
    return con.execute(sql_text("sql/load_duplicate_keys.sql").format(key=key), {"files": files}).fetchall()[0][0]


def _load_tables(con: duckdb.DuckDBPyConnection, batch: Batch, plan: list[tuple[BatchTable, list[str]]],
                 unique: frozenset[str] = frozenset()) -> dict[str, int]:
    """Load the batch's files table by table (`plan`: its `_table_files`), de-duplicated when a key repeats
    (`unique_rows`) unless the table is known `unique` (see `_unique_over`); returns rows inserted per table."""
    inserted = {}
    # none until this batch's are inserted. Registered inside the caller's transaction: on an error its
    # ROLLBACK drops the registration too, and unregistering in the aborted transaction would raise over the
    # error that names the broken file, so they are unregistered on success only.
    con.register(NEW_ITEMS, NO_ITEMS)
    con.register(NEW_CLASSIFICATIONS, NO_CLASSIFICATIONS)
    for table, files in plan:
        if not files:
            inserted[table.name] = 0
            continue
        if table.name not in unique:
            files = unique_rows(con, batch, table, files)
        if table is ITEMS:
            new_items = _insert_returning(con, batch, table.load_sql, files)
            con.register(NEW_ITEMS, new_items)
            inserted[table.name] = new_items.num_rows
        elif table.name == CLASSIFICATIONS:
            inserted[table.name] = _insert_classifications(con, batch, table, files)
        else:
            inserted[table.name] = _insert(con, batch, table, files)
        log.debug("batch %s: %s +%d", batch.batch_id, table.name, inserted[table.name])
    con.unregister(NEW_CLASSIFICATIONS)
    con.unregister(NEW_ITEMS)
    return inserted


def _params(sql: str, batch: Batch, files: list[str]) -> dict[str, object]:
    """The load statement's parameters: the batch's (de-duplicated) files, its id if used."""
    params: dict[str, object] = {"files": files}
    if "$batch_id" in sql:
        params["batch_id"] = batch.batch_id
    return params


def _insert(con: duckdb.DuckDBPyConnection, batch: Batch, table: BatchTable, files: list[str]) -> int:
    """One bulk statement for the table; returns the rows it inserted (conflicts excluded)."""
    sql = sql_text(table.load_sql)
    # fetchall: a result not fetched to its end keeps the connection busy, and unregister() then fails
    rows = con.execute(sql, _params(sql, batch, files)).fetchall()
    return int(rows[0][0]) if rows else 0


def _insert_returning(con: duckdb.DuckDBPyConnection, batch: Batch, sql_file: str, files: list[str]) -> pa.Table:
    """A bulk statement's `RETURNING` keys, which the caller registers for the batch's next statements."""
    sql = sql_text(sql_file)
    # con.sql, not con.execute: its Arrow result is not a DB-API cursor's extra copy; run once, here
    return con.sql(sql, params=_params(sql, batch, files)).to_arrow_table()


def _insert_classifications(con: duckdb.DuckDBPyConnection, batch: Batch, table: BatchTable,
                            files: list[str]) -> int:
    """The classifications of the batch's new items, unchecked (the table has no key: migration 013), then,
    only when the files hold more rows than that, the others against the table (an item stored before, a
    re-classification), each only with its item stored. The keys inserted become `new_classifications`, the
    only classifications whose signals and mentions are loaded: those tables have no key either (012)."""
    new = _insert_returning(con, batch, table.load_sql, files)
    staged = con.execute("SELECT count(*) FROM read_parquet($files)", {"files": files}).fetchall()[0][0]
    if staged > new.num_rows:
        new = pa.concat_tables([new, _insert_returning(con, batch, STORED_CLASSIFICATIONS_SQL, files)])
        if staged > new.num_rows and (lost := _without_item(con, files)):
            log.warning("batch %s: %d classifications of items neither it nor the warehouse holds were not "
                        "loaded (a batch staged without its items file?)", batch.batch_id, lost)
    con.register(NEW_CLASSIFICATIONS, new)
    return new.num_rows


def _without_item(con: duckdb.DuckDBPyConnection, files: list[str]) -> int:
    return con.execute(sql_text("sql/load_classifications_without_item.sql"), {"files": files}).fetchall()[0][0]


def unique_rows(con: duckdb.DuckDBPyConnection, batch: Batch, table: BatchTable, files: list[str]) -> list[str]:
    """The files themselves when no key repeats; otherwise one de-duplicated file (first row wins)."""
    if not table.key:
        return files
    key = ", ".join(table.key)
    repeated = _repeated_keys(con, table, files)
    if not repeated:
        return files
    out = batch.root / "dedup" / f"{table.name}.parquet"  # outside classified/: a re-run rebuilds it
    out.parent.mkdir(parents=True, exist_ok=True)
    con.execute(sql_text("sql/load_dedup_rows.sql").format(key=key), {"files": files, "out": str(out)})
    log.warning("batch %s: %d repeated %s keys; the first row of each was kept", batch.batch_id, repeated,
                table.name)
    return [str(out)]


def _register_taxonomy(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    info = batch.info("CLASSIFIED")
    if info.get("taxonomy_version"):
        con.execute(sql_text("sql/register_taxonomy.sql"),
                    [info["taxonomy_version"], info.get("taxonomy_path"), info.get("n_actors"),
                     info.get("n_categories")])


def _journal(con: duckdb.DuckDBPyConnection, batch: Batch, inserted: dict[str, int]) -> None:
    """The batch's row in `loaded_batches`: what it added to every table it fills."""
    con.execute(sql_text("sql/load_journal.sql"),
                {"tables": list(inserted), "counts": list(inserted.values()), "batch_id": batch.batch_id,
                 "taxonomy_version": batch.info("CLASSIFIED").get("taxonomy_version")})


def discard(batch: Batch) -> None:
    """Remove a committed batch folder: first moved out of sight atomically, so a crash while deleting
    never leaves a half-deleted folder that still looks like a pending batch. On object storage (no
    rename) its `_STAGED` marker goes first, which hides it the same way."""
    if not is_local(batch.root):
        (batch.root / "_STAGED").unlink()
        remove_tree(batch.root)
        return
    trash = batch.root.parent / "_discarded"
    trash.mkdir(exist_ok=True)
    target = trash / batch.batch_id
    shutil.rmtree(target, ignore_errors=True)
    os.replace(batch.root, target)
    shutil.rmtree(trash, ignore_errors=True)  # also what an earlier crash left half-deleted


def _published_range(con: duckdb.DuckDBPyConnection, batch: Batch) -> tuple[datetime, datetime] | None:
    if not batch.items.exists():
        return None
    row = con.execute("SELECT min(published), max(published) FROM read_parquet($f)",
                      {"f": [str(batch.items)]}).fetchone()
    return (row[0], row[1]) if row and row[0] is not None else None
