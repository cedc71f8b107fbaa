"""Polarity of a signal in its sentence: asserted, negated, denied, hypothetical or reported.

Rules are scope-limited cue words *before* the trigger, inside its clause (plus a short passive
negation or failure after it: "talks were not held", "the talks collapsed"). They work on lower-cased
lookup lemmas (token NORMs), so "refused", "refuses" and "refusing" are one cue. The polarity decides
how much of the category's signed weight a signal contributes; see the *_FACTOR constants:

- a plain negation cancels an escalation and flips a de-escalation into mild escalation;
- an undoing verb ("lifted", "eased", "called off") turns an escalation into mild de-escalation, a
  refusing verb ("refused", "opposed") only cancels it; a spoiler ("violated") negates a de-escalation;
- appeals, modals, conditionals and intent frames weaken the trigger, in that order of strength.

Each token's cue classes are read once per sentence into an int bit set (`Sentence.masks`), so the
rules cost a few integer tests per token in the clause window, not one set lookup per cue class.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

ASSERTED = "asserted"
NEGATED = "negated"
DENIED = "denied"
HYPOTHETICAL = "hypothetical"
REPORTED = "reported"

# Plain negators: they cancel an escalation ("did not invade" is nothing) and turn a
# de-escalation into mild escalation ("no commitment to de-escalate").
NEGATORS = frozenset({"not", "no", "never", "without", "neither", "nor", "none", "nothing", "nobody",
                      "unable", "lack", "cannot"})
# Verbs that stop, refuse or undo what follows: "refused to talk" (negated de-escalation) and
# "lifted sanctions", "ended the offensive" (undone escalation: mild de-escalation).
STOP_VERBS = frozenset({"refuse", "decline", "fail", "reject", "rebuff", "spurn", "abandon", "halt",
                        "suspend", "stop", "cancel", "end", "postpone", "delay", "freeze", "scrap",
                        "boycott", "oppose", "veto", "block", "quit", "lift", "ease", "renege",
                        "reverse", "shun", "resist", "avoid", "prevent", "forgo", "sever", "break",
                        "relax", "loosen", "shorten", "reduce", "curtail", "rescind", "revoke", "repeal",
                        "withdraw", "drop", "terminate", "pause", "cut", "halve", "slash", "lower", "trim",
                        "withhold", "suspension"})  # ("withheld aid", "a suspension of offensive operations")
# Verbs that break an agreement or a truce: they negate a de-escalation ("violated the ceasefire") but
# do not undo an escalation.
SPOIL_VERBS = frozenset({"violate", "violation", "breach", "flout", "undermine", "wreck", "torpedo", "derail",
                         "jeopardize", "jeopardise", "ignore", "disregard", "renege", "shatter", "violator"})
# Verbs that undo a hostile act outright; as a signal themselves ("cancelled", "called off") they are
# only the operator when an escalation signal follows: "called off the strike" is de-escalation.
UNDO_VERBS = frozenset({"cancel", "halt", "suspend", "lift", "ease", "end", "terminate", "stop", "scrap", "pause",
                        "relax", "loosen", "shorten", "reduce", "rescind", "revoke", "repeal", "call",
                        "break", "off", "cut", "halve", "slash", "lower", "trim", "suspension"})
# A phrase negating what follows, checked as consecutive NORMs.
NEGATING_BIGRAMS = frozenset({("rule", "out"), ("rather", "than"), ("instead", "of")})  # "rather than pulling back"
COMPLEMENT_BIGRAMS = frozenset({("rather", "than"), ("instead", "of")})  # they negate only the next words
# "Off" after these starts what follows ("set off a gun battle", "sparked off clashes"): no undoing.
STARTING_BEFORE_OFF = frozenset({"set", "kick", "touch", "spark", "tip"})
# "No" before these accepts what follows: "had no objection to resuming negotiations".
ACCEPTED_AFTER_NO = frozenset({"objection", "objections", "hesitation", "reservation", "reservations"})
# A phrase that stops or undoes what follows, like a STOP_VERB: "called off the strike", "broke off talks".
UNDOING_BIGRAMS = frozenset({("call", "off"), ("break", "off"), ("pull", "out"), ("walk", "away"),
                             ("back", "away"), ("scale", "back"), ("wind", "down")})
# An event that fails right after its trigger is negated: "the talks collapsed".
# ("founder" only in the verb's forms: the noun is a person, "WikiLeaks founder Julian Assange")
FAILURE_VERBS = frozenset({"fail", "collapse", "stall", "falter", "foundered", "foundering", "deadlock",
                           "break down", "cease", "lapse", "expire", "unravel"})
DENY_VERBS = frozenset({"deny", "dismiss", "reject", "refute", "rebut", "deride", "disavow",
                        "discount", "downplay", "contest", "dispute"})
# With these objects a DENY_VERB denies a claim rather than refusing an act.
CLAIM_WORDS = frozenset({"claim", "report", "allegation", "accusation", "suggestion", "speculation",
                         "rumour", "rumor", "charge", "assertion", "talk", "idea", "notion", "fear",
                         "assessment", "warning", "statement", "argument", "contention"})
ALWAYS_DENY = frozenset({"deny", "refute", "rebut", "disavow"})
CONDITIONALS = frozenset({"if", "unless", "lest"})
MODALS = frozenset({"whether", "could", "can", "might", "would", "should", "possible", "possibly", "potential",
                    "potentially", "perhaps", "maybe", "likely", "unlikely", "consider", "mull",
                    "weigh", "contemplate", "threaten", "risk", "propose", "hope", "seek", "want", "wish",
                    "demand", "expect", "must",
                    # imagined events: "imagines how the summit will go", "pretended to invade"
                    "imagine", "reimagine", "pretend", "fantasize", "fantasise", "envision", "envisage"})
# Intent frames: a stated intention or readiness is weaker than the act, but much stronger than a
# modal: CAMEO codes "ready to talk" as intent to cooperate and "prepared to impose martial law" as a threat.
INTENTS = frozenset({"plan", "intend", "ready", "prepared", "willing", "prepare", "pledge", "promise",
                     "vow", "offer", "determined", "readiness", "intention", "commit",
                     # an invitation offers what it invites to ("invited the opposition to a national dialogue")
                     "invite"})
INTENT_FACTOR = 0.7
# Prospects: a speaker's optimism or pessimism about an event ("saw little chance of reaching an understanding",
# "was confident the parties would clinch a deal", "upbeat on reopening talks") is a comment (CAMEO 012/013),
# not the event nor an intention; what follows counts as little as an appeal's complement, across "and" or
# "that" (up to PROSPECT_REACH tokens back, within the sentence's hard boundaries).
PROSPECTS = frozenset({"chance", "prospect", "likelihood", "odds", "confident", "optimistic", "optimism",
                       "pessimistic", "pessimism", "upbeat", "hopeful", "doubtful", "sceptical", "skeptical",
                       "gloomy"})
PROSPECT_REACH = 16
PROSPECT_LINKS = frozenset({"that", "of", "for", "about", "on", "over"})
NO_COMMENT_VERBS = frozenset({"decline", "refuse"})
# What a refusal to comment refuses: "declined to say when the working groups would convene" tells no event.
COMMENT_WORDS = frozenset({"comment", "say", "elaborate", "confirm", "specify", "disclose", "detail", "speculate",
                           "give", "identify", "name"})
# Where a refusal to comment stops covering what follows it: a comma, a semicolon, a conjunction of time or contrast.
COMMENT_BOUNDARIES = frozenset({",", ";", "but", "as", "while", "whereas", ":", "after", "when", "following",
                                "amid"})
PROSPECT_LINK_REACH = 4  # "optimistic about the talks": the link's object, not a later clause
# Reporting verbs that backshift "will" to "would": "NATO confirmed it would tighten the blockade" reports a
# stated intention (CAMEO codes the announced act), not a hypothesis; "would" without one stays a modal.
BACKSHIFT_VERBS = frozenset({"say", "said", "announce", "confirm", "declare", "tell", "state", "insist", "add",
                             "indicate", "report"})
BACKSHIFT_REACH = 5  # "confirmed on Wednesday it would": the verb, up to three words, the subject
# ... or further off when a "that" opens the reported clause ("said in a speech that Iran would never negotiate")
BACKSHIFT_THAT_REACH = 10
# Appeals: what the speaker asks others to do has not happened ("urged both sides to show restraint");
# CAMEO codes the appeal itself, which is neutral, so its complement counts least of all.
APPEALS = frozenset({"urge", "call", "appeal", "ask", "request", "press", "encourage", "plead", "implore",
                     "exhort", "beg"})
# What stands between "pressed" and the trigger when the assault itself is pressed on ("pressed their attack")
PRESS_FILLERS = frozenset({"their", "its", "his", "her", "our", "the", "a", "an", "ahead", "on", "with", "home"})
# (what one vows or promises is said: "vowed that his fighters would keep attacking")
REPORT_CUES = frozenset({"say", "said", "according", "reportedly", "allegedly", "report", "tell",
                         "claim", "quote", "cite", "purportedly", "apparently", "source",
                         "vow", "vowed", "pledge", "pledged", "swore", "promise", "promised"})
HARD_BOUNDARIES = frozenset({";", ":", "(", ")", "but", "while", "whereas", "although", "though",
                             "however", "yet"})
SOFT_BOUNDARIES = frozenset({",", "and", "or", "after", "before", "because", "since", "when", "as",
                             "despite", "amid", "which", "who", "whom", "whose", "where", "following", "during"})
# A clause opened by one of these describes the setting or earlier events ("agreed to a truce after
# two days of fighting", "since last month's invasion"): it counts, but much less than the news.
BACKGROUND_OPENERS = frozenset({"after", "since", "following", "amid", "despite", "during", "which", "who",
                                "whom", "whose", "where", "as", "before", "although", "though"})
AUXILIARIES = frozenset({"be", "is", "was", "were", "are", "been", "do", "does", "did", "have", "has",
                         "had", "will", "can", "could", "would", "should", "may", "might", "must", "ca",
                         "wo", "shall"})
NEGATION_WINDOW = 7
DENIAL_WINDOW = 12
POST_WINDOW = 3

REPORTED_FACTOR = 0.9
HYPOTHETICAL_FACTOR = 0.4
APPEAL_FACTOR = 0.2
DOUBLE_NEGATION_FACTOR = 0.5
NEGATED_DEESCALATION_FACTOR = -0.5  # flips a de-escalation into mild escalation
UNDONE_ESCALATION_FACTOR = -0.5  # "lifted sanctions", "called off the strike": a concession
REFUSED_ESCALATION_FACTOR = 0.0  # "refused to attack", "opposed sanctions": no event either way
NEGATED_ESCALATION_FACTOR = 0.0
BACKGROUND_FACTOR = 0.3
FRONT_REACH = 5  # a fronted clause's opener stands within the sentence's first words: "A day after ..."
FRONTED_OPENERS = frozenset({"after", "since", "following", "amid", "despite", "during", "before", "although",
                             "though"})
# Three words that open a fronted setting as the sentence's first words, the cause of what the main clause tells:
# "Under pressure from protesters, Ruto withdrew the finance bill", "In response to the protests, ...".
FRONTED_PHRASES = frozenset({("under", "pressure", "from"), ("in", "response", "to"), ("in", "retaliation", "for")})
# An opener's word in a phrase that opens no background clause: "arrived in Haiti as part of a security mission".
NOT_OPENERS = frozenset({("as", "part")})
# Words before a failure verb that make it a gerund of another clause: "censured Syria for failing to give access".
GERUND_PREPS = frozenset({"for", "after", "by", "of", "without", "despite", "over"})
# Passive undoings right after the trigger: "the talks were postponed", "a planned visit was cancelled".
CANCEL_VERBS = frozenset({"cancel", "postpone", "scrap", "shelve", "abandon", "suspend"})
WITHOUT_REACH = 3  # "without" negates its own phrase: "ended without a ceasefire agreement", "without firing a shot"
# Words that open a question: "What was ...?", "Will Russia invade?", "Is the truce holding?"
QUESTION_OPENERS = frozenset({"what", "why", "how", "who", "where", "when", "which", "will", "would", "can", "could",
                              "is", "are", "was", "were", "does", "do", "did", "should", "has", "have", "may"})
EXPLAINER_REACH = 4  # a label before an explainer's colon: "Q&A:", "Explainer:"
NO_CLAUSE = range(0)
DATELINE_DASHES = ("-", "—", "–", "--")
# Words that may stand before a fronted clause's opener: "Two weeks after", "Only days after", "Hours after".
TIME_LEADS = frozenset({"a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                        "few", "several", "day", "days", "week", "weeks", "month", "months", "year", "years", "hour",
                        "hours", "minute", "minutes", "decade", "decades", "only", "just", "barely", "shortly",
                        "soon", "long", "less", "than", "more", "nearly", "almost", "some", "moments", "even",
                        "Two", "Three", "A", "An", "One", "Only", "Just", "Barely", "Shortly", "Days", "Weeks",
                        "Months", "Years", "Hours", "Minutes", "Moments", "Soon", "Long", "Less", "More", "Nearly",
                        "Almost", "Some", "Even", "Several", "Few", "Decades", "eleven", "twelve", "twenty",
                        "thirty", "forty", "fifty", "hundred", "over", "the", "about", "exactly", "within", "Eleven",
                        "Twelve", "Twenty", "Thirty", "Forty", "Fifty", "Over", "The", "About", "Exactly", "Within",
                        "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Twice"}
                       | {str(n) for n in range(1, 101)})
DATELINE_REACH = 12  # ... or the first words after a dateline's dash: "KABUL (Reuters) - Hours after ..."


NEG_BIT, STOP_BIT, DENY_BIT, ALWAYS_DENY_BIT, CLAIM_BIT, COND_BIT, MODAL_BIT, APPEAL_BIT = (1 << i for i in range(8))
REPORT_BIT, HARD_BIT, SOFT_BIT, BACKGROUND_BIT, AUX_BIT, NOT_BIT, FAILURE_BIT, BIGRAM_BIT = (
    1 << i for i in range(8, 16))
SPOIL_BIT, UNDO_BIT, INTENT_BIT, BACKSHIFT_BIT, PROSPECT_BIT, COMMA_BIT = (1 << i for i in range(16, 22))
# The bits a word keeps inside an actor's name: its punctuation, never its sense.
NAME_KEPT_BITS = HARD_BIT | SOFT_BIT | COMMA_BIT
_CLASSES = ((NEGATORS, NEG_BIT), (STOP_VERBS, STOP_BIT), (DENY_VERBS, DENY_BIT), (ALWAYS_DENY, ALWAYS_DENY_BIT),
            (CLAIM_WORDS, CLAIM_BIT), (CONDITIONALS, COND_BIT), (MODALS, MODAL_BIT), (APPEALS, APPEAL_BIT),
            (REPORT_CUES, REPORT_BIT), (HARD_BOUNDARIES, HARD_BIT), (SOFT_BOUNDARIES, SOFT_BIT),
            (BACKGROUND_OPENERS, BACKGROUND_BIT), (AUXILIARIES, AUX_BIT), (("not", "never"), NOT_BIT),
            (FAILURE_VERBS, FAILURE_BIT), (SPOIL_VERBS, SPOIL_BIT), (UNDO_VERBS & STOP_VERBS, UNDO_BIT),
            (INTENTS, INTENT_BIT), (BACKSHIFT_VERBS, BACKSHIFT_BIT), (PROSPECTS, PROSPECT_BIT),
            ((",", "but"), COMMA_BIT),
            ({a for a, _ in NEGATING_BIGRAMS | UNDOING_BIGRAMS}, BIGRAM_BIT))


def _masks(key: Callable[[str], Hashable]) -> dict:
    masks: dict = {}
    for words, bit in _CLASSES:
        for word in words:
            if " " not in word:
                masks[key(word)] = masks.get(key(word), 0) | bit
    return masks


@dataclass(frozen=True)
class Lexicon:
    """The cues the rules compare by exact key, keyed as the tokens are: plain strings for tests, StringStore
    hashes in the classifier (so no token is turned into a Python string). Every other cue class is a bit in
    `masks`: a token matches a cue when its lemma (NORM) or its lower-cased form is in the class, because the
    lookup lemmas of function words are odd ("as" -> "a", "could" -> "can", "willing" -> "will")."""

    negating_bigrams: frozenset
    undoing_bigrams: frozenset
    claim_words: frozenset
    undo: frozenset
    only: object
    may: object
    any: frozenset
    would: object
    that: object
    must: object
    truth: object
    first_person: frozenset  # "we must", "I must" as written ("US must" is no "us"): the speaker's own duty
    hyphen: object
    call: object
    call_preps: frozenset  # "call on / for / upon" appeals; "called the drawdown a step" does not
    press: object  # "pressed for a truce", "pressed Moscow on a pause" appeal; "pressed their assault" goes on
    press_fillers: frozenset
    prospect_links: frozenset  # "confident that", "chance of", "upbeat on": a prospect's complement follows
    comment: object
    comment_words: frozenset  # "declined to comment / say / elaborate / confirm"
    no: object
    no_comment_verbs: frozenset  # "declined to comment", "refused to comment"
    immediately: object  # "did not immediately comment"
    since: object  # "have since sentenced": the adverb, no opener
    perfect: frozenset
    neither_nor: frozenset  # negators that tell an absence ("had not discussed", "neither ... nor ... sent")
    plain_nots: frozenset
    told_aux: frozenset
    told_adverbs: frozenset
    there: object
    plans: frozenset
    unwillingness: frozenset
    been: object
    comment_fillers: frozenset
    starting_before_off: frozenset
    ending_in: frozenset  # "ended with a declaration", "ended in a deal": what it ended with is its result
    short: object  # "cut short"
    end: object
    fronted_openers: frozenset
    not_openers: frozenset  # "as part of": an opener's word in a phrase that opens no clause
    gerund_preps: frozenset  # "for failing", "after failing": a failure verb of another clause
    without: object
    cancelled: frozenset  # "was cancelled", "were postponed": a passive undoing right after the trigger
    off: object
    question: object
    question_openers: frozenset
    wh_words: frozenset  # an explainer's headline: "what the talks can deliver"
    modals: frozenset
    explainer_stops: frozenset
    colon: object
    in_: object
    protest: object
    fronted_phrases: frozenset  # three-word openers of a fronted setting: "Under pressure from ..., ..."
    fronted_phrase_firsts: frozenset
    complement_bigrams: frozenset
    dashes: frozenset  # a dateline's: "KABUL (Reuters) -", "MEXICO CITY (AP) —"
    time_leads: frozenset
    accepted_after_no: frozenset
    comment_boundaries: frozenset
    # token key -> bit set of the cue classes (see the *_BIT constants), so that the rules test a token's
    # classes with one int per token instead of one set lookup per class.
    masks: dict = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, key: Callable[[str], Hashable]) -> Lexicon:
        def keyed(words: Iterable[str]) -> frozenset:
            return frozenset(key(w) for w in words)

        return cls(
            negating_bigrams=frozenset((key(a), key(b)) for a, b in NEGATING_BIGRAMS),
            complement_bigrams=frozenset((key(a), key(b)) for a, b in COMPLEMENT_BIGRAMS),
            undoing_bigrams=frozenset((key(a), key(b)) for a, b in UNDOING_BIGRAMS),
            claim_words=keyed(CLAIM_WORDS), undo=keyed(UNDO_VERBS), only=key("only"), may=key("may"),
            any=keyed(("any", "Any")),
            would=key("would"), that=key("that"), must=key("must"), truth=key("truth"),
            first_person=keyed(("we", "We", "I")),
            hyphen=key("-"),
            call=key("call"), call_preps=keyed(("on", "for", "upon")), press=key("press"),
            prospect_links=keyed(PROSPECT_LINKS), comment=key("comment"), no=key("no"),
            comment_words=keyed(COMMENT_WORDS),
            no_comment_verbs=keyed(NO_COMMENT_VERBS), immediately=key("immediately"),
            since=key("since"), perfect=keyed(("have", "has", "had")),
            neither_nor=keyed(("neither", "nor")), plain_nots=keyed(("not", "n't", "never")),
            told_aux=keyed(("did", "had", "has", "have", "was", "were")),
            told_adverbs=keyed(("also", "still", "yet", "ever", "even", "so", "far")), there=key("there"),
            plans=keyed(("plans", "plan")),
            unwillingness=keyed(("intention", "desire", "interest", "wish", "appetite", "willingness", "choice")),
            been=key("been"), comment_fillers=keyed(("immediate", "further", "official", "public")),
            comment_boundaries=keyed(COMMENT_BOUNDARIES),
            press_fillers=keyed(PRESS_FILLERS), starting_before_off=keyed(STARTING_BEFORE_OFF),
            ending_in=keyed(("with", "in")), end=key("end"), short=key("short"),
            fronted_openers=keyed(FRONTED_OPENERS),
            not_openers=frozenset((key(a), key(b)) for a, b in NOT_OPENERS),
            gerund_preps=keyed(GERUND_PREPS), without=key("without"),
            cancelled=keyed(CANCEL_VERBS), off=key("off"),
            in_=key("in"), protest=key("protest"), question=key("?"), colon=key(":"),
            question_openers=keyed(QUESTION_OPENERS), wh_words=keyed(("what", "why", "how")),
            modals=keyed(("can", "could", "would", "might", "may")), explainer_stops=keyed((",", ":", ";")),
            fronted_phrases=frozenset(tuple(key(w) for w in phrase) for phrase in FRONTED_PHRASES),
            fronted_phrase_firsts=keyed(phrase[0] for phrase in FRONTED_PHRASES), dashes=keyed(DATELINE_DASHES),
            time_leads=keyed(TIME_LEADS),
            accepted_after_no=keyed(ACCEPTED_AFTER_NO), masks=_masks(key),
        )


STRINGS = Lexicon.build(str)


class Polarity(NamedTuple):
    """One per signal, so a NamedTuple (several times cheaper to make than a frozen dataclass)."""

    label: str
    factor: float  # multiplies the category's signed weight; negative flips the direction
    background: bool = False  # in a clause about the setting or earlier events
    undone: bool = False  # an escalation undone by a cue word ("lifted", "called off"): a concession
    absent: bool = False  # cooperation told as not having happened ("had not discussed"): no event


class Sentence:
    """One sentence as parallel token keys: lemmas (NORM), lower-cased and original forms.

    `masks` (computed on first use) holds each token's cue classes as bits; the rules read only those
    and, for the few cues that need the exact word, the keys."""

    __slots__ = ("norms", "lowers", "orths", "lex", "masks", "reported", "first_conditional", "fronted", "question")

    def __init__(self, norms: Sequence[Hashable], lowers: Sequence[Hashable] | None = None,
                 orths: Sequence[Hashable] | None = None, lex: Lexicon = STRINGS, names: Iterable[int] = ()) -> None:
        self.norms = norms
        self.lowers = lowers if lowers is not None else norms
        self.orths = orths if orths is not None else self.lowers
        self.lex = lex
        get = lex.masks.get
        if self.lowers is norms:
            self.masks = [get(n, 0) for n in norms]
        else:
            self.masks = [get(n, 0) | get(w, 0) for n, w in zip(norms, self.lowers, strict=True)]
        for i in names:  # a word of a name is no cue: "Doctors Without Borders opened a field hospital"
            self.masks[i] &= NAME_KEPT_BITS
        # Tested over the few distinct masks (a C-speed set) rather than token by token.
        present = 0
        for m in set(self.masks):
            present |= m
        self.reported = bool(present & REPORT_BIT)
        self.first_conditional = len(self.masks) if not present & COND_BIT else \
            next(i for i, m in enumerate(self.masks) if m & COND_BIT)
        # the sentence is a question from its first word ("What was the Minsk agreement?"), not an event told and
        # then asked about ("Russia invades Ukraine: what happens next?")
        self.question = bool(len(self.lowers)) and (
            (self.lowers[-1] == lex.question and self.lowers[0] in lex.question_openers
             and lex.colon not in self.lowers[:-1]) or self._explained())
        self.fronted = self._fronted() if present & COMMA_BIT and (
            present & BACKGROUND_BIT or not lex.fronted_phrase_firsts.isdisjoint(self.lowers[:DATELINE_REACH])) \
            else NO_CLAUSE

    def _explained(self) -> bool:
        """An explainer's headline, an indirect question of what may happen: "Q&A: what the talks in Brussels can
        and cannot deliver", "What a ceasefire could mean for Gaza"."""
        lowers, lex = self.lowers, self.lex
        colon = next((i for i in range(min(len(lowers), EXPLAINER_REACH)) if lowers[i] == lex.colon), -1)
        first = colon + 1
        if first >= len(lowers) or lowers[first] not in lex.wh_words:
            return False
        # the modal within the question itself, before a comma or a colon: not "What Israel called a strike killed
        # 20 people, and officials said the toll could rise", "How the army shelled Mariupol: survivors could hear"
        stop = next((i for i in range(first, len(lowers)) if lowers[i] in lex.explainer_stops), len(lowers))
        return not lex.modals.isdisjoint(lowers[first:stop])

    def _fronted(self) -> range:
        """The tokens of a fronted clause of earlier events, from its opener to the comma closing it ("Two
        weeks after releasing political prisoners, ..."; after a dateline too): that clause is the setting,
        whatever "and" it holds."""
        masks, lowers = self.masks, self.lowers
        lex = self.lex
        first = 0
        for j in range(1, min(len(masks), DATELINE_REACH)):
            if lowers[j] in lex.dashes:  # "KABUL (Reuters) - ...", "WASHINGTON — ..." (a dash elsewhere, as in
                first = j + 1  # "Pro-Russian rebels", finds no words of time and an opener after it)
                break
        for i in range(first, min(len(masks), first + FRONT_REACH)):
            if i == first and i + 2 < len(masks) and (lowers[i], lowers[i + 1], lowers[i + 2]) in lex.fronted_phrases:
                end = next((j for j in range(i + 3, len(masks)) if masks[j] & COMMA_BIT), -1)
                return range(i + 1, end) if end > 0 else NO_CLAUSE  # "Under pressure from protesters, ..."
            if lowers[i] in lex.fronted_openers or self.norms[i] in lex.fronted_openers:
                end = next((j for j in range(i + 1, len(masks)) if masks[j] & COMMA_BIT), -1)
                return range(i + 1, end) if end > 0 else NO_CLAUSE
            if lowers[i] not in lex.time_leads and self.orths[i] not in lex.time_leads:
                return NO_CLAUSE  # only words of time may lead the opener: "Two weeks after", "Barely a month after"
        return NO_CLAUSE

    def __len__(self) -> int:
        return len(self.norms)

    def hit(self, cues: frozenset, i: int) -> bool:
        return self.norms[i] in cues or self.lowers[i] in cues


