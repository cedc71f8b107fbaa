"""One monitoring cycle as plain steps: read state, fetch, stage, classify (Beam), load, alert, deliver.

The Prefect flow in flows/prefect_flow.py wraps each step as a task; backfill and tests call the same
steps. Every step is restartable: staged batches on disk are finished by whichever cycle comes next.
"""

from __future__ import annotations

import fcntl
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa

from flows.config import rule_problems
from flows.feedinput.ingest import ingest_all
from flows.feedinput.opml import read_opml
from flows.feedinput.result import FetchResult
from pipelines.beam_pipeline import ClassifyOptions, run_classification
from pipelines.revision import classification_version
from schemas.batch import FEED_STATE_SCHEMA, Batch, new_batch_id, pending_batches, unfinished_batches
from schemas.feeds import FeedState
from schemas.records import ITEM_SCHEMA, Item, item_to_row
from schemas.settings import FeedConfig, Settings
from schemas.status import RunStatus
from schemas.storage import cycle_lock_folder, is_local, parquet_rows, remove_tree, write_parquet
from schemas.taxonomy import load_taxonomy
from warehouse.alerts import deadman_alert, evaluate_rules
from warehouse.db import WarehouseBusy, open_reader, sql_text
from warehouse.delivery import deliver_pending
from warehouse.loader import LoadResult, group_key, load_batch, load_batches, story_inputs
from warehouse.state import (
    alert_backlog,
    clear_alert_backlog,
    feed_states,
    items_missing_version,
    known_item_ids,
    staged_item_ids,
)
from warehouse.story_loader import StoryPipeline, assign_pending
from warehouse.warehouse import Warehouse

log = logging.getLogger(__name__)
ITEM_ROW_GROUP = 10_000
T = TypeVar("T")


@dataclass
class CycleReport:
    run_id: str
    started_at: datetime
    warehouse: Path
    finished_at: datetime | None = None
    status: RunStatus = RunStatus.RUNNING
    feeds_ok: int = 0
    feeds_failed: int = 0
    feed_errors: dict[str, str] = field(default_factory=dict)
    items_fetched: int = 0
    items_new: int = 0
    items_loaded: int = 0
    signals_loaded: int = 0
    dead_letters: int = 0
    alerts: list[Any] = field(default_factory=list)
    deliveries: dict[str, int] = field(default_factory=dict)
    deferred_batches: int = 0
    failed_batches: int = 0
    baseline_reclassified: int = 0  # items classified again under a new taxonomy before the alert rules
    warehouse_held: bool = False  # another process held the warehouse when the cycle read its state
    skipped_rules: set[str] = field(default_factory=set)  # rules naming ids the taxonomy lacks
    setup_failures: int = 0  # batches that failed while no other batch succeeded: likely not their fault
    errors: list[str] = field(default_factory=list)
    published_range: tuple[datetime, datetime] | None = None
    flow_run_id: str | None = None

    def record(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "started_at": self.started_at, "finished_at": self.finished_at,
                "status": self.status, "feeds_ok": self.feeds_ok, "feeds_failed": self.feeds_failed,
                "items_fetched": self.items_fetched, "items_new": self.items_new,
                "items_loaded": self.items_loaded, "signals_loaded": self.signals_loaded,
                "dead_letters": self.dead_letters, "alerts_fired": len(self.alerts),
                "errors": json.dumps({"feeds": self.feed_errors, "cycle": self.errors}),
                "flow_run_id": self.flow_run_id}


# ---------------------------------------------------------------- feeds

def configured_feeds(settings: Settings) -> list[tuple[FeedConfig, str]]:
    """Feeds from the config plus the OPML list, de-duplicated by URL."""
    feeds = [(f, settings.feed_location(f.url)) for f in settings.feeds]
    if settings.feeds_opml:
        # an OPML list is a third party's file: its entries may name web feeds, never local files
        listed = read_opml(settings.feeds_opml)
        for entry in listed.skipped:
            log.warning("%s: %s", settings.feeds_opml, entry)
        feeds += [(FeedConfig(name=s.name, url=s.url), s.url) for s in listed.feeds]
    seen: set[str] = set()
    unique = []
    for feed, url in feeds:
        if url not in seen:
            seen.add(url)
            unique.append((feed, url))
    return unique


# ---------------------------------------------------------------- steps

