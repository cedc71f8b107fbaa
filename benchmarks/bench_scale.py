"""Scale figures (issue 19): (a) a backfill's stages, (b) one cycle's cost against the size of the history,
(c) the Beam stage on one and two Dask workers and on the DirectRunner.

(a) Backfill: `--history` generated items (`escmon samples items`, a year of news) replayed by
`flows.backfill.run_backfill` in a child process, timing its stages separately: reading the archive into
the spool, ordering it (DuckDB: de-duplicate, drop known items, sort), the Beam classify stage, the load
(DuckDB inserts and stories, several staged batches per transaction) and the alert replay over every
window of the year, each as items per second, with the child's peak memory (max RSS). The warehouse it
leaves is kept for (b). `--classified-cache DIR` keeps every classified batch by its items' content and
reuses it in a later run over the same items, so the load and alert figures of a 1M-item backfill can be
taken again in minutes; such a run's classify figure is a copy's, and its peak memory lacks the
classifier's (the run prints how many batches came from the cache).

(b) One cycle over the sample feeds (`escmon samples generate --scale`, about 450 items per unit of scale,
52 days) on an empty warehouse and on the warehouse (a) built (and on larger ones, `--larger`), phase by
phase: fetch and stage, classify, load, alert evaluation, snapshot. The feeds are treated as news (their
items queue alert windows, `[notify] max_age_hours` raised), as they would be in a running monitor. Every
run starts from a fresh copy of its warehouse; a warm-up cycle first loads the classifier. Runs
alternate between the sizes and the medians are printed, with the ratio to the empty warehouse. The
cycles run in `--keep` (else in TMPDIR): on XFS with reflink or btrfs the snapshot is a clone; elsewhere the
snapshot before last (the spare, copied in with the warehouse as a monitor's folder holds it between cycles)
is updated in place where it differs, and the output says which and how many MB were written
(docs/scaling.md shows a loop-mounted XFS for trying it).

(c) The same generated items (a week of news, as a large cycle or a backfill chunk stages them) are
classified by the escmon Beam graph: on the DirectRunner in this process, then on a `dask.distributed`
cluster of a scheduler and one, then two single-threaded worker processes on 127.0.0.1 (started and
stopped here). Every runner gets a warm-up run first, so worker start-up and the classifier's load (once
per process, kept between runs) are not counted. Besides wall-clock items/s it prints items per CPU
second of the process(es) doing the work, which other load on the machine disturbs far less. Ratios are
what this machine gives: with 2 cores shared with whatever else runs, two workers cannot exceed 2x, and
the driver's own work (listing slices, reading counts back) is serial.

Each part ends with one machine-readable line (`backfill_items=... `, `cycle_history=... `,
`direct_items_per_s=...`). The issue's sizes take long: `--history 1000000` is about half an hour of
backfill here, 10,000,000 several hours and about 20 GB of disk.

    python benchmarks/bench_scale.py [--parts abc] [--history 100000] [--larger N ...] [--cycle-scale 4]
                                     [--repeats 3] [--warehouse FILE] [--items 20000] [--rounds 2]
                                     [--classified-cache DIR] [--keep DIR]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import logging
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from distributed import Client  # noqa: E402

from benchmarks.bench_beam import stage_items  # noqa: E402
from flows import backfill, cycle  # noqa: E402
from flows.config import REPO_ROOT, load_settings  # noqa: E402
from pipelines.beam_pipeline import ClassifyOptions, run_classification  # noqa: E402
from samples.generator import DEFAULT_DAYS, generate_items, write_samples  # noqa: E402
from tests.processes import dask_cluster  # noqa: E402
from warehouse.db import open_reader  # noqa: E402
from warehouse.snapshot import clone_or_copy, spare_path  # noqa: E402
from warehouse.warehouse import Warehouse  # noqa: E402

# ---------------------------------------------------------------------------------------- timing


class PhaseTimer:
    """Seconds spent inside named functions, summed over calls: each is patched for the duration. Wall
    seconds under the label, this process's CPU seconds (its threads: DuckDB's, an in-process Beam runner's)
    under `cpu:` + label, which the machine's other jobs disturb far less."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), cpu_seconds()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started
                self.seconds[f"cpu:{label}"] = self.seconds.get(f"cpu:{label}", 0.0) + cpu_seconds() - cpu
        return timed

    @contextmanager
    def patched(self, targets: list[tuple[Any, str, str]]) -> Iterator[PhaseTimer]:
        """(owner, attribute, label): every call of owner.attribute is timed under label."""
        with ExitStack() as stack:
            for owner, attribute, label in targets:
                stack.enter_context(mock.patch.object(owner, attribute, self.wrap(label, getattr(owner, attribute))))
            yield self


