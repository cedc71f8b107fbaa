"""The loader against real DuckDB files and real Parquet batches: atomic, idempotent, de-duplicating."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from schemas.batch import pending_batches
from schemas.tables import OUTPUT_TABLES
from tests.warehouse.batches import TAXONOMY, item_id, rows, write_batch
from warehouse.db import writer
from warehouse.loader import load_batch, load_batches
from warehouse.state import staged_item_ids

FACT_TABLES = ("items", *(t.name for t in OUTPUT_TABLES), "loaded_batches", "feeds", "taxonomy_versions")


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in FACT_TABLES}


@pytest.fixture
def con(tmp_path: Path):
    with writer(tmp_path / "w.duckdb", timeout_s=1) as c:
        yield c


def test_a_batch_lands_in_every_table_and_its_folder_goes(con, tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "staging", "b1", n_items=4)
    result = load_batch(con, batch)
    assert counts(con) == {"items": 4, "classifications": 4, "signals": 8, "mentions": 4, "dead_letters": 1,
                           "window_counts": 1, "loaded_batches": 1, "feeds": 1, "taxonomy_versions": 1}
    assert (result.items, result.signals, result.classifications, result.dead_letters) == (4, 8, 4, 1)
    assert result.published_range is not None and result.published_range[0] < result.published_range[1]
    assert not batch.root.exists() and pending_batches(tmp_path / "staging") == []
    journal = con.execute("SELECT items, signals, classifications, mentions, dead_letters, window_counts, "
                          "taxonomy_version FROM loaded_batches").fetchone()
    assert journal == (4, 8, 4, 4, 1, 1, TAXONOMY)
    assert con.execute("SELECT inserted FROM loaded_batches").fetchone()[0] == {
        "items": 4, "classifications": 4, "signals": 8, "mentions": 4, "dead_letters": 1, "window_counts": 1}
    assert con.execute("SELECT items_seen FROM feeds").fetchone()[0] == 4


def test_reloading_a_committed_batch_changes_nothing(con, tmp_path: Path) -> None:
    """A crash between the commit and the folder's removal: the next load only removes the folder."""
    batch = write_batch(tmp_path / "staging", "b1", n_items=3)
    load_batch(con, batch, remove=False)
    before = counts(con)
    again = load_batch(con, batch)
    assert again.already_loaded and again.items == 0
    assert again.published_range is not None  # its alert windows are still re-tested
    assert counts(con) == before and not batch.root.exists()


def test_overlapping_batches_store_each_row_once(con, tmp_path: Path) -> None:
    load_batch(con, write_batch(tmp_path / "staging", "b1", n_items=3))
    second = load_batch(con, write_batch(tmp_path / "staging", "b2", n_items=3, start=2))
    assert (second.items, second.signals) == (2, 4)  # item 2 was already stored by b1
    assert con.execute("SELECT count(*) FROM items").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM signals").fetchone()[0] == 10
    assert con.execute("SELECT batch_id FROM items WHERE item_id = ?", [item_id(2)]).fetchone() == ("b1",)


def test_a_batch_reclassifying_a_stored_item_adds_none_of_its_signals_or_mentions(con, tmp_path: Path) -> None:
    """signals and mentions have no key (migration 012): an item already classified under the batch's taxonomy
    version brings no signal or mention, not even one whose seq the first classification lacked."""
    load_batch(con, write_batch(tmp_path / "staging", "b1", n_items=2))
    other_run = dict(rows(1)["signals"][0], seq=7, matched_text="another run of the classifier")
    second = load_batch(con, write_batch(tmp_path / "staging", "b2", n_items=3, extra_signals=[other_run]))
    assert (second.items, second.classifications, second.signals, second.inserted["mentions"]) == (1, 1, 2, 1)
    assert (counts(con)["signals"], counts(con)["mentions"]) == (6, 3)
    assert con.execute("SELECT count(*) FROM signals WHERE seq = 7").fetchone()[0] == 0
    per_item = con.execute("SELECT count(*) FROM signals GROUP BY item_id, taxonomy_version, seq "
                           "HAVING count(*) > 1").fetchall()
    assert per_item == []


def test_stored_items_classified_under_a_new_taxonomy_version_are_added_once(con, tmp_path: Path) -> None:
    """classifications have no key (migration 013): those of the items a load inserts go in unchecked, those of
    items stored before are checked against the table, here beside a new item in the same batch."""
    load_batch(con, write_batch(tmp_path / "staging", "b1", n_items=2))
    v2 = write_batch(tmp_path / "staging", "b2", n_items=3, taxonomy="test-taxonomy-v2")
    first = load_batch(con, v2)
    assert (first.items, first.classifications, first.signals) == (1, 3, 6)
    again = load_batch(con, write_batch(tmp_path / "staging", "b3", n_items=4, taxonomy="test-taxonomy-v2"))
    assert (again.items, again.classifications, again.signals) == (1, 1, 2)
    assert con.execute("SELECT taxonomy_version, count(*), count(DISTINCT item_id) FROM classifications "
                       "GROUP BY ALL ORDER BY ALL").fetchall() == [(TAXONOMY, 2, 2), ("test-taxonomy-v2", 4, 4)]
    assert counts(con)["signals"] == 12