def read_state(settings: Settings, report: CycleReport) -> dict[str, FeedState]:
    """Feed validators and back-off (from the snapshot while the warehouse is held; none on a first run).

    Alert rules naming an id the taxonomy lacks are skipped this cycle and reported (the run is then
    `degraded`): a typo in one rule must not stop the ingestion, or items would scroll off the feeds.
    """
    for name, problems in rule_problems(settings).items():
        log.error("alert rule skipped: %s", "; ".join(problems))
        report.errors += problems
        report.skipped_rules.add(name)

    return read_warehouse(settings, report, feed_states, {})


def read_warehouse(settings: Settings, report: CycleReport, read: Callable[[Any], T], default: T) -> T:
    """`read(con)` on the warehouse; while another process holds it, on the snapshot published after the
    last load (the same rows unless that cycle died before publishing), so a held warehouse costs neither
    conditional GETs nor back-off nor re-staging of loaded items. `default` when neither can be read."""
    import duckdb

    if not settings.warehouse.path.exists():
        return default
    if not report.warehouse_held:  # found held once this cycle: read the snapshot without waiting again
        try:
            with Warehouse.of(settings.warehouse).writer() as con:
                return read(con)
        except WarehouseBusy as exc:
            report.errors.append(str(exc))
            report.warehouse_held = True
    snapshot = settings.warehouse.snapshot_path
    if not snapshot.exists():
        return default
    try:
        con = open_reader(snapshot)
        try:
            return read(con)
        finally:
            con.close()
    except duckdb.Error as exc:
        log.warning("warehouse busy and snapshot %s unreadable: %s", snapshot, exc)
        return default


def fetch(settings: Settings, states: dict[str, FeedState], report: CycleReport,
          progress: Callable[[FetchResult], None] | None = None) -> list[FetchResult]:
    outcomes = ingest_all(configured_feeds(settings), states, settings.fetch, progress)
    for o in outcomes:
        if o.answered:
            report.feeds_ok += 1
        else:
            report.feeds_failed += 1
            report.feed_errors[o.feed_name] = o.error or o.status.value
        report.items_fetched += len(o.items)
    return outcomes


def _known_ids(settings: Settings, items: list[Item], report: CycleReport) -> set[str]:
    if not items:
        return set()
    staged = staged_item_ids(settings.warehouse.staging_dir)  # left by a crashed or deferred cycle
    return staged | read_warehouse(settings, report, lambda con: known_item_ids(con, items),
                                   set())


def stage(settings: Settings, outcomes: list[FetchResult], report: CycleReport) -> Batch:
    """Write new items and feed states as a batch folder; the `_STAGED` marker makes it visible.

    A feed added to a running monitor brings its back catalogue: those of its items older than
    `[notify] max_age_hours` go to a batch of their own that fills the baselines but queues no alert
    windows, or subscribing to a feed would page about last week. It is staged first: the feed's
    validators travel with the main batch, so a crash in between re-fetches instead of losing items.
    """
    _remove_unfinished(settings)
    items = [i for o in outcomes for i in o.items]
    known = _known_ids(settings, items, report)
    unique: dict[str, Item] = {}
    for item in items:
        if item.item_id not in known:
            unique.setdefault(item.item_id, item)
    report.items_new = len(unique)
    new_feeds = {o.url for o in outcomes if o.new_feed}
    max_age = timedelta(hours=settings.notify.max_age_hours)
    backlog = [i for i in unique.values() if i.feed_url in new_feeds and i.published < i.fetched_at - max_age]
    if backlog:
        old = Batch(settings.warehouse.staging_dir / f"{report.run_id}-backlog")
        old.root.mkdir(parents=True, exist_ok=True)
        write_items(old, backlog)
        old.mark("STAGED", {"run_id": report.run_id, "items": len(backlog), "alerts": False})
        log.info("%d items older than %s from %d new feed(s) staged without alerts", len(backlog), max_age,
                 len(new_feeds))
        for item in backlog:
            del unique[item.item_id]
    batch = Batch(settings.warehouse.staging_dir / report.run_id)
    batch.root.mkdir(parents=True, exist_ok=True)
    write_items(batch, list(unique.values()))
    states = [o.state_row() for o in outcomes]
    write_parquet(pa.Table.from_pylist(states, schema=FEED_STATE_SCHEMA), batch.feeds)
    batch.mark("STAGED", {"run_id": report.run_id, "items": len(unique)})
    return batch


def _remove_unfinished(settings: Settings) -> None:
    """Folders a killed cycle left half-staged; under the cycle lock no other process is staging."""
    for folder in unfinished_batches(settings.warehouse.staging_dir):
        log.warning("removing %s: staging never finished (a cycle was killed); its feeds are fetched again",
                    folder)
        remove_tree(folder)


