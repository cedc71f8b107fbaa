"""Story identity (warehouse/stories.py) on its own: the pair rule on the labelled pairs, read by the real
classifier, and the clusterer's determinism. Headlines written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from benchmarks.bench_stories import load_pairs, pair_profiles
from warehouse import stories
from warehouse.stories import SPAN_HOURS, THRESHOLD, StoryClusterer, cluster, outlet_of, pair_score, profile

T0 = datetime(2026, 11, 10, 6, tzinfo=UTC)


def item(n: int, hours: float, title: str, summary: str, outlet: str, actors: tuple[str, ...] = ()):
    """A profile whose actors are given as affiliations mentioned in the headline (offset 0)."""
    return profile(f"item{n:03d}", T0 + timedelta(hours=hours), title, summary, outlet,
                   [(0, 1, a) for a in actors])


@pytest.fixture(scope="module")
def scored_pairs():
    return pair_profiles(load_pairs())


def test_labelled_pairs_reach_the_documented_precision_and_recall(scored_pairs):
    score = pair_score(scored_pairs)
    assert score.pairs >= 60
    assert score.precision >= 0.95 and score.recall >= 0.95, (THRESHOLD, score)


def test_pairs_fixture_holds_hard_negatives_of_each_kind():
    kinds = {(p["kind"], p["same"]) for p in load_pairs()}
    assert {("paraphrase", True), ("repost", True), ("syndicated", True), ("shared_words", False),
            ("same_template", False), ("same_category", False)} <= kinds


WIRE = ("Moldova reopens its border crossing with Transnistria",
        "Officials in Chisinau said traffic resumed at the Varnița checkpoint on Tuesday morning.")


def sample() -> list:
    items = [item(1, 0, *WIRE, "wire-one.example"),
             item(2, 1, *WIRE, "wire-two.example"),
             item(3, 2, *WIRE, "wire-three.example"),
             item(4, 3, "Transnistria crossing open again, Moldova says",
                  "Traffic resumed at the Varnița checkpoint between Moldova and Transnistria, Chisinau said.",
                  "own-words.example"),
             item(5, 4, "Tbilisi court sentences protest organiser", "A Georgian court jailed the organiser of "
                  "last month's rally outside parliament.", "wire-one.example")]
    for n in range(6, 60):
        items.append(item(n, 3 * n, f"Harbour authority in port number {n} reports record tonnage {n * 7}",
                          f"Cargo handled at terminal {n} rose sharply, the authority of district {n} said.",
                          f"port{n % 4}.example"))
    return items


def test_wire_copies_join_one_story_and_count_as_one_source():
    by_item = {a.item_id: a for a in cluster(sample())}
    assert {by_item[f"item00{n}"].story_id for n in (1, 2, 3, 4)} == {"item001"}
    assert by_item["item002"].copy_of == "item001" and by_item["item003"].copy_of == "item001"
    assert by_item["item004"].copy_of is None  # written up by its outlet: a source of its own
    assert by_item["item005"].story_id == "item005"


def test_block_size_and_seeding_do_not_change_the_stories():
    items = sample()
    whole = cluster(items)
    for block in (1, 3, 64):
        assert StoryClusterer(block=block).assign(items) == whole
    # the first 20 assigned, then the rest with those 20 as the window's context: the loader's way
    head = {a.item_id: a for a in whole[:20]}
    clusterer = StoryClusterer()
    for p in items[:20]:
        a = head[p.item_id]
        story_first = next(q for q in items if q.item_id == a.story_id)
        clusterer.seed(p, a.story_id, story_first.key, a.copy_of, a.matched_item_id if a.near_copy else None)
    assert clusterer.assign(items[20:]) == whole[20:]


def test_scoring_on_every_core_gives_the_same_stories(monkeypatch):
    """A dense backfill window is scored by rapidfuzz on all cores (PARALLEL_PAIRS); the stories must not
    depend on it."""
    items = sample()
    one_thread = cluster(items)
    monkeypatch.setattr(stories, "PARALLEL_PAIRS", 0)  # every block on all cores
    assert StoryClusterer(block=7).assign(items) == one_thread


def test_items_before_the_clustered_ones_are_refused():
    items = sample()
    clusterer = StoryClusterer()
    clusterer.assign(items[5:])
    with pytest.raises(ValueError, match="key order"):
        clusterer.assign(items[:5])


@pytest.mark.parametrize(("link", "feed_url", "name", "outlet"), [
    ("https://www.balticwire.example/2026/11/x", "https://feeds.balticwire.example/rss", "Baltic Wire",
     "balticwire.example"),
    ("https://m.balticwire.example/x", None, "Baltic Wire", "balticwire.example"),
    (None, "https://feeds.example.org/world.xml", "World", "example.org"),
    (None, "/srv/feeds/local.xml", "Local file", "Local file"),
])
def test_outlet_is_the_link_site_else_the_feed_site_else_its_name(link, feed_url, name, outlet):
    assert outlet_of(link, feed_url, name) == outlet


def test_a_beat_covered_every_day_is_not_one_story_for_weeks():
    """The same beat re-told every 30 hours chains from member to member; a story stops taking members
    SPAN_HOURS after its first item, so twelve days of it are several stories, each at most that long."""
    titles = ["Troops mass near the border, satellite images show",
              "Satellite images show more troops massing near the border"]
    items = [item(n, 30 * n, titles[n % 2], "Armoured units gathered near the border, analysts said.",
                  f"outlet{n % 3}.example", ("RUS",)) for n in range(10)]
    by_story: dict[str, list[float]] = {}
    for p, a in zip(items, cluster(items), strict=True):
        by_story.setdefault(a.story_id, []).append(p.published)
    assert len(by_story) >= 3
    assert all(max(times) - min(times) <= SPAN_HOURS * 3600 for times in by_story.values())
    assert {a.story_id for a in StoryClusterer(span_s=1e9).assign(items)} == {"item000"}  # uncapped: one chain