def test_classifications_without_their_item_are_not_loaded_and_the_item_later_adds_them_once(
        con, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A batch staged without its items file: its classifications are skipped and counted in the log (a
    classification is stored only with its item, which lets those of new items go in unchecked)."""
    broken = write_batch(tmp_path / "staging", "b1", n_items=3)
    broken.items.unlink()
    with caplog.at_level("WARNING", logger="warehouse.loader"):
        assert load_batch(con, broken).classifications == 0
    assert "3 classifications of items neither it nor the warehouse holds" in caplog.text
    result = load_batch(con, write_batch(tmp_path / "staging", "b2", n_items=3))
    assert (result.items, result.classifications, result.signals) == (3, 3, 6)
    assert (counts(con)["classifications"], counts(con)["signals"], counts(con)["mentions"]) == (3, 6, 3)


def test_batches_in_one_transaction_store_each_row_once(con, tmp_path: Path) -> None:
    """A backfill's group: b2 re-carries an item b1 inserted in the same transaction, and b1 comes twice.
    DuckDB's RETURNING leaves out conflicts with rows of the open transaction too, and a batch journaled
    earlier in it adds no window counts again (window_counts has no key either)."""
    b1 = write_batch(tmp_path / "staging", "b1", n_items=3)
    b2 = write_batch(tmp_path / "staging", "b2", n_items=3, start=2)
    second = load_batches(con, [b1, b2, b1], remove=False)[1]
    assert (second.items, second.signals) == (2, 4)
    assert counts(con) == {"items": 5, "classifications": 5, "signals": 10, "mentions": 5, "dead_letters": 2,
                           "window_counts": 2, "loaded_batches": 2, "feeds": 1, "taxonomy_versions": 1}
    assert con.execute("SELECT batch_id, count(*) FROM window_counts GROUP BY ALL ORDER BY ALL").fetchall() == \
        [("b1", 1), ("b2", 1)]


def test_repeated_keys_in_one_batch_keep_the_first_row(con, tmp_path: Path) -> None:
    """DuckDB would keep an arbitrary one of two equal keys in one upsert; the loader keeps file order."""
    repeat = dict(rows(1)["signals"][0], matched_text="written twice by a retried worker")
    batch = write_batch(tmp_path / "staging", "b1", n_items=2, extra_signals=[repeat, repeat])
    result = load_batch(con, batch)
    assert result.signals == 4
    text = con.execute("SELECT matched_text FROM signals WHERE item_id = ? AND seq = 0", [item_id(0)]).fetchone()
    assert text == ("exercises",)  # from signals-00000, the first file


def test_a_failing_load_commits_nothing_and_keeps_the_batch(con, tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "staging", "b1", n_items=3)
    (batch.classified_dir / "mentions-00001-of-00002.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(duckdb.Error, match="mentions-00001-of-00002"):  # the cause, as the quarantine records it
        load_batch(con, batch)
    assert counts(con) == dict.fromkeys(FACT_TABLES, 0)
    assert pending_batches(tmp_path / "staging") == [batch]
    other = write_batch(tmp_path / "staging", "b2", n_items=2)  # the connection is left usable
    assert load_batch(con, other).items == 2


def test_a_batch_without_new_rows_is_not_journaled_and_replays_harmlessly(con, tmp_path: Path) -> None:
    """Feed state only moves forward in time, so replaying a failed fetch does not count it twice."""
    batch = write_batch(tmp_path / "staging", "b1", n_items=0, feed_status="error")
    load_batch(con, batch, remove=False)
    load_batch(con, batch, remove=False)
    assert con.execute("SELECT consecutive_failures, status FROM feeds").fetchone() == (1, "error")
    assert con.execute("SELECT count(*) FROM loaded_batches").fetchone()[0] == 0


def test_unclassified_batches_are_refused(con, tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "staging", "b1")
    (batch.root / "_CLASSIFIED").unlink()
    with pytest.raises(ValueError, match="not classified"):
        load_batch(con, batch)


def test_staged_item_ids_lists_items_waiting_in_any_pending_batch(tmp_path: Path) -> None:
    write_batch(tmp_path / "staging", "b1", n_items=2)
    write_batch(tmp_path / "staging", "b2", n_items=2, start=5)
    assert staged_item_ids(tmp_path / "staging") == {item_id(n) for n in (0, 1, 5, 6)}
    assert staged_item_ids(tmp_path / "nothing-here") == set()
