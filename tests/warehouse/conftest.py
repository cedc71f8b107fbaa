"""Shared helpers for warehouse tests: tmp configs over the sample feeds, CLI subprocesses, table counts.

Cycles run as real `escmon` processes (`--no-prefect`) against real files, so kills and file locks are
the operating system's, not simulated.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
SAMPLE_FEEDS = (("Baltic Wire", "baltic_wire.xml"), ("Continental Courier", "continental_courier.xml"),
                ("Eastern Desk", "eastern_desk.xml"))
BIN = Path(sys.executable).parent
CYCLE_TIMEOUT_S = 180


def write_config(folder: Path, feeds: int = 2, lock_timeout: float = 1.0) -> Path:
    """A config in `folder` whose warehouse lives there too; feeds are absolute paths to the samples."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["[warehouse]", f'path = "{folder / "data" / "escmon.duckdb"}"',
             f"lock_timeout_seconds = {lock_timeout}", "", "[pipeline]", 'runner = "DirectRunner"', ""]
    for name, file in SAMPLE_FEEDS[:feeds]:
        lines += ["[[feeds]]", f'name = "{name}"', f'url = "{SAMPLES / file}"', ""]
    path = folder / "escmon.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def db_path(config: Path) -> Path:
    return config.parent / "data" / "escmon.duckdb"


def snapshot_path(config: Path) -> Path:
    return config.parent / "data" / "escmon.snapshot.duckdb"


def staging_dir(config: Path) -> Path:
    return config.parent / "data" / "staging"


def subprocess_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PREFECT_HOME=str(tmp / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return env


def escmon(*args: str, cwd: Path, timeout: float = CYCLE_TIMEOUT_S) -> subprocess.CompletedProcess:
    """Run the installed `escmon` command and return its completed process (never raises on exit code)."""
    return subprocess.run([str(BIN / "escmon"), *args], cwd=cwd, env=subprocess_env(cwd), capture_output=True,
                          text=True, timeout=timeout, check=False)


def run_cycle(config: Path) -> subprocess.CompletedProcess:
    proc = escmon("run", "--no-prefect", "--quiet", "-c", str(config), cwd=config.parent)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def table_counts(path: Path) -> dict[str, int]:
    """Rows per base table (read-only, from another process's point of view)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def fact_keys(path: Path) -> dict[str, set[tuple]]:
    """The identity of every fact row, to compare two warehouses beyond their counts."""
    queries = {"items": "SELECT item_id FROM items",
               "classifications": "SELECT item_id, taxonomy_version, label, score FROM classifications",
               "signals": "SELECT item_id, seq, signal_id, contribution FROM signals",
               "mentions": "SELECT item_id, seq, actor_id FROM mentions",
               "feeds": "SELECT feed_url, items_seen FROM feeds"}  # status: not_modified on a repeat
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: set(con.execute(q).fetchall()) for name, q in queries.items()}
    finally:
        con.close()


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


@pytest.fixture(scope="session")
def reference_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One uninterrupted cycle over two sample feeds: what every other scenario must end with."""
    config = write_config(tmp_path_factory.mktemp("reference"))
    run_cycle(config)
    counts = table_counts(db_path(config))
    assert counts["items"] > 100 and counts["signals"] > 100, counts
    return {"config": config, "counts": counts, "keys": fact_keys(db_path(config))}


def without_runs(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if k != "runs"}
