"""Bad input on the command line or in the config is one clear line and a non-zero exit, never a traceback
(issue 15, item 10)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_settings
from flows.cycle import run_cycle
from tests.cycle_helpers import SAMPLES, empty_warehouse_config, write_config


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def assert_one_line_error(result, *words: str, code: int = 2) -> None:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    for word in words:
        assert word in result.output


@pytest.mark.parametrize(("section", "value"), [
    ("[fetch]\ntotal_timeout", "inf"), ("[fetch]\nread_timeout", "nan"), ("[fetch]\nconnect_timeout", "-1.0"),
    ("[fetch]\ntotal_timeout", "1e300"), ("[warehouse]\nlock_timeout_seconds", "inf"),
    ("[warehouse]\nlock_timeout_seconds", "nan"), ("[alerts]\ndeadman_hours", "nan"),
])
def test_timeouts_that_are_not_finite_positive_numbers_fail_config_check(tmp_path, section, value):
    config = tmp_path / "escmon.toml"
    config.write_text(f"{section} = {value}\n", encoding="utf-8")
    key = section.split("\n")[1]
    assert_one_line_error(invoke("config", "check", "--config", str(config)), "config error: ", key)


def test_escmon_config_naming_a_folder_is_a_clear_error(tmp_path):
    result = invoke("config", "check", env={"ESCMON_CONFIG": str(tmp_path)})
    assert_one_line_error(result, str(tmp_path), "is a folder, not a config file")


def test_escmon_config_naming_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    config = tmp_path / "latin1.toml"
    config.write_bytes('[[feeds]]\nname = "Caf\u00e9"\nurl = "a.xml"\n'.encode("latin-1"))
    result = invoke("config", "check", env={"ESCMON_CONFIG": str(config)})
    assert_one_line_error(result, str(config), "not UTF-8")


@pytest.mark.parametrize("query", ["", "   ", ";"])
def test_an_empty_sql_query_is_a_clear_error(tmp_path, query):
    config = empty_warehouse_config(tmp_path)
    assert_one_line_error(invoke("sql", query, "--config", str(config)), "SQL error: ", "no SQL statement")


def test_a_report_reaching_back_past_the_calendar_is_a_clear_error(tmp_path):
    config = write_config(tmp_path, {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")}, rules=False)
    assert run_cycle(load_settings(config)).items_loaded
    out = tmp_path / "report.html"
    assert_one_line_error(invoke("report", "--days", "100000000", "--out", str(out), "--config", str(config)),
                          "--days must be at most")
    assert not out.exists()
    ok = invoke("report", "--days", "36525", "--out", str(out), "--config", str(config))
    assert ok.exit_code == 0, ok.output
