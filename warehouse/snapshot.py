"""The analysts' snapshot: a read-only copy of the checkpointed warehouse, published after each write.

Analysts query the snapshot, so they never block the scheduled writer (DuckDB locks the file for any second
process); one still reading an older snapshot keeps its open file, since a snapshot is only ever replaced
by a rename. Its cost must not grow with the history (issue 19): where the filesystem clones (XFS with
reflink, btrfs) the new snapshot shares the live file's extents; elsewhere the snapshot before last is kept
as `<snapshot>.spare` and brought up to date by writing only the blocks that differ from the live file,
when no reader still has it open. That costs a read of both files instead of a write of one, and a third
copy on disk (docs/scaling.md).

Readers are seen through DuckDB's own locks: DuckDB takes POSIX record locks (`fcntl`), a read lock for a
read-only connection and a write lock for a writer. Open file description locks (Linux's F_OFD_SETLK)
conflict with those, also with those of this process, so they tell whether any reader holds the spare, and
a read lock on the live file keeps a writer out while it is copied. Without them (macOS) every publish is a
full copy or clone, as before.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warehouse.db import wal_path, writer

log = logging.getLogger(__name__)

FICLONE = 0x40049409  # Linux's ioctl sharing a file's extents with another (fcntl.FICLONE from Python 3.12)
OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None)  # Linux only
CHUNK = 1 << 20  # compared and written in MiB: DuckDB's blocks are 256 KiB, a cycle changes few of them


@dataclass(frozen=True)
class Published:
    """How a snapshot was made: `method` is 'clone', 'copy' or 'update' (only the changed bytes written)."""

    method: str
    bytes_written: int


def refresh_snapshot(path: Path, snapshot: Path, timeout_s: float) -> Published | None:
    """Migrate the warehouse and publish the snapshot again: after an upgrade, the snapshot the last
    cycle published has an older schema than this escmon's queries. Raises WarehouseBusy when held."""
    with writer(path, timeout_s) as con:
        con.execute("CHECKPOINT")
    return publish_snapshot(path, snapshot)


def publish_snapshot(path: Path, snapshot: Path) -> Published | None:
    """Publish the checkpointed warehouse as the analysts' snapshot, atomically; None when it is kept as it
    was. Called with no connection open, after a CHECKPOINT. A pending WAL means committed rows that the file
    alone does not hold, and a writer holding the file may be changing it: either keeps the old snapshot."""
    wal = wal_path(path)
    if wal.exists() and wal.stat().st_size > 0:
        log.warning("not publishing %s: %s still holds un-checkpointed commits", snapshot, wal)
        return None
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "rb") as live:
        if not _lock(live.fileno(), fcntl.F_RDLCK):
            log.warning("not publishing %s: another process is writing %s; its step publishes", snapshot, path)
            return None
        published = _update_spare(live, snapshot) or _copy(path, snapshot)
    log.debug("published %s by %s, %d bytes written", snapshot, published.method, published.bytes_written)
    return published


def spare_path(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name + ".spare")


def _copy(path: Path, snapshot: Path) -> Published:
    """A whole new snapshot; on a filesystem that cannot clone, the one it replaces becomes the spare."""
    tmp = snapshot.with_name(snapshot.name + ".tmp")
    cloned = clone_or_copy(path, tmp)
    spare = spare_path(snapshot)
    if cloned:
        spare.unlink(missing_ok=True)
    elif snapshot.exists():
        _link_over(snapshot, spare)
    os.replace(tmp, snapshot)
    return Published("clone" if cloned else "copy", 0 if cloned else snapshot.stat().st_size)


def _update_spare(live: BinaryIO, snapshot: Path) -> Published | None:
    """Bring the spare up to date and publish it, the current snapshot becoming the spare; None when there is
    no spare, or a reader still has it open (it was the snapshot before last), or locks cannot tell."""
    spare = spare_path(snapshot)
    if OFD_SETLK is None or not spare.exists() or not snapshot.exists():
        return None
    tmp = snapshot.with_name(snapshot.name + ".tmp")
    with open(spare, "r+b") as target:
        if not _lock(target.fileno(), fcntl.F_WRLCK):
            log.info("%s is still open in a reader: publishing a full copy instead", spare)
            return None
        written = _write_changed(live.fileno(), target)
        os.replace(spare, tmp)
    # The lock went with the file's close: a reader opening the snapshot after the rename below finds it free.
    _link_over(snapshot, spare)
    os.replace(tmp, snapshot)
    return Published("update", written)


def _write_changed(source_fd: int, target: BinaryIO) -> int:
    """Make `target` byte for byte the file behind `source_fd`, writing only the chunks that differ. A copy
    cut short by a crash is repaired by the next one, which compares bytes, not a record of what it wrote."""
    size = os.fstat(source_fd).st_size
    have, want = bytearray(CHUNK), bytearray(CHUNK)
    written = 0
    target_fd = target.fileno()
    for offset in range(0, size, CHUNK):
        n = os.preadv(source_fd, [want], offset)
        m = os.preadv(target_fd, [have], offset)
        if n != m or have[:n] != want[:n]:
            os.pwrite(target_fd, memoryview(want)[:n], offset)
            written += n
    os.ftruncate(target_fd, size)
    return written


def _link_over(source: Path, link: Path) -> None:
    """`link` becomes a second name of `source`, replacing whatever it named (skipped where links fail)."""
    tmp = link.with_name(link.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError as exc:
        log.debug("no spare snapshot: %s", exc)
        link.unlink(missing_ok=True)
        return
    os.replace(tmp, link)


def _lock(fd: int, kind: int) -> bool:
    """Take an open file description lock on the whole file without waiting; True also where there are none
    (the lock is what makes an update safe, and no update is tried there)."""
    if OFD_SETLK is None:
        return True
    try:
        fcntl.fcntl(fd, OFD_SETLK, struct.pack("hhqqi4x", kind, os.SEEK_SET, 0, 0, 0))  # struct flock, l_pid 0
    except OSError:
        return False
    return True


def clone_or_copy(source: Path, target: Path) -> bool:
    """Write `target` as a copy of `source`; True when the filesystem cloned it instead (XFS with reflink,
    btrfs): the same bytes at the cost of metadata and no second copy on disk, later writes to either file
    being copied on write by the filesystem. Elsewhere (ext4, tmpfs, another OS) a byte copy."""
    try:
        with open(source, "rb") as src, open(target, "wb") as dst:
            fcntl.ioctl(dst.fileno(), FICLONE, src.fileno())
        return True
    except OSError:
        shutil.copyfile(source, target)
        return False
