"""The analysts' snapshot: a read-only copy of the checkpointed warehouse, published after each write.

Analysts query the snapshot, so they never block the scheduled writer (DuckDB locks the file for any second
process). Its cost must not grow with the history (issue 19). Where the filesystem clones (XFS with reflink,
btrfs) the new snapshot shares the live file's extents. Elsewhere the snapshot before last is kept as
`<snapshot>.spare` and brought up to date by writing only the chunks that differ from the live file, when no
reader still has it open; otherwise a full copy, as before. That costs a read of both files instead of a write
of one, and a third copy on disk (docs/scaling.md). `[warehouse] snapshot_update = false` turns it off.

Readers are seen through DuckDB's own locks: DuckDB takes POSIX record locks (`fcntl`), a read lock for a
read-only connection and a write lock for a writer. Open file description locks (Linux's F_OFD_SETLK)
conflict with those, also with those of this process, so they tell whether a reader holds the spare, and a
read lock on the live file keeps a writer out while it is copied. A reader whose lock this kernel cannot see
(another machine over NFS) or whose process dropped it (POSIX locks go when a process closes any descriptor
of the file: copying the snapshot while querying it) is not protected from the update: such readers should
read a copy of the snapshot, or the update be turned off. Without OFD locks (macOS) every publish is a full
copy or clone. Publishers take turns through `<snapshot>.lock`.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from filelock import FileLock, Timeout

from warehouse.db import wal_path, writer

log = logging.getLogger(__name__)

FICLONE = 0x40049409  # Linux's ioctl sharing a file's extents with another (fcntl.FICLONE from Python 3.12)
OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None)  # Linux only
CHUNK = 1 << 20  # compared and written in MiB: DuckDB's blocks are 256 KiB, a cycle changes few of them
PUBLISH_WAIT_S = 120.0  # another publisher's copy of a large file; longer means it is stuck
CONFLICT = (errno.EAGAIN, errno.EACCES)  # what a lock held by someone else gives; other errors: no such locks


@dataclass(frozen=True)
class Published:
    """How a snapshot was made: `method` is 'clone', 'copy' or 'update' (only the differing chunks written)."""

    method: str
    bytes_written: int


def refresh_snapshot(path: Path, snapshot: Path, timeout_s: float, update: bool = True) -> Published | None:
    """Migrate the warehouse and publish the snapshot again: after an upgrade, the snapshot the last
    cycle published has an older schema than this escmon's queries. Raises WarehouseBusy when held."""
    with writer(path, timeout_s) as con:
        con.execute("CHECKPOINT")
    return publish_snapshot(path, snapshot, update)


def publish_snapshot(path: Path, snapshot: Path, update: bool = True) -> Published | None:
    """Publish the checkpointed warehouse as the analysts' snapshot, atomically; None when it is kept as it
    was: a WAL holds commits the file alone lacks, a writer holds the file (it may be changing it), or another
    publisher did not finish in time. Called with no connection open, after a CHECKPOINT. `update`: the spare
    may be updated in place (see the module's docstring)."""
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(snapshot.with_name(snapshot.name + ".lock"), timeout=PUBLISH_WAIT_S), open(path, "rb") as live:
            if _lock(live.fileno(), fcntl.F_RDLCK) is False:
                log.warning("not publishing %s: another process is writing %s; its step publishes", snapshot, path)
                return None
            wal = wal_path(path)
            if wal.exists() and wal.stat().st_size > 0:
                log.warning("not publishing %s: %s still holds un-checkpointed commits", snapshot, wal)
                return None
            published = _clone(path, snapshot) or (update and _update_spare(live, snapshot)) \
                or _copy(path, snapshot, keep_spare=update and OFD_SETLK is not None)
    except Timeout:
        log.warning("not publishing %s: another publisher has held it for %.0fs", snapshot, PUBLISH_WAIT_S)
        return None
    log.debug("published %s by %s, %d bytes written", snapshot, published.method, published.bytes_written)
    return published


def spare_path(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name + ".spare")


