"""`escmon stories` and `escmon warehouse stories` on a warehouse filled by a real cycle (issue 17)."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_settings
from flows.cycle import run_cycle
from tests.cycle_helpers import write_config
from tests.httpserver import FeedServer
from tests.story_feeds import AIRSPACE, all_entries, serve


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli_stories")
    with FeedServer() as server:
        path = write_config(folder, serve(server, all_entries()), rules=False)
        assert run_cycle(load_settings(path)).status == "completed"
    return path


def rows(path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_stories_fit_an_80_column_terminal(config):
    result = CliRunner().invoke(app, ["stories", "-c", str(config)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["first", "seen", "items", "src", "category", "headline"]
    assert len(lines) == 1 + 12  # one event in five outlets, one re-posted article, ten others
    assert all(len(line) <= 80 for line in lines), [len(line) for line in lines]
    airspace = next(line for line in lines if line.split()[2:4] == ["5", "5"])
    assert airspace.startswith("11-12 06:00")


def test_stories_as_json_lines_carry_outlets_and_filter_on_sources(config):
    result = CliRunner().invoke(app, ["stories", "-c", str(config), "--format", "json", "--min-sources", "2"])
    assert result.exit_code == 0, result.output
    stories = [json.loads(line) for line in result.output.splitlines()]
    assert len(stories) == 1
    story = stories[0]
    assert story["headline"] == AIRSPACE[0][2] and story["items"] == story["sources"] == 5
    assert story["outlets"] == sorted(f"{o}.example" for o, *_ in AIRSPACE)
    assert story["first_seen"].startswith("2026-11-12T06:00:00")


def test_history_without_stories_gets_them_from_the_next_cycle_or_the_command(config, tmp_path):
    settings = load_settings(config)
    before = rows(settings.warehouse.path, "SELECT item_id, story_id FROM item_stories ORDER BY item_id")
    stories = rows(settings.warehouse.path, "SELECT * FROM stories ORDER BY story_id")
    con = duckdb.connect(str(settings.warehouse.path))
    con.execute("DELETE FROM item_stories; DELETE FROM stories")  # as a warehouse upgraded from schema 5
    con.close()
    report = run_cycle(settings)  # no new item: the cycle still assigns the history
    assert report.items_new == 0
    assert rows(settings.warehouse.path, "SELECT item_id, story_id FROM item_stories ORDER BY item_id") == before
    result = CliRunner().invoke(app, ["warehouse", "stories", "--rebuild", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert f"{len(before)} items assigned, {len(stories)} stories written" in result.output
    assert rows(settings.warehouse.path, "SELECT * FROM stories ORDER BY story_id") == stories
