"""Derive taxonomy candidates from a corpus and check the taxonomy's coverage of it.

`derive` proposes actor names and signal phrases (with counts and one example sentence each) so that a
reviewer can grow schemas/taxonomy.yaml; `check` measures how much of the taxonomy the corpus evidences
and which actor-like names in the corpus no entry resolves. Both use a blank spaCy pipeline with the
lookup lemmatizer only: no trained model is needed and start-up stays fast.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from schemas.taxonomy import Actor, Category, Taxonomy


def _words(text: str) -> frozenset[str]:
    """Word lists kept as readable blocks of text."""
    return frozenset(text.split())


GAP = "*"
MAX_GAP = 3
# Escalation patterns must not fire inside "de-escalate" / "de-escalation" (tokens "de", "-", ...).
_NEGATING_PREFIXES = (("de", "-"), ("non", "-"))
# Capitalised words that start sentences or headings but never name an actor.
GENERIC_CAPITALISED = _words("""
A An The This That These Those It Its In On At Of For From By With As But And Or Nor Not No So If When While
Then There Here Our We Us Their They He She His Her I My Mr Mrs Ms Dr First Second Third Fourth Fifth Sixth
Seventh Finally Regardless Meanwhile However Therefore Having After Before Below Above Only Many Some Any All
Both Each Every Far Time Countries Officials Senior Recent Hours Now Send Click Please Copyright SEE ALSO
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December KEY TAKEAWAYS MAP SOURCES OVERVIEW OF DIPLOMATIC ENGAGEMENTS Conclusion
Endnotes Highlights Engagements Nothing Putting Tying Far Regarding Another Emphasis
""")
# Heads of organisation names: a span with one of these is actor-like even if made of common words.
_ORG_HEADS = _words("""
Ministry Council Department Agency Committee Organization Organisation Union Army Forces Force Navy
Parliament Government Commission Command Office Bureau Service Party Front Movement Guard Alliance
""")
_CONNECTORS = frozenset({"of", "for", "and", "the", "-", "in", "on", "de", "der", "von", "van", "al", "bin"})
# Lower-case title words that join a state word to a name: "Belarusian leader Jan Kowal".
_TITLE_WORDS = _words("""
leader spokesman spokeswoman spokesperson minister foreign defence defense deputy president prime ambassador
envoy chancellor secretary general chief commander official diplomat negotiator top senior adviser advisor
""")
_ANCHORS = _words("""
troop military army force tank missile weapon exercise drill war invade invasion attack border buildup build
sanction export tension threat threaten escalate escalation de-escalate talk dialogue diplomacy diplomatic
negotiation negotiate meeting agreement arm control transparency confidence withdraw barrack deploy
deployment nuclear cyber hybrid gas energy retaliatory retaliate aggression aggressive demand reject
concession security alliance expansion membership presence
""")


def make_nlp() -> Language:
    """Blank English + sentencizer + lookup lemmatizer: the same lemmas the classifier matches on."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    return make_nlp()


@lru_cache(maxsize=1)
def _lemma_table():
    return shared_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")


def lemmas(doc: Doc) -> list[str]:
    """Lower-cased lookup lemma of the lower-cased token (lookup lemmas are case-sensitive)."""
    table = _lemma_table()
    return [table.get(t.lower_, t.lower_).lower() for t in doc]


def read_corpus(corpus_dir: Path) -> list[tuple[str, str]]:
    """(file name, text) for every .txt file, sorted; README and other files are documentation."""
    files = sorted(p for p in Path(corpus_dir).glob("*.txt") if p.is_file())
    if not files:
        raise FileNotFoundError(f"{corpus_dir}: no .txt files")
    return [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in files]


