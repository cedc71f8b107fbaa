"""Classify a news text against the taxonomy: actors, signals with polarity, dyads, a signed score.

Usable without Beam (the CLI and tests call it directly); the Beam transforms wrap `classify_many`.
The score is the sum of signed signal contributions (escalation positive, de-escalation negative),
each being the category weight times the polarity factor; the label is read off with thresholds.

Sentence-level rules on top of the polarity of each signal (see `_signals`): later directional
signals in a sentence count less; what follows an appeal or a demand (CAMEO 02, 10) is asked for, not
done; de-escalation after a rejection (CAMEO 12) is what was rejected; an undoing verb matched as a
signal of its own is only the operator of the escalation it undoes; a negated de-escalation word that
governs an escalation ("no plans to invade") passes its negation on instead of flipping.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import spacy
from spacy.attrs import NORM
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Token

from pipelines.binding import WORK_TOPICS, Binding, acts_on_work, bind, must_governs
from pipelines.nlp import DocArrays, LemmaNorm, RawActor, RawSignal, RuleSentences, TaxonomyMatcher, build_nlp, slug
from pipelines.parse import PARSER_PACKAGE, is_title_case, load_parser, parse, sentence_doc
from pipelines.polarity import (
    APPEAL_FACTOR,
    ASSERTED,
    BACKGROUND_FACTOR,
    DENIED,
    DENY_VERBS,
    HYPOTHETICAL,
    HYPOTHETICAL_FACTOR,
    NEGATED,
    NEGATED_DEESCALATION_FACTOR,
    REPORTED,
    REPORTED_FACTOR,
    STOP_VERBS,
    UNDO_VERBS,
    UNDONE_ESCALATION_FACTOR,
    Lexicon,
    Sentence,
    assess,
    declined_comment,
    obliged,
)
from pipelines.political import NONE as NONE_MARK
from pipelines.political import STRONG_MARK, PoliticalWords
from pipelines.revision import classification_version
from schemas.states import state_names
from schemas.taxonomy import Category, Taxonomy, load_taxonomy

ESCALATION = "escalation"
DEESCALATION = "de-escalation"
NEUTRAL = "neutral"
# A single asserted signal of weight >= 1 decides the label; hypothetical-only or heavily hedged
# evidence (factor 0.4 x weight 1) stays neutral.
ESCALATION_THRESHOLD = 0.5
DEESCALATION_THRESHOLD = 0.6
# Calling de-escalation "escalation" is the costly error (alerts fire on it), so escalation must
# outweigh any de-escalation evidence by this ratio; otherwise de-escalation wins.
ESCALATION_DOMINANCE = 2.0
# News sentences lead with the main event; later signals in the same sentence are mostly its setting,
# cause or complement ("offered talks following the invasion").
LATER_SIGNAL_FACTOR = 0.5
# An escalation noun used as a modifier ("the invasion forces withdrew") names who acts, not the event.
MODIFIER_FACTOR = 0.3
MODIFIED_NOUNS = ("force", "troop", "army", "soldier", "unit", "fleet")
# How close (tokens) an operator must be to the signal it governs: "called off a four-day strike",
# "no plans to invade".
OPERATOR_REACH = 5
GOVERNED_REACH = 3
LEFT_REACH = 4  # "pulled out of the Gaza ceasefire talks": the break's words, then what was left
# CAMEO roots 02 (appeal) and 10 (demand): what follows an appeal or a demand in its sentence is asked
# for, not done ("urged Iran and the EU trio (France, Germany, Britain) to reach an agreement"), however
# far it is from the verb.
APPEAL_CAMEOS = frozenset({"02", "10"})
AGREE_CAMEO = "03"
# Verbs of a decision: agreeing to a hostile act is that act, not cooperation ("the EU agreed to freeze the
# assets of 19 officials", "decided to expel the ambassador").
DECISION_WORDS = frozenset({"agree", "decide", "approve", "vote", "resolve"})
JOINT_WORDS = frozenset({"jointly", "together", "joint", "mutually"})
# Verbs that stop, lower or lift the measure they take ("agreed to cut / scrap tariffs"): no hostile act decided.
LOWERING_VERBS = STOP_VERBS | {"cut", "lower", "slash", "remove", "scrap", "waive", "phase"}
# CAMEO root 12 (reject): de-escalation after a rejection in its sentence is what was rejected ("rejected
# the president's proposal for a cease-fire"): it must not count as de-escalation.
REJECT_CAMEO = "12"
DEMAND_CAMEO = "10"  # a demand's de-escalation content is what it asks for: it counts nothing
# ... and what criticism or an accusation holds is what is blamed ("accused Rwanda of sending troops to support
# M23"): CAMEO codes the accusation, and the cooperation it alleges counts nothing
CRITICISM_CAMEO = "11"
# Acceptance refused is a rejection of what follows, not a negation carried to it: "would not accept the
# deployment of European troops" (unlike "no plans to invade").
REFUSED_ACCEPTANCES = frozenset({"accept", "tolerate", "allow", "permit"})
CLAIM_REACH = 4  # "rejecting his lawyers' argument"
# CAMEO root 14 (protest): a protest ended by the state's force ("police broke up the rally", "troops halted
# the march") is repression (CAMEO 17, the taxonomy's REPRESSION_SIGNAL), not a concession; ended by its
# organisers ("called off the march") it is one.
PROTEST_CAMEO = "14"
# Coercion (a ban, an arrest, a seizure): read even in a story of entertainment or sport when a political agent
# does it ("the government banned a film critical of the president"); other words there are the story's.
COERCION_CAMEO = "17"
STORY_SENSE = "an entertainment or sport story"
REPRESSION_SIGNAL = "repress"
# Exercises held jointly by partners, in no hostile setting (binding.Binding.joint), are CAMEO 062, military
# cooperation: "the US and Philippine navies held joint exercises".
COOPERATION_SIGNAL = "material"
# A strike by working people (see binding.LABOUR_PEOPLE) is CAMEO's protest (14), whatever signal matched it.
LABOUR_SIGNAL = "protest"
# Withdrawing a cooperating presence (inspectors, peacekeepers, aid workers: binding.PRESENCES) is CAMEO 166,
# reduced relations, not a drawdown.
REDUCE_SIGNAL = "break_relations"
# Cooperation that "must" happen, laid on a party ("X must withdraw", polarity.obliged), is CAMEO 10, a demand.
DEMAND_SIGNAL = "demand"
# An attack made of words (binding.ATTACK_WORDS in a speech, "a scathing attack") is CAMEO 11, criticism.
CRITICISM_SIGNAL = "criticise"
THREAT_SIGNAL = "threat"
INTENT_SIGNAL = "intent"
# What a side says it could do is a threat when it is force or coercion (CAMEO 17-20: "his country could launch a
# new ground operation"), or a protest, a posture or a cut in relations it takes (14-16: "could deploy missiles in
# Belarus", "could downgrade relations"); not a sending ("could send more tanks to Ukraine" may be aid)
COERCION_CAMEO_NUMBER = 17
THREAT_CAMEO = "13"  # what a side says it would do in return is the threat itself ("would respond forcefully")
YIELD_CAMEO = "08"  # a concession told as not made is withheld (mild conflict), unlike a talk that did not happen
# Cooperation that complies with what another asks: told as not done ("did not accept", "has not cooperated with
# inspectors"), it is withheld, as a concession is.
COMPLIANCE = frozenset({"accept", "cooperate", "comply", "allow", "permit", "honour", "honor", "implement",
                        "respect", "abide", "heed", "release", "free", "withdraw", "lift", "return"})
GIVING_VERBS = frozenset({"send", "supply", "provide", "deliver", "give"})  # posture words that may be aid
OTHERS_PRONOUNS = frozenset({"they", "them", "their"})
THREAT_MODALS = frozenset({"could", "would", "will", "may", "might", "can", "'ll"})
CONDITION_MARKS = frozenset({"if", "unless"})
TRAINING = frozenset({"train"})  # military help only between two sides (see `_between_two_sides`)
# Who forecasts rather than warns: "Russia could attack if Ukraine fell, the think tank said".
FORECASTERS = frozenset({"analyst", "expert", "tank", "institute", "scholar", "researcher", "observer", "commentator",
                         "economist", "report", "study", "diplomat"})
# A will, not a possibility: "Russia could attack if Ukraine fell" forecasts, "Russia would invade if" warns.
CONDITIONAL_WILLS = frozenset({"would", "will", "'ll", "wo"})
DELIBERATION = frozenset({"whether", "consider", "considering", "considers", "considered", "weigh", "weighing",
                          "weighs", "weighed", "mull", "mulling", "mulls", "mulled"})
# An escalation the parse shows being undone ("returned the seized tanker", "called off the march") is a
# concession as large as the act; the cue-word rule alone (UNDONE_ESCALATION_FACTOR) is less sure.
PARSED_UNDONE_FACTOR = -1.0
SIGN = {ESCALATION: 1.0, DEESCALATION: -1.0, NEUTRAL: 0.0}
# The type of a candidate actor read off the parse: a name the taxonomy lacks, kept so it can be reviewed.
UNKNOWN_TYPE = "unknown"
# CAMEO roots 14-20 (protest, force posture, reduced relations, coercion, assault, fight, mass violence) are
# material conflict: bound by a political target alone ("a gunman shot the senator").
MATERIAL_CONFLICT_CAMEO = 14
# An appeal for a hostile measure against a named state or body ("called for sanctions against Zimbabwe",
# "urged NATO to strike Serbia"; not a deployment "to" a place, CAMEO 15) is a demand against that target
# (CAMEO 10, verbal conflict), not the neutral appeal that asks for calm or talks: it counts like a demand,
# though the measure is not taken.
HOSTILE_MEASURE_CAMEO = 16
# Categories whose acts are flows or works (a pipeline, gas deliveries): stopping one is no concession,
# often the coercion itself, so an undoing cue word does not turn it into de-escalation.
STOPPED_IS_COERCION = frozenset({"energy_coercion"})
# Actor types an unknown named agent binds to (see Classifier._named_agent_on_state).
STATE_TYPES = frozenset({"state", "igo"})
DEMANDED_MEASURE_FACTOR = 0.5
# Aid (CAMEO 07) to a state or its people is cooperation whoever sends it: a bank, a charity, a church.
AID_CAMEO = 7
# CAMEO 18-20 (assault, fight, mass violence): what rescuers and aid workers suffer, never do.
VIOLENT_CAMEO = 18
# Stage two parses at most this many tokens of a sentence, around its first directional signal: the
# parser's cost grows with length and a 300-token "sentence" is a list or a run-on page, not a clause.
MAX_PARSE_TOKENS = 120
PARSE_LEAD = 40
# A news item is a headline and a lede: what they are about (entertainment, sport) frames the whole text.
FRAME_SENTENCES = 2


@dataclass(frozen=True)
class ActorMention:
    actor_id: str
    name: str
    type: str
    affiliation: str
    text: str
    start: int  # character offsets into the classified text
    end: int
    sentence_index: int
    candidate: bool  # resolved from a state word + title, not from the reviewed actor list


@dataclass(frozen=True)
class SignalMatch:
    signal_id: str
    category: str
    direction: str
    polarity: str
    weight: float
    contribution: float  # signed share of the score
    text: str
    start: int
    end: int
    sentence_index: int
    evidence: str  # the sentence
    source: str | None  # actor ids
    target: str | None


@dataclass(frozen=True)
class Dyad:
    source: str
    target: str
    signal_id: str
    category: str
    sentence_index: int


@dataclass(frozen=True)
class Classification:
    label: str
    score: float
    escalation_score: float
    deescalation_score: float
    actors: tuple[ActorMention, ...]
    signals: tuple[SignalMatch, ...]
    dyads: tuple[Dyad, ...]

    def to_dict(self) -> dict:
        """JSON-ready: nested dataclasses become dicts, tuples become lists."""
        return {
            "label": self.label,
            "score": self.score,
            "escalation_score": self.escalation_score,
            "deescalation_score": self.deescalation_score,
            "actors": [asdict(a) for a in self.actors],
            "signals": [asdict(s) for s in self.signals],
            "dyads": [asdict(d) for d in self.dyads],
        }


EMPTY = Classification(NEUTRAL, 0.0, 0.0, 0.0, (), (), ())


class ParsedWindow(NamedTuple):
    """Stage two's parse of one window, with the window's first token and its stage-one lemmas."""

    doc: Doc
    start: int
    lemmas: list[str]


@dataclass
class Reading:
    """Stage one's reading of one text, waiting for stage two to parse its candidate sentences."""

    doc: Doc
    arrays: DocArrays
    text: str
    raw_signals: list[RawSignal]
    raw_actors: list[RawActor]
    actors: tuple[ActorMention, ...]
    # sentence index -> political marks of its tokens (sentences holding a directional signal)
    marks: dict[int, list[int]]
    # (sentence index, first token, end token) of each window stage two should parse
    windows: list[tuple[int, int, int]]
    # sentence index -> (parsed window, its first token), filled by stage two
    parsed: dict[int, ParsedWindow]
    # token -> index into raw_actors / actors of the mention covering it, or -1
    actor_at: list[int]
    # sentences of entertainment or sport (or every sentence, when the headline is one): no events there
    story_sentences: frozenset[int] | None = None
    # doc token spans of proper names the parse found among signals' arguments, not in the taxonomy
    unknown_names: list[tuple[int, int]] = field(default_factory=list)

    def actor_id_at(self, token: int) -> str | None:
        k = self.actor_at[token]
        return self.actors[k].actor_id if k >= 0 else None

    def side_at(self, token: int) -> str | None:
        """The affiliation of the actor at the token: a leader speaks for the state ("Netanyahu said Israel ...")."""
        k = self.actor_at[token]
        return (self.actors[k].affiliation or self.actors[k].actor_id) if k >= 0 else None


