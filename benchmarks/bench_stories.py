"""Story identity: clustering items/s on one core, and the pairing's precision and recall on labelled pairs.

    .venv/bin/python benchmarks/bench_stories.py [--items 100000] [--repeat 3] [--errors]

The pairs are tests/fixtures/story_pairs.jsonl (written for escmon: paraphrases of one event by several
outlets, re-posts, wire copies, and other events sharing actors, category and words), read by the real
classifier for their actors and signals, as the loader reads them from the warehouse. They are scored
whole and in two halves split by a hash of the texts (the threshold was chosen on all of them, so the
halves show how much one half's choice would carry to the other, not an unseen test).

The throughput set is `samples.generator.generate_items` (the bench items: 365 days, outlets in turn); actors and
the strongest signal come from the classifier's stage one (the parser is not what is measured here), done
before the clock starts. The clock covers what the loader does per item: the profile (words, names,
actors) and the clustering against the open 48-hour window.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `make bench` runs this file as a script

from benchmarks.bench_classifier import pin_one_core  # noqa: E402
from warehouse.stories import (  # noqa: E402
    THRESHOLD,
    WINDOW_HOURS,
    Profile,
    StoryClusterer,
    pair_score,
    profile,
    same_story,
)

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "story_pairs.jsonl"


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def classified_profile(side: dict[str, Any], item_id: str, result: Any) -> Profile:
    """A profile from a classifier result, with the offsets and signals the loader reads from the warehouse."""
    mentions = [(a.start, a.end, a.affiliation or None) for a in result.actors]
    signals = [(s.category, s.direction, s.contribution, i) for i, s in enumerate(result.signals)]
    return profile(item_id, datetime.fromisoformat(side["published"]), side["title"], side["summary"],
                   side["outlet"], mentions, signals)


def pair_profiles(pairs: list[dict[str, Any]], classifier: Any = None) -> list[tuple[Profile, Profile, bool]]:
    """(a, b, same) per labelled pair, each side read by the classifier."""
    from pipelines.classifier import load_classifier
    from schemas.records import item_text

    classifier = classifier or load_classifier()
    sides = [side for p in pairs for side in (p["a"], p["b"])]
    results = list(classifier.classify_many((item_text(s["title"], s["summary"]), None) for s in sides))
    profiles = [classified_profile(side, f"pair{n // 2}-{'ab'[n % 2]}", r)
                for n, (side, r) in enumerate(zip(sides, results, strict=True))]
    return [(profiles[2 * i], profiles[2 * i + 1], p["same"]) for i, p in enumerate(pairs)]


def half(pair: dict[str, Any]) -> str:
    digest = hashlib.sha256((pair["a"]["title"] + "\x1f" + pair["b"]["title"]).encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


def report_pairs(show_errors: bool) -> None:
    pairs = load_pairs()
    scored = pair_profiles(pairs)
    total = pair_score(scored)
    print(f"pairs: {total.pairs} labelled ({sum(p['same'] for p in pairs)} same story), threshold {THRESHOLD}, "
          f"window {WINDOW_HOURS} h")
    print(f"  all:   precision {total.precision:.3f}, recall {total.recall:.3f} "
          f"(false positives {total.false_positive}, false negatives {total.false_negative})")
    for name in ("tune", "check"):
        part = pair_score(s for s, p in zip(scored, pairs, strict=True) if half(p) == name)
        print(f"  {name}: precision {part.precision:.3f}, recall {part.recall:.3f} ({part.pairs} pairs)")
    if show_errors:
        for (a, b, same), p in zip(scored, pairs, strict=True):
            if same_story(a, b) != same:
                print(f"  {'missed' if same else 'merged'} [{p['kind']}]: {p['a']['title']!r} / {p['b']['title']!r}")


def bench_rows(n: int) -> list[tuple[str, datetime, str, str, str, list, list]]:
    """(item_id, published, title, summary, outlet, mentions, signals) of n bench items, stage one's actors."""
    from pipelines.classifier import Classification, load_classifier
    from samples.generator import generate_items
    from schemas.records import item_text

    classifier = load_classifier()
    signal_category = {s.id: c for c in classifier.taxonomy.categories for s in c.signals}
    items = list(generate_items(n))
    texts = sorted({item_text(i["title"], i["summary"]) for i in items})
    features = {}
    for doc, arrays, text, _ in classifier.docs(((t, None) for t in texts), 256):
        reading = classifier.read(doc, arrays, None, text)
        mentions = [(a.start, a.end, a.affiliation or None) for a in reading.actors]
        raw = [] if isinstance(reading, Classification) else reading.raw_signals
        signals = [(signal_category[s.signal_id].id, signal_category[s.signal_id].direction,
                    signal_category[s.signal_id].weight, k) for k, s in enumerate(raw)]
        features[text] = (mentions, signals)
    rows = []
    for k, i in enumerate(items):
        mentions, signals = features[item_text(i["title"], i["summary"])]
        rows.append((f"{k:012d}", datetime.fromisoformat(i["published"]), i["title"], i["summary"],
                     i["link"].split("/")[2], mentions, signals))
    return rows


def cluster_rows(rows: list) -> list:
    profiles = [profile(*row) for row in rows]
    return StoryClusterer().assign(profiles)


def report_speed(n: int, repeat: int) -> None:
    rows = bench_rows(n)
    best = cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        assignments = cluster_rows(rows)
        best, cpu = min(best, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
    sizes = Counter(a.story_id for a in assignments)
    span_days = (max(r[1] for r in rows) - min(r[1] for r in rows)).total_seconds() / 86400
    print(f"clustering: {n:,} bench items over {span_days:.0f} days (about {n / span_days * 2:,.0f} in a "
          f"{WINDOW_HOURS} h window): {n / best:,.0f} items/s wall, {n / cpu:,.0f} items/s CPU, best of {repeat} "
          f"(profile + cluster)")
    print(f"  {len(sizes):,} stories, {n / len(sizes):.1f} items per story, largest {max(sizes.values())}; "
          f"{sum(a.copy_of is not None for a in assignments):,} items are copies of another outlet's text")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--errors", action="store_true", help="List the pairs the rule gets wrong.")
    args = parser.parse_args()
    print(f"bench_stories: {pin_one_core()}")
    report_pairs(args.errors)
    report_speed(args.items, args.repeat)


if __name__ == "__main__":
    main()
