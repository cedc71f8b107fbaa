"""Stories in the warehouse: give every item without a story its story, inside the caller's transaction.

The clustering is sequential in (published, item_id) order (warehouse/stories.py), so the loader starts at
the earliest item that has no story yet: the items before it keep theirs and, as far as they fall in the
open window before it, seed the clusterer; that item and every later one is assigned (again). Usually the
new items are the newest and only they are assigned; a feed that delivers late re-assigns the few items
published after its own. Either way the stories are those of one pass over all items in order, whatever
the batches were, and a load reads the window, not the history: the 48 hours before the first item, and the
earlier members that stand for a near-copy inside them (a re-post keeps the item it repeats open; without
them a re-post would become a member of its own and the pass would differ from one over all items). The
same call assigns the history of a warehouse that predates stories.

A group load (a backfill's) prepares its stories on a second connection while the writer inserts the rows
(`prepare_stories`, from the staged files and the committed window), and uses them when the items the
inserts added are exactly those; otherwise, and for a cycle's single batch, it assigns after the inserts.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow as pa

from warehouse.db import sql_text
from warehouse.stories import (
    COPY_THRESHOLD,
    SPAN_HOURS,
    WINDOW_HOURS,
    Assignment,
    Profile,
    StoryClusterer,
    near_copy,
    outlet_of,
    profile,
)

log = logging.getLogger(__name__)

ASSIGNMENT_SCHEMA = pa.schema([("item_id", pa.string()), ("story_id", pa.string()), ("outlet", pa.string()),
                               ("matched_item_id", pa.string()), ("similarity", pa.float64()),
                               ("copy_of", pa.string()), ("published", pa.timestamp("us", tz="UTC"))])


NO_MEMBERS = datetime(9999, 1, 1, tzinfo=UTC)  # stories left without members: their rows are only deleted


@dataclass(frozen=True)
class StoryUpdate:
    assigned: int = 0  # items given a story (new ones and re-assigned ones)
    reassigned: int = 0  # of those, items that had one before
    stories: int = 0  # story rows rebuilt
    touched: frozenset[str] = frozenset()
    prepared: bool = False  # the stories were those `prepare_stories` made beside the inserts


def pending_items(con: duckdb.DuckDBPyConnection, batch_id: str | Sequence[str] | None = None, new_items: int = 0
                  ) -> tuple[tuple[datetime, str] | None, int]:
    """(published, item_id) of the first item without a story, and how many have none.

    A story row is only ever written for a stored item and items are never deleted, so the two tables'
    row counts say how many items lack a story without reading either. When that is exactly the
    `new_items` the batch `batch_id` (or the batches, a list of ids) just inserted, those are the ones
    (they cannot have a story yet) and only the batches' rows are read; otherwise (a warehouse from before
    stories, an assignment that failed) the anti-join of sql/story_pending.sql finds them in the whole
    history."""
    n_items, n_assigned = con.execute("SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM item_stories)"
                                      ).fetchone()
    if n_items == n_assigned:
        return None, 0
    if batch_id is not None and n_items - n_assigned == new_items:
        ids = [batch_id] if isinstance(batch_id, str) else list(batch_id)
        first, count = con.execute("SELECT min((published, item_id)), count(*) FROM items "
                                   "WHERE batch_id IN (SELECT unnest($ids))", {"ids": ids}).fetchone()
        if count == new_items:
            return first, count
    return con.execute(sql_text("sql/story_pending.sql")).fetchone()


@dataclass(frozen=True)
class StagedFiles:
    """A load's staged files that story identity reads (the items, and the classified mentions and signals)."""

    items: tuple[str, ...]
    mentions: tuple[str, ...]
    signals: tuple[str, ...]


@dataclass(frozen=True)
class PreparedStories:
    """Stories computed for a load's new items before the writer inserted them (see `prepare_stories`)."""

    keys: tuple[tuple[datetime, str], ...]  # (published, item_id) of the new items, in that order
    assignments: tuple[Assignment, ...]
    clusterer: StoryClusterer | None = None  # holding these items: the next group of a pipeline continues it


