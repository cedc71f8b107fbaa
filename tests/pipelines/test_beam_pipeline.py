"""The Beam pipeline: classification, event-time windows (with a late item), dead letters, runners."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.beam_pipeline import (
    DASK_RUNNER,
    BatchItems,
    ClassifyItems,
    ClassifyOptions,
    CountIndicatorWindows,
    day_partials,
    pipeline_options,
    run_classification,
)
from schemas.records import ITEM_SCHEMA, SIGNAL_SCHEMA
from schemas.tables import OUTPUT_TABLES

OPTIONS = ["--runner=DirectRunner"]


def item(item_id: str, title: str, summary: str = "", published: datetime | None = None) -> dict:
    when = published or datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    return {"item_id": item_id, "feed_name": "Test Feed", "feed_url": "http://127.0.0.1/feed.xml", "guid": item_id,
            "link": f"http://127.0.0.1/{item_id}", "title": title, "summary": summary, "published": when,
            "published_estimated": False, "fetched_at": when}


ITEMS = [
    item("esc", "Russia masses troops on the border with Ukraine"),
    item("deesc", "Russian troops return to their bases after the exercises end"),
    item("neg", "Moscow says it has no plans to invade Ukraine"),
    item("neutral", "Grain prices rose slightly on Tuesday"),
]


def test_classify_items_labels_and_evidence():
    with BeamTestPipeline(options=beam.options.pipeline_options.PipelineOptions(OPTIONS)) as p:
        out = p | beam.Create(ITEMS) | BatchItems(ClassifyOptions()) | ClassifyItems(ClassifyOptions())
        labels = (out["classifications"] | "Rows" >> beam.FlatMap(lambda t: t.to_pylist())
                  | "Labels" >> beam.Map(lambda r: (r["item_id"], r["label"])))
        assert_that(labels, equal_to([("esc", "escalation"), ("deesc", "de-escalation"),
                                      ("neg", "neutral"), ("neutral", "neutral")]), label="labels")
        # every signal's offsets slice its item's text to the matched text
        texts = {i["item_id"]: i["title"] for i in ITEMS}
        bad = (out["signals"] | "SignalRows" >> beam.FlatMap(lambda t: t.to_pylist())
               | beam.Filter(lambda s: texts[s["item_id"]][s["start_char"]:s["end_char"]] != s["matched_text"]))
        assert_that(bad, equal_to([]), label="offsets")
        dead = out["dead_letters"] | "DeadIds" >> beam.Map(lambda r: r["item_id"])
        assert_that(dead, equal_to([]), label="no_dead_letters")


def test_bad_items_go_to_dead_letters_and_the_rest_is_classified():
    bad = [
        item("huge", "Troops massed " * 20_000),
        item("empty", "", ""),
        {**item("nodate", "Sanctions imposed on Moscow"), "published": "yesterday"},
    ]
    with BeamTestPipeline(options=beam.options.pipeline_options.PipelineOptions(OPTIONS)) as p:
        opts = ClassifyOptions(max_text_chars=10_000)
        out = p | beam.Create(ITEMS + bad) | BatchItems(opts) | ClassifyItems(opts)
        dead = out["dead_letters"] | "DeadIds" >> beam.Map(lambda r: (r["item_id"], r["stage"]))
        assert_that(dead, equal_to([("huge", "classify"), ("empty", "classify"), ("nodate", "classify")]),
                    label="dead")
        ok = (out["classifications"] | "Rows" >> beam.FlatMap(lambda t: t.to_pylist())
              | "Ids" >> beam.Map(lambda r: r["item_id"]))
        assert_that(ok, equal_to([i["item_id"] for i in ITEMS]), label="classified")


def _signal(category: str, published: datetime, contribution: float, source: str | None = None,
            target: str | None = None) -> dict:
    return {"category": category, "published": published, "contribution": contribution,
            "source_actor": source, "target_actor": target}


def test_window_counts_use_event_time_including_a_late_item():
    h9 = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    h10 = datetime(2026, 3, 2, 10, 5, tzinfo=UTC)
    late = datetime(2026, 3, 1, 23, 50, tzinfo=UTC)  # arrives last, belongs to the previous day
    signals = [_signal("mobilisation", h9, 2.0, "RUS", "UKR"), _signal("mobilisation", h10, 2.0),
               _signal("talks_dialogue", h10, -1.0), _signal("mobilisation", late, 2.0)]
    # two batches: the late item comes in a later batch than the items around it
    partials = [(day_us, hours)
                for batch in (signals[:3], signals[3:])
                for day_us, hours in day_partials(pa.Table.from_pylist(batch, schema=SIGNAL_SCHEMA))]
    with BeamTestPipeline(options=beam.options.pipeline_options.PipelineOptions(OPTIONS)) as p:
        rows = (p | beam.Create(partials) | CountIndicatorWindows()
                | "Rows" >> beam.FlatMap(lambda t: t.to_pylist()))
        days = (rows | beam.Filter(lambda r: r["window_kind"] == "day" and r["dimension"] == "category")
                | "DayTuples" >> beam.Map(lambda r: (r["window_start"].date().isoformat(), r["key"], r["signals"],
                                                     r["escalation"], r["deescalation"])))
        assert_that(days, equal_to([("2026-03-02", "mobilisation", 2, 4.0, 0.0),
                                    ("2026-03-02", "talks_dialogue", 1, 0.0, 1.0),
                                    ("2026-03-01", "mobilisation", 1, 2.0, 0.0)]), label="days")
        hours = (rows | "Hours" >> beam.Filter(lambda r: r["window_kind"] == "hour" and r["key"] == "mobilisation")
                 | "HourTuples" >> beam.Map(lambda r: (r["window_start"].hour, r["signals"])))
        assert_that(hours, equal_to([(9, 1), (10, 1), (23, 1)]), label="hours")
        dyads = (rows | "Dyads" >> beam.Filter(lambda r: r["dimension"] == "dyad")
                 | "DyadTuples" >> beam.Map(lambda r: (r["window_kind"], r["key"])))
        assert_that(dyads, equal_to([("hour", "RUS-UKR"), ("day", "RUS-UKR")]), label="dyads")


def _stage(tmp_path: Path, n: int) -> Path:
    base = datetime(2026, 3, 1, tzinfo=UTC)
    phrases = ["Russia masses troops near the border", "Talks resume in Geneva with a pledge to de-escalate",
               "NATO says the alliance will not deploy troops", "Sanctions on Russian banks take effect",
               "Belarusian leader hosts joint military exercises", "Markets were calm on Friday"]
    rows = [item(f"id{i}", phrases[i % len(phrases)], f"Report number {i}.",
                 base.replace(hour=i % 24, day=1 + i % 20)) for i in range(n)]
    path = tmp_path / "items.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=ITEM_SCHEMA), path)
    return path


def _read(out: Path, name: str) -> list[tuple]:
    files = sorted(out.glob(f"{name}-*.parquet"))
    rows = [r for f in files for r in pq.read_table(f).to_pylist()]
    drop = {"classified_at", "failed_at"}
    return sorted(tuple((k, v) for k, v in sorted(r.items()) if k not in drop) for r in rows)


@pytest.mark.slow
def test_multiprocess_direct_runner_gives_the_same_results(tmp_path):
    items = _stage(tmp_path, 300)
    single, multi = tmp_path / "single", tmp_path / "multi"
    c1 = run_classification(str(items), str(single), ClassifyOptions())
    c2 = run_classification(str(items), str(multi), ClassifyOptions(),
                            beam_args=["--direct_num_workers=2", "--direct_running_mode=multi_processing"])
    assert c1.get("items_classified") == 300
    for name in (t.name for t in OUTPUT_TABLES):
        assert _read(single, name) == _read(multi, name), name
    assert len(_read(single, "signals")) > 100
    assert not list(single.glob("*.tmp")) and not list(multi.glob("*.tmp")), "every file renamed when finished"
    assert c2 is not None


@pytest.mark.parametrize("args", [["--runner=dask"], ["--runner", "dask"], ["--runner", "Dask", "--x=1"]])
def test_the_dask_alias_is_read_in_either_flag_form(args):
    # the config check accepts `--runner dask`; Beam would have been handed the bare word
    from apache_beam.runners.dask.dask_runner import DaskOptions  # needs the [dask] extra, like the runner

    options = pipeline_options("DirectRunner", args)
    assert options.get_all_options()["runner"] == DASK_RUNNER
    assert options.view_as(DaskOptions).partition_size == 1
