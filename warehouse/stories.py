"""Story identity: which items report the same event. The one definition, used by the loader, the CLI, the
report and the pairing benchmark.

Why: five outlets rewriting one wire story, or one outlet re-posting it under a new guid, are one event with
one to five sources, not five escalation items. Exact titles miss paraphrases; loose word overlap merges
unrelated stories that share "Russia" and "talks". So two items are the same story when, within WINDOW of
each other, their headline-and-lede words agree (text similarity >= THRESHOLD) AND nothing they name
disagrees:

- **text**: the Dice coefficient of the two sets of content words of title + lede (first sentence of the
  summary), lower-cased, accents folded, stop words out, plural "s" cut. Computed by rapidfuzz: each word
  becomes one symbol, and the Indel similarity of two sorted symbol strings is exactly 2|A∩B| / (|A|+|B|);
  rapidfuzz scores a whole open window against a block of new items in C++ (`process.cdist`).
- **actors**: the actors (affiliations) the classifier found in title and lede must not conflict: one set
  holds the other, or they overlap by at least half (Jaccard). "Russian jets violate Romania's airspace"
  and "... Lithuania's airspace" share 88% of their words but are two events.
- **names**: capitalised title words that are no known actor ("Yelnya", "Kharkiv", "HMS Defender") must
  not conflict: it is a conflict when each title carries a name the other's headline and lede lack.
- **signal category**: compared by its direction. The strongest signals of two items must not point
  opposite ways (an escalation and a de-escalation are two events). Equal categories are not required:
  outlets describe one event with different verbs (exercises / mobilisation, agreements / talks), and
  requiring the same category lost 12 of the 47 true pairs in tests/fixtures/story_pairs.jsonl.

THRESHOLD = 0.30, chosen on the 80 labelled pairs of tests/fixtures/story_pairs.jsonl (47 same-story:
paraphrases across outlets, re-posts, wire copies, a next-day development; 33 different: other events that
share actors, category and the beat's words, and the same template with another place). With the gates
above, the different-story pairs that pass them reach a similarity of 0.23 at most except one (0.37), and
true pairs start at 0.25 with all but that one at 0.32 or more: 0.30 sits in that gap. Measured there:
precision 0.98, recall 0.98 (one of each wrong; `benchmarks/bench_stories.py` prints the figures, on the
tune and check halves as well). Around it: 0.25 gives 0.98 / 1.00 but sits on the lowest true pair with
unrelated pairs at 0.21-0.23 just below; 0.35 gives 0.98 / 0.94, 0.40 gives 1.00 / 0.89. Without the
gates (text and time alone) the best threshold reaches only precision 0.81 at recall 0.98.

Stories form incrementally and deterministically: items are taken in (published, item_id) order and each
joins the earliest open story (by its first item) holding a member within WINDOW before it that it matches;
otherwise it starts a story whose id is its own item_id. An item whose headline and lede repeat a member's
(similarity >= COPY_THRESHOLD: a re-post, a wire copy) becomes no member itself: its member stands for it and
stays open as long as the copy would. A copy from another outlet adds no source (`copy_of`), so a wire text
carried by five sites is one source, while five sites writing the event up themselves are five.

The result depends only on the set of items, not on how they were batched: the loader re-runs the items
from the earliest new one on (warehouse/story_loader.py). Only members inside the window are compared, so
the cost does not grow with history.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from schemas.records import item_text

WINDOW_HOURS = 48
WINDOW_S = WINDOW_HOURS * 3600.0
# A story takes no member more than this after its first item. Items join within WINDOW of a member, so
# without a cap a beat covered every day ("troops mass near the border") chains into one story for weeks,
# and alerts, which count a story once, would stop seeing the build-up it reports. One event's coverage
# runs a few days (the samples' longest story spans 80 hours); a development after that is a new story.
SPAN_HOURS = 96
SPAN_S = SPAN_HOURS * 3600.0
THRESHOLD = 0.30
COPY_THRESHOLD = 0.90  # full-text similarity above which another outlet's item is a copy of one wire text
ACTOR_JACCARD = 0.5
TITLE_CASE_SHARE = 0.8
LEDE_CHARS = 400  # a summary with no sentence end is cut here for the lede
BLOCK = 128  # new items scored against the window at once
# Pairs (block x window) from which rapidfuzz scores on every core: a backfill's dense windows (thousands of
# items in 48 hours) then use the machine, a cycle's few items stay on one thread (no pool to start).
PARALLEL_PAIRS = 100_000

OPPOSITE = frozenset({"escalation", "de-escalation"})
_STOP_TEXT = """
a about above after again against ago ahead all also amid among an and another any are as at be been before
being below between both but by can could did do does down during each either even ever every few for from
further had has have having he her here hers him his how i if in into is it its itself just last latest
least less like many may me might more most much must my near neither new news next no nor not now of off
on once one only onto or other our out over own per really said same says say saying she should since so
some still such than that the their them then there these they this those though through thus to told too
two three four under until up upon us very via was we were what when where whether which while who whom
whose why will with within without would yet you your update updated live read comment comments
monday tuesday wednesday thursday friday saturday sunday today yesterday tonight week day days
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())  # function words and the boilerplate of feeds
_WORD = re.compile(r"[^\W\d_]+|\d+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_OUTLET_PREFIXES = ("www.", "m.", "amp.", "mobile.", "rss.", "feeds.")


def normalise(word: str) -> str:
    """A word as compared: lower case, accents folded, a plural "s" cut ("sanctions" = "sanction")."""
    word = word.lower()
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    if len(word) > 4 and word[-1] == "s" and word[-2] != "s":
        word = word[:-1]
    return word


def symbol(form: str) -> str:
    """A normalised word as one character: a hash of it onto the code points (surrogates skipped). Two
    different words share one about once per million pairs of words, which can add one word to a pair's
    overlap; in exchange symbols need no vocabulary and are the same in every process."""
    code = 0x100 + zlib.crc32(form.encode()) % _SYMBOL_SPACE
    return chr(code + 0x800 if code >= 0xD800 else code)


_SYMBOL_SPACE = 0x10FFFF - 0x100 - 0x800 + 1
_SYMBOLS: dict[str, str] = {}  # word as written -> its symbol, "" for a stop word (a cache)
_SYMBOLS_LIMIT = 1_000_000


def _symbol_set(words: Iterable[str]) -> set[str]:
    """Symbols of the content words among `words` (as written)."""
    cache = _SYMBOLS
    try:
        out = {cache[w] for w in words}  # nearly always: news repeats its words
    except KeyError:
        out = set()
        for word in words:
            sym = cache.get(word)
            if sym is None:
                lower = word.lower()
                sym = "" if len(word) < 2 or lower in STOP_WORDS else symbol(normalise(lower))
                if len(cache) < _SYMBOLS_LIMIT:
                    cache[word] = sym
            out.add(sym)
    out.discard("")
    return out


def lede(summary: str) -> str:
    """The summary's first sentence: with the headline, what every rewrite of an event keeps."""
    summary = (summary or "").strip()
    return _SENTENCE_END.split(summary[:LEDE_CHARS], maxsplit=1)[0]


def outlet_of(link: str | None, feed_url: str | None, feed_name: str) -> str:
    """The source an item counts for: the link's site, else the feed's, else the feed's name.

    A host without its www./m./amp. prefix, so one outlet's re-posts and mobile links are one source."""
    for url in (link, feed_url):
        if url and "://" in url:
            scheme, _, rest = url.partition("://")
            host = _outlet_host(scheme, rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0])
            if host:
                return host
    return feed_name


