"""Config loading: unknown keys and bad values are errors naming the file, the key and the problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.config import ConfigError, check_rules_against_taxonomy, load_settings
from flows.cycle import run_cycle
from schemas.settings import BEAM_RUNNERS, cron_is_valid
from tests.cycle_helpers import REPO, SAMPLES, write_config


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
    ('[[feeds]]\nname = "A"\nurl = "ftp://x/feed"\n', "feeds[0] url: must be http(s)://"),
    ('[[feeds]]\nname = "A"\nurl = "a.xml"\n[[feeds]]\nname = "A"\nurl = "b.xml"\n', "duplicate feed names"),
    ('[schedule]\ninterval_seconds = 60\ncron = "* * * * *"\n', "not both"),
    ('[[alerts.rules]]\nname = "r"\nindicator = "dyad:RUS"\n', "indicator: must be 'index', 'category:<id>'"),
    ('[[alerts.rules]]\nname = "r"\nindicator = "weather"\n', "indicator: must be 'index', 'category:<id>'"),
    ('[notify]\nurls = ["foo://bar"]\n', "apprise does not understand 'foo://bar'"),
    ('this is not toml', "not valid TOML"),
])
def test_bad_config_is_a_clear_error(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_every_problem_of_a_file_is_named_on_one_line(tmp_path):
    path = write(tmp_path, '[fetch]\nretries = true\nconcurrency = 2.5\n[[feeds]]\nname = " "\nurl = "a.xml"\n')
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    for problem in ("[fetch] retries: expected int, got True", "[fetch] concurrency: expected int, got 2.5",
                    "feeds[0] name: must be a non-empty string"):
        assert problem in message


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


# ---------------------------------------------------------------- values that used to fail only at run time

@pytest.mark.parametrize(("text", "message"), [
    ('[pipeline]\nrunner = "DirectRuner"\n', "[pipeline] runner: unknown Beam runner 'DirectRuner'; accepted: "),
    ('[pipeline]\nrunner = "local"\n', "[pipeline] runner: unknown Beam runner 'local'"),
    ('[pipeline]\nrunner = "my runners.Runner"\n', "[pipeline] runner: unknown Beam runner 'my runners.Runner'"),
    ('[pipeline]\nbeam_args = ["--runner=Flinc"]\n', "beam_args: --runner: unknown Beam runner 'Flinc'"),
    ('[pipeline]\nbeam_args = ["--runner", "Sparc"]\n', "beam_args: --runner: unknown Beam runner 'Sparc'"),
    ('[pipeline]\ntaxonomy = "missing.yaml"\n', "[pipeline] taxonomy: 'missing.yaml' ("),
    ('[pipeline]\ntaxonomy = "."\n', "[pipeline] taxonomy: '.' ("),
    ('[schedule]\ncron = "61 * * * *"\n', "[schedule] cron: not a valid cron expression: '61 * * * *'"),
    ('[schedule]\ncron = "0 25 * * *"\n', "[schedule] cron: not a valid cron expression: '0 25 * * *'"),
    ('[schedule]\ncron = "0 9 * * funday"\n', "[schedule] cron: not a valid cron expression: '0 9 * * funday'"),
    ('[schedule]\ncron = "H * * * *"\n', "[schedule] cron: not a valid cron expression: 'H * * * *'"),
    ('[schedule]\ncron = "*/15 * *"\n', "[schedule] cron: not a valid cron expression: '*/15 * *'"),
    ('[schedule]\ncron = "R * * * *"\n', "(minute hour day-of-month month day-of-week"),
    ("[schedule]\ncron = 15\n", "[schedule] cron: expected a cron string"),
    # gcsfs is not installed: gs:// would fail in the first cycle's stage step (it once became a folder ./gs:)
    ('[warehouse]\nstaging_dir = "gs://bucket/escmon/staging"\n',
     "[warehouse] staging_dir: 'gs://bucket/escmon/staging': gs:// needs a package that is not installed"),
    ('[warehouse]\nstaging_dir = "sftpx://host/staging"\n', "no filesystem is known for sftpx://"),
    ('[warehouse]\npath = "hdfs://nn/escmon.duckdb"\n', "[warehouse] path: 'hdfs://nn/escmon.duckdb' is a URL"),
    ('[warehouse]\nsnapshot_path = "file:///srv/s.duckdb"\n', "[warehouse] snapshot_path: 'file:///srv/s.duckdb'"),
    ('[warehouse]\nstaging_dir = 5\n', "[warehouse] staging_dir: expected a path string, got 5"),
    ('[notify]\ntimeout_seconds = 0\n', "[notify] timeout_seconds: must be > 0 and at most 60"),
    ('[notify]\ntimeout_seconds = 600\n', "[notify] timeout_seconds: must be > 0 and at most 60"),
])
def test_values_that_would_fail_mid_cycle_fail_at_load(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert str(err.value).startswith(f"{path}: ") and message in str(err.value)


def test_staging_on_object_storage_and_the_dask_runner_are_accepted(tmp_path):
    settings = load_settings(write(tmp_path, '[warehouse]\nstaging_dir = "s3://bucket/escmon/staging"\n'
                                             '[pipeline]\nrunner = "dask"\n'))
    assert str(settings.warehouse.staging_dir) == "s3://bucket/escmon/staging"
    assert settings.pipeline.runner == "dask"
    local = load_settings(write(tmp_path, '[warehouse]\nstaging_dir = "stage"\n')).warehouse.staging_dir
    assert local == tmp_path / "stage" and isinstance(local, Path), "a local folder stays a plain path"


def test_empty_staging_and_snapshot_paths_mean_the_defaults_not_the_config_folder(tmp_path):
    # resolved, "" was the config's own folder: its other folders looked like half-staged batches
    warehouse = load_settings(write(tmp_path, '[warehouse]\nstaging_dir = ""\nsnapshot_path = ""\n')).warehouse
    assert warehouse.staging_dir == warehouse.path.parent / "staging"
    assert warehouse.snapshot_path == warehouse.path.with_suffix(".snapshot.duckdb")


def test_a_missing_taxonomy_names_the_resolved_path_and_an_unknown_runner_lists_the_accepted_ones(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, '[pipeline]\ntaxonomy = "conf/tax.yaml"\n'))
    assert f"({tmp_path / 'conf' / 'tax.yaml'}) does not exist" in str(err.value)
    (tmp_path / "conf" / "tax.yaml").mkdir(parents=True)
    with pytest.raises(ConfigError, match="is not a file"):
        load_settings(write(tmp_path, '[pipeline]\ntaxonomy = "conf/tax.yaml"\n'))
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, '[pipeline]\nrunner = "Dataflow Runner"\n'))
    assert all(name in str(err.value) for name in ("DirectRunner", "DataflowRunner", "PrismRunner", "dotted"))


@pytest.mark.parametrize("runner", ["DirectRunner", "direct", "FLINKRUNNER", "Prism", "PortableRunner",
                                    "InteractiveRunner", "mypkg.runners.MyRunner"])
def test_runners_beam_accepts_load(tmp_path, runner):
    assert load_settings(write(tmp_path, f'[pipeline]\nrunner = "{runner}"\n')).pipeline.runner == runner


def test_the_static_runner_list_is_beams_list():
    from apache_beam.options.pipeline_options import StandardOptions

    assert set(BEAM_RUNNERS) == set(StandardOptions.KNOWN_RUNNER_NAMES)


def test_a_good_config_loads_and_the_taxonomy_is_not_parsed_at_load(tmp_path):
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "tax.yaml").write_text("actors: [\n", encoding="utf-8")  # broken: found at run time
    settings = load_settings(write(tmp_path, '[pipeline]\nrunner = "PrismRunner"\ntaxonomy = "conf/tax.yaml"\n'
                                             'beam_args = ["--runner=DirectRunner", "--direct_num_workers=2"]\n'
                                             '[schedule]\ncron = "0 9 * * mon-fri"\n'))
    assert settings.pipeline.taxonomy == tmp_path / "conf" / "tax.yaml"
    assert settings.schedule.cron == "0 9 * * mon-fri" and settings.schedule.interval_seconds is None


@pytest.mark.parametrize(("expr", "valid"), [
    ("*/15 * * * *", True), ("0 0 1,15 * *", True), ("0 0 * jan sun", True), ("0 0 * * 7", True),
    ("0 0 L * *", True), ("0 0 ? * *", True), ("0 0 * * MON#2", True), ("@daily", True), ("0 */15 * * * *", True),
    ("0 0 * * 8", False), ("*/0 * * * *", False), ("0 0 0 * *", False), ("h * * * *", False), ("R * * * *", False),
    ("0 0 LW * *", False), ("@reboot", False), ("*/15 * *", False), ("61 * * * *", False),
])
def test_cron_is_checked_as_prefects_cron_schedule_checks_it(expr, valid):
    from prefect.client.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    try:
        CronSchedule(cron=expr)
        prefect_accepts = True
    except ValidationError:
        prefect_accepts = False
    assert (cron_is_valid(expr), prefect_accepts) == (valid, valid)


@pytest.mark.parametrize("expr", ["0 0 L * *", "0 0 ? * *", "0 0 * * MON#2"])
def test_cron_expressions_prefect_accepts_load(tmp_path, expr):
    assert load_settings(write(tmp_path, f'[schedule]\ncron = "{expr}"\n')).schedule.cron == expr


def test_loading_a_config_imports_neither_prefect_nor_beam(tmp_path):
    path = write(tmp_path, '[schedule]\ncron = "*/15 * * * *"\n[pipeline]\nrunner = "FlinkRunner"\n')
    code = ("import sys; from flows.config import load_settings; load_settings(sys.argv[1]); "
            "print(sorted(m for m in ('prefect', 'apache_beam', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- rule indicators vs the taxonomy

RULES = ('[[alerts.rules]]\nname = "all"\nindicator = "index"\n'
         '[[alerts.rules]]\nname = "rus"\nindicator = "actor:RUS"\n'
         '[[alerts.rules]]\nname = "mob"\nindicator = "category:mobilisation"\n'
         '[[alerts.rules]]\nname = "pair"\nindicator = "dyad:RUS-NATO"\n')


def test_rules_naming_taxonomy_ids_pass(tmp_path):
    assert check_rules_against_taxonomy(load_settings(write(tmp_path, RULES))) == []


@pytest.mark.parametrize(("indicator", "message"), [
    ("actor:RUSSIA", "alerts.rules[0] (bad): indicator 'actor:RUSSIA': no actor 'RUSSIA' in taxonomy"),
    ("actor:rus", "no actor 'rus' in taxonomy"),
    ("category:mobilization", "no category 'mobilization' in taxonomy"),
    ("dyad:RUS-NTO", "indicator 'dyad:RUS-NTO': no actor 'NTO'"),
])
def test_a_rule_naming_an_unknown_id_is_a_problem(tmp_path, indicator, message):
    path = write(tmp_path, f'[[alerts.rules]]\nname = "bad"\nindicator = "{indicator}"\n')
    problems = check_rules_against_taxonomy(load_settings(path))
    assert len(problems) == 1 and problems[0].startswith(f"{path}: ") and message in problems[0]


def test_close_ids_are_suggested_and_every_problem_is_listed(tmp_path):
    path = write(tmp_path, '[[alerts.rules]]\nname = "a"\nindicator = "actor:rus"\n'
                           '[[alerts.rules]]\nname = "b"\nindicator = "dyad:XXX-YYY"\n')
    problems = check_rules_against_taxonomy(load_settings(path))
    assert len(problems) == 3
    assert "did you mean 'RUS'?" in problems[0]


def test_a_broken_taxonomy_is_a_problem_only_when_a_rule_needs_it(tmp_path):
    (tmp_path / "tax.yaml").write_text("actors: [\n", encoding="utf-8")
    index_only = write(tmp_path, '[pipeline]\ntaxonomy = "tax.yaml"\n[[alerts.rules]]\nname = "i"\n'
                                 'indicator = "index"\n')
    assert check_rules_against_taxonomy(load_settings(index_only)) == []
    named = write(tmp_path, '[pipeline]\ntaxonomy = "tax.yaml"\n' + RULES)
    [problem] = check_rules_against_taxonomy(load_settings(named))
    assert "[pipeline] taxonomy" in problem and "not valid YAML" in problem


def test_escmon_config_check(tmp_path):
    ok = CliRunner().invoke(app, ["config", "check", "--config", str(REPO / "escmon.toml")])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("ok: 3 feeds, 5 rules, taxonomy ")
    bad = write(tmp_path, '[[alerts.rules]]\nname = "who"\nindicator = "actor:ATLANTIS"\n')
    result = CliRunner().invoke(app, ["config", "check", "-c", str(bad)])
    assert result.exit_code == 2
    assert "config error: " in result.output and "no actor 'ATLANTIS'" in result.output
    assert "ok:" not in result.output
    typo = CliRunner().invoke(app, ["config", "check", "-c", str(write(tmp_path, '[schedule]\ncron = "61 * * * *"\n'))])
    assert typo.exit_code == 2 and "[schedule] cron" in typo.output


def test_a_cycle_skips_a_rule_naming_an_unknown_category_and_says_so(tmp_path):
    cfg = write_config(tmp_path, {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")},
                       extra='\n[[alerts.rules]]\nname = "typo"\nindicator = "category:mobilization"\n')
    settings = load_settings(cfg)
    report = run_cycle(settings)  # the ingestion goes on: items must not scroll off the feeds meanwhile
    assert report.status == "degraded" and report.skipped_rules == {"typo"}
    assert any("alerts.rules[1] (typo)" in e and "no category 'mobilization'" in e for e in report.errors)
    assert report.alerts and {a.rule for a in report.alerts} == {"index-daily"}, "the good rule still runs"
    con = duckdb.connect(str(settings.warehouse.path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM items").fetchone()[0] == report.items_loaded > 100
        status, errors = con.execute("SELECT status, errors FROM runs").fetchone()
    finally:
        con.close()
    assert status == "degraded" and "mobilization" in errors


def test_feed_names_lose_control_characters_and_line_breaks(tmp_path):
    # found by the fuzz test: a name holding ESC [2J was stored in feeds.name and items.feed_name
    path = write_config(tmp_path, {"Eastern\\u001b[2J\\u0000 Desk\\nweekly": "https://a.example/rss"})
    assert [f.name for f in load_settings(path).feeds] == ["Eastern Desk weekly"]
