"""Polarity of a signal in its sentence: asserted, negated, denied, hypothetical or reported.

Rules are scope-limited cue words *before* the trigger, inside its clause (plus a short passive
negation after it: "talks were not held"). They work on lower-cased lookup lemmas (token NORMs), so
"refused", "refuses" and "refusing" are one cue. The polarity decides how much of the category's
signed weight a signal contributes; see `FACTORS` and `factor`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ASSERTED = "asserted"
NEGATED = "negated"
DENIED = "denied"
HYPOTHETICAL = "hypothetical"
REPORTED = "reported"
POLARITIES = (ASSERTED, NEGATED, DENIED, HYPOTHETICAL, REPORTED)

# Plain negators: they cancel an escalation ("did not invade" is nothing) and turn a
# de-escalation into mild escalation ("no commitment to de-escalate").
NEGATORS = frozenset({"not", "no", "never", "without", "neither", "nor", "none", "nothing", "nobody",
                      "unable", "lack", "cannot"})
# Verbs that stop, refuse or undo what follows: "refused to talk" (negated de-escalation) and
# "lifted sanctions", "ended the offensive" (undone escalation: mild de-escalation).
STOP_VERBS = frozenset({"refuse", "decline", "fail", "reject", "rebuff", "spurn", "abandon", "halt",
                        "suspend", "stop", "cancel", "end", "postpone", "delay", "freeze", "scrap",
                        "boycott", "oppose", "veto", "block", "quit", "lift", "ease", "renege",
                        "reverse", "shun", "resist", "avoid", "prevent", "forgo", "sever", "break"})
# A phrase negating what follows, checked as consecutive NORMs.
NEGATING_BIGRAMS = frozenset({("rule", "out"), ("call", "off"), ("break", "off"), ("pull", "out"),
                              ("walk", "away"), ("back", "away")})
DENY_VERBS = frozenset({"deny", "dismiss", "reject", "refute", "rebut", "deride", "disavow",
                        "discount", "downplay", "contest", "dispute"})
# With these objects a DENY_VERB denies a claim rather than refusing an act.
CLAIM_WORDS = frozenset({"claim", "report", "allegation", "accusation", "suggestion", "speculation",
                         "rumour", "rumor", "charge", "assertion", "talk", "idea", "notion", "fear",
                         "assessment", "warning", "statement"})
ALWAYS_DENY = frozenset({"deny", "refute", "rebut", "disavow"})
CONDITIONALS = frozenset({"if", "unless", "lest"})
MODALS = frozenset({"whether", "could", "might", "would", "should", "possible", "possibly", "potential",
                    "potentially", "perhaps", "maybe", "likely", "unlikely", "consider", "mull",
                    "weigh", "contemplate", "threaten", "risk", "urge", "call", "appeal", "ask",
                    "request", "propose", "hope", "seek", "want", "wish", "demand", "press",
                    "plan", "intend", "ready", "prepared", "willing", "prepare", "expect"})
REPORT_CUES = frozenset({"say", "said", "according", "reportedly", "allegedly", "report", "tell",
                         "claim", "quote", "cite", "purportedly", "apparently", "source"})
HARD_BOUNDARIES = frozenset({";", ":", "(", ")", "but", "while", "whereas", "although", "though",
                             "however", "yet"})
SOFT_BOUNDARIES = frozenset({",", "and", "or", "after", "before", "because", "since", "when", "as",
                             "despite", "amid", "which", "who", "whom", "where", "following", "during"})
# A clause opened by one of these describes the setting or earlier events ("agreed to a truce after
# two days of fighting", "since last month's invasion"): it counts, but much less than the news.
BACKGROUND_OPENERS = frozenset({"after", "since", "following", "amid", "despite", "during", "which", "who",
                                "whom", "where", "as", "before"})
AUXILIARIES = frozenset({"be", "is", "was", "were", "are", "been", "do", "does", "did", "have", "has",
                         "had", "will", "can", "could", "would", "should", "may", "might", "must", "ca",
                         "wo", "shall"})
NEGATION_WINDOW = 7
MODAL_WINDOW = 7
DENIAL_WINDOW = 12
POST_WINDOW = 3

REPORTED_FACTOR = 0.9
HYPOTHETICAL_FACTOR = 0.4
DOUBLE_NEGATION_FACTOR = 0.5
NEGATED_DEESCALATION_FACTOR = -0.5  # flips a de-escalation into mild escalation
UNDONE_ESCALATION_FACTOR = -0.5  # "lifted sanctions": mild de-escalation
NEGATED_ESCALATION_FACTOR = 0.0
BACKGROUND_FACTOR = 0.3


@dataclass(frozen=True)
class Polarity:
    label: str
    factor: float  # multiplies the category's signed weight; negative flips the direction
    background: bool = False  # in a clause about the setting or earlier events


def assess(norms: Sequence[str], texts: Sequence[str], start: int, end: int, direction: str) -> Polarity:
    """Polarity of the trigger `norms[start:end]` within one sentence given as NORMs and texts."""
    polarity = _assess(norms, texts, start, end, direction)
    if in_background(norms, start):
        return Polarity(polarity.label, polarity.factor * BACKGROUND_FACTOR, True)
    return polarity


def in_background(norms: Sequence[str], start: int) -> bool:
    """True when the trigger's clause is opened by 'after', 'since', 'amid', 'who' ... (setting)."""
    scope = clause_scope(norms, start, NEGATION_WINDOW, soft=True)
    opener = scope.start - 1
    return opener >= 0 and norms[opener] in BACKGROUND_OPENERS