def write_items(batch: Batch, items: list[Item]) -> None:
    """Items in published order (the pipeline's hourly window sums then touch few hours per batch),
    in row groups a distributed runner can split."""
    rows = [item_to_row(i) for i in sorted(items, key=lambda i: (i.published, i.item_id))]
    write_parquet(pa.Table.from_pylist(rows, schema=ITEM_SCHEMA), batch.items, row_group_size=ITEM_ROW_GROUP)


def classify_pending(settings: Settings, report: CycleReport) -> list[Batch]:
    """Run the Beam pipeline over every staged, unclassified batch (this cycle's and any left over)."""
    taxonomy = load_taxonomy(settings.pipeline.taxonomy)
    done, failed, beam_ran = [], [], False
    for batch in pending_batches(settings.warehouse.staging_dir):
        if not batch.is_classified:
            try:
                beam_ran = classify_batch(settings, batch, taxonomy) or beam_ran
            except Exception as exc:  # later batches must not wait behind this one
                log.exception("batch %s could not be classified", batch.batch_id)
                failed.append((batch, exc))
                continue
        done.append(batch)
    settle_failures(settings, report, "classify", failed, blame=beam_ran)
    return done


def classify_batch(settings: Settings, batch: Batch, taxonomy: Any) -> bool:
    """Classify one staged batch with Beam and mark it; returns whether the pipeline ran (items > 0)."""
    remove_tree(batch.classified_dir)  # a crashed run's partial output
    n_items = parquet_rows(batch.items) if batch.items.exists() else 0
    counters: dict[str, int] = {}
    if n_items:
        opts = ClassifyOptions(taxonomy_path=str(taxonomy.path), model=settings.pipeline.model,
                               max_text_chars=settings.pipeline.max_text_chars, max_batch=settings.pipeline.batch_size)
        counters = run_classification(str(batch.items), str(batch.classified_dir), opts,
                                      settings.pipeline.runner, settings.pipeline.beam_args)
    # the version the rows carry: the taxonomy's hash with the classifier rules' (pipelines/revision.py)
    batch.mark("CLASSIFIED", {"taxonomy_version": classification_version(taxonomy.version),
                              "taxonomy_path": str(taxonomy.path),
                              "n_actors": len(taxonomy.actors), "n_categories": len(taxonomy.categories),
                              "items": n_items, **counters})
    return bool(n_items)


MAX_BATCH_ATTEMPTS = 3


def settle_failures(settings: Settings, report: CycleReport, stage: str,
                    failed: list[tuple[Batch, Exception]], blame: bool) -> None:
    """Record batches that failed a step, and decide between the batch and the cycle.

    When the step worked for another batch this cycle (`blame`), the failure is the batch's own: it
    counts an attempt and, after MAX_BATCH_ATTEMPTS, the batch moves to the quarantine folder (kept
    whole, no longer retried), so it can never hold up later cycles. When nothing worked, the fault is
    more likely the set-up (runner, disk, warehouse): no batch is blamed and the run is recorded
    `failed`, but the cycle's other steps still run (feed states load, alerts and the dead-man check).
    """
    if not failed:
        return
    if not blame:
        for batch, exc in failed:
            message = f"batch {batch.batch_id}: {stage} failed, kept for the next cycle: {type(exc).__name__}: {exc}"
            log.error(message)
            report.errors.append(message)
        report.setup_failures += len(failed)
        return
    quarantine_dir = settings.warehouse.staging_dir.parent / "quarantine"
    for batch, exc in failed:
        error = f"{type(exc).__name__}: {exc}"
        attempts = batch.record_failure(stage, error)
        message = f"batch {batch.batch_id}: {stage} failed (attempt {attempts}/{MAX_BATCH_ATTEMPTS}): {error}"
        if attempts >= MAX_BATCH_ATTEMPTS:
            moved = batch.quarantine(quarantine_dir)
            message += f"; quarantined in {moved} (move it back into the staging folder to retry)"
        log.error(message)
        report.errors.append(message)
        report.failed_batches += 1


