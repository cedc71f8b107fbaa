"""`escmon backfill` / `reclassify`: archives through the real pipeline (Beam, DuckDB), vs a cycle."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows import backfill, cycle
from flows.config import load_settings
from pipelines import revision
from schemas.records import make_item_id
from schemas.taxonomy import load_taxonomy
from tests.cycle_helpers import SAMPLES, sample_file_feeds, write_config

REPO = Path(__file__).resolve().parents[2]

# Rows that must come out the same whether items were fetched by a cycle or replayed from the archive.
# Items whose date was estimated get the fetch time as `published`, which differs between two runs.
SAME_ROWS = {
    "items": "SELECT item_id, feed_name, feed_url, guid, link, title, summary, published_estimated, "
             "CASE WHEN published_estimated THEN NULL ELSE published END FROM items",
    "classifications": "SELECT item_id, taxonomy_version, label, round(score, 9), n_signals, n_actors "
                       "FROM classifications",
    "signals": "SELECT item_id, taxonomy_version, seq, signal_id, category, polarity, matched_text, "
               "start_char, source_actor, target_actor FROM signals",
    "mentions": "SELECT item_id, taxonomy_version, seq, actor_id, matched_text, start_char FROM mentions",
    "alerts": "SELECT alert_id, rule, indicator, window_start, severity, round(score, 9) FROM alerts "
              "WHERE rule <> 'deadman'",
}

OWN_ITEMS = [  # written for this test; no corpus text
    {"id": "rw-1", "source": "Harbour Gazette", "title": "Coastguard reports calm seas after the regatta",
     "link": "https://harbour.example/a/1", "published": "2026-10-03T08:00:00Z",
     "summary": "Ferries ran on time and the marina reopened."},
    {"id": "rw-2", "source": "Harbour Gazette", "title": "Council debates new cycle lanes",
     "link": "https://harbour.example/a/2", "published": "Sat, 03 Oct 2026 12:30:00 +0200",
     "text": "<p>The vote was <b>postponed</b> to next week.</p>"},
    {"title": "Library extends weekend opening hours", "link": "https://harbour.example/a/3",
     "published": "2026-10-04 09:15"},
    {"id": "rw-4", "source": "Harbour Gazette", "title": "Too early for the range",
     "link": "https://harbour.example/a/4", "published": "2026-09-01T00:00:00Z"},
]


def _rows(db: Path, sql: str) -> set[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return set(con.execute(sql).fetchall())
    finally:
        con.close()


def _scalar(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


@pytest.fixture()
def two_warehouses(tmp_path: Path):
    a, b = tmp_path / "cycle", tmp_path / "backfill"
    a.mkdir()
    b.mkdir()
    return tuple(load_settings(write_config(d, sample_file_feeds())) for d in (a, b))


def test_backfill_over_sample_feeds_fills_the_same_rows_as_a_cycle(two_warehouses) -> None:
    by_cycle, by_backfill = two_warehouses
    report = cycle.run_cycle(by_cycle)
    assert report.status == "completed" and report.items_new > 300

    replay = backfill.run_backfill(by_backfill, [SAMPLES], batch_size=200)

    assert replay.batches >= 2, "several staged batches, like several cycles"
    assert replay.run.items_loaded == report.items_loaded
    for table, sql in SAME_ROWS.items():
        expected = _rows(by_cycle.warehouse.path, sql)
        got = _rows(by_backfill.warehouse.path, sql)
        assert got == expected, f"{table}: {len(got ^ expected)} rows differ"
    assert _rows(by_cycle.warehouse.path, SAME_ROWS["alerts"]), "the sample spike must fire an alert"
    # replayed alerts are history: recorded, never owed a delivery by the next live cycle
    assert _rows(by_backfill.warehouse.path, "SELECT DISTINCT delivery_status FROM alerts") == {("replayed",)}
    assert _rows(by_backfill.warehouse.path, "SELECT status FROM runs") == {("backfill",)}
    assert not list(by_backfill.warehouse.staging_dir.glob("2*")), "every staged batch was loaded and removed"
    assert _scalar(by_backfill.warehouse.path, "SELECT count(*) FROM alert_backlog") == 0, \
        "the replay tested the batches' windows: the next cycle must not test them again"

    again = backfill.run_backfill(by_backfill, [SAMPLES])
    assert again.items_known == report.items_new and again.run.items_loaded == 0 and again.batches == 0


def test_backfill_of_item_json_lines_with_range_and_bad_lines(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path, {}, rules=False))
    archive = tmp_path / "archive" / "town_news.jsonl"
    archive.parent.mkdir()
    lines = [json.dumps(r) for r in OWN_ITEMS] + ["{not json", json.dumps({"title": "No date at all"}), ""]
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = backfill.run_backfill(settings, [archive.parent], start=datetime(2026, 10, 1, tzinfo=UTC),
                                   end=datetime(2026, 11, 1, tzinfo=UTC))

    assert (report.items_read, report.items_out_of_range, report.rejected) == (4, 1, 2)
    assert any(":5: not JSON" in e for e in report.errors) and any(":6: missing" in e for e in report.errors)
    db = settings.warehouse.path
    rows = _rows(db, "SELECT item_id, feed_name, summary, published FROM items")
    assert len(rows) == 3
    first = make_item_id("Harbour Gazette", "rw-1", "https://harbour.example/a/1",
                         "Coastguard reports calm seas after the regatta",
                         "Ferries ran on time and the marina reopened.")
    assert (first, "Harbour Gazette", "Ferries ran on time and the marina reopened.",
            datetime(2026, 10, 3, 8, tzinfo=UTC)) in rows
    assert "The vote was postponed to next week." in {r[2] for r in rows}, "`text` stands in, HTML stripped"
    assert {r[1] for r in rows} == {"Harbour Gazette", "town_news"}, "source, else the file name"
    assert datetime(2026, 10, 3, 10, 30, tzinfo=UTC) in {r[3] for r in rows}, "RFC 822 date with offset"
    assert _scalar(db, "SELECT count(*) FROM classifications") == 3


def test_reclassify_adds_rows_under_a_new_taxonomy_version(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path, sample_file_feeds(), rules=False))
    backfill.run_backfill(settings, [SAMPLES / "eastern_desk.xml"])
    db = settings.warehouse.path
    n_items = _scalar(db, "SELECT count(*) FROM items")
    old_version = _scalar(db, "SELECT any_value(taxonomy_version) FROM classifications")

    changed = tmp_path / "taxonomy.yaml"  # a new content hash, i.e. a new version, same rules
    shutil.copyfile(REPO / "schemas" / "taxonomy.yaml", changed)
    with changed.open("a", encoding="utf-8") as fh:
        fh.write("\n# reviewed after the taxonomy meeting\n")
    extra = f'\n[pipeline]\ntaxonomy = "{changed}"\n'
    new_settings = load_settings(write_config(tmp_path, sample_file_feeds(), extra=extra, rules=False))

    report = backfill.run_reclassify(new_settings, batch_size=500)

    assert report.items_read == n_items and report.run.items_loaded == 0
    versions = _rows(db, "SELECT taxonomy_version, count(*) FROM classifications GROUP BY 1")
    assert len(versions) == 2 and {n for _, n in versions} == {n_items}
    assert old_version not in {v for (v,) in _rows(db, "SELECT DISTINCT taxonomy_version "
                                                         "FROM current_classifications")}
    assert backfill.run_reclassify(new_settings).items_read == 0, "nothing left under the current version"


def test_reclassify_picks_up_a_classifier_rule_change_under_the_same_taxonomy(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(write_config(tmp_path, sample_file_feeds(), rules=False))
    backfill.run_backfill(settings, [SAMPLES / "eastern_desk.xml"])
    db = settings.warehouse.path
    n_items = _scalar(db, "SELECT count(*) FROM items")
    assert backfill.run_reclassify(settings).items_read == 0, "same taxonomy, same rules: nothing to do"

    # the rule modules' source changes (a new release of the classifier); the taxonomy file does not
    monkeypatch.setattr(revision, "installed_rules", lambda: "0" * 16)
    report = backfill.run_reclassify(settings, batch_size=500)

    assert report.items_read == n_items
    versions = dict(_rows(db, "SELECT taxonomy_version, count(*) FROM classifications GROUP BY 1"))
    new_version = revision.classification_version(load_taxonomy(settings.pipeline.taxonomy).version)
    assert len(versions) == 2 and versions[new_version] == n_items, "old rows kept, new rows added"
    assert _rows(db, "SELECT DISTINCT taxonomy_version FROM current_classifications") == {(new_version,)}


def test_backfill_command_line_reports_and_exits(tmp_path: Path) -> None:
    from flows.cli import app

    config = write_config(tmp_path, {}, rules=False)
    archive = tmp_path / "few.jsonl"
    archive.write_text("\n".join(json.dumps(r) for r in OWN_ITEMS[:2]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["backfill", str(archive), "--from", "2026-10-01", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert "2 items read" in result.output and "2 items loaded" in result.output

    missing = CliRunner().invoke(app, ["backfill", str(tmp_path / "nope.jsonl"), "-c", str(config)])
    assert missing.exit_code == 2 and "no such file" in missing.output


class _Crash(BaseException):
    """Stands for the process dying: not an Exception, so no step catches it."""


# facts whose rows must come out the same whatever the batches were; window counts summed per key, since
# one window's rows are split over the batches its items were staged in
REPLAY_FACTS = {**{k: v for k, v in SAME_ROWS.items() if k != "alerts"},
                "window_counts": "SELECT window_kind, window_start, dimension, key, sum(signals), "
                                 "sum(escalation), sum(deescalation) FROM window_counts GROUP BY ALL",
                "stories": "SELECT count(*) FROM item_stories",
                "per_item": "SELECT count(*) - count(DISTINCT item_id) FROM items"}


def _archive(folder: Path, n: int) -> Path:
    from samples.generator import generate_items

    archive = folder / "archive" / "items.jsonl"
    archive.parent.mkdir(parents=True)
    rows = list(generate_items(n))
    archive.write_text("\n".join(json.dumps(r) for r in rows + rows[:5]) + "\n", encoding="utf-8")  # 5 repeats
    return archive


def test_a_backfill_killed_between_loads_and_run_again_neither_loses_nor_doubles_a_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loads commit several staged batches at once (`LOAD_ITEMS`): a backfill dying with classified batches
    staged and a load in flight must, run again, end with the rows of one uninterrupted backfill: the
    batches it left are loaded first, and their items are not staged a second time."""
    monkeypatch.setattr(backfill, "LOAD_ITEMS", 20)  # two 10-item batches per load
    monkeypatch.setattr(backfill, "GROUPS_PER_LOAD", 1)  # one load transaction per load call
    clean_dir, crash_dir = tmp_path / "clean", tmp_path / "crash"
    clean_dir.mkdir()
    crash_dir.mkdir()
    clean = load_settings(write_config(clean_dir, {}, rules=False))
    crashed = load_settings(write_config(crash_dir, {}, rules=False))
    archive = _archive(tmp_path, 60)

    report = backfill.run_backfill(clean, [archive], batch_size=10)
    assert (report.items_read, report.run.items_loaded, report.batches) == (65, 60, 6)

    loads = {"n": 0}
    real_load = cycle.load

    def dying_load(settings, run, **kwargs):
        loads["n"] += 1
        if loads["n"] == 2:  # the second load: its two batches are classified and staged
            raise _Crash()
        return real_load(settings, run, **kwargs)

    monkeypatch.setattr(cycle, "load", dying_load)
    with pytest.raises(_Crash):
        backfill.run_backfill(crashed, [archive], batch_size=10)
    monkeypatch.setattr(cycle, "load", real_load)
    assert len(list(crashed.warehouse.staging_dir.glob("*-0000[23]"))) == 2, "the dying load's batches stay"
    assert _scalar(crashed.warehouse.path, "SELECT count(*) FROM items") == 20

    again = backfill.run_backfill(crashed, [archive], batch_size=10)

    assert again.run.items_loaded == 40 and again.items_known == 40, "the 20 left staged count as known"
    for name, sql in REPLAY_FACTS.items():
        assert _rows(crashed.warehouse.path, sql) == _rows(clean.warehouse.path, sql), name
    assert not [p for p in crashed.warehouse.staging_dir.iterdir() if p.name[0].isdigit()], "nothing left staged"
    assert not list(crashed.warehouse.path.parent.glob(".escmon-backfill-*")), "the spool is removed"


