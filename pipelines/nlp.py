"""The spaCy side of the classifier: a lemma-normalised blank English pipeline and the taxonomy matchers.

Why NORM and not LEMMA: a lookup lemmatizer runs Python per token and its table is case-sensitive
("Troops" has no entry). Instead every lexeme's NORM is set once, when the vocabulary first sees the
string, to the lookup lemma of its lower-cased form. Matching on NORM then runs entirely in Cython
(PhraseMatcher/Matcher), and Python work is only done for documents that have a match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

import numpy
import spacy
from spacy.attrs import IDX, IS_PUNCT, LENGTH, LOWER, NORM, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.lookups import Table, load_lookups
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from schemas.bodies import international_bodies
from schemas.leaders import world_leaders
from schemas.states import state_names
from schemas.taxonomy import Actor, Taxonomy

GAP = "*"
MAX_GAP = 3
# A gap never spans these: "Bomber jackets return: how to wear one" is no "return * to".
GAP_STOPS = (":", ";", "—", "–", "(", ")", "|")
# Words of a quantity, which a pattern's gap does not count ("drove hundreds of thousands of Rohingya out of"),
# up to MAX_QUANTITY of them.
QUANTITY_WORDS = frozenset({"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million",
                            "millions", "tens", "scores", "several", "additional", "more", "than", "some"})
MAX_QUANTITY = 6
# A hyphenated prefix that reverses or cancels the word after it: "de-escalation" must never count
# as escalation, "non-aggression" not as aggression.
CANCELLING_PREFIXES = frozenset({"de", "non"})
MAX_NAME_TOKENS = 3
# Figurative objects: "fight poverty", "war on drugs", "battle against corruption" are not armed conflict.
# An escalation match followed within FIGURATIVE_REACH tokens by one of these lemmas is dropped.
FIGURATIVE_OBJECTS = frozenset({"poverty", "corruption", "crime", "drug", "disease", "hunger", "inflation",
                                "unemployment", "illiteracy", "pandemic", "epidemic", "virus", "cancer",
                                "malaria", "aids", "wildfire", "flood", "drought", "climate", "graft",
                                "eradicate", "famine", "obesity", "deficit", "smuggling", "trafficking",
                                # ailments a wellness page fights ("fight back pain", "battle anxiety")
                                "pain", "ache", "stress", "anxiety", "depression", "fatigue", "insomnia", "acne",
                                "wrinkle", "allergy", "flu", "infection", "addiction", "loneliness", "burnout",
                                "bloating", "craving", "dandruff", "inflammation", "clutter"})
FIGURATIVE_REACH = 3
# Market subjects: "markets rallied", "the rouble crashed", "prices soared" are not protests or attacks.
# An escalation match right after one of these lemmas (within MARKET_REACH tokens) is dropped.
MARKET_SUBJECTS = frozenset({"market", "stock", "share", "price", "rouble", "ruble", "currency", "bond",
                             "index", "dollar", "euro", "equity", "hryvnia"})
MARKET_REACH = 2
# A "rally" among a market's words is the market's: "the Nikkei share average ... extending a rally driven by
# chipmakers", "a rally in oil prices" (no march).
RALLY = "rally"
# (an exchange's words as written, and no protest's: a rally "against rising prices", "in the financial district
# as stocks fell", "to share their anger" is a protest)
RALLY_MARKET_WORDS = frozenset({"shares", "stocks", "equities", "bonds", "investors", "traders", "nikkei", "dow",
                                "nasdaq", "ftse", "dax", "sensex", "futures", "chipmakers"})
RALLY_PROTEST_WORDS = frozenset({"protest", "protests", "protesters", "demonstrators", "against", "opposition",
                                 "supporters", "crowd", "crowds", "thousands", "marched", "activists", "held"})
RALLY_MARKET_REACH = 16
# "Released" information (or a substance) is no concession: a single-word "release" match followed within
# FIGURATIVE_REACH tokens, or preceded within four by one ("no further details were released"), is dropped.
RELEASE_WORDS = frozenset({"release"})
INFORMATION_OBJECTS = frozenset({"detail", "statement", "report", "figure", "data", "video", "footage",
                                 "information", "document", "album", "film", "book", "result", "transcript",
                                 "readout", "name", "image", "photo", "photograph", "record", "list",
                                 "version", "update", "study", "survey", "poll", "statistic", "text",
                                 # and works and recipes: "releases his summer playlist"
                                 "playlist", "recipe", "trailer", "song", "episode", "podcast", "menu",
                                 # and plans put out: "released its election manifesto"
                                 "manifesto", "platform", "budget", "roadmap", "guideline", "forecast", "finding",
                                 # and counts: "has not released a full count of civilian casualties"
                                 "count", "toll", "tally", "estimate", "breakdown"})
# Substances let out, which are no captives released either: "released sarin nerve gas", "toxic fumes".
RELEASED_SUBSTANCES = frozenset({"gas", "sarin", "chemical", "fume", "smoke", "toxin", "radiation"})
# Month names that are also signal words ("protests in March"): a capitalised one is the month.
MONTHS = frozenset({"March"})
# Capitalised words after which "March" is a headline's verb: "Thousands March In Belgrade Against ...".
MONTH_PREPS = frozenset({"in", "by", "until", "since", "from", "of", "early", "late", "mid", "last", "next", "this",
                         "through", "till"})  # "Ceasefire Expires In March In Gaza"
MARCH_PREPS = frozenset({"in", "against", "on", "through", "to", "for", "across", "outside", "into", "toward",
                         "towards", "past", "over"})
_SLUG = re.compile(r"[^a-z0-9]+")


# Lookup-table lemmas that are wrong for the crisis vocabulary ("masses" -> "masse" would hide
# "Russia masses troops" from "mass * troop").
# "crew" is not the past of "crow" here, nor "imagines" the plural of "imago"; "laid down their arms" is the
# laying down of "lie down * arm" (the table reads "lay" as the past of "lie" but "laid", "laying" and "lays"
# as "lay"); "annexed" is no "annexe", "crosses" no "crosse"; the table lacks the inflections of "torch",
# "weaponize" and "deescalate" altogether.
LEMMA_FIXES = {"masses": "mass", "annexes": "annex", "annexed": "annex", "annexing": "annex", "crew": "crew",
               "imagines": "imagine", "laid": "lie", "laying": "lie", "lays": "lie", "torched": "torch",
               "torching": "torch",
               "weaponized": "weaponize", "weaponizing": "weaponize", "weaponizes": "weaponize",
               "weaponised": "weaponise", "weaponising": "weaponise", "weaponises": "weaponise",
               "deescalated": "deescalate", "deescalating": "deescalate", "deescalates": "deescalate",
               "crosses": "cross",
               # plurals of taxonomy nouns the lookup table lacks (it returned them unchanged, so "a string of
               # cyberattacks" matched nothing)
               "cyberattacks": "cyberattack", "cyberattackers": "cyberattacker", "warplanes": "warplane",
               # (and plurals it reads as their own nouns: "bombings" -> "bombing", whereas "bombing" -> "bomb")
               "bombings": "bomb", "shellings": "shell", "beheadings": "behead",
               "firefights": "firefight", "counteroffensives": "counteroffensive", "battlegroups": "battlegroup",
               "wargames": "wargame", "pushbacks": "pushback", "pullouts": "pullout", "ministerials": "ministerial",
               # (and American spellings and doubled consonants it lacks: "began airdropping food")
               "airdropping": "airdrop", "airdropped": "airdrop", "pummeled": "pummel", "pummeling": "pummel"}


class LemmaNorm:
    """Lexeme NORM getter: the lookup lemma of the lower-cased string (picklable, unlike a lambda)."""

    def __init__(self, lemmas: Table, exceptions: dict[str, str]) -> None:
        self.lemmas = lemmas
        self.exceptions = exceptions

    def __call__(self, string: str) -> str:
        if string in self.exceptions:
            return self.exceptions[string]
        lower = string.lower()
        return self.lemmas.get(lower, lower)


def _lemma_norm() -> LemmaNorm:
    lookups = load_lookups("en", ["lemma_lookup", "lexeme_norm"], strict=False)
    lemmas = lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else Table()
    for word, lemma in LEMMA_FIXES.items():
        lemmas.set(word, lemma)
    # spaCy's own norm exceptions (curly quotes, dashes, currency) keep working.
    exceptions = {"'s": "'s", "’s": "'s", "’": "'", "‘": "'", "”": '"', "“": '"', "—": "-", "–": "-"}
    return LemmaNorm(lemmas, exceptions)


def install_lemma_norms(nlp: Language) -> LemmaNorm:
    """Make NORM carry the lower-cased lookup lemma, for lexemes seen so far and all future ones."""
    getter = _lemma_norm()
    nlp.vocab.lex_attr_getters[NORM] = getter
    for lexeme in list(nlp.vocab):
        lexeme.norm_ = getter(lexeme.orth_)
    return getter


def build_nlp(taxonomy: Taxonomy | None = None, base: Language | None = None) -> Language:
    """Blank English (or `base`, a trained pipeline) with lemma NORMs and sentence boundaries.

    The taxonomy is not needed to build the Language itself; the matchers are built from it by
    `TaxonomyMatcher`. The argument is accepted so that callers read naturally.
    """
    nlp = base if base is not None else spacy.blank("en")
    if not isinstance(nlp.vocab.lex_attr_getters.get(NORM), LemmaNorm):
        install_lemma_norms(nlp)
    has_sents = any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer"))
    if not has_sents:
        nlp.add_pipe("sentencizer")
    return nlp


def slug(text: str) -> str:
    return _SLUG.sub("_", text.lower()).strip("_")


class RawSignal(NamedTuple):
    """A match before polarity (a NamedTuple: made a few times per sentence, several times cheaper
    than a frozen dataclass)."""

    signal_id: str
    start: int  # token indices
    end: int


class RawActor(NamedTuple):
    actor_id: str
    name: str
    type: str
    affiliation: str
    start: int
    end: int
    candidate: bool


@dataclass(frozen=True)
class _RoleHolder:
    actor: Actor
    start: date | None
    end: date | None

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class TaxonomyMatcher:
    """All taxonomy matchers over one vocabulary: signals on NORM, actors, roles and titles on text."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy) -> None:
        self.nlp = nlp
        self.taxonomy = taxonomy
        vocab = nlp.vocab
        self.strings = vocab.strings
        self.phrase_signals = PhraseMatcher(vocab, attr="NORM")
        self.segment_keys: set[int] = set()
        self.actors = PhraseMatcher(vocab, attr="ORTH")
        self.titles = PhraseMatcher(vocab, attr="LOWER")
        self.demonyms = PhraseMatcher(vocab, attr="ORTH")
        self.actor_by_key: dict[int, Actor] = {}
        self.roles_by_key: dict[int, list[_RoleHolder]] = {}
        self.role_affiliation: dict[int, tuple[str, str]] = {}
        self.demonym_by_key: dict[int, str] = {}
        self.state_by_affiliation = {a.affiliation: a for a in taxonomy.actors if a.type == "state"}
        self.hyphen = self.strings.add("-")
        self.gap_stops = {self.strings.add(p) for p in GAP_STOPS}
        self.quantity_words = frozenset(self.strings.add(w) for w in QUANTITY_WORDS)
        self.of = self.strings.add("of")
        self.cancelling = {self.strings.add(p) for p in CANCELLING_PREFIXES}
        self.figurative = frozenset(self.strings.add(w) for w in FIGURATIVE_OBJECTS)
        self.market = frozenset(self.strings.add(w) for w in MARKET_SUBJECTS)
        self.rally = self.strings.add(RALLY)
        self.rally_market = frozenset(self.strings.add(w) for w in RALLY_MARKET_WORDS)
        self.rally_protest = frozenset(self.strings.add(w) for w in RALLY_PROTEST_WORDS)
        self.release = frozenset(self.strings.add(w) for w in RELEASE_WORDS)
        self.information = frozenset(self.strings.add(w) for w in INFORMATION_OBJECTS | RELEASED_SUBSTANCES)
        self.months = frozenset(self.strings.add(w) for w in MONTHS)
        self.march_preps = frozenset(self.strings.add(w) for w in MARCH_PREPS)
        self.month_preps = frozenset(self.strings.add(w) for w in MONTH_PREPS)
        self.escalation_keys = frozenset(self.strings.add(s.id) for c in taxonomy.categories
                                         if c.direction == "escalation" for s in c.signals)
        self._add_signals(taxonomy)
        self._add_actors(taxonomy)

    # -- building -------------------------------------------------------------------------------
    def _add_signals(self, taxonomy: Taxonomy) -> None:
        """Plain patterns go to one NORM PhraseMatcher; a gapped pattern ('mass * troop') is split at
        its gaps into segments matched by the same PhraseMatcher and chained in Python, which is much
        faster than Matcher wildcards."""
        self.gapped: dict[int, list[tuple[int, list[int]]]] = {}  # first segment key -> patterns
        vocab = self.nlp.vocab
        for category in taxonomy.categories:
            for signal in category.signals:
                phrases = []
                signal_key = self.strings.add(signal.id)
                for pattern in signal.patterns:
                    words = pattern.split()
                    if GAP not in words:
                        phrases.append(Doc(vocab, words=words))
                        continue
                    keys = [self._segment(seg) for seg in " ".join(words).split(f" {GAP} ")]
                    self.gapped.setdefault(keys[0], []).append((signal_key, keys))
                if phrases:
                    self.phrase_signals.add(signal.id, phrases)

    def _segment(self, phrase: str) -> int:
        name = f"segment:{phrase}"
        key = self.strings.add(name)
        if key not in self.segment_keys:
            self.segment_keys.add(key)
            self.phrase_signals.add(name, [Doc(self.nlp.vocab, words=phrase.split())])
        return key

    def _add_actors(self, taxonomy: Taxonomy) -> None:
        make_doc = self.nlp.make_doc
        aliases = {alias for actor in taxonomy.actors for alias in actor.aliases}
        listed = {actor.id for actor in taxonomy.actors} | {actor.affiliation for actor in taxonomy.actors}
        # international bodies the taxonomy does not list, under the aliases it does not use
        bodies = [replace(body, aliases=tuple(a for a in body.aliases if a not in aliases))
                  for body in international_bodies() if body.id not in listed]
        # world leaders the taxonomy does not list (its officials keep their dated roles), likewise
        leaders = [replace(leader, aliases=tuple(a for a in leader.aliases if a not in aliases))
                   for leader in world_leaders() if leader.name not in aliases]
        for actor in [*taxonomy.actors, *(other for other in (*bodies, *leaders) if other.aliases)]:
            key = self.strings.add(f"actor:{actor.id}")
            self.actor_by_key[key] = actor
            self.actors.add(f"actor:{actor.id}", [make_doc(alias) for alias in _both_spellings(actor.aliases)])
            for role in actor.roles:
                for mention in role.mentions:
                    rkey = self.strings.add(f"role:{mention}")
                    if rkey not in self.roles_by_key:
                        self.actors.add(f"role:{mention}", [make_doc(mention)])
                        self.roles_by_key[rkey] = []
                    self.roles_by_key[rkey].append(_RoleHolder(actor, role.start, role.end))
                    self.role_affiliation.setdefault(rkey, (role.affiliation, role.title))
        self.not_actor_key = self.strings.add("not_actor")
        blockers = getattr(taxonomy, "not_actors", ())
        if blockers:
            self.actors.add("not_actor", [make_doc(name) for name in blockers])
        first_words = set()
        for title in taxonomy.titles:
            title_doc = make_doc(title.lower())
            self.titles.add("title", [title_doc])
            if len(title_doc):
                first_words.add(title_doc[0].lower)
        self.title_firsts = frozenset(first_words)
        self.state_names: dict[str, str] = {}
        for word, (alpha3, name) in state_names().items():
            if word not in taxonomy.demonyms and word not in aliases:
                self._add_demonym(word, alpha3)  # a taxonomy state by another name resolves to it in `_bare`
                if alpha3 not in self.state_by_affiliation:
                    self.state_names[alpha3] = name
        for word, affiliation in taxonomy.demonyms.items():
            self._add_demonym(word, affiliation)

    def _add_demonym(self, word: str, affiliation: str) -> None:
        make_doc = self.nlp.make_doc
        key = self.strings.add(f"demonym:{word}")
        self.demonym_by_key[key] = affiliation
        self.demonyms.add(f"demonym:{word}", [make_doc(word)])
        # Also in the actor matcher, so that one matcher call per doc finds both.
        self.actors.add(f"demonym:{word}", [make_doc(word)])

    # -- matching -------------------------------------------------------------------------------
    def signals(self, doc: Doc, arrays: DocArrays) -> list[RawSignal]:
        """Longest non-overlapping signal matches, minus those inside a cancelling compound."""
        found = self.phrase_signals(doc)
        if not found:
            return []
        segments: dict[int, list[tuple[int, int]]] = {}
        spans: list[tuple[int, int, int]] = []
        for key, start, end in found:
            if key in self.segment_keys:
                segments.setdefault(key, []).append((start, end))
            else:
                spans.append((start, end, key))
        if segments:
            spans.extend(self._chain_gaps(segments, arrays))
        strings = self.strings
        kept = [sp for sp in spans if not self._cancelled(arrays, sp[0]) and not self._spurious(arrays, *sp)]
        return [RawSignal(strings[key], s, e) for s, e, key in _longest_first(kept)]

    def _spurious(self, arrays: DocArrays, start: int, end: int, key: int) -> bool:
        """A capitalised month mid-sentence, a participle in a hyphenated modifier ("Russian-backed",
        "NATO-led"), an escalation word with a figurative object or a market as subject, or a release
        of information ("released the figures", "no details were released")."""
        if end - start == 1 and start > 0:
            orth = arrays.orth(start)
            if orth in self.months and not (end < len(arrays.idx) and arrays.lower(end) in self.march_preps
                                             and arrays.orth(end) != arrays.lower(end)
                                             and arrays.lower(start - 1) not in self.month_preps):
                return True  # (but "Tens Of Thousands March In Belgrade": a Title Case headline's verb)
            if start > 1 and arrays.orth(start - 1) == self.hyphen and not arrays.space(start - 1) \
                    and not arrays.space(start - 2) and self.strings[orth].endswith("ed"):
                return True
        if end - start == 1 and arrays.norm(start) == self.rally:
            near = arrays.lowers(max(0, start - RALLY_MARKET_REACH), end + RALLY_MARKET_REACH)
            if not self.rally_market.isdisjoint(near) and self.rally_protest.isdisjoint(near):
                return True
        if key in self.escalation_keys:
            return not (self.figurative.isdisjoint(arrays.norms(end, end + FIGURATIVE_REACH))
                        and self.market.isdisjoint(arrays.norms(max(0, start - MARKET_REACH), start)))
        if end - start == 1 and arrays.norm(start) in self.release:
            return not (self.information.isdisjoint(arrays.norms(end, end + FIGURATIVE_REACH))
                        and self.information.isdisjoint(arrays.norms(max(0, start - MARKET_REACH - 2), start)))
        return False

    def _quantity_gap(self, arrays: DocArrays) -> Callable[[int, int], int]:
        """How many tokens of [a, b) count toward a pattern's gap: not the words of a quantity ("dozens of",
        "hundreds of thousands of", "2,000"), and a hyphenated compound as one word ("fired two anti-ship
        missiles")."""
        quantity, of, hyphen = self.quantity_words, self.of, self.hyphen

        def gap(a: int, b: int) -> int:
            counted, after_quantity = 0, False
            for i in range(a, b):
                lower = arrays.lower(i)
                if lower in quantity or self.strings[lower][:1].isdigit():
                    after_quantity = True
                elif lower == of and after_quantity:
                    after_quantity = False
                elif lower == hyphen and a < i < b - 1:
                    counted -= 1  # "anti - ship": the hyphen joins two counted words into one
                else:
                    counted, after_quantity = counted + 1, False
            return counted
        return gap

    def _chain_gaps(self, segments: dict[int, list[tuple[int, int]]], arrays: DocArrays) -> list[tuple[int, int, int]]:
        """Matches of the gapped patterns ("cross * border"), but for two words joined by a hyphen: a
        "cross-border" trade route or link crosses nothing."""
        out = []
        gap = self._quantity_gap(arrays)
        for first, hits in segments.items():
            for signal_key, keys in self.gapped.get(first, ()):
                for start, end in hits:
                    stop = _chain(segments, keys[1:], end, gap)
                    if stop is not None and not (stop - start == 3 and self._joined(arrays, start + 1)) \
                            and not any(arrays.orth(i) in self.gap_stops for i in range(start + 1, stop - 1)):
                        out.append((start, stop, signal_key))
        return out

    def _joined(self, arrays: DocArrays, i: int) -> bool:
        """Token i is a hyphen written between two words without spaces."""
        return arrays.orth(i) == self.hyphen and not arrays.space(i - 1) and not arrays.space(i)

    def _cancelled(self, arrays: DocArrays, start: int) -> bool:
        """True for a match starting right after 'de-' / 'non-' written without spaces."""
        if start < 2:
            return False
        return arrays.orth(start - 1) == self.hyphen and not arrays.space(start - 1) \
            and not arrays.space(start - 2) and arrays.lower(start - 2) in self.cancelling

    def actor_mentions(self, doc: Doc, day: date, sent_starts: list[int] | None = None) -> list[RawActor]:
        """Known aliases, dated roles, then demonym + title candidates and bare demonyms, no overlaps.

        `sent_starts`: the doc's sentence starts when they are not annotated on the doc itself."""
        hits = self.actors(doc)
        demonym_of = self.demonym_by_key
        demonyms = [hit for hit in hits if hit[0] in demonym_of]
        if demonyms:
            hits = [hit for hit in hits if hit[0] not in demonym_of]
        blocked = [(s, e) for key, s, e in hits if key == self.not_actor_key]
        known = _pick([self._known(key, s, e, day) for key, s, e in hits if key != self.not_actor_key])
        title_spans = {(s, e) for key, s, e in hits if key != self.not_actor_key and key not in self.actor_by_key}
        known = _others_titles(doc, _names_over_titles(known, title_spans), title_spans)
        if blocked:  # "The Washington Times" is not Washington
            known = _pick(known + [RawActor("", "", "", "", s, e, False) for s, e in blocked])
            known = [k for k in known if k.actor_id]
        if not demonyms:
            return known
        taken = _occupied(known) | {i for s, e in blocked for i in range(s, e)}
        titled = self._titled(doc, demonyms, taken, sent_starts)
        taken |= _occupied(titled)
        bare = [self._bare(key, s, e) for key, s, e in demonyms if not taken.intersection(range(s, e))]
        mentions = known + titled + _pick([b for b in bare if b is not None])
        return sorted(mentions, key=lambda m: m.start)

    def _known(self, key: int, start: int, end: int, day: date) -> RawActor:
        actor = self.actor_by_key.get(key)
        if actor is not None:
            return RawActor(actor.id, actor.name, actor.type, actor.affiliation, start, end, False)
        holders = [h for h in self.roles_by_key.get(key, ()) if h.held_on(day)]
        if holders:
            a = holders[0].actor
            return RawActor(a.id, a.name, a.type, a.affiliation, start, end, False)
        affiliation, title = self.role_affiliation[key]
        return RawActor(f"{affiliation}:{slug(title)}", f"{affiliation} {title}", "official", affiliation,
                        start, end, True)

    def _titled(self, doc: Doc, demonyms: list, taken: set[int],
                sent_starts: list[int] | None = None) -> list[RawActor]:
        """'German Chancellor Olaf Scholz', "Russia's deputy foreign minister": state word + title + name.

        The title matcher only runs when a title's first word follows a state word: most demonyms
        ("Russian troops") have none, and a matcher call costs more than the test."""
        n_tokens = len(doc)
        title_starts = [d_end + 1 if d_end < n_tokens and doc[d_end].norm_ == "'s" else d_end
                        for _, _, d_end in demonyms]
        if not any(t < n_tokens and doc[t].lower in self.title_firsts for t in title_starts):
            return []
        titles = self.titles(doc)
        if not titles:
            return []
        title_at: dict[int, int] = {}
        for _, start, end in titles:
            title_at[start] = max(end, title_at.get(start, start))
        out = []
        for (key, d_start, _), t_start in zip(demonyms, title_starts, strict=True):
            t_end = title_at.get(t_start)
            if t_end is None:
                continue
            n_end = _name_end(doc, t_end, sent_starts)
            if taken.intersection(range(d_start, n_end)):
                continue
            affiliation = self.demonym_by_key[key]
            name = doc[t_end:n_end].text if n_end > t_end else doc[d_start:t_end].text
            out.append(RawActor(f"{affiliation}:{slug(name)}", name, "official", affiliation, d_start, n_end, True))
        return _pick(out)

    def _bare(self, key: int, start: int, end: int) -> RawActor | None:
        affiliation = self.demonym_by_key[key]
        state = self.state_by_affiliation.get(affiliation)
        if state is not None:
            return RawActor(state.id, state.name, state.type, state.affiliation, start, end, False)
        name = self.state_names.get(affiliation)
        if name is not None:  # a state the taxonomy does not list, named by ISO 3166
            return RawActor(affiliation, name, "state", affiliation, start, end, False)
        return RawActor(affiliation, affiliation, "state", affiliation, start, end, True)