def load(settings: Settings, report: CycleReport, *, group: int = 1, checkpoint: bool = True,
         con: Any = None) -> bool:
    """Commit every classified batch, oldest first; False when the warehouse stayed busy (deferred).

    `group` batches share one transaction (a backfill's loads: its story assignment, stories and feed
    counts then run once per group); a group that fails is loaded again one batch at a time, so a bad
    batch fails alone. `checkpoint=False` leaves the checkpoint to DuckDB's own (at its WAL threshold: 16 MB,
    160 MB on a backfill's writer) and to `finish`: a backfill checkpoints once, not after every load. `con`: a
    writer connection the caller holds (a backfill keeps one for all its loads: each open reads the tables' key
    indexes into memory again on the first insert, a cost that grows with the history)."""
    batches = [b for b in pending_batches(settings.warehouse.staging_dir) if b.is_classified]
    groups = [batches[start:start + max(group, 1)] for start in range(0, len(batches), max(group, 1))]
    failed: list[tuple[Batch, Exception]] = []
    loaded = 0
    try:
        with _writer(settings, con) as con, _story_pipeline(con, groups) as stories:
            for batches_of_group in groups:
                for batch, result in _load_group(con, batches_of_group, stories):
                    if isinstance(result, Exception):  # e.g. an unreadable output file: rebuild it next cycle
                        batch.unclassify()
                        failed.append((batch, result))
                        continue
                    loaded += 1
                    report.items_loaded += result.items
                    report.signals_loaded += result.signals
                    report.dead_letters += result.dead_letters
                    report.published_range = _merge_range(report.published_range, result.published_range)
            _assign_history(con)
            if checkpoint:
                con.execute("CHECKPOINT")
    except WarehouseBusy as exc:
        report.errors.append(str(exc))
        report.deferred_batches = len(batches)
        return False
    settle_failures(settings, report, "load", failed, blame=loaded > 0)
    return True


@contextmanager
def _writer(settings: Settings, con: Any = None) -> Iterator[Any]:
    """`con` when the caller holds one, else the warehouse's writer for the duration."""
    if con is not None:
        yield con
        return
    with Warehouse.of(settings.warehouse).writer() as opened:
        yield opened


@contextmanager
def _story_pipeline(con: Any, groups: list[list[Batch]]) -> Iterator[StoryPipeline | None]:
    """Several group loads (a backfill's) prepare their stories ahead of the writer, on a thread carrying its
    clusterer from group to group (warehouse/story_loader.py); one group prepares its own beside its inserts,
    and single batches (a cycle's) assign theirs after."""
    several = [g for g in groups if len(g) > 1 and all(is_local(b.root) for b in g)]
    if len(several) < 2:
        yield None
        return
    pipeline = StoryPipeline(con)
    try:
        for g in several:  # (in load order; a group loaded batch by batch stops the pipeline)
            pipeline.add(group_key(g), story_inputs(g))
        yield pipeline
    finally:
        pipeline.close()


def _load_group(con: Any, batches: list[Batch], stories: StoryPipeline | None = None
                ) -> list[tuple[Batch, LoadResult | Exception]]:
    """Load `batches` in one transaction when there are several (all on a local disk), else, or when that
    fails (rolled back), each in its own; every batch comes back with its result or its error."""
    if len(batches) > 1 and all(is_local(b.root) for b in batches):
        try:
            return list(zip(batches, load_batches(con, batches, stories=stories), strict=True))
        except Exception:
            log.warning("batches %s to %s could not be loaded together; loading them one at a time",
                        batches[0].batch_id, batches[-1].batch_id, exc_info=True)
    if stories is not None:
        stories.stop()  # (batches loaded one at a time break the chain of prepared stories)
    out: list[tuple[Batch, LoadResult | Exception]] = []
    for batch in batches:
        if not batch.root.exists():  # found committed before the group's transaction, and removed then
            out.append((batch, LoadResult(batch.batch_id, 0, 0, 0, 0, already_loaded=True)))
            continue
        try:
            out.append((batch, load_batch(con, batch)))  # rolled back on error
        except Exception as exc:
            log.exception("batch %s could not be loaded", batch.batch_id)
            out.append((batch, exc))
    return out


def _assign_history(con: Any) -> None:
    """Stories for items that have none and no load will bring again: a warehouse from before stories
    gets them on its first cycle. Nothing to do (one count) otherwise; a failure waits for the next cycle."""
    try:
        update = assign_pending(con)
    except Exception:
        log.exception("stories could not be assigned to earlier items; the next cycle tries again")
        return
    if update.assigned:
        log.info("stories: %d earlier items assigned to %d stories", update.assigned, update.stories)


