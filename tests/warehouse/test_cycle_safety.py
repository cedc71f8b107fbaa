"""End-to-end cycles in real processes: repeat, SIGKILL mid-load, a held warehouse, analysts reading.

Each scenario ends by comparing with one uninterrupted cycle (`reference_run`): every table's row count
except `runs` (which records each attempt by design) and the identity of the fact rows.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from schemas.batch import pending_batches
from tests.warehouse.conftest import (
    CYCLE_TIMEOUT_S,
    db_path,
    escmon,
    fact_keys,
    run_cycle,
    snapshot_path,
    staging_dir,
    subprocess_env,
    table_counts,
    wait_for,
    without_runs,
    write_config,
)
from warehouse import snapshot as snapshots
from warehouse.snapshot import clone_or_copy, publish_snapshot

DRIVER = Path(__file__).with_name("cycle_driver.py")
HOLDER = """
import sys, time, pathlib, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
n = con.execute("SELECT count(*) FROM information_schema.tables").fetchone()[0]
pathlib.Path(sys.argv[2]).write_text(str(n))
deadline = time.monotonic() + 120
while not pathlib.Path(sys.argv[3]).exists() and time.monotonic() < deadline:
    time.sleep(0.05)
print(con.execute("SELECT count(*) FROM items").fetchone()[0])
"""


def start_paused_cycle(config: Path, step: str) -> tuple[subprocess.Popen, Path, Path]:
    """A cycle process that stops when the loader logs `step`; returns it with its paused/go files."""
    paused, go = config.parent / f"paused-{step.strip(': ')}", config.parent / f"go-{step.strip(': ')}"
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(config), step, str(paused), str(go)],
                            cwd=config.parent, env=subprocess_env(config.parent), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    wait_for(lambda: paused.exists() or proc.poll() is not None, CYCLE_TIMEOUT_S, f"the loader to reach {step}")
    assert paused.exists(), f"cycle ended before {step}: {proc.communicate()[1][-3000:]}"
    return proc, paused, go


def start_holder(path: Path, folder: Path) -> tuple[subprocess.Popen, Path]:
    """Another process holding a read-only DuckDB connection on `path` until the returned file exists."""
    holding, release = folder / f"holding-{path.name}", folder / f"release-{path.name}"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(holding), str(release)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: holding.exists() or proc.poll() is not None, 60, "the holder to open the file")
    assert holding.exists(), proc.communicate()[1]
    return proc, release


def run_statuses(config: Path) -> list[str]:
    """The recorded status of every run, sorted."""
    con = duckdb.connect(str(db_path(config)), read_only=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT status FROM runs").fetchall())
    finally:
        con.close()


def assert_same_as_reference(config: Path, reference: dict) -> None:
    assert without_runs(table_counts(db_path(config))) == without_runs(reference["counts"])
    assert fact_keys(db_path(config)) == reference["keys"]
    assert pending_batches(staging_dir(config)) == []


def test_a_repeated_cycle_changes_no_table_but_runs(tmp_path: Path, reference_run: dict) -> None:
    config = write_config(tmp_path)
    run_cycle(config)
    run_cycle(config)
    assert_same_as_reference(config, reference_run)
    assert table_counts(db_path(config))["runs"] == 2


@pytest.mark.parametrize("step", [": committing", ": committed"])
def test_sigkill_during_the_load_then_rerun_ends_as_an_uninterrupted_run(tmp_path: Path, reference_run: dict,
                                                                        step: str) -> None:
    """Killed inside the transaction (every table inserted, not committed) or after the commit, before
    the batch folder is removed: the next cycle must neither lose nor duplicate a row."""
    config = write_config(tmp_path)
    proc, _paused, _go = start_paused_cycle(config, step)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert len(pending_batches(staging_dir(config))) == 1  # the batch survives the kill

    run_cycle(config)

    assert_same_as_reference(config, reference_run)
    assert run_statuses(config) == ["completed", "crashed"]


def test_a_held_warehouse_defers_the_load_and_the_next_cycle_loads_it(tmp_path: Path,
                                                                      reference_run: dict) -> None:
    config = write_config(tmp_path, lock_timeout=0.5)
    migrated = escmon("warehouse", "migrate", "-c", str(config), cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    holder, release = start_holder(db_path(config), tmp_path)
    try:
        deferred = run_cycle(config)  # exit 0 although the warehouse could not be opened
    finally:
        release.touch()
    out, _ = holder.communicate(timeout=60)
    assert out.strip() == "0"  # the holder saw an empty warehouse throughout: nothing was half-written
    assert deferred.stdout.startswith("deferred")
    batches = pending_batches(staging_dir(config))
    assert len(batches) == 1 and batches[0].is_classified

    run_cycle(config)

    assert_same_as_reference(config, reference_run)
    assert run_statuses(config) == ["completed", "deferred"]


def test_a_held_warehouse_after_a_load_restages_nothing_already_loaded(tmp_path: Path,
                                                                        reference_run: dict) -> None:
    """Known items and feed state come from the snapshot while the warehouse is held: the deferred
    cycle stages no loaded item again, so per-batch rows (window counts) are not counted twice."""
    config = write_config(tmp_path, lock_timeout=0.5)
    run_cycle(config)
    holder, release = start_holder(db_path(config), tmp_path)
    try:
        deferred = run_cycle(config)
    finally:
        release.touch()
    holder.communicate(timeout=60)
    assert deferred.stdout.startswith("deferred: 0 new items"), deferred.stdout
    [batch] = pending_batches(staging_dir(config))
    assert batch.info("STAGED")["items"] == 0

    run_cycle(config)

    assert_same_as_reference(config, reference_run)


def test_analysts_read_the_snapshot_while_a_cycle_writes(tmp_path: Path) -> None:
    """`escmon sql` answers from the snapshot while the writer is inside its transaction, and a reader
    holding the snapshot open neither blocks the cycle nor keeps it from publishing a new one."""
    config = write_config(tmp_path, feeds=1)
    run_cycle(config)
    first = table_counts(db_path(config))["items"]
    write_config(tmp_path, feeds=2)  # the next cycle brings the second feed's items

    snapshot_holder, release = start_holder(snapshot_path(config), tmp_path)
    proc, _paused, go = start_paused_cycle(config, ": committing")
    try:
        during = escmon("sql", "SELECT count(*) AS n FROM items", "--format", "csv", "-c", str(config),
                        cwd=tmp_path, timeout=60)
        live = escmon("sql", "SELECT 1", "--live", "-c", str(config), cwd=tmp_path, timeout=60)
    finally:
        go.touch()
        out, err = proc.communicate(timeout=CYCLE_TIMEOUT_S)
        release.touch()
    assert during.returncode == 0, during.stderr
    assert during.stdout.split() == ["n", str(first)]
    assert live.returncode == 2 and "lock" in live.stderr.lower()  # the live file fails fast, never waits
    assert proc.returncode == 0 and out.startswith("completed"), err[-3000:]
    assert snapshot_holder.communicate(timeout=60)[0].strip() == str(first)  # its old file stayed intact

    after = escmon("sql", "SELECT count(*) AS n FROM items", "--format", "csv", "-c", str(config), cwd=tmp_path)
    assert after.stdout.split() == ["n", str(table_counts(db_path(config))["items"])]
    assert table_counts(db_path(config))["items"] > first


def test_alerts_are_not_lost_when_a_cycle_dies_between_load_and_alerts(tmp_path):
    """The load queues its windows in the same transaction; the next cycle evaluates them."""
    from flows import cycle
    from flows.config import load_settings
    from tests.cycle_helpers import sample_file_feeds, table_counts, write_config

    settings = load_settings(write_config(tmp_path, sample_file_feeds()))
    report = cycle.new_report(settings)
    cycle.start_run(settings, report)
    cycle.stage(settings, cycle.fetch(settings, cycle.read_state(settings, report), report), report)
    cycle.classify_pending(settings, report)
    assert cycle.load(settings, report)
    # ... the process dies here: no alert step, no run record
    assert table_counts(settings.warehouse.path)["alerts"] == 0
    nxt = cycle.run_cycle(settings)
    assert nxt.items_new == 0, "nothing new was fetched"
    assert any(a.rule == "index-daily" for a in nxt.alerts), "the planted spike still fires"
    assert table_counts(settings.warehouse.path)["alerts"] >= 1


def test_a_folder_left_half_staged_is_removed_by_the_next_cycle(tmp_path: Path, reference_run: dict) -> None:
    """What a cycle killed between creating its batch folder and its `_STAGED` marker leaves (issue 15, item
    11): never a batch, so it stayed forever. The next cycle removes it and ends as an uninterrupted run."""
    config = write_config(tmp_path)
    half = staging_dir(config) / "20261120T120000000000Z"
    half.mkdir(parents=True)
    (half / "items.parquet").write_bytes(b"PAR1\x00 cut short")
    empty = staging_dir(config) / "20261120T120000000001Z-backlog"
    empty.mkdir()

    run_cycle(config)

    assert not half.exists() and not empty.exists()
    assert_same_as_reference(config, reference_run)
    assert sorted(p.name for p in staging_dir(config).iterdir()) == ["_runs"]


def test_the_snapshot_is_a_clone_where_the_filesystem_can_and_a_copy_elsewhere(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    live, snapshot = tmp_path / "escmon.duckdb", tmp_path / "escmon.snapshot.duckdb"
    con = duckdb.connect(str(live))
    con.execute("CREATE TABLE t AS SELECT range AS n FROM range(100000)")
    con.close()
    clone_or_copy(live, snapshot)  # a clone on XFS (reflink) or btrfs, a byte copy on ext4 or tmpfs
    assert snapshot.read_bytes() == live.read_bytes()

    def unsupported(*args: object) -> None:
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(snapshots.fcntl, "ioctl", unsupported)
    snapshot.unlink()
    assert publish_snapshot(live, snapshot) and snapshot.read_bytes() == live.read_bytes()
    assert not snapshot.with_name(snapshot.name + ".tmp").exists()
