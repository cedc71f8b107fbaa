"""Loader throughput: signal rows committed per second by `load_batch` from staged Parquet.

Writes synthetic batches with the pipeline's own SIGNAL_SCHEMA (4 signals per item, realistic string
widths) and each item's classification (the loader loads signals only with a classification it inserts),
then times `load_batch` on a real DuckDB file for three cases: a first batch into an empty warehouse, a
second batch of new rows into a warehouse that already holds the first (index growth), and a re-staged
batch whose rows are all already stored (every classification a conflict, so no signal is inserted).

    python benchmarks/bench_load.py [--rows 1000000] [--dir /tmp/escmon-bench-load]

Prints one `rows=... seconds=... rows_per_s=...` line per case; the target is >= 100,000 rows/s.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.batch import Batch
from schemas.records import CLASSIFICATION_SCHEMA, SIGNAL_SCHEMA, TS
from warehouse.db import writer
from warehouse.loader import load_batch

SIGNALS_PER_ITEM = 4
CATEGORIES = ["mobilisation", "invasion_threat", "sanctions", "exercises", "talks", "de-escalation",
              "arms_control", "hybrid_attack"]
EVIDENCE = "Officials said additional battalion tactical groups had moved closer to the border overnight."
TARGET_ROWS_PER_S = 100_000


def signal_table(n_rows: int, first_item: int) -> pa.Table:
    """`n_rows` signals of items first_item.. (vectorised: ids repeat, seq cycles, categories rotate)."""
    n_items = n_rows // SIGNALS_PER_ITEM
    ids = pa.array([f"{first_item + i:064x}" for i in range(n_items)], pa.string())
    item_idx = pa.array(np.repeat(np.arange(n_items), SIGNALS_PER_ITEM))
    seq = np.tile(np.arange(SIGNALS_PER_ITEM, dtype=np.int32), n_items)
    minutes = np.repeat(np.arange(first_item, first_item + n_items, dtype=np.int64), SIGNALS_PER_ITEM)
    published = pa.array(1_790_000_000_000_000 + minutes * 60_000_000, TS)
    cats = pa.array(CATEGORIES).take(pa.array(np.arange(n_rows) % len(CATEGORIES)))
    contribution = np.where(np.arange(n_rows) % 3 == 0, -0.5, 1.0)
    actors = pa.array(["RUS", "UKR", "USA", "NATO"]).take(pa.array(np.arange(n_rows) % 4))
    columns = {
        "item_id": ids.take(item_idx), "taxonomy_version": pa.array(["bench-v1"] * n_rows), "seq": seq,
        "published": published, "signal_id": cats, "category": cats,
        "direction": pa.array(np.where(contribution > 0, "escalation", "de-escalation")),
        "polarity": pa.array(["asserted"] * n_rows), "weight": np.abs(contribution), "contribution": contribution,
        "matched_text": cats, "start_char": seq * 10, "end_char": seq * 10 + 8, "sentence_index": seq,
        "evidence": pa.array([EVIDENCE] * n_rows), "source_actor": actors, "target_actor": actors,
    }
    return pa.table(columns, schema=SIGNAL_SCHEMA)


def classification_table(signals: pa.Table) -> pa.Table:
    """One classification per item of `signals` (its first signal's row): the loader loads an item's signals
    only with the classification it inserts, as the pipeline writes them (warehouse/loader.py)."""
    first = signals.take(pa.array(np.arange(0, signals.num_rows, SIGNALS_PER_ITEM)))
    n = first.num_rows
    columns = {
        "item_id": first["item_id"], "taxonomy_version": first["taxonomy_version"], "published": first["published"],
        "label": pa.array(["escalation"] * n), "score": np.ones(n), "escalation_score": np.ones(n),
        "deescalation_score": np.zeros(n), "n_signals": np.full(n, SIGNALS_PER_ITEM, dtype=np.int32),
        "n_actors": np.full(n, 2, dtype=np.int32), "classified_at": first["published"],
    }
    return pa.table(columns, schema=CLASSIFICATION_SCHEMA)


def write_signal_batch(staging: Path, batch_id: str, n_rows: int, first_item: int) -> Batch:
    """A classified batch of signals (the loader's largest table), in two Beam-like shards, with their
    items' classifications."""
    batch = Batch(staging / batch_id)
    batch.classified_dir.mkdir(parents=True)
    table = signal_table(n_rows, first_item)
    pq.write_table(classification_table(table), batch.classified_dir / "classifications-00000-of-00001.parquet")
    half = table.num_rows // 2
    for shard, part in enumerate((table.slice(0, half), table.slice(half))):
        pq.write_table(part, batch.classified_dir / f"signals-{shard:05d}-of-00002.parquet")
    batch.mark("STAGED", {})
    batch.mark("CLASSIFIED", {"taxonomy_version": "bench-v1"})
    return batch


def timed_load(db: Path, batch: Batch) -> tuple[int, float]:
    with writer(db, timeout_s=5) as con:
        start = time.perf_counter()
        result = load_batch(con, batch)
        con.execute("CHECKPOINT")  # part of a cycle's load step, so part of the cost
        return result.signals, time.perf_counter() - start


def report(label: str, rows: int, seconds: float) -> None:
    rate = rows / seconds if seconds else float("inf")
    print(f"{label:<22} rows={rows} seconds={seconds:.2f} rows_per_s={rate:,.0f} "
          f"(target {TARGET_ROWS_PER_S:,}: x{rate / TARGET_ROWS_PER_S:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="escmon-bench-load-"))
    shutil.rmtree(root, ignore_errors=True)
    staging, db = root / "staging", root / "bench.duckdb"
    try:
        n_items = args.rows // SIGNALS_PER_ITEM
        start = time.perf_counter()
        batches = [write_signal_batch(staging, "b1", args.rows, 0),
                   write_signal_batch(staging, "b2", args.rows, n_items),
                   write_signal_batch(staging, "b3", args.rows, n_items)]
        print(f"generated 3 x {args.rows} signal rows as Parquet in {time.perf_counter() - start:.1f}s")
        report("first batch (empty)", *timed_load(db, batches[0]))
        report("second batch (+index)", *timed_load(db, batches[1]))
        conflicts, seconds = timed_load(db, batches[2])
        assert conflicts == 0, "a re-staged batch must insert nothing"
        report("re-staged (conflicts)", args.rows, seconds)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
