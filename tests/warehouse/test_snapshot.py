"""The analysts' snapshot on a filesystem that cannot clone: the snapshot before last is updated in place
(only what changed is written) unless a reader still has it open, and a writer holding the live file
keeps the old snapshot (issue 19, part b)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse import snapshot as snapshots
from warehouse.snapshot import publish_snapshot, spare_path

HOLD = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
print(con.execute("SELECT count(*) FROM t").fetchone()[0], flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def no_clone(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on ext4 or tmpfs, whatever filesystem the test runs on."""
    def unsupported(*args: object) -> None:
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(snapshots.fcntl, "ioctl", unsupported)


def add_rows(live: Path, n: int) -> None:
    con = duckdb.connect(str(live))
    con.execute("CREATE TABLE IF NOT EXISTS t (n BIGINT, s VARCHAR)")
    con.execute("INSERT INTO t SELECT range, md5(range::VARCHAR) FROM range(?)", [n])
    con.execute("CHECKPOINT")
    con.close()


def count(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM t").fetchone()[0]
    finally:
        con.close()


class Holder:
    """Another process holding a DuckDB connection on a file, as an analyst's session or a writer does."""

    def __init__(self, path: Path, mode: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.rows = int(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.communicate("\n", timeout=30)


def test_the_snapshot_before_last_is_updated_in_place_and_matches_the_live_file(tmp_path: Path, no_clone: None
                                                                               ) -> None:
    live, snapshot = tmp_path / "escmon.duckdb", tmp_path / "escmon.snapshot.duckdb"
    inodes = []
    for rows in (100_000, 1_000, 1_000, 1_000):
        add_rows(live, rows)
        assert publish_snapshot(live, snapshot)
        assert snapshot.read_bytes() == live.read_bytes()
        inodes.append(snapshot.stat().st_ino)
    assert count(snapshot) == 103_000
    # Two full copies, then each publish takes the file published two before (a copy would be a new file).
    assert inodes[2] == inodes[0] and inodes[3] == inodes[1] and inodes[0] != inodes[1]
    assert spare_path(snapshot).stat().st_ino == inodes[2]
    assert not snapshot.with_name(snapshot.name + ".tmp").exists()


def test_a_snapshot_a_reader_still_has_open_is_never_written(tmp_path: Path, no_clone: None) -> None:
    live, snapshot = tmp_path / "escmon.duckdb", tmp_path / "escmon.snapshot.duckdb"
    add_rows(live, 50_000)
    publish_snapshot(live, snapshot)
    reader = Holder(snapshot, "read")  # an analyst's session on the first snapshot
    try:
        held = snapshot.stat().st_ino
        for _ in range(3):
            add_rows(live, 1_000)
            assert publish_snapshot(live, snapshot)
            assert snapshot.stat().st_ino != held and snapshot.read_bytes() == live.read_bytes()
        con = duckdb.connect(str(snapshot), read_only=True)
        assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 53_000
        con.close()
    finally:
        reader.close()
    assert reader.rows == 50_000 and reader.proc.returncode == 0


def test_a_spare_left_half_written_by_a_crash_is_repaired(tmp_path: Path, no_clone: None) -> None:
    live, snapshot = tmp_path / "escmon.duckdb", tmp_path / "escmon.snapshot.duckdb"
    for _ in range(2):
        add_rows(live, 20_000)
        publish_snapshot(live, snapshot)
    spare = spare_path(snapshot)
    with open(spare, "r+b") as f:  # what a kill in the middle of an update leaves: some blocks new, some old
        f.seek(spare.stat().st_size // 2)
        f.write(b"\xff" * 300_000)
        f.truncate(spare.stat().st_size - 4096)
    add_rows(live, 10)
    assert publish_snapshot(live, snapshot)
    assert snapshot.read_bytes() == live.read_bytes() and count(snapshot) == 40_010


def test_a_writer_holding_the_live_file_keeps_the_old_snapshot(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                                               ) -> None:
    live, snapshot = tmp_path / "escmon.duckdb", tmp_path / "escmon.snapshot.duckdb"
    add_rows(live, 1_000)
    publish_snapshot(live, snapshot)
    before = snapshot.read_bytes()
    add_rows(live, 1_000)
    writer = Holder(live, "write")  # it may be changing the file: a copy now could be torn
    try:
        assert not publish_snapshot(live, snapshot)
    finally:
        writer.close()
    assert snapshot.read_bytes() == before and "another process is writing" in caplog.text
    assert publish_snapshot(live, snapshot) and count(snapshot) == 2_000