def assess(sent: Sentence, start: int, end: int, direction: str) -> Polarity:
    """Polarity of the trigger at token positions [start, end) of `sent`."""
    scope = clause_scope(sent, start, NEGATION_WINDOW, soft=True)
    polarity = _assess(sent, start, end, direction, scope)
    opener = scope.start - 1
    if (opener >= 0 and sent.masks[opener] & BACKGROUND_BIT and not (
            opener + 1 < len(sent) and (sent.lowers[opener], sent.lowers[opener + 1]) in sent.lex.not_openers)
            and not (opener > 0 and sent.lowers[opener] == sent.lex.since
                     and sent.lowers[opener - 1] in sent.lex.perfect)) \
            or start in sent.fronted:  # ("courts have since sentenced her": "since" then, no clause of the setting)
        return Polarity(polarity.label, polarity.factor * BACKGROUND_FACTOR, True, polarity.undone)
    return polarity


def _assess(sent: Sentence, start: int, end: int, direction: str, scope: range) -> Polarity:
    if _denied(sent, start):
        return Polarity(DENIED, 0.0)
    if sent.question:
        return Polarity(HYPOTHETICAL, 0.0)  # "What was the Minsk agreement?", "Will Russia invade?": asked, not told
    negators, stoppers, undoers = _negations(sent, start, end, scope, direction == "de-escalation")
    failed = not negators and _passive_negation(sent, end)  # "the talks collapsed", "the truce did not hold"
    negators += failed
    hypothetical = _hypothetical(sent, start, scope)
    count = negators + stoppers
    if count % 2 == 1:
        by = "undo" if undoers and not negators else "stop" if stoppers and not negators else \
            "fail" if failed else "none" if _told_not_done(sent, scope) else "not"
        if direction == "de-escalation" and hypothetical == INTENT_FACTOR:
            hypothetical = 1.0  # a refusal told as a will: "said Iran would never negotiate" refuses now
        return Polarity(NEGATED, _negated_factor(direction, by) * hypothetical,
                        undone=by == "undo" and direction == "escalation", absent=by == "none")
    double = DOUBLE_NEGATION_FACTOR if count else 1.0
    if direction == "de-escalation" and _any_such(sent, start):
        hypothetical = min(hypothetical, APPEAL_FACTOR)  # (not a refusal's "any": "refused any talks"; not an
        # escalation's: "will respond to any attack" warns, which CAMEO codes as the threat it is)
    if hypothetical < 1.0:
        return Polarity(HYPOTHETICAL, hypothetical * double)
    if sent.reported:
        return Polarity(REPORTED, REPORTED_FACTOR * double)
    return Polarity(ASSERTED, double)


