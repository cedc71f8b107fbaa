"""The registry of the tables a staged batch fills: one entry per table, read by every step that handles one.

The Beam writer takes each output's Arrow schema from here, the loader its load SQL and key, the journal
its name, the batch layout its file prefix, and the tests their table lists. Adding an output table is
one entry here, one migration (warehouse/migrations/) and one load SQL file (warehouse/sql/); a table
computed from another output's rows names that output as `source` and gives the `derive` function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa

from schemas.records import CLASSIFICATION_SCHEMA, DEAD_LETTER_SCHEMA, ITEM_SCHEMA, MENTION_SCHEMA, SIGNAL_SCHEMA

WINDOW_COUNT_SCHEMA = pa.schema([
    ("window_kind", pa.string()),
    ("window_start", pa.timestamp("us", tz="UTC")),
    ("dimension", pa.string()),
    ("key", pa.string()),
    ("signals", pa.int64()),
    ("escalation", pa.float64()),
    ("deescalation", pa.float64()),
])


@dataclass(frozen=True)
class BatchTable:
    """One table a batch fills: its Parquet shape, how the loader inserts it and the key it is unique on."""

    name: str
    schema: pa.Schema
    load_sql: str  # under warehouse/ ('sql/load_x.sql'), or an absolute path
    key: tuple[str, ...] = ()  # empty: the load SQL makes rows unique by construction
    source: str | None = None  # a derived table: the output whose Arrow tables `derive` turns into its rows
    derive: Callable[[pa.Table], pa.Table] | None = None


ITEMS = BatchTable("items", ITEM_SCHEMA, "sql/load_items.sql", ("item_id",))  # staged by fetch, not by Beam

OUTPUT_TABLES: tuple[BatchTable, ...] = (
    BatchTable("classifications", CLASSIFICATION_SCHEMA, "sql/load_classifications.sql",
               ("item_id", "taxonomy_version")),
    BatchTable("signals", SIGNAL_SCHEMA, "sql/load_signals.sql", ("item_id", "taxonomy_version", "seq")),
    BatchTable("mentions", MENTION_SCHEMA, "sql/load_mentions.sql", ("item_id", "taxonomy_version", "seq")),
    BatchTable("dead_letters", DEAD_LETTER_SCHEMA, "sql/load_dead_letters.sql", ("item_id", "stage")),
    BatchTable("window_counts", WINDOW_COUNT_SCHEMA, "sql/load_window_counts.sql"),
)


def output_table(name: str, tables: tuple[BatchTable, ...] = OUTPUT_TABLES) -> BatchTable:
    """The entry named `name`; a KeyError names the registered ones."""
    for table in tables:
        if table.name == name:
            return table
    raise KeyError(f"no output table {name!r}; registered: {[t.name for t in tables]}")
