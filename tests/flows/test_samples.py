"""The sample feeds: committed files equal the generator's output, and they tell the intended story.

The story checks use their own keyword lists, not the generator's labels, so a template change that
quietly drops the escalation vocabulary fails here.
"""

from __future__ import annotations

import io
import json
import re
import statistics
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import pytest
from typer.testing import CliRunner

from flows import cli_samples
from flows.cli_samples import samples_app
from samples import generator as samples
from schemas.records import make_item_id

REPO = Path(__file__).resolve().parents[2]
SAMPLES_DIR = REPO / "samples"

ESCALATION_WORDS = re.compile(
    r"\b(troops?|build-?up|buildup|mass(?:es|ing)|invad\w*|invasion|offensive|sanctions?|exercises?|"
    r"drills?|ultimatum|retaliat\w*|countermeasures?|cyber ?attacks?|hackers?|reservists?|expels?)\b",
    re.IGNORECASE,
)
DEESCALATION_WORDS = re.compile(
    r"\b(talks|dialogue|withdraw\w*|pull(?:s|ed)? back|pullback|barracks|de-escalat\w*|arms[- ]control|"
    r"transparency|hotline|observers|drawdown)\b",
    re.IGNORECASE,
)
CRISIS_WORDS = re.compile(r"\b(Russia\w*|Moscow|Kremlin|NATO|Ukrain\w*|Kyiv|Belarus\w*|Minsk|alliance)\b")


def parse(data: bytes) -> feedparser.FeedParserDict:
    return feedparser.parse(io.BytesIO(data))


@pytest.fixture(scope="module")
def feeds() -> dict[str, feedparser.FeedParserDict]:
    return {path.name: parse(path.read_bytes()) for path in sorted(SAMPLES_DIR.glob("*.xml"))}


@pytest.fixture(scope="module")
def entries(feeds) -> list[feedparser.FeedParserDict]:
    return [entry for parsed in feeds.values() for entry in parsed.entries]


def entry_day(entry) -> date | None:
    parsed = entry.get("published_parsed")
    return date(*parsed[:3]) if parsed else None


def entry_text(entry) -> str:
    return f"{entry.get('title', '')} {entry.get('summary', '')}"


def daily_counts(entries, pattern: re.Pattern) -> tuple[list[date], Counter]:
    days = sorted({d for d in map(entry_day, entries) if d})
    hits = Counter(entry_day(e) for e in entries if entry_day(e) and pattern.search(entry_text(e)))
    return days, hits


def test_committed_samples_equal_a_fresh_generation(tmp_path):
    written = samples.write_samples(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in SAMPLES_DIR.glob("*.xml"))
    for path in written:
        assert path.read_bytes() == (SAMPLES_DIR / path.name).read_bytes(), (
            f"samples/{path.name} differs from the generator: run `escmon samples generate samples`")


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    first = samples.write_samples(tmp_path / "a", seed=7, days=20)
    again = samples.write_samples(tmp_path / "b", seed=7, days=20)
    other = samples.write_samples(tmp_path / "c", seed=8, days=20)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_at_least_three_outlets_in_rss_and_atom(feeds):
    assert len(feeds) >= 3
    versions = {name: parsed.version for name, parsed in feeds.items()}
    assert "rss20" in versions.values() and "atom10" in versions.values(), versions
    for name, parsed in feeds.items():
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.feed.get("title"), name
    assert len({parsed.feed.title for parsed in feeds.values()}) == len(feeds)


def test_enough_items_over_enough_days(entries):
    days = {entry_day(e) for e in entries} - {None}
    assert len(entries) >= 300
    assert len(days) >= 45
    assert max(days) == samples.PERIOD_END


def test_quiet_days_exist(entries):
    days, crisis = daily_counts(entries, CRISIS_WORDS)
    per_day = Counter(entry_day(e) for e in entries)
    assert sum(1 for d in days if per_day[d] <= 3) >= 6
    assert any(crisis[d] == 0 for d in days), "some days should carry no story about the crisis"


def test_last_three_days_spike_far_above_the_median_day(entries):
    days, escalation = daily_counts(entries, ESCALATION_WORDS)
    median = statistics.median(escalation[d] for d in days)
    earlier_max = max(escalation[d] for d in days[:-3])
    for day in days[-3:]:
        assert escalation[day] >= 3 * max(median, 1), (day, escalation[day], median)
        assert escalation[day] > earlier_max


def test_middle_stretch_is_deescalating(entries):
    days, escalation = daily_counts(entries, ESCALATION_WORDS)
    _, deescalation = daily_counts(entries, DEESCALATION_WORDS)
    opening, middle = days[:10], days[15:35]
    assert sum(deescalation[d] for d in middle) > 2 * sum(escalation[d] for d in middle)
    assert sum(escalation[d] for d in opening) > sum(deescalation[d] for d in opening)


