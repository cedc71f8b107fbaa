"""Beam vs direct: classify the same generated item set through the Beam pipeline and in a plain loop.

Both paths do the same work end to end: read the staged Parquet, classify with nlp.pipe in batches,
build the warehouse rows, sum the hourly and daily window counts, and write everything as Parquet.
(The generated set spreads over a year, like a backfill, so the window counts are a real share of it.)
The last line is the machine-readable summary:
`ratio=R beam_items_per_s=B direct_items_per_s=D peak_rss_mb=M`.

    python benchmarks/bench_beam.py [--items 100000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.beam_pipeline import (  # noqa: E402
    ClassifyOptions,
    hourly_counts,
    run_classification,
    sum_counts,
    window_counts_table,
)
from pipelines.classifier import load_classifier  # noqa: E402
from pipelines.rows import classification_rows, text_of  # noqa: E402
from samples.generator import generate_items  # noqa: E402
from schemas.records import ITEM_SCHEMA, make_item_id  # noqa: E402
from schemas.tables import output_table  # noqa: E402


def stage_items(path: Path, count: int, days: int | None = None) -> None:
    """Generated items as the fetch step stages them; `days` folds their times into that many days
    (a cycle's or a week's backlog instead of a year's backfill)."""
    now = datetime.now(UTC)
    rows = []
    for g in generate_items(count):
        published = datetime.fromisoformat(g["published"])
        if days:
            published = datetime.fromtimestamp(published.timestamp() % (days * 86400), tz=UTC).replace(year=2026)
        rows.append({"item_id": make_item_id(g["source"], g["guid"], g["link"], g["title"], g["summary"]),
                     "feed_name": g["source"], "feed_url": f"bench://{g['source']}", "guid": g["guid"],
                     "link": g["link"], "title": g["title"], "summary": g["summary"], "published": published,
                     "published_estimated": False, "fetched_at": now})
    rows.sort(key=lambda r: (r["published"], r["item_id"]))  # as flows.cycle.write_items stages them
    pq.write_table(pa.Table.from_pylist(rows, schema=ITEM_SCHEMA), path, row_group_size=10_000)


def cpu_seconds() -> float:
    """User + system CPU of this process and its threads (Beam's local runner works in-process)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_direct(items_path: Path, out_dir: Path, batch_size: int) -> int:
    """The classifier called in a loop over nlp.pipe, writing the same Parquet outputs as the pipeline
    (classifications, signals, mentions and the hourly/daily window counts)."""
    clf = load_classifier()
    hours: list[pa.Table] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    writers = {n: pq.ParquetWriter(out_dir / f"{n}.parquet", output_table(n).schema)
               for n in ("classifications", "signals", "mentions")}
    n = 0
    for batch in pq.ParquetFile(items_path).iter_batches(batch_size=batch_size):
        items = batch.to_pylist()
        results = clf.classify_many(((text_of(i), i["published"]) for i in items), batch_size=batch_size)
        out: dict[str, list] = {"classifications": [], "signals": [], "mentions": []}
        for item, result in zip(items, results, strict=True):
            c, s, m = classification_rows(item, result, clf.version)
            out["classifications"].append(c)
            out["signals"] += s
            out["mentions"] += m
            n += 1
        for name, rows in out.items():
            table = pa.Table.from_pylist(rows, schema=output_table(name).schema)
            writers[name].write_table(table)
            if name == "signals" and rows:
                hours.append(hourly_counts(table))
    for w in writers.values():
        w.close()
    pq.write_table(window_counts_table(sum_counts(hours)), out_dir / "window_counts.parquet")
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--days", type=int, default=None,
                        help="fold the items' times into this many days (default: the generator's year)")
    parser.add_argument("--repeat", type=int, default=2, help="rounds; the best of each path counts")
    parser.add_argument("--workers", type=int, default=1,
                        help="Beam DirectRunner workers (>1: multi-processing, one spaCy per worker)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        items_path = tmp_path / "items.parquet"
        t0 = time.perf_counter()
        stage_items(items_path, args.items, args.days)
        print(f"staged {args.items} items in {time.perf_counter() - t0:.1f}s", flush=True)
        beam_args = ([f"--direct_num_workers={args.workers}", "--direct_running_mode=multi_processing"]
                     if args.workers > 1 else [])

        direct_runs, beam_runs = [], []
        for round_no in range(args.repeat):  # alternate, so a busy spell on the machine hits both
            t0, c0 = time.perf_counter(), cpu_seconds()
            n_direct = run_direct(items_path, tmp_path / f"direct{round_no}", args.batch_size)
            direct_runs.append((time.perf_counter() - t0, cpu_seconds() - c0))
            print(f"direct: {n_direct} items in {direct_runs[-1][0]:.1f}s wall, {direct_runs[-1][1]:.1f}s CPU",
                  flush=True)
            t0, c0 = time.perf_counter(), cpu_seconds()
            counters = run_classification(str(items_path), str(tmp_path / f"beam{round_no}"),
                                          ClassifyOptions(max_batch=args.batch_size, min_batch=args.batch_size),
                                          beam_args=beam_args)
            beam_runs.append((time.perf_counter() - t0, cpu_seconds() - c0))
            n_beam = counters.get("items_classified", 0)
            print(f"beam (DirectRunner, {args.workers} worker(s)): {n_beam} items in {beam_runs[-1][0]:.1f}s wall, "
                  f"{beam_runs[-1][1]:.1f}s CPU", flush=True)
        direct_s, direct_cpu = min(direct_runs)
        beam_s, beam_cpu = min(beam_runs)
        if args.workers == 1:
            print(f"cpu_ratio={direct_cpu / beam_cpu:.3f} (CPU seconds, less disturbed by other load; "
                  f"load average {os.getloadavg()[0]:.1f})")
        print(f"best of {args.repeat}: direct {direct_s:.1f}s, beam {beam_s:.1f}s")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    direct_rate, beam_rate = n_direct / direct_s, n_beam / beam_s
    print(f"ratio={beam_rate / direct_rate:.3f} beam_items_per_s={beam_rate:.0f} "
          f"direct_items_per_s={direct_rate:.0f} peak_rss_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
