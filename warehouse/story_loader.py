"""Stories in the warehouse: give every item without a story its story, inside the caller's transaction.

The clustering is sequential in (published, item_id) order (warehouse/stories.py), so the loader starts at
the earliest item that has no story yet: the items before it keep theirs and, as far as they fall in the
open window before it, seed the clusterer; that item and every later one is assigned (again). Usually the
new items are the newest and only they are assigned; a feed that delivers late re-assigns the few items
published after its own. Either way the stories are those of one pass over all items in order, whatever
the batches were, and a load reads the window, not the history. The same call assigns the history of a
warehouse that predates stories.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow as pa

from warehouse.db import sql_text
from warehouse.stories import WINDOW_HOURS, Assignment, Profile, StoryClusterer, near_copy, outlet_of, profile

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


def assign_stories(con: duckdb.DuckDBPyConnection, batch_id: str | Sequence[str] | None = None,
                   new_items: int = 0) -> StoryUpdate:
    """Assign every item without a story (and the items after the first of them); rebuild the stories
    they touch. Runs in the caller's transaction: the loader's, so items and stories commit together.
    `batch_id`, `new_items`: the batch(es) the caller just loaded and their new items (see `pending_items`)."""
    first, pending = pending_items(con, batch_id, new_items)
    if not pending:
        return StoryUpdate()
    start = (first[0], first[1])  # (published, item_id)
    rows = con.execute(sql_text("sql/story_items.sql"), {"since": start[0] - timedelta(hours=WINDOW_HOURS)})
    if [d[0] for d in rows.description] != _COLUMNS:
        raise RuntimeError(f"sql/story_items.sql returns {[d[0] for d in rows.description]}, expected {_COLUMNS}")
    clusterer = StoryClusterer()
    todo: list[Profile] = []
    previous: dict[str, str] = {}  # item -> its story before this pass (items being re-assigned)
    published: dict[str, datetime] = {}  # item -> its `published`, stored with its story
    for row in _fetched(rows):
        p = _profile(row)
        item_id, when, story_id = row[0], row[1], row[9]
        if (when, item_id) < start:
            first_seen: datetime = row[13]
            clusterer.seed(p, story_id, (first_seen.timestamp(), story_id), row[12],
                           row[10] if near_copy(row[11]) else None)
        else:
            todo.append(p)
            published[item_id] = when
            if story_id is not None:
                previous[item_id] = story_id
    assignments = clusterer.assign(todo)
    _save(con, assignments, published)
    touched = frozenset({a.story_id for a in assignments} | set(previous.values()))
    refresh_stories(con, touched)
    log.debug("stories: %d items assigned (%d again), %d stories rebuilt", len(assignments), len(previous),
              len(touched))
    return StoryUpdate(len(assignments), len(previous), len(touched), touched)


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