@dataclass(frozen=True)
class StageCounts:
    """How many sentences stage one read and how many stage two parsed (for the benchmark)."""

    sentences: int
    parsed: int


def label_for(escalation: float, deescalation: float) -> str:
    """Label from the two evidence totals (both >= 0), de-escalation taking precedence when mixed."""
    if escalation >= ESCALATION_THRESHOLD and escalation >= ESCALATION_DOMINANCE * deescalation:
        return ESCALATION
    if deescalation >= DEESCALATION_THRESHOLD:
        return DEESCALATION
    if escalation - deescalation >= ESCALATION_THRESHOLD:
        return ESCALATION
    return NEUTRAL


class Classifier:
    """Taxonomy-driven rule classifier over one spaCy Language (built from the taxonomy when None)."""

    def __init__(self, taxonomy: Taxonomy, nlp: Language | None = None,
                 parser_package: str = PARSER_PACKAGE) -> None:
        """`parser_package`: the trained pipeline of stage two, loaded on first use (a text with no candidate
        sentence never needs it)."""
        self.parser_package = parser_package
        self.model_name: str | None = None  # set by load_classifier when a model tokenises
        self.taxonomy = taxonomy
        # stamped on every row: the taxonomy's hash and these rules' (pipelines/revision.py)
        self.version = classification_version(taxonomy.version)
        if nlp is None or not isinstance(nlp.vocab.lex_attr_getters.get(NORM), LemmaNorm):
            nlp = build_nlp(taxonomy, nlp)
        self.nlp = nlp
        self.matcher = TaxonomyMatcher(nlp, taxonomy)
        # With only a sentencizer after the tokenizer, docs are just tokenised and split here (same rule).
        self._sentences = RuleSentences.for_pipeline(nlp)
        self.lexicon = Lexicon.build(nlp.vocab.strings.add)
        self.modified_nouns = frozenset(nlp.vocab.strings.add(w) for w in MODIFIED_NOUNS)
        self.political = PoliticalWords(nlp.vocab.strings.add, taxonomy.demonyms)
        self.iso_names = frozenset(state_names())
        self.not_actor_names = frozenset(taxonomy.not_actors)
        # words that may stand before an official's surname: those of the taxonomy's titles, and honorifics
        self.title_words = HONORIFICS | frozenset(w.lower() for t in taxonomy.titles for w in t.split())
        self.category_of: dict[str, Category] = {
            s.id: c for c in taxonomy.categories for s in c.signals
        }
        self.repression = self.category_of.get(REPRESSION_SIGNAL)
        self.labour = self.category_of.get(LABOUR_SIGNAL)
        self.reduced = self.category_of.get(REDUCE_SIGNAL)
        self.demanded = self.category_of.get(DEMAND_SIGNAL)
        self.criticism = self.category_of.get(CRITICISM_SIGNAL)
        self.cooperation = self.category_of.get(COOPERATION_SIGNAL)
        self.threatened = self.category_of.get(THREAT_SIGNAL)
        self.intended = self.category_of.get(INTENT_SIGNAL)

    def __reduce__(self) -> tuple:
        """Pickle by taxonomy content (not its path: a worker on another machine has no such file), tokenising
        model and parser package (Beam ships DoFns); the vocabulary is rebuilt on the worker."""
        return (_restore, (str(self.taxonomy.path), self.version, self.model_name, self.parser_package,
                           self.taxonomy.content or None))

    def classify(self, text: str, published: datetime | None = None) -> Classification:
        return next(self.classify_many([(text, published)]))

    def classify_many(self, texts: Iterable[tuple[str, datetime | None]],
                      batch_size: int = 256) -> Iterator[Classification]:
        """Stream (text, published) pairs: stage one reads a chunk of `batch_size` texts, stage two parses
        the chunk's candidate sentences in one batch, then each text is scored (in this process)."""
        chunk: list[Reading | Classification] = []
        for doc, arrays, text, published in self.docs(texts, batch_size):
            chunk.append(self.read(doc, arrays, published, text))
            if len(chunk) >= batch_size:
                yield from self._finish(chunk)
                chunk = []
        if chunk:
            yield from self._finish(chunk)

    def classify_doc(self, doc: Doc, published: datetime | date | None = None,
                     text: str | None = None) -> Classification:
        """Classify a doc made by this classifier's nlp; `text` (its exact text) saves rebuilding it."""
        return next(self._finish([self.read(doc, DocArrays(doc), published, doc.text if text is None else text)]))

    def count_stages(self, texts: Iterable[str]) -> StageCounts:
        """Sentences read by stage one and sentences stage two would parse, over `texts`."""
        sentences = parsed = 0
        for doc, arrays, _, _ in self.docs(((t, None) for t in texts), 256):
            sentences += len(arrays.sent_starts) if len(doc) else 0
            reading = self.read(doc, arrays, None, doc.text)
            if isinstance(reading, Reading):
                parsed += len(reading.windows)
        return StageCounts(sentences, parsed)

    def docs(self, texts: Iterable[tuple[str, datetime | None]],
             batch_size: int) -> Iterator[tuple[Doc, DocArrays, str, datetime | None]]:
        """Tokenised docs with their arrays, in order (the rule sentencizer unless a model splits them)."""
        if self._sentences is not None:
            make_doc, sentences = self.nlp.make_doc, self._sentences
            for text, published in texts:
                doc = make_doc(text)
                yield doc, DocArrays(doc, sentences), text, published
            return
        pairs = ((text, (text, published)) for text, published in texts)
        for doc, (text, published) in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield doc, DocArrays(doc), text, published

    # -- stage one --------------------------------------------------------------------------------
    def read(self, doc: Doc, arrays: DocArrays, published: datetime | date | None,
             text: str) -> Reading | Classification:
        """Stage one: signals, actors and political marks; a text with nothing to parse is finished here."""
        raw_signals = self.matcher.signals(doc, arrays)
        raw_actors = self.matcher.actor_mentions(doc, _day(published), arrays.sent_starts)
        if not raw_signals and not raw_actors:
            return EMPTY
        starts = arrays.sent_starts
        actor_at = _actor_index(raw_actors, len(doc))
        if raw_actors:
            kept = self._without_name_parts(doc, raw_actors, actor_at, set(starts), raw_signals)
            if len(kept) < len(raw_actors):
                dropped = [a for a in raw_actors if a not in kept]
                raw_actors, actor_at = kept, _actor_index(kept, len(doc))
                for actor in dropped:  # "Bank of America": the word marks no political token either
                    if not self._maybe_headline_word(doc, actor):
                        actor_at[actor.start:actor.end] = [NAME_PART] * (actor.end - actor.start)
        if raw_actors and raw_signals:
            raw_actors = self._headline_names_cut(doc, raw_actors, raw_signals, actor_at)
        actors = tuple([_mention(a, arrays, starts, text) for a in raw_actors])
        if raw_actors and raw_signals:
            raw_signals = _outside_actors(raw_signals, raw_actors, actor_at)
        if raw_signals:
            raw_signals = _outside_titles(raw_signals, doc)
        if raw_signals:
            raw_signals = [s for s in raw_signals if not self._in_institution_name(doc, s)]
        if not raw_signals:
            return Classification(NEUTRAL, 0.0, 0.0, 0.0, actors, (), ())
        if len(raw_signals) > 1:
            raw_signals = self._without_operators(raw_signals, arrays)
        marks, windows, stories = self._candidates(raw_signals, actor_at, arrays, len(doc))
        return Reading(doc, arrays, text, raw_signals, raw_actors, actors, marks, windows, {}, actor_at, stories)

    def _without_name_parts(self, doc: Doc, raw_actors: list[RawActor], actor_at: list[int],
                            starts: set[int], signals: Sequence[RawSignal] = ()) -> list[RawActor]:
        """Drop a state or a group that is part of a person's, a place's or an institution's name: after a
        capitalised word ("John David Washington", "Kanye West"), after "of" and an institution ("Bank of
        America"), or, for an ISO name or capital, before a capitalised word ("Jordan River", "Sofia Vergara")
        outside a Title Case headline. Function words do not count ("Paris and Prince" keeps Paris), nor, in a
        Title Case headline, a signal word or a headline's verb ("Russia Threatens Ukraine", "Poland Expels
        Russian Diplomats", "Kyiv Says Moscow ...")."""
        out = []
        n_tokens = len(doc)
        in_signal = {i for s in signals for i in range(s.start, s.end)}
        for actor in raw_actors:
            if actor.type in COLLECTIVE_TYPES:
                before, after = actor.start - 1, actor.end
                if before >= 0 and actor.start not in starts and actor_at[before] < 0 \
                        and _capitalised_word(doc[before].text) \
                        and not ((before in in_signal or doc[before].lower_ in HEADLINE_VERBS)
                                 and self._title_cased(doc, actor.start)):
                    continue
                if actor.type == "state" and (_institution_of(doc, actor.start) or _named_event(doc, actor.end)):
                    continue
                if after < n_tokens and doc[actor.end - 1].text in COMPASS \
                        and _capitalised_word(doc[after].text) and not self._title_cased(doc, after):
                    continue  # "(the) West Bank", "West Ham", "East Timor": a place's or a club's name, not the West
                if after < n_tokens and after not in starts and actor_at[after] < 0 \
                        and _capitalised_word(doc[after].text) \
                        and doc[actor.start:actor.end].text in self.iso_names and not self._title_cased(doc, after):
                    continue
            elif actor.type == OFFICIAL_TYPE and actor.end - actor.start == 1 and actor.start not in starts \
                    and actor_at[actor.start - 1] < 0 and _capitalised_word(doc[actor.start - 1].text) \
                    and doc[actor.start - 1].lower_ not in self.title_words \
                    and not ((actor.start - 1 in in_signal or doc[actor.start - 1].lower_ in HEADLINE_VERBS)
                             and self._title_cased(doc, actor.start)):
                continue  # an official's surname after another given name: a relative or a namesake ("Hunter
                # Biden", "actor Jared Vance"); after a title it is the official ("Prime Minister Modi")
            elif actor.type == OFFICIAL_TYPE and actor.end - actor.start == 1 and actor.end < n_tokens \
                    and actor.end not in starts and actor_at[actor.end] < 0 \
                    and _capitalised_word(doc[actor.end].text) and not self._title_cased(doc, actor.end):
                continue  # ... or before another capitalised word: a name's part ("The Blair Witch Project",
                # "Thatcher Street residents")
            out.append(actor)
        return out

    def _headline_names_cut(self, doc: Doc, raw_actors: list[RawActor], signals: Sequence[RawSignal],
                            actor_at: list[int]) -> list[RawActor]:
        """In a Title Case headline every word is capitalised, so the name read after an official's title can
        be the headline's verb ("Haitian President Assassinated at Home", "Burkina Faso's President Ousted"):
        the name stops before a signal word, and the official is the state's titled one (`actor_at` updated)."""
        signal_starts = sorted({s.start for s in signals})
        out = []
        for actor in raw_actors:
            cut = next((i for i in signal_starts if actor.start < i < actor.end), None)
            if actor.type == "official" and actor.candidate and cut is not None and self._title_cased(doc, cut):
                name = doc[actor.start:cut].text
                actor_at[cut:actor.end] = [-1] * (actor.end - cut)
                actor = actor._replace(actor_id=f"{actor.affiliation}:{slug(name)}", name=name, end=cut)
            out.append(actor)
        return out

    def _in_institution_name(self, doc: Doc, signal: RawSignal) -> bool:
        """The signal's words are capitalised inside the name of an institution, mid-sentence and outside a
        Title Case headline: "the Institute for the Study of War said", "the United Nations Conference on
        Trade and Development", "the Stockholm International Peace Research Institute" name a source, not an
        event. The name is the run of capitalised words around the signal (joined by "of", "for", "on", "and",
        "the"), and it holds an institution's noun (INSTITUTION_HEADS)."""
        if signal.start == 0 or not all(_capitalised_word(doc[i].text) for i in range(signal.start, signal.end)):
            return False
        if doc.has_annotation("SENT_START") and doc[signal.start].is_sent_start:
            return False
        first, last = signal.start, signal.end - 1
        while first > 0 and (_capitalised_word(doc[first - 1].text) or doc[first - 1].lower_ in NAME_JOINERS):
            first -= 1
        while last + 1 < len(doc) and (_capitalised_word(doc[last + 1].text) or doc[last + 1].lower_ in NAME_JOINERS):
            last += 1
        words = [doc[i] for i in range(first, last + 1) if _capitalised_word(doc[i].text)]
        if not any(t.lower_ in INSTITUTION_HEADS for t in words):
            return False
        return not self._title_cased(doc, signal.start)

    def _maybe_headline_word(self, doc: Doc, actor: RawActor) -> bool:
        """A state dropped for the capitalised word before it, in a Title Case headline, where that word may be
        a verb ("Russia Threatens Ukraine"): the mention goes, but the state still marks a political token."""
        before = actor.start - 1
        return actor.type == "state" and before >= 0 and _capitalised_word(doc[before].text) \
            and self._title_cased(doc, actor.start)

    def _title_cased(self, doc: Doc, token: int) -> bool:
        sent = doc[token].sent if doc.has_annotation("SENT_START") else None
        words = [t.text for t in (sent if sent is not None else doc[max(0, token - 10):token + 10])]
        return is_title_case(words)

    def _candidates(self, raw: list[RawSignal], actor_at: list[int], arrays: DocArrays, n_tokens: int
                    ) -> tuple[dict[int, list[int]], list[tuple[int, int, int]], frozenset[int] | None]:
        """Political marks of each sentence with a directional signal, the windows to parse (those of the
        sentences that hold a political token at all) and the sentences that are entertainment or sport."""
        starts = arrays.sent_starts
        first_signal: dict[int, int] = {}
        for signal in raw:
            if self.category_of[signal.signal_id].direction != NEUTRAL:
                first_signal.setdefault(bisect.bisect_right(starts, signal.start) - 1, signal.start)
        if not first_signal:
            return {}, [], None

        def bounds(index: int) -> tuple[int, int]:
            return starts[index], starts[index + 1] if index + 1 < len(starts) else n_tokens

        story = self.political.entertainment_story
        if any(story(arrays.lowers(*bounds(i))) for i in range(min(FRAME_SENTENCES, len(starts)))):
            stories = frozenset(range(len(starts)))  # the headline and lede set the frame of the text
        else:
            stories = frozenset(i for i in first_signal if i > 0 and story(arrays.lowers(*bounds(i))))
        # in a story of entertainment, a ban or an arrest is still read: the state may act on a film or a singer
        coerced: dict[int, int] = {}
        for signal in raw if stories else ():
            if self.category_of[signal.signal_id].cameo == COERCION_CAMEO:
                coerced.setdefault(bisect.bisect_right(starts, signal.start) - 1, signal.start)
        # a protest is one whoever protests, when it is against a public measure (the parse tells): parsed too
        protests = {bisect.bisect_right(starts, signal.start) - 1 for signal in raw
                    if self.category_of[signal.signal_id].cameo == PROTEST_CAMEO}
        marks: dict[int, list[int]] = {}
        windows = []
        for index, first in first_signal.items():
            if index in stories:
                if index not in coerced:
                    continue
                first = coerced[index]
            s_start, s_end = bounds(index)
            before, persons = self._refers_political(arrays, actor_at, index, bounds)
            here = self._marks(arrays, actor_at, s_start, s_end, before, persons, opening=index == 0)
            marks[index] = here
            if any(here) or index in protests:
                w_start = max(s_start, min(first - PARSE_LEAD, s_end - MAX_PARSE_TOKENS))
                windows.append((index, w_start, min(s_end, w_start + MAX_PARSE_TOKENS)))
        return marks, windows, stories or None

    def _refers_political(self, arrays: DocArrays, actor_at: list[int], index: int,
                          bounds: Callable[[int], tuple[int, int]]) -> tuple[bool, frozenset[str]]:
        """Whether the sentence before `index` names a political referent for its pronouns, and the genders of
        private persons ("a man") named after it there, whom a "he" or a "she" refers to instead."""
        if index == 0:
            return False, frozenset()
        start, end = bounds(index - 1)
        marks = self._marks(arrays, actor_at, start, end, False)
        if STRONG_MARK not in marks:
            return False, frozenset()
        return True, self.political.person_last(arrays.keys(start, end)[1], marks)

    def _marks(self, arrays: DocArrays, actor_at: list[int], start: int, end: int, before: bool,
               persons: frozenset[str] = frozenset(), opening: bool = False) -> list[int]:
        """Political marks of tokens [start, end), one sentence (see PoliticalWords.marks)."""
        norms, lowers, orths = arrays.keys(start, end)
        in_actor = [k >= 0 for k in actor_at[start:end]]
        strings = self.nlp.vocab.strings
        words = [strings[orth] for orth in orths]
        names = _name_marks(words)
        # (not a Title Case headline's pronoun: "They Fought Over The Last Slice Of Pizza")
        out = self.political.marks(norms, lowers, orths, in_actor, before, names, persons,
                                   opening and not is_title_case(words))
        for k, at in enumerate(actor_at[start:end]):
            if at == NAME_PART:
                out[k] = NONE_MARK
        return out

    # -- stage two --------------------------------------------------------------------------------
    def _finish(self, chunk: list[Reading | Classification]) -> Iterator[Classification]:
        """Parse every candidate window of the chunk in one batch, then score each text."""
        jobs = [(reading, window) for reading in chunk if isinstance(reading, Reading) for window in reading.windows]
        if jobs:
            parser = self.parser
            docs = [self.window_doc(parser, reading, window) for reading, window in jobs]
            strings = self.nlp.vocab.strings
            for (reading, (index, w_start, w_end)), parsed in zip(jobs, parse(parser, docs), strict=True):
                lemmas = [strings[n] for n in reading.arrays.norms(w_start, w_end)]
                reading.parsed[index] = ParsedWindow(parsed, w_start, lemmas)
        for reading in chunk:
            yield reading if isinstance(reading, Classification) else self._score(reading)

    @property
    def parser(self) -> Language:
        """Stage two's trained pipeline, loaded once per process on first use."""
        return load_parser(self.parser_package)

    def window_doc(self, parser: Language, reading: Reading, window: tuple[int, int, int]) -> Doc:
        """The unparsed Doc of one window, on stage one's tokens; actor names keep their case."""
        _, start, end = window
        tokens = reading.doc[start:end]
        names = [k >= 0 for k in reading.actor_at[start:end]]
        return sentence_doc(parser, [t.text for t in tokens], [bool(t.whitespace_) for t in tokens], names)

    def _score(self, reading: Reading) -> Classification:
        signals = self._signals(reading)
        if len(signals) > 1:
            self._release_governed_negations(reading.doc, reading.raw_signals, signals)
        dyads = tuple([Dyad(s.source, s.target, s.signal_id, s.category, s.sentence_index)
                       for s in signals if s.source and s.target])
        contributions = [s.contribution for s in signals]
        escalation = sum([c for c in contributions if c > 0], 0.0)
        deescalation = -sum([c for c in contributions if c < 0], 0.0) + 0.0
        score = round(escalation - deescalation, 4)
        label = label_for(escalation, deescalation)
        if label == ESCALATION and all(_speculative(s) for s in signals if s.contribution > 0):
            label = NEUTRAL  # "Would Beijing invade?", "could impose sanctions if ...": no event yet
        return Classification(label, score, round(escalation, 4), round(deescalation, 4),
                              self._with_unknown_names(reading), tuple(signals), dyads)

    def _with_unknown_names(self, reading: Reading) -> tuple[ActorMention, ...]:
        """The text's actors plus the unknown names the parse found among the signals' arguments, as
        candidate actors of type UNKNOWN_TYPE (listed by `escmon taxonomy unknown`; they bind nothing)."""
        if not reading.unknown_names:
            return reading.actors
        arrays, text, starts = reading.arrays, reading.text, reading.arrays.sent_starts
        extra = []
        for start, end in sorted(set(reading.unknown_names)):
            c_start, c_end = arrays.char_span(start, end)
            name = text[c_start:c_end]
            if name in self.not_actor_names:  # reviewed already: a place, an outlet, a treaty
                continue
            extra.append(ActorMention(f"{UNKNOWN_TYPE}:{slug(name)}", name, UNKNOWN_TYPE, "", name, c_start, c_end,
                                      bisect.bisect_right(starts, start) - 1, True))
        return tuple(sorted([*reading.actors, *extra], key=lambda a: a.start)) if extra else reading.actors

    def _without_operators(self, raw: list[RawSignal], arrays: DocArrays) -> list[RawSignal]:
        """Drop an undoing verb matched as a signal of its own ("cancelled", "called off") when an
        escalation signal follows it closely: the verb is the operator, the polarity rules undo the act."""
        undo = self.lexicon.undo
        kept = []
        for i, signal in enumerate(raw):
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            if nxt is not None and nxt.start - signal.end <= OPERATOR_REACH \
                    and self.category_of[nxt.signal_id].direction == ESCALATION \
                    and undo.issuperset(arrays.norms(signal.start, signal.end)) \
                    and not _sentence_break(arrays, signal.end, nxt.start):
                continue
            kept.append(signal)
        return kept

    def _release_governed_negations(self, doc: Doc, raw: list[RawSignal], signals: list[SignalMatch]) -> None:
        """A negated de-escalation word that governs a following escalation signal ("no plans to invade",
        "no intention of attacking") carries the negation to that signal; it must not flip to escalation. And
        the talks or the deal a break of relations leaves ("pulled its negotiating team out of the Gaza
        ceasefire talks") are what was left, not cooperation."""
        for i in range(len(signals) - 1):
            here, nxt = signals[i], signals[i + 1]
            if here.signal_id == REDUCE_SIGNAL and here.contribution > 0 and nxt.direction == DEESCALATION \
                    and here.sentence_index == nxt.sentence_index and raw[i + 1].start - raw[i].end <= LEFT_REACH \
                    and _left_object(doc, raw[i], raw[i + 1]):
                for j in range(i + 1, len(signals)):  # "the ceasefire talks": every word of what was left
                    if signals[j].direction != DEESCALATION or (j > i + 1 and raw[j].start - raw[j - 1].end > 1):
                        break
                    if signals[j].contribution < 0:  # (a negated one, "halt mediation", counts as it did)
                        signals[j] = replace(signals[j], contribution=0.0)
            if here.polarity == NEGATED and here.direction == DEESCALATION and nxt.direction == ESCALATION \
                    and here.sentence_index == nxt.sentence_index \
                    and raw[i + 1].start - raw[i].end <= GOVERNED_REACH \
                    and doc[raw[i].start].norm_ not in REFUSED_ACCEPTANCES:  # "would not accept the deployment"
                signals[i] = replace(here, contribution=0.0)

    def _signals(self, reading: Reading) -> list[SignalMatch]:
        """Signals in text order; the sentence's keys, evidence and actors are built once per sentence.

        A directional signal counts only when bound to a political actor in its conflict sense (see
        `_binding`); otherwise it stays as evidence with weight 0. A bound one after another in its
        sentence counts LATER_SIGNAL_FACTOR; an escalation noun used as a modifier ("invasion forces")
        MODIFIER_FACTOR; an escalation the parse shows being undone ("the sanctions were lifted") turns
        into a mild concession."""
        arrays, text, actors = reading.arrays, reading.text, reading.actors
        by_sentence: dict[int, list[ActorMention]] = {}
        for mention in actors:
            by_sentence.setdefault(mention.sentence_index, []).append(mention)
        starts = arrays.sent_starts
        n_tokens = len(reading.doc)
        out: list[SignalMatch] = []
        current = -1
        directional_seen = rejected = False
        # the sentence's first appeal or demand, and its first demand: what follows in their scope is asked for
        appeal: RawSignal | None = None
        demand: RawSignal | None = None
        blame: RawSignal | None = None  # the sentence's first criticism or accusation
        long_names = [a for a in reading.raw_actors if a.end - a.start > 2]  # (whose inner words are no cues)
        sent = evidence = None
        here: list[ActorMention] = []
        s_start = s_end = 0
        for signal in reading.raw_signals:
            index = bisect.bisect_right(starts, signal.start) - 1
            if index != current:
                current, directional_seen, rejected, appeal, demand, blame = index, False, False, None, None, None
                s_start = starts[index]
                s_end = starts[index + 1] if index + 1 < len(starts) else n_tokens
                sent = Sentence(*arrays.keys(s_start, s_end), self.lexicon,
                                names=_name_words(long_names, s_start, s_end))
                no_comment = declined_comment(sent)
                evidence = text[slice(*arrays.char_span(s_start, s_end))]
                here = by_sentence.get(index, [])
            signal_id = signal.signal_id
            category = self.category_of[signal_id]
            direction = category.direction
            polarity = assess(sent, signal.start - s_start, signal.end - s_start, direction)
            label, factor = polarity.label, polarity.factor
            if polarity.absent and direction == DEESCALATION and (
                    category.cameo == YIELD_CAMEO or reading.doc[signal.start].norm_ in COMPLIANCE):
                factor = NEGATED_DEESCALATION_FACTOR  # "Moscow did not withdraw its troops", "Hamas did not accept
                # the proposal", "Iran has not cooperated with inspectors": compliance withheld, mild conflict
            if label == DENIED and self._after_denial(reading, index, signal):
                label, factor = (REPORTED, REPORTED_FACTOR) if sent.reported else (ASSERTED, 1.0)
            # (an appeal's scope is the rest of its sentence; a demand's, its own clause: "demanded that Israel
            # withdraw, and Israel agreed to pull out" reports an agreement)
            appealed = appeal is not None and (appeal is not demand or self._asked_in(reading, index, demand, signal))
            binding = self._binding(reading, index, s_start, signal) if direction != NEUTRAL else None
            if factor < 0 and category.id in STOPPED_IS_COERCION:
                label, factor = NEGATED, 0.0  # "activists stop the pipeline", "halted gas": no concession
            if binding is not None and binding.names:
                reading.unknown_names.extend(binding.names)
            if direction == DEESCALATION and label == HYPOTHETICAL and self.demanded is not None \
                    and obliged(sent, signal.start - s_start) and self._must_governs(reading, index, signal):
                # "the government and the rebels must reach an agreement": a demand on them, not an agreement
                signal_id, category, direction = DEMAND_SIGNAL, self.demanded, self.demanded.direction
                label, factor = (REPORTED, REPORTED_FACTOR) if sent.reported else (ASSERTED, 1.0)
                binding = self._binding(reading, index, s_start, signal, category)  # read again as a demand
            if binding is not None and binding.verbal and self.criticism is not None:
                signal_id, category, direction = CRITICISM_SIGNAL, self.criticism, self.criticism.direction
                binding = self._binding(reading, index, s_start, signal, category)  # read again as words
            if binding is not None and binding.presence and self.reduced is not None:
                signal_id, category, direction = REDUCE_SIGNAL, self.reduced, self.reduced.direction
            if direction == ESCALATION and label == HYPOTHETICAL and appeal is None \
                    and self.threatened is not None and (int(category.cameo) >= COERCION_CAMEO_NUMBER
                                                         or category.cameo == THREAT_CAMEO or (
                        int(category.cameo) >= MATERIAL_CONFLICT_CAMEO
                        and reading.doc[signal.start].norm_ not in GIVING_VERBS)) \
                    and binding is not None and binding.bound and binding.other_sense is None \
                    and (self._said_of_itself(reading, index, binding)
                         or (self._conditional_own_act(reading, index, signal, binding)
                             and not any(reading.doc[i].norm_ in FORECASTERS for i in binding.speakers))):
                # "Turkey's president said his country could launch a new ground operation": what a side says it
                # could do is a threat (CAMEO 13), not a forecast; so is what it would do on a condition
                signal_id, category, direction = THREAT_SIGNAL, self.threatened, self.threatened.direction
                label, factor = REPORTED, REPORTED_FACTOR
            elif direction == DEESCALATION and label == HYPOTHETICAL and sent.reported and appeal is None \
                    and self.intended is not None and binding is not None and binding.bound \
                    and binding.other_sense is None and self._said_of_itself(reading, index, binding) \
                    and not _within_one_side(reading, binding):
                # "Bush said U.S. aircraft would begin delivering humanitarian supplies to Georgia": what a side says
                # it will do for another is its intent to cooperate (CAMEO 03), not a forecast
                signal_id, category, direction = INTENT_SIGNAL, self.intended, self.intended.direction
                label, factor = REPORTED, REPORTED_FACTOR
            if direction == DEESCALATION and reading.doc[signal.start].norm_ in TRAINING and binding is not None \
                    and not _between_two_sides(reading, binding, signal):
                factor = 0.0  # "the army trains soldiers in Arctic warfare": a force's own drill, no help to another
            if binding is not None and binding.setting:
                factor *= BACKGROUND_FACTOR  # "the suspect in the killing of the president was extradited"
            if binding is not None and binding.joint and self.cooperation is not None:
                signal_id, category, direction = COOPERATION_SIGNAL, self.cooperation, self.cooperation.direction
            if binding is not None and binding.labour and self.labour is not None:
                signal_id, category = LABOUR_SIGNAL, self.labour  # "the union extended its strike": no attack
            if binding is not None and binding.forced and category.cameo == PROTEST_CAMEO:
                if label == NEGATED or binding.undone:  # the cue words read an end, not its kind
                    label, factor = (REPORTED, REPORTED_FACTOR) if sent.reported else (ASSERTED, 1.0)
                if self.repression is None:  # a taxonomy without the signal: at least no concession
                    factor = max(factor, 0.0)
                else:  # "police broke up the rally": the rally happened, and was repressed
                    signal_id, category, direction = REPRESSION_SIGNAL, self.repression, self.repression.direction
            elif label in (ASSERTED, REPORTED):
                if rejected and direction == DEESCALATION:
                    label, factor = NEGATED, 0.0
                elif appealed:
                    label, factor = HYPOTHETICAL, factor * APPEAL_FACTOR
                elif binding is not None and binding.undone and direction == ESCALATION:
                    label, factor = NEGATED, PARSED_UNDONE_FACTOR
                elif binding is not None and binding.failed and direction == DEESCALATION:
                    label, factor = NEGATED, NEGATED_DEESCALATION_FACTOR  # "the talks collapsed after ..."
            elif label == HYPOTHETICAL and binding is not None and binding.undone and direction == ESCALATION \
                    and not appealed:
                label, factor = NEGATED, PARSED_UNDONE_FACTOR  # "a planned march ... was called off"
            elif polarity.undone and binding is not None and binding.undone:
                factor *= PARSED_UNDONE_FACTOR / UNDONE_ESCALATION_FACTOR  # the parse confirms the cue word
                if appealed:  # "demanded that NATO halt its air strikes": the end is asked for, not done
                    factor *= APPEAL_FACTOR
            elif label == NEGATED and appealed:  # "appealed for an end to the agitation"
                factor *= APPEAL_FACTOR
            if no_comment is not None and no_comment[0] < signal.start - s_start < no_comment[1] \
                    and direction != NEUTRAL:
                label, factor = HYPOTHETICAL, 0.0  # "declined to comment on reports that officials had met":
                # CAMEO codes the refusal to comment (011), not what the reports say
            if rejected and direction == ESCALATION and factor < 0:
                label, factor = HYPOTHETICAL, 0.0  # "rejected calls to call off the offensive", "refused to lift
                # martial law": the undoing was refused, no concession
            if demand is not None and direction == DEESCALATION and factor > 0 and label in (
                    HYPOTHETICAL, ASSERTED, REPORTED) and self._asked_in(reading, index, demand, signal):
                label, factor = HYPOTHETICAL, 0.0  # what a demand asks for is no cooperation ("demanded that
                # Manila withdraw its vessels"); what happened beside it still counts ("..., and Israel agreed")
            if rejected and direction == DEESCALATION and label == HYPOTHETICAL:
                factor = 0.0  # what a refused plan would have done: "turned down a UN plan to reopen roads"
            if blame is not None and direction == DEESCALATION and factor != 0 \
                    and self._asked_in(reading, index, blame, signal):
                label, factor = HYPOTHETICAL, 0.0  # what is blamed: "accused Rwanda of sending troops to support M23"
            if label == HYPOTHETICAL and 0.0 < factor <= APPEAL_FACTOR and direction == ESCALATION \
                    and self._demanded_against(reading, binding, int(category.cameo)):
                factor = DEMANDED_MEASURE_FACTOR
            if direction == DEESCALATION and factor > 0 and category.cameo == AGREE_CAMEO \
                    and reading.doc[signal.start].norm_ in DECISION_WORDS \
                    and self._decides_conflict(reading, index, signal, s_start, s_end, sent):
                label, factor = HYPOTHETICAL, 0.0  # "agreed to freeze the assets": the freeze is the event
            # (a word in another sense asks for nothing; an order to one's own troops commands what follows:
            # "ordered troops to withdraw" is the withdrawal)
            # ("ordered a halt to military operations": an order to end, told by the undone act after it)
            ends = category.cameo == DEMAND_CAMEO and reading.doc[signal.start].norm_ == ORDER and any(
                reading.doc[i].norm_ in ORDERED_ENDS for i in range(signal.start + 1, signal.end))
            if ends:
                label, factor = HYPOTHETICAL, 0.0
            asks = category.cameo in APPEAL_CAMEOS and not ends and (
                binding is None or (binding.other_sense is None and not binding.commanded))
            if appeal is None and asks:
                appeal = signal
                if category.cameo == DEMAND_CAMEO and label in (ASSERTED, REPORTED):
                    demand = signal
            rejected = rejected or (category.cameo == REJECT_CAMEO and label in (ASSERTED, REPORTED))
            if blame is None and category.cameo == CRITICISM_CAMEO and label in (ASSERTED, REPORTED) \
                    and binding is not None and binding.bound and binding.other_sense is None:
                blame = signal
            weight = category.weight
            if category.cameo == REJECT_CAMEO and not self.lexicon.claim_words.isdisjoint(
                    sent.norms[signal.end - s_start:signal.end - s_start + CLAIM_REACH]):
                weight = factor = 0.0  # "rejected reports that ...": a denial of a claim, not a refusal
            elif binding is not None and (binding.other_sense is not None or not (
                    binding.bound or (direction == ESCALATION and int(category.cameo) < MATERIAL_CONFLICT_CAMEO
                                      and self._named_agent_on_state(reading, index, binding, signal.start)))):
                weight = factor = 0.0  # evidence only: no political actor, or the word in another sense
            elif direction != NEUTRAL:
                if directional_seen:
                    factor *= LATER_SIGNAL_FACTOR
                # an agent noun matched as a signal ("protesters called off the march") names who acts: the
                # sentence's main event may still follow it at full weight
                # (a fronted clause of earlier events, "Two weeks after releasing prisoners, ...", is the setting,
                # and what counts nothing is no event: the main event follows either at full weight)
                directional_seen = directional_seen or not (
                    factor == 0 or polarity.background or (binding is not None and binding.setting)
                    or self._agent_noun(reading, index, s_start, signal))
                if direction == ESCALATION and signal.end < s_end and signal.end - signal.start == 1 \
                        and sent.norms[signal.end - s_start] in self.modified_nouns:
                    factor *= MODIFIER_FACTOR
            contribution = round(SIGN[direction] * weight * factor, 4) + 0.0
            start_char, end_char = arrays.char_span(signal.start, signal.end)
            source, target = self._dyad(reading, binding, here, start_char, end_char) if here else (None, None)
            out.append(SignalMatch(signal_id, category.id, direction, label, weight, contribution,
                                   text[start_char:end_char], start_char, end_char, index, evidence, source, target))
        return out

    def _decides_conflict(self, reading: Reading, index: int, decision: RawSignal, s_start: int, s_end: int,
                          sent: Sentence) -> bool:
        """A later escalation signal of the sentence is what the decision verb decides: its complement verb or
        that verb's object ("agreed to freeze the assets of 19 officials", "decided to impose sanctions"), not
        beside it or deeper ("agreed to a truce after days of shelling", "to hand over the suspects in the
        bombing"), and not undone ("agreed to halt all military action")."""
        parsed = reading.parsed.get(index)
        if parsed is None:
            return False
        doc, w_start, _ = parsed
        verb = decision.start - w_start
        if not 0 <= verb < len(doc) or _joint_decision(doc[verb]):
            return False
        for other in reading.raw_signals:
            if not decision.end <= other.start < s_end \
                    or self.category_of[other.signal_id].direction != ESCALATION \
                    or (other.end - other.start == 1 and reading.doc[other.start].norm_ in UNDO_VERBS):
                continue  # ("agreed to halt all military action": the halt is an end, not a measure)
            node = doc[other.start - w_start] if other.start - w_start < len(doc) else None
            if node is None:
                continue
            lowered = False
            if node.dep_ in ("dobj", "nsubjpass") and node.head.head.i == verb:
                node = node.head  # "agreed to impose sanctions"; not "agreed to cut / roll back tariffs"
                lowered = node.norm_ in LOWERING_VERBS or any(c.dep_ == "prt" for c in node.children)
            if node.head.i == verb and node.dep_ in ("xcomp", "ccomp") and not lowered:
                polarity = assess(sent, other.start - s_start, other.end - s_start, ESCALATION)
                return polarity.label != NEGATED and not polarity.undone
        return False

    @staticmethod
    def _asked_in(reading: Reading, index: int, demand: RawSignal, signal: RawSignal) -> bool:
        """The signal is in what the appeal or demand asks for: below its word in the parse, not in a clause
        joined to it ("demanded that Israel withdraw, and Israel agreed to pull out": the agreement happened).
        Unparsed, the sentence order decides (it follows the appeal)."""
        parsed = reading.parsed.get(index)
        if parsed is None:
            return True
        doc, w_start, _ = parsed
        outer, token = demand.start - w_start, signal.start - w_start
        if not (0 <= outer < len(doc) and 0 <= token < len(doc)):
            return True
        node = doc[token]
        while node.head.i != node.i:
            if node.head.i == outer:
                return node.dep_ not in ("conj", "cc", "parataxis")
            node = node.head
        return False

    @classmethod
    def _conditional_own_act(cls, reading: Reading, index: int, signal: RawSignal, binding: Binding | None) -> bool:
        """The act is a political side's, in the main clause of a condition ("Lithuania would close its border
        with Belarus if the balloons kept coming", "Unless the junta sets a date, the bloc will impose sanctions"):
        a conditional threat (CAMEO 13), not a forecast."""
        window = cls._window_of(reading, index, signal)
        if window is None or binding is None or not binding.bound or not binding.sources:
            return False
        doc, w_start, _ = window
        token = doc[signal.start - w_start]
        for verb in (token, *token.ancestors):
            if verb.dep_ == "advcl" and any(c.lower_ in CONDITION_MARKS for c in verb.children if c.dep_ == "mark"):
                return False  # the act is the condition itself ("if Israel attacked")
            if verb.lower_ in DELIBERATION:
                return False  # weighed, not threatened: "would consider closing the border if ..."
            if not verb.tag_.startswith("VB"):
                continue
            conditioned = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS
                                                         for m in c.children) for c in verb.children)
            modal = any(c.dep_ == "aux" and c.lower_ in CONDITIONAL_WILLS for c in verb.children)
            if conditioned and modal:
                return True
        return False

    @staticmethod
    def _said_of_itself(reading: Reading, index: int, binding: Binding) -> bool:
        """The act's agent is the speaker itself: a pronoun or a possessive pronoun's phrase ("it could deploy",
        "his country could launch"), or the same actor as the one who speaks."""
        parsed = reading.parsed.get(index)
        if not binding.speakers or not binding.sources or parsed is None:
            return False
        doc, w_start, _ = parsed
        agents = [doc[i - w_start] for i in binding.sources if 0 <= i - w_start < len(doc)]
        after_agent = [t.lower_ for t in doc[min((t.i for t in agents), default=0):]]
        if THREAT_MODALS.isdisjoint(after_agent) or not DELIBERATION.isdisjoint(after_agent):
            return False  # only what it says it could or would do: "considering whether to join sanctions" weighs
        agents = [t for t in agents if t.tag_.startswith(("NN", "PRP"))]
        # ("they" may be the other side: "the minister said they could attack at any time" warns of the enemy)
        if agents and all((t.tag_ in ("PRP", "PRP$") and t.lower_ not in OTHERS_PRONOUNS) or any(
                c.tag_ == "PRP$" and c.lower_ not in OTHERS_PRONOUNS for c in t.children) for t in agents):
            return True
        speakers = {reading.side_at(i) for i in binding.speakers} - {None}
        sources = {reading.side_at(i) for i in binding.sources} - {None}
        return bool(speakers) and bool(sources) and sources <= speakers

    @staticmethod
    def _window_of(reading: Reading, index: int, signal: RawSignal) -> ParsedWindow | None:
        """The parsed window of the signal's sentence when it covers the signal (a very long sentence is parsed
        in one window around its first signals), else None."""
        parsed = reading.parsed.get(index)
        if parsed is None or not (parsed.start <= signal.start and signal.end <= parsed.start + len(parsed.doc)):
            return None
        return parsed

    def _after_denial(self, reading: Reading, index: int, signal: RawSignal) -> bool:
        """The parse shows the trigger as a finite verb of its own, joined to the denial: "Kagame denies supporting
        the M23 and accuses Kinshasa of ..." accuses; "denied planning and carrying out the attack" denies both."""
        if (window := self._window_of(reading, index, signal)) is None:
            return False
        doc, w_start, lemmas = window
        verb = doc[signal.start - w_start]
        return verb.tag_ in FINITE_TAGS and verb.dep_ == "conj" and lemmas[verb.head.i] in DENY_VERBS

    def _must_governs(self, reading: Reading, index: int, signal: RawSignal) -> bool:
        """The parse shows "must" on the trigger's own verb, or on the verb its complement hangs from ("must
        withdraw", "must reach an agreement", "must be ready to mediate"), not a noun some other verb takes
        ("must seek to exit these talks", "must approach future discussions")."""
        if (window := self._window_of(reading, index, signal)) is None:
            return False
        doc, w_start, lemmas = window
        return must_governs(doc, signal.start - w_start, signal.end - w_start, lemmas)

    @staticmethod
    def _named_agent_on_state(reading: Reading, index: int, binding: Binding, start: int) -> bool:
        """Verbal conflict by a proper name the taxonomy lacks against a state or an international body itself
        ("Hassan Nasrallah slammed Israel", "Hugo Chavez accused Washington of ..."): a foreign leader more
        often than a private person. A celebrity's comment on a politician ("... blasts the senator") and a
        state word modifying another target ("a Dutch seed company") stay unbound."""
        if not any(end <= start for _, end in binding.names):
            return False
        doc, w_start, _ = reading.parsed[index]
        return any((k := reading.actor_at[t]) >= 0 and reading.actors[k].type in STATE_TYPES
                   and doc[t - w_start].dep_ not in ("amod", "compound") for t in binding.targets)

    @staticmethod
    def _demanded_against(reading: Reading, binding: Binding | None, cameo: int) -> bool:
        """A hostile measure, in the parse's own sense, whose target is a named actor (a state, a body):
        what an appeal for it demands is against that actor."""
        return (cameo >= HOSTILE_MEASURE_CAMEO and binding is not None and binding.bound
                and binding.other_sense is None
                and any(reading.actor_id_at(t) is not None for t in binding.targets))

    def _agent_noun(self, reading: Reading, index: int, s_start: int, signal: RawSignal) -> bool:
        marks = reading.marks.get(index)
        return signal.end - signal.start == 1 and marks is not None and marks[signal.start - s_start] == STRONG_MARK

    def _binding(self, reading: Reading, index: int, s_start: int, signal: RawSignal,
                 category: Category | None = None) -> Binding:
        """What the parse says of a directional signal (read as `category`, by default its own); unparsed, it
        is bound when its sentence has a political token (only a window of a very long sentence is parsed)."""
        category = category or self.category_of[signal.signal_id]
        story = reading.story_sentences is not None and index in reading.story_sentences
        if story and category.cameo != COERCION_CAMEO:
            return Binding(STORY_SENSE, False, (), (), False)
        marks = reading.marks.get(index)
        if marks is None or not (any(marks) or (category.cameo == PROTEST_CAMEO and index in reading.parsed)):
            return Binding(None, False, (), (), False)
        parsed = self._window_of(reading, index, signal)
        if parsed is None:
            return Binding(STORY_SENSE, False, (), (), False) if story else Binding(None, True, (), (), False)
        doc, w_start, lemmas = parsed
        offset = w_start - s_start
        window = marks[offset:offset + len(doc)]
        cameo = int(category.cameo)
        material = cameo >= MATERIAL_CONFLICT_CAMEO or cameo == AID_CAMEO
        found = bind(doc, signal.start - w_start, signal.end - w_start, window, lemmas, material,
                     category.direction == ESCALATION, cameo >= VIOLENT_CAMEO,
                     self._title_cased(reading.doc, signal.start), index == 0)
        if story and (found.other_sense is not None or not found.bound
                      or not any(_acts_itself(doc, i, window) for i in found.sources)
                      or not acts_on_work(doc, signal.start - w_start, signal.end - w_start, lemmas)):
            return Binding(STORY_SENSE, False, (), (), False)  # a ban or an arrest by no state's agent
        shift = w_start  # window token -> doc token
        return replace(found, sources=tuple(i + shift for i in found.sources),
                       targets=tuple(i + shift for i in found.targets),
                       speakers=tuple(i + shift for i in found.speakers),
                       names=tuple((a + shift, b + shift) for a, b in found.names))

    def _dyad(self, reading: Reading, binding: Binding | None, here: list[ActorMention], start: int,
              end: int) -> tuple[str | None, str | None]:
        """Source and target from the parse's arguments when they are actors, else by position."""
        if binding is not None and (binding.sources or binding.targets or binding.speakers):
            actor_at = {i: a for i in (*binding.sources, *binding.speakers, *binding.targets)
                        if (a := reading.actor_id_at(i)) is not None}
            sources = [actor_at[i] for i in (*binding.sources, *binding.speakers) if i in actor_at]
            source = sources[0] if sources else None
            target = next((actor_at[i] for i in binding.targets if i in actor_at and actor_at[i] != source), None)
            if source or target:
                fallback = _dyad_ends(here, start, end)
                if source is None:
                    source = fallback[0] if fallback[0] != target else None
                if target is None:
                    target = fallback[1] if fallback[1] != source else None
                return source, target
        return _dyad_ends(here, start, end)


