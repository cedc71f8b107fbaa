"""Export tables and views as Parquet or CSV with DuckDB's COPY (bulk, no Python row loop)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warehouse.db import open_reader


def export_all(db_path: Path, out_dir: Path, fmt: str) -> Iterator[tuple[str, int, Path]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    con = open_reader(db_path)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        for name in names:
            path = out_dir / f"{name}.{fmt}"
            option = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER)"
            con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{_quote(path)}' {option}")
            rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            yield name, int(rows), path
    finally:
        con.close()


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