def normalise_text(text: str) -> str:
    """Curly apostrophes to straight ones so that "Russia’s" splits like "Russia's"."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


# ----------------------------------------------------------------------------- signal matching


@dataclass(frozen=True)
class SignalHit:
    category: str
    signal: str
    pattern: str
    start: int  # token offsets [start, end)
    end: int


class SignalMatcher:
    """Lemma sequence matcher with "*" gaps, guarding escalation hits against a "de-" prefix.

    A reference matcher for derivation and coverage; the classifier has its own, held to the same
    pattern semantics by the tests.
    """

    def __init__(self, taxonomy: Taxonomy, nlp: Language | None = None) -> None:
        nlp = nlp or shared_nlp()
        self._by_first: dict[str, list[tuple[Category, str, str, tuple[str, ...]]]] = defaultdict(list)
        for category in taxonomy.categories:
            for signal in category.signals:
                for pattern in signal.patterns:
                    words = tuple(_pattern_lemma(nlp, w) for w in pattern.split())
                    self._by_first[words[0]].append((category, signal.id, pattern, words))

    def find(self, doc: Doc) -> list[SignalHit]:
        """All hits, longest first at each start; overlapping hits of one category keep the longest."""
        lem = lemmas(doc)
        hits: list[SignalHit] = []
        for i, first in enumerate(lem):
            for category, signal_id, pattern, words in self._by_first.get(first, ()):
                end = _match_at(lem, i, words)
                if end is None:
                    continue
                if category.direction == "escalation" and _negated_prefix(lem, i):
                    continue
                hits.append(SignalHit(category.id, signal_id, pattern, i, end))
        return _longest_per_category(hits)


def _pattern_lemma(nlp: Language, word: str) -> str:
    if word in (GAP, "-"):
        return word
    doc = nlp.make_doc(word)
    return lemmas(doc)[0] if len(doc) == 1 else word


def _match_at(lem: list[str], i: int, words: tuple[str, ...]) -> int | None:
    """End offset of `words` matched from token i (gaps take 0-3 tokens, shortest first), or None."""
    if not words:
        return i
    head, rest = words[0], words[1:]
    if head == GAP:
        for skip in range(MAX_GAP + 1):
            end = _match_at(lem, i + skip, rest)
            if end is not None:
                return end
        return None
    if i < len(lem) and lem[i] == head:
        return _match_at(lem, i + 1, rest)
    return None


def _negated_prefix(lem: list[str], i: int) -> bool:
    """True when the token at i continues "de-" / "non-" (so "de-escalate" is not "escalate")."""
    if i >= 2 and (lem[i - 2], lem[i - 1]) in _NEGATING_PREFIXES:
        return True
    return lem[i].startswith(("deescalat", "de-escalat"))


def _longest_per_category(hits: list[SignalHit]) -> list[SignalHit]:
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[SignalHit] = []
    covered: dict[str, set[int]] = defaultdict(set)
    for hit in hits:
        span = set(range(hit.start, hit.end))
        if span & covered[hit.category]:
            continue
        covered[hit.category] |= span
        kept.append(hit)
    return kept


# ----------------------------------------------------------------------------- actor resolution


@dataclass(frozen=True)
class Resolution:
    actor_id: str | None  # None for an unseen titled official resolved by its state word
    affiliation: str
    how: str  # "alias", "role", "demonym+title", "not_actor"


class ActorResolver:
    """Resolves a capitalised name to an actor by alias, role mention or state word + title."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.aliases: dict[str, Actor] = {a: actor for actor in taxonomy.actors for a in actor.aliases}
        self.mentions: dict[str, str] = {
            m: role.affiliation for actor in taxonomy.actors for role in actor.roles for m in role.mentions}
        self.not_actors = frozenset(taxonomy.not_actors)
        self.titles = sorted(taxonomy.titles, key=len, reverse=True)
        self.demonyms = sorted(taxonomy.demonyms, key=len, reverse=True)

    def resolve(self, name: str) -> Resolution | None:
        """Whole-name alias first, then the longest alias inside the name, then state word + title."""
        name = _strip_possessive(name)
        if name in self.not_actors:
            return Resolution(None, "", "not_actor")
        if name in self.taxonomy.demonyms and name not in self.aliases:
            return Resolution(None, self.taxonomy.demonyms[name], "demonym")
        if name in self.aliases:
            actor = self.aliases[name]
            return Resolution(actor.id, actor.affiliation, "alias")
        for mention in sorted(self.mentions, key=len, reverse=True):
            if _contains_words(name, mention):
                rest = _remove_words(name, mention)
                surname_actor = self._alias_inside(rest) if rest else None
                if surname_actor:
                    return Resolution(surname_actor.id, surname_actor.affiliation, "alias")
                affiliation = self._demonym_title(name) if rest else None
                if affiliation:  # a named person under a known title but not in the list: a new candidate
                    return Resolution(None, affiliation, "demonym+title")
                return Resolution(None, self.mentions[mention], "role")
        actor = self._alias_inside(name)
        if actor:
            return Resolution(actor.id, actor.affiliation, "alias")
        affiliation = self._demonym_title(name)
        if affiliation:
            return Resolution(None, affiliation, "demonym+title")
        if any(_contains_words(name, n) for n in self.not_actors):
            return Resolution(None, "", "not_actor")
        return None

    def _alias_inside(self, name: str) -> Actor | None:
        for alias in sorted(self.aliases, key=len, reverse=True):
            if _contains_words(name, alias):
                return self.aliases[alias]
        return None

    def _demonym_title(self, name: str) -> str | None:
        """'German Chancellor Olaf Scholz' -> DEU: a state word directly followed by a known title."""
        for word in self.demonyms:
            if not name.startswith(word + " "):
                continue
            rest = name[len(word) + 1:]
            if any(rest == t or rest.startswith(t + " ") or t.startswith(rest + " ") for t in self.titles):
                return self.taxonomy.demonyms[word]
        return None

    def is_title(self, name: str) -> bool:
        return name in self.taxonomy.titles


