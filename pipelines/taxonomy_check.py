"""Derive taxonomy candidates from a corpus and check its coverage, with the matcher production classifies with.

`escmon taxonomy derive` proposes actor names and signal phrases (counts and an example sentence each) so that
a reviewer can grow schemas/taxonomy.yaml; `escmon taxonomy check` measures how much of the taxonomy the
corpus evidences and which actor-like names no entry resolves. Both read the corpus with the classifier's
own stage one (`pipelines.nlp.TaxonomyMatcher` over the classifier's tokeniser and lemma NORMs), so that
coverage is what production would find: one matcher, not a reference copy held to it by tests. The trained
parser of stage two is never loaded. What is only text and data (name runs, word lists, the report
shapes) stays in `schemas/derive.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

from pipelines.classifier import Classifier
from pipelines.nlp import DocArrays, RawActor
from schemas.derive import (
    CONNECTORS,
    GENERIC_CAPITALISED,
    TITLE_WORDS,
    Candidate,
    CoverageReport,
    NameSpan,
    contains_words,
    good_gram,
    looks_like_actor,
    name_spans,
    normalise_text,
    read_corpus,
    shorten,
    strip_possessive,
)
from schemas.taxonomy import Taxonomy

# How a name was resolved: a reviewed actor, a state word + title before an unlisted person (a new
# official to review), or a reviewed non-actor (a place, an outlet, a treaty).
ACTOR, TITLED, NOT_ACTOR = "actor", "demonym+title", "not_actor"


@dataclass(frozen=True)
class SignalHit:
    category: str
    signal: str
    start: int  # token offsets [start, end)
    end: int


@dataclass(frozen=True)
class Resolution:
    actor_id: str | None  # None for an unlisted titled official (resolved by its state word) or a non-actor
    affiliation: str
    how: str  # ACTOR, TITLED or NOT_ACTOR


@dataclass(frozen=True)
class ReadDoc:
    """One corpus text as production reads it: the doc, its signal hits and its actor mentions."""

    doc: Doc
    signals: tuple[SignalHit, ...]
    actors: tuple[RawActor, ...]


class CorpusReader:
    """The classifier's stage one over corpus texts; `day` dates the taxonomy's roles ("the Secretary of
    State" on that day), today by default."""

    def __init__(self, taxonomy: Taxonomy, day: date | None = None) -> None:
        self.taxonomy = taxonomy
        self.classifier = Classifier(taxonomy)
        self.day = day or date.today()
        self.not_actors = frozenset(taxonomy.not_actors)

    def read(self, text: str) -> ReadDoc:
        nlp = self.classifier.nlp
        doc = nlp(normalise_text(text))
        arrays = DocArrays(doc)
        matcher = self.classifier.matcher
        category_of = self.classifier.category_of
        hits = tuple(SignalHit(category_of[s.signal_id].id, s.signal_id, s.start, s.end)
                     for s in matcher.signals(doc, arrays))
        return ReadDoc(doc, hits, tuple(matcher.actor_mentions(doc, self.day, arrays.sent_starts)))

    def read_corpus(self, corpus_dir: Path) -> list[ReadDoc]:
        return [self.read(text) for _, text in read_corpus(corpus_dir)]

    def resolve(self, name: str) -> Resolution | None:
        """A name on its own (as a reviewer types it): what production's actor matcher makes of it."""
        read = self.read(name)
        return self.resolve_span(read, NameSpan(strip_possessive(name), name, 0, len(read.doc)))

    def resolve_span(self, read: ReadDoc, span: NameSpan) -> Resolution | None:
        """The actor production finds in the name's tokens. A known title whose mention leaves a person's
        name uncovered ("Belarusian leader Foo Barov") is an unlisted official of that state: a candidate."""
        if span.text in self.not_actors:
            return Resolution(None, "", NOT_ACTOR)
        inside = [a for a in read.actors if a.start < span.end and span.start < a.end]
        if not inside:
            if any(contains_words(span.text, n) for n in self.not_actors):
                return Resolution(None, "", NOT_ACTOR)
            return None
        best = max(inside, key=lambda a: (a.end, a.end - a.start))  # the name after its title
        if best.candidate or _name_after(read.doc, best.end, span.end):
            return Resolution(None, best.affiliation, TITLED)
        return Resolution(best.actor_id, best.affiliation, ACTOR)


def _name_after(doc: Doc, start: int, end: int) -> bool:
    """Capitalised words after the name's last mention: a person no entry lists, after a role title
    ("Belarusian leader Foo Barov"), not the title before a listed name ("President Biden")."""
    return any(doc[i].text[:1].isupper() and doc[i].is_alpha and doc[i].text not in GENERIC_CAPITALISED
               and doc[i].lower_ not in CONNECTORS and doc[i].text not in TITLE_WORDS for i in range(start, end))


def derive_actor_candidates(reads: Iterable[ReadDoc], reader: CorpusReader) -> list[Candidate]:
    """Capitalised names with counts; known ones are flagged, unseen titled officials get their state."""
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    resolutions: dict[str, Resolution | None] = {}
    for read in reads:
        for span in name_spans(read.doc):
            counts[span.text] += 1
            examples.setdefault(span.text, span.sentence)
            if span.text not in resolutions:
                resolutions[span.text] = reader.resolve_span(read, span)
    out = []
    for text, count in counts.most_common():
        res = resolutions[text]
        known = res is not None and (res.actor_id is not None or res.how == NOT_ACTOR)
        out.append(Candidate("actor", text, count, shorten(examples[text]), in_taxonomy=known,
                             affiliation=res.affiliation if res else "",
                             extra={"how": res.how if res else "unresolved"}))
    return out


def derive_signal_candidates(reads: Iterable[ReadDoc], min_count: int = 2) -> list[Candidate]:
    """Lemma 1-3-grams around crisis vocabulary; flagged when production matches a signal over them."""
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    covered: dict[str, str] = {}
    for read in reads:
        doc = read.doc
        lem = [t.norm_ for t in doc]
        hit_tokens = {i: h.category for h in read.signals for i in range(h.start, h.end)}
        for sent in doc.sents:
            for n in (1, 2, 3):
                for i in range(sent.start, sent.end - n + 1):
                    gram = lem[i:i + n]
                    if not good_gram(gram, doc[i:i + n]):
                        continue
                    key = " ".join(gram)
                    counts[key] += 1
                    examples.setdefault(key, " ".join(sent.text.split()))
                    cats = {hit_tokens[k] for k in range(i, i + n) if k in hit_tokens}
                    if cats and key not in covered:
                        covered[key] = sorted(cats)[0]
    return [Candidate("signal", key, c, shorten(examples[key]), in_taxonomy=key in covered,
                      category=covered.get(key, ""))
            for key, c in counts.most_common() if c >= min_count]


def check_coverage(reads: list[ReadDoc], reader: CorpusReader,
                   corpus_categories: Iterable[str] | None = None) -> CoverageReport:
    """Which categories, signals and actors the corpus evidences, and which names nothing resolves.

    `corpus_categories` restricts the coverage ratio to the categories meant to come from the corpus
    (the generic CAMEO-derived ones need not occur in a crisis corpus); by default all count.
    """
    taxonomy = reader.taxonomy
    wanted = set(corpus_categories) if corpus_categories is not None else {c.id for c in taxonomy.categories}
    category_hits = {c.id: 0 for c in taxonomy.categories if c.id in wanted}
    signal_hits = {s.id: 0 for c in taxonomy.categories for s in c.signals}
    names: Counter[str] = Counter()
    examples: dict[str, str] = {}
    resolutions: dict[str, Resolution | None] = {}
    for read in reads:
        for hit in read.signals:
            if hit.category in category_hits:
                category_hits[hit.category] += 1
            signal_hits[hit.signal] += 1
        for span in name_spans(read.doc):
            names[span.text] += 1
            examples.setdefault(span.text, span.sentence)
            if span.text not in resolutions:
                resolutions[span.text] = reader.resolve_span(read, span)
    actor_mentions = {a.id: 0 for a in taxonomy.actors}
    for name in list(names):
        if resolutions[name] is None and not looks_like_actor(name, taxonomy):
            del names[name]
    resolved = 0
    unresolved = []
    for name, count in names.most_common():
        res = resolutions[name]
        if res is None:
            unresolved.append((name, count, shorten(examples[name])))
            continue
        resolved += count
        if res.actor_id in actor_mentions:
            actor_mentions[res.actor_id] += count
    return CoverageReport(category_hits, signal_hits, actor_mentions, sum(names.values()), resolved, unresolved)
