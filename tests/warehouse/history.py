"""Synthetic warehouse history at real news volumes, written straight into a migrated DuckDB file.

Alert thresholds must hold on real feeds (tens of items a day across all topics, a few about the crisis,
quiet weekends, one article often carrying several signals), not only on the bundled sample story, so
the tests build such a history here: seeded, no pipeline, the same tables the loader fills.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import duckdb
import pyarrow as pa

TAXONOMY = "synthetic-v1"
CATEGORIES = {"troop_buildup": 5, "sanctions": 3, "exercises": 3, "hybrid_cyber": 2, "invasion_attack": 2,
              "mobilisation": 1, "retaliation": 1}
WEIGHTS = {"troop_buildup": 2.0, "sanctions": 1.5, "exercises": 1.0, "hybrid_cyber": 1.5,
           "invasion_attack": 3.0, "mobilisation": 2.0, "retaliation": 1.5}
POLARITY = {"asserted": 1.0, "reported": 0.7}
# Real monitors read several outlets; items take them in turn (no draw from the seeded generator, so the
# series every test was calibrated on is unchanged), and a critical alert needs two independent ones.
OUTLETS = ("Wire", "Courier", "Desk", "Herald", "Post")


@dataclass
class History:
    """Rows for items, classifications, signals and mentions; `day()` adds one day of news."""

    seed: int = 7
    rng: random.Random = field(init=False)
    items: list[dict] = field(default_factory=list)
    classifications: list[dict] = field(default_factory=list)
    signals: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    written: int = 0  # rows already written, so item ids stay unique across write() calls

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def day(self, d: date, crisis_items: int, other_items: int, categories: dict[str, int] | None = None,
            title: str = "Crisis report", russia_share: float = 0.7) -> None:
        for n in range(other_items):
            self.item(d, n, f"Other news {n}", [])
        cats = categories or CATEGORIES
        for n in range(crisis_items):
            k = 1 + min(int(self.rng.expovariate(0.8)), 4)  # 1..5 signals, most items 1-2
            chosen = [self.rng.choices(list(cats), weights=list(cats.values()))[0] for _ in range(k)]
            self.item(d, 1000 + n, f"{title} {d} #{n}", chosen, russia=self.rng.random() < russia_share)

    def item(self, d: date, n: int, title: str, categories: list[str], russia: bool = False) -> str:
        published = datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(minutes=self.rng.randrange(1440))
        item_id = hashlib.sha256(f"{d}|{n}|{title}|{len(self.classifications)}|{self.written}".encode()).hexdigest()
        outlet = OUTLETS[len(self.items) % len(OUTLETS)]
        self.items.append({"item_id": item_id, "feed_name": outlet, "feed_url": f"http://127.0.0.1/{outlet.lower()}",
                           "guid": item_id, "link": f"https://{outlet.lower()}.example/{item_id[:12]}", "title": title,
                           "summary": "", "published": published, "published_estimated": False,
                           "fetched_at": published, "batch_id": "synthetic"})
        total = 0.0
        for seq, cat in enumerate(categories):
            polarity = self.rng.choice(list(POLARITY))
            contribution = WEIGHTS[cat] * POLARITY[polarity]
            total += contribution
            self.signals.append({
                "item_id": item_id, "taxonomy_version": TAXONOMY, "seq": seq, "published": published,
                "signal_id": f"{cat}.1", "category": cat, "direction": "escalation", "polarity": polarity,
                "weight": WEIGHTS[cat], "contribution": contribution, "matched_text": cat,
                "start_char": 0, "end_char": 5, "sentence_index": 0,
                "evidence": f"The wire reports {cat.replace('_', ' ')} ({seq}).",
                "source_actor": "RUS" if russia else None, "target_actor": "UKR" if russia else None})
        if russia:
            self.mentions.append({
                "item_id": item_id, "taxonomy_version": TAXONOMY, "seq": 0, "published": published,
                "actor_id": "RUS", "actor_name": "Russia", "actor_type": "state", "affiliation": "RUS",
                "matched_text": "Moscow", "start_char": 0, "end_char": 6, "sentence_index": 0,
                "candidate": False})
        self.classifications.append({
            "item_id": item_id, "taxonomy_version": TAXONOMY, "published": published,
            "label": "escalation" if categories else "neutral", "score": total, "escalation_score": total,
            "deescalation_score": 0.0, "n_signals": len(categories), "n_actors": int(russia),
            "classified_at": published})
        return item_id

    def write(self, con: duckdb.DuckDBPyConnection) -> None:
        """Insert every row (Arrow, by column name) and forget them, so write() can be called again."""
        for table in ("items", "classifications", "signals", "mentions"):
            rows = getattr(self, table)
            if rows:
                arrow = pa.Table.from_pylist(rows)  # noqa: F841  (read by DuckDB's replacement scan)
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM arrow")
            if table == "classifications":
                self.written += len(rows)
            rows.clear()


def real_volume_days(history: History, start: date, days: int, weekday_rate: float = 3.0,
                     weekend_rate: float = 1.0, other_per_day: int = 30) -> None:
    """Noise only: tens of items a day, a gamma-Poisson (overdispersed) handful about the crisis."""
    for offset in range(days):
        d = start + timedelta(days=offset)
        weekend = d.weekday() >= 5
        rate = (weekend_rate if weekend else weekday_rate) * history.rng.gammavariate(8.0, 1 / 8.0)
        crisis = _poisson(history.rng, rate)
        history.day(d, crisis, other_per_day // (3 if weekend else 1))


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method; lam is small here."""
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def poisson_days(history: History, start: date, days: int, rate: float, other_per_day: int = 10,
                 **day_kw) -> None:
    """A quiet stream: Poisson(rate) crisis items every day, no weekly pattern, no overdispersion."""
    for offset in range(days):
        history.day(start + timedelta(days=offset), _poisson(history.rng, rate), other_per_day, **day_kw)


def trend_days(history: History, start: date, levels: list[float], other_per_day: int = 10, **day_kw) -> None:
    """One day per level: round(level) crisis items give or take one (seeded), so a series follows its trend
    without the chance single-day jumps of Poisson noise: only the trend itself can look like a spike."""
    for offset, level in enumerate(levels):
        crisis = max(0, round(level) + history.rng.choice((-1, 0, 1)))
        history.day(start + timedelta(days=offset), crisis, other_per_day, **day_kw)