def _strip_possessive(name: str) -> str:
    return re.sub(r"\s*'s?$", "", name.strip())


def _contains_words(text: str, words: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(words)}(?![\w])", text) is not None


def _remove_words(text: str, words: str) -> str:
    return " ".join(re.sub(rf"(?<![\w.]){re.escape(words)}(?![\w])", " ", text).split())


# ----------------------------------------------------------------------------- capitalised names


@dataclass(frozen=True)
class NameSpan:
    text: str
    sentence: str


def _is_cap(token: Token) -> bool:
    text = token.text
    return bool(text[:1].isupper()) and any(c.isalpha() for c in text)


def name_spans(doc: Doc) -> Iterator[NameSpan]:
    """Maximal runs of capitalised tokens, joined by connectors ("of", "and", "-") between them."""
    for sent in doc.sents:
        tokens = list(sent)
        i = 0
        while i < len(tokens):
            if not _is_cap(tokens[i]):
                i += 1
                continue
            j = i + 1
            while j < len(tokens):
                if _is_cap(tokens[j]) or tokens[j].like_num and tokens[j - 1].whitespace_ and _is_cap(tokens[j - 1]):
                    j += 1
                    continue
                k = j
                while k < len(tokens) and (tokens[k].lower_ in _CONNECTORS or tokens[k].text in _TITLE_WORDS):
                    k += 1
                if k > j and k < len(tokens) and _is_cap(tokens[k]):
                    j = k + 1
                else:
                    break
            span = doc[tokens[i].i:tokens[j - 1].i + 1]
            yield from _clean_span(span, sent)
            i = j


def _clean_span(span: Span, sent: Span) -> Iterator[NameSpan]:
    """Drop generic capitalised words at the edges (sentence openers, weekdays, headings)."""
    words = [t for t in span if not (t.is_punct and t.text != "-" and t.text != ".")]
    while words and (words[0].text in GENERIC_CAPITALISED or words[0].lower_ in _CONNECTORS):
        words = words[1:]
    while words and (words[-1].text in GENERIC_CAPITALISED or words[-1].lower_ in _CONNECTORS
                     or words[-1].text in ("-", ".")):
        words = words[:-1]
    if not words:
        return
    text = span.doc[words[0].i:words[-1].i + 1].text
    text = _strip_possessive(text)
    if len(text) < 2 or not any(c.isalpha() for c in text) or text.isupper() and len(text) > 12:
        return
    yield NameSpan(text=text, sentence=" ".join(sent.text.split()))


@lru_cache(maxsize=1)
def _word_probs() -> dict | None:
    """spacy-lookups-data's English word log-probabilities (None when the table is not installed)."""
    try:
        from spacy.lookups import load_lookups

        return load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")
    except (ValueError, OSError, ImportError):
        return None


def _is_common_word(word: str) -> bool:
    """A word seen more often lower-case than capitalised is a common word, not a name."""
    probs = _word_probs()
    if probs is None or not word[:1].isalpha():
        return False
    lower = probs.get(word.lower())
    return lower is not None and lower > probs.get(word[:1].upper() + word[1:].lower(), -100.0)


def looks_like_actor(name: str, resolver: ActorResolver) -> bool:
    """Headline words ("Read More", "Showdown") and bare titles are not names of actors."""
    if resolver.is_title(name):
        return False
    words = [w for w in name.split() if w.lower() not in _CONNECTORS]
    if any(w in _ORG_HEADS for w in words):
        return True
    return not all(_is_common_word(w) for w in words)


# ----------------------------------------------------------------------------- derive


@dataclass
class Candidate:
    kind: str  # "actor" or "signal"
    text: str
    count: int
    example: str
    in_taxonomy: bool
    affiliation: str = ""
    category: str = ""
    extra: dict = field(default_factory=dict)


def parse_corpus(corpus_dir: Path, nlp: Language | None = None) -> list[Doc]:
    nlp = nlp or shared_nlp()
    return list(nlp.pipe(normalise_text(text) for _, text in read_corpus(corpus_dir)))