def _merge_range(a: tuple[datetime, datetime] | None, b: tuple[datetime, datetime] | None):
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def alert(settings: Settings, report: CycleReport) -> None:
    """Evaluate the rules over the windows the new items fell into, and the dead-man check."""
    wh = Warehouse.of(settings.warehouse)
    with wh.writer() as con:
        queued, backlog = alert_backlog(con)  # this cycle's batches and any a dead cycle left
    span = _merge_range(report.published_range, backlog)
    if span:
        refresh_baseline(settings, report, span)
    with wh.writer() as con:
        dead = deadman_alert(con, settings.alerts.deadman_hours)
        if dead:
            report.alerts.append(dead)
        rules = [r for r in settings.alerts.rules if r.name not in report.skipped_rules]
        if span:
            report.alerts += evaluate_rules(con, rules, span[0], span[1], report.run_id)
        clear_alert_backlog(con, queued)


def refresh_baseline(settings: Settings, report: CycleReport, span: tuple[datetime, datetime]) -> None:
    """Classify the rules' baseline under the current taxonomy and rules before they compare new windows.

    After a taxonomy or classifier change, new items carry the new version and history the old one; a baseline
    counted with the old patterns would make whatever the new patterns add look like a spike. Only
    items a rule can look back on are classified again (the rest waits for `escmon reclassify`).
    """
    if not settings.alerts.rules:
        return
    lookback = timedelta(days=max(r.lookback_days for r in settings.alerts.rules) + 1)
    taxonomy = load_taxonomy(settings.pipeline.taxonomy)
    version = classification_version(taxonomy.version)
    with Warehouse.of(settings.warehouse).writer() as con:
        items = items_missing_version(con, version, span[0] - lookback, span[1] + timedelta(microseconds=1),
                                      classified_only=True)
    if not items:
        return
    log.warning("classification version %s (taxonomy or classifier rules) is new to %d baseline items since %s: "
                "classifying them before the alert rules", version, len(items), (span[0] - lookback).date())
    batch = Batch(settings.warehouse.staging_dir / f"{report.run_id}-baseline")
    batch.root.mkdir(parents=True, exist_ok=True)
    write_items(batch, items)
    # the baseline's old windows are not this cycle's to alert on
    batch.mark("STAGED", {"run_id": report.run_id, "items": len(items), "alerts": False})
    classify_batch(settings, batch, taxonomy)
    if not load(settings, report):
        raise WarehouseBusy(f"baseline for classification version {version} left staged (alerts wait for the "
                            f"next cycle): {report.errors[-1:]}")
    report.baseline_reclassified += len(items)


def deliver(settings: Settings, report: CycleReport) -> None:
    with Warehouse.of(settings.warehouse).writer() as con:
        report.deliveries = deliver_pending(con, settings.notify.urls,
                                            max_attempts=settings.notify.max_attempts,
                                            max_age_hours=settings.notify.max_age_hours,
                                            timeout_s=settings.notify.timeout_seconds)


def finish(settings: Settings, report: CycleReport, status: RunStatus) -> None:
    """Record the run, checkpoint, and publish the analysts' snapshot."""
    report.status = status
    report.finished_at = datetime.now(UTC)
    run_file = _run_file(settings, report.run_id)
    run_file.parent.mkdir(parents=True, exist_ok=True)
    run_file.write_text(json.dumps(report.record(), default=str), encoding="utf-8")
    wh = Warehouse.of(settings.warehouse)
    try:
        with wh.writer() as con:
            record_runs(con, settings)
            con.execute("CHECKPOINT")
        wh.publish_snapshot()
    except WarehouseBusy as exc:
        report.errors.append(f"run record deferred: {exc}")


def _run_file(settings: Settings, run_id: str) -> Path:
    return settings.warehouse.staging_dir / "_runs" / f"{run_id}.json"


def start_run(settings: Settings, report: CycleReport) -> None:
    """Leave a trace before any work, so a cycle killed mid-way is recorded as crashed by the next one."""
    path = _run_file(settings, report.run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.record(), default=str), encoding="utf-8")


def record_runs(con: Any, settings: Settings) -> None:
    folder = settings.warehouse.staging_dir / "_runs"
    for path in sorted(folder.glob("*.json")):
        rec = json.loads(path.read_text(encoding="utf-8"))
        if rec["status"] == RunStatus.RUNNING:
            rec["status"] = RunStatus.CRASHED
            rec["finished_at"] = None
        con.execute(sql_text("sql/record_run.sql"), rec)
        path.unlink()


# ---------------------------------------------------------------- the whole cycle

class CycleBusy(RuntimeError):
    """Another cycle holds the lock for longer than we may wait."""


DEFAULT_LOCK_WAIT_S = 600.0  # a scheduled cycle queues behind a manual one; longer means something is stuck