def items_in(path: Path) -> int:
    con = open_reader(path)
    try:
        return con.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        con.close()


def load_note() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def config_text(warehouse: Path, feeds: list[tuple[str, Path]], news: bool = False) -> str:
    """The repository's escmon.toml (fetch, pipeline, the alert rules) with this run's warehouse and feeds;
    `news`: every fetched item is recent enough to queue alert windows (a running monitor's feeds)."""
    template = (REPO_ROOT / "escmon.toml").read_text(encoding="utf-8")
    rest = template[template.index("[fetch]"):]
    if news:
        rest = rest.replace("[notify]\n", "[notify]\nmax_age_hours = 1000000\n", 1)
    head = ["[warehouse]", f'path = "{warehouse}"', f'snapshot_path = "{warehouse.with_suffix(".snapshot.duckdb")}"',
            f'staging_dir = "{warehouse.parent / "staging"}"', ""]
    for name, path in feeds:
        head += ["[[feeds]]", f'name = "{name}"', f'url = "{path}"', ""]
    return "\n".join(head) + "\n" + rest


# ------------------------------------------------------------------------------------ (a) backfill


def write_history(path: Path, count: int, overlap: bool) -> None:
    """`count` generated items (`escmon samples items`: a year of news ending on the sample story's last day),
    moved back by the sample feeds' 52 days unless `overlap`: a cycle then brings news newer than the history,
    as a running monitor's cycles do. (Items older than some of the history make the story clustering assign
    again every item published after them, warehouse/story_loader.py: that cost is the late items', not the
    history's.)"""
    shift = timedelta(days=0 if overlap else DEFAULT_DAYS)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in generate_items(count):
            row["published"] = (datetime.fromisoformat(row["published"]) - shift).isoformat()
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


class ClassifiedCache:
    """Classified outputs kept by the content of the batch they came from (its item ids, in order), so a
    backfill over the same items can skip the Beam stage: the load and alert figures of a 1M-item backfill
    then take minutes instead of the classify stage's half hour. A batch not in the cache is classified
    and its outputs stored. The classify figure of a run that found its batches here is a copy's, not
    Beam's: the run says how many batches came from the cache."""

    def __init__(self, folder: Path, classify: Callable[..., bool]) -> None:
        self.folder, self.classify, self.hits, self.misses = folder, classify, 0, 0

    def key(self, batch: Any) -> str:
        import hashlib

        import pyarrow.parquet as pq

        ids = pq.read_table(batch.items, columns=["item_id"]).column("item_id").to_pylist()
        return hashlib.sha256("\n".join(ids).encode()).hexdigest()[:32]

    def __call__(self, settings: Any, batch: Any, taxonomy: Any) -> bool:
        entry = self.folder / self.key(batch)
        if (entry / "CLASSIFIED.json").exists():
            self.hits += 1
            shutil.rmtree(batch.classified_dir, ignore_errors=True)
            shutil.copytree(entry / "classified", batch.classified_dir)
            batch.mark("CLASSIFIED", json.loads((entry / "CLASSIFIED.json").read_text(encoding="utf-8")))
            return True
        self.misses += 1
        ran = self.classify(settings, batch, taxonomy)
        tmp = self.folder / f".{entry.name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        if batch.classified_dir.exists():
            shutil.copytree(batch.classified_dir, tmp / "classified")
        else:
            (tmp / "classified").mkdir(parents=True)
        (tmp / "CLASSIFIED.json").write_text(json.dumps(batch.info("CLASSIFIED")), encoding="utf-8")
        shutil.rmtree(entry, ignore_errors=True)
        tmp.replace(entry)
        return ran


