"""`escmon sql` runs what a person types: it reads the warehouse and nothing else (issue 15, item 6)."""

from __future__ import annotations

import hashlib

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_settings
from tests.cycle_helpers import empty_warehouse_config


@pytest.fixture
def config(tmp_path):
    return empty_warehouse_config(tmp_path)


def sql(config, query: str):
    return CliRunner().invoke(app, ["sql", query, "--config", str(config)])


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and result.output.startswith("SQL error: ")
    for word in words:
        assert word in result.output


def test_copy_to_the_live_warehouse_or_any_file_is_refused(config, tmp_path):
    live = load_settings(config).warehouse.path
    before = digest(live)
    assert_refused(sql(config, f"COPY (SELECT 'x') TO '{live}' (FORMAT csv)"), "disabled by configuration")
    assert digest(live) == before
    out = tmp_path / "out.csv"
    assert_refused(sql(config, f"COPY (SELECT 'x') TO '{out}'"), "disabled by configuration")
    assert not out.exists()


@pytest.mark.parametrize("query", ["INSTALL httpfs", "LOAD httpfs", "SELECT * FROM read_csv('/etc/hostname')",
                                   "ATTACH '{tmp}/other.duckdb'"])
def test_extensions_and_other_files_are_refused(config, tmp_path, query):
    assert_refused(sql(config, query.format(tmp=tmp_path)), "Permission Error", "disabled")


@pytest.mark.parametrize("setting", ["enable_external_access = true", "lock_configuration = false"])
def test_the_query_cannot_unlock_access(config, setting):
    assert_refused(sql(config, f"SET {setting}"), "configuration has been locked")


def test_queries_over_tables_and_views_still_run(config):
    result = sql(config, "SELECT count(*) AS n, current_setting('TimeZone') AS tz FROM daily_escalation_index")
    assert result.exit_code == 0, result.output
    assert "UTC" in result.output
