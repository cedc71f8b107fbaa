"""OPML entries the cycle will not fetch are reported by the run, `escmon feeds` and `config check`, each
named with its reason; an upper-case scheme is a web feed like any other (issue 15, item 10)."""

from __future__ import annotations

import logging

from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_settings
from flows.cycle import run_cycle
from tests.cycle_helpers import write_config
from tests.httpserver import FeedServer, Route

FEED = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>Listed Wire</title>"
        b"<item><guid>listed-1</guid><title>Delegations resume talks on monday</title>"
        b"<pubDate>Fri, 20 Nov 2026 08:00:00 GMT</pubDate></item></channel></rss>")


def _config_with_opml(tmp_path, server_url: str):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(FEED.replace(b"listed-1", b"local-secret"))
    loud = server_url.replace("http://", "HTTP://", 1)
    (tmp_path / "list.opml").write_text(
        '<opml version="2.0"><body>'
        f'<outline text="Loud Wire" xmlUrl="{loud}"/>'
        f'<outline text="Local File" xmlUrl="{secret.as_uri()}"/>'
        '<outline text="Plain Path" xmlUrl="secret.xml"/></body></opml>', encoding="utf-8")
    config = write_config(tmp_path, {}, rules=False)
    config.write_text('feeds_opml = "list.opml"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    return config


def test_the_run_fetches_the_upper_case_entry_and_warns_about_the_others(tmp_path, caplog):
    with FeedServer() as server:
        config = _config_with_opml(tmp_path, server.url("/listed.xml"))
        server.add("/listed.xml", Route(body=FEED))
        with caplog.at_level(logging.WARNING, logger="flows.cycle"):
            report = run_cycle(load_settings(config))
        assert server.hits("/listed.xml") == 1
    assert (report.feeds_ok, report.feeds_failed, report.items_loaded) == (1, 0, 1)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("OPML entry 'Local File'" in w and "file:// URLs are not read" in w for w in warnings), warnings
    assert any("OPML entry 'Plain Path' (secret.xml) skipped: a local path" in w for w in warnings), warnings


def test_escmon_feeds_and_config_check_name_the_skipped_entries(tmp_path):
    with FeedServer() as server:
        config = _config_with_opml(tmp_path, server.url("/listed.xml"))
        server.add("/listed.xml", Route(body=FEED))
        run_cycle(load_settings(config))
    runner = CliRunner()
    feeds = runner.invoke(app, ["feeds", "--config", str(config), "--format", "csv"])
    assert feeds.exit_code == 0, feeds.output
    assert "Loud Wire" in feeds.output
    assert "warning: " in feeds.output and "OPML entry 'Local File'" in feeds.output
    assert "OPML entry 'Plain Path' (secret.xml) skipped" in feeds.output
    check = runner.invoke(app, ["config", "check", "--config", str(config)])
    assert check.exit_code == 0, check.output
    assert "ok: 1 feeds" in check.output and "OPML entry 'Local File'" in check.output