def _between_two_sides(reading: Reading, binding: Binding, signal: RawSignal) -> bool:
    """The act's agents and those it is done to (its arguments, or the words of its own pattern: "trained more than
    5,000 Somali soldiers") are of two different sides ("Turkish instructors trained Somali soldiers")."""
    sources = {reading.side_at(i) for i in binding.sources} - {None}
    done_to = (*binding.targets, *(i for i in range(signal.start, signal.end) if i not in binding.sources))
    targets = {reading.side_at(i) for i in done_to} - {None}
    return bool(sources) and bool(targets) and sources.isdisjoint(targets)


def _within_one_side(reading: Reading, binding: Binding) -> bool:
    """Every actor the act names is of one side ("U.S. Forces Korea would continue to coordinate with the
    Pentagon"): its own business, no cooperation with another."""
    sides = {reading.side_at(i) for i in (*binding.sources, *binding.targets, *binding.speakers)} - {None}
    return len(sides) == 1 and bool(binding.targets) and all(reading.side_at(i) is not None for i in binding.targets)


def _name_words(long_names: list[RawActor], start: int, end: int) -> list[int]:
    """Positions, within the sentence [start, end), of the inner words of the actor names of three or more words
    (`long_names`, chosen once per text) that stand in it."""
    return [i - start for a in long_names if start <= a.start and a.end <= end for i in range(a.start + 1, a.end - 1)]


