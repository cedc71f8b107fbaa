"""`export_all` and `escmon export` write every table and view, with every row, in both formats."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from tests.warehouse.batches import write_batch
from tests.warehouse.conftest import escmon, write_config
from warehouse.db import writer
from warehouse.export import export_all
from warehouse.loader import load_batch


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "escmon.duckdb"
    with writer(path, timeout_s=1) as con:
        load_batch(con, write_batch(tmp_path / "staging", "b1", n_items=6))
    return path


def objects(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    out = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    con.close()
    return out


def test_parquet_export_has_every_table_and_view_with_every_row(warehouse: Path, tmp_path: Path) -> None:
    written = {name: rows for name, rows, _ in export_all(warehouse, tmp_path / "out", "parquet")}
    expected = objects(warehouse)
    assert written == expected and {"signals", "daily_escalation_index", "top_signals"} <= set(written)
    con = duckdb.connect()
    for name, n in expected.items():
        assert con.execute("SELECT count(*) FROM read_parquet(?)",
                           [str(tmp_path / "out" / f"{name}.parquet")]).fetchone()[0] == n


def test_csv_export_has_a_header_and_every_row(warehouse: Path, tmp_path: Path) -> None:
    list(export_all(warehouse, tmp_path / "out", "csv"))
    with open(tmp_path / "out" / "signals.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    assert table[0][:3] == ["item_id", "taxonomy_version", "seq"] and len(table) == 1 + 12


def test_unknown_format_is_refused(warehouse: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format"):
        list(export_all(warehouse, tmp_path / "out", "xlsx"))


def test_the_cli_exports_the_warehouse_of_its_config(warehouse: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path)  # its warehouse path is tmp_path/data/escmon.duckdb, loaded above
    proc = escmon("export", str(tmp_path / "cli-out"), "--format", "csv", "-c", str(config), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "signals: 12 rows" in proc.stdout
    assert (tmp_path / "cli-out" / "feed_health.csv").exists()
