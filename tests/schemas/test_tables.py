"""The output table registry: a table added as one entry, one migration and one load SQL file reaches the
warehouse through the real Beam pipeline and the real loader, with nothing else changed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.beam_pipeline import ClassifyOptions, run_classification
from schemas.batch import Batch
from schemas.records import ITEM_SCHEMA
from schemas.tables import OUTPUT_TABLES, BatchTable
from schemas.taxonomy import load_taxonomy
from warehouse.db import head_version
from warehouse.loader import load_batch
from warehouse.warehouse import Warehouse

CATEGORY_COUNT_SCHEMA = pa.schema([("item_id", pa.string()), ("taxonomy_version", pa.string()),
                                   ("category", pa.string()), ("signals", pa.int64())])
MIGRATION = """CREATE TABLE item_categories (item_id VARCHAR, taxonomy_version VARCHAR, category VARCHAR,
    signals BIGINT NOT NULL, PRIMARY KEY (item_id, taxonomy_version, category));"""
LOAD_SQL = """INSERT INTO item_categories BY NAME SELECT * FROM read_parquet($files) ON CONFLICT DO NOTHING;"""
HEADLINES = [
    ("a", "Russia masses troops and tanks on the border as sanctions on its banks take effect"),
    ("b", "The foreign ministers agree to resume talks in Vienna next week"),
    ("c", "A bakery in the old town wins a prize for its rye bread"),
]


def category_counts(signals: pa.Table) -> pa.Table:
    """The hypothetical table's rows, derived from one batch's signals: signals per item and category."""
    grouped = signals.group_by(["item_id", "taxonomy_version", "category"]).aggregate([("seq", "count")])
    return pa.table([grouped["item_id"], grouped["taxonomy_version"], grouped["category"],
                     grouped["seq_count"]], schema=CATEGORY_COUNT_SCHEMA)


def staged_batch(root: Path) -> Batch:
    batch = Batch(root)
    root.mkdir(parents=True)
    when = datetime(2026, 11, 2, 9, tzinfo=UTC)
    rows = [{"item_id": i, "feed_name": "Test", "feed_url": "http://127.0.0.1/feed.xml", "guid": i,
             "link": f"http://127.0.0.1/{i}", "title": title, "summary": "", "published": when,
             "published_estimated": False, "fetched_at": when} for i, title in HEADLINES]
    pq.write_table(pa.Table.from_pylist(rows, schema=ITEM_SCHEMA), batch.items)
    batch.mark("STAGED", {"items": len(rows)})
    return batch


def test_a_registered_table_is_written_by_beam_and_loaded(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / f"{head_version() + 1:03d}_item_categories.sql").write_text(MIGRATION, encoding="utf-8")
    (tmp_path / "load_item_categories.sql").write_text(LOAD_SQL, encoding="utf-8")
    extra = BatchTable("item_categories", CATEGORY_COUNT_SCHEMA, str(tmp_path / "load_item_categories.sql"),
                       key=("item_id", "taxonomy_version", "category"), source="signals", derive=category_counts)
    tables = (*OUTPUT_TABLES, extra)

    batch = staged_batch(tmp_path / "staging" / "b1")
    run_classification(str(batch.items), str(batch.classified_dir), ClassifyOptions(), tables=tables)
    batch.mark("CLASSIFIED", {"taxonomy_version": load_taxonomy().version})
    signals = pq.read_table(batch.output_files("signals"))
    expected = {(r["item_id"], r["category"], r["signals"]) for r in category_counts(signals).to_pylist()}

    with Warehouse(tmp_path / "w.duckdb", 5, extra_migrations=(migrations,)).writer() as con:
        result = load_batch(con, batch, tables=tables)
        landed = set(con.execute("SELECT item_id, category, signals FROM item_categories").fetchall())
        journal = con.execute("SELECT inserted FROM loaded_batches").fetchone()[0]

    assert {"a", "b"} <= {item for item, _, _ in landed}, "both political headlines have signals"
    assert landed == expected
    assert result.inserted["item_categories"] == len(expected) == journal["item_categories"]
    assert result.items == 3 and journal["signals"] == len(signals)


def test_the_beam_pipeline_refuses_a_table_it_cannot_make(tmp_path: Path) -> None:
    orphan = BatchTable("orphan", CATEGORY_COUNT_SCHEMA, "sql/none.sql", source="no_such_output",
                        derive=category_counts)
    batch = staged_batch(tmp_path / "b1")
    with pytest.raises(ValueError, match="'orphan'.*'no_such_output'"):
        run_classification(str(batch.items), str(batch.classified_dir), ClassifyOptions(),
                           tables=(*OUTPUT_TABLES, orphan))
