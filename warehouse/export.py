"""Export tables and views as Parquet or CSV with DuckDB's COPY (bulk, no Python row loop).

Reads a read-only connection (the CLI passes the analysts' snapshot), so an export never delays a load.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warehouse.db import open_reader

FORMATS = {"parquet": "(FORMAT parquet)", "csv": "(FORMAT csv, HEADER)"}


def export_all(db_path: Path, out_dir: Path, fmt: str) -> Iterator[tuple[str, int, Path]]:
    """One file per table and view, named after it; yields (name, rows, path) as each is written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {sorted(FORMATS)}, not {fmt!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    con = open_reader(db_path)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        for name in names:
            path = out_dir / f"{name}.{fmt}"
            ident = '"' + name.replace('"', '""') + '"'
            con.execute(f"COPY (SELECT * FROM {ident}) TO $path {FORMATS[fmt]}", {"path": str(path)})
            rows = con.execute(f"SELECT count(*) FROM {ident}").fetchone()[0]
            yield name, int(rows), path
    finally:
        con.close()