def prepare_stories(reader: duckdb.DuckDBPyConnection, staged: StagedFiles,
                    clusterer: StoryClusterer | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> PreparedStories | None:
    """The stories of the staged items the warehouse lacks, from the files and the committed window before
    them: work that needs nothing the writer's transaction adds, so a load runs it on `reader` (a second
    connection) while the writer inserts the same rows. None when the pass must also re-assign committed items
    (some have no story yet, or one is published after the first new item), when an item repeats in the files,
    or when there is nothing new: the loader then assigns as `assign_stories` does.

    `clusterer`: the one that assigned the load before, when its stories were committed as prepared (a
    `StoryPipeline` carries it from group to group): it continues from there instead of reading the window.
    It is left holding this load's items. `cancelled`: asked between the steps (a stopped pipeline's pass
    ends there instead of clustering for nothing)."""
    if not (staged.items and staged.mentions and staged.signals):
        return None
    if clusterer is None:
        n_items, n_assigned = reader.execute("SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM item_stories)"
                                             ).fetchone()
        if n_items != n_assigned:
            return None
    rows = reader.execute(sql_text("sql/staged_story_items.sql"), {
        "items": list(staged.items), "mentions": list(staged.mentions), "signals": list(staged.signals)})
    _check_columns(rows, "sql/staged_story_items.sql")
    keys_list: list[tuple[datetime, str]] = []
    profiles: list[Profile] = []
    for row in _fetched(rows):  # (profiles kept, not rows: a group's texts are read once)
        keys_list.append((row[1], row[0]))
        profiles.append(_profile(row))
    keys = tuple(keys_list)
    if not keys or len({key[1] for key in keys}) != len(keys) or cancelled():
        return None
    first = keys[0]
    if clusterer is None:
        later = reader.execute("SELECT count(*) FROM items WHERE published >= $p "
                               "AND (published, item_id) > ($p, $id)", {"p": first[0], "id": first[1]}).fetchone()[0]
        if later:  # a late item: the committed ones after it are assigned again, by the loader's own pass
            return None
        clusterer = StoryClusterer()
        window = reader.execute(sql_text("sql/story_items.sql"), _window_params(first[0]))
        _check_columns(window, "sql/story_items.sql")
        for row in _fetched(window):
            _seed(clusterer, row)
    if cancelled():
        return None
    # (a carried clusterer refuses an item before those it holds: ValueError, and the pipeline stops)
    return PreparedStories(keys, tuple(clusterer.assign(profiles)), clusterer)


class StoryPipeline:
    """Stories of a sequence of group loads (a backfill's), prepared on a second connection and a thread
    ahead of the writer: while the writer inserts, saves and commits one group, the thread prepares the next,
    carrying its clusterer from group to group (no window read again). The profiles and the clustering are
    most of a backfill load's time; DuckDB's inserts and commits run outside Python's lock, so the two
    overlap. At most `AHEAD` groups are prepared or waiting at a time, so their rows do not pile up.

    Prepared stories are used only while every group before them in the sequence was committed with its own
    prepared stories: the first time a group is not (its inserted items differ, the prepare failed, the load
    rolled back, a group was taken out of order), the pipeline stops and every later group is assigned after
    its inserts, as a single load is. `add` the groups in load order, `take` each one's stories in the load's
    transaction, then report `committed(used)` or `failed()`."""

    AHEAD = 2

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._reader = con.cursor()
        self._reader.execute("SET TimeZone = 'UTC'")  # (a cursor does not inherit the writer's setting)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stories")
        self._waiting: deque[tuple[tuple[str, ...], StagedFiles]] = deque()  # added, not submitted yet
        self._futures: deque[tuple[tuple[str, ...], Future[PreparedStories | None]]] = deque()  # in load order
        self._carried: StoryClusterer | None = None  # the thread's own
        self._started = False  # the thread's own: the first group is prepared (or refused)
        self._stopped = False

    def add(self, key: tuple[str, ...], staged: StagedFiles) -> None:
        """Prepare the group `key` (its batch ids) after those added before it."""
        if not self._stopped:
            self._waiting.append((key, staged))
            self._submit_ahead()

    def take(self, key: tuple[str, ...]) -> PreparedStories | None:
        """The group's prepared stories, waiting for them; None once stopped, when they could not be made, or
        when `key` is not the next group added (the chain the thread carries is broken: the pipeline stops)."""
        if self._stopped or not self._futures or self._futures[0][0] != key:
            self.stop()
            return None
        future = self._futures.popleft()[1]
        try:
            prepared = future.result()
        except Exception:  # any failure of the side pass only costs the loader's own pass
            log.warning("stories could not be prepared beside the inserts; assigning them after", exc_info=True)
            prepared = None
        if prepared is None:
            self.stop()
        else:
            self._submit_ahead()
        return prepared

    def committed(self, used: bool) -> None:
        """The group just taken was committed, with its prepared stories (`used`) or with the loader's own."""
        if not used:
            self.stop()

    def failed(self) -> None:
        """The group just taken was rolled back."""
        self.stop()

    def stop(self) -> None:
        """No more prepared stories: pending passes are cancelled; a running one's query is interrupted and its
        Python steps end at the next check (`prepare_stories`'s `cancelled`)."""
        if self._stopped:
            return
        self._stopped = True
        self._waiting.clear()
        for _, future in self._futures:
            future.cancel()
        self._futures.clear()
        self._reader.interrupt()

    def close(self) -> None:
        self.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)  # (a running pass ends before its connection closes)
        self._reader.close()

    def _submit_ahead(self) -> None:
        while self._waiting and len(self._futures) < self.AHEAD:
            key, staged = self._waiting.popleft()
            self._futures.append((key, self._pool.submit(self._prepare, staged)))

    def _prepare(self, staged: StagedFiles) -> PreparedStories | None:
        # Only the first group reads the committed window: a later one may run before the writer committed
        # the groups between, so without the clusterer carried through them it has nothing safe to start from.
        if self._stopped or (self._started and self._carried is None):
            return None
        self._started = True
        carried, self._carried = self._carried, None  # (a pass that fails leaves none to continue from)
        began = time.perf_counter()
        prepared = prepare_stories(self._reader, staged, carried, lambda: self._stopped)
        self._carried = prepared.clusterer if prepared is not None else None
        log.debug("stories: %s prepared in %.1f s", len(prepared.keys) if prepared else "none",
                  time.perf_counter() - began)
        return prepared


