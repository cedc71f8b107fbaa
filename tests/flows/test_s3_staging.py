"""The staging folder on S3: a cycle stages, classifies (Beam reads and writes the bucket) and loads through
an S3-compatible server (moto, started and stopped here on 127.0.0.1), with the same rows as a local folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import s3fs

from flows.config import load_settings
from flows.cycle import run_cycle
from schemas.batch import pending_batches
from tests.cycle_helpers import sample_file_feeds, table_counts, write_config
from tests.processes import s3_server

pytestmark = pytest.mark.slow
BUCKET = "escmon-staging"


@pytest.fixture
def s3_endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """moto on loopback, reached the way the README tells users to: the standard AWS variables."""
    with s3_server(tmp_path / "moto") as endpoint:
        for name, value in {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test",
                            "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}.items():
            monkeypatch.setenv(name, value)
        s3fs.S3FileSystem.clear_instance_cache()  # an instance made before would keep other settings
        s3fs.S3FileSystem().mkdir(BUCKET)
        yield endpoint
        s3fs.S3FileSystem.clear_instance_cache()


def test_a_cycle_with_its_staging_folder_on_s3_loads_what_a_local_one_loads(tmp_path, s3_endpoint):
    local_dir, remote_dir = tmp_path / "local", tmp_path / "remote"
    local_dir.mkdir()
    remote_dir.mkdir()
    local = load_settings(write_config(local_dir, sample_file_feeds()))
    write_config(remote_dir, sample_file_feeds())
    remote = load_settings(_with_staging(remote_dir, f"s3://{BUCKET}/escmon/staging"))
    assert str(remote.warehouse.staging_dir) == f"s3://{BUCKET}/escmon/staging"

    first = run_cycle(remote)
    assert first.status == "completed", first.errors
    assert run_cycle(local).status == "completed"
    assert table_counts(remote.warehouse.path) == table_counts(local.warehouse.path)
    assert first.items_loaded > 100 and first.signals_loaded > 100

    bucket = s3fs.S3FileSystem()
    assert pending_batches(remote.warehouse.staging_dir) == [], "every batch loaded and removed from the bucket"
    assert not bucket.find(f"{BUCKET}/escmon/staging"), f"left in the bucket: {bucket.find(BUCKET)}"
    assert not list(remote_dir.rglob("s3:*")), "no local folder named after the URL"
    requests = (tmp_path / "moto" / "moto.log").read_text(encoding="utf-8")
    for written in ("/items.parquet", "/feeds.parquet", "/_STAGED", "/classified/signals-", "/_CLASSIFIED"):
        assert f'"PUT /{BUCKET}/escmon/staging/{first.run_id}{written}' in requests, written

    again = run_cycle(remote)  # nothing new: the bucket's state and the warehouse agree
    assert again.status == "completed" and again.items_new == 0


def _with_staging(folder: Path, staging: str) -> Path:
    """The test config with `[warehouse] staging_dir` set (write_config writes the [warehouse] table)."""
    path = folder / "escmon.toml"
    text = path.read_text(encoding="utf-8").replace("[warehouse]\n", f'[warehouse]\nstaging_dir = "{staging}"\n', 1)
    path.write_text(text, encoding="utf-8")
    return path