def backfill_stages(folder: str, count: int, overlap: bool = False, cache: str | None = None) -> dict[str, float]:
    """In a child process: generate `count` items, back-fill them into folder/escmon.duckdb, time the stages.
    `cache`: a folder of classified outputs (ClassifiedCache) to reuse and fill."""
    root = Path(folder)
    archive = root / "archive" / "items.jsonl"
    write_history(archive, count, overlap)
    config = root / "escmon.toml"
    config.write_text(config_text(root / "escmon.duckdb", []), encoding="utf-8")
    settings = load_settings(config)
    timer = PhaseTimer()
    targets = [(backfill, "_spool_all", "read"), (backfill, "order_replay", "order"),
               (cycle, "classify_pending", "classify"), (cycle, "load", "load"),
               (backfill, "replay_alerts", "alerts")]
    cached = ClassifiedCache(Path(cache), cycle.classify_batch) if cache else None
    started = time.perf_counter()
    with timer.patched(targets), ExitStack() as stack:
        if cached:
            cached.folder.mkdir(parents=True, exist_ok=True)
            stack.enter_context(mock.patch.object(cycle, "classify_batch", cached))
        report = backfill.run_backfill(settings, [archive])
    total = time.perf_counter() - started
    shutil.rmtree(archive.parent)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    if cached:
        timer.seconds["cache_hits"], timer.seconds["cache_misses"] = cached.hits, cached.misses
    return {**timer.seconds, "total": total, "items": report.run.items_loaded, "alerts_fired": report.alerts_replayed,
            "peak_mb": usage.ru_maxrss / 1024, "warehouse_mb": (root / "escmon.duckdb").stat().st_size / 2**20}


def build_history(folder: Path, count: int, overlap: bool, cache: Path | None = None) -> dict[str, float]:
    """(a) for `count` items in a fresh process (its peak memory is the backfill's own)."""
    folder.mkdir(parents=True, exist_ok=True)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(backfill_stages, str(folder), count, overlap, str(cache) if cache else None).result()


def print_backfill(count: int, f: dict[str, float]) -> None:
    items = f["items"] or count
    print(f"(a) backfill of {count:,} items ({load_note()}): {f['total']:.0f} s, {items / f['total']:.0f} items/s "
          f"end to end, peak memory {f['peak_mb']:.0f} MB, warehouse {f['warehouse_mb']:.0f} MB")
    for stage in ("read", "order", "classify", "load", "alerts"):
        seconds, cpu = f.get(stage, 0.0), f.get(f"cpu:{stage}", 0.0)
        print(f"    {stage:<9} {seconds:8.1f} s  {items / seconds if seconds else float('inf'):10.0f} items/s   "
              f"CPU {cpu:8.1f} s  {items / cpu if cpu else float('inf'):10.0f} items per CPU second")
    if "cache_hits" in f:
        print(f"    classify: {f['cache_hits']:.0f} batches copied from --classified-cache, "
              f"{f['cache_misses']:.0f} classified by Beam")
    both = f.get("load", 0.0) + f.get("alerts", 0.0)
    print(f"backfill_items={items} total_s={f['total']:.1f} classify_items_per_s={items / f['classify']:.0f} "
          f"load_items_per_s={items / f['load']:.0f} alerts_items_per_s={items / f['alerts']:.0f} "
          f"load_and_alerts_items_per_s={items / both:.0f} "
          f"load_and_alerts_items_per_cpu_s={items / (f.get('cpu:load', 0.0) + f.get('cpu:alerts', 0.0) or 1):.0f} "
          f"peak_mb={f['peak_mb']:.0f}")


# --------------------------------------------------------------------------------- (b) one cycle

CYCLE_PHASES = [("fetch+stage", ("read_state", "fetch", "stage")), ("classify", ("classify",)),
                ("load", ("load",)), ("alerts", ("evaluate_rules",)), ("snapshot", ("publish_snapshot",)),
                ("total", ("total",))]


