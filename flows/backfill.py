"""Replay archived feed files or item JSON lines through the cycle's own steps, and re-classify history.

Backfill reads files instead of fetching, then uses exactly the cycle's hand-off: staged batches of N
items -> `cycle.classify_pending` (Beam) -> `cycle.load`, so the rows are the ones cycles would have made
(same item ids, same taxonomy version). Then the alert rules are evaluated over every window of the
replayed range, oldest first, as if the cycles had run then. It holds the cycle lock, so it never runs
beside a scheduled cycle on the same warehouse.

Replayed alerts are history: by default they are marked `replayed` instead of being delivered, so the
next live cycle does not page anyone about last month (`deliver=True` sends them like a cycle would).

`reclassify` re-runs the items already in the warehouse under the current classification version (the
taxonomy's hash with the classifier rules', pipelines/revision.py). Rows are keyed by (item_id,
taxonomy_version), so a new version adds rows and the `current_*` views pick the newest.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flows import cycle
from flows.feedinput.links import link_forms
from flows.feedinput.parse import parse_feed
from flows.plain_text import html_to_text, one_line
from pipelines.revision import classification_version
from schemas.batch import Batch, pending_batches
from schemas.records import ITEM_SCHEMA, Item, item_to_row, make_item_id
from schemas.settings import Settings
from schemas.status import RunStatus
from schemas.storage import write_parquet
from schemas.taxonomy import load_taxonomy
from warehouse.alerts import evaluate_rules
from warehouse.db import memory_limited, setting, sql_text
from warehouse.delivery import deliver_pending
from warehouse.state import ReplayOrder, clear_alert_backlog, covered_alert_backlog, items_missing_version, order_replay
from warehouse.warehouse import Warehouse

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".feed")
DEFAULT_BATCH_SIZE = 2000
log = logging.getLogger(__name__)
SPOOL_PREFIX = ".escmon-backfill-"  # the spool folder beside the warehouse (see run_backfill)
LOAD_ITEMS = 40_000  # items committed in one load transaction (20 staged batches at the default batch size)
# Load transactions per load call: while the writer inserts and commits one group, the stories of the next are
# prepared on a thread (warehouse/story_loader.py, StoryPipeline), so a call of several groups overlaps them.
GROUPS_PER_LOAD = 4
# DuckDB checkpoints when its WAL reaches this (16 MB by default, so after every 40,000-item load): each
# checkpoint rewrites the key indexes whole, a cost that grows with the history. 160 MB checkpoints about every
# second load: 5% less load time at 1M items with the same peak memory (1,590 MB); 400 MB went over 2 GB (the
# rows not yet checkpointed stay in memory), and deferring it to the end went to 2,171 MB (docs/scaling.md).
CHECKPOINT_THRESHOLD = "160MB"
WRITER_MEMORY_MB = 1024  # DuckDB's memory limit for the backfill's writer, at least (writer_memory_mb)
SPOOL_ROWS = 20_000  # items read before they are written to the spool (the reader's memory)
SPOOL_SCHEMA = ITEM_SCHEMA.append(pa.field("former_link", pa.string())).append(pa.field("seq", pa.int64()))
MAX_FILE_BYTES = 200_000_000
MAX_ERRORS_KEPT = 50


@dataclass
class ReplayReport:
    """What a backfill or re-classification did; `run` is the record that lands in `runs`."""

    run: cycle.CycleReport
    files: int = 0
    items_read: int = 0
    items_out_of_range: int = 0
    items_known: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)
    batches: int = 0
    start: datetime | None = None
    end: datetime | None = None
    alerts_replayed: int = 0

    def reject(self, message: str) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(message)


class Progress:
    """The seam between the replay and whatever shows progress (the CLI's rich bar; nothing in tests)."""

    def start(self, phase: str, total: int | None) -> None: ...

    def advance(self, phase: str, amount: int = 1) -> None: ...


# ---------------------------------------------------------------- reading archives

def discover_files(paths: Sequence[Path]) -> list[Path]:
    """Files named on the command line, or the feed/JSONL files inside the folders named, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in
                            JSONL_SUFFIXES + FEED_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return found


def parse_published(value: Any) -> datetime | None:
    """ISO 8601 (a trailing Z too), RFC 822 as in RSS, or epoch seconds; naive times are UTC."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def feeds_by_path(settings: Settings) -> dict[Path, tuple[str, str]]:
    """Configured local feeds by resolved path -> (name, url as the cycle records it)."""
    out = {}
    for feed, url in cycle.configured_feeds(settings):
        local = url[len("file://"):] if url.startswith("file://") else url
        if "://" not in local:
            out[Path(local).resolve()] = (feed.name, url)
    return out


def feeds_by_name(settings: Settings) -> dict[str, str]:
    return {feed.name: url for feed, url in cycle.configured_feeds(settings)}


def read_feed_file(path: Path, settings: Settings, fetched_at: datetime, report: ReplayReport) -> list[Item]:
    """An archived RSS/Atom file; a configured feed keeps its configured name and URL (same item ids)."""
    name, url = feeds_by_path(settings).get(path.resolve(), (path.stem, path.resolve().as_uri()))
    body = path.read_bytes()[:MAX_FILE_BYTES]
    parsed = parse_feed(body, {}, feed_name=name, feed_url=url, fetched_at=fetched_at)
    if parsed.error:
        report.reject(f"{path}: {parsed.error}")
    return parsed.items


def read_jsonl_file(path: Path, settings: Settings, fetched_at: datetime, report: ReplayReport) -> Iterator[Item]:
    """JSON lines with title, link, published and optional summary|text, id|guid, source.

    Read twice, never held: first the (source, guid) pairs are counted (an item id hashes the guid alone
    only when the guid is unique in its source), then the items are made one line at a time. The counts are
    kept by a 12-byte digest of the pair, so a file of millions of items costs tens of MB, not its size."""
    ids = Counter(_pair_key(_source(r, path), g) for _, r in _json_rows(path, None) if (g := _guid(r)))
    named = feeds_by_name(settings)
    for line_no, row in _json_rows(path, report):
        item = _row_to_item(row, path, fetched_at, named, ids)
        if isinstance(item, str):
            report.reject(f"{path}:{line_no}: {item}")
        else:
            yield item


def _pair_key(source: str, guid: str) -> bytes:
    return hashlib.blake2b(f"{source}\0{guid}".encode("utf-8", "surrogatepass"), digest_size=12).digest()


def _json_rows(path: Path, report: ReplayReport | None) -> Iterator[tuple[int, dict]]:
    """(line number, object) per line; a line that is not a JSON object is reported (when `report`)."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                if report is not None:
                    report.reject(f"{path}:{line_no}: not JSON ({exc.msg})")
                continue
            if not isinstance(row, dict):
                if report is not None:
                    report.reject(f"{path}:{line_no}: expected a JSON object")
                continue
            yield line_no, row


def _source(row: dict, path: Path) -> str:
    source = row.get("source")
    return source.strip() if isinstance(source, str) and source.strip() else path.stem


def _guid(row: dict) -> str | None:
    value = row.get("id") or row.get("guid")
    return str(value).strip() or None if value is not None else None


def _text_field(row: dict, key: str) -> str:
    value = row.get(key)
    if not isinstance(value, str):
        return ""
    return html_to_text(value) if "<" in value else one_line(value)


def _row_to_item(row: dict, path: Path, fetched_at: datetime, named: dict[str, str],
                 ids: Counter) -> Item | str:
    """An Item, or the reason the row cannot be one."""
    title = _text_field(row, "title")
    summary = _text_field(row, "summary") or _text_field(row, "text")
    link, former = link_forms(row.get("link") if isinstance(row.get("link"), str) else None)
    guid = _guid(row)
    if not (title or summary):
        return "no title, summary or text"
    published = parse_published(row.get("published"))
    if published is None:
        return f"missing or unreadable `published`: {row.get('published')!r}"
    source = _source(row, path)
    repeats = bool(guid) and ids[_pair_key(source, guid)] > 1
    item_id = make_item_id(source, guid, link, title, summary, guid_repeats=repeats)
    return Item(item_id=item_id, feed_name=source, feed_url=named.get(source, path.resolve().as_uri()),
                guid=guid, link=link, title=title, summary=summary, published=published,
                published_estimated=False, fetched_at=fetched_at, former_link=former)


def read_items(path: Path, settings: Settings, fetched_at: datetime, report: ReplayReport) -> Iterable[Item]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        return read_jsonl_file(path, settings, fetched_at, report)
    return read_feed_file(path, settings, fetched_at, report)


def in_range(item: Item, start: datetime | None, end: datetime | None) -> bool:
    """[start, end): --from is inclusive, --to exclusive, like the windows."""
    return (start is None or item.published >= start) and (end is None or item.published < end)


# ---------------------------------------------------------------- the shared replay core

def _chunks(items: Sequence[Item], size: int) -> Iterator[pa.Table]:
    for i in range(0, len(items), size):
        yield items_table(items[i:i + size])


def items_table(items: Sequence[Item]) -> pa.Table:
    """Items as staged rows, in (published, item_id) order."""
    return pa.Table.from_pylist([item_to_row(i) for i in sorted(items, key=lambda i: (i.published, i.item_id))],
                                schema=ITEM_SCHEMA)


def stage_chunk(settings: Settings, run_id: str, seq: int, items: pa.Table) -> Batch:
    """One staged batch, named after the run so batches load in order and never collide."""
    batch = Batch(settings.warehouse.staging_dir / f"{run_id}-{seq:05d}")
    batch.root.mkdir(parents=True, exist_ok=True)
    write_parquet(items, batch.items, row_group_size=cycle.ITEM_ROW_GROUP)
    batch.mark("STAGED", {"run_id": run_id, "items": items.num_rows, "replay": True})
    return batch


def classify_and_load(settings: Settings, report: ReplayReport, batches: Iterable[pa.Table],
                      progress: Progress, group: int) -> None:
    """Each chunk: stage and classify with Beam (the cycle's own steps); every GROUPS_PER_LOAD x `group`
    chunks, load the classified batches, `group` per transaction, without a checkpoint (`finish` makes one at
    the end). A crash leaves at most that many classified batches staged (GROUPS_PER_LOAD x LOAD_ITEMS items,
    160,000 at the defaults; more when one batch holds more than LOAD_ITEMS): the next backfill or cycle loads
    them first."""
    waiting = 0
    # one writer for every load: a new connection reads the tables' key indexes into memory again at its
    # first insert (a cost that grows with the history); the cycle lock keeps cycles away meanwhile
    limit = f"{writer_memory_mb(settings.warehouse.path)}MB"
    with Warehouse.of(settings.warehouse).writer() as con, memory_limited(con, limit), \
            setting(con, "checkpoint_threshold", CHECKPOINT_THRESHOLD):
        for seq, chunk in enumerate(batches):
            if chunk.num_rows:
                stage_chunk(settings, report.run.run_id, seq, chunk)
                cycle.classify_pending(settings, report.run)
                waiting += 1
                report.batches += 1
            if waiting >= group * GROUPS_PER_LOAD:
                _load(settings, report, group, con)
                waiting = 0
            progress.advance("classify", chunk.num_rows)
        if waiting:
            _load(settings, report, group, con)


def remove_stale_spools(folder: Path) -> None:
    """Spool folders a killed backfill left beside the warehouse (hundreds of MB at 1M items): under the cycle
    lock no other backfill is running, so every one found is stale."""
    for stale in folder.glob(f"{SPOOL_PREFIX}*"):
        if stale.is_dir():
            log.info("removing the spool %s a killed backfill left", stale)
            shutil.rmtree(stale, ignore_errors=True)


def writer_memory_mb(path: Path) -> int:
    """DuckDB's memory limit for a backfill's writer: WRITER_MEMORY_MB, or half the file when that is more.
    DuckDB's default (80% of the machine's memory) lets its buffer pool keep every block a backfill
    writes and reads, so the process grew with the history (3.5 GB for 1M items); under a limit it evicts
    them. What it cannot evict are the primary-key indexes (about a sixth of the file, measured at
    320,000 items), hence the share of the file: a limit below them would stop the load out of memory."""
    size = path.stat().st_size if path.exists() else 0
    return min(max(WRITER_MEMORY_MB, size // 2**20 // 2), _machine_share_mb())


def _machine_share_mb() -> int:
    """DuckDB's own default, 80% of the machine's memory: the limit never goes above it (a 20 GB file on a
    small box would otherwise be allowed 10 GB and meet the OOM killer instead of spilling)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") * 0.8) // 2**20
    except (ValueError, OSError, AttributeError):  # no sysconf (not POSIX): no cap beyond the file's share
        return 2**31


def _group(batch_size: int) -> int:
    """Staged batches per load transaction: LOAD_ITEMS items. The story assignment of a load re-reads the
    48 hours before its first item, so fewer, larger loads read less again."""
    return max(1, LOAD_ITEMS // max(batch_size, 1))


def _load(settings: Settings, report: ReplayReport, group: int, con: Any = None) -> None:
    if not cycle.load(settings, report.run, group=group, checkpoint=False, con=con):
        raise cycle.CycleBusy(f"warehouse busy, batches left staged for the next cycle: {report.run.errors[-1:]}")


def finish_leftovers(settings: Settings, report: ReplayReport) -> None:
    """Batches a crashed backfill (or cycle) left staged are classified and loaded before anything is read:
    their items are then known, and never staged a second time (two batches of one item would count its
    window rows twice)."""
    if pending_batches(settings.warehouse.staging_dir):
        cycle.classify_pending(settings, report.run)
        _load(settings, report, _group(DEFAULT_BATCH_SIZE))


def replay_alerts(settings: Settings, report: ReplayReport, deliver: bool) -> None:
    """Every window of [start, end), oldest first; alerts are delivered or marked `replayed`. The loaded
    batches' queued windows (alert_backlog) are thereby tested: they are cleared, or the next cycle would
    test every window of the replayed range again (a year's backfill cost its next cycle seconds)."""
    if report.start is None or report.end is None:
        return
    last = report.end - timedelta(microseconds=1)
    with Warehouse.of(settings.warehouse).writer() as con:
        fired = evaluate_rules(con, settings.alerts.rules, report.start, last, report.run.run_id)
        clear_alert_backlog(con, covered_alert_backlog(con, report.start, last))
        report.run.alerts += fired
        report.alerts_replayed = len(fired)
        if deliver:
            report.run.deliveries = deliver_pending(con, settings.notify.urls,
                                                    max_attempts=settings.notify.max_attempts,
                                                    max_age_hours=settings.notify.max_age_hours,
                                                    timeout_s=settings.notify.timeout_seconds)
        elif fired:
            con.execute(sql_text("sql/mark_alerts_replayed.sql"), {"ids": [a.alert_id for a in fired]})


def _finish(settings: Settings, report: ReplayReport, status: RunStatus) -> None:
    report.run.errors += report.errors[:5]
    report.run.feeds_ok = report.files
    cycle.finish(settings, report.run, status)


# ---------------------------------------------------------------- backfill

def run_backfill(settings: Settings, paths: Sequence[Path], start: datetime | None = None,
                 end: datetime | None = None, *, batch_size: int = DEFAULT_BATCH_SIZE, deliver: bool = False,
                 progress: Progress | None = None, run_status: RunStatus = RunStatus.BACKFILL) -> ReplayReport:
    """Replay archives through the pipeline and the alert rules; returns what happened.

    Items are streamed from the files to a spool (Parquet beside the warehouse, removed at the end), never
    held all at once; DuckDB de-duplicates them, drops those the warehouse holds and sorts them by
    publication time (`order_replay`), and the sorted file is staged `batch_size` items at a time."""
    progress = progress or Progress()
    files = discover_files(paths)
    with cycle.cycle_lock(settings):
        report = ReplayReport(run=cycle.new_report(settings), files=len(files))
        cycle.start_run(settings, report.run)
        try:
            finish_leftovers(settings, report)
            settings.warehouse.path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_spools(settings.warehouse.path.parent)
            with tempfile.TemporaryDirectory(prefix=SPOOL_PREFIX, dir=settings.warehouse.path.parent) as tmp:
                spool = _spool_all(settings, files, start, end, report, progress, Path(tmp))
                ordered = Path(tmp) / "ordered.parquet"
                with Warehouse.of(settings.warehouse).writer() as con:
                    order = order_replay(con, spool, str(ordered), ITEM_SCHEMA.names)
                report.run.items_fetched = report.items_read
                report.run.items_new = order.items
                report.items_known = order.items - order.new
                report.start, report.end = _order_range(order, start, end)
                progress.start("classify", order.new)
                classify_and_load(settings, report, _ordered_chunks(ordered, batch_size), progress,
                                  _group(batch_size))
            replay_alerts(settings, report, deliver)
        except BaseException as exc:
            report.run.errors.append(f"{type(exc).__name__}: {exc}")
            _finish(settings, report, RunStatus.FAILED)
            raise
        _finish(settings, report, run_status)
    return report


def _replay_range(items: list[Item], start: datetime | None, end: datetime | None
                  ) -> tuple[datetime | None, datetime | None]:
    """--from/--to when given, else the span of the replayed items (end exclusive)."""
    if not items:
        return start, end
    return _span(min(i.published for i in items), max(i.published for i in items), start, end)


def _order_range(order: ReplayOrder, start: datetime | None, end: datetime | None
                 ) -> tuple[datetime | None, datetime | None]:
    """`_replay_range` of the items `order_replay` counted."""
    if not order.items or order.first_published is None or order.last_published is None:
        return start, end
    return _span(order.first_published, order.last_published, start, end)


def _span(first: datetime, last: datetime, start: datetime | None, end: datetime | None
          ) -> tuple[datetime, datetime]:
    """--from/--to when given, else from the first item to just after the last (end exclusive)."""
    return start or first, end or last + timedelta(microseconds=1)


def _spool_all(settings: Settings, files: list[Path], start: datetime | None, end: datetime | None,
               report: ReplayReport, progress: Progress, folder: Path) -> list[str]:
    """Every item in range, in read order (`seq`), written to Parquet SPOOL_ROWS at a time; returns the files."""
    fetched_at = report.run.started_at
    progress.start("read", len(files))
    path = folder / "spool.parquet"
    rows: list[dict[str, Any]] = []
    seq = 0
    with pq.ParquetWriter(path, SPOOL_SCHEMA) as writer:
        for file in files:
            for item in read_items(file, settings, fetched_at, report):
                report.items_read += 1
                if not in_range(item, start, end):
                    report.items_out_of_range += 1
                    continue
                rows.append({**item_to_row(item), "former_link": item.former_link, "seq": seq})
                seq += 1
                if len(rows) >= SPOOL_ROWS:
                    writer.write_table(pa.Table.from_pylist(rows, schema=SPOOL_SCHEMA))
                    rows = []
            progress.advance("read")
        if rows or not seq:
            writer.write_table(pa.Table.from_pylist(rows, schema=SPOOL_SCHEMA))
    return [str(path)]


def _ordered_chunks(path: Path, size: int) -> Iterator[pa.Table]:
    """The ordered file `size` rows at a time (the last chunk shorter), read as it goes."""
    pending: list[pa.RecordBatch] = []
    held = 0
    for record_batch in pq.ParquetFile(path).iter_batches(batch_size=size):
        pending.append(record_batch)
        held += record_batch.num_rows
        while held >= size:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, size).cast(ITEM_SCHEMA)
            rest = table.slice(size)
            pending, held = rest.to_batches(), rest.num_rows
    if held:
        yield pa.Table.from_batches(pending).cast(ITEM_SCHEMA)


# ---------------------------------------------------------------- reclassify

def items_to_reclassify(settings: Settings, version: str, start: datetime | None, end: datetime | None
                        ) -> list[Item]:
    """Warehouse items with no classification under `version`, oldest first."""
    with Warehouse.of(settings.warehouse).writer() as con:
        return items_missing_version(con, version, start, end)


def run_reclassify(settings: Settings, start: datetime | None = None, end: datetime | None = None, *,
                   batch_size: int = DEFAULT_BATCH_SIZE, alerts: bool = True,
                   progress: Progress | None = None) -> ReplayReport:
    """Classify history under the current classification version (taxonomy and rules), then re-test the
    alert rules over it."""
    progress = progress or Progress()
    version = classification_version(load_taxonomy(settings.pipeline.taxonomy).version)
    with cycle.cycle_lock(settings):
        report = ReplayReport(run=cycle.new_report(settings))
        cycle.start_run(settings, report.run)
        try:
            finish_leftovers(settings, report)  # a crashed run's staged batches: their items are then classified
            items = items_to_reclassify(settings, version, start, end)
            report.items_read = report.run.items_fetched = len(items)
            report.start, report.end = _replay_range(items, start, end)
            progress.start("classify", len(items))
            classify_and_load(settings, report, _chunks(items, batch_size), progress, _group(batch_size))
            if alerts:
                replay_alerts(settings, report, deliver=False)
        except BaseException as exc:
            report.run.errors.append(f"{type(exc).__name__}: {exc}")
            _finish(settings, report, RunStatus.FAILED)
            raise
        _finish(settings, report, RunStatus.RECLASSIFY)
    return report