@contextmanager
def cycle_lock(settings: Settings, timeout_s: float = DEFAULT_LOCK_WAIT_S, poll_s: float = 0.5) -> Iterator[None]:
    """No two cycles overlap on one warehouse: an exclusive lock file beside the staging folder.

    The OS releases the lock when the process dies, so a crashed cycle never blocks the next one. A
    cycle that finds the lock taken says so once, waits up to `timeout_s`, then raises CycleBusy.
    """
    path = cycle_lock_folder(settings.warehouse.staging_dir, settings.warehouse.path) / ".escmon-cycle.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline, waiting = time.monotonic() + timeout_s, False
    with open(path, "a+") as fh:
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    raise CycleBusy(f"another escmon cycle holds {path} for more than {timeout_s:.0f}s") from exc
                if not waiting:
                    waiting = True
                    log.warning("another escmon cycle is running (%s); waiting up to %.0fs", path, timeout_s)
                time.sleep(poll_s)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def new_report(settings: Settings) -> CycleReport:
    now = datetime.now(UTC)
    return CycleReport(run_id=new_batch_id(now), started_at=now, warehouse=settings.warehouse.path)


def run_cycle(settings: Settings, progress: Callable[[FetchResult], None] | None = None,
              lock_wait_s: float = DEFAULT_LOCK_WAIT_S) -> CycleReport:
    """The cycle without Prefect (used by tests and as the reference for the flow)."""
    with cycle_lock(settings, lock_wait_s):
        return _run_cycle_locked(settings, progress)


def _run_cycle_locked(settings: Settings, progress: Callable[[FetchResult], None] | None) -> CycleReport:
    report = new_report(settings)
    with recorded_failure(settings, report):
        return run_steps(settings, report, PLAIN_STEPS, progress)


@contextmanager
def recorded_failure(settings: Settings, report: CycleReport) -> Iterator[None]:
    """A step that raises marks the run `failed` with its reason in `runs`, then the error propagates."""
    start_run(settings, report)
    try:
        yield
    except Exception as exc:
        report.errors.append(f"{type(exc).__name__}: {exc}")
        try:
            finish(settings, report, RunStatus.FAILED)
        except Exception:  # the run file stays; the next cycle records it
            log.exception("could not record the failed run %s", report.run_id)
        raise


@dataclass(frozen=True)
class Steps:
    """The cycle's steps, so the Prefect flow can run the same sequence with each step as a task."""

    read_state: Callable[..., Any]
    fetch: Callable[..., Any]
    stage: Callable[..., Any]
    classify: Callable[..., Any]
    load: Callable[..., Any]
    alert: Callable[..., Any]
    deliver: Callable[..., Any]
    finish: Callable[..., Any]


def run_steps(settings: Settings, report: CycleReport, steps: Steps,
              progress: Callable[[FetchResult], None] | None = None) -> CycleReport:
    """The one order of a cycle: fetch and stage, classify, then load, alert and deliver, or defer."""
    states = steps.read_state(settings, report)
    outcomes = steps.fetch(settings, states, report, progress)
    log.info("fetched %d feeds: %d ok, %d failed, %d items", len(outcomes), report.feeds_ok,
             report.feeds_failed, report.items_fetched)
    steps.stage(settings, outcomes, report)
    steps.classify(settings, report)
    if steps.load(settings, report):
        steps.alert(settings, report)
        steps.deliver(settings, report)
        steps.finish(settings, report, completed_status(report))
    else:
        log.warning("warehouse busy: load deferred to the next cycle (%s)", report.errors[-1:])
        steps.finish(settings, report, RunStatus.DEFERRED)
    log.info("cycle %s %s: %d new items, %d signals, %d alerts", report.run_id, report.status,
             report.items_new, report.signals_loaded, len(report.alerts))
    return report


def completed_status(report: CycleReport) -> RunStatus:
    """`failed` when staged items could not be classified or loaded at all (the set-up, most likely);
    `degraded` when no feed could be fetched, a batch failed or a rule was skipped: an outage must not
    look like a quiet news day (and the dead-man check, which counts `completed` cycles only, speaks up)."""
    if report.setup_failures:
        return RunStatus.FAILED
    if report.feeds_ok == 0 or report.failed_batches or report.skipped_rules:
        return RunStatus.DEGRADED
    return RunStatus.COMPLETED


PLAIN_STEPS = Steps(read_state, fetch, stage, classify_pending, load, alert, deliver, finish)