def _negated_factor(direction: str, by: str) -> float:
    """`by`: 'not' (plain negation), 'stop' (refusing verb), 'undo' (lifting, easing, calling off) or 'fail' (a
    failure after the trigger: "the talks collapsed"). Cooperation refused or failed is mild conflict; cooperation
    that merely did not happen ("had not discussed Taiwan", "was not a party to the agreement") is no event."""
    if direction == "de-escalation":
        return 0.0 if by == "none" else NEGATED_DEESCALATION_FACTOR
    if direction == "escalation":
        if by == "undo":
            return UNDONE_ESCALATION_FACTOR
        if by == "stop":
            return REFUSED_ESCALATION_FACTOR
    return NEGATED_ESCALATION_FACTOR


def clause_scope(sent: Sentence, start: int, window: int, soft: bool) -> range:
    """Token positions before `start` back to a clause boundary (soft ones too when `soft`)."""
    masks = sent.masks
    stop = HARD_BIT | SOFT_BIT if soft else HARD_BIT
    i = start - 1
    lowest = max(0, start - window)
    while i >= lowest and not masks[i] & stop:
        i -= 1
    return range(i + 1, start)


def _after_told_aux(sent: Sentence, i: int) -> bool:
    """The negator at i follows a past or perfect auxiliary, perhaps past an adverb ("had also not discussed")."""
    lowers, lex = sent.lowers, sent.lex
    return (i > 0 and lowers[i - 1] in lex.told_aux) or (
        i > 1 and lowers[i - 1] in lex.told_adverbs and lowers[i - 2] in lex.told_aux)