@functools.lru_cache(maxsize=65_536)
def _outlet_host(scheme: str, authority: str) -> str:
    """The outlet of a URL's authority (parsed by urlsplit once per site: a backfill has a million links
    but a few hundred sites)."""
    host = (urlsplit(f"{scheme}://{authority}").hostname or "").lower().rstrip(".")
    for prefix in _OUTLET_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix):]
    return host


def _is_title_case(words: Sequence[str]) -> bool:
    """A headline in Title Case (or capitals) says nothing about which of its words are names."""
    long_words = [w for w in words if len(w) >= 4]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) / len(long_words) >= TITLE_CASE_SHARE


def _names(title_words: list[str], title: str, actor_spans: Iterable[tuple[int, int]]) -> set[str]:
    """Capitalised words of the title (not its first word) that no known actor covers: places, ships,
    operations, people the taxonomy lacks. `actor_spans` are character offsets into the title."""
    capitalised = [w for w in title_words[1:] if w[0].isupper() and len(w) > 1 and w.lower() not in STOP_WORDS]
    if not capitalised or _is_title_case(title_words):
        return set()
    actor_words = {w for s, e in actor_spans for w in _WORD.findall(title[s:e])}
    return {w for w in capitalised if w not in actor_words}


def strongest_signal(signals: Iterable[tuple[str, str, float, int]]) -> tuple[str | None, str | None]:
    """(category, direction) of the signal with the largest |contribution| (then the lowest seq), from
    (category, direction, contribution, seq); (None, None) when no signal counts. The same rule as
    sql/story_items.sql."""
    best = None
    for category, direction, contribution, seq in signals:
        if contribution:
            key = (-abs(contribution), seq)
            if best is None or key < best[0]:
                best = (key, category, direction)
    return (best[1], best[2]) if best else (None, None)