def assign_stories(con: duckdb.DuckDBPyConnection, batch_id: str | Sequence[str] | None = None,
                   new_items: int = 0, prepared: PreparedStories | None = None) -> StoryUpdate:
    """Assign every item without a story (and the items after the first of them); rebuild the stories
    they touch. Runs in the caller's transaction: the loader's, so items and stories commit together.
    `batch_id`, `new_items`: the batch(es) the caller just loaded and their new items (see `pending_items`).
    `prepared`: the stories `prepare_stories` computed for them, used when the items without a story are
    exactly its items (otherwise this pass computes them)."""
    used = prepared is not None and batch_id is not None and _prepared_fits(con, new_items, prepared)
    if not used:
        first, pending = pending_items(con, batch_id, new_items)
        if not pending:
            return StoryUpdate()
    if used:
        assignments, previous = list(prepared.assignments), {}
        published = dict(zip((k[1] for k in prepared.keys), (k[0] for k in prepared.keys), strict=True))
        log.debug("stories: %d items assigned as prepared beside the inserts", len(assignments))
    else:
        assignments, previous, published = _assign_from(con, (first[0], first[1]))
    _save(con, assignments, published)
    touched = frozenset({a.story_id for a in assignments} | set(previous.values()))
    refresh_stories(con, touched)
    log.debug("stories: %d items assigned (%d again), %d stories rebuilt", len(assignments), len(previous),
              len(touched))
    return StoryUpdate(len(assignments), len(previous), len(touched), touched, used)


def _assign_from(con: duckdb.DuckDBPyConnection, start: tuple[datetime, str]
                 ) -> tuple[list[Assignment], dict[str, str], dict[str, datetime]]:
    """One clustering pass from `start` (published, item_id) on, seeded with the window before it: the
    assignments, each re-assigned item's story before, and each assigned item's `published`."""
    rows = con.execute(sql_text("sql/story_items.sql"), _window_params(start[0]))
    _check_columns(rows, "sql/story_items.sql")
    clusterer = StoryClusterer()
    todo: list[Profile] = []
    previous: dict[str, str] = {}  # item -> its story before this pass (items being re-assigned)
    published: dict[str, datetime] = {}  # item -> its `published`, stored with its story
    for row in _fetched(rows):
        item_id, when, story_id = row[0], row[1], row[9]
        if (when, item_id) < start:
            _seed(clusterer, row)
        else:
            todo.append(_profile(row))
            published[item_id] = when
            if story_id is not None:
                previous[item_id] = story_id
    return clusterer.assign(todo), previous, published


def _window_params(first: datetime) -> dict[str, object]:
    """sql/story_items.sql's parameters for a pass from `first` on: the window before it, and how far back a
    member standing for a near-copy in it may lie."""
    since = first - timedelta(hours=WINDOW_HOURS)
    return {"since": since, "held_since": since - timedelta(hours=SPAN_HOURS), "copy": COPY_THRESHOLD}


def _seed(clusterer: StoryClusterer, row: tuple) -> None:
    """An already assigned item of the window before a pass (a row of sql/story_items.sql)."""
    first_seen: datetime = row[13]
    clusterer.seed(_profile(row), row[9], (first_seen.timestamp(), row[9]), row[12],
                   row[10] if near_copy(row[11]) else None)