def _sentence_break(arrays: DocArrays, start: int, end: int) -> bool:
    """True when tokens `start` and `end` lie in different sentences."""
    starts = arrays.sent_starts
    return bisect.bisect_right(starts, start) != bisect.bisect_right(starts, end)


def _institution_of(doc: Doc, start: int) -> bool:
    """The state word at `start` ends the name of a private institution: "Bank of America", "the University
    of Ghana", "Church of England"."""
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in INSTITUTIONS \
        and doc[start - 2].text[:1].isupper()


def _acts_itself(doc: Doc, i: int, marks: Sequence[int]) -> bool:
    """The political token is a political or armed agent in its own right (not a self-binding noun: "the 'Star
    Wars' show"), nor the nationality of a person named after it ("American Caeleb Dressel toppled the record")."""
    token = doc[i]
    head = token.head
    return marks[i] >= STRONG_MARK and not (token.dep_ in ("compound", "amod") and head.i != i
                                            and head.tag_ in ("NNP", "NNPS") and not marks[head.i])


def _named_event(doc: Doc, end: int) -> bool:
    """The state word before `end` begins the name of a tournament or a company: "the US Open final", "the
    China Open", "Turkish Airlines"; not "US Open To Talks"."""
    return end < len(doc) and doc[end].lower_ in STATE_NAMED and doc[end].text[:1].isupper() \
        and not (end + 1 < len(doc) and doc[end + 1].lower_ == "to")


