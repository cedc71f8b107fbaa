"""A taxonomy change: the alert rules compare new windows with a baseline classified the same way."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import duckdb

from flows.config import load_settings
from flows.cycle import run_cycle
from pipelines.revision import classification_version
from schemas.taxonomy import load_taxonomy
from tests.cycle_helpers import REPO, SAMPLES, write_config

NEW_ENTRIES = b"""
    <item>
      <title>Armoured column seen moving towards the border crossing</title>
      <link>https://easterndesk.example/news/2026/11/21/armoured-column-border</link>
      <guid>urn:test:armoured-column-1</guid>
      <pubDate>Sat, 21 Nov 2026 12:00:00 GMT</pubDate>
    </item>
    <item>
      <title>Ministers agree to resume talks next week</title>
      <link>https://easterndesk.example/news/2026/11/21/talks-resume</link>
      <guid>urn:test:talks-resume-1</guid>
      <pubDate>Sat, 21 Nov 2026 13:00:00 GMT</pubDate>
    </item>
"""


def _changed_taxonomy(folder: Path) -> Path:
    """The shipped taxonomy with one more build-up phrase: a new version."""
    text = (REPO / "schemas" / "taxonomy.yaml").read_text(encoding="utf-8")
    assert "troop buildup," in text
    path = folder / "taxonomy.yaml"
    path.write_text(text.replace("troop buildup,", "troop buildup, armoured column,", 1), encoding="utf-8")
    return path


def _query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_a_new_taxonomy_reclassifies_the_rules_baseline_before_they_run(tmp_path):
    feed = tmp_path / "eastern_desk.xml"
    shutil.copyfile(SAMPLES / "eastern_desk.xml", feed)
    run_cycle(load_settings(write_config(tmp_path, {"Eastern Desk": str(feed)})))
    old = classification_version(load_taxonomy().version)
    db = tmp_path / "data" / "escmon.duckdb"
    assert _query(db, "SELECT DISTINCT taxonomy_version FROM classifications") == [(old,)]

    # the taxonomy gains a phrase, and the feed two new entries the day after the sample's last
    taxonomy = _changed_taxonomy(tmp_path)
    new = classification_version(load_taxonomy(taxonomy).version)
    body = feed.read_bytes()
    feed.write_bytes(body.replace(b"<item>", NEW_ENTRIES.strip() + b"\n    <item>", 1))
    settings = load_settings(write_config(tmp_path, {"Eastern Desk": str(feed)},
                                          extra=f'\n[pipeline]\ntaxonomy = "{taxonomy}"\n'))
    report = run_cycle(settings)

    assert report.status == "completed" and report.items_new == 2
    start, end = report.published_range
    look_back = start - timedelta(days=14 + 1)  # write_config's rule: baseline_days = 14, plus a day
    in_baseline = _query(db, "SELECT count(*) FROM items WHERE published >= ? AND published <= ? "
                             "AND guid NOT LIKE 'urn:test:%'", [look_back, end])[0][0]
    assert in_baseline > 20
    assert report.baseline_reclassified == in_baseline
    versions = dict(_query(db, "SELECT taxonomy_version, count(*) FROM classifications GROUP BY ALL"))
    assert versions[new] == in_baseline + 2, "the baseline and the new items, under the new version"
    assert versions[old] == _query(db, "SELECT count(*) FROM items")[0][0] - 2, "history keeps the old rows"
    new_in_window = _query(db, "SELECT count(*) FROM current_classifications WHERE published >= ? "
                               "AND taxonomy_version = ?", [look_back, new])[0][0]
    assert new_in_window == in_baseline + 2, "the rules' window reads one taxonomy version"

    again = run_cycle(settings)  # the same feed again: nothing new, nothing classified again
    assert again.items_new == 0 and again.baseline_reclassified == 0


def test_items_that_could_not_be_classified_are_not_run_again_every_cycle(tmp_path):
    feed = tmp_path / "eastern_desk.xml"
    bare = b"""<item><link>https://easterndesk.example/news/2026/11/21/photo-gallery</link>
      <pubDate>Sat, 21 Nov 2026 09:00:00 GMT</pubDate></item>\n    <item>"""
    body = (SAMPLES / "eastern_desk.xml").read_bytes().replace(b"<item>", bare, 1)  # a link, no text
    feed.write_bytes(body)
    settings = load_settings(write_config(tmp_path, {"Eastern Desk": str(feed)}))
    run_cycle(settings)
    db = settings.warehouse.path
    assert _query(db, "SELECT count(*) FROM dead_letters")[0][0] == 1

    feed.write_bytes(body.replace(b"<item>", NEW_ENTRIES.strip() + b"\n    <item>", 1))
    report = run_cycle(settings)  # new items, same taxonomy: the dead letter stays a dead letter
    assert report.items_new == 2 and report.baseline_reclassified == 0
    assert _query(db, "SELECT count(*) FROM dead_letters")[0][0] == 1