def _name_end(doc: Doc, start: int, sent_starts: list[int] | None = None) -> int:
    """A personal name right after a title: up to three capitalised tokens ('Olaf Scholz')."""
    end = start
    while end < len(doc) and end - start < MAX_NAME_TOKENS and doc[end].is_title and doc[end].is_alpha \
            and not (doc[end].is_sent_start if sent_starts is None else end in sent_starts):
        end += 1
    return end


def _chain(segments: dict[int, list[tuple[int, int]]], rest: list[int], end: int,
           gap: Callable[[int, int], int] = lambda a, b: b - a) -> int | None:
    """End of the nearest chain of the remaining segments, each starting 0-3 tokens after the last (tokens of a
    quantity not counted, by `gap`: "rushed tens of thousands of additional troops")."""
    for key in rest:
        near = [(s, e) for s, e in segments.get(key, ()) if end <= s <= end + MAX_GAP + MAX_QUANTITY
                and (s - end <= MAX_GAP or gap(end, s) <= MAX_GAP)]
        if not near:
            return None
        end = min(near)[1]
    return end


class DocArrays:
    """Token attributes of one doc read once with Doc.to_array (Cython), so that rules never create
    Token objects. Values stay in one numpy array: turning every 64-bit hash into a Python int cost
    more than all the matching, so callers take single values or the slices they need."""

    __slots__ = ("cols", "sent_starts", "idx", "length", "_norms")

    def __init__(self, doc: Doc, sentences: RuleSentences | None = None) -> None:
        """`sentences`: split by the sentencizer's rule here instead of reading the doc's annotation
        (for docs that were only tokenised)."""
        self._norms: list[int] | None = None
        if len(doc) == 0:
            self.cols = numpy.zeros((0, len(_COLUMNS)), dtype=numpy.uint64)
            self.sent_starts, self.idx, self.length = [0], [], []
            return
        if sentences is None:
            self.cols = cols = doc.to_array(_COLUMNS)
            starts = numpy.flatnonzero(cols[:, _SENT] == 1).tolist()
            self.sent_starts = starts if starts and starts[0] == 0 else [0, *starts]
        else:
            self.cols = cols = doc.to_array(sentences.columns)
            self.sent_starts = sentences.starts(cols)
        self.idx, self.length = cols[:, _IDX:_LENGTH + 1].T.tolist()  # small ints: cheap to convert

    def norm(self, i: int) -> int:
        return int(self.cols[i, _NORM])

    def lower(self, i: int) -> int:
        return int(self.cols[i, _LOWER])

    def orth(self, i: int) -> int:
        return int(self.cols[i, _ORTH])

    def space(self, i: int) -> bool:
        return bool(self.cols[i, _SPACE])

    def norms(self, start: int, end: int) -> list[int]:
        if self._norms is None:
            self._norms = self.cols[:, _NORM].tolist()
        return self._norms[start:end]

    def lowers(self, start: int, end: int) -> list[int]:
        return self.cols[start:end, _LOWER].tolist()

    def keys(self, start: int, end: int) -> tuple[list[int], list[int], list[int]]:
        """(norms, lowers, orths) of tokens [start, end)."""
        norms, lowers, orths = self.cols[start:end, :3].T.tolist()
        return norms, lowers, orths

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        return self.idx[start], self.idx[end - 1] + self.length[end - 1]


