"""Synthetic staged batches written with the shared Arrow schemas, as fetch + Beam would leave them.

Texts are invented for these tests; columns come from schemas/records.py so the loader is tested
against exactly the shapes the pipeline writes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.batch import FEED_STATE_SCHEMA, Batch
from schemas.records import CLASSIFICATION_SCHEMA, DEAD_LETTER_SCHEMA, ITEM_SCHEMA, MENTION_SCHEMA, SIGNAL_SCHEMA
from schemas.tables import WINDOW_COUNT_SCHEMA

T0 = datetime(2026, 11, 1, 8, tzinfo=UTC)
FEED = "http://127.0.0.1/wire.xml"
TAXONOMY = "test-taxonomy-v1"


def item_id(n: int) -> str:
    return f"{n:064x}"


def rows(n_items: int, start: int = 0, taxonomy: str = TAXONOMY) -> dict[str, list[dict]]:
    """Per table rows for items start..start+n_items: two signals and one mention per item."""
    out: dict[str, list[dict]] = {k: [] for k in ("items", "classifications", "signals", "mentions")}
    for n in range(start, start + n_items):
        published = T0 + timedelta(hours=n)
        iid = item_id(n)
        out["items"].append({"item_id": iid, "feed_name": "Wire", "feed_url": FEED, "guid": f"g{n}",
                             "link": f"http://127.0.0.1/{n}", "title": f"Drill number {n} near the border",
                             "summary": "Columns of vehicles were seen moving at night.", "published": published,
                             "published_estimated": False, "fetched_at": T0 + timedelta(days=60)})
        out["classifications"].append({"item_id": iid, "taxonomy_version": taxonomy, "published": published,
                                       "label": "escalation", "score": 1.5, "escalation_score": 2.0,
                                       "deescalation_score": 0.5, "n_signals": 2, "n_actors": 1,
                                       "classified_at": T0 + timedelta(days=60)})
        for seq, (cat, contribution) in enumerate((("exercises", 2.0), ("talks", -0.5))):
            out["signals"].append({"item_id": iid, "taxonomy_version": taxonomy, "seq": seq, "published": published,
                                   "signal_id": cat, "category": cat, "direction": "escalation",
                                   "polarity": "asserted", "weight": abs(contribution),
                                   "contribution": contribution, "matched_text": cat, "start_char": 0,
                                   "end_char": 5, "sentence_index": 0, "evidence": f"Sentence {n}.",
                                   "source_actor": "AAA", "target_actor": "BBB"})
        out["mentions"].append({"item_id": iid, "taxonomy_version": taxonomy, "seq": 0, "published": published,
                                "actor_id": "AAA", "actor_name": "Alphaland", "actor_type": "state",
                                "affiliation": "AAA", "matched_text": "Alphaland", "start_char": 0, "end_char": 9,
                                "sentence_index": 0, "candidate": False})
    return out


def write_batch(staging: Path, batch_id: str, n_items: int = 5, start: int = 0, feed_status: str = "ok",
                extra_signals: list[dict] | None = None, taxonomy: str = TAXONOMY) -> Batch:
    """A staged and classified batch folder; `extra_signals` land in a second signals file."""
    batch = Batch(staging / batch_id)
    batch.classified_dir.mkdir(parents=True)
    data = rows(n_items, start, taxonomy)
    pq.write_table(pa.Table.from_pylist(data["items"], schema=ITEM_SCHEMA), batch.items)
    feed = {"feed_url": FEED, "name": "Wire", "fetched_at": T0 + timedelta(days=60), "status": feed_status,
            "http_status": 200 if feed_status == "ok" else 503, "error": None, "etag": '"e1"',
            "last_modified": None, "next_attempt_after": None, "items": n_items}
    pq.write_table(pa.Table.from_pylist([feed], schema=FEED_STATE_SCHEMA), batch.feeds)
    schemas = {"classifications": CLASSIFICATION_SCHEMA, "signals": SIGNAL_SCHEMA, "mentions": MENTION_SCHEMA}
    for table, schema in schemas.items():
        pq.write_table(pa.Table.from_pylist(data[table], schema=schema),
                       batch.classified_dir / f"{table}-00000-of-00002.parquet")
    if extra_signals:
        pq.write_table(pa.Table.from_pylist(extra_signals, schema=SIGNAL_SCHEMA),
                       batch.classified_dir / "signals-00001-of-00002.parquet")
    dead = [{"item_id": item_id(10_000), "stage": "classify", "error": "too long", "payload": "x",
             "failed_at": T0}] if n_items else []
    pq.write_table(pa.Table.from_pylist(dead, schema=DEAD_LETTER_SCHEMA),
                   batch.classified_dir / "dead_letters-00000-of-00001.parquet")
    windows = [{"window_kind": "day", "window_start": T0, "dimension": "category", "key": "exercises",
                "signals": n_items, "escalation": 2.0 * n_items, "deescalation": 0.0}] if n_items else []
    pq.write_table(pa.Table.from_pylist(windows, schema=WINDOW_COUNT_SCHEMA),
                   batch.classified_dir / "window_counts-00000-of-00001.parquet")
    batch.mark("STAGED", {"items": n_items})
    batch.mark("CLASSIFIED", {"taxonomy_version": taxonomy, "taxonomy_path": "test.yaml", "n_actors": 2,
                              "n_categories": 2, "items": n_items})
    return batch
