"""The staging folder as a local path or a URL (`s3://`, `gs://`, ...), through universal-pathlib and fsspec.

Fetch, the Beam workers and the loader reach staged batches through this seam, so the folder can sit on
object storage that a cluster's workers reach without sharing the driver's disk. A local folder stays a
plain `pathlib.Path` and keeps today's operations (atomic renames, fsync'd files). A URL becomes a `UPath`;
credentials and endpoints come from its filesystem's own configuration (for S3: the standard AWS variables
such as AWS_ENDPOINT_URL and AWS_ACCESS_KEY_ID, read by s3fs/botocore), the same on the host and workers.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from upath import UPath

StagingPath = Path | UPath  # a local folder (Path) or an object-storage location (UPath)
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def scheme_of(location: str) -> str | None:
    """The URL scheme (`s3`), or None for a local path."""
    match = _URL_SCHEME.match(location)
    return match.group(1).lower() if match else None


def scheme_problem(location: str) -> str | None:
    """Why this installation cannot reach `location`, or None: a scheme fsspec does not know, or whose
    package is not installed (gs:// needs gcsfs, s3:// s3fs). Nothing is contacted."""
    import fsspec

    scheme = scheme_of(location)
    if scheme is None:
        return None
    try:
        fsspec.get_filesystem_class(scheme)
    except ValueError:
        return f"no filesystem is known for {scheme}://"
    except ImportError as exc:
        return f"{scheme}:// needs a package that is not installed ({exc})"
    return None


def staging_path(location: str | Path) -> StagingPath:
    """A URL as a UPath, anything else as a Path (`file://` URLs included)."""
    text = str(location)
    if scheme_of(text) in (None, "file"):
        return Path(text[len("file://"):]) if text.startswith("file://") else Path(text)
    return UPath(text)


def is_local(path: StagingPath) -> bool:
    return isinstance(path, Path)


def write_parquet(table: pa.Table, path: StagingPath, **options: object) -> None:
    if is_local(path):
        pq.write_table(table, path, **options)
        return
    with path.open("wb") as fh:
        pq.write_table(table, fh, **options)


def read_parquet(path: StagingPath, columns: list[str] | None = None) -> pa.Table:
    if is_local(path):
        return pq.read_table(path, columns=columns)
    with path.open("rb") as fh:
        return pq.read_table(fh, columns=columns)


def parquet_rows(path: StagingPath) -> int:
    if is_local(path):
        return pq.read_metadata(path).num_rows
    with path.open("rb") as fh:
        return pq.ParquetFile(fh).metadata.num_rows


def remove_tree(path: StagingPath) -> None:
    """Remove a folder and everything in it; nothing happens when it does not exist."""
    if is_local(path):
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.fs.rm(path.path, recursive=True)


def move_tree(source: StagingPath, target: StagingPath) -> StagingPath:
    """Move a folder (a rename on a local disk; copy then delete on object storage, which has no rename)."""
    if is_local(source) and is_local(target):
        return Path(shutil.move(str(source), str(target)))
    target.fs.copy(source.path, target.path, recursive=True)
    remove_tree(source)
    return target


def cycle_lock_folder(staging_dir: StagingPath, warehouse: Path) -> Path:
    """Where the cycle's lock file lives: beside a local staging folder (as always), else beside the
    warehouse (a lock must be a local file; object storage has no locks)."""
    return staging_dir.parent if is_local(staging_dir) else warehouse.parent


@contextmanager
def local_folder(path: StagingPath) -> Iterator[Path]:
    """The folder itself when local; otherwise a temporary local copy (DuckDB reads local Parquet)."""
    if is_local(path):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="escmon-batch-") as tmp:
        local = Path(tmp) / path.name
        path.fs.get(path.path.rstrip("/") + "/", str(local), recursive=True)
        yield local
