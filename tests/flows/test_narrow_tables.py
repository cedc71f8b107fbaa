"""Every table the CLI prints fits an 80-column terminal (issue 20): the columns that matter whole, a line
naming what was left out, and --format json|csv with every column. Run as a terminal of that width would
(CliRunner with COLUMNS=80) over a real cycle's warehouse."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_settings
from flows.cycle import run_cycle
from flows.table_fit import fit_columns
from tests.cycle_helpers import SAMPLES, write_config
from tests.pipelines.test_taxonomy_check import TINY, write_corpus

LONG_NAME = "Continental Courier — Europe and the Eastern Neighbourhood, evening edition"
FEEDS = {"Baltic Wire": str(SAMPLES / "baltic_wire.xml"), LONG_NAME: str(SAMPLES / "continental_courier.xml"),
         "Eastern Desk": str(SAMPLES / "eastern_desk.xml"), "Gone Feed": str(SAMPLES / "no_such_feed.xml")}


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    path = write_config(tmp_path_factory.mktemp("narrow"), FEEDS)
    report = run_cycle(load_settings(path))
    assert report.feeds_failed == 1 and report.alerts
    return path


def at_80(*args: str):
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert result.exception is None
    wide = [line for line in result.output.splitlines() if cell_len(line) > 80]
    assert not wide, wide
    return result.output


def rows_of(output: str) -> list[str]:
    """The table's body rows (each a line starting with a vertical rule), and continuation lines."""
    return [line for line in output.splitlines() if line.startswith("│")]


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip("│").split("│")]


def test_feeds_show_each_feeds_whole_name_status_and_health(config):
    out = at_80("feeds", "--config", str(config))
    header = next(line for line in out.splitlines() if "name" in line and "status" in line)
    assert "health" in header and "last_error" in header
    body = rows_of(out)
    assert " ".join(LONG_NAME.split()) in " ".join(" ".join(cells(line)[0] for line in body).split())
    by_name = {cells(line)[0]: cells(line) for line in body if cells(line)[0]}
    for name in ("Baltic Wire", "Eastern Desk"):
        assert by_name[name][1:3] == ["ok", "healthy"], by_name[name]
    assert by_name["Gone Feed"][1:3] == ["error", "degraded"], by_name["Gone Feed"]
    assert "…" not in out, "nothing is cut: long text wraps"
    assert "not shown at 80 columns:" in out and "feed_url" in out.split("not shown at 80 columns:")[1]
    full = CliRunner().invoke(app, ["feeds", "--format", "json", "--config", str(config)], env={"COLUMNS": "80"})
    rows = [json.loads(line) for line in full.output.splitlines()]
    assert {r["name"] for r in rows} == set(FEEDS)
    assert all({"last_fetch", "feed_url", "last_error", "http_status"} <= set(r) for r in rows)


def test_wide_sql_results_drop_columns_with_a_note_and_csv_keeps_them(config):
    query = "SELECT * FROM top_signals ORDER BY published, item_id LIMIT 5"
    out = at_80("sql", query, "--config", str(config))
    note = out.split("not shown at 80 columns:")[1]
    shown = cells(next(line for line in out.splitlines() if line.startswith("┃")).replace("┃", "│"))
    assert shown[0] == "published" and "evidence" not in shown
    for col in ("evidence", "link", "item_id"):
        assert col in note
    assert "--format json or csv has every column" in " ".join(note.split())
    full = CliRunner().invoke(app, ["sql", query, "--format", "csv", "--config", str(config)], env={"COLUMNS": "80"})
    header = next(csv.reader(io.StringIO(full.output)))
    assert {"published", "evidence", "link", "item_id", "title"} <= set(header)


def test_the_demos_index_query_fits_whole(config):
    out = at_80("sql", "SELECT day, items, escalation_signals, deescalation_signals, escalation_index "
                       "FROM daily_escalation_index ORDER BY day DESC LIMIT 7", "--config", str(config))
    assert "not shown" not in out
    assert "escalation_" in out and "index" in out


def test_alerts_keep_window_rule_severity_delivery_and_the_top_item(config):
    out = at_80("alerts", "--config", str(config))
    header = " ".join(line for line in out.splitlines() if line.startswith("┃"))
    for col in ("window", "rule", "severity", "delivery", "top_item"):
        assert col in header
    rules = {cells(line)[1] for line in rows_of(out)} - {""}
    assert rules and all(r in ("index-daily",) for r in rules), rules  # whole, never `index-da…`
    assert "not shown at 80 columns:" in out


def test_taxonomy_tables_fit_too(tmp_path):
    from flows.cli_taxonomy import taxonomy_app

    corpus = str(write_corpus(tmp_path, TINY))
    for args in (["derive", corpus, "--min-count", "1"], ["check", corpus, "--min-coverage", "0"]):
        result = CliRunner().invoke(taxonomy_app, args, env={"COLUMNS": "80"})
        assert result.exception is None or result.exit_code == 1, result.output
        assert max(cell_len(line) for line in result.output.splitlines()) <= 80


@pytest.mark.parametrize("width", [40, 60, 80, 120, 160])
def test_fit_keeps_the_columns_that_matter_whole_and_names_the_rest(width):
    cols = ["name", "status", "http_status", "fails", "items_seen", "last_fetch", "health", "last_error",
            "feed_url"]
    rows = [["Continental Courier", "error", "503", "3", "144", "2026-11-20 10:00", "degraded",
             "HTTP 503 Service Unavailable after 3 retries", "https://continental.example/europe/rss.xml"]]
    fit = fit_columns(cols, rows, width, keep=("name", "status", "health", "last_error"),
                      flexible=("last_error", "feed_url"), prefer=("fails", "items_seen"))
    assert sum(w + 3 for w in fit.widths) + 1 <= width
    shown = [cols[i] for i in fit.shown]
    assert {"name", "status", "health"} <= set(shown) and shown == sorted(shown, key=cols.index)
    if "http_status" in shown:
        assert {"fails", "items_seen"} <= set(shown), "the preferred columns come first"
    widths = dict(zip(shown, fit.widths, strict=True))
    assert widths["status"] >= len("status") and widths["health"] >= len("degraded")
    assert widths["name"] >= len("Continental")  # wraps at the space at worst, never cut
    assert set(fit.left_out) == set(cols) - set(shown)
    if width >= 160:
        assert not fit.left_out and widths["name"] == len("Continental Courier")


def test_free_text_columns_share_the_room():
    cols, rows = ["title", "feed_name", "link"], [["t " * 40, "Eastern Desk", "https://x.example/" + "a" * 90]]
    fit = fit_columns(cols, rows, 80)
    title, _, link = fit.widths
    assert not fit.left_out and abs(title - link) < 12 and min(title, link) >= 14


def test_a_single_column_wider_than_the_terminal_is_still_shown():
    fit = fit_columns(["evidence"], [["word " * 100]], 30)
    assert fit.shown == [0] and fit.widths[0] <= 26


def test_other_columns_wrap_to_make_room_for_one_more():
    cols = ["published", "category", "matched_text", "title"]
    rows = [["2026-11-20 22:24:55+00:00", "de_escalation", "de-escalation",
             "Scholz: Russian delegation made no commitment to de-escalate"]]
    fit = fit_columns(cols, rows, 80)
    assert not fit.left_out and sum(w + 3 for w in fit.widths) + 1 <= 80