@dataclass(slots=True, eq=False)
class Profile:
    """What story identity reads of one item. Words are kept as symbols (see `symbol`)."""

    item_id: str
    published: float  # POSIX seconds
    outlet: str
    symbols: str  # content words of title + lede, sorted: Indel of two of them is their Dice
    names: frozenset[str]  # title names no actor covers
    actors: frozenset[str]  # affiliations in title + lede
    category: str | None
    direction: str | None
    key: tuple[float, str] = field(init=False)  # (published, item_id): the clustering order, compared per item

    def __post_init__(self) -> None:
        self.key = (self.published, self.item_id)


def profile(item_id: str, published: datetime, title: str | None, summary: str | None, outlet: str,
            mentions: Iterable[tuple[int, int, str | None]] = (),
            signals: Iterable[tuple[str, str, float, int]] = ()) -> Profile:
    """An item's profile. `mentions` are (start_char, end_char, affiliation) into item_text(title, summary),
    as the classifier stores them; `signals` are (category, direction, contribution, seq)."""
    title = (title or "").strip()
    summary = (summary or "").strip()
    first = lede(summary)
    head_end = len(item_text(title, first))  # item_text(title, first) is a prefix of item_text(title, summary)
    known = [(s, e, a) for s, e, a in mentions if a and s is not None and e is not None]
    title_words = _WORD.findall(title)
    names = _names(title_words, title, [(s, e) for s, e, _ in known if s < len(title)])
    category, direction = strongest_signal(signals)
    head = _symbol_set(title_words)
    head.update(_symbol_set(_WORD.findall(first)))
    return Profile(item_id, published.timestamp(), outlet, "".join(sorted(head)),
                   frozenset(_symbol_set(names)) if names else frozenset(),
                   frozenset(a for s, _, a in known if s < head_end), category, direction)


# ---------------------------------------------------------------------------------------- the pair rule

def similarity(a: Profile, b: Profile) -> float:
    """Text similarity of two items: Dice of their headline-and-lede word sets, in [0, 1]."""
    return Indel.normalized_similarity(a.symbols, b.symbols)


def actors_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Each names an actor the other lacks and they share less than half: two events."""
    if not a or not b or a <= b or b <= a:
        return False
    return len(a & b) < ACTOR_JACCARD * len(a | b)


def names_conflict(a: Profile, b: Profile) -> bool:
    """Each title carries a name the other's headline and lede never mention ("near Avdiivka" / "near
    Kharkiv")."""
    if not a.names or not b.names:
        return False
    return any(n not in b.symbols for n in a.names) and any(n not in a.symbols for n in b.names)


def directions_conflict(a: Profile, b: Profile) -> bool:
    return a.direction != b.direction and frozenset((a.direction, b.direction)) == OPPOSITE


def compatible(a: Profile, b: Profile) -> bool:
    """Nothing the two items name disagrees (the gates, without the text and time)."""
    return not (actors_conflict(a.actors, b.actors) or directions_conflict(a, b) or names_conflict(a, b))


def same_story(a: Profile, b: Profile) -> bool:
    """The pair rule: within the window, similar headline and lede, and nothing named disagrees."""
    return abs(a.published - b.published) <= WINDOW_S and compatible(a, b) and similarity(a, b) >= THRESHOLD