def _prepared_fits(con: duckdb.DuckDBPyConnection, new_items: int, prepared: PreparedStories) -> bool:
    """The items without a story are exactly the prepared ones. The inserts read the very files the pass read,
    minus the items the warehouse held, and it holds no fewer now than when the pass read it (it only grows),
    so the inserted items are a subset of the prepared ones: equal counts make them the same items, with the
    same `published` (copied as staged). And when every other item has a story, no other is pending. Two
    counts, not a scan of the history."""
    # (fetchall: a result left unfinished keeps the connection busy for the registration that follows)
    n_items, n_assigned = con.execute("SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM item_stories)"
                                      ).fetchall()[0]
    return n_items - n_assigned == new_items == len(prepared.keys) > 0


def _check_columns(rows: duckdb.DuckDBPyConnection, name: str) -> None:
    """The profile reads rows by position: a query must return `_COLUMNS` in that order."""
    if [d[0] for d in rows.description] != _COLUMNS:
        raise RuntimeError(f"{name} returns {[d[0] for d in rows.description]}, expected {_COLUMNS}")


def _fetched(cursor: duckdb.DuckDBPyConnection, size: int = 2048) -> Iterator[tuple]:
    """A result's rows a few thousand at a time: a backfill load's tens of thousands of rows (text, actor
    offsets, signals) are never all held as Python objects at once."""
    while chunk := cursor.fetchmany(size):
        yield from chunk


def refresh_stories(con: duckdb.DuckDBPyConnection, story_ids: frozenset[str] | set[str]) -> None:
    """Rebuild the story rows of `story_ids` from their members (and drop those left without any)."""
    if not story_ids:
        return
    con.register("touched_stories", pa.table({"story_id": sorted(story_ids)}))
    try:
        # their members' earliest `published` (a row from before migration 011 without it: no cut)
        since = con.execute("SELECT min(coalesce(published, '-infinity'::TIMESTAMPTZ)) FROM item_stories "
                            "WHERE story_id IN (SELECT story_id FROM touched_stories)").fetchone()[0]
        con.execute(sql_text("sql/refresh_stories.sql"), {"since": since or NO_MEMBERS})
    finally:
        con.unregister("touched_stories")


def refresh_stories_of(con: duckdb.DuckDBPyConnection, files: list[str], skip: frozenset[str]) -> int:
    """Rebuild the stories of the items classified in `files` (a re-classification changes their category
    and actors), except those in `skip` (already rebuilt). Returns how many."""
    if not files:
        return 0
    ids = {r[0] for r in con.execute("SELECT DISTINCT s.story_id FROM item_stories AS s "
                                     "WHERE s.item_id IN (SELECT item_id FROM read_parquet($files))",
                                     {"files": files}).fetchall()} - skip
    refresh_stories(con, ids)
    return len(ids)


def rebuild_all(con: duckdb.DuckDBPyConnection) -> StoryUpdate:
    """Forget every story and assign all items again (after the story rule changed). Caller's transaction."""
    con.execute("DELETE FROM item_stories")
    con.execute("DELETE FROM stories")
    return assign_stories(con)


_COLUMNS = ["item_id", "published", "title", "summary", "link", "feed_url", "feed_name", "mentions", "signals",
            "story_id", "matched_item_id", "similarity", "copy_of", "story_first_seen"]  # sql/story_items.sql's


def _profile(row: tuple) -> Profile:
    """The profile of one row of sql/story_items.sql (in `_COLUMNS` order; read by position, as a dict per row
    cost a tenth of a backfill's story step)."""
    item_id, when, title, summary, link, feed_url, feed_name, mentions, signals = row[:9]
    return profile(item_id, when, title, summary, outlet_of(link, feed_url, feed_name),
                   [(m["start"], m["end"], m["affiliation"]) for m in mentions],
                   [(s["category"], s["direction"], s["contribution"], s["seq"]) for s in signals])


def _save(con: duckdb.DuckDBPyConnection, assignments: list[Assignment], published: dict[str, datetime]) -> None:
    table = pa.Table.from_pylist([{"item_id": a.item_id, "story_id": a.story_id, "outlet": a.outlet,
                                   "matched_item_id": a.matched_item_id, "similarity": a.similarity,
                                   "copy_of": a.copy_of, "published": published[a.item_id]}
                                  for a in assignments], schema=ASSIGNMENT_SCHEMA)
    con.register("story_assignments", table)
    try:
        con.execute(sql_text("sql/save_story_assignments.sql"))
    finally:
        con.unregister("story_assignments")


def assign_pending(con: duckdb.DuckDBPyConnection, rebuild: bool = False) -> StoryUpdate:
    """`assign_stories` (or `rebuild_all`) in a transaction of its own: for items no load will bring
    again (a warehouse upgraded to stories) and for `escmon warehouse stories`."""
    con.execute("BEGIN TRANSACTION")
    try:
        update = rebuild_all(con) if rebuild else assign_stories(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return update