_COLUMNS = [NORM, LOWER, ORTH, IDX, LENGTH, SPACY, SENT_START]
_NORM, _LOWER, _ORTH, _IDX, _LENGTH, _SPACE, _SENT = range(len(_COLUMNS))
_PUNCT, _STOP = len(_COLUMNS), len(_COLUMNS) + 1  # extra columns of RuleSentences.columns


class SentencePunct:
    """Lexeme flag getter: the string is one of the sentencizer's sentence-final characters (picklable)."""

    def __init__(self, punct_chars: frozenset[str]) -> None:
        self.punct_chars = punct_chars

    def __call__(self, string: str) -> bool:
        return string in self.punct_chars


class RuleSentences:
    """spaCy's Sentencizer rule computed from token arrays, for docs that were only tokenised.

    The Sentencizer walks every token as a Python Token object, which cost more than all signal
    matching on real-news sentences. Its rule: after a sentence-final character (`punct_chars`), the
    next token that is neither punctuation nor such a character starts a sentence. The character test
    is a lexeme flag, so both tests come out of the one Doc.to_array call the classifier makes anyway.
    """

    def __init__(self, nlp: Language, punct_chars: frozenset[str]) -> None:
        vocab = nlp.vocab
        flag = next((key for key, getter in vocab.lex_attr_getters.items()
                     if isinstance(getter, SentencePunct) and getter.punct_chars == punct_chars), None)
        if flag is None:
            flag = vocab.add_flag(SentencePunct(punct_chars))
        self.columns = [*_COLUMNS, IS_PUNCT, flag]

    @classmethod
    def for_pipeline(cls, nlp: Language) -> RuleSentences | None:
        """The rule when `nlp` runs nothing but a Sentencizer after the tokenizer, else None (a parser or
        senter must run)."""
        if nlp.pipe_names != ["sentencizer"]:
            return None
        sentencizer = nlp.get_pipe("sentencizer")
        if type(sentencizer) is not Sentencizer:
            return None
        return cls(nlp, frozenset(sentencizer.punct_chars))

    def starts(self, cols: numpy.ndarray) -> list[int]:
        """Sentence start token indices (0 first) from columns read with `self.columns`."""
        finals = numpy.flatnonzero(cols[:, _STOP]).tolist()
        if not finals:
            return [0]
        punct, stop = cols[:, _PUNCT], cols[:, _STOP]
        n = len(cols)
        starts = [0]
        reached = 0
        for j in finals:
            if j < reached:  # inside the punctuation run already scanned
                continue
            i = j + 1
            while i < n and (punct[i] or stop[i]):
                i += 1
            if i < n:
                starts.append(i)
            reached = i
        return starts


