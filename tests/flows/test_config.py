"""Config loading: unknown keys and bad values are errors naming the file, the key and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.config import ConfigError, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "escmon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_and_relative_paths_resolve_against_the_config_file(tmp_path):
    settings = load_settings(write(tmp_path, '[[feeds]]\nname = "A"\nurl = "feeds/a.xml"\n'))
    assert settings.warehouse.path == tmp_path / "data" / "escmon.duckdb"
    assert settings.warehouse.snapshot_path.name == "escmon.snapshot.duckdb"
    assert settings.schedule.interval_seconds == 900
    assert settings.feeds[0].url == "feeds/a.xml"


@pytest.mark.parametrize(("text", "message"), [
    ('[warehouse]\npaht = "x.duckdb"\n', "[warehouse]: unknown key(s) ['paht']"),
    ('[fetch]\nconcurrency = 0\n', "[fetch] concurrency: must be > 0"),
    ('[fetch]\ntotal_timeout = "soon"\n', "[fetch] total_timeout: expected float"),
    ('[[feeds]]\nname = "A"\nurl = "ftp://x/feed"\n', "feeds[0]: url must be http(s)://"),
    ('[[feeds]]\nname = "A"\nurl = "a.xml"\n[[feeds]]\nname = "A"\nurl = "b.xml"\n', "duplicate feed names"),
    ('[schedule]\ninterval_seconds = 60\ncron = "* * * * *"\n', "not both"),
    ('[[alerts.rules]]\nname = "r"\nindicator = "dyad:RUS"\n', "indicator must be"),
    ('[[alerts.rules]]\nname = "r"\nindicator = "weather"\n', "indicator must be"),
    ('[notify]\nurls = ["foo://bar"]\n', "apprise does not understand 'foo://bar'"),
    ('this is not toml', "not valid TOML"),
])
def test_bad_config_is_a_clear_error(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_zero_is_allowed_where_it_means_something(tmp_path):
    settings = load_settings(write(tmp_path, "[fetch]\nretries = 0\nmax_redirects = 0\n"))
    assert (settings.fetch.retries, settings.fetch.max_redirects) == (0, 0)


def test_escmon_config_variable_names_the_file(tmp_path, monkeypatch):
    path = write(tmp_path, '[warehouse]\npath = "w.duckdb"\n')
    monkeypatch.setenv("ESCMON_CONFIG", str(path))
    assert load_settings().warehouse.path == tmp_path / "w.duckdb"
    monkeypatch.setenv("ESCMON_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings()