def _assess(norms: Sequence[str], texts: Sequence[str], start: int, end: int, direction: str) -> Polarity:
    denied = _denied(norms, start)
    if denied:
        return Polarity(DENIED, 0.0)
    negators, stoppers = _negations(norms, start, end)
    hypothetical = _hypothetical(norms, texts, start)
    reported = _reported(norms)
    count = negators + stoppers
    if count % 2 == 1:
        base = _negated_factor(direction, stoppers > 0 and negators == 0)
        if hypothetical:
            base *= HYPOTHETICAL_FACTOR
        return Polarity(NEGATED, base)
    double = DOUBLE_NEGATION_FACTOR if count else 1.0
    if hypothetical:
        return Polarity(HYPOTHETICAL, HYPOTHETICAL_FACTOR * double)
    if reported:
        return Polarity(REPORTED, REPORTED_FACTOR * double)
    return Polarity(ASSERTED, double)


def _negated_factor(direction: str, by_stop_verb: bool) -> float:
    if direction == "de-escalation":
        return NEGATED_DEESCALATION_FACTOR
    if direction == "escalation" and by_stop_verb:
        return UNDONE_ESCALATION_FACTOR
    return NEGATED_ESCALATION_FACTOR


def clause_scope(norms: Sequence[str], start: int, window: int, soft: bool) -> range:
    """Token indices before `start` back to a clause boundary (soft ones too when `soft`)."""
    i = start - 1
    lowest = max(0, start - window)
    while i >= lowest:
        n = norms[i]
        if n in HARD_BOUNDARIES or (soft and n in SOFT_BOUNDARIES):
            break
        i -= 1
    return range(i + 1, start)


def _negations(norms: Sequence[str], start: int, end: int) -> tuple[int, int]:
    """(plain negators, stop verbs) governing the trigger, counted for double negation."""
    negators = stoppers = 0
    scope = clause_scope(norms, start, NEGATION_WINDOW, soft=True)
    for i in scope:
        n = norms[i]
        if n in NEGATORS:
            if n == "not" and i + 1 < len(norms) and norms[i + 1] == "only":
                continue
            negators += 1
        elif n in STOP_VERBS:
            stoppers += 1
        elif i + 1 < start and (n, norms[i + 1]) in NEGATING_BIGRAMS:
            negators += 1
    if not negators and _passive_negation(norms, end):
        negators += 1
    return negators, stoppers


def _passive_negation(norms: Sequence[str], end: int) -> bool:
    """'talks were not held', 'the ceasefire did not hold': aux + not right after the trigger."""
    stop = min(len(norms), end + POST_WINDOW)
    for i in range(end, stop):
        n = norms[i]
        if n in HARD_BOUNDARIES or n in SOFT_BOUNDARIES:
            return False
        if n in ("not", "never") and i > end and norms[i - 1] in AUXILIARIES:
            return True
    return False


def _denied(norms: Sequence[str], start: int) -> bool:
    """'denied plans to invade', 'dismissed reports of a build-up', 'rejected claims that ...'."""
    scope = clause_scope(norms, start, DENIAL_WINDOW, soft=False)
    for i in scope:
        n = norms[i]
        if n in ALWAYS_DENY:
            return True
        if n in DENY_VERBS and any(norms[j] in CLAIM_WORDS for j in range(i + 1, start)):
            return True
    return False


def _hypothetical(norms: Sequence[str], texts: Sequence[str], start: int) -> bool:
    """Conditionals anywhere earlier in the sentence; modals and irrealis verbs within the clause."""
    if any(norms[i] in CONDITIONALS for i in range(start)):
        return True
    for i in clause_scope(norms, start, MODAL_WINDOW, soft=True):
        n = norms[i]
        if n in MODALS:
            return True
        if n == "may" and texts[i] == "may":  # not the month
            return True
    return False


def _reported(norms: Sequence[str]) -> bool:
    return any(n in REPORT_CUES for n in norms)