def is_copy(a: Profile, b: Profile) -> bool:
    """One wire text carried by two outlets: headline and lede are (nearly) the same words. Outlets that
    write an event up themselves share far fewer (the paraphrases of the labelled pairs: 0.62 at most)."""
    return a.outlet != b.outlet and similarity(a, b) >= COPY_THRESHOLD


# ------------------------------------------------------------------------------------------- clustering

@dataclass(frozen=True, slots=True)
class Assignment:
    """An item's story; `matched_item_id`/`similarity` show which earlier member it joined, `copy_of` the
    item of another outlet whose text it repeats (then it adds no source)."""

    item_id: str
    story_id: str
    outlet: str
    matched_item_id: str | None
    similarity: float | None
    copy_of: str | None

    @property
    def near_copy(self) -> bool:
        """It repeats `matched_item_id`, which stands for it in the window (it is no member of its own)."""
        return near_copy(self.similarity)


def near_copy(similarity: float | None) -> bool:
    """A match this similar repeats its member's text: a re-post or a wire copy."""
    return similarity is not None and similarity >= COPY_THRESHOLD


@dataclass(slots=True)
class _Member:
    """An item in the open window, standing also for the later near-copies of its text in its story."""

    profile: Profile
    story_id: str
    story_key: tuple[float, str]  # of the story's first item: the earliest story wins
    copy_of: str | None
    last: float  # its own or its latest near-copy's published time: the window runs from here
    item_id: str