def _capitalised_word(text: str) -> bool:
    """A capitalised word that is not a function word: part of a name when not sentence-initial."""
    return len(text) > 1 and text[0].isupper() and text.isalpha() and text.lower() not in STOP_WORDS


def _speculative(signal: SignalMatch) -> bool:
    """A modal or conditional escalation (factor at most HYPOTHETICAL_FACTOR), not a stated intent."""
    return signal.polarity == HYPOTHETICAL and signal.contribution <= signal.weight * HYPOTHETICAL_FACTOR + 1e-9


def _outside_actors(signals: list[RawSignal], actors: list[RawActor], actor_at: list[int]) -> list[RawSignal]:
    """Signals that are not wholly inside an actor's name ("Peace Corps", "Defence Ministry")."""
    out = []
    for signal in signals:
        k = actor_at[signal.start]
        if k < 0 or signal.end > actors[k].end:
            out.append(signal)
    return out


def _joint_decision(verb: Token) -> bool:
    """The parties decide to act together ("Nigeria and Chad agreed to jointly fight Boko Haram"): what they
    agree on is their cooperation, whatever it does to a third ("Britain and France agreed to impose sanctions
    on Iran" is the sanction)."""
    return any(t.lower_ in JOINT_WORDS for t in verb.subtree)


def _outside_titles(signals: list[RawSignal], doc: Doc) -> list[RawSignal]:
    """Signals that are not words of a work's title in quotes after the work's noun ("her memoir 'A Truce With
    My Father'", "the film \"The Long Siege\"")."""
    return [s for s in signals if not _in_quoted_title(doc, s.start, s.end)]