def _there_was_no(sent: Sentence, i: int) -> bool:
    """"There was no", "there have been no" before the trigger: an absence told ("There have been no direct
    peace negotiations since ...")."""
    lowers, lex = sent.lowers, sent.lex
    if lowers[i] != lex.no or i < 2:
        return False
    return (lowers[i - 2] == lex.there and lowers[i - 1] in lex.told_aux) or (
        i > 2 and lowers[i - 3] == lex.there and lowers[i - 1] == lex.been)


def _no_plans(sent: Sentence, i: int) -> bool:
    """"No plans to" at i, or a "no" a past or perfect auxiliary has ("had no information about"): nothing planned
    or known, no refusal ("Putin had no plans to attend the summit"); not "has no intention of withdrawing",
    which refuses."""
    lowers, lex = sent.lowers, sent.lex
    if lowers[i] != lex.no or i + 1 >= len(sent):
        return False
    return lowers[i + 1] in lex.plans or (_after_told_aux(sent, i) and lowers[i + 1] not in lex.unwillingness)


def _told_not_done(sent: Sentence, scope: range) -> bool:
    """Every negator before the trigger tells that something did not happen ("had not discussed", "was not a party
    to", "Neither Israel nor Hamas sent"), none that a side will not or would not do it ("will not accept", "no
    intention of", "ruled out"): a refusal is conflict, an absence is no event."""
    lowers, lex = sent.lowers, sent.lex
    found = False
    for i in scope:
        if not sent.masks[i] & NEG_BIT:
            continue
        if lowers[i] in lex.neither_nor or (lowers[i] in lex.plain_nots and _after_told_aux(sent, i)) \
                or _there_was_no(sent, i) or _no_plans(sent, i):
            found = True
        else:
            return False
    return found