def test_real_world_quirks_are_present(feeds):
    rss = [p for p in feeds.values() if p.version == "rss20"]
    assert any(not e.get("published_parsed") for p in rss for e in p.entries), "an undated item"
    repeated = [p for p in rss if len({e.id for e in p.entries}) < len(p.entries)]
    assert repeated, "one feed reuses a guid"
    for parsed in repeated:
        by_guid: dict[str, set[str]] = {}
        for entry in parsed.entries:
            by_guid.setdefault(entry.id, set()).add(entry.link)
        assert any(len(links) > 1 for links in by_guid.values()), "shared guid, different links"
    all_entries = [e for p in feeds.values() for e in p.entries]
    assert any("<p>" in e.summary for e in all_entries), "HTML in some descriptions"
    assert any("&" in e.title for e in all_entries), "an ampersand survives as text"
    assert any(re.search(r"[^\x00-\x7f]", entry_text(e)) for e in all_entries), "non-ASCII names"


def test_item_ids_stay_unique_when_the_repeated_guid_is_flagged(feeds):
    for name, parsed in feeds.items():
        guids = Counter(e.get("id") for e in parsed.entries)
        ids = {make_item_id(name, e.get("id"), e.get("link"), e.title, e.get("summary", ""),
                            guid_repeats=guids[e.get("id")] > 1) for e in parsed.entries}
        assert len(ids) == len(parsed.entries), name


def test_scale_multiplies_the_dated_items(tmp_path):
    def dated(directory: Path) -> int:
        return sum(1 for p in directory.glob("*.xml") for e in parse(p.read_bytes()).entries
                   if e.get("published_parsed"))

    samples.write_samples(tmp_path / "one", days=10)
    samples.write_samples(tmp_path / "three", days=10, scale=3)
    fixed = sum(1 for q in samples._quirk_items(samples.DEFAULT_SEED) if q.published)  # not scaled
    assert dated(tmp_path / "three") - fixed == 3 * (dated(tmp_path / "one") - fixed)


def test_write_samples_rejects_a_story_too_short_for_its_arc(tmp_path):
    with pytest.raises(ValueError):
        samples.write_samples(tmp_path, days=samples.SPIKE_DAYS)


def test_generate_items_is_deterministic_and_json_ready():
    rows = list(samples.generate_items(500, seed=3))
    assert rows == list(samples.generate_items(500, seed=3))
    assert rows != list(samples.generate_items(500, seed=4))
    assert len(rows) == 500 and len({r["guid"] for r in rows}) == 500
    assert set(rows[0]) == {"title", "summary", "link", "guid", "published", "source"}
    for row in rows:
        published = datetime.fromisoformat(row["published"])
        assert published.tzinfo is not None and published.utcoffset().total_seconds() == 0
        assert row["title"] and row["summary"] and "{" not in row["title"] + row["summary"]
    hits = sum(1 for r in rows if ESCALATION_WORDS.search(f"{r['title']} {r['summary']}"))
    assert 0.2 * len(rows) < hits < 0.8 * len(rows)


def test_labelled_items_carry_the_generator_kind():
    kinds = Counter(row["kind"] for row in samples.generate_labelled_items(2000, seed=1))
    assert set(kinds) == set(samples.KINDS)


def test_write_items_jsonl_round_trips(tmp_path):
    path = tmp_path / "deep" / "items.jsonl"
    assert samples.write_items_jsonl(path, 120, seed=5) == 120
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(samples.generate_items(120, seed=5))


def test_cli_generate_and_items(tmp_path):
    runner = CliRunner()
    result = runner.invoke(samples_app, ["generate", str(tmp_path / "feeds"), "--days", "12"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "feeds").glob("*.xml")) == sorted(
        o.filename for o in samples.OUTLETS)
    result = runner.invoke(samples_app, ["items", str(tmp_path / "b.jsonl"), "--count", "25"])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()) == 25
    result = runner.invoke(samples_app, ["generate", str(tmp_path / "bad"), "--days", "2"])
    assert result.exit_code != 0


def test_no_current_time_leaks_into_the_feeds(feeds):
    stamps = [e.published_parsed for p in feeds.values() for e in p.entries if "published_parsed" in e]
    stamps += [e.updated_parsed for p in feeds.values() if p.version == "atom10" for e in p.entries]
    newest = max(datetime(*s[:6], tzinfo=UTC) for s in stamps)
    assert newest.date() == samples.PERIOD_END


def test_samples_command_outside_a_checkout_says_why(tmp_path, monkeypatch):
    """An installed wheel carries no generator: the command names the reason instead of an import error."""
    monkeypatch.setattr(cli_samples, "GENERATOR", tmp_path / "samples" / "generator.py")
    result = CliRunner().invoke(samples_app, ["generate", str(tmp_path / "feeds")])
    assert result.exit_code == 2
    assert "source checkout" in result.output and not (tmp_path / "feeds").exists()