def _in_quoted_title(doc: Doc, start: int, end: int) -> bool:
    n_tokens = len(doc)
    opening = next((q for q in range(start - 1, max(-1, start - TITLE_REACH - 1), -1) if doc[q].text in QUOTES), None)
    if opening is None or not any(doc[k].text in QUOTES for k in range(end, min(n_tokens, end + TITLE_REACH))):
        return False
    before = doc[max(0, opening - 3):opening]
    return any(_work_noun(doc, t.i) for t in before)


def _work_noun(doc: Doc, i: int) -> bool:
    """A word naming a work. Stage one has no part of speech, so a word that is also a verb or an adjective
    ("images show '...'", "a single ...") names a work only after a determiner or a possessive ("the show",
    "her book", "Netflix's series")."""
    word = doc[i].lower_ if doc[i].lower_ in WORK_TOPICS else doc[i].norm_
    if word not in WORK_TOPICS:
        return False
    return word not in AMBIGUOUS_WORK_WORDS or (i > 0 and doc[i - 1].lower_ in WORK_DETERMINERS)


LEFT_FROM = frozenset({"of", "from"})
CLAUSE_JOINS = frozenset({",", ";", "and", "but", "then", "while", "before", "after"})


def _left_object(doc: Doc, broken: RawSignal, left: RawSignal) -> bool:
    """The de-escalation right after a break of relations is what the break leaves: the break ends in "out of" or
    "from" (or one of them follows it), and no comma or conjunction comes between ("pulled its team out of the
    ceasefire talks"; not "recalled its negotiators from Doha and agreed to a ceasefire")."""
    between = [t.lower_ for t in doc[broken.end:left.start]]
    after_from = doc[broken.end - 1].lower_ in LEFT_FROM or (bool(between) and between[0] in LEFT_FROM)
    return after_from and not any(w in CLAUSE_JOINS for w in between)