@dataclass
class StoryClusterer:
    """Assigns items to stories in (published, item_id) order, comparing each with the open window only.

    `seed` the already assigned items of the window first (in key order), then `assign` the rest. An item
    whose headline and lede repeat a member's (similarity >= COPY_THRESHOLD: a re-post or a wire copy)
    joins that member's story without a member of its own; it keeps the member in the window for as long
    as it would have stayed itself. So copies cost no comparisons, and the result is the same.
    """

    window_s: float = WINDOW_S
    span_s: float = SPAN_S
    threshold: float = THRESHOLD
    block: int = BLOCK
    _members: list[_Member] = field(default_factory=list)
    _by_item: dict[str, _Member] = field(default_factory=dict)  # seeded item -> the member standing for it
    _story_keys: dict[str, tuple[float, str]] = field(default_factory=dict)
    _last_key: tuple[float, str] | None = None

    def seed(self, p: Profile, story_id: str, story_key: tuple[float, str], copy_of: str | None = None,
             stands_for: str | None = None) -> None:
        """An item assigned before (it precedes everything `assign` will see); `stands_for` names the earlier
        item it repeats, when it is a near-copy (its `matched_item_id` with a similarity >= COPY_THRESHOLD)."""
        self._check_order(p)
        self._story_keys.setdefault(story_id, story_key)
        member = self._by_item.get(stands_for) if stands_for else None
        if member is not None and member.story_id == story_id:
            member.last = max(member.last, p.published)
            self._by_item[p.item_id] = member
            return
        self._by_item[p.item_id] = self._add(_Member(p, story_id, self._story_keys[story_id], copy_of, p.published,
                                                     p.item_id))

    def assign(self, profiles: Iterable[Profile]) -> list[Assignment]:
        """Stories for `profiles`, which must follow every seeded item in key order."""
        ordered = sorted(profiles, key=lambda p: p.key)
        self._by_item = {}  # only seeds name the items they repeat
        out: list[Assignment] = []
        for start in range(0, len(ordered), self.block):
            out += self._assign_block(ordered[start:start + self.block])
        return out

    def _assign_block(self, block: list[Profile]) -> list[Assignment]:
        self._evict(block[0].published - self.window_s)
        window = list(self._members)
        symbols = [p.symbols for p in block]
        workers = -1 if len(block) * len(window) >= PARALLEL_PAIRS else 1
        scores = process.cdist(symbols, [m.profile.symbols for m in window] + symbols,
                               scorer=Indel.normalized_similarity, score_cutoff=self.threshold,
                               dtype=np.float32, workers=workers)
        out = []
        standing: list[_Member | None] = list(window)  # then the block's items that became members
        for i, p in enumerate(block):
            self._check_order(p)
            row = scores[i, :len(window) + i]  # the window and the block's earlier items
            hits = np.flatnonzero(row)
            candidates = [(standing[j], score) for j, score in zip(hits.tolist(), row[hits].tolist(), strict=True)
                          if standing[j] is not None]
            assignment, member = self._join(p, candidates)
            standing.append(member if member.item_id == p.item_id else None)  # a near-copy is no member
            out.append(assignment)
        return out

    def _join(self, p: Profile, candidates: list[tuple[_Member, float]]) -> tuple[Assignment, _Member]:
        """The earliest story with a compatible member in the window; within it the most similar member."""
        since = p.published - self.window_s
        opened_since = p.published - self.span_s  # a story opened before this takes no new member
        candidates = [(m, score) for m, score in candidates if m.last >= since and m.story_key[0] >= opened_since]
        best, best_score = None, 0.0
        for m, score in candidates:  # the best-ranked candidate is nearly always compatible
            if (best is None or m.story_key < best.story_key or (
                    m.story_key == best.story_key and (score, best.item_id) > (best_score, m.item_id))):
                best, best_score = m, score
        if best is not None and not compatible(p, best.profile):
            ranked = sorted((m.story_key, -score, m.item_id, k) for k, (m, score) in enumerate(candidates))
            found = next((k for *_, k in ranked if compatible(p, candidates[k][0].profile)), None)
            best, best_score = candidates[found] if found is not None else (None, 0.0)
        if best is None:
            self._story_keys[p.item_id] = p.key
            member = self._add(_Member(p, p.item_id, p.key, None, p.published, p.item_id))
            return Assignment(p.item_id, p.item_id, p.outlet, None, None, None), member
        copy_of = self._copy_of(p, best, since, candidates)
        if best_score >= COPY_THRESHOLD:  # a near-copy: the member stands for it
            best.last = p.published
            member = best
        else:
            member = self._add(_Member(p, best.story_id, best.story_key, copy_of, p.published, p.item_id))
        return Assignment(p.item_id, best.story_id, p.outlet, best.item_id, best_score, copy_of), member

    @staticmethod
    def _copy_of(p: Profile, best: _Member, since: float, candidates: list[tuple[_Member, float]]) -> str | None:
        """The first item (in key order) of another outlet in the story whose text this one repeats."""
        copies = [m for m, score in candidates if score >= COPY_THRESHOLD and m.story_id == best.story_id
                  and m.last >= since and m.profile.outlet != p.outlet]
        if not copies:
            return None
        first = min(copies, key=lambda m: m.profile.key)
        return first.copy_of or first.item_id

    def _add(self, m: _Member) -> _Member:
        self._members.append(m)
        return m

    def _evict(self, since: float) -> None:
        """Members whose window closed leave; so do stories with no member left in it."""
        if all(m.last >= since for m in self._members):
            return
        self._members = [m for m in self._members if m.last >= since]
        live = {m.story_id for m in self._members}
        self._story_keys = {k: v for k, v in self._story_keys.items() if k in live}

    def _check_order(self, p: Profile) -> None:
        if self._last_key is not None and p.key <= self._last_key:
            raise ValueError(f"item {p.item_id} comes before an item already clustered: feed items in key order")
        self._last_key = p.key


def cluster(profiles: Iterable[Profile]) -> list[Assignment]:
    """Stories of a set of items from scratch (in key order)."""
    return StoryClusterer().assign(profiles)


@dataclass(frozen=True)
class PairScore:
    """How `same_story` did on labelled pairs."""

    pairs: int
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positive + self.false_negative
        return self.true_positive / actual if actual else 1.0


def pair_score(pairs: Iterable[tuple[Profile, Profile, bool]]) -> PairScore:
    """Precision and recall of `same_story` on labelled pairs (a, b, same)."""
    n = tp = fp = fn = 0
    for a, b, same in pairs:
        predicted = same_story(a, b)
        n += 1
        tp += predicted and same
        fp += predicted and not same
        fn += same and not predicted
    return PairScore(n, tp, fp, fn)


__all__ = ["SPAN_HOURS", "THRESHOLD", "WINDOW_HOURS", "Assignment", "PairScore", "Profile", "StoryClusterer", "cluster",
           "compatible", "is_copy", "outlet_of", "pair_score", "profile", "same_story", "similarity"]
