"""Shared set-up for tests that run whole cycles: a config in a temp folder and table counts."""

from __future__ import annotations

from pathlib import Path

import duckdb

from schemas.tables import OUTPUT_TABLES

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SAMPLE_FEEDS = {"Baltic Wire": "baltic_wire.xml", "Continental Courier": "continental_courier.xml",
                "Eastern Desk": "eastern_desk.xml"}
TABLES = ("feeds", "items", *(t.name for t in OUTPUT_TABLES), "alerts", "runs", "taxonomy_versions",
          "loaded_batches")


def write_config(folder: Path, feeds: dict[str, str], extra: str = "", rules: bool = True) -> Path:
    """A config whose feeds are URLs or absolute paths; the warehouse lives in `folder`."""
    lines = ['[warehouse]', 'path = "data/escmon.duckdb"', 'lock_timeout_seconds = 2', '']
    for name, url in feeds.items():
        lines += ['[[feeds]]', f'name = "{name}"', f'url = "{url}"', '']
    lines += ['[fetch]', 'connect_timeout = 2.0', 'read_timeout = 3.0', 'total_timeout = 5.0', 'retries = 0', '']
    if rules:
        lines += ['[[alerts.rules]]', 'name = "index-daily"', 'indicator = "index"', 'window = "day"',
                  'baseline_days = 14', 'min_count = 4', 'warning_z = 2.5', 'critical_z = 4.0', '']
    path = folder / "escmon.toml"
    path.write_text("\n".join(lines) + extra, encoding="utf-8")
    return path


def sample_file_feeds() -> dict[str, str]:
    return {name: str(SAMPLES / file) for name, file in SAMPLE_FEEDS.items()}


def table_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def feed_rows(db: Path) -> dict[str, tuple[str, str | None]]:
    """Each feed's last status and error as the warehouse recorded them, by feed name."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: (status, error) for name, status, error in
                con.execute("SELECT name, status, last_error FROM feeds").fetchall()}
    finally:
        con.close()


def demo_config(folder: Path) -> Path:
    """`make demo`'s own config (escmon.toml: the three sample feeds, its alert rules), with the feeds at
    their absolute paths and the warehouse in `folder`."""
    text = (REPO / "escmon.toml").read_text(encoding="utf-8").replace('url = "samples/', f'url = "{SAMPLES}/')
    path = folder / "escmon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def empty_warehouse_config(folder: Path) -> Path:
    """A config with no feeds whose warehouse and analysts' snapshot exist, migrated and empty."""
    from flows.config import load_settings
    from warehouse.db import migrate, open_writer
    from warehouse.snapshot import publish_snapshot

    path = write_config(folder, {}, rules=False)
    settings = load_settings(path)
    con = open_writer(settings.warehouse.path)
    try:
        migrate(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    assert publish_snapshot(settings.warehouse.path, settings.warehouse.snapshot_path)
    return path