def _longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Greedy non-overlapping selection, longest span first, ties by position; result in text order."""
    if len(spans) < 2:
        return list(spans)
    ordered = sorted(spans)
    if all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:], strict=False)):  # common case: no overlap
        return ordered
    chosen: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if used.isdisjoint(range(span[0], span[1])):
            chosen.append(span)
            used.update(range(span[0], span[1]))
    return sorted(chosen)


def _pick(mentions: list[RawActor]) -> list[RawActor]:
    if len(mentions) < 2:
        return list(mentions)
    picked = _longest_first([(m.start, m.end, str(i)) for i, m in enumerate(mentions)])
    return [mentions[int(i)] for _, _, i in picked]


def _occupied(mentions: list[RawActor]) -> set[int]:
    taken: set[int] = set()
    for m in mentions:
        taken.update(range(m.start, m.end))
    return taken


def _names_over_titles(mentions: list[RawActor], title_spans: set[tuple[int, int]]) -> list[RawActor]:
    """'Secretary of State Antony Blinken': the name says who it is; the title's holder on the item's day
    (a successor, when an old office holder is named) must not be reported beside it."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: list[RawActor] = []
    for here, after in zip(ordered, [*ordered[1:], None][:len(ordered)], strict=True):
        if ((here.start, here.end) in title_spans and after is not None and after.start == here.end
                and (after.start, after.end) not in title_spans):
            continue
        out.append(here)
    return out