def derive_actor_candidates(docs: Iterable[Doc], taxonomy: Taxonomy) -> list[Candidate]:
    """Capitalised names with counts; known ones are flagged, unseen titled officials get their state."""
    resolver = ActorResolver(taxonomy)
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for doc in docs:
        for span in name_spans(doc):
            counts[span.text] += 1
            examples.setdefault(span.text, span.sentence)
    out = []
    for text, count in counts.most_common():
        res = resolver.resolve(text)
        known = res is not None and res.actor_id is not None or res is not None and res.how == "not_actor"
        out.append(Candidate("actor", text, count, _shorten(examples[text]), in_taxonomy=known,
                             affiliation=res.affiliation if res else "",
                             extra={"how": res.how if res else "unresolved"}))
    return out


def derive_signal_candidates(docs: Iterable[Doc], taxonomy: Taxonomy, min_count: int = 2,
                             matcher: SignalMatcher | None = None) -> list[Candidate]:
    """Lemma 1-3-grams around crisis vocabulary; flagged when an existing pattern covers them."""
    matcher = matcher or SignalMatcher(taxonomy)
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    covered: dict[str, str] = {}
    for doc in docs:
        lem = lemmas(doc)
        hits = matcher.find(doc)
        hit_tokens = {i: h.category for h in hits for i in range(h.start, h.end)}
        for sent in doc.sents:
            for n in (1, 2, 3):
                for i in range(sent.start, sent.end - n + 1):
                    gram = lem[i:i + n]
                    toks = doc[i:i + n]
                    if not _good_gram(gram, toks):
                        continue
                    key = " ".join(gram)
                    counts[key] += 1
                    examples.setdefault(key, " ".join(sent.text.split()))
                    cats = {hit_tokens[k] for k in range(i, i + n) if k in hit_tokens}
                    if cats and key not in covered:
                        covered[key] = sorted(cats)[0]
    return [Candidate("signal", key, c, _shorten(examples[key]), in_taxonomy=key in covered,
                      category=covered.get(key, ""))
            for key, c in counts.most_common() if c >= min_count]


def _good_gram(gram: list[str], toks: Span) -> bool:
    if any(t.is_punct and t.text != "-" or t.like_num or t.is_space for t in toks):
        return False
    if toks[0].is_stop or toks[-1].is_stop or toks[0].text == "-" or toks[-1].text == "-":
        return False
    if any(t.text[:1].isupper() for t in toks):
        return False  # names are actor candidates, not signal phrases
    return any(g in _ANCHORS for g in gram)


def _shorten(sentence: str, limit: int = 160) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit - 1] + "…"


# ----------------------------------------------------------------------------- check


@dataclass
class CoverageReport:
    category_hits: dict[str, int]
    signal_hits: dict[str, int]
    actor_mentions: dict[str, int]
    names_total: int
    names_resolved: int
    unresolved: list[tuple[str, int, str]]  # (name, count, example)

    @property
    def category_coverage(self) -> float:
        return _ratio(sum(1 for v in self.category_hits.values() if v), len(self.category_hits))

    @property
    def actor_resolution(self) -> float:
        return _ratio(self.names_resolved, self.names_total)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def check_coverage(docs: list[Doc], taxonomy: Taxonomy, matcher: SignalMatcher | None = None,
                   corpus_categories: Iterable[str] | None = None) -> CoverageReport:
    """Which categories, signals and actors the corpus evidences, and which names nothing resolves.

    `corpus_categories` restricts the coverage ratio to the categories meant to come from the corpus
    (the generic CAMEO-derived ones need not occur in a crisis corpus); by default all count.
    """
    matcher = matcher or SignalMatcher(taxonomy)
    wanted = set(corpus_categories) if corpus_categories is not None else {c.id for c in taxonomy.categories}
    category_hits = {c.id: 0 for c in taxonomy.categories if c.id in wanted}
    signal_hits = {s.id: 0 for c in taxonomy.categories for s in c.signals}
    for doc in docs:
        for hit in matcher.find(doc):
            if hit.category in category_hits:
                category_hits[hit.category] += 1
            signal_hits[hit.signal] += 1
    resolver = ActorResolver(taxonomy)
    actor_mentions = {a.id: 0 for a in taxonomy.actors}
    names: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for doc in docs:
        for span in name_spans(doc):
            names[span.text] += 1
            examples.setdefault(span.text, span.sentence)
    resolved = 0
    unresolved = []
    for name in list(names):
        if resolver.resolve(name) is None and not looks_like_actor(name, resolver):
            del names[name]
    for name, count in names.most_common():
        res = resolver.resolve(name)
        if res is None:
            unresolved.append((name, count, _shorten(examples[name])))
            continue
        resolved += count
        if res.actor_id:
            actor_mentions[res.actor_id] += count
    return CoverageReport(category_hits, signal_hits, actor_mentions, sum(names.values()), resolved,
                          unresolved)
