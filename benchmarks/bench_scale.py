"""Scale figures (issue 19). Part (c): the Beam stage on one and on two Dask workers, and on the DirectRunner.

The same generated items (a week of news, as a large cycle or a backfill chunk stages them) are classified
by the escmon Beam graph: on the DirectRunner in this process, then on a `dask.distributed` cluster of a
scheduler and one, then two single-threaded worker processes on 127.0.0.1 (started and stopped here).
Every runner gets a warm-up run first, so worker start-up and the classifier's load (once per process,
kept between runs) are not counted. Besides wall-clock items/s it prints items per CPU second of the
process(es) doing the work, which other load on the machine disturbs far less. Ratios are what this
machine gives: with 2 cores shared with whatever else runs, two workers cannot exceed 2x, and the
driver's own work (listing slices, reading counts back) is serial.

The last line is machine-readable: `direct_items_per_s=D dask1_items_per_s=A dask2_items_per_s=B
dask2_over_dask1=R dask2_over_direct=S`.

    python benchmarks/bench_scale.py [--items 20000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from distributed import Client  # noqa: E402

from benchmarks.bench_beam import stage_items  # noqa: E402
from pipelines.beam_pipeline import ClassifyOptions, run_classification  # noqa: E402
from tests.processes import dask_cluster  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=256, help="[pipeline] batch_size: items per slice")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="escmon-scale-") as tmp:
        root = Path(tmp)
        items = root / "items.parquet"
        stage_items(items, args.items, days=7)
        direct, direct_cpu = on_direct(root, items, args.rounds, args.batch_size, args.items)
        one, one_cpu = on_dask(1, root, items, args.rounds, args.batch_size, args.items)
        two, two_cpu = on_dask(2, root, items, args.rounds, args.batch_size, args.items)
    print(f"(c) Beam stage, {args.items} items, best of {args.rounds} (load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores):")
    print(f"    DirectRunner (in process)   {direct:8.0f} items/s   {direct_cpu:6.0f} items per CPU second")
    print(f"    Dask, 1 worker process      {one:8.0f} items/s   {one_cpu:6.0f} items per worker CPU second")
    print(f"    Dask, 2 worker processes    {two:8.0f} items/s   {two_cpu:6.0f} items per worker CPU second"
          f"   ({two / one:.2f}x one worker)")
    print(f"direct_items_per_s={direct:.0f} dask1_items_per_s={one:.0f} dask2_items_per_s={two:.0f} "
          f"dask2_over_dask1={two / one:.2f} dask2_over_direct={two / direct:.2f}")


if __name__ == "__main__":
    main()