def test_a_load_of_several_batches_that_fails_loads_the_good_ones_alone(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """One unreadable output in a group of batches: the group's transaction rolls back, then each batch is
    loaded on its own, so only the bad one is left to be classified again."""
    monkeypatch.setattr(backfill, "LOAD_ITEMS", 30)
    settings = load_settings(write_config(tmp_path, {}, rules=False))
    archive = _archive(tmp_path, 30)
    real_classify = cycle.classify_batch

    def classify_then_break_the_second(settings, batch, taxonomy):
        ran = real_classify(settings, batch, taxonomy)
        if batch.batch_id.endswith("-00001"):
            for path in batch.classified_dir.glob("signals-*.parquet"):
                path.write_bytes(b"not parquet")
        return ran

    monkeypatch.setattr(cycle, "classify_batch", classify_then_break_the_second)
    report = backfill.run_backfill(settings, [archive], batch_size=10)

    assert report.run.items_loaded == 20 and report.run.failed_batches == 1
    assert _scalar(settings.warehouse.path, "SELECT count(*) FROM items") == 20
    left = [p for p in settings.warehouse.staging_dir.iterdir() if p.name.endswith("-00001")]
    assert len(left) == 1 and not (left[0] / "_CLASSIFIED").exists(), "kept staged, to be classified again"


def _backfilled(folder: Path, archive: Path):
    folder.mkdir()
    settings = load_settings(write_config(folder, {}, rules=False))
    backfill.run_backfill(settings, [archive], batch_size=10)
    return settings


def test_a_reclassify_killed_between_loads_and_run_again_counts_no_window_twice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batches a killed re-classification left staged are loaded first by the next one, not staged
    again: their items would count twice in window_counts, which is kept per batch."""
    monkeypatch.setattr(backfill, "LOAD_ITEMS", 20)
    monkeypatch.setattr(backfill, "GROUPS_PER_LOAD", 1)
    archive = _archive(tmp_path, 60)
    clean, crashed = _backfilled(tmp_path / "clean", archive), _backfilled(tmp_path / "crash", archive)
    monkeypatch.setattr(revision, "installed_rules", lambda: "0" * 16)  # a new classifier release
    backfill.run_reclassify(clean, batch_size=10, alerts=False)
    real_load, loads = cycle.load, {"n": 0}

    def dying_load(settings, run, **kwargs):
        loads["n"] += 1
        if loads["n"] == 2:
            raise _Crash()
        return real_load(settings, run, **kwargs)

    monkeypatch.setattr(cycle, "load", dying_load)
    with pytest.raises(_Crash):
        backfill.run_reclassify(crashed, batch_size=10, alerts=False)
    monkeypatch.setattr(cycle, "load", real_load)
    assert [p for p in crashed.warehouse.staging_dir.iterdir() if p.name[0].isdigit()], "the dying load's batches stay"

    backfill.run_reclassify(crashed, batch_size=10, alerts=False)

    sql = REPLAY_FACTS["window_counts"]
    assert _rows(crashed.warehouse.path, sql) == _rows(clean.warehouse.path, sql)


def test_a_committed_group_whose_folder_cannot_be_removed_is_reported_loaded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error after the commit (a folder that cannot be moved away) is no load error: the report counts the
    group's items, and the next run removes the folder it finds journaled."""
    from warehouse import loader

    monkeypatch.setattr(backfill, "LOAD_ITEMS", 20)
    archive = _archive(tmp_path, 20)
    (tmp_path / "w").mkdir()
    settings = load_settings(write_config(tmp_path / "w", {}, rules=False))
    real_discard, calls = loader.discard, {"n": 0}

    def flaky_discard(batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("simulated: the folder is held by another process")
        return real_discard(batch)

    monkeypatch.setattr(loader, "discard", flaky_discard)
    report = backfill.run_backfill(settings, [archive], batch_size=10)
    items = _scalar(settings.warehouse.path, "SELECT count(*) FROM items")
    assert report.run.items_loaded == items == 20 and report.run.failed_batches == 0
    monkeypatch.setattr(loader, "discard", real_discard)
    backfill.run_backfill(settings, [archive], batch_size=10)
    assert not [p for p in settings.warehouse.staging_dir.iterdir() if p.name[0].isdigit()], "removed next run"
    assert _scalar(settings.warehouse.path, "SELECT count(*) FROM items") == 20


def test_a_spool_a_killed_backfill_left_is_removed_by_the_next(tmp_path: Path) -> None:
    archive = _archive(tmp_path, 10)
    (tmp_path / "w").mkdir()
    settings = load_settings(write_config(tmp_path / "w", {}, rules=False))
    stale = settings.warehouse.path.parent / f"{backfill.SPOOL_PREFIX}killed"
    stale.mkdir(parents=True)
    (stale / "spool.parquet").write_bytes(b"left by a SIGKILL")
    backfill.run_backfill(settings, [archive], batch_size=10)
    assert not stale.exists()
    assert not list(settings.warehouse.path.parent.glob(f"{backfill.SPOOL_PREFIX}*"))


STORY_ROWS = "SELECT item_id, story_id, matched_item_id, round(similarity, 9), copy_of FROM item_stories"


def _stories_again(db: Path) -> set[tuple]:
    """The warehouse's stories assigned again from scratch, in one pass over all items (on a copy)."""
    from warehouse.story_loader import assign_pending

    copy = db.parent / "stories-again.duckdb"
    shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    try:
        assign_pending(con, rebuild=True)
        return set(con.execute(STORY_ROWS).fetchall())
    finally:
        con.close()


def _dense_backfill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    """Settings and an archive of 300 generated items in four days (stories run across the loads' boundaries),
    loaded three 20-item batches per transaction and two transactions per load call, story logs captured."""
    from samples.generator import generate_labelled_items

    monkeypatch.setattr(backfill, "LOAD_ITEMS", 60)
    monkeypatch.setattr(backfill, "GROUPS_PER_LOAD", 2)
    caplog.set_level("DEBUG", logger="warehouse.story_loader")
    settings = load_settings(write_config(tmp_path, {}, rules=False))
    archive = tmp_path / "archive" / "items.jsonl"
    archive.parent.mkdir()
    rows = [{k: v for k, v in r.items() if k not in ("kind", "category")}
            for r in generate_labelled_items(300, days=4)]
    archive.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return settings, archive


def test_a_backfill_assigns_stories_beside_its_inserts_as_one_pass_would(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Group loads prepare their stories on a second connection ahead of the writer: the first group of a load
    call from the staged files and the committed window, the next ones continuing its clusterer. Load calls
    of two groups here, the last group alone: the stories must be those of one pass over every item."""
    settings, archive = _dense_backfill(tmp_path, monkeypatch, caplog)

    report = backfill.run_backfill(settings, [archive], batch_size=20)

    prepared = caplog.text.count("assigned as prepared beside the inserts")
    assert report.batches == 15 and prepared == 5, (report.batches, prepared)
    stories = _rows(settings.warehouse.path, STORY_ROWS)
    assert len(stories) == report.run.items_loaded == 300
    assert stories == _stories_again(settings.warehouse.path)
    assert _scalar(settings.warehouse.path, "SELECT count(DISTINCT story_id) FROM item_stories") < 200, \
        "the generated outlets repeat and rewrite their events"


def test_a_group_that_fails_among_prepared_ones_leaves_the_stories_of_one_pass(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A group of the load call fails (an unreadable output): it is rolled back and loaded batch by batch, and
    the stories prepared ahead of it are dropped (its clusterer held items that are not in); the later load
    calls prepare theirs again. The stories are those of one pass over all items."""
    settings, archive = _dense_backfill(tmp_path, monkeypatch, caplog)
    real_classify = cycle.classify_batch

    broken: list[str] = []

    def classify_then_break_one_of_the_second_group(settings, batch, taxonomy):
        ran = real_classify(settings, batch, taxonomy)
        if batch.batch_id.endswith("-00004") and not broken:  # once: classified again, it loads
            broken.append(batch.batch_id)
            for path in batch.classified_dir.glob("signals-*.parquet"):
                path.write_bytes(b"not parquet")
        return ran

    monkeypatch.setattr(cycle, "classify_batch", classify_then_break_one_of_the_second_group)
    report = backfill.run_backfill(settings, [archive], batch_size=20)

    prepared = caplog.text.count("assigned as prepared beside the inserts")
    assert (report.run.items_loaded, report.run.failed_batches) == (300, 1), "classified again, it loads"
    assert prepared >= 2, "the first group, and groups of the load calls after the failure"
    stories = _rows(settings.warehouse.path, STORY_ROWS)
    assert len(stories) == 300 and stories == _stories_again(settings.warehouse.path)


def test_a_backfill_older_than_the_warehouse_assigns_its_stories_after_the_inserts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Items published before ones already committed re-assign those: the prepared pass declines (it would
    miss them) and the loader's own pass runs, with the same stories as one pass."""
    monkeypatch.setattr(backfill, "LOAD_ITEMS", 150)
    settings = load_settings(write_config(tmp_path, sample_file_feeds()))
    middle = datetime(2026, 11, 1, tzinfo=UTC)
    newer = backfill.run_backfill(settings, [SAMPLES], start=middle, batch_size=50)
    caplog.set_level("DEBUG", logger="warehouse.story_loader")

    older = backfill.run_backfill(settings, [SAMPLES], end=middle, batch_size=50)

    assert newer.run.items_loaded > 0 and older.run.items_loaded > 0 and older.batches >= 2
    assert "assigned as prepared beside the inserts" not in caplog.text
    assert re.search(r"assigned \(\d*[1-9]\d* again\)", caplog.text), "committed items were assigned again"
    assert _rows(settings.warehouse.path, STORY_ROWS) == _stories_again(settings.warehouse.path)
