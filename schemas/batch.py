"""The layout of one staged batch on disk: the hand-off between fetch, Beam and the warehouse loader.

A batch is a folder `staging/<batch_id>/`. Fetch writes `items.parquet` and `feeds.parquet` then the
`_STAGED` marker; the Beam pipeline writes `classified/*.parquet` then `_CLASSIFIED`; the loader commits
the folder in one transaction and removes it. A crash at any point leaves a folder the next cycle finishes.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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


def read_feed_states(path: StagingPath) -> pa.Table:
    """A batch's feeds.parquet in FEED_STATE_SCHEMA: columns added since it was staged come back null."""
    table = read_parquet(path)
    columns = [table[f.name].cast(f.type) if f.name in table.column_names else pa.nulls(len(table), f.type)
               for f in FEED_STATE_SCHEMA]
    return pa.table(columns, schema=FEED_STATE_SCHEMA)


# a batch folder's name: new_batch_id, then the part number; nothing else in the staging folder is removed
BATCH_NAME = re.compile(r"^\d{8}T\d{12}Z(-[\w-]+)?$")


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

    def output_files(self, name: str) -> list[str]:
        """The Parquet files Beam wrote for the output table `name` (schemas/tables.py), as `<name>-*.parquet`."""
        return sorted(str(p) for p in self.classified_dir.glob(f"{name}-*.parquet"))

    @property
    def is_classified(self) -> bool:
        return (self.root / "_CLASSIFIED").exists()

    def mark(self, marker: str, info: dict | None = None) -> None:
        """Write a marker atomically once what it vouches for is written.

        On a local disk the batch's files are flushed (fsync) first, then the marker, then the rename in the
        folder: after a power cut the marker is whole or absent, and a marker present means the files are
        whole. On object storage a marker is one PUT, atomic already (and rename is a copy there).
        """
        text = json.dumps(info or {}, default=str)
        if not is_local(self.root):
            (self.root / f"_{marker}").write_text(text, encoding="utf-8")
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file():
                _fsync(path)
        tmp = self.root / f"._{marker}.tmp"
        tmp.write_text(text, encoding="utf-8")
        _fsync(tmp)
        tmp.replace(self.root / f"_{marker}")
        _fsync(self.root)

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


def _fsync(path: Path) -> None:
    """Flush a file's data, or a folder's entries (a rename), to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def unfinished_batches(staging_dir: StagingPath) -> list[StagingPath]:
    """Batch folders without a `_STAGED` marker: left by a process killed while staging. Never visible as
    batches, their feeds' states were not committed either, so the feeds are fetched again and the folder
    holds nothing to keep. Only folders named as batches are (`BATCH_NAME`): a staging folder shared with
    other files by mistake loses none of them."""
    if not staging_dir.exists():
        return []
    return [p for p in sorted(staging_dir.iterdir())
            if p.is_dir() and BATCH_NAME.match(p.name) and not (p / "_STAGED").exists()]


def pending_batches(staging_dir: StagingPath) -> list[Batch]:
    """Batches left by this or earlier (crashed or deferred) cycles, oldest first."""
    if not staging_dir.exists():
        return []
    return [Batch(p) for p in sorted(staging_dir.iterdir()) if p.is_dir() and (p / "_STAGED").exists()]