def _negations(sent: Sentence, start: int, end: int, scope: range,
               deescalation: bool) -> tuple[int, int, int]:
    """(plain negators, stop verbs, of which undoing verbs) governing the trigger, counted for double
    negation; spoilers ("violated") count as stop verbs before a de-escalation only."""
    lex = sent.lex
    masks = sent.masks
    negators = stoppers = undoers = 0
    # "blocking traffic in protest against EU trade policy": "in protest" says why, no verb stops it
    why_protest = start > 0 and sent.lowers[start - 1] == lex.in_ and sent.norms[start] == lex.protest
    for i in scope:
        m = masks[i]
        if not m:
            continue
        if m & NEG_BIT:
            if sent.lowers[i] == lex.without and start - i > WITHOUT_REACH:
                continue  # "a detainee held without charge ... has been on hunger strike": "without" takes its phrase
            if i + 1 < len(masks) and (sent.lowers[i + 1] == lex.only  # "not only"
                                       or sent.lowers[i + 1] in lex.accepted_after_no):  # "no objection to"
                continue
            negators += 1
        elif m & STOP_BIT or (deescalation and m & SPOIL_BIT):
            if why_protest:
                continue
            if i > 0 and m & UNDO_BIT and sent.norms[i - 1] in lex.starting_before_off:
                continue  # "set off a gun battle"
            if not deescalation and i + 1 < start and sent.lowers[i + 1] == lex.short:
                continue  # "police cut short the opposition rally": ended by force, which the binding reads
            if sent.norms[i] == lex.end and i + 1 < start and sent.lowers[i + 1] in lex.ending_in:
                continue  # "the summit ended with a joint declaration": its result, nothing undone
            stoppers += 1
            undoers += bool(m & UNDO_BIT)
        elif m & BIGRAM_BIT and i + 1 < start:
            pair = (sent.norms[i], sent.norms[i + 1])
            if pair in lex.negating_bigrams and (pair not in lex.complement_bigrams
                                                 or _in_complement(sent, i + 2, start)):
                negators += 1  # ("rather than negotiating, Russia launched ...": only what the phrase takes)
            elif pair in lex.undoing_bigrams:
                stoppers += 1
                undoers += 1
    return negators, stoppers, undoers


