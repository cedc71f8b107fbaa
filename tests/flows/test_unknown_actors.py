"""Names the taxonomy lacks are kept as candidate actors and listed by `escmon taxonomy unknown`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from flows.cli import app
from tests.cycle_helpers import write_config
from tests.httpserver import FeedServer, Route

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Desk</title><link>https://desk.example/</link><description>d</description>
<item><title>Police break up a rally</title><link>https://desk.example/1</link>
<pubDate>Mon, 16 Nov 2026 09:00:00 GMT</pubDate>
<description>The Kifaya Movement accused the Egyptian government of rigging the vote.</description></item>
<item><title>Second rally</title><link>https://desk.example/2</link>
<pubDate>Tue, 17 Nov 2026 09:00:00 GMT</pubDate>
<description>Police arrested leaders of the Kifaya Movement in Cairo.</description></item>
<item><title>Weather</title><link>https://desk.example/3</link>
<pubDate>Tue, 17 Nov 2026 10:00:00 GMT</pubDate>
<description>Light rain fell over Alexandria on Tuesday.</description></item>
</channel></rss>"""


def test_unknown_names_next_to_signals_are_listed_for_review(tmp_path) -> None:
    with FeedServer(lifetime_s=60) as server:
        url = server.add("/desk.xml", Route(body=FEED.encode("utf-8")))
        path = write_config(tmp_path, {"Desk": url}, rules=False)
        run = CliRunner().invoke(app, ["run", "--no-prefect", "--config", str(path)])
    assert run.exit_code == 0, run.output
    listed = CliRunner().invoke(app, ["taxonomy", "unknown", "--json", "--config", str(path)])
    assert listed.exit_code == 0, listed.output
    rows = {row["name"]: row for row in json.loads(listed.output)}
    assert rows["Kifaya Movement"]["items"] == 2
    assert "Alexandria" not in rows  # a place with no signal beside it is no candidate


def test_unknown_lists_a_clear_error_without_a_warehouse(tmp_path) -> None:
    path = write_config(tmp_path, {"Desk": "http://127.0.0.1:9/none.xml"}, rules=False)
    result = CliRunner().invoke(app, ["taxonomy", "unknown", "--config", str(path)])
    assert result.exit_code == 2 and "no warehouse at" in result.output
