"""Migrations on real files: from empty, from the previous schema version, and refusals."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.warehouse.batches import write_batch
from warehouse.db import MigrationError, _apply, current_version, head_version, migrate, migration_files, writer
from warehouse.loader import load_batch


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()]


def names(con: duckdb.DuckDBPyConnection, kind: str) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = ?",
                                      [kind]).fetchall()}


def test_an_empty_file_migrates_to_the_head(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    applied = migrate(con)
    assert applied == [name for _, name, _ in migration_files()] and len(applied) >= 2
    assert current_version(con) == head_version()
    assert {"feeds", "items", "classifications", "mentions", "signals", "alerts", "runs", "dead_letters",
            "taxonomy_versions", "loaded_batches", "schema_version"} <= names(con, "BASE TABLE")
    assert {"daily_escalation_index", "hourly_escalation_index", "daily_actor_index", "daily_dyad_index",
            "daily_category_index", "top_signals", "feed_health"} <= names(con, "VIEW")
    assert migrate(con) == []  # a second start applies nothing
    con.close()


def test_a_file_at_the_previous_version_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    assert migrate(con, target=1) == ["001_initial"]
    assert "classifications" not in columns(con, "loaded_batches") and not names(con, "VIEW")
    con.execute("INSERT INTO loaded_batches VALUES ('old-batch', now(), 7, 21)")
    con.execute("INSERT INTO feeds (feed_url, name) VALUES ('http://127.0.0.1/old.xml', 'Old')")
    con.close()

    with writer(path, timeout_s=1) as con:  # what every cycle does on start
        assert current_version(con) == head_version()
        assert con.execute("SELECT batch_id, items, signals, classifications FROM loaded_batches").fetchall() == \
            [("old-batch", 7, 21, None)]
        assert con.execute("SELECT name, health FROM feed_health").fetchall() == [("Old", "healthy")]
        load_batch(con, write_batch(tmp_path / "staging", "new-batch", n_items=2))
        assert con.execute("SELECT count(*) FROM daily_escalation_index").fetchone()[0] > 0
        assert con.execute("SELECT mentions FROM loaded_batches WHERE batch_id = 'new-batch'").fetchone() == (2,)


def test_a_failing_migration_is_rolled_back_whole(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con)
    with pytest.raises(MigrationError, match="099_broken"):
        _apply(con, 99, "099_broken", "CREATE TABLE half_done (a INTEGER); SELECT * FROM no_such_table;")
    assert "half_done" not in names(con, "BASE TABLE")
    assert current_version(con) == head_version()


def test_a_file_from_a_newer_escmon_is_refused(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con)
    con.execute("INSERT INTO schema_version VALUES (999, '999_future', now())")
    with pytest.raises(MigrationError, match="newer than this escmon"):
        migrate(con)
    with pytest.raises(MigrationError, match="no migration 998"):
        migrate(con, target=998)


def test_a_file_changed_after_this_process_migrated_it_is_checked_again(tmp_path: Path) -> None:
    """The warehouse is migrated once per process; a later open still notices a file another escmon
    upgraded, or one restored from before the upgrade at the same path."""
    path = tmp_path / "w.duckdb"
    with writer(path, timeout_s=1) as con:
        con.execute("INSERT INTO schema_version VALUES (999, '999_future', now())")
    with pytest.raises(MigrationError, match="newer than this escmon"), writer(path, timeout_s=1):
        pass

    path.unlink()
    con = duckdb.connect(str(path))
    migrate(con, target=1)  # the file as the first release left it
    con.close()
    with writer(path, timeout_s=1) as con:
        assert current_version(con) == head_version()
        assert "daily_escalation_index" in names(con, "VIEW")


def test_a_file_of_the_last_release_upgrades_and_loads(tmp_path: Path) -> None:
    # the last landed release stopped at 008_alert_drivers; the load journal's map (009) came after it
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    assert migrate(con, target=8)[-1] == "008_alert_drivers"
    assert "drivers" in columns(con, "alerts") and "inserted" not in columns(con, "loaded_batches")
    con.close()

    with writer(path, timeout_s=1) as con:
        assert current_version(con) == head_version()
        load_batch(con, write_batch(tmp_path / "staging", "new-batch", n_items=2))
        inserted = con.execute("SELECT inserted FROM loaded_batches WHERE batch_id = 'new-batch'").fetchone()[0]
        assert inserted["items"] == 2


def primary_keys(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_constraints() "
                                      "WHERE constraint_type = 'PRIMARY KEY'").fetchall()}


def test_keyed_child_tables_lose_their_keys_and_keep_their_rows(tmp_path: Path) -> None:
    """012 rebuilds signals, mentions and window_counts without a primary key, 013 classifications; a file
    of 011 keeps every row in the same columns, and a re-classified item still adds no classification and no
    signal, also when the file held its classification without the item (013 lists such items as orphans,
    whose classifications the loader checks against the table)."""
    path = tmp_path / "w.duckdb"
    old = write_batch(tmp_path / "staging", "old-batch", n_items=3)
    con = duckdb.connect(str(path))
    assert migrate(con, target=11)[-1] == "011_item_stories_published"
    assert {"signals", "mentions", "window_counts", "classifications"} <= primary_keys(con)
    for table in ("classifications", "signals", "mentions"):
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet($f)",
                    {"f": old.output_files(table)})
    con.execute("INSERT INTO window_counts BY NAME SELECT 'old-batch' AS batch_id, * FROM read_parquet($f)",
                {"f": old.output_files("window_counts")})
    shapes = {t: columns(con, t) for t in ("classifications", "signals", "mentions", "window_counts")}
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in shapes}
    con.close()

    with writer(path, timeout_s=1) as con:
        assert current_version(con) == head_version()
        assert not {"signals", "mentions", "window_counts", "classifications"} & primary_keys(con)
        assert {"items", "item_stories", "stories", "alerts"} <= primary_keys(con)
        assert {t: columns(con, t) for t in shapes} == shapes
        assert {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in shapes} == before
        assert con.execute("SELECT count(*) FROM classification_orphans").fetchone()[0] == 3
        result = load_batch(con, write_batch(tmp_path / "staging", "new-batch", n_items=4))
        assert (result.classifications, result.signals, result.inserted["mentions"]) == (1, 2, 1)
        assert con.execute("SELECT count(*) FROM signals").fetchone()[0] == 8
        assert con.execute("SELECT count(*) FROM top_signals").fetchone()[0] > 0
