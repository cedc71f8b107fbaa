"""The layout of one staged batch on disk: the hand-off between fetch, Beam and the warehouse loader.

A batch is a folder `staging/<batch_id>/`. Fetch writes `items.parquet` and `feeds.parquet` then the
`_STAGED` marker; the Beam pipeline writes `classified/*.parquet` then `_CLASSIFIED`; the loader commits
the folder in one transaction and removes it. A crash at any point leaves a folder the next cycle finishes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa

from schemas.storage import StagingPath, is_local, move_tree, read_parquet, remove_tree

FEED_STATE_SCHEMA = pa.schema([
    ("feed_url", pa.string()),
    ("name", pa.string()),
    ("fetched_at", pa.timestamp("us", tz="UTC")),
    ("status", pa.string()),
    ("http_status", pa.int32()),
    ("error", pa.string()),
    ("etag", pa.string()),
    ("last_modified", pa.string()),
    ("next_attempt_after", pa.timestamp("us", tz="UTC")),
    ("items", pa.int32()),
    ("guid_repeats", pa.bool_()),
])

WINDOW_COUNT_SCHEMA = pa.schema([
    ("window_kind", pa.string()),
    ("window_start", pa.timestamp("us", tz="UTC")),
    ("dimension", pa.string()),
    ("key", pa.string()),
    ("signals", pa.int64()),
    ("escalation", pa.float64()),
    ("deescalation", pa.float64()),
])



def read_feed_states(path: StagingPath) -> pa.Table:
    """A batch's feeds.parquet in FEED_STATE_SCHEMA: columns added since it was staged come back null."""
    table = read_parquet(path)
    columns = [table[f.name].cast(f.type) if f.name in table.column_names else pa.nulls(len(table), f.type)
               for f in FEED_STATE_SCHEMA]
    return pa.table(columns, schema=FEED_STATE_SCHEMA)


OUTPUTS = ("classifications", "signals", "mentions", "dead_letters", "window_counts")


def new_batch_id(now: datetime | None = None) -> str:
    """Sortable by time, so pending batches load in the order they were fetched."""
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S%fZ")


@dataclass(frozen=True)
class Batch:
    """A batch folder: a local Path, or a UPath on object storage (schemas/storage.py)."""

    root: StagingPath

    @property
    def batch_id(self) -> str:
        return self.root.name

    @property
    def items(self) -> StagingPath:
        return self.root / "items.parquet"

    @property
    def feeds(self) -> StagingPath:
        return self.root / "feeds.parquet"

    @property
    def classified_dir(self) -> StagingPath:
        return self.root / "classified"

    def output_prefix(self, name: str) -> str:
        return str(self.classified_dir / name)

    def output_files(self, name: str) -> list[str]:
        return sorted(str(p) for p in self.classified_dir.glob(f"{name}-*.parquet"))

    @property
    def is_staged(self) -> bool:
        return (self.root / "_STAGED").exists()

    @property
    def is_classified(self) -> bool:
        return (self.root / "_CLASSIFIED").exists()

    def mark(self, marker: str, info: dict | None = None) -> None:
        """Write a marker atomically: on a local disk a temp file + rename, so a power cut leaves it whole or
        absent; on object storage one PUT, which is atomic already (and rename is a copy there)."""
        text = json.dumps(info or {}, default=str)
        if not is_local(self.root):
            (self.root / f"_{marker}").write_text(text, encoding="utf-8")
            return
        tmp = self.root / f"._{marker}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(self.root / f"_{marker}")

    def info(self, marker: str) -> dict:
        """A marker's details; {} when absent or unreadable (written by an escmon before atomic markers)."""
        path = self.root / f"_{marker}"
        try:
            return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except (ValueError, OSError):
            return {}

    @property
    def failures(self) -> list[dict]:
        """Failed attempts at classifying or loading this batch, oldest first (the `_FAILURES` file)."""
        path = self.root / "_FAILURES"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []

    def record_failure(self, stage: str, error: str, now: datetime | None = None) -> int:
        """Append a failed attempt; returns how many there have been."""
        failures = [*self.failures, {"stage": stage, "error": error[:2000],
                                     "at": (now or datetime.now(UTC)).isoformat()}]
        (self.root / "_FAILURES").write_text(json.dumps(failures, indent=1), encoding="utf-8")
        return len(failures)

    def unclassify(self) -> None:
        """Drop the classified output, so the next cycle classifies the batch again."""
        marker = self.root / "_CLASSIFIED"
        if marker.exists():
            marker.unlink()
        remove_tree(self.classified_dir)

    def quarantine(self, quarantine_dir: StagingPath) -> StagingPath:
        """Move the batch out of the staging folder, whole: kept for inspection, no longer retried."""
        quarantine_dir.mkdir(parents=True, exist_ok=True)
        return move_tree(self.root, quarantine_dir / self.batch_id)


def pending_batches(staging_dir: StagingPath) -> list[Batch]:
    """Batches left by this or earlier (crashed or deferred) cycles, oldest first."""
    if not staging_dir.exists():
        return []
    return [Batch(p) for p in sorted(staging_dir.iterdir()) if p.is_dir() and (p / "_STAGED").exists()]
