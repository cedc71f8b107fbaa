"""Record shapes shared by every step: dataclasses for code, Arrow schemas for Parquet and DuckDB.

One place defines a row so that the fetcher, the Beam pipeline and the loader cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class Item:
    """One news item as ingested; `text` is what the classifier reads (title + summary, HTML stripped)."""

    item_id: str
    feed_name: str
    feed_url: str
    guid: str | None
    link: str | None
    title: str
    summary: str
    published: datetime  # UTC; fetch time when the feed gave none or an impossible one
    published_estimated: bool  # True when `published` fell back to fetch time
    fetched_at: datetime  # UTC
    # The link as escmon 0.1 canonicalised it, when that differs: matched against stored items so that an
    # item stored by it is not loaded again under a second id. Never stored, never compared.
    former_link: str | None = field(default=None, compare=False, repr=False)

    @property
    def text(self) -> str:
        return item_text(self.title, self.summary)


def item_text(title: str, summary: str) -> str:
    """The classified text: offsets of actors and signals index into exactly this string."""
    title = (title or "").strip()
    summary = (summary or "").strip()
    if title and summary:
        sep = " " if title[-1:] in ".!?" else ". "
        return f"{title}{sep}{summary}"
    return title or summary


def make_item_id(feed: str, guid: str | None, link: str | None, title: str, summary: str,
                 guid_repeats: bool = False) -> str:
    """Deterministic key: sha256 of (feed, guid), falling back to guid+link, link, title+summary.

    `guid_repeats` is set when one feed reuses a guid for several entries (seen in the wild).
    """
    if guid and not guid_repeats:
        basis = f"guid\x1f{guid}"
    elif guid and link:
        basis = f"guid+link\x1f{guid}\x1f{link}"
    elif link:
        basis = f"link\x1f{link}"
    else:
        basis = f"text\x1f{title}\x1f{summary}"
    return hashlib.sha256(f"{feed}\x1e{basis}".encode()).hexdigest()


ITEM_SCHEMA = pa.schema([
    ("item_id", pa.string()),
    ("feed_name", pa.string()),
    ("feed_url", pa.string()),
    ("guid", pa.string()),
    ("link", pa.string()),
    ("title", pa.string()),
    ("summary", pa.string()),
    ("published", TS),
    ("published_estimated", pa.bool_()),
    ("fetched_at", TS),
])

CLASSIFICATION_SCHEMA = pa.schema([
    ("item_id", pa.string()),
    ("taxonomy_version", pa.string()),
    ("published", TS),
    ("label", pa.string()),
    ("score", pa.float64()),
    ("escalation_score", pa.float64()),
    ("deescalation_score", pa.float64()),
    ("n_signals", pa.int32()),
    ("n_actors", pa.int32()),
    ("classified_at", TS),
])

SIGNAL_SCHEMA = pa.schema([
    ("item_id", pa.string()),
    ("taxonomy_version", pa.string()),
    ("seq", pa.int32()),
    ("published", TS),
    ("signal_id", pa.string()),
    ("category", pa.string()),
    ("direction", pa.string()),
    ("polarity", pa.string()),
    ("weight", pa.float64()),
    ("contribution", pa.float64()),
    ("matched_text", pa.string()),
    ("start_char", pa.int32()),
    ("end_char", pa.int32()),
    ("sentence_index", pa.int32()),
    ("evidence", pa.string()),
    ("source_actor", pa.string()),
    ("target_actor", pa.string()),
])

MENTION_SCHEMA = pa.schema([
    ("item_id", pa.string()),
    ("taxonomy_version", pa.string()),
    ("seq", pa.int32()),
    ("published", TS),
    ("actor_id", pa.string()),
    ("actor_name", pa.string()),
    ("actor_type", pa.string()),
    ("affiliation", pa.string()),
    ("matched_text", pa.string()),
    ("start_char", pa.int32()),
    ("end_char", pa.int32()),
    ("sentence_index", pa.int32()),
    ("candidate", pa.bool_()),
])

DEAD_LETTER_SCHEMA = pa.schema([
    ("item_id", pa.string()),
    ("stage", pa.string()),
    ("error", pa.string()),
    ("payload", pa.string()),
    ("failed_at", TS),
])


def item_to_row(item: Item) -> dict:
    return {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.name in ITEM_SCHEMA.names}


__all__ = [
    "CLASSIFICATION_SCHEMA", "DEAD_LETTER_SCHEMA", "ITEM_SCHEMA", "MENTION_SCHEMA", "SIGNAL_SCHEMA",
    "Item", "item_text", "item_to_row", "make_item_id",
]
