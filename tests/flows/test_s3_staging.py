"""The staging folder on S3: a cycle stages, classifies (Beam reads and writes the bucket) and loads through
an S3-compatible server (moto, started and stopped here on 127.0.0.1), with the same rows as a local folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import s3fs

from flows.config import load_settings
from flows.cycle import MAX_BATCH_ATTEMPTS, run_cycle
from schemas.batch import pending_batches
from tests.cycle_helpers import SAMPLES, sample_file_feeds, table_counts, write_config
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


def test_a_torn_batch_on_s3_is_retried_then_quarantined_in_the_bucket_while_new_batches_load(tmp_path, s3_endpoint):
    """Bad input on object storage: a clear error per attempt, the batch kept whole, the cycles go on."""
    staging = f"s3://{BUCKET}/escmon/staging"
    feeds = ["eastern_desk.xml", "baltic_wire.xml", "continental_courier.xml"]
    bucket = s3fs.S3FileSystem()
    bucket.pipe(f"{BUCKET}/escmon/staging/20000101T000000000000Z/items.parquet", b"PAR1 this is not a parquet file")
    bucket.pipe(f"{BUCKET}/escmon/staging/20000101T000000000000Z/_STAGED", b"{}")
    for attempt, feed in enumerate(feeds, start=1):  # each cycle brings new items from another outlet
        write_config(tmp_path, {feed: str(SAMPLES / feed)}, rules=False)
        report = run_cycle(load_settings(_with_staging(tmp_path, staging)))
        assert report.items_loaded > 50, "the good batch must not wait behind the broken one"
        assert report.failed_batches == 1 and report.status == "degraded"
        assert any(f"attempt {attempt}/{MAX_BATCH_ATTEMPTS}" in e for e in report.errors), report.errors
    quarantined = f"{BUCKET}/escmon/quarantine/20000101T000000000000Z"
    assert not bucket.exists(f"{BUCKET}/escmon/staging/20000101T000000000000Z")
    assert bucket.cat(f"{quarantined}/items.parquet").startswith(b"PAR1 this"), "kept whole for inspection"
    assert len(json.loads(bucket.cat(f"{quarantined}/_FAILURES"))) == MAX_BATCH_ATTEMPTS
