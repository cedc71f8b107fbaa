"""Read commands after an upgrade, and on a narrow terminal."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_settings
from flows.cycle import run_cycle
from tests.cycle_helpers import SAMPLES, write_config
from warehouse.db import file_version, head_version, migrate, open_writer
from warehouse.snapshot import publish_snapshot


def test_a_snapshot_left_by_an_older_escmon_is_brought_up_to_date_before_reading(tmp_path):
    config = write_config(tmp_path, {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")}, rules=False)
    settings = load_settings(config)
    con = open_writer(settings.warehouse.path)
    try:
        migrate(con, target=3)  # what escmon wrote before alert_deliveries existed
        con.execute("CHECKPOINT")
    finally:
        con.close()
    publish_snapshot(settings.warehouse.path, settings.warehouse.snapshot_path)
    assert file_version(settings.warehouse.snapshot_path) == 3

    result = CliRunner().invoke(app, ["alerts", "--format", "json", "--config", str(config)])

    assert result.exit_code == 0, result.output
    assert file_version(settings.warehouse.snapshot_path) == head_version()
    assert file_version(settings.warehouse.path) == head_version()


def test_alerts_fit_a_narrow_terminal_and_json_keeps_every_column(tmp_path):
    config = write_config(tmp_path, {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")})
    assert run_cycle(load_settings(config)).alerts
    narrow = CliRunner().invoke(app, ["alerts", "--config", str(config)], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0
    header = next(line for line in narrow.output.splitlines() if "window" in line)
    assert "rule" in header and "severity" in header and "baseline" not in header
    assert max(len(line) for line in narrow.output.splitlines()) <= 80
    assert "not shown at 80 columns:" in narrow.output and "--format json or csv has every column" in narrow.output
    full = CliRunner().invoke(app, ["alerts", "--format", "json", "--config", str(config)], env={"COLUMNS": "80"})
    row = json.loads(full.output.splitlines()[0])
    assert {"baseline", "observed", "targets", "delivery_error"} <= set(row)