def _actor_index(actors: list[RawActor], n_tokens: int) -> list[int]:
    """Token -> index of the actor mention covering it, or -1 (mentions never overlap)."""
    index = [-1] * n_tokens
    for k, actor in enumerate(actors):
        index[actor.start:actor.end] = [k] * (actor.end - actor.start)
    return index


# A work's title in quotes: opening and closing marks within this many tokens of a signal.
AMBIGUOUS_WORK_WORDS = frozenset({"show", "put", "single", "series", "book"})
WORK_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "my", "our", "your", "this", "new",
                              "latest", "'s", "’s"})
QUOTES = frozenset({"'", '"', "‘", "’", "“", "”"})
# The nouns of an institution's name, whose other capitalised words are no event ("the Institute for the Study
# of War", "the Conference on Disarmament", "the Peace Research Institute"); see `_in_institution_name`.
INSTITUTION_HEADS = frozenset({
    "institute", "institution", "council", "conference", "commission", "committee", "ministry", "department",
    "office", "agency", "organisation", "organization", "fund", "foundation", "programme", "program", "project",
    "center", "centre", "forum", "bureau", "board", "academy", "university", "college", "society",
    "association", "corps", "tribunal", "museum", "prize", "award", "initiative", "observatory", "monitor",
    "network", "studies"})
