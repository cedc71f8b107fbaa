"""A taxonomy change: the alert rules compare new windows with a baseline classified the same way."""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.config import load_settings
from flows.cycle import run_cycle
from schemas.taxonomy import load_taxonomy
from tests.cycle_helpers import REPO, SAMPLES, write_config


def _changed_taxonomy(folder: Path) -> Path:
    """The shipped taxonomy with one more build-up phrase: a new version."""
    text = (REPO / "schemas" / "taxonomy.yaml").read_text(encoding="utf-8")
    assert "troop buildup," in text
    path = folder / "taxonomy.yaml"
    path.write_text(text.replace("troop buildup,", "troop buildup, armoured column,", 1), encoding="utf-8")
    return path


def _versions(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT taxonomy_version, count(*) FROM classifications GROUP BY ALL").fetchall())
    finally:
        con.close()


def test_a_new_taxonomy_reclassifies_the_rules_baseline_before_they_run(tmp_path):
    first_feed = {"Eastern Desk": str(SAMPLES / "eastern_desk.xml")}
    run_cycle(load_settings(write_config(tmp_path, first_feed)))
    old = load_taxonomy().version
    before = _versions(tmp_path / "data" / "escmon.duckdb")
    assert list(before) == [old]

    taxonomy = _changed_taxonomy(tmp_path)
    new = load_taxonomy(taxonomy).version
    both_feeds = {**first_feed, "Baltic Wire": str(SAMPLES / "baltic_wire.xml")}
    settings = load_settings(write_config(tmp_path, both_feeds, extra=f'\n[pipeline]\ntaxonomy = "{taxonomy}"\n'))
    report = run_cycle(settings)

    # the first feed's items lie inside the rules' look-back of the new items: classified again
    assert report.status == "completed"
    assert report.baseline_reclassified == before[old]
    after = _versions(settings.warehouse.path)
    assert after[old] == before[old] and after[new] == before[old] + report.items_new

    again = run_cycle(settings)  # nothing new under the new version: nothing to redo
    assert again.baseline_reclassified == 0 and _versions(settings.warehouse.path) == after