def _others_titles(doc: Doc, mentions: list[RawActor], title_spans: set[tuple[int, int]]) -> list[RawActor]:
    """'ECOWAS Commission President Omar Touray': a title after another body's name or an acronym is that body's
    office, not the taxonomy's holder of a title of the same words (the EU's Commission President)."""
    ends = {m.end: m.affiliation for m in mentions}
    out = []
    for m in mentions:
        if (m.start, m.end) in title_spans and m.start > 0 and (
                ends.get(m.start, m.affiliation) != m.affiliation
                or (doc[m.start - 1].is_upper and len(doc[m.start - 1]) > 1 and m.start not in ends)):
            continue
        out.append(m)
    return out


# A body's name as British and American news spell it: "Organisation for Security and Co-operation in Europe".
# (not "Labor"/"Labour": Australia's party and Britain's are two)
SPELLINGS = (("Organization", "Organisation"), ("Cooperation", "Co-operation"), ("Defense", "Defence"),
             ("Program", "Programme"), ("Center", "Centre"))


def _both_spellings(aliases: tuple[str, ...]) -> list[str]:
    """Each alias with every word of `SPELLINGS` also in its other spelling, so neither reads as a stranger."""
    spelled = dict.fromkeys(aliases)
    for alias in aliases:
        variant = alias
        for one, other in SPELLINGS:
            if re.search(rf"\b{one}\b", alias):
                variant = re.sub(rf"\b{one}\b", other, variant)
            else:
                variant = re.sub(rf"\b{other}\b", one, variant)
        spelled.setdefault(variant)
    return list(spelled)
