"""A staged batch that keeps failing never holds up later cycles, and nothing in it is lost."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from flows import cycle
from flows.config import Settings, load_settings
from flows.cycle import MAX_BATCH_ATTEMPTS, run_cycle
from schemas.batch import Batch, pending_batches
from tests.cycle_helpers import SAMPLES, write_config


def _settings(tmp_path: Path, *files: str) -> Settings:
    feeds = {f.removesuffix(".xml"): str(SAMPLES / f) for f in files} or {"Nowhere": str(tmp_path / "missing.xml")}
    return load_settings(write_config(tmp_path, feeds, rules=False))


def _corrupt_batch(settings: Settings) -> Batch:
    """A staged batch older than any the cycle makes, whose items file is not Parquet (a torn write)."""
    batch = Batch(settings.warehouse.staging_dir / "20000101T000000000000Z")
    batch.root.mkdir(parents=True)
    batch.items.write_bytes(b"PAR1 this is not a parquet file")
    batch.mark("STAGED")
    return batch


def _rows(settings: Settings, sql: str) -> list[tuple]:
    con = duckdb.connect(str(settings.warehouse.path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_batch_that_keeps_failing_is_quarantined_while_new_batches_load(tmp_path):
    feeds = ["eastern_desk.xml", "baltic_wire.xml", "continental_courier.xml"]
    bad = _corrupt_batch(_settings(tmp_path, feeds[0]))
    statuses = []
    for attempt, feed in enumerate(feeds, start=1):  # each cycle brings new items from another outlet
        report = run_cycle(_settings(tmp_path, feed))
        statuses.append(report.status)
        assert report.items_loaded > 50, "the good batch must not wait behind the broken one"
        assert report.failed_batches == 1
        assert any(f"attempt {attempt}/{MAX_BATCH_ATTEMPTS}" in e for e in report.errors)
    assert statuses == ["degraded"] * 3
    quarantined = tmp_path / "data" / "quarantine" / bad.batch_id
    assert not bad.root.exists() and quarantined.is_dir()
    failures = json.loads((quarantined / "_FAILURES").read_text())
    assert len(failures) == MAX_BATCH_ATTEMPTS and all(f["stage"] == "classify" for f in failures)
    assert (quarantined / "items.parquet").read_bytes().startswith(b"PAR1 this"), "kept whole for inspection"

    after = run_cycle(_settings(tmp_path, feeds[0]))  # nothing left to retry: a normal cycle again
    assert after.status == "completed" and after.failed_batches == 0
    feeds_loaded = _rows(_settings(tmp_path), "SELECT count(DISTINCT feed_name) FROM items")[0][0]
    assert feeds_loaded == 3


def test_when_every_batch_fails_no_batch_is_blamed_and_the_rest_of_the_cycle_runs(tmp_path):
    settings = _settings(tmp_path, "eastern_desk.xml")
    run_cycle(settings)  # a quiet hour follows: the feed brings nothing new, so no batch proves the set-up works
    bad = _corrupt_batch(settings)
    report = run_cycle(settings)
    assert report.status == "failed" and report.setup_failures == 1
    assert any("parquet" in e.lower() and bad.batch_id in e for e in report.errors)
    assert _rows(settings, "SELECT status FROM runs ORDER BY started_at") == [("completed",), ("failed",)]
    assert bad.root.is_dir() and bad.failures == [], "a set-up failure counts against no batch"
    # the cycle's own feed-state batch was still loaded, not left to pile up behind the broken one
    assert [b.batch_id for b in pending_batches(settings.warehouse.staging_dir)] == [bad.batch_id]


def test_a_batch_whose_output_cannot_be_loaded_is_classified_again_and_loads(tmp_path):
    first = _settings(tmp_path, "eastern_desk.xml")
    report = cycle.new_report(first)  # a cycle that stopped after classifying (crash before the load)
    states = cycle.read_state(first, report)
    cycle.stage(first, cycle.fetch(first, states, report), report)
    [batch] = cycle.classify_pending(first, report)
    [signals_file] = batch.output_files("signals")
    Path(signals_file).write_bytes(b"torn")  # the output is unreadable

    second = _settings(tmp_path, "baltic_wire.xml")
    report = run_cycle(second)
    assert report.status == "degraded" and report.failed_batches == 1
    assert batch.root.is_dir() and not batch.is_classified, "the broken output is dropped, the items kept"
    assert [f["stage"] for f in batch.failures] == ["load"]

    again = run_cycle(second)  # classifies the kept items afresh and loads them
    assert again.status == "completed" and again.items_loaded > 50
    assert not batch.root.exists()
    by_feed = dict(_rows(second, "SELECT feed_name, count(*) FROM items GROUP BY ALL"))
    assert set(by_feed) == {"eastern_desk", "baltic_wire"}
    classified, items = _rows(second, "SELECT (SELECT count(*) FROM classifications), (SELECT count(*) FROM items)")[0]
    assert classified == items
    signals_per_item = _rows(second, "SELECT count(DISTINCT item_id) FROM signals")[0][0]
    assert signals_per_item > by_feed["eastern_desk"] // 2, "the rebuilt batch's signals were loaded"
