"""The analysts' snapshot on a filesystem that cannot clone: the snapshot before last is updated in place
(only what differs is written) unless a reader still has it open, and a writer holding the live file keeps
the old snapshot (issue 19, part b)."""

from __future__ import annotations

import os
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
for line in sys.stdin:
    if line.strip() != "count":
        break
    print(con.execute("SELECT count(*), sum(n) FROM t").fetchone(), flush=True)
"""


@pytest.fixture
def no_clone(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on ext4 or tmpfs, whatever filesystem the test runs on."""
    def unsupported(*args: object) -> None:
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(snapshots.fcntl, "ioctl", unsupported)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "escmon.duckdb", tmp_path / "escmon.snapshot.duckdb"


def add_rows(live: Path, n: int) -> None:
    con = duckdb.connect(str(live))
    con.execute("CREATE TABLE IF NOT EXISTS t (n BIGINT, s VARCHAR)")
    con.execute("INSERT INTO t SELECT range, md5(range::VARCHAR) FROM range(?)", [n])
    con.execute("CHECKPOINT")
    con.close()


def count(path: Path) -> tuple[int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*), sum(n) FROM t").fetchone()
    finally:
        con.close()


class Holder:
    """Another process holding a DuckDB connection on a file, as an analyst's session or a writer does."""

    def __init__(self, path: Path, mode: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def count(self) -> tuple[int, int]:
        self.proc.stdin.write("count\n")
        self.proc.stdin.flush()
        return tuple(int(x) for x in self.proc.stdout.readline().strip("()\n").split(","))

    def close(self) -> None:
        self.proc.communicate("stop\n", timeout=30)
        assert self.proc.returncode == 0


def test_the_snapshot_before_last_is_updated_in_place_writing_only_what_differs(files: tuple[Path, Path],
                                                                              no_clone: None) -> None:
    live, snapshot = files
    published, inodes = [], []
    for rows in (1_000_000, 1_000, 1_000, 1_000):
        add_rows(live, rows)
        published.append(publish_snapshot(live, snapshot))
        assert snapshot.read_bytes() == live.read_bytes()
        inodes.append(snapshot.stat().st_ino)
    assert count(snapshot)[0] == 1_003_000
    assert [p.method for p in published] == ["copy", "copy", "update", "update"]
    # each update took the file published two before and rewrote a part of it
    assert inodes[2] == inodes[0] and inodes[3] == inodes[1] and inodes[0] != inodes[1]
    assert all(0 < p.bytes_written < live.stat().st_size / 4 for p in published[2:])
    assert spare_path(snapshot).stat().st_ino == inodes[2]
    assert not snapshot.with_name(snapshot.name + ".tmp").exists()


@pytest.mark.parametrize("where", ["another process", "this process"])
def test_a_snapshot_a_reader_still_has_open_is_never_written(files: tuple[Path, Path], no_clone: None,
                                                             where: str) -> None:
    live, snapshot = files
    add_rows(live, 50_000)
    publish_snapshot(live, snapshot)
    if where == "another process":
        reader = Holder(snapshot, "read")  # an analyst's session on the first snapshot
        read = reader.count
    else:
        con = duckdb.connect(str(snapshot), read_only=True)  # a notebook in the serving process
        def read() -> tuple[int, int]:
            return con.execute("SELECT count(*), sum(n) FROM t").fetchone()
    held = snapshot.stat().st_ino  # (not recycled while the reader has the file open)
    try:
        before = read()
        for _ in range(4):
            add_rows(live, 1_000)
            assert publish_snapshot(live, snapshot)
            assert snapshot.read_bytes() == live.read_bytes()
            assert snapshot.stat().st_ino != held  # never updated and published again
        assert read() == before == (50_000, sum(range(50_000)))
        if where == "another process":  # (DuckDB hands this process its open database for the same path)
            assert count(snapshot)[0] == 54_000
    finally:
        reader.close() if where == "another process" else con.close()


def test_a_spare_left_half_written_by_a_crash_is_repaired(files: tuple[Path, Path], no_clone: None) -> None:
    live, snapshot = files
    for _ in range(2):
        add_rows(live, 20_000)
        publish_snapshot(live, snapshot)
    spare = spare_path(snapshot)
    with open(spare, "r+b") as f:  # what a kill in the middle of an update leaves: some blocks new, some old
        f.seek(spare.stat().st_size // 2)
        f.write(b"\xff" * 300_000)
        f.truncate(spare.stat().st_size - 4096)
    add_rows(live, 10)
    assert publish_snapshot(live, snapshot).method == "update"
    assert snapshot.read_bytes() == live.read_bytes() and count(snapshot)[0] == 40_010


def test_a_spare_that_is_the_snapshot_itself_is_not_updated_under_its_readers(files: tuple[Path, Path],
                                                                              no_clone: None) -> None:
    """A publish killed between linking the spare and renaming leaves spare (and the temporary name) as second
    names of the published snapshot: updating it would write under the snapshot's readers."""
    live, snapshot = files
    for _ in range(2):
        add_rows(live, 20_000)
        publish_snapshot(live, snapshot)
    spare, tmp = spare_path(snapshot), snapshot.with_name(snapshot.name + ".tmp")
    spare.unlink()
    os.link(snapshot, spare)
    os.link(snapshot, tmp)
    add_rows(live, 1_000)
    assert publish_snapshot(live, snapshot)  # no reader yet: the alias must not be updated either
    assert not os.path.samefile(spare, snapshot) and snapshot.read_bytes() == live.read_bytes()
    reader = Holder(snapshot, "read")
    try:
        before = reader.count()
        for _ in range(3):
            add_rows(live, 1_000)
            assert publish_snapshot(live, snapshot)
            assert snapshot.read_bytes() == live.read_bytes()
        assert reader.count() == before == (41_000, 2 * sum(range(20_000)) + sum(range(1_000)))
    finally:
        reader.close()
    assert not os.path.samefile(spare, snapshot)


def test_a_spare_that_cannot_be_written_gives_way_to_a_copy(files: tuple[Path, Path], no_clone: None) -> None:
    live, snapshot = files
    add_rows(live, 1_000)
    publish_snapshot(live, snapshot)
    spare_path(snapshot).mkdir()  # (root ignores file permissions; a folder cannot be opened for writing either)
    add_rows(live, 1_000)
    assert publish_snapshot(live, snapshot).method == "copy" and count(snapshot)[0] == 2_000


def test_without_updates_every_snapshot_is_a_new_file_and_no_spare_is_kept(files: tuple[Path, Path],
                                                                           no_clone: None) -> None:
    live, snapshot = files
    kept = []
    for i in range(3):
        add_rows(live, 1_000)
        assert publish_snapshot(live, snapshot, update=False).method == "copy"
        kept.append(snapshot.with_name(f"kept-{i}.duckdb"))
        os.link(snapshot, kept[-1])  # each published file, as a reader holding it sees it
    assert [count(k)[0] for k in kept] == [1_000, 2_000, 3_000] and not spare_path(snapshot).exists()


def test_a_writer_holding_the_live_file_keeps_the_old_snapshot(files: tuple[Path, Path],
                                                               caplog: pytest.LogCaptureFixture) -> None:
    live, snapshot = files
    add_rows(live, 1_000)
    publish_snapshot(live, snapshot)
    before = snapshot.read_bytes()
    add_rows(live, 1_000)
    writer = Holder(live, "write")  # it may be changing the file: a copy now could be torn
    try:
        writer.count()
        assert publish_snapshot(live, snapshot) is None
    finally:
        writer.close()
    assert snapshot.read_bytes() == before and "another process is writing" in caplog.text
    assert publish_snapshot(live, snapshot) and count(snapshot)[0] == 2_000
