"""A staged batch's marker is written only once what it vouches for is on disk (issue 15, item 11)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from schemas import batch as batch_module
from schemas.batch import Batch, unfinished_batches


@pytest.fixture
def synced(monkeypatch) -> list[str]:
    """The real os.fsync, recording what it flushed, in order. A power cut cannot be run in a test; what
    can be checked is that every file and the folder are flushed, and the marker after its files."""
    flushed: list[str] = []
    real = os.fsync

    def recording(fd: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(batch_module.os, "fsync", recording)
    return flushed


def test_a_marker_follows_the_flushed_files_and_the_rename_is_flushed(tmp_path: Path, synced: list[str]) -> None:
    batch = Batch(tmp_path / "20261120T120000000000Z")
    (batch.classified_dir).mkdir(parents=True)
    for path in (batch.items, batch.feeds, batch.classified_dir / "signals-00000-of-00001.parquet"):
        path.write_bytes(b"data")

    batch.mark("STAGED", {"items": 1})

    names = [Path(p).name for p in synced]
    assert set(names[:3]) == {"items.parquet", "feeds.parquet", "signals-00000-of-00001.parquet"}
    assert names[3:] == ["._STAGED.tmp", batch.root.name]
    assert (batch.root / "_STAGED").exists() and batch.info("STAGED") == {"items": 1}


def test_only_batch_folders_without_a_marker_are_unfinished(tmp_path: Path) -> None:
    unfinished, staged = "20261120T120000000000Z-00000", "20261120T130000000000Z-00000"
    # a staging folder shared by mistake with other folders (the config's own, a warehouse's) loses none
    for name in (unfinished, staged, "_runs", "_discarded", ".hidden", "data", "20261120T1"):
        (tmp_path / name).mkdir()
    Batch(tmp_path / staged).mark("STAGED")
    (tmp_path / "a-file").write_text("x")
    assert unfinished_batches(tmp_path) == [tmp_path / unfinished]
    assert unfinished_batches(tmp_path / "missing") == []
