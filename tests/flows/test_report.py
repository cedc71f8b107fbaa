"""`escmon report` from the sample feeds, checked in a real headless Chromium.

The warehouse is built by a real cycle over samples/*.xml (as the README screenshot is), the page is
written by the real CLI, and Chromium (DevTools protocol, tests/browser.py) reports every uncaught
exception, console error, failed load and network request. The browser tests also prove the check
itself can fail: deliberately broken pages must produce problems.
"""

from __future__ import annotations

import html
import re
import socket
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from flows.report import ReportData, _highlight, load_report_data, render_html, safe_link, write_report
from scripts.screenshot_report import CHARTS, CHARTS_DRAWN, build_sample_warehouse, capture
from scripts.screenshot_report import write_report as run_report_cli
from tests.browser import Chromium, install_chromium
from tests.tools import missing_tool
from warehouse.db import open_reader, writer

SAMPLE_LAST_DAY = date(2026, 11, 20)  # samples.generator.PERIOD_END
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Troops <b>mass</b> & "quotes"'
HOSTILE_LINK = "javascript:window.__pwned=2"


@pytest.fixture(scope="module")
def sample_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real cycle over the sample feeds (about 10 s), shared by the tests of this module."""
    return build_sample_warehouse(tmp_path_factory.mktemp("report-warehouse"))


@pytest.fixture(scope="module")
def snapshot(sample_config: Path) -> Path:
    path = sample_config.parent / "escmon.snapshot.duckdb"
    assert path.exists(), "the cycle publishes a snapshot for readers"
    return path


@pytest.fixture(scope="module")
def report_page(sample_config: Path) -> Path:
    out = sample_config.parent / "out" / "report.html"
    printed = run_report_cli(sample_config, out, days=30)
    assert f"report: {out}" in printed
    return out


@pytest.fixture(scope="module")
def browser() -> Chromium:
    if install_chromium() is None:
        missing_tool("Chromium is not installed and cannot be installed here "
                     "(needs root + apt-get: apt-get install -y chromium chromium-driver)")
    with Chromium() as chromium:
        yield chromium


def _hostile_data() -> ReportData:
    """A page whose feed-supplied texts try to inject markup and script."""
    day = SAMPLE_LAST_DAY
    alert = {"alert_id": "a1", "rule": "index-daily", "indicator": "index", "window_kind": "day",
             "window_start": datetime(2026, 11, 20, tzinfo=UTC),
             "window_end": datetime(2026, 11, 21, tzinfo=UTC), "severity": "critical", "observed": 9.0,
             "signal_count": 5, "baseline_mean": 1.0, "baseline_std": 0.5, "score": 16.0,
             "delivery_status": "logged",
             "evidence": [{"title": HOSTILE_TITLE, "link": HOSTILE_LINK, "feed_name": "<script>x()</script>",
                           "published": "2026-11-20T10:00:00+00:00", "category": "mobilisation",
                           "matched_text": "<b>mass</b>", "evidence": "Troops <b>mass</b> at the border.",
                           "contribution": 2.0},
                          {"title": "A fair item", "link": "https://news.example/fair", "evidence": "Plain.",
                           "matched_text": "Plain", "contribution": 1.0}]}
    daily = [{"day": day, "items": 3, "escalation_signals": 5, "deescalation_signals": 1, "escalation": 9.0,
              "deescalation": 1.0, "escalation_index": 8.0, "escalation_share": 0.8}]
    feed = {"name": '<svg onload="window.__pwned=3">', "feed_url": "https://x.example/feed",
            "health": "healthy", "status": "ok", "http_status": 200, "consecutive_failures": 0,
            "last_error": "<i>none</i>",
            "last_success_at": None, "last_fetch_at": None, "items_seen": 3}
    return ReportData(start=day, end=day, daily=daily,
                      actors=[{"day": day, "actor": "RUS", "escalation_index": 8.0}],
                      dyads=[{"day": day, "dyad": "RUS-UKR", "escalation_index": 2.0}],
                      categories=[{"category": "mobilisation", "direction": "escalation", "signals": 5,
                                   "counted_signals": 4, "contribution": 8.0}],
                      alerts=[alert], feeds=[feed], runs=[],
                      stories=[{"story_id": "s1", "first_seen": datetime(2026, 11, 20, 9, tzinfo=UTC),
                                "headline": HOSTILE_TITLE, "link": HOSTILE_LINK, "sources": 2, "items": 3,
                                "category": "<b>mobilisation</b>", "outlets": ["<u>a.example</u>", "b.example"]}])


def _body(page: str) -> str:
    """The page without its head (the inline plotly.js is third-party code, not our markup)."""
    return page.split("</head>", 1)[1]


# ---------------------------------------------------------------- page content (no browser)


def test_days_count_back_from_the_newest_day_with_data(snapshot: Path) -> None:
    con = open_reader(snapshot)
    try:
        week = load_report_data(con, days=7)
        one = load_report_data(con, days=1)
    finally:
        con.close()
    assert (week.start, week.end) == (date(2026, 11, 14), SAMPLE_LAST_DAY)
    assert [r["day"] for r in week.daily] == week.days
    assert [r["day"] for r in one.daily] == [SAMPLE_LAST_DAY]
    assert all(week.start <= r["day"] <= week.end for r in week.actors + week.dyads)
    assert all(a["window_start"].date() >= week.start for a in week.alerts)
    assert len(week.alerts) > 0, "the sample story ends in an escalation spike that fires alerts"
    assert sum(r["signals"] for r in week.categories) > 0
    assert {r["direction"] for r in week.categories} == {"escalation", "de-escalation"}


def test_cli_writes_one_self_contained_page(report_page: Path, snapshot: Path) -> None:
    page = report_page.read_text(encoding="utf-8")
    body = _body(page)
    assert page.count("Plotly.newPlot(") == CHARTS
    assert len(re.findall(r"<script[^>]*\bsrc=", page)) == 0, "no script is fetched from anywhere"
    assert not re.search(r"<link[^>]+href=", page), "no external style sheet"
    assert page.count("plotly.js v") == 1, "plotly.js embedded exactly once"
    for heading in ("Escalation index over time", "Actors", "Dyads", "Signals by category",
                    "Alerts and the items behind them", "Stories", "Feed health"):
        assert f"<h2>{heading}</h2>" in body
    for feed in ("Baltic Wire", "Continental Courier", "Eastern Desk"):
        assert feed in body
    con = open_reader(snapshot)
    try:
        newest_alert = load_report_data(con, days=30).alerts[0]
    finally:
        con.close()
    top = newest_alert["evidence"][0]
    assert f'href="{html.escape(top["link"])}"' in body
    assert newest_alert["drivers"] and "rose most: " in body  # what drove each alert, as stored with it
    stories = body.split('id="stories"', 1)[1].split("</section>", 1)[0]
    assert "Baltic Wire" in stories or "balticwire.example" in stories  # the outlets that told each story
    assert stories.count("<tr>") - 1 == len(load_stories(snapshot)) > 0
    assert top["matched_text"].lower() in body.lower()
    assert "@media print" in page


def load_stories(snapshot: Path) -> list[dict]:
    con = open_reader(snapshot)
    try:
        return load_report_data(con, days=30).stories
    finally:
        con.close()


def test_feed_text_is_escaped_and_only_http_links_are_links() -> None:
    body = _body(render_html(_hostile_data()))
    assert "<img src=x" not in body and "&lt;img src=x onerror=" in body
    assert "<script>x()</script>" not in body and "&lt;script&gt;x()&lt;/script&gt;" in body
    assert "<svg onload" not in body and "<i>none</i>" not in body
    assert "javascript:" not in body.split("<script", 1)[0].lower()
    assert 'href="https://news.example/fair"' in body
    assert "<mark>&lt;b&gt;mass&lt;/b&gt;</mark>" in body, "the matched phrase is highlighted, escaped"
    stories = body.split('id="stories"', 1)[1].split("</section>", 1)[0]  # a story's headline and outlets too
    assert "&lt;img src=x onerror=" in stories and "&lt;u&gt;a.example&lt;/u&gt;" in stories
    assert "<b>" not in stories and "<u>" not in stories and "javascript:" not in stories


@pytest.mark.parametrize(("sentence", "matched", "expected"), [
    # lower-casing "İ" adds a character: the mark drifted one place right per "İ" before the phrase
    ("İİİ İstanbul: Russia masses troops.", "masses troops",
     "İİİ İstanbul: Russia <mark>masses troops</mark>."),
    ("RUSSIA MASSES TROOPS", "masses troops", "RUSSIA <mark>MASSES TROOPS</mark>"),
    # the phrase is found in the text, not in its escaped form: no mark inside "&amp;"
    ("Tanks & amphibious units", "amp", "Tanks &amp; <mark>amp</mark>hibious units"),
    ("Troops <b>mass</b>", "<b>mass</b>", "Troops <mark>&lt;b&gt;mass&lt;/b&gt;</mark>"),
    ("No such phrase here", "invasion", "No such phrase here"),
    ("Empty phrase", "", "Empty phrase"),
])
def test_the_matched_phrase_is_marked_where_it_is(sentence, matched, expected) -> None:
    assert _highlight(sentence, matched) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://a.example/x?q=1", "https://a.example/x?q=1"),
    ("HTTP://a.example/", "HTTP://a.example/"),
    ("javascript:alert(1)", None), ("data:text/html,hi", None), ("//a.example/x", None),
    ("file:///etc/passwd", None), ("https:///nohost", None), (None, None),
])
def test_safe_link(url: str | None, expected: str | None) -> None:
    assert safe_link(url) == expected


def test_empty_warehouse_gives_a_page_that_says_so(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    with writer(db):
        pass
    data = write_report(db, tmp_path / "r.html", days=7)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert data.start is None and data.daily == []
    assert "no classified items yet" in page and "Plotly.newPlot(" not in page


# ---------------------------------------------------------------- in headless Chromium


def test_report_loads_in_chromium_with_its_charts_and_no_errors(browser: Chromium, report_page: Path,
                                                                 tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    result = capture(browser, report_page, png, width=1366, height=768, crop_height=1200)
    assert result.problems == []
    probe = result.probe
    assert probe["plots"] == CHARTS and probe["drawn"] == CHARTS
    assert probe["bars"] >= 2 * 25, "escalation and de-escalation bars for the days of the window"
    assert probe["lines"] == 6, "one line per main actor"
    assert probe["alertMarkers"] >= 1
    assert probe["evidenceLinks"] >= 1 and probe["feedRows"] == 3
    assert probe["scrollWidth"] <= probe["innerWidth"], "no sideways scrolling on a laptop screen"
    assert result.dom.count('class="main-svg"') >= CHARTS, "charts are in the DOM after scripts ran"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_prints_with_charts_fitted_to_the_page(browser: Chromium, report_page: Path,
                                                       tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    result = browser.open(report_page.as_uri(), wait_for=CHARTS_DRAWN, pdf=pdf, probe="""(() => {
        window.dispatchEvent(new Event('beforeprint'));
        const svgs = document.querySelectorAll('.js-plotly-plot svg.main-svg');
        return [...svgs].map(s => +s.getAttribute('width'));
    })()""")
    assert result.problems == []
    assert result.probe and max(result.probe) <= 703, "charts fit the printable width of A4 (186 mm)"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) >= 2


def test_hostile_feed_text_does_not_run_in_the_browser(browser: Chromium, tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(render_html(_hostile_data()), encoding="utf-8")
    result = browser.open(page.as_uri(), wait_for=CHARTS_DRAWN, probe="""({
        pwned: window.__pwned === undefined ? null : window.__pwned,
        shown: document.body.innerText.includes('<img src=x onerror='),
        jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length})""")
    assert result.problems == []
    assert result.probe == {"pwned": None, "shown": True, "jsLinks": 0}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BROKEN_PAGES = {
    "uncaught exception": "<script>undefinedFunction()</script>",
    "console.error": "<script>console.error('chart data missing')</script>",
    "promise rejection": "<script>Promise.reject(new Error('async failure'))</script>",
    "missing local script": '<script src="missing.js"></script>',
    "network request": '<script src="http://127.0.0.1:{port}/plotly.min.js"></script>',
}


@pytest.mark.parametrize("kind", BROKEN_PAGES)
def test_the_check_catches_a_broken_page(browser: Chromium, tmp_path: Path, kind: str) -> None:
    page = tmp_path / "broken.html"
    page.write_text(f"<!DOCTYPE html><html><body><p>hi</p>{BROKEN_PAGES[kind].format(port=_closed_port())}"
                    "</body></html>", encoding="utf-8")
    result = browser.open(page.as_uri())
    assert result.problems, f"a page with a {kind} must fail the check"


def test_the_check_passes_a_clean_page(browser: Chromium, tmp_path: Path) -> None:
    page = tmp_path / "clean.html"
    page.write_text("<!DOCTYPE html><html><body><p>hi</p><script>console.log('fine')</script></body></html>",
                    encoding="utf-8")
    assert browser.open(page.as_uri()).problems == []


def test_the_report_without_plotly_fails_the_check(browser: Chromium, report_page: Path,
                                                    tmp_path: Path) -> None:
    """The real page with its embedded plotly.js cut out: the charts cannot draw and the check says so."""
    page = report_page.read_text(encoding="utf-8")
    start = page.index("<script>", page.index("</style>"))
    broken = page[:start] + "<script></script>" + page[page.index("</script>", start) + len("</script>"):]
    target = tmp_path / "no-plotly.html"
    target.write_text(broken, encoding="utf-8")
    result = browser.open(target.as_uri(), probe="document.querySelectorAll('svg.main-svg').length")
    assert any("Plotly is not defined" in p for p in result.problems)
    assert result.probe == 0


def test_cli_without_a_warehouse_says_how_to_make_one(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    config = tmp_path / "escmon.toml"
    config.write_text('[warehouse]\npath = "none/escmon.duckdb"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["report", "-c", str(config), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert "run `escmon run` first" in result.output
    assert not (tmp_path / "r.html").exists()