def timed_cycle(config: Path) -> dict[str, float]:
    """One cycle without Prefect, each step timed (rule evaluation and the snapshot copy on their own)."""
    settings = load_settings(config)
    logging.getLogger("warehouse.delivery").setLevel(logging.ERROR)  # no URLs: alerts would be printed
    timer = PhaseTimer()
    steps = cycle.Steps(*(timer.wrap(name, getattr(cycle.PLAIN_STEPS, name)) for name in
                          ("read_state", "fetch", "stage", "classify", "load", "alert", "deliver", "finish")))
    publish = Warehouse.publish_snapshot

    def recorded(wh: Warehouse) -> Any:
        published = publish(wh)
        if published:
            timer.seconds["snapshot_mb"] = published.bytes_written / 1e6
            timer.seconds["snapshot_updated"] = float(published.method == "update")
        return published

    targets = [(cycle, "evaluate_rules", "evaluate_rules"), (Warehouse, "publish_snapshot", "publish_snapshot")]
    started, cpu = time.perf_counter(), cpu_seconds()
    with mock.patch.object(Warehouse, "publish_snapshot", recorded), timer.patched(targets), \
            cycle.cycle_lock(settings):
        report = cycle.run_steps(settings, cycle.new_report(settings), steps)
    timer.seconds["total"] = time.perf_counter() - started
    timer.seconds["cpu:total"] = cpu_seconds() - cpu
    assert report.status == "completed", f"cycle {report.status}: {report.errors}"
    timer.seconds["items"] = report.items_loaded
    return timer.seconds


def copy_at_rest(base: Path, target: Path) -> None:
    """A copy of `base` written through to the disk before the cycle starts, as a monitor's warehouse is between
    cycles: a fresh copy's dirty pages would otherwise be flushed by the cycle's first fsync (DuckDB's
    checkpoint), about a second per GB here, and counted as the cycle's."""
    shutil.copyfile(base, target)
    with open(target, "rb+") as f:
        os.fsync(f.fileno())


def cycle_runs(root: Path, bases: dict[str, Path | None], scale: int, repeats: int) -> dict[str, list[dict]]:
    """`repeats` cycles per warehouse (None: empty), alternating, each on a fresh copy."""
    feeds_dir = root / "feeds"
    feeds = [(p.stem.replace("_", " ").title(), p) for p in write_samples(feeds_dir, scale=scale)]
    runs: dict[str, list[dict]] = {label: [] for label in bases}

    def one(label: str, base: Path | None) -> dict[str, float]:
        # a folder per run: the process migrates each copy and recreates its views from this code, as a
        # process's first cycle does (a file seen before would keep the views stored in it)
        runs_done = sum(len(r) for r in runs.values())
        work = root / f"cycle-{runs_done}-{label.replace(' ', '_').replace(',', '')}"
        work.mkdir()
        if base is not None:
            # as a monitor's folder is between cycles: the warehouse, its snapshot and, where the filesystem
            # cannot clone, the spare (the snapshot before last, updated in place by the next publish)
            copy_at_rest(base, work / "escmon.duckdb")
            copy_at_rest(base, work / "escmon.snapshot.duckdb")
            if not snapshot_kind(work).startswith("a clone"):
                copy_at_rest(base, spare_path(work / "escmon.snapshot.duckdb"))
        config = work / "escmon.toml"
        config.write_text(config_text(work / "escmon.duckdb", feeds, news=True), encoding="utf-8")
        try:
            return timed_cycle(config)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    one("warm-up", None)  # loads the classifier and imports everything, as a serving process has
    for _ in range(repeats):
        for label, base in bases.items():
            runs[label].append(one(label, base))
    return runs


def snapshot_kind(folder: Path) -> str:
    """How `publish_snapshot` makes the analysts' snapshot in `folder`: a clone where the filesystem shares a
    file's extents (XFS with reflink, btrfs), else a byte copy."""
    probe = folder / ".clone-probe"
    probe.write_bytes(b"escmon")
    try:
        cloned = clone_or_copy(probe, folder / ".clone-probe-2")
    finally:
        for path in (probe, folder / ".clone-probe-2"):
            path.unlink(missing_ok=True)
    return ("a clone (copy-on-write filesystem)" if cloned else
            "a byte copy, or an update in place of the spare where one exists (this filesystem cannot clone)")