def _in_complement(sent: Sentence, first: int, start: int) -> bool:
    """The trigger at `start` is within what "rather than" / "instead of" takes from `first`: up to the comma
    that closes it, or, with no comma, the next three words."""
    comma = next((j for j in range(first, len(sent.masks)) if sent.masks[j] & (COMMA_BIT | HARD_BIT)), -1)
    return start < comma if comma >= 0 else start <= first + 2


def _passive_negation(sent: Sentence, end: int) -> bool:
    """'talks were not held', 'the ceasefire did not hold': aux + not right after the trigger;
    'the talks failed / collapsed / stalled': a failure verb right after it."""
    masks = sent.masks
    for i in range(end, min(len(masks), end + POST_WINDOW)):
        m = masks[i]
        if m & (HARD_BIT | SOFT_BIT):
            return False
        if i > end and masks[i - 1] & AUX_BIT and (sent.norms[i] in sent.lex.cancelled or (
                sent.norms[i] == sent.lex.call and i + 1 < len(masks) and sent.lowers[i + 1] == sent.lex.off)):
            return True  # "a planned visit ... was called off", "the talks were postponed"
        if m & FAILURE_BIT and i > end and sent.lowers[i - 1] in sent.lex.gerund_preps:
            return False  # "censuring Syria for failing to give access": the failure is the party's, not the act's
        if m & FAILURE_BIT or (m & NOT_BIT and i > end and masks[i - 1] & AUX_BIT):
            return True
    return False


