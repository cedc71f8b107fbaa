"""The text side of deriving a taxonomy from a corpus: reading it, finding actor-like names, the word lists
and the report shapes.

Pure text rules and data, no matching: `pipelines/taxonomy_check.py` reads the corpus with the classifier's
own matcher (one matcher for classification, derivation and coverage) and uses these to find names, choose
phrase candidates and shape `escmon taxonomy derive|check`'s reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from schemas.taxonomy import Taxonomy


def _words(text: str) -> frozenset[str]:
    """Word lists kept as readable blocks of text."""
    return frozenset(text.split())


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
ORG_HEADS = _words("""
Ministry Council Department Agency Committee Organization Organisation Union Army Forces Force Navy
Parliament Government Commission Command Office Bureau Service Party Front Movement Guard Alliance
""")
CONNECTORS = frozenset({"of", "for", "and", "the", "-", "in", "on", "de", "der", "von", "van", "al", "bin"})
# Crisis vocabulary (lemmas): a phrase candidate holds one of these.
# Lower-case title words that join a state word to a name: "Belarusian leader Jan Kowal".
TITLE_WORDS = _words("""
leader spokesman spokeswoman spokesperson minister foreign defence defense deputy president prime ambassador
envoy chancellor secretary general chief commander official diplomat negotiator top senior adviser advisor
""")
ANCHORS = _words("""
troop military army force tank missile weapon exercise drill war invade invasion attack border buildup build
sanction export tension threat threaten escalate escalation de-escalate talk dialogue diplomacy diplomatic
negotiation negotiate meeting agreement arm control transparency confidence withdraw barrack deploy
deployment nuclear cyber hybrid gas energy retaliatory retaliate aggression aggressive demand reject
concession security alliance expansion membership presence
""")


def read_corpus(corpus_dir: Path) -> list[tuple[str, str]]:
    """(file name, text) for every .txt file, sorted; README and other files are documentation."""
    files = sorted(p for p in Path(corpus_dir).glob("*.txt") if p.is_file())
    if not files:
        raise FileNotFoundError(f"{corpus_dir}: no .txt files")
    return [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in files]


def normalise_text(text: str) -> str:
    """Curly apostrophes to straight ones so that "Russia’s" splits like "Russia's"."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def strip_possessive(name: str) -> str:
    return re.sub(r"\s*'s?$", "", name.strip())


def contains_words(text: str, words: str) -> bool:
    """`words` occurs in `text` as whole words ("NATO" in "NATO summit", not in "NATOs")."""
    return re.search(rf"(?<![\w.]){re.escape(words)}(?![\w])", text) is not None


# ----------------------------------------------------------------------------- capitalised names


@dataclass(frozen=True)
class NameSpan:
    text: str
    sentence: str
    start: int  # token offsets [start, end) of the name in its doc
    end: int


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
                while k < len(tokens) and (tokens[k].lower_ in CONNECTORS or tokens[k].text in TITLE_WORDS):
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
    while words and (words[0].text in GENERIC_CAPITALISED or words[0].lower_ in CONNECTORS):
        words = words[1:]
    while words and (words[-1].text in GENERIC_CAPITALISED or words[-1].lower_ in CONNECTORS
                     or words[-1].text in ("-", ".")):
        words = words[:-1]
    if not words:
        return
    text = span.doc[words[0].i:words[-1].i + 1].text
    text = strip_possessive(text)
    if len(text) < 2 or not any(c.isalpha() for c in text) or text.isupper() and len(text) > 12:
        return
    yield NameSpan(text, " ".join(sent.text.split()), words[0].i, words[-1].i + 1)


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


def looks_like_actor(name: str, taxonomy: Taxonomy) -> bool:
    """Headline words ("Read More", "Showdown") and bare titles are not names of actors."""
    if name in taxonomy.titles:
        return False
    words = [w for w in name.split() if w.lower() not in CONNECTORS]
    if any(w in ORG_HEADS for w in words):
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


def good_gram(gram: list[str], toks: Span) -> bool:
    """A lemma n-gram worth proposing as a signal phrase: no names, numbers or stop-word edges, and one
    word of crisis vocabulary (ANCHORS)."""
    if any(t.is_punct and t.text != "-" or t.like_num or t.is_space for t in toks):
        return False
    if toks[0].is_stop or toks[-1].is_stop or toks[0].text == "-" or toks[-1].text == "-":
        return False
    if any(t.text[:1].isupper() for t in toks):
        return False  # names are actor candidates, not signal phrases
    return any(g in ANCHORS for g in gram)


def shorten(sentence: str, limit: int = 160) -> str:
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