def print_cycles(runs: dict[str, list[dict]], repeats: int, root: Path) -> None:
    first = next(iter(runs.values()))
    print(f"(b) one cycle over the sample feeds ({int(first[0]['items'])} items), median of {repeats} "
          f"({load_note()}); the snapshot is {snapshot_kind(root)} in {root}:")
    medians = {}
    for kind, prefix in (("wall seconds", ""), ("CPU seconds of this process (not the parse pool's)", "cpu:")):
        print(f"    {kind}")
        print("    " + f"{'history':>16}" + "".join(f"{name:>13}" for name, _ in CYCLE_PHASES))
        medians[prefix] = {label: {name: statistics.median(sum(r.get(prefix + k, 0.0) for k in keys) for r in rs)
                                   for name, keys in CYCLE_PHASES} for label, rs in runs.items()}
        empty = medians[prefix][next(iter(runs))]
        for label, m in medians[prefix].items():
            print("    " + f"{label:>16}" + "".join(f"{m[name]:13.2f}" for name, _ in CYCLE_PHASES))
            print("    " + f"{'x empty':>16}" + "".join(f"{m[name] / empty[name] if empty[name] else 0:13.2f}"
                                                         for name, _ in CYCLE_PHASES))
    for label, rs in runs.items():
        updated = sum(int(r.get("snapshot_updated", 0)) for r in rs)
        written = statistics.median(r.get("snapshot_mb", 0.0) for r in rs)
        print(f"    snapshot, {label}: the spare updated in place in {updated} of {len(rs)} cycles, "
              f"median {written:.1f} MB written")
    largest = list(runs)[-1]
    wall, cpu = medians[""], medians["cpu:"]
    empty = next(iter(runs))

    def ratio(m: dict, phase: str) -> str:
        return f"{m[largest][phase] / m[empty][phase]:.2f}" if m[empty][phase] else "n/a"

    print(f"cycle_history={largest.replace(' ', '_')} cycle_s={wall[largest]['total']:.2f} "
          f"empty_cycle_s={wall[empty]['total']:.2f} cycle_over_empty={ratio(wall, 'total')} "
          f"cycle_cpu_over_empty={ratio(cpu, 'total')} alerts_over_empty={ratio(wall, 'alerts')} "
          f"alerts_cpu_over_empty={ratio(cpu, 'alerts')} snapshot_s={wall[largest]['snapshot']:.2f}")


# ---------------------------------------------------------------------------- (c) the Beam stage


def timed_run(items: Path, out: Path, runner: str, beam_args: list[str], batch: int) -> tuple[float, int]:
    """Seconds for one run of the Beam stage, and the items it classified."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    counters = run_classification(str(items), str(out), ClassifyOptions(max_batch=batch, min_batch=batch),
                                  runner, beam_args)
    return time.perf_counter() - started, counters.get("items_classified", 0)
def best_of(rounds: int, items: Path, out: Path, runner: str, beam_args: list[str], batch: int,
            count: int) -> float:
    """The fastest of `rounds` runs in items/s; every run must classify every item."""
    best = float("inf")
    for _ in range(rounds):
        seconds, classified = timed_run(items, out, runner, beam_args, batch)
        assert classified == count, f"{runner}: {classified} of {count} items classified"
        best = min(best, seconds)
    return count / best


def cpu_seconds() -> float:
    """User + system CPU of the calling process (run in each Dask worker through Client.run)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def on_dask(workers: int, root: Path, items: Path, rounds: int, batch: int, count: int) -> tuple[float, float]:
    """(items/s, items per CPU second of the workers): the second is what a loaded machine disturbs least."""
    with dask_cluster(root / f"cluster{workers}", workers=workers) as scheduler, Client(scheduler) as client:
        args = [f"--dask_client_address={scheduler}"]
        timed_run(items, root / "warmup", "dask", args, batch)  # loads the classifier in every worker
        before = sum(client.run(cpu_seconds).values())
        rate = best_of(rounds, items, root / f"dask{workers}", "dask", args, batch, count)
        spent = sum(client.run(cpu_seconds).values()) - before
        return rate, count * rounds / spent


