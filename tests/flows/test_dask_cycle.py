"""A cycle's Beam stage on a real dask.distributed cluster (a scheduler and two worker processes on
127.0.0.1, started and stopped here) classifies and loads the same rows as on the DirectRunner."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from distributed import Client, get_task_stream

from flows.config import load_settings
from flows.cycle import run_cycle
from tests.cycle_helpers import sample_file_feeds, write_config
from tests.processes import dask_cluster

pytestmark = pytest.mark.slow
COMPARED = ("classifications", "signals", "mentions", "window_counts", "dead_letters")


def _rounded(row: tuple) -> tuple:
    """Floats to 9 decimals: window_counts sums in DuckDB in the order rows were written, which differs between
    runners in the last bit (33.775 and 33.77499999999999)."""
    return tuple(round(v, 9) if isinstance(v, float) else v for v in row)


def _rows(db: Path, table: str) -> list[tuple]:
    """The table's rows without the columns that record when a run happened (an undated item is dated when
    fetched)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = [c for (c,) in con.execute("SELECT column_name FROM information_schema.columns "
                                             "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
                   if not c.endswith("_at") and c not in ("published", "batch_id", "run_id", "story_id")]
        return sorted((_rounded(r) for r in con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()),
                      key=repr)
    finally:
        con.close()


def _ids(db: Path) -> list[str]:
    """Item ids (an item without a date is dated when fetched, so the rest of its row differs by run)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [i for (i,) in con.execute("SELECT item_id FROM items ORDER BY item_id").fetchall()]
    finally:
        con.close()


def _cycle(folder: Path, pipeline: str) -> Path:
    folder.mkdir()
    settings = load_settings(write_config(folder, sample_file_feeds(), extra=pipeline))
    report = run_cycle(settings)
    assert report.status == "completed", report.errors
    assert report.items_loaded > 100
    return settings.warehouse.path


def test_a_cycle_on_two_dask_workers_loads_what_the_direct_runner_loads(tmp_path):
    direct = _cycle(tmp_path / "direct", '[pipeline]\nrunner = "DirectRunner"\n')
    with dask_cluster(tmp_path / "cluster", workers=2) as scheduler, Client(scheduler, timeout=30) as client:
        with get_task_stream(client) as tasks:  # every task the scheduler runs meanwhile, from any client
            on_dask = _cycle(tmp_path / "dask", f'[pipeline]\nrunner = "dask"\nbeam_args = '
                                                f'["--dask_client_address={scheduler}"]\n')
        workers = {t["worker"] for t in tasks.data}
    assert len(workers) == 2, f"the Beam stage ran on {workers}"
    assert _ids(on_dask) == _ids(direct)
    for table in COMPARED:
        assert _rows(on_dask, table) == _rows(direct, table), table
    assert len(_rows(on_dask, "signals")) > 100