def _fresh_tmp(snapshot: Path) -> Path:
    """The temporary name, free: a file left there (a killed publish) may be a second name of the snapshot,
    and must not be written through."""
    tmp = snapshot.with_name(snapshot.name + ".tmp")
    tmp.unlink(missing_ok=True)
    return tmp


def _clone(path: Path, snapshot: Path) -> Published | None:
    """A clone of the live file where the filesystem shares extents; no spare is kept there."""
    tmp = _fresh_tmp(snapshot)
    if not clone(path, tmp):
        tmp.unlink(missing_ok=True)
        return None
    spare_path(snapshot).unlink(missing_ok=True)
    os.replace(tmp, snapshot)
    return Published("clone", 0)


def _copy(path: Path, snapshot: Path, keep_spare: bool) -> Published:
    """A whole new snapshot; the one it replaces becomes the spare when `keep_spare`."""
    tmp = _fresh_tmp(snapshot)
    shutil.copyfile(path, tmp)
    spare = spare_path(snapshot)
    if keep_spare and snapshot.exists():
        _link_over(snapshot, spare)
    else:
        spare.unlink(missing_ok=True)
    os.replace(tmp, snapshot)
    return Published("copy", snapshot.stat().st_size)


def _update_spare(live: BinaryIO, snapshot: Path) -> Published | None:
    """Bring the spare up to date and publish it, the current snapshot becoming the spare; None when there is
    no usable spare. A spare a reader still holds (it was the snapshot before last) is dropped, never written:
    its reader keeps the file, and a copy is published instead."""
    spare = spare_path(snapshot)
    if OFD_SETLK is None or not spare.exists() or not snapshot.exists():
        return None
    try:
        if os.path.samefile(spare, snapshot):  # left by a killed publish: two names of one file
            spare.unlink()
            return None
        target = open(spare, "r+b")  # noqa: SIM115 (closed below, before the rename that publishes it)
    except OSError as exc:
        log.info("%s cannot be updated (%s): publishing a full copy instead", spare, exc)
        _drop(spare)
        return None
    with target:
        if not _lock(target.fileno(), fcntl.F_WRLCK):
            log.info("%s is still open in a reader: publishing a full copy instead", spare)
            spare.unlink()  # (closing our descriptor dropped this process's own locks on it: never touch it again)
            return None
        written = _write_changed(live.fileno(), target)
        os.fdatasync(target.fileno())  # blocks overwritten in place: a rename alone does not order them first
        tmp = _fresh_tmp(snapshot)
        os.replace(spare, tmp)
    # The lock went with the file's close: a reader opening the snapshot after the rename below finds it free.
    _link_over(snapshot, spare)
    os.replace(tmp, snapshot)
    return Published("update", written)


def _drop(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


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
    """`link` becomes a second name of `source`, replacing whatever it named (none where links fail)."""
    tmp = link.with_name(link.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError as exc:
        log.debug("no spare snapshot: %s", exc)
        _drop(link)
        return
    os.replace(tmp, link)


def _lock(fd: int, kind: int) -> bool | None:
    """Take an open file description lock on the whole file without waiting: True when taken, False when
    someone holds a conflicting lock, None where such locks do not exist (macOS, some network filesystems)."""
    if OFD_SETLK is None:
        return None
    try:
        fcntl.fcntl(fd, OFD_SETLK, struct.pack("hhqqi4x", kind, os.SEEK_SET, 0, 0, 0))  # struct flock, l_pid 0
    except OSError as exc:
        return False if exc.errno in CONFLICT else None
    return True


def clone(source: Path, target: Path) -> bool:
    """Write `target` as a clone of `source` (XFS with reflink, btrfs): the same bytes at the cost of metadata
    and no second copy on disk, later writes to either file copied on write by the filesystem. False where
    the filesystem cannot (ext4, tmpfs, another OS), `target` then left empty."""
    try:
        with open(source, "rb") as src, open(target, "wb") as dst:
            fcntl.ioctl(dst.fileno(), FICLONE, src.fileno())
    except OSError:
        return False
    return True


def clone_or_copy(source: Path, target: Path) -> bool:
    """Write `target` as a copy of `source`; True when the filesystem cloned it."""
    if clone(source, target):
        return True
    shutil.copyfile(source, target)
    return False