def on_direct(root: Path, items: Path, rounds: int, batch: int, count: int) -> tuple[float, float]:
    timed_run(items, root / "warmup", "DirectRunner", [], batch)  # loads the classifier, as a worker's warm-up
    before = cpu_seconds()
    rate = best_of(rounds, items, root / "direct", "DirectRunner", [], batch, count)
    return rate, count * rounds / (cpu_seconds() - before)


def beam_stage(items_count: int, rounds: int, batch: int) -> None:
    with tempfile.TemporaryDirectory(prefix="escmon-scale-") as tmp:
        root = Path(tmp)
        items = root / "items.parquet"
        stage_items(items, items_count, days=7)
        direct, direct_cpu = on_direct(root, items, rounds, batch, items_count)
        one, one_cpu = on_dask(1, root, items, rounds, batch, items_count)
        two, two_cpu = on_dask(2, root, items, rounds, batch, items_count)
    print(f"(c) Beam stage, {items_count} items, best of {rounds} ({load_note()}):")
    print(f"    DirectRunner (in process)   {direct:8.0f} items/s   {direct_cpu:6.0f} items per CPU second")
    print(f"    Dask, 1 worker process      {one:8.0f} items/s   {one_cpu:6.0f} items per worker CPU second")
    print(f"    Dask, 2 worker processes    {two:8.0f} items/s   {two_cpu:6.0f} items per worker CPU second"
          f"   ({two / one:.2f}x one worker)")
    print(f"direct_items_per_s={direct:.0f} dask1_items_per_s={one:.0f} dask2_items_per_s={two:.0f} "
          f"dask2_over_dask1={two / one:.2f} dask2_over_direct={two / direct:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="abc", help="which parts to run: any of a, b, c")
    parser.add_argument("--history", type=int, default=100_000,
                        help="(a) items back-filled; (b) the history of the second warehouse")
    parser.add_argument("--larger", type=int, nargs="*", default=[],
                        help="(b) larger histories to build (by backfill) and time a cycle on")
    parser.add_argument("--warehouse", type=Path, action="append", default=[],
                        help="(b) an existing warehouse to time a cycle on instead of building one (copied, "
                             "never written; repeatable)")
    parser.add_argument("--overlap", action="store_true",
                        help="(a, b) history over the sample feeds' 52 days too (as in issue 19), not before them")
    parser.add_argument("--cycle-scale", type=int, default=4, help="(b) sample feeds' scale (~450 items each)")
    parser.add_argument("--repeats", type=int, default=3, help="(b) cycles per warehouse")
    parser.add_argument("--keep", type=Path, help="keep the built warehouses in this folder")
    parser.add_argument("--classified-cache", type=Path,
                        help="(a) reuse classified batches from this folder and add new ones (same items, same "
                             "batches: the classify figure is then a copy's)")
    parser.add_argument("--items", type=int, default=20_000, help="(c) items classified")
    parser.add_argument("--rounds", type=int, default=2, help="(c) runs per runner")
    parser.add_argument("--batch-size", type=int, default=256, help="(c) [pipeline] batch_size: items per slice")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="escmon-scale-") as tmp:
        root = args.keep or Path(tmp)
        bases: dict[str, Path | None] = {"empty": None}
        bases.update({f"{items_in(path):,} items": path for path in args.warehouse})
        if "a" in args.parts or ("b" in args.parts and not args.warehouse):
            for count in [args.history, *args.larger]:
                folder = root / f"history-{count}"
                figures = build_history(folder, count, args.overlap, args.classified_cache)
                if count == args.history:
                    print_backfill(count, figures)
                bases[f"{count:,} items"] = folder / "escmon.duckdb"
        if "b" in args.parts:
            print_cycles(cycle_runs(root, bases, args.cycle_scale, args.repeats), args.repeats, root)
    if "c" in args.parts:
        beam_stage(args.items, args.rounds, args.batch_size)


if __name__ == "__main__":
    main()