NAME_JOINERS = frozenset({"of", "for", "on", "and", "the", "&", "in"})
TITLE_REACH = 6
# actor_at's value for the tokens of a state or group word dropped as part of a name (other tokens: -1).
NAME_PART = -2
# Actor types that are no person: a capitalised word before one makes it part of a name ("Kanye West").
COLLECTIVE_TYPES = frozenset({"state", "group"})
OFFICIAL_TYPE = "official"
FINITE_TAGS = frozenset({"VBZ", "VBD", "VBP"})
ORDER = "order"
ORDERED_ENDS = frozenset({"halt", "end", "stop", "cessation", "suspension", "pause"})  # "ordered a halt to ..."
# Honorifics that stand before a surname as a title does ("Mr Modi", "Sheikh Tamim", "Gen. Burhan").
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sheikh", "ayatollah", "prince",
                        "premier", "pm", "col.", "colonel", "lt.", "field", "marshal", "field-marshal", "comrade",
                        "emir", "sultan"})
# Private institutions named after a state ("Bank of America", "University of Ghana"): no state acts in them.
INSTITUTIONS = frozenset({"bank", "university", "college", "museum", "church", "club", "school", "institute",
                          "hospital", "academy", "society", "orchestra", "library", "zoo", "theatre", "theater",
                          "conservatory", "cathedral", "diocese", "archdiocese"})
# Bare compass words that are an actor's alias ("the West"): before a capitalised word, part of a name.
COMPASS = frozenset({"West", "East", "North", "South"})
# Capitalised words after a state word that make it part of a tournament's or a company's name.
STATE_NAMED = frozenset({"open", "cup", "masters", "grand", "airlines", "airways", "idol", "telecom", "rail",
                         "railways", "post", "today", "times", "herald", "tribune", "marathon", "derby"})
# Verbs of Title Case headlines that are no signal: a state after one of them is its object, not part of a name
# ("Kyiv Tells Moscow ...", "Biden Calls Germany's Scholz").
HEADLINE_VERBS = frozenset({"says", "tells", "asks", "calls", "meets", "backs", "blames", "joins", "sends",
                            "urges", "slams", "presses", "courts", "snubs"})
# Capitalised words that are no person: after one of these a pronoun still refers to the actor before.
NOT_NAMES = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "january", "february", "march", "april", "may", "june", "july", "august", "september",
                       "october", "november", "december"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "to", "into", "on", "across", "outside", "inside"})


def _name_marks(words: list[str]) -> list[bool]:
    """Words of one sentence that are a person's name, as far as case can tell: capitalised, not first,
    not a function word, a weekday or month, nor a place after a preposition ("in Kharkiv")."""
    return [k > 0 and _capitalised_word(word) and word.lower() not in NOT_NAMES
            and words[k - 1].lower() not in PLACE_PREPOSITIONS for k, word in enumerate(words)]


def _mention(raw: RawActor, arrays: DocArrays, starts: list[int], text: str) -> ActorMention:
    start, end = arrays.char_span(raw.start, raw.end)
    return ActorMention(raw.actor_id, raw.name, raw.type, raw.affiliation, text[start:end], start, end,
                        bisect.bisect_right(starts, raw.start) - 1, raw.candidate)


def _dyad_ends(here: list[ActorMention], start: int, end: int) -> tuple[str | None, str | None]:
    """Source: the nearest actor before the trigger; target: the first different actor after it.

    With no actor before ("talks between Russia and NATO") the first two actors after are taken;
    with none after ("Russia and NATO agreed") the first two before. An actor inside the trigger after its
    first word is after it ("Poland expels Russian diplomats"). `here`: the sentence's actors.
    """
    before = [a for a in here if a.end <= start]
    after = [a for a in here if a.start >= end or start < a.start and a.end <= end]
    if before:
        source = before[-1].actor_id
        target = next((a.actor_id for a in after if a.actor_id != source), None)
        if target is None:
            target = next((a.actor_id for a in before if a.actor_id != source), None)
        return source, target
    if after:
        source = after[0].actor_id
        return source, next((a.actor_id for a in after[1:] if a.actor_id != source), None)
    return None, None


def _day(published: datetime | date | None) -> date:
    if published is None:
        return date.today()
    if isinstance(published, datetime):
        return published.date()
    return published


def load_classifier(taxonomy_path: Path | None = None, model: str | None = None,
                    taxonomy_yaml: bytes | None = None) -> Classifier:
    """The classifier for a taxonomy file (default schemas/taxonomy.yaml), or for its content when given
    (the path then only names it); `model` optionally names an installed trained spaCy pipeline to tokenise
    and split sentences with (never required)."""
    taxonomy = load_taxonomy(taxonomy_path, taxonomy_yaml)
    base = spacy.load(model) if model else None
    classifier = Classifier(taxonomy, build_nlp(taxonomy, base))
    classifier.model_name = model
    return classifier


def _restore(path: str, version: str, model: str | None = None,
             parser_package: str = PARSER_PACKAGE, content: bytes | None = None) -> Classifier:
    classifier = load_classifier(Path(path), model, content)
    classifier.parser_package = parser_package
    if classifier.version != version:
        raise ValueError(f"taxonomy {path} or the classifier's rules changed since pickling: "
                         f"{version} -> {classifier.version}")
    return classifier