def obliged(sent: Sentence, start: int) -> bool:
    """The trigger at `start` is what "must" lays on a party in its clause ("the Sudanese government and the
    rebels must reach an agreement", "Russia must withdraw its troops"): CAMEO codes that as a demand on the
    party. Not "we must": what the speaker takes on."""
    lex = sent.lex
    for i in clause_scope(sent, start, NEGATION_WINDOW, soft=True):
        if sent.lowers[i] == lex.must:  # (not "a must-visit", "must-see TV": an adjective)
            return not (i > 0 and sent.orths[i - 1] in lex.first_person) and not (
                i + 1 < len(sent.orths) and sent.orths[i + 1] == lex.hyphen)
    return False


def _denied(sent: Sentence, start: int) -> bool:
    """'denied plans to invade', 'dismissed reports of a build-up', 'rejected claims that ...'."""
    masks = sent.masks
    for i in clause_scope(sent, start, DENIAL_WINDOW, soft=False):
        m = masks[i]
        if m & ALWAYS_DENY_BIT:
            return True
        if m & DENY_BIT and (claim := next((j for j in range(i + 1, start) if masks[j] & CLAIM_BIT), None)) \
                and not any(masks[j] & REPORT_BIT for j in range(claim + 1, start)):
            return True  # (not "rejected the accusation and said the air force had bombed": a new statement)
        # "there was no truth in reports that ...", "denied" in other words
        if sent.lowers[i] == sent.lex.truth and i > 0 and masks[i - 1] & NEG_BIT \
                and any(masks[j] & CLAIM_BIT for j in range(i + 1, start)):
            return True
    return False


def _appeals(sent: Sentence, i: int, start: int) -> bool:
    """The appeal word at `i` asks for what follows it up to the trigger at `start`: "call" only with "on", "for"
    or "upon" next ("called the drawdown a step" names), "press" unless only a possessive, an article or "ahead
    with" stand between it and the trigger ("pressed their assault on the town", "pressed ahead with the
    offensive" go on with it; "pressed Moscow to withdraw", "pressed Netanyahu on a pause" appeal)."""
    lex = sent.lex
    norm = sent.norms[i]
    if norm == lex.call:
        return i + 1 < start and sent.norms[i + 1] in lex.call_preps
    if norm == lex.press and i + 1 < start:  # (right before the trigger, as before: "a press release")
        return not all(sent.lowers[j] in lex.press_fillers for j in range(i + 1, start))
    return True


def declined_comment(sent: Sentence) -> tuple[int, int] | None:
    """The token positions [i, stop) a refusal to comment covers ("declined to comment on reports that ...", "had
    no comment on"): from "comment" to the next COMMENT_BOUNDARIES word. What they name was not commented on, not an
    event (CAMEO 011). None without such a refusal."""
    lex, norms = sent.lex, sent.norms
    for i in range(1, len(norms)):
        if (norms[i] == lex.comment and norms[i - 1] == lex.no) or (
                norms[i] in lex.comment_words and i >= 2 and norms[i - 2] in lex.no_comment_verbs) or (
                norms[i] == lex.comment and sent.masks[i - 1] & NOT_BIT) or (  # "did not comment on"
                norms[i] == lex.comment and i >= 2 and sent.lowers[i - 1] == lex.immediately
                and sent.masks[i - 2] & NOT_BIT) or (  # "did not immediately comment on the agreement"
                norms[i] == lex.comment and i >= 2 and norms[i - 2] == lex.no
                and sent.lowers[i - 1] in lex.comment_fillers):  # "made no immediate comment on the lifting"
            stop = next((j for j in range(i + 1, len(norms)) if sent.lowers[j] in lex.comment_boundaries), len(norms))
            return i, stop
    return None


def _prospect_of(sent: Sentence, i: int, start: int) -> bool:
    """The trigger is in the complement of the prospect word at `i`: no comma or other boundary between them, and
    either the trigger follows its link closely ("chance of reaching", "upbeat on reopening", "optimistic about
    the talks") or a modal makes it unreal ("was confident the parties would clinch a deal"); not a mood beside
    an act ("Confident after the vote, parliament ratified", "optimistic about the talks and on Monday signed")."""
    if any(sent.masks[j] & (HARD_BIT | COMMA_BIT) for j in range(i + 1, start)):
        return False
    link = next((j for j in range(i + 1, min(i + 3, start)) if sent.lowers[j] in sent.lex.prospect_links), None)
    if link is not None and start - link <= PROSPECT_LINK_REACH:
        return True
    return any(sent.masks[j] & MODAL_BIT for j in range(i + 1, start))


def _backshifted(sent: Sentence, i: int) -> bool:
    """The "would" at i is a reported "will": a reporting verb close before it, or before a "that" that opens its
    clause, with no hard boundary or conditional between."""
    masks = sent.masks
    if any(masks[j] & BACKSHIFT_BIT for j in range(max(0, i - BACKSHIFT_REACH), i)):
        return True
    for j in range(i - 1, max(-1, i - BACKSHIFT_THAT_REACH), -1):
        if masks[j] & HARD_BIT or sent.first_conditional == j:
            return False
        if sent.lowers[j] == sent.lex.that:
            return any(masks[k] & BACKSHIFT_BIT for k in range(max(0, j - BACKSHIFT_REACH), j))
    return False


def _any_such(sent: Sentence, start: int) -> bool:
    """"Any" before the trigger, perhaps past one modifier: whatever deal may come, none yet ("any deal must
    require", "any future talks")."""
    return (start > 0 and sent.orths[start - 1] in sent.lex.any) or (
        start > 1 and sent.orths[start - 2] in sent.lex.any and not sent.masks[start - 1] & HARD_BIT)


def _hypothetical(sent: Sentence, start: int, scope: range) -> float:
    """The factor for unrealised events: APPEAL_FACTOR inside an appeal's complement, HYPOTHETICAL_FACTOR
    after a conditional anywhere earlier in the sentence or a modal / irrealis verb in the clause, else 1."""
    lex = sent.lex
    masks = sent.masks
    for i in range(start - 1, max(-1, start - 1 - PROSPECT_REACH), -1):
        if masks[i] & HARD_BIT:
            break
        if masks[i] & PROSPECT_BIT and _prospect_of(sent, i, start):
            return APPEAL_FACTOR
    factor = HYPOTHETICAL_FACTOR if sent.first_conditional < start else 1.0
    for i in scope:
        m = masks[i]
        if m & APPEAL_BIT and _appeals(sent, i, start):
            return APPEAL_FACTOR
        if sent.lowers[i] == lex.may:
            if sent.orths[i] == lex.may:  # not the month
                factor = HYPOTHETICAL_FACTOR
        elif m & MODAL_BIT:
            if sent.lowers[i] == lex.would and _backshifted(sent, i):
                factor = min(factor, INTENT_FACTOR)  # "said it would withdraw": the reported "will"
            else:
                factor = HYPOTHETICAL_FACTOR
        elif m & INTENT_BIT:
            factor = min(factor, INTENT_FACTOR)
    return factor
