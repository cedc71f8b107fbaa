"""An event is a signal bound to actors: read a signal word's sense and its arguments off the parse.

Given one parsed sentence and the token span of a signal, `bind` answers three questions:
- Is the word used in the conflict sense at all? Not when it is part of a name ("Taylor Swift", "Sessions
  Judge"), a preposition ("according to"), a noun where only the verb signals ("the show's host", "a sign
  of"), or when its arguments belong to another domain ("election battle", "killed by the virus").
- Who acts and who is acted upon? The arguments are read from the trigger and the words it hangs from up to
  its clause: subjects, objects, passive agents, prepositional targets, possessors and modifiers, with
  their coordinated siblings; a reported clause ("X said ...") adds X as its source. The signal is bound
  when one of them is a political or armed actor (stage one marks those tokens: taxonomy actors, every
  state, generic agents such as government, army, police, rebels, and pronouns after such an actor).
- Is the act being undone ("sanctions were lifted", "released the hostages")?
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from spacy.tokens import Doc, Span, Token

from pipelines.nlp import RELEASED_SUBSTANCES
from pipelines.polarity import DATELINE_DASHES, DATELINE_REACH, FAILURE_VERBS, STARTING_BEFORE_OFF
from pipelines.political import (
    ANIMALS,
    ARMED_PEOPLE,
    COERCIVE_AGENTS,
    GENERIC_AGENTS,
    PERSON_AGENTS,
    PRIVATE_REFERENTS,
    PRONOUNS,
)
from pipelines.political import STRONG_MARK as STRONG

# Dependencies through which a trigger hangs from the predicate that carries its arguments:
# "imposed sanctions" (dobj), "threatened to invade" (xcomp), "the attack on" (prep/pobj), "talks resumed"
# (nsubj). Clause boundaries (ccomp, advcl, relcl, parataxis) stop the climb.
CLIMB_DEPS = frozenset({"dobj", "pobj", "prep", "xcomp", "compound", "amod", "nmod", "attr", "oprd", "acomp",
                        "nsubj", "nsubjpass", "pcomp", "appos", "npadvmod", "dative", "agent", "conj", "advmod"})
MAX_CLIMB = 4
# Children that are arguments of a predicate or of an event noun.
ARG_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "dobj", "dative", "attr", "poss", "compound", "amod",
                      "nmod", "appos", "npadvmod", "oprd", "acl"})
SOURCE_DEPS = frozenset({"nsubj", "csubj", "poss", "compound", "amod", "nmod", "agent"})
PREP_DEPS = frozenset({"prep", "agent"})
# Expanding an argument: "Russian troops", "the government of Ukraine", "Russia and Belarus".
EXPAND_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "conj"})
EXPAND_PREPS = frozenset({"of", "from", "with"})  # "the partnership with Russia", "talks with Iran"
# Verbs whose clausal complement is what somebody said: the speaker is the source of the content's signal.
REPORTING = frozenset({"say", "tell", "announce", "report", "claim", "state", "declare", "add", "confirm",
                       "warn", "insist", "allege", "accuse", "note", "write", "vow", "pledge", "swear"})
# Verbs of saying and of holding a view, and those who comment on events rather than take part in them.
VIEW_VERBS = REPORTING | frozenset({"believe", "think", "expect", "estimate", "argue", "suggest", "predict",
                                    "fear", "caution", "reckon", "doubt"})
COMMENTATORS = frozenset({"analyst", "expert", "scholar", "researcher", "academic", "professor", "economist",
                          "historian", "commentator", "strategist", "pundit", "specialist", "poll", "survey", "study"})
MAX_ANCESTORS = 8
PROPER = frozenset({"NNP", "NNPS"})
PRONOUN_TAGS = frozenset({"PRP", "PRP$"})
SPEAKERS_OWN = frozenset({"it", "we"})  # the pronouns a body uses of itself in what it says
PROPER_OR_ADJ = PROPER | {"JJ"}  # "Russian missiles", "Iran's drones": the words that name whose a thing is
PLURAL_NOUNS = frozenset({"NNS"})  # a lower-cased Title Case surname the tagger reads as a plural ("reyes")
FUNCTION_TAGS = frozenset({"IN", "TO", "RP", "CC", "DT"})
# Lemmas that signal only as verbs: the noun is another word ("the show's host", "a sign of", "the state").
# "a blast at a plant" is an explosion, "permits" are licences
VERB_ONLY = frozenset({"host", "sign", "state", "say", "talk", "blast", "permit"})
# ... except these plural nouns, which are the event ("peace talks").
NOUN_FORMS_KEPT = frozenset({"talks"})
# Second halves of a hyphenated person noun: "rally-goers", "protest-goers".
GOERS = frozenset({"goer", "goers"})
# Drills of schools and towns, not of armies: "fire drills", "school shooting drills", "an earthquake drill".
DRILLS = frozenset({"drill"})
CIVIL_DRILL_KINDS = frozenset({"fire", "shoot", "shooting", "earthquake", "lockdown", "evacuation", "tornado",
                               "safety", "emergency", "active-shooter", "tsunami", "flood"})
# A settlement that is a place people settle, not an agreement: "Jewish settlements", "settlement expansion",
# "the settlement of immigrants on Arab land" (a "peace settlement" or "the settlement of the dispute" is one).
SETTLEMENT = "settlement"
AGREED_SETTLEMENTS = frozenset({"peace", "political", "negotiated", "final", "comprehensive", "durable", "lasting",
                                "diplomatic", "legal", "out-of-court"})
SETTLED_PLACE_WORDS = frozenset({"jewish", "israeli", "illegal", "outpost", "expansion", "construction", "building",
                                 "activity", "settler", "bank", "freeze", "colony", "immigrant", "family", "jew",
                                 "refugee", "people", "farmer", "home", "housing", "unit"})
# Bodies whose own meeting is a session, no talks between parties: "the cabinet met on Sunday", "the politburo
# held a meeting" (unless it meets someone: "the cabinet met with union leaders").
OWN_BODIES = frozenset({"cabinet", "parliament", "politburo", "committee", "board", "congress", "senate",
                        "leadership", "legislature", "assembly", "caucus", "presidium", "synod"})
MEETING_WORDS = frozenset({"meet", "meeting", "session", "convene", "gather"})
# Texts that decide or record an act, which name no party to it ("Resolution 1973 authorised air strikes").
DOCUMENTS = frozenset({"resolution", "treaty", "accord", "convention", "protocol", "charter", "article", "decree",
                       "mandate", "act", "memorandum", "declaration", "communique", "directive"})
# How hard a fight is, which names no party to it ("heavy fighting", "renewed clashes").
SEVERITIES = frozenset({"heavy", "fierce", "intense", "renewed", "sporadic", "fresh", "bitter", "deadly", "ferocious",
                        "violent", "sustained", "relentless", "intensified", "intensify", "renew"})
# What a visitor is met with: a reception, which is the meeting ("Putin was met with full honours in Beijing").
RECEPTIONS = frozenset({"honour", "honor", "honours", "honors", "welcome", "carpet", "ceremony", "guard", "fanfare"})
# "took control of" what a vote or a deal gives ("parliament", "the company"), and who "crosses into" a country
# without invading it.
TAKE, CROSS = "take", "cross"
WON_CONTROLS = OWN_BODIES | frozenset({"house", "chamber", "majority", "company", "firm", "board", "club", "team",
                                      "business", "group", "stake", "council"})
CROSSERS = frozenset({"refugee", "migrant", "convoy", "truck", "lorry", "aid", "civilian", "family", "people",
                      "evacuee", "tourist", "fan", "asylum-seeker", "shipment", "train", "bus", "resident"})
# ... unless the sentence tells their handing over: "the freed soldiers were brought by bus across the border"
HANDOVERS = frozenset({"bring", "return", "arrive", "cross", "include", "reach", "fly", "land", "hand", "transfer",
                       "exchange", "swap", "reunite", "greet", "welcome", "board"})
FREEING = frozenset({"freed", "released"})  # participles as adjectives: "the released men" (not "set free")
# What a state hosts that lives there, no meeting: "hosts Al Udeid, the largest US military base", "hosts tens of
# thousands of refugees".
HOST = "host"
HOSTED_RESIDENTS = frozenset({"base", "refugee", "migrant", "camp", "headquarters", "population", "community",
                              "diaspora"})
TRADING = "trading"
# Recognition as a standing the world grants, not a state's act: "internationally recognised as part of
# Azerbaijan", "the internationally recognised government", "a widely recognised border".
RECOGNISING = frozenset({"recognise", "recognize"})
STANDING_ADVERBS = frozenset({"internationally", "widely", "universally", "generally"})
# Captives named as what is handed over or let go: "the hostages were handed over to the Red Cross" is their
# release, no hostage-taking.
CAPTIVE_WORDS = frozenset({"hostage", "captive", "prisoner", "detainee"})
LETTING_GO = frozenset({"hand", "return", "release", "free", "repatriate", "exchange", "swap", "liberate"})
# Private people and places the police act on in crime news: "arrested 14 people", "a raid on an apartment".
PRIVATE_PLACES = frozenset({"people", "individual", "apartment", "flat", "home", "house", "residence", "property",
                            "shop", "store", "bar", "restaurant", "nightclub", "warehouse", "garage", "car"})
# What a bare "lift" lifts when it is a concession (the taxonomy's "lift * sanction" and kin name the rest).
LIFT = "lift"
LIFTED_MEASURES = frozenset({"sanction", "ban", "embargo", "restriction", "curfew", "blockade", "siege", "emergency",
                             "lockdown", "order", "rule", "law", "suspension", "veto", "moratorium", "tariff",
                             "measure", "freeze", "cap", "limit", "quota", "boycott", "state", "closure", "control",
                             "barrier", "objection", "hold", "block", "ceiling", "requirement", "mandate", "decree",
                             "threat"})
# What is met that is no party: "meeting little resistance", "met fierce opposition".
# ("meeting a key demand", "to meet the NATO deadline" yield: they stay cooperation)
MET_OPPOSITION = frozenset({"resistance", "opposition", "fire", "criticism", "scepticism", "skepticism", "hostility",
                            "silence", "resentment", "anger", "protest", "protests", "challenge", "end", "fate",
                            "death"})
# Words of fighting that name a weapon ("battle tanks", "fighter jets", "combat aircraft"), and "brand" the noun.
FIGHTING_NAMES = frozenset({"battle", "fighter", "combat", "attack", "assault", "war"})
WEAPONS = frozenset({"tank", "jet", "aircraft", "plane", "helicopter", "ship", "vessel", "drone", "vehicle", "rifle",
                     "gear", "uniform", "boat", "submarine", "carrier"})
BRAND = "brand"
TRANSFER_REACH = 4
TRANSFERS = frozenset({"deliver", "delivery", "supply", "ship", "shipment", "send", "provide", "transfer", "sell",
                       "sale", "buy", "purchase", "order", "approve", "donate", "pledge", "produce", "manufacture",
                       "acquire", "receive", "export", "import", "package", "batch", "consignment"})
# An inquiry by a named state or body is its act, whatever it looks into ("the IAEA launched a probe into uranium
# traces found at an undeclared site"); the police's inquiries into a crime are crime news.
STATE_INQUIRIES = frozenset({"investigate", "investigation", "probe", "inquiry", "enquiry"})
# A flight met on arrival, and what a firm "invades" when it expands.
CRAFT = frozenset({"flight", "plane", "aircraft", "airliner", "jet", "ship", "ferry", "train", "bus", "boat", "liner"})
INVADING = frozenset({"invade", "invasion", "conquer", "storm", "occupy", "overrun"})
WHEN_MODIFIERS = frozenset({"late", "early", "mid", "last", "next"})  # "in late August": when, no party
HUMANITARIAN = "humanitarian"
PAUSES = frozenset({"truce", "ceasefire", "cease-fire", "pause", "armistice"})
# A meeting that speaks ("the summit called for ...", "the conference condemned ...") or is spoken to ("told the
# summit"): what it says is the event, not that it met.
ASSEMBLIES = frozenset({"summit", "meeting", "conference", "session", "gathering", "forum", "assembly"})
ASSEMBLY_WORDS = REPORTING | frozenset({"call", "urge", "appeal", "ask", "demand", "condemn", "express", "reiterate",
                                        "stress", "voice", "denounce", "deplore", "criticise", "criticize", "reject"})
ADDRESSING = frozenset({"tell", "address", "brief", "inform"})
MINISTERIAL = "ministerial"
# What "ministerial" names a meeting of: "a ministerial meeting", "ministerial-level talks".
MINISTERIAL_MEETINGS = frozenset({"meet", "meeting", "talk", "talks", "conference", "session", "summit", "dialogue",
                                  "forum", "level", "consultation", "gather", "visit", "round", "council"})
# Modifiers that make a body one of several parties: "the joint committee", "both sides", "the rival factions".
JOINT = frozenset({"joint", "warring", "rival", "both", "bilateral", "mixed", "trilateral", "two", "three"})
HOLD_VERBS = frozenset({"hold", "have", "convene", "call", "open", "close", "adjourn"})
# The verbs of a purpose clause that sends help: "to help", "to fight the fires", "to assist".
RELIEF_VERBS = frozenset({"help", "assist", "fight", "battle", "combat", "tackle", "contain", "rescue", "evacuate",
                          "support", "clear", "rebuild", "aid"})
# A rally as the venue of an election campaign ("launched his campaign at a rally in Abuja", "spoke to voters at
# a rally"): no protest. One rallied against something, or a rally the police broke up, still is.
RALLY = "rally"
VENUE_PREPS = frozenset({"at", "during"})
RALLY_SPEECH = REPORTING | frozenset({"speak", "address", "vow", "promise", "pledge", "boast", "joke"})
ELECTION_WORDS = frozenset({"campaign", "election", "candidate", "candidacy", "presidency", "vote", "voter",
                            "nomination", "primary", "ballot", "re-election", "reelection", "campaigner"})
# A contest for a prize of an election or a game is no fight ("the opposition battles for a first-round win",
# "fought for a seat"), when the sentence names the election or the game; "a battle for the city" is war.
CONTEST_WORDS = frozenset({"battle", "fight"})
# A resignation is a concession (CAMEO 0831) when the sentence says what forced it: protests, pressure, calls,
# a revolt, a crisis, the blame for a failure ("bowing to weeks of opposition pressure", "after months of mass
# protests"); without it a leader's illness, a new post, a candidacy or a lost election ends a career, no conflict's
# concession.
RESIGN_WORDS = frozenset({"resign", "resignation"})
RESIGNATION_PRESSURES = frozenset({"protest", "protester", "demonstration", "demonstrator", "rally", "pressure",
                                   "demand", "embattled", "bow", "bowing", "urge", "uprising", "revolt", "coup",
                                   "mutiny", "opposition", "crisis", "ultimatum", "responsibility", "unrest", "strike",
                                   "riot", "junta", "ouster", "impeach", "impeachment", "rebel", "war", "forced",
                                   "agreement", "transition", "transitional"})
BATTLE = "battle"
EXCHANGES = frozenset({"trade", "exchange"})
BLOWS = frozenset({"fire", "gunfire", "blow", "shot", "salvo", "punch", "insult", "barb", "jibe", "accusation",
                   "threat", "artillery", "mortar", "rocket", "shell"})
BLAME = "blame"
STATE_MEASURES = frozenset({"curfew"})
MINES = frozenset({"landmine", "ordnance", "minefield", "rubble"})  # cleared: demining, clearing up (not "a mine")
INSIST = "insist"
OUST = "oust"
THANKS = frozenset({"thank", "thanks"})
WAR_CRIME_WORDS = frozenset({"crime", "war", "genocide"})
CRIME_COURTS = frozenset({"tribunal", "court", "prosecutor", "chamber", "investigator", "unit", "judge"})
ORDNANCE = frozenset({"shell", "bomb", "grenade", "ordnance", "device", "mortar", "mine", "missile", "rocket"})
UNEXPLODED = frozenset({"unexploded", "undetonated", "wartime", "old", "rusty"})
VISITORS = frozenset({"tourist", "visitor", "traveller", "traveler", "tourism", "fan", "spectator", "public",
                      "customer", "diner", "shopper", "holidaymaker", "cruise"})
# Visitors that are no party: the speaker, the reader, anyone ("you should visit Portugal").
PRIVATE_VISITORS = frozenset({"i", "we", "you", "one", "everyone", "anyone", "family", "families", "couple"})
RETURNED_STATES = frozenset({"growth", "normal", "normality", "normalcy", "profit", "profitability",
                             "form", "health", "work", "school", "recession", "inflation"})
RETURN_TRIPS = frozenset({"ticket", "flight", "journey", "trip", "fare", "leg", "match", "fixture", "game"})
BIDS = frozenset({"bid", "takeover", "buyout", "merger"})
MEETING_SETTINGS = frozenset({"meet", "meeting"})  # ("ministers meeting in Luxembourg refused")
COPULAS = frozenset({"be", "become", "remain", "seem"})  # (a meeting "took place" or "lasted" is the meeting)
CIVIL_TEAMS = frozenset({"team", "expert", "inspector", "observer", "monitor", "doctor", "medic",
                         "rescuer", "mediator", "envoy", "negotiator", "surveyor", "deminer", "nurse", "volunteer"})
ARMED_UNITS = frozenset({"tank", "troop", "unit", "soldier", "force", "battalion", "brigade", "division", "armour",
                         "armor", "artillery", "missile", "jet", "warship", "sapper"})
COUNTS = frozenset({"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "score", "scores", "million",
                    "millions", "number", "group"})
CAPTURES = frozenset({"abduct", "kidnap", "arrest", "detain", "seize", "capture", "hold", "jail", "imprison",
                      "abducted", "kidnapped", "arrested", "detained", "captured", "jailed", "imprisoned", "held"})
# Bodies a cooperative word names ("the coordination council", "the Joint Coordination Centre"), unless the body
# is being set up ("agreed to set up a joint security coordination mechanism").
WORKING_BODY_HEADS = frozenset({"council", "committee", "centre", "center", "headquarters", "office", "agency",
                                "commission", "department", "unit", "cell", "directorate", "bureau"})
SETTING_UP = frozenset({"set", "establish", "create", "form", "launch", "open", "found", "inaugurate"})
SPEAKER_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "source", "representative"})
POLITICAL_RIVALS = frozenset({"opponent", "rival", "critic"})
SEAL = "seal"
POLITICAL_SIDES = frozenset({"opposition", "government", "regime", "junta", "coalition", "party", "ruling"})
DETENTIONS = frozenset({"arrest", "detain", "jail", "imprison", "detention", "round"})
UNREST = frozenset({"protest", "protester", "demonstration", "demonstrator", "unrest", "riot", "rioter", "rally",
                    "uprising"})
SIGNED_DOCUMENTS = frozenset({"declaration", "agreement", "accord", "treaty", "pact", "deal", "memorandum", "protocol",
                              "communique", "charter", "convention", "truce", "ceasefire", "armistice"})
SUMMIT = "summit"
MOUNTAIN_WORDS = frozenset({"peak", "mountain", "mountaineer", "climber", "climb", "ascent", "everest", "himalaya",
                            "himalayan", "alps", "alpine", "slope", "altitude", "sherpa", "hiker", "trek"})
# A sentence about an election's campaign or count (ELECTION_SETTINGS) with no word of force, protest or fraud
# (ELECTION_TROUBLE) and no armed side: its rallies and battles are the campaign's ("locked in a tight battle for
# Buenos Aires province, with nearly all votes counted"); "rallied to protest the election's result" is not.
ELECTION_SETTINGS = frozenset({"campaign", "campaigning", "election", "candidate", "voter", "ballot", "poll", "polls",
                               "midterm", "runoff", "run-off", "primary", "vote"})
ELECTION_TROUBLE = frozenset({"protest", "protester", "against", "demand", "fraud", "rig", "rigging", "riot",
                              "clash", "police", "tear", "arrest", "kill", "dead", "violence", "violent", "boycott",
                              "disputed", "dispute", "reject", "unrest", "crackdown", "curfew", "gun", "shoot",
                              "attack", "reform", "call", "insurgent", "jihadist", "mob", "security", "accuse",
                              "steal", "stolen", "result", "claim", "demonstration", "demonstrator", "street"})
PLEDGES = frozenset({"promise", "pledge"})
# What a stoppage of work is over: "strike over wages", "for better pay".
LABOUR_ISSUES = frozenset({"wage", "pay", "salary", "contract", "pension", "condition", "hour", "benefit", "staffing",
                           "overtime", "bonus", "raise", "workload", "layoff", "job"})
COMMENT, SEND = "comment", "send"
AIMED_PREPS = frozenset({"at", "toward", "towards", "into", "on", "against"})
PEACE_DOCUMENTS = frozenset({"treaty", "accord", "ceasefire", "truce", "armistice", "pact"})
PEACE_KINDS = frozenset({"peace", "ceasefire", "truce", "border", "security", "defence", "defense", "normalisation",
                         "normalization", "reconciliation"})
AGREE_WORDS = frozenset({"agree", "agreement", "deal"})
AGREE = "agree"
MERGERS = frozenset({"merge", "merger"})  # a deal in a sentence of a merger is the merger's
MERGING = frozenset({"merge", "combine", "buy", "acquire"})
# The words before "fire" that make it a weapon's or an arson's: "set fire to buses", "opened fire", "returned
# fire", "mortar fire", "rocket fire" (a blaze otherwise: "a fire killed 12").
FIRE, FIRE_SETTERS = "fire", frozenset({"set", "open", "return", "artillery", "mortar", "rocket", "tank", "sniper",
                                        "gun", "cannon", "aircraft", "naval", "missile"})  # ("anti-aircraft fire")
# What a vow to do is no threat: "Turkey vowed to cooperate with Greece on earthquake relief".
COOPERATIVE_AIMS = frozenset({"cooperate", "help", "negotiate", "talk", "rebuild", "assist", "aid", "reconcile",
                              "release", "respect", "honour", "honor", "implement", "reopen", "support", "improve",
                              "deepen", "promote", "facilitate", "restore", "work"})
# ... unless what they act on is force: "vowed to strengthen its arsenal", "to restore control by force" (and not
# "end", "stop", "pursue": "vowed to end the occupation", "to pursue Hamas leaders")
FORCE_AIMS = frozenset({"arsenal", "force", "military", "weapon", "nuclear", "missile", "army", "control", "defence",
                        "defense", "deterrent", "troop", "offensive", "war", "fight", "retaliation", "revenge"})
VOWS = frozenset({"vow", "swear", "pledge"})
HESITATE = "hesitate"
# What a pledge or promise to do is no intent to cooperate: "Hamas pledged to strike Israeli towns", "promised that
# its fighters would keep attacking".
HOSTILE_AIMS = frozenset({"strike", "attack", "fight", "hit", "retaliate", "avenge", "punish", "destroy", "crush",
                          "eliminate", "annihilate", "hunt", "kill", "bomb", "shell", "invade", "target", "wipe",
                          "retake", "liberate", "defeat", "resist"})
PROMISES = VOWS | frozenset({"promise"})
# (not "suspend", "halt" or "freeze": "agreed to halt all military action" undoes one; not "restrict" or "ban":
# "agreed to restrict troop movements near the border" restrains both)
HOSTILE_MEASURES = frozenset({"impose", "expel", "sanction", "punish", "strike", "attack", "blacklist", "downgrade",
                              "sever"})
INQUIRIES = frozenset({"inquiry", "investigation", "probe", "inquest", "suspect"})
INQUIRY_PREPS = frozenset({"into", "in", "of"})
# ... but an inquiry into these is itself the news of a conflict: "opened an investigation into war crimes"
INQUIRED_CRIMES = frozenset({"crime", "genocide", "atrocity", "cleanse", "massacre"})
SENTENCING = frozenset({"sentence", "jail", "imprison", "convict", "fine"})
NEGOTIATORS = frozenset({"negotiator", "delegation", "delegate", "mediator", "envoy"})
WALKOUTS = frozenset({"walk", "pull", "storm"})
OTHER_DOMAIN = "another domain"  # how the reasons of a word in another domain's sense begin
INVASION = "invasion"
POLICE_CALLERS = frozenset({"police", "policeman", "officer", "sheriff", "deputy", "cop", "trooper"})
MUSIC_WORDS = frozenset({"rocker", "band", "music", "song", "hit", "guitarist", "singer", "album", "drummer",
                         "bassist", "pop", "rock", "beatles", "stone", "musician", "record", "chart", "tour"})
STATE_WORD = "state"
PEACE_MEETINGS = frozenset({"peace", "reconciliation", "mediation", "negotiation", "truce", "ceasefire"})
PERMITS = frozenset({"allow", "permit", "let"})
CURRENCY_SIGNS = frozenset({"$", "£", "€", "¥"})
SPANS_OF_TIME = frozenset({"year", "decade", "century", "month"})
MARKING_VERBS = frozenset({"mark", "commemorate", "remember", "observe", "celebrate", "honour", "honor"})
# Sending forces, and what makes it cooperation: an agreement, a request, a mission ("under a security pact", "at
# the invitation of the government", "as part of a UN mission").
DEPLOY_VERBS = frozenset({"deploy", "send", "dispatch", "station", "arrive", "move"})
AGREEMENTS = frozenset({"agreement", "accord", "deal", "pact", "treaty"})
INVITATIONS = frozenset({"request", "invitation", "behest"})
MISSIONS = frozenset({"mission", "coalition", "contingent"})
FORCES = frozenset({"force", "operation"})
FORCE_OWNERS = frozenset({"un", "u.n.", "UN", "U.N.", "nato", "NATO", "au", "AU", "peacekeeping", "multinational",
                          "international", "regional", "joint", "ecowas", "ECOWAS", "sadc", "SADC", "eu", "EU"})
JOIN_VERBS = frozenset({"reinforce", "join", "support", "bolster", "strengthen"})
# What forces sent on request may be sent to do: then they are no cooperation between parties.
FORCE_USES = frozenset({"offensive", "attack", "quell", "riot", "crush", "suppress", "clash", "fight", "battle",
                        "assault", "raid", "crackdown", "annex", "occupy", "invade", "invasion", "protester",
                        "border", "frontier", "threat", "threaten", "retaliation", "enemy", "hostile", "tension"})
# Verbs that carry out the event their object names: "must hold talks", "must respect the ceasefire" (not "must
# approach future discussions", "must exit these talks").
EVENT_VERBS = frozenset({"hold", "resume", "start", "begin", "open", "enter", "join", "sign", "accept", "respect",
                         "implement", "honour", "honor", "observe", "reach", "allow", "grant", "restore", "lift", "end",
                         "release", "free", "stop", "halt", "cease", "withdraw", "pull", "negotiate", "conclude"})
# Heads of the names of bodies one belongs to: leaving one is a break of relations, not a pull-back of forces.
BODY_HEADS = frozenset({"community", "union", "organisation", "organization", "council", "alliance", "court", "pact",
                        "convention", "league", "federation", "commonwealth", "assembly", "agency"})
EXERCISES = frozenset({"exercise", "drill", "manoeuvre", "maneuver", "wargame"})
# Words that make partners' exercises a show of force against someone: "joint drills near the Ukrainian border".
HOSTILE_SETTINGS = frozenset({"border", "frontier", "near", "close", "warning", "warn", "aim", "aimed", "deter",
                              "deterrence", "show", "response", "respond", "retaliation", "threat", "threaten",
                              "tension", "invasion", "invade", "simulate", "rival", "provocation", "provocative",
                              "condemn", "blockade", "encircle", "mass", "massed", "nuclear", "missile", "hostile",
                              "enemy", "adversary", "offensive", "against", "protest", "denounce", "criticise",
                              "criticize", "alarm", "concern", "accuse", "amid", "escalation", "escalate",
                              # troops and armour moved in for them: a build-up ("Russian troops arrive in
                              # Belarus ahead of joint drills")
                              "arrive", "send", "roll", "tank", "armour", "armor", "armoured", "armored", "deploy",
                              "deployment", "buildup", "build-up", "reinforcement", "ahead",
                              # or another side fires beside them, or they rehearse a seizure
                              "fire", "artillery", "seizure", "seize", "around", "surround"})
MEET = "meet"
BEATEN = frozenset({"beat", "defeat", "thrash", "rout", "crush", "outplay", "edge"})
# A shot at goal: "shoots" in a sentence of a game's and a score's words, where nobody is hurt.
SHOTS = frozenset({"shoot", "fire"})
SCORING = frozenset({"goal", "header", "striker", "score", "victory", "aggregate", "penalty", "net", "basket"})
HARMS = frozenset({"kill", "dead", "wound", "injure", "hurt", "die", "death", "gunman", "gun", "bullet"})
# Who tells a court what a crime was: the attack they describe is a case tried, not an event of the conflict.
COURT_SPEAKERS = frozenset({"prosecutor", "court", "judge", "jury", "lawyer", "attorney", "tribunal"})
ARMS_DESTROYED = frozenset({"burn", "torch", "melt", "scrap"})
ARMS_BURNED = frozenset({"weapon", "arm", "gun", "rifle", "firearm", "ammunition"})
LIST = "list"
DELISTING = frozenset({"remove", "delist", "drop", "strike", "take", "exclude"})
DEFUSE, RESTORE, ACCESS = "defuse", "restore", "access"
WORKS_OF_ACCESS = frozenset({"road", "rail", "bridge", "power", "electricity", "water", "phone", "mobile", "vehicle",
                             "car", "wheelchair", "public", "customer", "user", "website", "account"})
VOTE_REJECTIONS = frozenset({"reject", "spurn", "turn", "dismiss"})
VOTERS = frozenset({"voter", "electorate", "elector"})
CONTEST_PRIZES = frozenset({"win", "victory", "seat", "majority", "vote", "nomination", "re-election",
                            "reelection", "title", "medal", "trophy", "spot", "place", "point", "lead"})
CONTEST_SETTINGS = ELECTION_WORDS | {"poll", "polls", "runoff", "run-off", "match", "league", "championship",
                                     "tournament", "cup"}
ROUNDS = frozenset({"first", "second", "third"})  # "a first-round win": an election's round
WAR_SETTINGS = frozenset({"war", "army", "troop", "force", "militia", "rebel", "militant", "offensive", "frontline",
                          "front", "siege", "fighter", "soldier"})  # "battled for victory in El Fasher": a war's
# "return" with nothing returned is a journey ("the president returned to Abuja", "a probe returned to Earth"),
# not the handing back of land, prisoners or property ("returned the seized tankers to Iran"), when a leader or
# no political actor travels; an envoy's or troops' return, and a return to talks, to base or to office, are
# the concessions they read as ("the ambassador returned to Canberra", "return to the negotiating table").
RETURN = "return"
# Verbs of a run through a competition: "stormed into the semi-finals", "battled its way into the finals".
RUN_VERBS = frozenset({"storm", "battle", "fight", "blast", "power", "charge"})
TRAVELLERS = frozenset({"president", "leader", "minister", "premier", "king", "queen", "pope", "prince",
                        "princess", "chancellor", "monarch", "emir", "sultan", "he", "she", "they", "probe",
                        "spacecraft", "capsule", "lander", "rover", "astronaut", "cosmonaut", "taikonaut"})
PEACE_RETURNS = frozenset({"table", "talk", "negotiation", "dialogue", "base", "barrack", "barracks", "position",
                           "office", "power", "normal", "normalcy", "normality", "calm", "peace", "ceasefire",
                           "truce", "deal", "agreement", "accord", "process"})
# A match's score ("3-1", "2–0"): the violence of the sentence is sport's.
SCORE = re.compile(r"\b\d{1,2} ?[-–] ?\d{1,2}\b")
SPORT_WORDS = frozenset({"team", "match", "game", "cup", "league", "season", "championship", "tournament", "playoff",
                         "derby", "fixture", "club", "coach", "player", "striker", "stadium", "football", "soccer",
                         "rugby", "cricket", "basketball", "hockey", "tennis", "squad", "qualifying", "qualifier",
                         "semifinal"})
# A game's words: "beat" in a sentence naming one is a result ("Italy Beat France In Rugby Opener").
GAME_WORDS = SPORT_WORDS | {"opener", "final", "olympic", "olympics", "medal", "trophy", "race", "golf", "baseball",
                            "volleyball", "handball", "rowing", "cycling", "athletics", "sprint", "marathon"}
# Verbs and nouns of a result right beside a score ("beat the police 3-1", "a 2-0 win"): not "killed 10-15".
RESULT_WORDS = frozenset({"win", "won", "beat", "beaten", "defeat", "lose", "lost", "draw", "drew", "victory", "thrash",
                          "rout", "edge", "score", "scored", "loss", "triumph"})
# "Aid" naming who brings it ("an aid convoy came under fire", "aid workers were killed"): no aid given.
AID_WORDS = frozenset({"aid", "relief", "humanitarian"})
AID_BEARERS = frozenset({"convoy", "worker", "agency", "group", "organisation", "organization", "official", "truck",
                         "lorry", "ship", "staff", "volunteer", "charity", "operation"})
# What is done to a bearer of aid that makes it a victim, not a delivery: "the aid convoy came under fire",
# "aid workers were kidnapped" (not "the aid convoy reached Sarajevo").
HARM_VERBS = frozenset({"come", "attack", "hit", "shell", "kill", "loot", "seize", "block", "stop", "ambush", "fire",
                        "target", "strike", "hijack", "kidnap", "abduct", "detain", "arrest", "bomb", "injure", "wound",
                        "rob", "raid", "shoot", "harass", "threaten", "expel", "ban", "bar", "deny", "turn"})
# Funds that are money held, not aid given: "public funds" one embezzles, "a pension fund", "hedge funds".
FUND = "fund"
FUND_KINDS = frozenset({"public", "pension", "hedge", "investment", "mutual", "index", "sovereign", "wealth", "trust",
                        "retirement", "slush", "campaign", "state", "private", "equity", "exchange-traded", "money"})
# "Execute" is a killing only when a person is executed ("executed two men", "the execution of a dissident"),
# not a plan, an order or a trade ("executed the budget plan", "the execution of the withdrawal").
EXECUTE = frozenset({"execute", "execution"})
PEOPLE = frozenset({"man", "men", "woman", "women", "people", "person", "prisoner", "activist", "protester",
                    "dissident", "soldier", "officer", "journalist", "leader", "member", "opponent", "spy", "convict",
                    "criminal", "trafficker", "inmate", "teenager", "youth", "civilian", "citizen", "national",
                    "general", "minister", "rebel", "militant", "suspect", "defector", "critic"})
# Senses fixed by what the trigger takes. "Dismiss" rejects a proposal or a claim; a person dismissed ("as a
# no-hoper", or from a post) is no rejection between parties.
DISMISS = "dismiss"
DISMISSED_THINGS = frozenset({"proposal", "offer", "plan", "call", "demand", "claim", "report", "allegation", "idea",
                              "suggestion", "ultimatum", "request", "appeal", "initiative", "deal", "warning", "threat",
                              "talk", "accusation", "charge", "criticism", "concern", "peace", "ceasefire", "truce",
                              "resolution", "statement", "condition", "term", "overture",
                              # drafts and texts put to a side: "dismissed the Western peace blueprint"
                              "blueprint", "roadmap", "framework", "draft", "formula", "scheme", "package", "bid",
                              "notion", "assertion", "finding", "verdict", "ruling", "speculation", "rumour", "rumor",
                              "memorandum", "declaration", "communique", "objection", "complaint", "petition",
                              "motion", "amendment", "agenda", "vision", "approach", "protest", "note", "letter"})
# Praise, thanks and welcome to people at home: "praised farmers for a record harvest", "welcomed the team".
PRAISES = frozenset({"praise", "welcome", "congratulate", "thank", "honour", "honor", "hail", "applaud",
                     "commend", "salute", "celebrate", "reward"})
PEOPLE_AT_HOME = frozenset({"team", "player", "athlete", "coach", "farmer", "volunteer", "fan", "actor", "singer",
                            "star", "champion", "student", "worker", "nurse", "doctor", "firefighter", "teacher",
                            "winner", "medallist", "medalist", "scientist", "entrepreneur", "rescuer", "squad"})
# Force-posture nouns bought, not deployed: the object "for" which a contract, an order or a purchase is made.
FORCE_POSTURE = frozenset({"vehicle", "tank", "jet", "aircraft", "helicopter", "drone", "missile", "warship",
                           "submarine", "frigate", "armoured", "armored", "howitzer", "rifle", "system"})
PURCHASES = frozenset({"contract", "order", "deal", "purchase", "sale", "tender", "buy", "acquisition", "procurement"})
ALLOW_VERBS = frozenset({"allow", "permit", "let", "enable", "legalise", "legalize"})
LAWS = frozenset({"law", "bill", "decree", "rule", "regulation", "legislation", "amendment", "measure", "act",
                  "reform", "ordinance", "statute"})
ACCEPT = "accept"
ACCEPTED_POSTS = frozenset({"resignation", "nomination", "award", "prize", "job", "post", "position", "role",
                            "honour", "honor", "medal"})
# Claims and criticism one dismisses or rejects: a denial, not a refusal of a proposal.
DENIALS = frozenset({"dismiss", "reject", "rebuff"})
CLAIMS = frozenset({"claim", "report", "allegation", "accusation", "criticism", "attack", "charge", "suggestion",
                    "speculation", "rumour", "rumor", "complaint", "concern", "assertion", "story"})
# A court that rejects or dismisses a legal motion rules on it: "the Constitutional Council rejected a challenge to
# the pension law" is no rejection between parties (unlike "Iran rejected the UN's appeal").
LEGAL_MOTIONS = frozenset({"challenge", "appeal", "petition", "lawsuit", "suit", "case", "motion", "complaint",
                           "objection", "application", "injunction", "bid"})
COURTS = frozenset({"court", "judge", "tribunal", "justice", "judiciary", "magistrate", "panel"})
JUDICIAL = COURTS | {"prosecutor", "jury"}  # who tries and sentences: "a Kyoto court sentenced a man"
COURT_COUNCILS = frozenset({"constitutional", "electoral"})  # "the Constitutional Council" (not "Supreme Leader")
# Talks or negotiations on a deal between firms are business ("in talks about a merger"), whoever owns the firms.
TALK_WORDS = frozenset({"talk", "negotiation", "negotiate", "discussion", "discuss"})
TALKS_OR_DEALS = TALK_WORDS | AGREE_WORDS
CORPORATE_DEALS = frozenset({"merger", "takeover", "buyout", "tie-up", "ipo", "listing", "sponsorship", "licensing",
                             "franchise"})  # (not "acquisition" or "stake": "talks on the acquisition of Patriots")
# polarity's failure verbs, one word each ("break down" is read with its particle in _failed), and a few more
FAILING = frozenset(w for w in FAILURE_VERBS if " " not in w) | frozenset({"crumble", "unravel", "fizzle", "founder"})
BROKEN = frozenset({"break", "violate", "breach", "shatter", "wreck", "torpedo", "derail", "scuttle", "sink",
                    # stopped: "military aid could be cut", "the talks were suspended", "the visit was postponed"
                    "cut", "suspend", "halt", "freeze", "cancel", "scrap", "postpone", "revoke", "terminate", "pause"})
RELEASES = frozenset({"free", "release", "discharge"})  # freed "from" a detention: the detention ends
SUBSTANCES = RELEASED_SUBSTANCES | frozenset({"agent"})  # "released a nerve agent" (a spy is an agent too:
# the matcher keeps "agent" out of its own list)
# An order given to one's own forces is a command, no demand between parties: "ordered troops to withdraw" (the
# ordered act is the event; see Binding.commanded).
ORDER = "order"
TRADED_GOODS = frozenset({"currency", "pound", "dollar", "euro", "yen", "yuan", "rupee", "lira", "ruble", "rouble",
                          "share", "stock", "bond", "index", "oil", "gold", "bitcoin", "crude", "future"})
CONCEDE = frozenset({"concede", "admit", "accept"})
ELECTORAL_LOSSES = frozenset({"defeat", "election", "race", "loss", "runoff", "primary", "vote", "seat"})
# Offences that make an arrest political whoever is arrested: "counter-terrorism police arrested two men".
POLITICAL_OFFENCES = frozenset({"terror", "terrorism", "terrorist", "extremism", "extremist", "militant", "jihadist",
                                "jihadi", "insurgent", "sedition", "treason", "espionage", "spy", "spying", "coup",
                                "bomb", "bombing", "protest", "riot", "rally", "demonstration", "dissident", "ban",
                                "subversion", "slogan", "flag", "banner", "leaflet", "dissent", "insult", "insulting",
                                "seditious", "subversive", "secession", "separatism", "separatist", "blasphemy"})
# "anti-terror", "anti-war": a measure or a movement against the word's kind (not "counter": a counter-attack is
# an attack)
ANTI = frozenset({"anti"})
CYBER_WORDS = frozenset({"cyber", "cyberattack", "hack", "hacker", "hacking", "ransomware", "malware"})
DEPLOYMENTS = frozenset({"deploy", "send", "dispatch", "station", "redeploy"})
DEVICES = frozenset({"robot", "app", "software", "camera", "charger", "chatbot", "update", "kiosk", "scanner",
                     "feature", "airbag"})
ARMED_KINDS = frozenset({"armed", "military", "combat", "attack", "killer", "warfare", "weaponised", "weaponized"})
# Nouns an "anti-" word names a measure or a movement of: "an anti-terror law", "an anti-war march" (not "an
# anti-terror operation", which is the operation).
ANTI_MEASURES = frozenset({"law", "bill", "legislation", "measure", "rule", "act", "decree", "unit", "squad", "police",
                           "agency", "court", "campaign", "movement", "march", "rally", "protest", "demonstration",
                           "activist", "group", "sentiment", "slogan", "song"})
# Nouns of goods moving, before "of": an undoing verb on them stops the movement, not what the participle after
# "of" names ("halted the transit of sanctioned steel" ends no sanction; "returned the bodies of killed militants")
FLOW_NOUNS = frozenset({"transit", "import", "export", "shipment", "sale", "delivery", "flow", "trade", "supply",
                        "transport", "purchase", "movement", "traffic", "transfer", "smuggling"})
# Participles that name a standing status of a party ("the banned union", "the jailed opposition leader"), not an
# event of the sentence. Any other participle does so only before a noun no political word marks ("the besieged
# town", "alleged cartel figures"): "paraded captured Russian soldiers" is a capture; nor a work ("a banned song").
STATUS_PARTICIPLES = frozenset({"banned", "outlawed", "proscribed", "exiled", "jailed", "imprisoned", "dissolved",
                                "disbanded"})
PEACE_MISSIONS = frozenset({"peacekeeper", "observer", "monitor", "inspector", "medic", "mediator", "rescuer"})
FOREIGN = frozenset({"foreign", "enemy", "occupation", "occupying", "invading", "peacekeeping", "peacekeeper"})
OWN_FORCES = frozenset({"troop", "force", "army", "military", "soldier", "police", "policeman", "navy", "unit",
                        "commander", "officer", "battalion", "brigade", "guard", "commando", "marine", "pilot"})
FIGHT = "fight"
FOUGHT_FEELINGS = frozenset({"tear", "emotion", "laughter", "urge", "sleep", "cold", "flu", "fatigue", "nerve",
                             "fear", "yawn", "giggle", "smile"})
WARN = "warn"
CONFLICT_TOPICS = frozenset({"election", "campaign", "vote", "policy", "plan", "bill", "proposal", "corruption",
                             "crime", "energy"})
# "Progress" is an agreement's only on talks, peace or a deal ("progress in the talks"), not on waiting lists.
PROGRESS = "progress"
PROGRESS_ON = frozenset({"talk", "negotiation", "peace", "deal", "agreement", "ceasefire", "truce", "dialogue",
                         "settlement", "accord", "treaty", "reconciliation", "normalisation", "normalization",
                         "disarmament", "denuclearisation", "denuclearization", "relation", "tie", "issue", "dispute"})
# A visit is diplomacy between parties; a visit to one's own troops, a hospital or a flood zone is not.
VISIT = "visit"
HOME_VISITS = frozenset({"troop", "soldier", "unit", "base", "garrison", "sailor", "marine", "front", "frontline",
                         "hospital", "school", "factory", "farm", "plant", "site", "museum", "memorial", "cemetery",
                         "exhibition", "fair", "victim", "family", "zone", "shelter", "mine", "university", "clinic",
                         "project", "dam", "construction", "road", "bridge"})
# Policies one supports at home: "supports the new school curriculum", "backed the budget".
POLICIES = frozenset({"curriculum", "law", "bill", "legislation", "budget", "reform", "tax", "candidate", "candidacy",
                      "campaign", "team", "club", "charity", "cause", "idea", "amendment", "measure", "ban"})
# Opponents one engages in a fight: "police engaged the gunmen", "troops engaged the enemy".
FOES = frozenset({"suspect", "gunman", "gunmen", "enemy", "militant", "rebel", "insurgent", "attacker", "robber",
                  "bandit", "fighter"})
# Crowds whose gathering is a rally, no meeting of parties: "protesters gathered", "crowds converged".
GATHERINGS = frozenset({"gather", "convene", "meet", "assemble", "converge"})
CROWDS = frozenset({"protester", "protestor", "demonstrator", "crowd", "supporter", "activist", "mourner", "fan",
                    "pilgrim", "thousand", "hundred", "people", "worshipper", "student"})
# "Support" for a curriculum, a law or a bill is a stand on policy; support for a state or a side is cooperation.
SUPPORT = "support"
# Arms that give "support" in a fight: "air support", "with drone support" is fire, not backing for a side.
FIRE_SUPPORT = frozenset({"air", "drone", "artillery", "fire", "naval", "aerial", "helicopter", "gunship", "mortar",
                          "tank", "armour", "armor"})
# "Engage" in combat or "engaged the suspects" is fighting, not engagement in talks.
ENGAGE = "engage"
FIGHT_WORDS = frozenset({"firefight", "gunfight", "battle", "fight", "combat", "clash", "shootout", "skirmish",
                         "fighting", "hostility", "exchange", "gun", "firing"})
ENGAGED_IN = frozenset({"talk", "dialogue", "negotiation", "diplomacy", "discussion", "consultation", "conversation"})
# Bare "suspend", "halt", "cancel" reduce relations when what stops is a tie between parties (aid, talks, flights,
# trade); a suspended tax, player or season is another sense.
SUSPEND_WORDS = frozenset({"suspend", "suspension", "halt", "cancel", "terminate", "cut"})
SUSPENDED_OTHER = frozenset({"tax", "fee", "levy", "player", "athlete", "coach", "student", "season", "match", "game",
                             "race", "tournament", "production", "class", "lesson", "exam", "licence", "license",
                             "show", "concert", "tour", "festival", "sale", "trading", "share", "stock", "listing",
                             "dividend", "account", "officer", "employee", "teacher", "judge", "mayor", "driver"})
SUSPENDED_HOSTILITIES = frozenset({"offensive", "operation", "strike", "attack", "hostility", "fighting", "bombing",
                                   "raid", "shelling", "airstrike", "war", "combat"})
# What one strikes that is no target: a tone, a deal, a balance ("struck a conciliatory tone", "struck a deal"),
# and what a court strikes down ("struck down the law").
STRUCK_THINGS = frozenset({"tone", "note", "chord", "balance", "deal", "agreement", "bargain", "pose", "compromise",
                           "alliance", "partnership", "tie-up", "truce", "understanding", "consensus", "arrangement",
                           "accord", "pact", "gold", "oil", "match", "figure", "nerve", "fear", "optimism"})
STRUCK_DOWN = frozenset({"law", "ban", "rule", "ruling", "measure", "decree", "order", "policy", "bill", "regulation",
                         "provision", "statute", "mandate", "restriction", "amendment", "clause", "verdict",
                         "scheme", "program", "programme", "tax", "tariff", "requirement", "plan", "bond"})
# Trigger verbs whose noun is weather: as a noun's modifier they name the weather ("storm drain", "storm season").
WEATHER_NOUNS = frozenset({"storm"})  # the noun as written: "storming" the building is a raid
# Posts and their holders: a signal word that only qualifies one names a job, not an event ("the military
# operations chiefs agreed", "the sanctions envoy", "war crimes prosecutors").
ROLE_NOUNS = frozenset({"chief", "minister", "director", "head", "commander", "officer", "spokesman", "spokeswoman",
                        "spokesperson", "envoy", "official", "adviser", "advisor", "secretary", "coordinator",
                        "czar", "tsar", "prosecutor", "investigator", "expert", "specialist", "analyst", "reporter",
                        "correspondent", "editor", "monitor", "negotiator", "lawyer", "attorney", "consultant",
                        "counsel"})
# Causes that are not actors: a signal whose cause or setting is one of these nouns is a disaster, a disease
# or an accident, whoever its victims are ("killed in the fire", "soldiers died of the virus").
NATURAL_CAUSES = frozenset({
    "virus", "disease", "covid", "covid-19", "coronavirus", "cancer", "illness", "pandemic", "epidemic",
    "infection", "outbreak", "overdose", "fire", "wildfire", "blaze", "flame", "storm", "hurricane", "flood",
    "earthquake", "quake", "tornado", "crash", "accident", "collision", "heat", "drought", "avalanche", "chase",
    "meteorite", "meteor", "asteroid",
    "landslide", "tsunami", "cyclone", "typhoon", "lightning", "explosion", "fever", "dengue", "malaria", "cholera",
    "measles", "ebola", "flu", "influenza", "tuberculosis", "hiv", "aids", "mpox", "polio", "heatwave", "mudslide",
    "rain", "snowstorm", "blizzard", "monsoon", "smoke", "pneumonia", "diarrhoea", "diarrhea", "leak", "snowfall",
    "firecracker", "firework",
    "snow", "fog", "ice", "frost", "hail", "hailstorm", "gale", "flooding", "rainfall", "downpour", "eruption",
    "volcano", "ash", "thunderstorm", "gust", "wind", "windstorm", "drizzle", "sleet"})
# Help sent after a disaster: a deployment of them is a rescue ("deployed a search-and-rescue team"), but
# violence against them is violence ("troops killed three aid workers").
HELPERS = frozenset({"rescue", "relief", "rescuer", "humanitarian", "medic", "doctor", "firefighter", "aid",
                     "utility", "lineman", "linemen"})  # ("utility crews ... help restore service" after a storm)
# Humanitarian organisations (political.KINDS_AFTER marks them): CAMEO's NGOs, no helper's domain.
NGO_KINDS = frozenset({"aid", "relief", "humanitarian"})
NGO_HEADS = frozenset({"group", "agency", "organisation", "organization"})
# Prepositions that name a cause ("killed in the fire", "died of the virus", "destroyed by the storm"), not
# a time ("shelled the town after the earthquake", "amid a heat wave").
CAUSE_PREPS = frozenset({"in", "of", "by", "from", "with"})
# A probe of space: "the lunar probe landed", "China's Chang'e-6 probe returned to Earth"; not a probe "of" or
# "into" something, which is an inquiry (see `_space_probe`).
SPACE_MOTIONS = frozenset({"land", "orbit", "return", "reach", "touch", "fly", "enter", "crash", "beam", "send",
                           "photograph", "capture", "collect", "arrive"})
PROBE = "probe"
SPACE_WORDS = frozenset({"space", "moon", "lunar", "orbit", "spacecraft", "mars", "martian", "asteroid", "comet",
                         "planet", "jupiter", "saturn", "venus", "mercury", "nasa", "esa", "jaxa", "isro", "cnsa",
                         "roscosmos", "earth", "solar", "interplanetary", "astronomer", "astronaut"})
# Words of a ban or a restriction, and what a ban on them regulates: goods and pastimes, not people or politics
# ("banned the sale of flavoured vapes", "outlaw new petrol cars"; not "banned opposition parties").
BAN_WORDS = frozenset({"ban", "outlaw", "prohibit", "restriction", "restrict", "prohibition"})
REGULATED = frozenset({
    "sale", "vape", "vaping", "cigarette", "e-cigarette", "tobacco", "smoking", "alcohol", "liquor", "plastic",
    "bag", "straw", "car", "petrol", "diesel", "fur", "pesticide", "sugar", "soda", "gambling", "mining", "fishing",
    "hunting", "logging", "robocall", "firework", "advertising", "advert", "ad", "junk", "cosmetic", "trans-fat",
    "smartphone", "phone", "fertiliser", "fertilizer", "chemical", "drink", "food", "product", "menthol", "tour",
    "abortion", "procedure", "hat", "costume", "dog", "scooter", "drone",
    "tourist", "visitor", "swimmer", "selfie", "cruise", "camping", "skateboard", "bike", "bicycle"})
# Armed men of no side: political or armed actors only beside one (see `_gunman_side`).
# Victims whose suffering of violence is political by itself, as ACLED counts it.
VICTIMS = frozenset({"civilian", "refugee", "detainee", "prisoner", "hostage", "captive"})
GUNMEN = frozenset({"gunman", "gunmen", "bandit", "bandits"})
# Armed people named by no side ("armed men stormed a church"): like gunmen.
ARMED = "armed"
# The singular forms: one gunman is a lone shooter, crime news unless a political side is named.
LONE = frozenset({"gunman", "bandit", "man", "assailant", "attacker", "individual"})
# Athletes: a state's or a people's name on them is a sport's nationality, not a political actor ("Iran's
# wrestlers", "the Ukrainian boxer").
ATHLETES = frozenset({
    "wrestler", "boxer", "skater", "athlete", "swimmer", "runner", "sprinter", "footballer", "cyclist", "skier",
    "gymnast", "golfer", "striker", "goalkeeper", "olympian", "medallist", "medalist", "fencer", "rower",
    "weightlifter", "judoka", "jockey", "player", "tennis", "quarterback", "batsman", "batsmen", "batter", "bowler",
    "pitcher", "cricketer", "midfielder", "winger", "skipper", "batting", "bowling", "rider", "climber",
    "mountaineer", "racer"})
# Private people named by their country: "Polish farmers", "British tourists", "German fans" (what they do in
# words is no state's; what they do to a state still binds through its target).
PRIVATE_GROUPS = frozenset({"farmer", "fan", "shopper", "consumer", "motorist", "tourist", "parent", "homeowner",
                            "investor", "trader", "fisherman", "fishermen", "winemaker", "grower", "family",
                            "pensioner", "patient", "holidaymaker", "supporter", "viewer", "chef", "scientist"})
# Relatives: a political actor's relative is a private person ("the mayor's nephew was arrested").
KIN = frozenset({"son", "daughter", "nephew", "niece", "wife", "husband", "brother", "sister", "father", "mother",
                 "cousin", "uncle", "aunt", "grandson", "granddaughter", "child", "children", "kid", "spouse",
                 "girlfriend", "boyfriend", "fiance", "fiancee", "stepson", "stepdaughter", "dog", "pet"})
# Topics of other domains: a signal among them is a metaphor or another sense ("election battle", "attack
# on the bill", "shot put", "market crash") unless a political actor is its agent.
OTHER_TOPICS = frozenset({
    "election", "campaign", "vote", "poll", "ballot", "primary", "nomination", "candidate", "candidacy",
    "game", "match", "season", "team", "league", "cup", "championship", "tournament", "playoff", "final",
    "olympic", "olympics", "medal", "race", "athlete", "record", "title", "goal", "golf", "tennis", "soccer",
    "football", "basketball", "baseball", "hockey", "quarterback", "putter", "put", "stadium",
    "album", "song", "film", "movie", "show", "episode", "series", "novel", "book", "fan", "player", "coach",
    "comedy", "comedian", "joke", "meme", "spoof", "parody", "host", "singer", "rapper", "actor", "actress",
    "star", "celebrity", "concert", "tour", "band", "audience", "viewer", "music",
    "market", "stock", "price", "share", "sale", "profit", "earnings", "investor", "inflation", "rate",
    "bill", "policy", "plan", "proposal", "idea", "remark", "comment", "tweet", "critic", "review",
    "poverty", "corruption", "drug", "hunger", "obesity", "addiction", "climate", "crime", "cholesterol",
    "diet", "weight", "sleep", "stress", "depression", "anxiety", "racism", "insecurity", "opioid", "extinction",
    "housing", "debt", "health", "energy", "water", "pension", "budget", "mental", "emission", "carbon",
    "pollution", "waste", "recycling", "vaccine", "vaccination", "tourism", "tourist", "kick", "penalty",
    "touchdown", "inning", "stoppage", "law", "pay", "wage", "salary", "tax", "reform", "subsidy", "curriculum",
    "hospital", "school", "road", "harvest"}) | ANIMALS
OTHER_DOMAINS = NATURAL_CAUSES | HELPERS | OTHER_TOPICS
# Topics that, as a trigger's own modifier, name its sense whoever's it is ("the state's opioid crisis", "a
# wolf-killing campaign"). Not the nouns of discourse and plans (another domain only as a metaphor's target:
# "an attack on the bill"), nor elections and energy, whose violence and coercion are political ("election
# violence", "energy blackmail").
# Private settings of a fight: a "bar fight", a "pub brawl", a "food fight" is no armed clash, whoever's it is.
# Not "street" (street fighting is war's) nor "school" or "border", which armed attacks also hit.
PRIVATE_SETTINGS = frozenset({"bar", "pub", "nightclub", "barroom", "playground", "pillow", "snowball", "food",
                              "fist", "backyard", "wedding", "locker", "cafeteria", "dressing", "parking"})
# Regulations of daily life: "lockdown restrictions", "quarantine rules", "parking bans" (not "travel": travel
# restrictions on a state's officials are sanctions).
REGULATION_TOPICS = frozenset({"lockdown", "quarantine", "pandemic", "covid", "covid-19", "coronavirus", "virus",
                               "traffic", "parking", "speed", "water", "zoning", "noise", "smoking", "hosepipe",
                               "burn", "fishing", "hunting", "social-distancing", "mask"})
# Kinds of clash, war or battle that name a rivalry of another kind: "a schedule clash", "a price war", "a
# bidding war", "a custody battle", "a turf war between bakeries".
RIVALRY_KINDS = frozenset({"schedule", "date", "fixture", "calendar", "timing", "personality", "culture", "style",
                           "bidding", "custody", "legal", "court", "courtroom", "ratings", "talent", "format",
                           "console", "streaming", "cola", "burger", "fare", "subscriber", "copyright", "patent",
                           "trademark", "libel", "defamation", "divorce", "inheritance", "boardroom", "takeover",
                           "proxy", "charm"})
# An illness named by its organ or kind: "a heart attack", "a panic attack", "an asthma attack".
ILLNESS_KINDS = frozenset({"heart", "panic", "asthma", "anxiety", "migraine", "gout", "epileptic"})
COMPOUND_TOPICS = RIVALRY_KINDS | REGULATION_TOPICS | PRIVATE_SETTINGS | ILLNESS_KINDS | OTHER_TOPICS - {
    "bill", "policy", "plan", "proposal", "idea", "remark", "comment", "tweet", "critic", "review", "season", "game",
    "match", "team", "record", "title", "election", "campaign", "vote", "poll", "ballot", "primary", "nomination",
    "candidate", "candidacy", "energy", "crime"}
# What help is given, as a cooperative word's modifier: "food assistance for Afghanistan" is aid, not the
# "food" of a food fight.
AID_KINDS = frozenset({"food", "water", "health", "vaccine", "energy", "fuel", "harvest"})
# Works and sports a trigger can modify as one word ("the shot put", "a war film"); most nouns a conflict word
# modifies are its own ("the invasion plan", "war games", "a disinformation campaign", "war crimes").
WORK_TOPICS = frozenset({"put", "film", "movie", "album", "song", "novel", "book", "episode", "comedy", "show",
                         "memoir", "documentary", "series", "musical", "podcast", "single", "sitcom", "thriller"})
# Works and those who make or perform them: what a state censors or arrests in a story of entertainment.
# Works that are about something, and fictions in which something happens ("In the game, players ...").
WORKS_ABOUT = (WORK_TOPICS - {"put", "single", "series"}) | frozenset({
    "exhibition", "exhibit", "game", "videogame", "play", "opera", "biography", "drama", "miniseries", "docuseries",
    "painting", "installation"})
FICTION_SETTINGS = frozenset({"game", "film", "movie", "novel", "series", "episode", "show", "sitcom", "play",
                              "story", "videogame", "drama", "miniseries", "finale"})
WORKS_AND_MAKERS = (WORK_TOPICS - {"put", "single", "series"}) | frozenset({
    "singer", "rapper", "actor", "actress", "comedian", "artist", "musician", "filmmaker", "director", "band",
    "concert", "cartoonist", "writer", "novelist", "poet", "playwright", "lyric", "lyrics", "cinema", "screening"})
# Verbs that undo a hostile act done to their object or passive subject: "lifted the sanctions", "the
# sanctions were lifted", "released the hostages", "returned the seized weapons", "the siege ended".
UNDO_VERBS = frozenset({"lift", "ease", "suspend", "end", "halt", "cancel", "scrap", "drop", "withdraw",
                        "remove", "relax", "loosen", "revoke", "rescind", "repeal", "reverse", "release", "free",
                        "return", "stop", "terminate", "abandon", "postpone", "unfreeze", "waive", "cease",
                        "overturn", "annul", "exempt", "commute", "quash"})
# Verbs by which force ends an act of others ("police broke up the rally", "troops halted the march"); not
# those by which its author yields ("the army lifted its blockade", "called off the strike").
FORCED_END_VERBS = frozenset({"break", "halt", "stop", "end", "disperse", "clear", "crush", "quell", "scatter",
                              "storm", "thwart", "foil"})
# What violence "on" or "against" these is aimed at makes it a metaphor, whoever leads it ("the senator's
# attack on the bill", "an assault on environmental protections"): criticism, not an assault.
METAPHOR_TARGETS = frozenset({
    "bill", "policy", "plan", "proposal", "idea", "law", "legislation", "regulation", "protection", "right",
    "reform", "budget", "tax", "rule", "measure", "program", "programme", "agenda", "decision", "ruling",
    "report", "democracy", "freedom", "science", "truth", "constitution", "institution", "press", "media",
    "board", "boardroom", "management", "shareholder", "ceo", "chairman",  # "an attack on the board": activists
})
# Social ills a government "battles" or "wages war on" as policy ("fighting a losing battle against obesity"),
# or a person battles ("an army medic battling addiction").
SOCIAL_ILLS = frozenset({"obesity", "poverty", "hunger", "inflation", "unemployment", "illiteracy", "corruption",
                         "smoking", "pollution", "littering", "inequality", "homelessness", "addiction", "malnutrition",
                         "deforestation", "bureaucracy", "depression", "anxiety", "alcoholism", "loneliness"})
# A trial's charge: the trigger after one of these prepositions of a legal verb or noun is the crime tried.
CHARGE_PREPS = frozenset({"in", "of", "with", "for", "to", "over"})
LEGAL_WORDS = frozenset({"convict", "conviction", "charge", "acquit", "sentence", "indict", "indictment", "try",
                         "trial", "plead", "guilty", "jail", "imprison", "sue", "lawsuit", "jury", "verdict",
                         "prosecute", "prosecution", "testify", "testimony", "fine"})
# "Slam" is also a verb of impact: "the typhoon slammed into the coast" (not "slammed against the plan", which is
# words; and a weapon that slams into a house is an attack, which the criticism's weight keeps escalating)
COLLISION = "slam"
COLLISION_PREPS = frozenset({"into", "onto", "through"})
# Verbs of mockery and criticism: what a private person mocks is the topic of a comment, not an event.
# Not the verbs an armed group's deed also takes ("hit", "destroy", "burn", "blast").
COMMENTARY = frozenset({"rip", "slam", "mock", "roast", "skewer", "taunt", "troll", "ridicule", "lampoon", "knock",
                        "nail", "shred", "lambaste", "needle", "tease", "spoof", "parody", "imagine", "spin", "hint",
                        "joke", "quip", "zing", "rail", "jab", "dunk", "clown", "eviscerate", "bash", "scold",
                        "school", "shame", "diss", "poke", "blister", "sound", "weigh", "react", "explain", "confront",
                        "ponder", "wonder", "muse", "riff", "unpack", "recap"})
# Crowds of private people whose comment is no event either ("celebrities react to the president's threat").
PRIVATE_CROWDS = frozenset({"celebrity", "star", "fan", "comedian", "host", "twitter", "internet", "user",
                            "viewer", "parent", "actor", "actress", "singer", "rapper", "athlete", "hollywood"})
# "takes aim at", "takes a swipe at", "takes a dig at"
TAKE_VERBS = frozenset({"take"})
TAKEN_SHOTS = frozenset({"aim", "swipe", "dig", "jab", "shot", "potshot"})  # as written ("shot" reads "shoot")
# A Title Case headline's "Jimmy Kimmel Has A Brutal Theory About ...": an opinion had, offered or shared.
HAVE_VERBS = frozenset({"have", "offer", "give", "share"})
OPINIONS = frozenset({"theory", "take", "thought", "thoughts", "question", "message", "idea", "explanation", "joke",
                      "verdict", "warning", "plea"})
# Arrests, charges, raids and seizures: against private persons for an ordinary crime ("arrested a man on
# suspicion of stealing bicycles", "seized 2 tonnes of cocaine") they are crime news, not repression. Not words
# a political charge also takes ("fake news", "on suspicion of espionage", "poisoning", "looting").
ENFORCEMENT = frozenset({"arrest", "detain", "detention", "jail", "imprison", "imprisonment", "charge", "indict",
                         "prosecute", "sentence", "seize", "seizure", "confiscate", "confiscation", "raid",
                         "custody", "bust", "investigate", "investigation", "probe", "crackdown", "crack", "clampdown"})
# Drugs, which a navy's or an army's seizure of is still policing.
DRUGS = frozenset({"cocaine", "heroin", "drug", "meth", "methamphetamine", "cannabis", "marijuana", "fentanyl",
                   "hashish", "narcotic", "narcotics", "opium", "captagon"})
CRIMES = DRUGS | frozenset({
    "steal", "stole", "stolen", "theft", "thief", "rob", "robbery", "burglary", "burglar", "shoplift", "shoplifting",
    "murder", "manslaughter", "opioid", "counterfeit", "fraud", "scam", "drunk", "dui", "smuggle", "smuggling",
    "smuggler", "stalk",
    "stalking", "rape", "vandalism", "embezzlement", "trespass", "trespassing", "poach", "poaching", "poacher",
    "speeding", "carjacking", "contraband", "ivory", "cigarette", "alcohol", "animal", "dog", "abuse", "brawl",
    "swindle", "swindling", "defraud", "defrauding", "ponzi", "pyramid", "fraudster", "ransomware", "ransom",
    "scuffle", "fistfight", "hooligan", "hooliganism", "embezzle", "bribe", "bribery", "graft", "kickback",
    "launder", "laundering", "extortion", "extort", "forgery", "forge", "forging", "evasion", "robber", "kidnapper",
    "mafia", "'ndrangheta", "ndrangheta", "camorra", "yakuza", "undeclared",
    "stab", "stabbing"})
# Words of time an argument may be: "on Monday", "last week", "overnight".
WHEN_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning",
                        "afternoon", "evening", "overnight", "today", "yesterday", "tomorrow", "dawn", "dusk", "noon",
                        "midnight", "january", "february", "march", "april", "june", "july", "august", "september",
                        "october", "november", "december"})  # with TIME_WORDS (read together in _named_party)
LOCATIVE_PREPS = frozenset({"in", "near", "outside", "across", "around", "inside", "throughout", "within"})
ARMED_SUBJECTS = frozenset({"soldier", "troop", "army", "military", "armoured", "armored", "tank", "rebel",
                            "militant", "mutineer", "mutinous", "junta", "gunman", "gunmen", "force", "militia",
                            "fighter", "insurgent", "paratrooper", "marine"})
# Places of a map or a front, which "near", "around" or "along" name as where a fight is.
MAP_PLACES = frozenset({"border", "frontier", "town", "village", "city", "capital", "temple", "base", "airport",
                        "front", "line", "region", "province", "district", "port", "river", "bridge", "highway",
                        "road", "camp", "enclave", "area", "zone", "checkpoint", "hill", "valley", "coast",
                        "island", "outskirts", "suburb", "crossing", "pass", "airbase", "palace", "compound"})
# ... those that say only where, whatever their object ("in" may take a fight or a letter)
NEAR_PREPS = frozenset({"near", "outside", "across", "around", "throughout", "along", "beside", "towards", "toward"})
# Firms and their customers: a state word before one only says whose it is ("a Vietnamese retailer"). Not banks
# or hospitals, which sanctions and strikes hit as a state's.
PRIVATE_ORGS = frozenset({"company", "firm", "retailer", "business", "corporation", "chain", "store", "shop",
                          "manufacturer", "maker", "brand", "startup", "airline", "restaurant", "hotel", "dealership",
                          "customer", "shopper", "consumer", "supermarket", "casino", "jeweller", "jeweler"})
# Words of a campaign that firms wage on each other's markets ("an offensive from rivals", "short sellers laid
# siege to the stock"); not "attack" or "strike", which a state's weapons do to a firm.
RIVALRY_WORDS = frozenset({"offensive", "counteroffensive", "siege", "onslaught", "blitz", "war", "battle"})
# Firms and traders that act for themselves, whatever state they come from (with PRIVATE_ORGS).
FIRMS = PRIVATE_ORGS | frozenset({"producer", "exporter", "importer", "carmaker", "automaker", "winemaker",
                                  "brewer", "operator", "insurer", "lender", "miner", "developer",
                                  "conglomerate", "investor", "fund", "broadcaster", "publisher",
                                  "studio", "label", "club", "franchise", "distributor", "supplier", "share",
                                  "stock", "bond", "equity", "currency", "index", "market"})
BEAT = "beat"
DEMAND, STORM = "demand", "storm"
# What says a demand is a market's: "weaker demand", "consumer demand", "oil demand".
MARKET_DEMAND = frozenset({"weak", "weaker", "weakest", "consumer", "domestic", "falling", "slowing", "soft",
                           "softer", "robust", "sluggish", "oil", "energy", "export", "import", "market", "housing",
                           "travel", "fuel", "gas", "power", "electricity", "steel", "copper", "chip", "seasonal",
                           "pent-up", "holiday", "customer", "aggregate", "peak", "lower"})  # not "strong demand"
# Stages of a competition one storms into: "stormed into the semi-finals".
SPORT_STAGES = frozenset({"semi", "semi-final", "semifinal", "quarter-final", "quarterfinal", "final", "lead",
                          "knockout", "round", "playoff", "play-off", "top", "victory", "win", "title", "history"})
# Grants and approvals of an administration: a permit, bail or a drug approved is no concession between parties.
APPROVALS = frozenset({"approve", "grant", "endorse", "authorize", "authorise", "permit", "allow", "issue"})
ADMIN_THINGS = frozenset({"bail", "parole", "permit", "licence", "license", "patent", "regulation", "rule",
                          "expansion", "merger", "takeover", "drug", "vaccine", "treatment", "medicine", "fee",
                          "mortgage", "planning", "construction", "zoning", "subsidy", "budget", "scholarship",
                          "visa", "warrant", "injunction", "appeal", "divorce", "custody"})
OFFENSIVE, CHARM = "offensive", "charm"
HOSTS_OF_PEOPLE = frozenset({"army", "troop", "legion"})
YOUTH_GROUPS = frozenset({"scout", "girl", "boy", "brownie", "cub", "guide"})
# A trade's figures and events: "the trade surplus", "a trade fair" are no cooperation between parties.
TRADE_THINGS = frozenset({"surplus", "deficit", "balance", "data", "datum", "figure", "gap", "volume", "show", "fair",
                          "union", "secret", "name", "mark", "publication", "magazine", "press", "body", "group",
                          "association", "school", "expo", "exhibition", "statistic", "dispute", "row", "spat",
                          "friction", "tension", "status", "route", "corridor", "hub", "policy", "official",
                          "representative", "envoy", "minister", "negotiator", "talk", "blacklist", "barrier",
                          "restriction", "curb", "war", "tariff"})
TRADE = "trade"
# What a figure does: "trade rose 7 percent", "trade between them fell".
FIGURE_MOVES = frozenset({"rise", "fall", "grow", "jump", "drop", "increase", "decrease", "decline", "reach", "hit",
                          "total", "climb", "slump", "surge", "double", "triple", "shrink", "plunge", "soar", "edge",
                          "slip", "dip", "contract", "expand", "top", "exceed", "slow", "stand", "rebound"})
CREDIT_WORDS = frozenset({"credit", "loan"})
CREDIT_PRODUCTS = frozenset({"card", "score", "rating", "union", "limit", "history", "bureau", "check", "agency",
                             "rate", "app", "shark", "officer", "repayment"})
MOBILISE = frozenset({"mobilise", "mobilize", "mobilisation", "mobilization"})
MOBILISED_OTHER = frozenset({"capital", "fund", "funding", "money", "finance", "financing", "investment", "investor",
                             "resource", "saving", "squad", "depth", "volunteer", "donor", "fan", "supporter",
                             "voter", "community", "crowd", "follower", "shopper", "customer"})
# What a result beats when it does better than it: "beating forecasts", "beat the record".
OUTDONE = frozenset({"forecast", "estimate", "expectation", "prediction", "record", "odds", "deadline", "target",
                     "consensus", "projection", "benchmark", "index", "market", "rival", "competitor", "heat",
                     "traffic", "queue", "crowd", "rush", "clock", "average"})
POLICE = frozenset({"police", "policeman", "policemen", "officer", "cop", "detective", "sheriff", "deputy",
                    "constable", "trooper", "fbi", "dea", "atf", "interpol", "europol"})
# Modifiers that make an official or an officer a private person again ("a former officer").
FORMER = frozenset({"former", "ex", "ex-", "retired", "off-duty"})
# A service's own people and the words naming the service: "five airmen were disciplined", "the army punished
# three officers" is discipline inside the service, not retaliation against an adversary ("punished Russia").
PERSONNEL = frozenset({"officer", "soldier", "airman", "airmen", "sailor", "marine", "guardsman", "cadet",
                       "sergeant", "trooper", "recruit", "employee", "staff", "student", "player", "deputy",
                       "commander", "lieutenant", "corporal", "guard", "agent", "worker", "pilot", "crew"})
SERVICE_WORDS = frozenset({"military", "army", "navy", "naval", "police", "air", "force", "guard", "national",
                           "marine", "border", "coast", "senior", "junior", "two", "three", "four", "five", "several"})
DISCIPLINE = frozenset({"punish", "punishment", "discipline", "reprimand"})
# Domains of authorities whose measures are no conflict ("health officials", "the education ministry").
AGENCY_DOMAINS = frozenset({"health", "education", "environment", "environmental", "transport", "transportation",
                            "agriculture", "agricultural", "fishery", "fisheries", "tourism", "culture", "sport",
                            "sports", "food", "drug", "wildlife", "park", "parks", "weather", "science",
                            "aviation", "safety", "school", "medical", "public-health", "zoning", "planning",
                            "financial", "competition", "antitrust", "banking", "securities", "consumer",
                            "gambling", "advertising", "privacy", "insurance", "pension", "pensions"})
# Causes one fights "for" in words, not arms ("fight for facts", "battling for equal pay"); not independence,
# territory or control, which armies fight for.
CAUSES = frozenset({"fact", "truth", "justice", "equality", "right", "dignity", "change", "job", "wage", "pay",
                    "life", "lives", "recognition", "respect", "visibility", "inclusion", "representation",
                    "custody", "compensation", "title", "medal", "place", "spot", "survival", "vote", "market",
                    "customer", "share", "seat", "lead", "trophy", "crown", "contract", "audience", "rating",
                    "ratings", "attention", "promotion"})
# Things a camera or a contest "captures": images and prizes ("videos captured by Navy pilots", "captured
# the title"), not people or places.
CAPTURED_THINGS = frozenset({"video", "footage", "image", "photo", "photograph", "picture", "moment", "camera",
                             "film", "tape", "attention", "imagination", "heart", "mood", "spirit", "essence",
                             "title", "crown", "medal", "gold", "silver", "bronze", "trophy", "championship",
                             "award", "audience", "share", "market", "customer", "shopper", "vote", "seat", "lead"})
SHARES = frozenset({"percent", "%", "per", "third", "quarter", "half", "fifth", "majority", "much", "most", "part"})
CAPTURE = "capture"
# Words and views one "offers": no offer of cooperation ("offered some practical advice").
OFFERED_WORDS = frozenset({"advice", "tip", "glimpse", "insight", "look", "explanation", "opinion", "thought",
                           "reminder", "hint", "peek", "preview", "perspective", "take", "theory", "joke", "recipe",
                           "discount", "refund", "compliment", "critique", "prayer", "service", "option",
                           "subscription", "upgrade", "appointment", "course", "programme", "program", "deal"})
OFFER = "offer"
# What one signs alone: a law, an order or an autograph is no agreement between parties ("the governor signed
# a law banning ...", "signed the bill into law", "signed copies of her memoir").
SIGNED_ALONE = frozenset({"law", "bill", "legislation", "decree", "order", "budget", "petition", "autograph",
                          "copy", "jersey", "book", "memoir", "ball", "poster", "statute", "ordinance"})
SIGN = "sign"
# Verbs whose object is the setting people left behind ("the family who fled the Russian invasion"): the
# story is theirs, not the event's.
FLIGHT_VERBS = frozenset({"flee", "escape", "survive"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
# A person's life and standing: destroying or killing them is a metaphor ("destroying people's lives").
LIFE_OBJECTS = frozenset({"life", "lives", "career", "reputation", "marriage", "dream", "childhood", "livelihood"})
# Modifiers by which crime news names a shooting ("a mass shooting", "the school shooting").
SHOOTING = frozenset({"shoot", "shooting"})  # the noun; the lookup lemma of "shooting" is "shoot"
CRIME_SHOOTINGS = frozenset({"mass", "school", "drive-by", "workplace", "mall", "church", "nightclub", "spree",
                             "campus", "concert", "accidental", "fatal"})
# Who strikes in a labour dispute (or walks out of class): a strike of theirs is a stoppage of work (CAMEO's
# protest, never an armed attack), and an event between political actors only when its sentence names a state's
# side ("unions called off the strike after the government dropped the tax"), not in a dispute with a company
# or a school ("went on strike after talks with management broke down", "students walked out over drills").
# Not pilots, crews or "actors", whose strikes may be air strikes ("the drone crew carried out a strike").
LABOUR_PEOPLE = frozenset({"worker", "union", "employee", "staff", "nurse", "teacher", "doctor", "driver",
                           "miner", "docker", "trucker", "writer", "screenwriter", "workforce", "labourer",
                           "laborer", "unionist", "student", "pupil", "attendant", "dockworker",
                           "longshoreman", "machinist", "barista"})
# Employers named beside a strike: a dispute between workers and a firm, also when it ends ("union and grocery
# chain reach deal to end strike").
EMPLOYERS = frozenset({"chain", "company", "employer", "store", "airline", "grocer", "retailer", "management",
                       "automaker", "carmaker", "studio", "firm", "corporation", "franchise", "supermarket"})
# Modifiers that make a firm the state's own ("the state arms exporter", "a state-run broadcaster").
STATE_RUN = frozenset({"state", "state-owned", "state-run", "state-controlled", "arms", "defence", "defense",
                       "military", "nuclear", "weapons", "weapon"})
COMMERCE_KINDS = frozenset({"advertising", "marketing", "pricing", "price", "sales", "discount", "ad", "promotional",
                            "charm", "pr", "branding", "subscription"})
OTHER_SENSE_FORMS = frozenset({"final", "sharing"})  # see _topic
RIVALS = FIRMS | frozenset({"rival", "competitor", "brand", "seller", "platform", "incumbent", "shareholder"})
# Workplaces a state's name may only locate or own ("Battery Plant Workers Picket Outside Georgia Factory").
WORKPLACES = frozenset({"factory", "plant", "mill", "warehouse", "hospital", "mine", "shipyard", "refinery", "depot",
                        "office", "workshop", "site", "port"})
NOUN_DEPS = frozenset({"dobj", "pobj", "nsubj", "nsubjpass"})  # a word the parser tagged a verb, used as a noun
OWNED = FIRMS | LABOUR_PEOPLE | WORKPLACES  # "Zambia's mineworkers' union": whose workers they are
STRIKE = "strike"
# Other words of a stoppage of work or class: "walked out", "a walkout", "stopped work", "shunned work".
STOPPAGES = frozenset({"walkout", "walk", "work", "picket", "picketing"})
STRIKE_DECISIONS = frozenset({"vote", "threaten", "plan", "prepare", "decide", "vow"})  # "voted to strike"
# An attack made of words is criticism (CAMEO 11): one done with or in a speech, a tweet, an interview ("used
# her speech to attack the president", "attacked the West in a speech"), or called verbal ("a scathing attack").
ATTACK_WORDS = frozenset({"attack", "assault", "onslaught", "broadside", "tirade"})
SPEECH_MEDIA = frozenset({"speech", "tweet", "twitter", "op-ed", "interview", "monologue", "letter", "column",
                          "post", "statement", "editorial", "essay", "address", "remark", "comment", "rant",
                          "podcast", "sermon", "debate", "memoir", "blog"})
VERBAL_MODIFIERS = frozenset({"verbal", "rhetorical", "scathing", "blistering", "stinging", "withering"})
SPEECH_PREPS = frozenset({"in", "during", "with", "through", "via"})  # not "on": "an attack on a border post"
# A blast at a plant, a mine or a refinery is an accident unless the sentence names a bomb or an attack.
BLASTS = frozenset({"blast", "explosion"})
SITES = frozenset({"plant", "factory", "mine", "refinery", "warehouse", "mill", "workshop", "depot", "site", "pipeline",
                   "well", "rig", "quarry"})
ATTACK_CUES = frozenset({"bomb", "bomber", "attack", "attacker", "militant", "drone", "missile", "shell", "rocket",
                         "suicide", "car", "explosive", "device", "ied", "grenade", "terrorist", "insurgent"})
TIME_WORDS = frozenset({"hour", "day", "week", "month", "minute", "night", "year", "time", "while", "weekend"})
# Who puts someone "under fire" in words: "came under fire from critics".
CRITICS = frozenset({"critic", "opposition", "lawmaker", "activist", "fan", "group", "campaigner", "commentator",
                     "opponent", "rival", "union", "media", "press", "viewer", "user", "parent", "resident", "voter"})
# Withdrawing those whose presence is cooperation (CAMEO 166: peacekeepers, inspectors and observers, aid
# workers; diplomats) reduces relations: "will withdraw weapons inspectors and aid workers from Iraq" is no
# drawdown of troops; so does withdrawing what one side grants another (CAMEO 16: "withdrew Pakistan's
# most-favoured-nation status", "withdrew funding for the agency", "withdrew its backing").
WITHDRAW_WORDS = frozenset({"withdraw", "withdrawal", "pull"})
PRESENCES = frozenset({"peacekeeper", "peacekeeping", "inspector", "monitor", "observer", "humanitarian", "aid",
                       "relief", "diplomat", "ambassador", "envoy", "embassy", "consulate", "volunteer", "mediator",
                       "accreditation", "credential", "recognition", "visa", "invitation", "status", "funding",
                       "fund", "backing", "privilege", "preference", "exemption", "waiver", "licence", "license",
                       "loan", "guarantee", "concession", "facility", "access", "permit", "quota"})
# What a party withdraws "from" when it leaves a tie: "withdrew from the treaty" reduces relations (CAMEO 16).
TIES = frozenset({"treaty", "agreement", "accord", "pact", "deal", "talk", "negotiation", "convention", "protocol",
                  "framework", "organisation", "organization", "alliance", "council", "court", "bloc", "union",
                  "league", "commonwealth"})
# A body named by its acronym is a tie too ("withdrew from ECOWAS", "from the WHO") when it is a political
# actor; a state's is a place troops leave ("withdrew from the DRC"), as are the DMZ and the LAC.
STATE_ACRONYMS = frozenset({"US", "USA", "UK", "UAE", "DRC", "CAR", "PRC", "DPRK", "ROK", "USSR", "KSA", "RSA"})
INTRANSITIVE_UNDO = frozenset({"end", "stop", "halt", "cease", "expire"})
# Eras that make an event history ("a third-century clash with local tribes", "a coup in ancient Rome"); a
# hyphenated century is read by CENTURY.
ERAS = frozenset({"ancient", "medieval", "prehistoric", "neolithic", "viking", "roman", "napoleonic", "feudal",
                  "wwi", "wwii", "ww1", "ww2",
                  "colonial", "soviet", "ottoman", "imperial", "tsarist",
                  "biblical", "mythical", "fictional", "fictitious", "imaginary", "legendary", "mythological"})
CENTURY = re.compile(r"^(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                     r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth)$")
# What retreats in nature: "glacier retreat", "the ice retreated", "floodwaters receded".
NATURAL_RETREATS = frozenset({"glacier", "ice", "icecap", "icefield", "snow", "snowline", "shoreline", "coastline",
                              "permafrost", "treeline", "floodwater", "water", "tide", "sea", "forest", "lake"})
RETREAT = "retreat"
# Kinds of a retreat that is a getaway ("a wellness retreat", "a writers' retreat"), not a pull-back.
GETAWAYS = frozenset({"wellness", "yoga", "meditation", "writer", "artist", "spiritual", "corporate", "weekend",
                      "luxury", "spa", "silent", "detox", "health", "holiday", "beach", "couple", "leadership",
                      "church", "religious", "golf", "fitness", "retirement", "lakeside", "seaside"})
REOPEN = "reopen"
# Places of daily life that close for a storm or an epidemic: their reopening concedes nothing.
CIVIL_PLACES = frozenset({"school", "shop", "store", "business", "restaurant", "bar", "office",
                          "park", "beach", "stadium", "cinema", "theatre", "theater", "gym", "museum", "mall",
                          "economy", "classroom", "university", "campus", "library", "pool", "salon", "factory"})
# Where a market's demand moves a figure: "profits rose on strong demand", "a record profit on AI demand".
MARKET_MOVE_PREPS = frozenset({"on", "amid"})
# Trade measures firms cope with ("bourbon makers look to Asia after European tariffs"): the firms' story.
TRADE_MEASURES = frozenset({"tariff", "duty", "levy", "quota"})
CIRCUMSTANCE_PREPS = frozenset({"after", "amid", "despite", "because", "due", "thanks", "following", "over"})
BUSINESS_PEOPLE = FIRMS | frozenset({"maker", "distiller", "farmer", "grower", "retailer", "shopper", "consumer",
                                     "buyer", "seller", "dealer", "trader", "sale", "profit", "earnings", "business",
                                     "industry", "manufacturer", "brand"})
HOSTAGE = "hostage"
YEAR = re.compile(r"^(1[89]|20)\d\d$")  # "the 2014 offensive": an event named by its year is history
# Words that make what they are "of" a memory: "the 30th anniversary of the genocide".
MEMORIES = frozenset({"anniversary", "commemoration", "remembrance", "centenary", "centennial"})
# What a lack of money is: "funding shortfalls" are no aid given.
SHORTFALLS = frozenset({"shortfall", "gap", "shortage", "crunch", "squeeze", "deficit"})
# Whom one talks to in private: "how to talk to your kids about the war".
PRIVATE_LISTENERS = frozenset({"kid", "child", "children", "teen", "teenager", "son", "daughter", "parent", "partner",
                               "spouse", "doctor", "therapist", "boss", "coworker",
                               "student", "family", "toddler", "baby", "grandparent", "neighbor", "neighbour"})
PROTEST = "protest"
# Public measures and acts a protest is against ("in protest at fuel price rises", "in protest over the arrest").
PROTESTED = frozenset({"tax", "law", "bill", "reform", "policy", "government", "ban", "pension", "subsidy",
                       "election", "vote", "arrest", "killing", "detention", "occupation", "war", "regime",
                       "corruption", "austerity", "curfew", "eviction", "privatisation", "privatization", "treaty",
                       "ruling", "verdict", "coup", "crackdown", "conscription", "mobilisation", "mobilization",
                       "import", "quota", "decree", "lockdown", "restriction", "cut"})
PUBLIC_OWNERS = frozenset({"government", "state", "city", "council", "ministry", "country", "administration",
                           "authority", "regime", "parliament", "junta", "president", "mayor", "governor", "nation"})
PRICE_MOVES = frozenset({"price", "rise", "hike", "increase", "cost", "shortage", "tariff", "fare", "lack", "outage",
                         "cut", "blackout"})
# The words of a protest as the act, and of a strike as what people go on.
PROTEST_WORDS = frozenset({"protest", "demonstrate", "rally", "march"})
STRIKES = frozenset({"strike", "walkout", "stoppage"})
PUBLIC_GOODS = frozenset({"fuel", "diesel", "petrol", "gasoline", "gas", "bread", "food", "electricity", "power",
                          "water", "transport", "bus", "rail", "kerosene", "cooking", "flour", "rice", "energy"})
PRESSURE = "pressure"
# Cooperative acts an escalation word names the kind of ("a hostage release", "a prisoner swap", "a war deal").
SETTLEMENTS = frozenset({"release", "swap", "exchange", "deal", "talk", "negotiation", "agreement", "accord",
                         "handover", "transfer", "ceasefire", "truce"})
# Weapons the parser may take as a clause's subject: "cheap drones had lowered the threshold".
WEAPON_AGENTS = frozenset({"drone", "missile", "rocket", "artillery", "warplane", "bomber", "submarine", "warship",
                           "weapon", "bomb", "tank"})
PEACE_WORDS = frozenset({"ceasefire", "truce", "peace", "hostage", "prisoner", "withdrawal", "armistice"})
# Armed services, as agents: what they seize or detain is a state's coercion, not policing.
VESSELS = frozenset({"tanker", "ship", "vessel", "freighter", "carrier"})  # what a navy seizes from a state
MILITARY_AGENTS = frozenset({"navy", "army", "military", "troop", "soldier", "irgc", "marine", "warship", "commando",
                             "paratrooper"})
# Words that describe a source by what it knows: "a diplomat briefed on the negotiations", "people familiar with the
# talks", "officials involved in the process", "sources close to the negotiations".
SOURCE_LINKS = frozenset({"brief", "familiar", "involve", "close", "privy", "knowledgeable", "engage"})
# What a side defends when the word is no backing for another: its sovereignty, its territory, its border.
DEFEND = "defend"
TITLES_HELD = frozenset({"title", "champion", "championship", "crown", "belt", "trophy"})
OWN_GROUND = frozenset({"sovereignty", "territory", "border", "homeland", "land", "country", "interest", "integrity",
                        "independence", "position", "city", "capital", "airspace", "water"})
SHELL = "shell"
NEEDS = frozenset({"depend", "rely", "need", "count"})  # "depends on aid", "relies on food aid"
WANTS = frozenset({"need", "require", "lack", "await"})  # "18 million need humanitarian assistance"
EARLIER = frozenset({"previous", "earlier", "past", "prior", "former"})
STAYS = frozenset({"remain", "stay", "languish", "be"})  # "remain in detention": a state, not an arrest
SEIZE_WORDS = frozenset({"seize", "grab", "capture"})
CHANCES = frozenset({"initiative", "momentum", "opportunity", "chance", "moment", "lead", "imagination", "headline",
                     "spotlight", "attention", "title", "crown", "victory", "win", "day"})
# Verbs by which a side exerts pressure: "stepped up pressure on Iran"; otherwise the noun names a state.
EXERT_VERBS = frozenset({"put", "apply", "exert", "increase", "step", "ramp", "pile", "mount", "maintain", "keep",
                         "heighten", "intensify", "ratchet", "raise", "use", "bring", "heap", "turn", "crank"})
WEAPON_KINDS = frozenset({"destruction", "terror", "war"})  # "weapons of mass destruction", "weapons of war"
DISARM_VERBS = frozenset({"dismantle", "destroy", "renounce", "abandon", "eliminate", "scrap", "ban", "surrender",
                          "decommission", "relinquish", "forswear", "outlaw", "prohibit"})


@dataclass(frozen=True)
class Binding:
    """What the parse says about one signal: its sense, whether it is bound, its actors, whether undone."""

    other_sense: str | None  # why the word is not a conflict event here, or None
    bound: bool
    sources: tuple[int, ...]  # sentence token indices of political arguments on the agent side
    targets: tuple[int, ...]  # ... and on the patient / target side
    undone: bool
    speakers: tuple[int, ...] = ()  # political speakers of a reported clause: the dyad's source, not a binding
    # [start, end) of proper names among the arguments that are no known actor: candidate actors
    names: tuple[tuple[int, int], ...] = ()
    # the verb ending the act has a coercive agent ("police broke up the rally"): the act was ended by force
    forced: bool = False
    # a strike by working people: a stoppage of work, not an armed attack
    labour: bool = False
    # what is withdrawn is a presence that cooperates (inspectors, peacekeepers, aid workers, diplomats)
    presence: bool = False
    # an attack made of words ("used her speech to attack the president", "a scathing attack"): criticism
    verbal: bool = False
    # the event is what failed or was broken: "talks between Khartoum and the SPLA collapsed", "the ceasefire
    # was broken within hours" (the parse reaches a failure verb however far it stands from the trigger)
    failed: bool = False
    # an order to one's own forces ("ordered troops to withdraw"): a command, so what follows is ordered, not asked
    commanded: bool = False
    # exercises held jointly by partners with no hostile setting named: military cooperation, not a show of force
    joint: bool = False
    # the event is what an inquiry or a suspect is into ("the inquiry into the Madrid train bombings", "the suspect
    # in the killing of the president"): an earlier event, counted as a clause of the setting is
    setting: bool = False


def bind(doc: Doc, start: int, end: int, political: Sequence[int], lemmas: Sequence[str],
         material: bool = True, escalation: bool = True, violent: bool = False, headline: bool = False,
         first: bool = False) -> Binding:
    """Read the signal at tokens [start, end) of the parsed sentence `doc`. `political[i]`: token i is a
    political or armed actor (STRONG), a victim or a self-binding noun ("talks", "sanctions": weak), or not
    (0); `lemmas[i]`: its lower-cased lemma. `material`: the signal is
    a material conflict act; a statement, a plea or a cooperative act is an event between political actors
    only when its agent is one ("Kanye West's support of Trump", "the comedian slams the senator" are not).
    `escalation`: a disaster or a rescue makes only an escalation word another sense; aid after an earthquake
    stays aid. `violent`: an assault, a fight or mass violence, which rescuers can suffer, not do. `headline`:
    the sentence is a Title Case headline (its words were lower-cased for the parser). `first`: the text's first
    sentence, where a pronoun has no antecedent to tell whose it is."""
    political = _private_marks(doc, political, lemmas)
    crime = _crime_word(doc, lemmas)  # read once: several rules below ask whether the sentence names a crime
    if crime is not None:
        political = _without_owners_of_firms(doc, political, lemmas)
    head = _span_head(doc, start, end)
    other = _other_sense(doc, start, end, head, lemmas)
    path = _climb(head)
    sources, targets, speakers = _arguments(doc, path, start, end, lemmas, escalation)
    if (dateline := _dateline_end(doc)) and start >= dateline:  # "MEXICO CITY (AP) — A fire ... killed seven"
        sources, targets = [i for i in sources if i >= dateline], [i for i in targets if i >= dateline]
    # "talks" binds itself as the noun ("talks resumed"), not as the verb ("she talks to her son")
    inside = [i for i in range(start, end) if political[i]
              and not (doc[i].tag_.startswith("VB") and lemmas[i] in VERB_ONLY)]
    inside_strong = [i for i in inside if political[i] >= STRONG]
    # a self-binding noun of another kind is no party: "a locust invasion destroyed crops"
    pol_sources = tuple(i for i in sources if political[i]
                        and not (political[i] < STRONG and _kind_of_other_domain(doc[i], lemmas))
                        and not _owner_of_firm(doc[i], lemmas))
    pol_targets = tuple(i for i in targets if political[i] and i not in pol_sources
                        and not (political[i] < STRONG and _kind_of_other_domain(doc[i], lemmas))
                        and not (doc[i].text == STATE_WORD and _located(doc[i])))  # "blazes across the state"
    strong_targets = [i for i in pol_targets if political[i] >= STRONG]
    # weak targets (victims, captives) bind a cooperative act done to them ("the hostages were freed")
    if other is None:
        other = _sense_in_context(doc, start, end, head, path, political, lemmas, (*sources, *targets), pol_sources,
                                  pol_targets, escalation, violent, headline, crime)
    labour = _labour_strike(doc, start, end, sources, lemmas)
    if labour and other is not None and other.startswith(OTHER_DOMAIN):
        other = None  # a strike by working people is a strike whatever their trade: "junior doctors went on strike"
    pol_speakers = tuple(i for i in speakers if political[i])
    if pol_speakers:  # "the ministry said it had moved armoured vehicles into the region": "it" is who speaks
        pol_sources += tuple(i for i in sources if doc[i].tag_ == "PRP" and doc[i].lower_ in SPEAKERS_OWN
                             and i not in pol_sources)
    # A political speaker binds what it reports when the event names no one else ("Diplomats said talks
    # resumed"), not when it names who did it to whom ("Police said a man was shot").
    # (a pronoun with no sentence before it is no private agent: "It demands that Damascus provide full access")
    # (a leader's opponents and rivals are political ones: "Opponents accuse Netanyahu of ...")
    private_agent = any(not (first and doc[i].tag_ in PRONOUN_TAGS)
                        and not (lemmas[i] in POLITICAL_RIVALS and strong_targets) for i in sources) and not pol_sources
    if not material and not pol_sources and pol_targets and all(political[i] < STRONG for i in pol_targets) \
            and _with_private_party(head, political):
        pol_targets = ()  # "negotiate a ceasefire with your sugar cravings": the other party is no political one
    named_others = any(_named_party(doc[i], lemmas) for i in (*sources, *targets)) and not pol_sources \
        and not pol_targets
    captives_freed = _captives_freed(head, lemmas, political)  # (read once: the binding and the undoing ask it)
    # a statement, a plea or a cooperative act whose only political word is where it happened binds nothing
    # ("2,000 scouts gathered in Nairobi's Uhuru Park"); a material act there is the place's ("shelled Kharkiv")
    placed = not material and bool(pol_targets) and all(_located(doc[i]) for i in pol_targets) \
        and not _peace_document(head, lemmas)  # ("a peace deal was signed in Abuja": such a deal has its parties;
    # "a contract for the new stadium was signed in Doha" has none)
    bound = bool(inside_strong or (inside and not named_others) or pol_sources
                 or (strong_targets and (material or not (private_agent or placed)))
                 or (pol_targets and not material and not (private_agent or placed))
                 or (pol_speakers and (inside or pol_targets or not (sources or targets)))
                 # violence done to civilians, prisoners or hostages, with no crime named, is political violence
                 # whoever did it ("harvested organs from prisoners", "killed 12 civilians in Ituri")
                 or (violent and any(lemmas[i] in VICTIMS for i in pol_targets) and crime is None)
                 # captives freed, the capture named on them, in a sentence with a political actor ("fishermen
                 # arrested for straying into Sri Lankan waters were freed", "the schoolgirls abducted from Chibok")
                 or (crime is None and captives_freed)
                 # a curfew is the state's measure whoever is named
                 or (lemmas[head.i] in STATE_MEASURES and any(mark >= STRONG for mark in political))
                 # people detained in a sentence of protests or unrest are detained by the state ("1,879 people
                 # had been detained in the first week of protests")
                 or (lemmas[head.i] in DETENTIONS and crime is None and _many_held(head)
                     and any(lemmas[t.i] in UNREST for t in doc)))
    gunmen = _gunman_side(doc, political, lemmas)
    if bound and gunmen and gunmen.issuperset([*inside_strong, *pol_sources, *strong_targets]) \
            and (_lone_gunman(doc, gunmen) or crime is not None):
        # a gunman is an armed actor only beside a political one: "gunmen ambushed a police patrol", "a gunman
        # shot the senator"; a gunman who kills shoppers, or gunmen who rob a store, is crime news. A band of
        # gunmen with no crime named ("gunmen kidnapped 80 students", "gunmen raided the village") is an armed
        # group, as ACLED counts one.
        bound = False
    public_protest = other is None and _protest_against_policy(head, lemmas)
    if public_protest:
        # ACLED counts a protest by any group: "truck drivers blocked roads in protest at rising diesel prices"
        bound = True
    undone = _undone(head, lemmas) or (escalation and lemmas[head.i] in CAPTURES and captives_freed)
    if labour and bound and (not undone or any(lemmas[t.i] in EMPLOYERS for t in doc)) \
            and not public_protest and not any(
            mark >= STRONG and not _owner_of_firm(doc[i], lemmas) for i, mark in enumerate(political)):
        # a stoppage between workers and their employer, with no state's side in the sentence; called off,
        # it stays the concession CAMEO codes ("the dock workers called off their strike")
        bound = False
    if bound and not escalation and not inside_strong and not pol_speakers and (pol_sources or pol_targets) \
            and all(lemmas[i] in LABOUR_PEOPLE and doc[i].tag_ not in PROPER for i in (*pol_sources, *pol_targets)):
        # talks or a deal with a union or workers, offered by no state: labour relations ("management will open
        # talks with unions over pay")
        bound = False
    if bound and not inside_strong and not any(mark >= STRONG for mark in political) \
            and any(lemmas[t.i] in EMPLOYERS for t in doc) and any(lemmas[t.i] in LABOUR_PEOPLE for t in doc):
        bound = False  # "talks between the plant's union and management broke down, each side blaming the other"
    if bound and escalation and violent and pol_speakers and all(lemmas[i] in COURT_SPEAKERS for i in pol_speakers) \
            and not any(mark >= STRONG and lemmas[i] not in COURT_SPEAKERS for i, mark in enumerate(political)):
        other = other or "crime: a case told in court"  # "a prosecutor told the court the attack had been brutal"
    names = _unknown_names(doc, [*sources, *targets], political)
    return Binding(other, bound, pol_sources, pol_targets, undone, pol_speakers, names, _forced(head, lemmas),
                   labour, lemmas[head.i] in WITHDRAW_WORDS and _presence_withdrawn(head, lemmas, political),
                   _made_of_words(doc, start, end, head, lemmas, political), _failed(head, lemmas),
                   lemmas[head.i] == ORDER and head.tag_.startswith("VB") and any(
                       _own_forces(t, political, lemmas) for t in head.children if t.dep_ == "dobj"),
                   _joint_exercise(doc, head, political, lemmas) or _deployed_by_agreement(head, lemmas),
                   escalation and _inquired(head, lemmas))


def _partied(lemmas: Sequence[str], start: int, end: int) -> bool:
    """The pattern names a party the act must have: "sit down with X", "warn X against ..."."""
    return (lemmas[start] == "sit" and end - start > 2 and lemmas[start + 1] == "down") or (
        lemmas[start] == "warn" and lemmas[end - 1] == "against")


def _political_party_named(span: Span, political: Sequence[int]) -> bool:
    """The party a sit-down is "with", or whom a warning is given, is a political actor, not a group of people
    ("warned Americans against travel": a people's plural name is its citizens)."""
    parties = [t for t in span if t.dep_ in ("dobj", "pobj") and t.i != span.root.i]
    parties += [o for t in span for p in t.children if p.dep_ == "prep" and p.lower_ == "with"
                for o in p.children if o.dep_ == "pobj"]
    return any(political[t.i] >= STRONG and t.tag_ != "NNPS" for t in parties)


def _needed(head: Token, lemmas: Sequence[str]) -> bool:
    """The trigger is what someone depends or relies on, through "of"-phrases ("depends on some form of aid"), or
    what someone needs or lacks ("more than 18 million Yemenis need humanitarian assistance")."""
    token = head
    while token.dep_ in ("amod", "compound") and token.head.i != token.i:  # "need humanitarian assistance"
        token = token.head
    if token.dep_ == "dobj" and lemmas[token.head.i] in WANTS:
        return True
    for _ in range(3):
        if token.dep_ != "pobj" or token.head.dep_ != "prep":
            return False
        if token.head.lower_ == "of":
            token = token.head.head
            continue
        return token.head.lower_ == "on" and lemmas[token.head.head.i] in NEEDS
    return False


def _earlier(head: Token, lemmas: Sequence[str]) -> bool:
    """The trigger names earlier events of its kind, the setting of the news ("previous rounds of sanctions had
    little effect", "several earlier truces had broken down")."""
    holders = [head] + ([head.head.head] if head.dep_ == "pobj" and head.head.lower_ == "of" else [])
    return any(c.dep_ == "amod" and lemmas[c.i] in EARLIER for h in holders for c in h.children)


def _deployed_by_agreement(head: Token, lemmas: Sequence[str]) -> bool:
    """Forces sent under an agreement, at a government's request or invitation, or as part of a (peacekeeping)
    mission: CAMEO's military cooperation, not a build-up ("Rwanda has deployed 4,000 soldiers to the province
    under a bilateral security agreement")."""
    if any(lemmas[t.i] in FORCE_USES for t in head.doc):
        return False  # "troops deployed under the agreement launched an offensive", "deployed ... to quell the riots"
    if lemmas[head.i] in JOIN_VERBS:  # "peacekeepers arrived in Bangui to reinforce the U.N. mission"
        return any(o.dep_ == "dobj" and _joint_mission(o, lemmas) for o in head.children)
    if lemmas[head.i] not in DEPLOY_VERBS or head.dep_ == "acl":  # ("troops deployed under an agreement
        return False  # launched an offensive": the participle only says which troops)
    if any(c.dep_ in ("advcl", "xcomp") and lemmas[c.i] in JOIN_VERBS and any(
            o.dep_ == "dobj" and _joint_mission(o, lemmas) for o in c.children) for c in head.children):
        return True
    for prep in (c for c in head.children if c.dep_ == "prep"):
        objects = [o for o in prep.children if o.dep_ == "pobj"]
        if prep.lower_ == "under" and any(lemmas[o.i] in AGREEMENTS for o in objects):
            return True
        if prep.lower_ == "at" and any(lemmas[o.i] in INVITATIONS for o in objects):
            return True
        if prep.lower_ == "as" and any(lemmas[o.i] == "part" and any(
                _joint_mission(m, lemmas) for p in o.children if p.lower_ == "of" for m in p.children)
                for o in objects):
            return True
    return False


def _joint_mission(token: Token, lemmas: Sequence[str]) -> bool:
    """A mission, a contingent or a coalition, or a force that several states or a body field ("the U.N. force",
    "a multinational force"): not a side's own forces ("to reinforce its forces in Kursk")."""
    if lemmas[token.i] in MISSIONS:
        return True
    return lemmas[token.i] in FORCES and any(lemmas[t.i] in FORCE_OWNERS or t.text in FORCE_OWNERS
                                            for t in token.subtree if t.i != token.i)


def _inquired(head: Token, lemmas: Sequence[str]) -> bool:
    """The trigger is what an inquiry or a suspect is into, of or in (not war crimes, genocide, massacres: an
    inquiry into them is itself news of the conflict)."""
    return head.dep_ == "pobj" and head.head.lower_ in INQUIRY_PREPS and lemmas[head.head.head.i] in INQUIRIES \
        and lemmas[head.i] not in INQUIRED_CRIMES


def _joint_exercise(doc: Doc, head: Token, political: Sequence[int], lemmas: Sequence[str]) -> bool:
    """Exercises that partners hold together ("with" a political actor, or two named parties as the subject or
    the passive agent), in a sentence naming no hostile setting (HOSTILE_SETTINGS: a border, a warning, a rival)."""
    if lemmas[head.i] not in EXERCISES:
        return False
    # partners: a political "with" party or several parties as the subject ("joint" alone may join one state's
    # services: "Chinese forces staged joint exercises around Taiwan")
    holders = [head] + ([head.head] if head.dep_ in ("dobj", "pobj") else [])  # "hold exercises with Lithuania"
    together = any(political[o.i] >= STRONG for h in holders for p in h.children
                   if p.dep_ == "prep" and p.lower_ == "with" for o in p.children if o.dep_ == "pobj") \
        or _named_partners(head, political)
    return together and not any(lemmas[t.i] in HOSTILE_SETTINGS or t.lower_ in HOSTILE_SETTINGS for t in doc)


def must_governs(doc: Doc, start: int, end: int, lemmas: Sequence[str]) -> bool:
    """"Must" is an auxiliary of the trigger's verb, or of a verb up a chain of complements ("must be ready to
    mediate"); a noun trigger taken by another verb ("must approach future discussions") has none."""
    token = _span_head(doc, start, end)
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ == "must" for c in token.children):
            return True
        # "must hold talks", "must respect the truce"
        light = token.dep_ == "dobj" and lemmas[token.head.i] in EVENT_VERBS
        if not (light or token.dep_ in ("xcomp", "acomp")) or token.head.i == token.i:
            return False
        token = token.head
    return False


def acts_on_work(doc: Doc, start: int, end: int, lemmas: Sequence[str]) -> bool:
    """The clause of the signal at [start, end) names a work or one who makes or performs one ("banned a film
    critical of the president", "arrested a popular singer", "detained its director")."""
    top = _climb(_span_head(doc, start, end))[-1]
    return any(lemmas[t.i] in WORKS_AND_MAKERS or t.lower_ in WORKS_AND_MAKERS for t in top.subtree)


def _gunman_side(doc: Doc, political: Sequence[int], lemmas: Sequence[str]) -> frozenset[int]:
    """The strong-marked gunmen of the sentence and the pronouns whose nearest political word before is one."""
    out: set[int] = set()
    last_gunman = False
    for i, mark in enumerate(political):
        if mark < STRONG:
            continue
        if lemmas[i] in GUNMEN or doc[i].lower_ in GUNMEN or (
                i > 0 and doc[i - 1].lower_ == ARMED and lemmas[i] in ARMED_PEOPLE):
            out.add(i)
            last_gunman = True
        elif doc[i].lower_ in PRONOUNS:
            if last_gunman:
                out.add(i)
        else:
            last_gunman = False
    return frozenset(out)


def _lone_gunman(doc: Doc, gunmen: frozenset[int]) -> bool:
    """Every gunman named is one ("a gunman", "the gunman's rampage"), not a band ("gunmen", "armed men")."""
    return all(doc[i].lower_ in LONE or doc[i].lower_ in PRONOUNS for i in gunmen)


def _labour_strike(doc: Doc, start: int, end: int, sources: Sequence[int], lemmas: Sequence[str]) -> bool:
    """The signal is a strike whose agent side names working people: the noun ("warehouse workers staged a
    strike", "members of the union extended their strike"), or the verb with no object ("workers voted to
    strike"); not "the workers' militia struck the convoy"."""
    return any((lemmas[i] == STRIKE and (doc[i].tag_.startswith("NN") or doc[i].dep_ in NOUN_DEPS
                                         or _struck_nothing(doc[i], lemmas)))
               or lemmas[i] in STOPPAGES for i in range(start, end)) \
        and any(lemmas[i] in LABOUR_PEOPLE for i in sources)


def _struck_nothing(token: Token, lemmas: Sequence[str]) -> bool:
    """The verb "strike" with no object or target, or voted or threatened: a stoppage ("will strike next week",
    "workers voted to strike"), not a blow."""
    if not token.tag_.startswith("VB"):
        return False
    if token.dep_ == "xcomp" and lemmas[token.head.i] in STRIKE_DECISIONS:
        return True
    if any(lemmas[o.i] in LABOUR_ISSUES for o in _objects(token, ("over", "for"))):
        return True  # a stoppage for its cause: "Walmart Workers Strike On Black Friday Over Wages"
    # (struck "at" a workplace is where the stoppage is: "dairy workers strike at Waikato processing plant")
    return all(lemmas[o.i] in WORKPLACES and o.head.lower_ == "at" for o in _objects(token, ("at", "on", "against")))


def _sense_in_context(doc: Doc, start: int, end: int, head: Token, path: list[Token], political: Sequence[int],
                      lemmas: Sequence[str], arguments: Sequence[int], pol_sources: Sequence[int],
                      pol_targets: Sequence[int],
                      escalation: bool, violent: bool, headline: bool, crime: str | None) -> str | None:
    """Why the arguments or the setting make the word no conflict or cooperation event here, or None: a
    metaphor, a signature or a capture of another kind, violence to animals, a ban on goods, a trial's charge,
    a measure of an authority of another domain, a disaster, sport, entertainment, markets."""
    if escalation and end - start == 1 and head.dep_ == "amod" and head.head.i != head.i \
            and (head.lower_ in STATUS_PARTICIPLES or (head.tag_ == "VBN" and political[head.head.i] < STRONG)) \
            and not _among(lemmas[head.head.i], WORK_TOPICS) and not _undone(head, lemmas):
        # ("returned the occupied land" undoes the occupation: the polarity rules read that)
        return f"a state named by a participle ('the {head.lower_} {head.head.lower_}'), no event"
    if lemmas[head.i] in SEIZE_WORDS and any(lemmas[c.i] in CHANCES for c in head.children if c.dep_ == "dobj"):
        return "a chance seized, no capture"  # "Navy seized the initiative in the second half"
    if _partied(lemmas, start, end) and not _political_party_named(doc[start:end], political):
        return f"'{doc[start:end].text}' no political party"  # "sat down with Oprah", "warned residents against"
    if lemmas[head.i] == SHELL and head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "out":
        return "money shelled out, no shelling"  # "fans are shelling out $500 for tickets"
    if head.dep_ == "pobj" and lemmas[head.head.head.i] in SOURCE_LINKS and head.head.head.dep_ in ("acl", "amod"):
        return "who the source is, no event"  # "a diplomat briefed on the negotiations said", "sources close to"
    if lemmas[head.i] == DEFEND and (head.dep_ == "amod" or any(
            lemmas[o.i] in TITLES_HELD for o in head.children if o.dep_ == "dobj")):
        return "a title defended, no praise"  # "beat the defending champions", "defended her title"
    if lemmas[head.i] == DEFEND and any(lemmas[o.i] in OWN_GROUND for o in head.children if o.dep_ == "dobj"):
        return "a side defending its own, no praise"  # "would take necessary measures to defend its sovereignty"
    if escalation and end - start == 1 and head.dep_ == "compound" and lemmas[head.head.i] in SETTLEMENTS:
        return f"the kind of a {head.head.lower_}, no event"  # "the proposal for a hostage release"
    if not escalation and _needed(head, lemmas):
        return f"a need of {head.lower_}, none given"  # "80% of Yemen's population depends on some form of aid"
    if _earlier(head, lemmas):
        return "earlier events of the kind, the setting"  # "previous rounds of sanctions had little effect"
    if escalation and head.dep_ == "pobj" and head.head.lower_ == "in" and lemmas[head.head.head.i] in STAYS:
        return f"a state: {head.head.head.lower_} in {head.lower_}"  # "thousands more remain in Russian detention"
    if (commentator := _commentator(head, lemmas, political)) is not None:
        return f"a view of {commentator}s, no event"  # "Analysts say the blockade marks a shift in strategy"
    if lemmas[head.i] == PRESSURE and head.dep_ == "pobj" and head.head.lower_ == "under" \
            and not _in_phrase(head, political) and not any(
            _in_phrase(o, political) for p in head.children if p.dep_ == "prep" and p.lower_ == "from"
            for o in p.children):  # ("under pressure from Moscow", "under heavy Taliban pressure": a side's)
        return "a state, no event: under pressure"  # "under pressure from striking truckers, the government ..."
    if lemmas[head.i] == PRESSURE and head.tag_.startswith("NN") and end - start == 1 and head.dep_ != "compound" \
            and not (head.dep_ == "dobj" and lemmas[head.head.i] in EXERT_VERBS) and not _in_phrase(head, political):
        return "a state, no event: pressure felt"  # "both governments face domestic pressure"; not "put pressure on"
    if _weapon_kind(head, lemmas):
        return "the name of a kind of weapon"  # "weapons of mass destruction"
    if (memory := _remembered(head, lemmas)) is not None:
        return f"history: what an {memory} is of"  # "the 30th anniversary of the genocide, in which ..."
    if any(c.dep_ in MODIFIER_DEPS and _is_animal(c, lemmas) and not political[c.i] for c in head.children):
        return "another domain: animals act"  # "a jellyfish invasion shuts down a power plant"
    if lemmas[head.i] in AID_WORDS | {"funding", "fund"} and head.dep_ in MODIFIER_DEPS \
            and lemmas[head.head.i] in SHORTFALLS:
        return f"a lack of money ('{head.lower_} {head.head.lower_}'), no aid given"
    if lemmas[head.i] in TALK_WORDS and head.tag_.startswith("VB") and any(
            _among(lemmas[t.i], PRIVATE_LISTENERS) and not _in_phrase(t, political)
            for t in _objects(head, ("to", "with"))):
        return "a private conversation"  # "how to talk to your kids about the war"
    if (era := _era(head, lemmas)) is not None:
        return f"history: an event of the {era} past"  # "a third-century clash", "a coup in ancient Rome"
    if head.dep_ in ("amod", "compound") and _is_animal(head.head, lemmas) and not _in_phrase(head.head, political):
        return f"another domain: an animal described ({head.head.lower_})"  # "an aggressive swan"
    if lemmas[head.i] in TALK_WORDS and not pol_targets and _police_talks(head, pol_sources, political, lemmas):
        return "crime: the police negotiating with a suspect, or a hostage negotiation in a metaphor"
    if escalation and _circumstance_of_business(head, lemmas, political):
        return "business: firms coping with a trade measure"  # "makers look to Asia after European tariffs"
    if violent and (aimed := _metaphor_target(doc[start:end], head, lemmas)) is not None \
            and not _labour_strike(doc, start, end, pol_sources, lemmas):  # "a strike against the pension reform"
        return f"a metaphor: violence on a {aimed}"
    if escalation and (ruined := _ruined_life(head, lemmas)) is not None:
        return f"a metaphor: a ruined {ruined}"
    if lemmas[head.i] == SIGN and (document := _signed_alone(head, lemmas)) is not None:
        return f"a signature alone: a {document}"
    if lemmas[head.i] == OFFER and (words := _offered_words(head, lemmas)) is not None:
        return f"another sense: offering {words}"
    if lemmas[head.i] == CAPTURE and (thing := _captured_thing(head, lemmas)) is not None:
        return f"another sense: capturing a {thing}"
    if head.tag_.startswith("VB") and (animal := _animal_subject(head, political, lemmas)) is not None:
        return f"another domain: animals act ({animal})"  # "swarms of locusts invaded farmland"
    if (animal := _object_in(head, lemmas, ANIMALS, political)) is not None and _only_animals(head, lemmas):
        return f"another domain: an act on an animal ({animal})"  # "killed an elephant", "pardoned the turkeys"
    if escalation and lemmas[head.i] in BAN_WORDS and (goods := _object_in(head, lemmas, REGULATED, political)):
        return f"a regulation: a ban on {goods}"
    if (verb := _legal_charge(head, lemmas, political)) is not None:  # (also "convicted of selling medicines")
        return f"crime: the charge of a trial ({verb})"
    if escalation and lemmas[head.i] in DISCIPLINE and (member := _own_member(head, political, lemmas)):
        return f"discipline: a {member} punished by the service"
    if (critic := _private_commentary(head, political, lemmas, headline)) is not None:
        return f"the topic of a private person's commentary ({critic})"
    if escalation and lemmas[head.i] == SEAL and pol_sources and all(lemmas[i] in POLICE for i in pol_sources) \
            and not any(political[i] >= STRONG and not _located(doc[i]) for i in pol_targets):
        return "a police cordon, no blockade"  # "Police sealed off the area after a gas leak"
    if escalation and violent and (pol_sources or pol_targets) and all(
            lemmas[i] in POLICE for i in (*pol_sources, *pol_targets)) and crime is not None:
        return f"crime: the police against {crime}"  # "police engaged the robbers in a firefight"
    if escalation and not [t for t in pol_targets if not _located(doc[t])] and lemmas[head.i] in ENFORCEMENT \
            and crime is not None and not (lemmas[head.i] in STATE_INQUIRIES and any(
                doc[i].tag_ in PROPER and lemmas[i] not in POLICE for i in pol_sources)) \
            and not (any(lemmas[i] in MILITARY_AGENTS for i in pol_sources)
                                           and _object_in(head, lemmas, VESSELS, political) is not None
                                           and not any(lemmas[t.i] in DRUGS for t in doc)):
        # (a navy seizing a foreign tanker "carrying smuggled fuel" coerces a state, whatever it says of the cargo)
        return f"crime: enforcement against {crime}"
    if escalation and crime is not None and any(
            lemmas[t.i] in CYBER_WORDS for t in (*doc[start:end], *head.children)) and not any(
            mark >= STRONG and lemmas[i] not in POLICE for i, mark in enumerate(political)):
        return f"crime: a cyber attack by criminals ({crime})"  # "police suspect a criminal ransomware gang"
    if escalation and (lemmas[head.i] in ENFORCEMENT or violent) and pol_sources and all(
            lemmas[i] in POLICE | JUDICIAL for i in pol_sources) and not any(
            mark and i not in pol_sources for i, mark in enumerate(political)) and (
            arrested := _arrested(head) or _objects(head, ("on",))
            or [o for c in head.children if c.dep_ == "conj" for o in _arrested(c)]) \
            and all(_among(lemmas[t.i], PRIVATE_REFERENTS | PRIVATE_PLACES) for t in arrested) \
            and not any(lemmas[t.i] in POLITICAL_OFFENCES for t in doc):
        return "crime: the police or a court take a private person"  # "Police arrest man who tried to pay ...",
        # "a Kyoto court sentenced a man to death for the arson attack", "firearms officers shot and wounded a
        # man waving a rifle", "a police raid on an apartment"
    # (a culture ministry's ban on a film or a book is censorship, not that domain's measure)
    if escalation and not pol_targets and (agency := _agency_domain(doc, pol_sources, political, lemmas)) \
            and not (lemmas[head.i] in BAN_WORDS and _object_in(head, lemmas, WORK_TOPICS, political)):
        return f"another domain: a {agency} authority's measure"
    if (sense := _sense_of_object(head, political, lemmas)) is not None:
        return sense
    if _under_fire_in_words(doc, start, end, lemmas, political) == "private":
        return "criticism in words by private people: under fire from critics or over a topic"
    if escalation and (site := _industrial_blast(doc, lemmas)) is not None:
        return f"an industrial accident: a blast at a {site}"  # "a blast at a chemical plant injured 30 workers"
    if escalation and violent and (rivalry := _business_rivalry(
            doc, start, end, arguments, (*pol_sources, *pol_targets), political, lemmas)) is not None:
        return f"business: {rivalry}"  # "a renewed offensive from rivals", "an advertising offensive"
    if escalation and violent and _match_score(doc, lemmas):
        return "sport: a match with a score"  # "the army team beat the police 3-1 in the cup final"
    if lemmas[head.i] in EXECUTE and (thing := _executed_thing(head, political, lemmas)) is not None:
        return f"another sense: executing a {thing}"
    if lemmas[head.i] in NGO_KINDS and end - start == 1 and head.dep_ in ("compound", "amod") \
            and lemmas[head.head.i] in NGO_HEADS:
        return f"the name of an organisation ('{head.lower_} {head.head.lower_}'), no aid given"
    if lemmas[head.i] in AID_WORDS and end - start == 1 and head.dep_ in ("compound", "amod") \
            and lemmas[head.head.i] in AID_BEARERS and _harmed(head.head, lemmas):
        return f"the name of who brings aid ('an aid {head.head.lower_}')"  # "an aid convoy came under fire"
    if lemmas[head.i] == FUND and (kind := _money_fund(head, lemmas)) is not None:
        return f"money, not aid: {kind}"
    if lemmas[head.i] == RALLY and head.dep_ == "pobj" and head.head.lower_ in VENUE_PREPS \
            and any(lemmas[t.i] in ELECTION_WORDS for t in doc):
        return "an election rally: the venue of a campaign"
    if lemmas[head.i] == RALLY and head.dep_ == "pobj" and head.head.lower_ in VENUE_PREPS \
            and lemmas[head.head.head.i] in RALLY_SPEECH and not any(
                c.dep_ == "prep" and c.lower_ in ("against", "over", "for") for c in head.children):
        return "a rally as the venue of a speech"  # "Speaking at a rally in Nakuru, Kenyatta told supporters ..."
    if lemmas[head.i] == RALLY and head.dep_ in ("dobj", "dative") and lemmas[head.head.i] in ADDRESSING and not any(
            c.dep_ == "prep" and c.lower_ in ("against", "over", "for") for c in head.children):
        return "a rally as the audience of a speech"  # "Modi told a rally in Varanasi that ..."
    if lemmas[head.i] == RALLY and any(c.dep_ in MODIFIER_DEPS and lemmas[c.i] in ELECTION_WORDS and c.text.islower()
                                       and not (c.i > 0 and doc[c.i - 1].text == "-") for c in head.children):
        return "an election rally: a campaign's"  # "held his final campaign rally" (not "an anti-election rally",
        # nor a rally of the "Palestine Solidarity Campaign")
    if lemmas[head.i] in CONTEST_WORDS and (prize := _contested_prize(doc, head, lemmas)) is not None:
        return f"an election or a match: a contest for a {prize}"  # "opposition battles for first-round win"
    if not escalation and _resignation(start, end, lemmas) and not any(
            lemmas[t.i] in RESIGNATION_PRESSURES or t.lower_ in RESIGNATION_PRESSURES for t in doc):
        return "a resignation no pressure in the sentence forced: a career's end, no concession"
    if lemmas[head.i] == SUMMIT and any(lemmas[t.i] in MOUNTAIN_WORDS for t in doc):
        return "a mountain's summit"  # "the first to reach the summits of all 14 highest peaks"
    if lemmas[head.i] in MEETING_SETTINGS and ((head.dep_ == "acl" and head.tag_ == "VBG") or (
            head.dep_ == "nsubj" and head.head.tag_.startswith("VB") and lemmas[head.head.i] not in COPULAS
            and any(c.dep_ == "compound" and c.tag_ == "NNS" for c in head.children))):  # "Ministers meeting ..."
        return "the setting of who acts ('ministers meeting in Luxembourg refused ...')"
    if escalation and lemmas[head.i] in DEPLOYMENTS and (sent := _object_in(head, lemmas, CIVIL_TEAMS, political)) \
            and not _object_in(head, lemmas, ARMED_UNITS, political):
        return f"a deployment of {sent}, no force"  # "agreed to deploy joint teams to clear landmines"
    if lemmas[head.i] in WAR_CRIME_WORDS and any(lemmas[t.i] in CRIME_COURTS for t in doc[end:end + 2]) \
            and head.dep_ in ("compound", "amod", "nmod"):
        return "the name of a court ('the war crimes tribunal')"  # handing a suspect to it is cooperation
    if lemmas[head.i] in THANKS and end - start == 1 and start + 1 < len(doc) and doc[start + 1].lower_ == "to":
        return "a cause ('thanks to strong demand'), no thanks given"
    if lemmas[head.i] in ORDNANCE and any(c.lower_ in UNEXPLODED for c in head.children):
        return "unexploded ordnance found, no attack"  # "police called over an 'unexploded shell'"
    if not escalation and lemmas[head.i] == REOPEN and (
            place := _object_in(head, lemmas, CIVIL_PLACES, political)
            or next((lemmas[o.i] for o in _objects(head, ("of",)) if lemmas[o.i] in CIVIL_PLACES), None)):
        return f"a {place} reopened, no concession"  # "delay the reopening of schools"
    if not escalation and lemmas[head.i] == REOPEN and _object_in(head, lemmas, VISITORS, political) is None and any(
            lemmas[o.i] in VISITORS for p in head.children if p.dep_ == "prep" and p.lower_ == "to"
            for o in p.children):
        return "reopening to visitors, no concession"  # "Japan reopens to individual tourists"
    if lemmas[head.i] == RETURN and any(c.dep_ == "prep" and c.lower_ == "to" and any(
            _among(lemmas[o.i], RETURNED_STATES) for o in c.children) for c in head.children):
        return "a return to a state, nothing handed back"  # "the economy would return to growth"
    if lemmas[start] == RETURN and start + 1 < len(doc) and lemmas[start + 1] in RETURN_TRIPS:
        return f"a return {doc[start + 1].lower_}, nothing handed back"  # "return tickets from Dublin to Boston"
    if lemmas[head.i] in DENIALS and _object_in(head, lemmas, BIDS, political):
        return "business: a bid rejected"  # "the auction house rejects a hostile bid from a private equity firm"
    if lemmas[start] == OUST and doc[start].dep_ == "amod" and not _undone(doc[start], lemmas):
        return "a former ruler named by a participle ('the ousted president returned')"
    if lemmas[head.i] == INSIST and not _subjunctive_clause(head):
        return "a claim insisted on, no demand"  # "insisted that the army had not fired" (not "that Baghdad give")
    # (whoever the blows are traded with or where: "traded mortar fire along the Line of Control")
    if not escalation and lemmas[head.i] in EXCHANGES and (hit := _object_in(head, lemmas, BLOWS, None)):
        return f"an exchange of {hit}, no trade"  # "troops traded small-arms and mortar fire"
    if lemmas[head.i] == BLAME and not pol_targets and (cause := _blamed_cause(head, political, lemmas)):
        return f"a cause blamed ({cause}), no one accused"  # "officials said, blaming overloading"
    if lemmas[head.i] == OFFER and end < len(doc) and doc[end - 1].lower_ == "to" and (
            doc[end].like_num or doc[end].tag_ == "$" or doc[end].text in CURRENCY_SIGNS):
        return "a bid's price"  # "raised its offer to 3.1 billion pounds"
    if lemmas[head.i] == VISIT and (pol_sources or pol_targets) and all(
            lemmas[i] in POLICE_CALLERS for i in (*pol_sources, *pol_targets)):
        return "a police call, no visit between parties"  # "draws complaints and a police visit"
    if lemmas[head.i] == INVASION and start > 0 and doc[start - 1].lower_ == "british" \
            and any(lemmas[t.i] in MUSIC_WORDS for t in doc):
        return "the British Invasion of 1960s pop"  # "British Invasion Rocker Dies At 79"
    if start == 0 and lemmas[head.i] == MEET and head.tag_ == "VB" and not _has_subject(head):
        return "an introduction ('Meet the ...')"  # "Meet Your Immune System's Secret Army Against Colds"
    if escalation and (allower := _permitted(head, political, lemmas)) is not None:
        return f"what {allower} permitted: the permission is the event"  # "Israel has allowed Egypt to deploy
        # additional troops in the Sinai to fight militants"
    if not escalation and _opposed(head):
        return "what is opposed, no cooperation"  # "drove tractors into Paris to protest against the trade deal"
    if crime is not None and lemmas[head.i] in SENTENCING and _court_acts(head, lemmas) and not any(
            political[i] and not any(g.lower_ in FORMER for g in doc[i].children)
            for c in head.children if c.dep_ in ("dobj", "nsubjpass") for i in _expand(c)):
        return f"a court's sentence for a crime ({crime})"  # "a court in Lyon sentenced a man for murder"
    if lemmas[head.i] in RELIEF_VERBS and (cause := _object_in(head, lemmas, NATURAL_CAUSES, political)):
        return f"a fight against a {cause}"  # "firefighters backed by water-bombing aircraft battled the flames"
    if escalation and lemmas[head.i] == HESITATE and any(
            c.dep_ == "xcomp" and lemmas[c.i] in COOPERATIVE_AIMS | {"provide", "send", "give", "defend"}
            for c in head.children):
        return "a readiness to help, no threat"  # "Britain would not hesitate to help Ukraine"
    if escalation and lemmas[head.i] in VOWS and any(
            c.dep_ == "xcomp" and lemmas[c.i] in COOPERATIVE_AIMS
            and not any(lemmas[t.i] in FORCE_AIMS for t in c.subtree) for c in head.children):
        return "a vow to cooperate, no threat"  # "Turkey vowed to cooperate with Greece on earthquake relief"
    if not escalation and lemmas[head.i] == AGREE and any(
            c.dep_ == "xcomp" and lemmas[c.i] in HOSTILE_MEASURES for c in head.children):
        return "an agreement on a measure against a party"  # "EU ministers agreed to impose new sanctions"
    if not escalation and lemmas[head.i] in PROMISES and any(
            c.dep_ in ("xcomp", "ccomp") and any(lemmas[t.i] in HOSTILE_AIMS and t.tag_.startswith("VB")
                                                  for t in c.subtree) for c in head.children):
        return "a vow of force, no intent to cooperate"  # "Hamas pledged to strike Israeli towns"
    if any(lemmas[i] == COMMENT for i in range(end, min(len(doc), end + 3))):
        return "a request for comment"  # "the Kremlin declined a request for comment"
    if not escalation and lemmas[head.i] == SEND and any(
            c.dep_ == "prep" and c.lower_ in AIMED_PREPS for w in (head, *head.children) for c in w.children):
        return "weapons fired at a target, no aid"  # "Iran sent hundreds of missiles toward Israel"
    if lemmas[head.i] in SHOTS and sum(_is(t, lemmas, GAME_WORDS) or lemmas[t.i] in SCORING for t in doc) >= 2 \
            and not any(lemmas[t.i] in HARMS for t in doc) and not pol_sources:  # (not "militants fired rockets")
        return "a shot in a game"  # "Striker Shoots Club Into European Final With Late Header"
    if lemmas[head.i] in BEATEN and any(_is(t, lemmas, GAME_WORDS) for t in doc) \
            and all(political[i] >= STRONG for i in pol_targets) \
            and not any(lemmas[i] in COERCIVE_AGENTS for i in pol_sources):
        return "a game's result"  # "Italy Beat France In Thrilling Rugby Opener"
    if lemmas[head.i] in ARMS_DESTROYED and any(
            c.dep_ in ("dobj", "nsubjpass") and lemmas[c.i] in ARMS_BURNED
            and not any(political[m.i] and m.tag_ != "PRP$" for m in c.subtree if m.i != c.i) for c in head.children):
        return "arms destroyed by those who held them"  # "PKK fighters burned their weapons at a ceremony"
    if lemmas[head.i] == DEFUSE and (thing := _defused_thing(head, lemmas)):
        return f"bomb disposal: a {thing} defused"  # "army sappers defused an unexploded 500-kg bomb"
    if lemmas[head.i] == RESTORE and any(c.dep_ == "dobj" and lemmas[c.i] == ACCESS and any(
            lemmas[m.i] in WORKS_OF_ACCESS for m in c.children if m.dep_ in MODIFIER_DEPS) for c in head.children):
        return "a road or a service rebuilt, no concession"  # "restoring road access to dozens of villages"
    if lemmas[head.i] in (RALLY, BATTLE) and _election_story(doc, lemmas):
        return f"an election: a campaign's {lemmas[head.i]}"  # "the two main contenders held rallies in Kano"
    if lemmas[head.i] in PLEDGES and not pol_targets and _election_story(doc, lemmas):
        return "a campaign's pledge to voters"  # "launched her campaign, promising to build 100,000 homes"
    if lemmas[head.i] in VOTE_REJECTIONS and any(c.dep_ == "nsubj" and lemmas[c.i] in VOTERS for c in head.children):
        return "the voters' verdict"  # "Irish voters rejected two proposed amendments in referendums"
    if end - start > 1 and doc[start].lower_ == "fire" and doc[start].tag_.startswith("NN") \
            and doc[start].dep_ in ("nsubj", "nsubjpass", "compound", "dobj", "pobj"):
        return "a fire (a blaze), no shot"  # "the fire brigade warned residents" (pattern "fire * warn")
    if lemmas[head.i] == PROBE and head.tag_.startswith("NN") and _space_probe(head, lemmas):
        return "a space probe, no inquiry"
    if lemmas[head.i] == RETURN and end - start <= 2 and _journey(head, political, lemmas):
        return "a return to a place, no handing back"  # "the president returned to Abuja"
    if lemmas[head.i] == STRIKE and head.tag_.startswith("VB") and (thing := _struck_thing(head, lemmas)):
        return f"another sense: struck {thing}"
    if lemmas[head.i] == STRIKE and head.dep_ == "compound" and lemmas[head.head.i] in STRUCK_THINGS:
        return f"another sense: a {head.head.lower_} struck"  # a headline's "China strike deal" (parsed as nouns)
    if escalation and not violent and (need := _relief_purpose(head, lemmas)) is not None:
        return f"help after a disaster: sent for the {need}"  # "deployed soldiers to help fight wildfires"
    if escalation and head.dep_ == "dobj" and lemmas[head.head.i] in FLIGHT_VERBS:
        return f"the setting of who {lemmas[head.head.i]}s it"
    # two named parties acting together cooperate on whatever topic: "Beijing and Moscow agreed to expand energy
    # cooperation", "Kazakh and Russian energy ministers negotiated gas transit prices"
    joint_agents = any(doc[i].dep_ == "conj" and doc[i].head.i in pol_sources and political[i] >= STRONG
                       and doc[i].tag_ in PROPER_OR_ADJ and doc[i].head.tag_ in PROPER_OR_ADJ for i in pol_sources)
    if (own := _own_domain(head, start, end, lemmas)) is not None and (escalation or own not in AID_KINDS):
        return f"another domain: {own}"  # "opioid crisis", "wolf-killing", "shot put": whoever's it is
    domain = _domain_word(doc, path, start, end, lemmas)
    if domain is not None and ((domain in NATURAL_CAUSES and escalation) or
                               # (not the trigger's own word: "suspended aid deliveries" halts the aid)
                               (domain in HELPERS and escalation and not violent
                                and domain not in lemmas[start:end] and lemmas[head.i] not in CAPTURES) or
                               # ("arrested a British-Iranian aid worker" is an arrest)
                               (domain in OTHER_TOPICS and not pol_sources) or
                               # a pledge or a plan with no other party, on a goal of another domain: policy;
                               # not a measure withdrawn ("withdrew the security law after weeks of protests")
                               (domain in OTHER_TOPICS and not escalation and not pol_targets and not joint_agents
                                and lemmas[head.i] not in UNDO_VERBS and not _peace_content(doc, start, end, lemmas))):
        return f"another domain: {domain}"
    if not escalation and not pol_targets and not joint_agents and (goal := _goal_domain(head, lemmas)) is not None:
        return f"another domain: a goal of {goal}"  # "pledged to cut carbon emissions"
    return None


def _warned_of_other(token: Token, lemmas: Sequence[str]) -> bool:
    """What one warns of belongs to another domain: heavy rain, job losses, a schedule clash."""
    domain = _domain_of(token, lemmas)
    return (domain is not None and domain not in CONFLICT_TOPICS) or _kind_of_other_domain(token, lemmas)


def _warned_that_of_nature(head: Token, lemmas: Sequence[str]) -> bool:
    """What the warning says will happen is done by weather or disease, or is a figure of another domain
    ("warned that Typhoon Kristine could bring storm surges", "warning that wage growth remained high")."""
    return any(c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass") and any(
        _among(lemmas[t.i], NATURAL_CAUSES) or _is_animal(t, lemmas) or _warned_of_other(t, lemmas)
        for t in g.subtree)
        for g in c.children) for c in head.children)


def _kind_of_other_domain(token: Token, lemmas: Sequence[str]) -> bool:
    """The noun's own modifier names another domain ("locust invasion", "price war")."""
    return any(c.dep_ in MODIFIER_DEPS and _topic(c, lemmas) is not None for c in token.children)


def _named_party(token: Token, lemmas: Sequence[str]) -> bool:
    """The argument word may name a party: not a preposition's object that says when ("Talks resumed on Monday"
    names no one)."""
    if lemmas[token.i] in SEVERITIES or lemmas[token.i] in WHEN_MODIFIERS or lemmas[token.i] in DOCUMENTS \
            or (token.tag_ in PROPER and _located(token)) or (
            _located(token, NEAR_PREPS) and _in_place_phrase(token, lemmas)):
        return False  # how hard, or where: "heavy fighting resumed around Tigray's border", "near the ancient temple"
    if token.dep_ != "pobj" or token.head.dep_ != "prep":
        return True
    return not any(w in WHEN_WORDS or w in TIME_WORDS for w in (lemmas[token.i], token.lower_))


def _armed_subject(verb: Token, lemmas: Sequence[str]) -> bool:
    """The verb's subject phrase names armed people or gear ("mutinous soldiers", "a military convoy")."""
    return any(_among(lemmas[t.i], ARMED_SUBJECTS) for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
               for t in c.subtree)


def _transferred(thing: Token, lemmas: Sequence[str]) -> bool:
    """The thing is what is delivered, sold, bought or sent: a word of transfer among the heads above it (up to
    four: "approved the delivery of Leopard 2 battle tanks to Ukraine")."""
    return any(_among(lemmas[above.i], TRANSFERS) for above in islice(thing.ancestors, TRANSFER_REACH))


def _in_place_phrase(token: Token, lemmas: Sequence[str]) -> bool:
    """The token is in a phrase that names a place of a country's map or a front (a town, a border, a temple), not
    a private one ("near the nightclub", "outside the stadium", "around the kitchen table")."""
    for _ in range(4):
        if token.dep_ == "pobj":
            return token.tag_ in PROPER or _among(lemmas[token.i], MAP_PLACES)
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _located(token: Token, preps: frozenset[str] = LOCATIVE_PREPS) -> bool:
    """The token only says where: the object of a locative preposition, or within one's phrase ("in a suburb of
    Manila", "near the Polish border")."""
    for _ in range(4):
        if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ in preps:
            return True
        if token.dep_ not in ("pobj", "compound", "amod", "poss", "appos", "conj", "nmod") or token.head.i == token.i:
            return False
        token = token.head.head if token.dep_ == "pobj" else token.head
    return False


def _bought(head: Token, lemmas: Sequence[str]) -> bool:
    """The noun is what a contract, an order or a purchase is for or of: one is among the heads above it (up to
    five) or their objects ("signed a contract with a firm for 200 armoured vehicles")."""
    for k, above in enumerate(head.ancestors):
        if k == 5:
            break
        if lemmas[above.i] in PURCHASES or any(c.dep_ == "dobj" and lemmas[c.i] in PURCHASES for c in above.children):
            return True
    return False


def _objects(head: Token, preps: tuple[str, ...] = ()) -> list[Token]:
    """The trigger's direct object or passive subject, and the objects of its prepositions in `preps`."""
    out = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    out += [o for p in head.children if p.dep_ == "prep" and p.lower_ in preps for o in p.children if o.dep_ == "pobj"]
    return out


def _in_phrase(token: Token, political: Sequence[int]) -> bool:
    """A political mark in the argument's phrase (its modifiers, possessor, "of"-phrase, conjuncts)."""
    return any(political[i] for i in _expand(token))


def _private_visitor(verb: Token, political: Sequence[int], lemmas: Sequence[str]) -> bool:
    """A visit made by no party: its visitor is "I", "we", "you" or a tourist, or there is none because the visit
    is a thing to do ("the best time to visit Iceland", "reasons to visit Portugal"); an infinitive takes the
    subject of the verb it completes ("the president plans to visit Japan")."""
    holder = verb
    while not (subjects := [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]) \
            and holder.dep_ in ("xcomp", "conj") and holder.head.i != holder.i:
        holder = holder.head
    if subjects:  # ("We will visit Moscow next week, Erdogan said": a political speaker's "we" is the party)
        visited = {t.i for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree}
        return all(s.lower_ in PRIVATE_VISITORS or _among(lemmas[s.i], VISITORS) for s in subjects) \
            and not any(political[s.i] for s in subjects) \
            and not any(mark >= STRONG and i not in visited for i, mark in enumerate(political))
    return holder.dep_ in ("acl", "relcl") and holder.head.tag_.startswith("NN") and not political[holder.head.i]


def _sense_of_object(head: Token, political: Sequence[int], lemmas: Sequence[str]) -> str | None:
    """Senses fixed by what a dismissal, a progress, a visit, a support, an engagement or a suspension takes
    (see DISMISS ... SUSPEND_WORDS)."""
    lemma = lemmas[head.i]
    if lemma in DENIALS and any(lemmas[t.i] in CLAIMS for t in _objects(head, ("of",))):
        return "a claim dismissed, no rejection between parties"  # "the attacks on the budget were dismissed"
    if lemma in DENIALS and any(_among(lemmas[t.i], LEGAL_MOTIONS) for t in _objects(head)) \
            and _court_acts(head, lemmas):
        return "a court's ruling on a legal motion, no rejection between parties"
    if lemma in TALKS_OR_DEALS and (any(lemmas[c.i] in CORPORATE_DEALS for c in head.children
                                                if c.dep_ in MODIFIER_DEPS)
                                            or any(c.dep_ == "xcomp" and lemmas[c.i] in MERGING
                                                   for c in head.children)
                                            or (lemma != AGREE and any(lemmas[t.i] in MERGERS for t in head.doc))):
        return "business: a merger between firms"  # "in advanced merger talks", "had agreed to merge"
    if lemma in DEPLOYMENTS and head.tag_.startswith("VB") and any(
            c.dep_ in ("nsubj", "nsubjpass") and _among(lemmas[c.i], PEACE_MISSIONS) for c in head.children):
        return "a peace mission deployed, no force posture"  # "Nigerian peacekeepers deployed to protect civilians"
    if lemma == VISIT and head.tag_.startswith("VB") and (places := [c for c in head.children if c.dep_ == "dobj"]) \
            and not any(political[t.i] for c in places for t in c.subtree) \
            and not any(political[t.i] >= STRONG for c in head.children if c.dep_ == "prep" for t in c.subtree):
        return "a visit to a place, no party visited"  # "the president visited a children's hospital"
    if lemma == VISIT and head.tag_.startswith("VB") and _private_visitor(head, political, lemmas):
        return "a private trip, no party visits"  # "the best time to visit Iceland", "we visited Japan"
    if lemma in TALK_WORDS and any(_among(lemmas[t.i], CORPORATE_DEALS)
                                   for t in _objects(head, ("about", "on", "over"))):
        return "business: talks on a deal between firms"  # "two banks confirmed they were in talks about a merger"
    if lemma in DEPLOYMENTS and any(_among(lemmas[t.i], PEACE_MISSIONS) for t in _objects(head)):
        return "a peace mission deployed, no force posture"  # "UN peacekeepers were deployed to protect civilians"
    if lemma in DEPLOYMENTS and any(_among(lemmas[t.i], DEVICES) and not any(
            lemmas[c.i] in ARMED_KINDS or c.lower_ in ARMED_KINDS for c in t.children) for t in _objects(head)):
        return "a technology deployed, no force posture"  # "deployed weeding robots on 30 onion farms"
    if lemma in CONCEDE and any(_among(lemmas[t.i], ELECTORAL_LOSSES) for t in _objects(head)):
        return "an election conceded, no concession between parties"  # "the opposition leader conceded defeat"
    if lemma == TRADE and any(_among(lemmas[c.i], TRADED_GOODS) for c in head.children if c.dep_ == "nsubj"):
        return "a market's trading, no trade between parties"  # "the Lebanese pound traded at 89,500"
    if lemma == FIGHT and any(lemmas[t.i] in FOUGHT_FEELINGS for t in _objects(head)):
        return "an idiom: fighting back tears"
    if lemma == DEMAND and head.tag_.startswith("NN") and any(
            c.dep_ in MODIFIER_DEPS and (lemmas[c.i] in MARKET_DEMAND or c.lower_ in MARKET_DEMAND)
            for c in head.children):
        return "demand in a market, no demand between parties"  # "weaker demand from China's property sector"
    if lemma == DEMAND and head.tag_.startswith("NN") and head.dep_ == "pobj" \
            and head.head.lower_ in MARKET_MOVE_PREPS and not _in_phrase(head, political):
        return "demand in a market: what moved a figure"  # "posts record profit on AI demand"
    if lemma == RETREAT and (nature := next((t for t in head.children if t.dep_ in ("compound", "nsubj", "amod")
                                             and _among(lemmas[t.i], NATURAL_RETREATS)), None)) is not None:
        return f"nature: a {nature.lower_} retreating"  # "glacier retreat", "the ice retreated"
    if lemma == RETREAT and head.tag_.startswith("NN") and not _sided(head, political) and any(
            c.dep_ in MODIFIER_DEPS | {"poss"} and _among(lemmas[c.i], GETAWAYS) for c in head.children):
        return "a getaway, no pull-back"  # "a wellness retreat", "a writers' retreat"
    if lemma == REOPEN and any(c.dep_ == "prep" and c.lower_ == "as" for c in head.children):
        return "a place reopened as something else"  # "the former army fort reopens as a boutique hotel"
    if lemma == BEAT and head.tag_.startswith("VB") and any(c.dep_ == "prt" and c.lower_ == "out"
                                                             for c in head.children):
        return "a rival outdone ('beat out'), no assault"  # "beat out 30 professional chefs"
    if lemma in RUN_VERBS and head.tag_.startswith("VB") and any(
            _among(lemmas[t.i], SPORT_STAGES) for w in (head, *_way(head)) for t in _objects(w, ("into", "to"))):
        return "a sporting run, no raid"  # "stormed into the semi-finals", "battled its way into the finals"
    if lemma in CONTEST_WORDS and any(lemmas[t.i] in COURTS for w in (head, head.head if head.dep_ == "dobj" else head)
                                      for t in _objects(w, ("to", "into", "in"))):
        return "a dispute taken to court"  # "homeowners take their fight over leaky roofs to court"
    if lemma in APPROVALS and (thing := next((t for t in _objects(head) if _among(lemmas[t.i], ADMIN_THINGS)), None)):
        return f"an administrative act: a {thing.lower_} approved or granted"  # "granted bail", "approved permits"
    if lemma in MOBILISE and any(_among(lemmas[t.i], MOBILISED_OTHER) for t in _objects(head)):
        return "money or people of another domain mobilised"  # "mobilise fresh capital", "mobilise its squad"
    if lemma == BEAT and head.tag_.startswith("VB") and any(_among(lemmas[t.i], OUTDONE) for t in _objects(head)):
        return "a figure or a rival outdone, no assault"  # "exports rose, beating forecasts"
    if lemma == WARN:
        warned = _objects(head, ("of", "about"))
        warned += [o for t in list(warned) for p in t.children if p.dep_ == "prep" and p.lower_ in ("in", "of")
                   for o in p.children if o.dep_ == "pobj"]  # "warned of a sharp fall in profits"
        if warned and any(_warned_of_other(t, lemmas) for t in warned):
            return "a warning about another domain"  # "warned of a schedule clash", "of heavy rain"
        if _warned_that_of_nature(head, lemmas):
            return "a warning of weather or disease"
    if lemma in PRAISES and any(_among(lemmas[t.i], PEOPLE_AT_HOME) for t in _objects(head)):
        return "praise of people at home (a team, farmers, volunteers)"
    if lemma in FORCE_POSTURE and _bought(head, lemmas):
        return "a purchase of arms, no deployment"  # "signed a contract for 200 armoured vehicles"
    if lemma in ALLOW_VERBS and head.dep_ in ("acl", "relcl") and lemmas[head.head.i] in LAWS:
        return "what a law allows, no concession between parties"  # "passed a law allowing same-sex marriage"
    if lemma == ACCEPT and any(lemmas[t.i] in ACCEPTED_POSTS for t in _objects(head)):
        return "a resignation or an award accepted, no agreement"
    if lemma == DISMISS:
        things = _objects(head, ("of",))
        described = any(p.dep_ == "prep" and p.lower_ == "as" for p in head.children)  # "dismissed him as a no-hoper"
        if things and not any(_is(t, lemmas, DISMISSED_THINGS) or (_in_phrase(t, political) and not described)
                              for t in things):
            return "a person dismissed, not a proposal rejected"
    elif lemma == PROGRESS:
        # "progress in the talks"; "made progress on cutting waiting lists" (the preposition may hang from "made",
        # and a gerund's object is the topic)
        holders = [head, head.head] if head.dep_ == "dobj" else [head]
        preps = [p for h in holders for p in h.children if p.dep_ == "prep"
                 and p.lower_ in ("on", "in", "toward", "towards", "of")]
        topics = [o for p in preps for o in p.children if o.dep_ == "pobj"]
        topics += [o for p in preps for g in p.children if g.dep_ == "pcomp"
                   for o in (g, *(c for c in g.children if c.dep_ == "dobj"))]
        if topics and not any(lemmas[t.i] in PROGRESS_ON or _in_phrase(t, political) for t in topics):
            return f"progress on {topics[0].lower_}, no agreement"
    elif lemma == VISIT:
        places = _objects(head, ("to",))
        if places and all(lemmas[t.i] in HOME_VISITS for t in places):
            return "a visit at home (own troops, a site), no diplomacy"
    elif lemma == SUPPORT and head.tag_.startswith("NN"):
        if any(c.lower_ in ("percent", "%", "per") or c.dep_ == "nummod" for c in head.children):
            return "a share of votes or of a poll"  # "passed with 70 percent support"
        if any(lemmas[c.i] in FIRE_SUPPORT for c in head.children if c.dep_ in MODIFIER_DEPS):
            return "fire support in a fight, no backing"  # "launched an operation with drone support"
    elif lemma == SUPPORT and head.tag_.startswith("VB"):
        backed = _objects(head, ("for",))
        if backed and all(lemmas[t.i] in POLICIES and not _in_phrase(t, political) for t in backed):
            return "support for a policy, not a party"
    elif lemma in GATHERINGS and any(lemmas[c.i] in CROWDS for c in head.children if c.dep_ == "nsubj"):
        return "a crowd gathering, no talks"  # "protesters gathered outside the council"
    elif lemma == ENGAGE:
        if any(_is(t, lemmas, FIGHT_WORDS) for t in _objects(head, ("in",))):
            return "engaged in combat"
        opponents = [c for c in head.children if c.dep_ == "dobj"]
        if opponents and not any(_in_phrase(t, political) and lemmas[t.i] not in FOES for t in opponents) \
                and not any(lemmas[t.i] in ENGAGED_IN for t in _objects(head, ("in",))):
            return "engaged an opponent, no talks"  # "engaged the suspects", not "engage Iran"
    elif lemma in SUSPEND_WORDS:
        stopped = _objects(head, ("of",))
        if stopped and all(_is(t, lemmas, SUSPENDED_OTHER) for t in stopped):
            return f"a suspended {stopped[0].lower_}, no tie cut"
        if stopped and any(_among(lemmas[w.i], SUSPENDED_HOSTILITIES) for t in stopped for w in t.subtree):
            return "hostilities suspended, no tie cut"  # "a suspension of offensive military operations"
    return None


def _protest_against_policy(head: Token, lemmas: Sequence[str]) -> bool:
    """"in protest at / against / over" a public measure (a tax, a law, an arrest, fuel prices ...), said of what
    people named by a plural noun did (not fans or an audience): a protest whoever the group is."""
    purpose = next((c for c in (head, *head.children) if lemmas[c.i] == PROTEST and c.tag_ == "VB"
                    and c.dep_ in ("advcl", "xcomp")), None)
    if purpose is not None and any(_public_measure(o, lemmas) for o in purpose.children if o.dep_ == "dobj"):
        return _crowd_subject(purpose.head, lemmas)  # "farmers blocked roads with tractors to protest imports"
    if purpose is not None or (lemmas[head.i] in PROTEST_WORDS and head.tag_.startswith("VB")):
        # "residents protested against the water cuts"; "blocked traffic to protest against rising fuel prices"
        act = purpose if purpose is not None else head
        against = [o for p in act.children if p.dep_ == "prep" and p.lower_ in ("at", "against", "over")
                   for o in p.children if o.dep_ == "pobj"]
        verb = act.head if purpose is not None else act
        return any(_public_measure(o, lemmas) for o in against) and _crowd_subject(verb, lemmas)
    strike = head if lemmas[head.i] in STRIKES else next(  # "went on strike" (the pattern's head is "went")
        (o for p in head.children if p.dep_ == "prep" and p.lower_ == "on" for o in p.children
         if o.dep_ == "pobj" and lemmas[o.i] in STRIKES), None)
    if strike is not None and strike.dep_ == "pobj" and strike.head.lower_ == "on" and any(
            _public_measure(o, lemmas) for p in (*strike.children, *strike.head.head.children) if p.dep_ == "prep"
            and p.lower_ in ("against", "over") for o in p.children if o.dep_ == "pobj"):
        return _crowd_subject(strike.head.head, lemmas)  # "dockworkers went on strike over pension reforms"
    if not (lemmas[head.i] == PROTEST and head.dep_ == "pobj" and head.head.lower_ == "in"):
        # the act the protest phrase hangs from: "blocked roads ... in protest at rising diesel prices"
        head = next((o for p in head.children if p.dep_ == "prep" and p.lower_ == "in" for o in p.children
                     if o.dep_ == "pobj" and lemmas[o.i] == PROTEST), None) if head.tag_.startswith("VB") else None
        if head is None:
            return False
    verb = head.head.head
    # (the parser hangs "at rising prices" from the protest or from the act)
    protested = [o for p in (*head.children, *verb.children) if p.dep_ == "prep"
                 and p.lower_ in ("at", "against", "over") for o in p.children if o.dep_ == "pobj"]
    if not any(_public_measure(t, lemmas) for t in protested):
        return False
    return any(c.dep_ == "nsubj" and c.tag_ == "NNS" and not _is_animal(c, lemmas)
               and not _among(lemmas[c.i], PRIVATE_CROWDS) for c in verb.children)


def _crowd_subject(verb: Token, lemmas: Sequence[str]) -> bool:
    """The verb's subject is people named by a plural noun, not animals, fans or an audience."""
    return any(c.dep_ == "nsubj" and c.tag_ == "NNS" and not _is_animal(c, lemmas)
               and not _among(lemmas[c.i], PRIVATE_CROWDS) for c in verb.children)


def _public_measure(token: Token, lemmas: Sequence[str]) -> bool:
    """A measure of the state a protest can be against: a tax, a law, an arrest ...; a price or its rise only
    of a public good ("rising diesel prices", "fuel price rises"), not a club's tickets; not a measure a private
    body owns ("the airline's new baggage policy", "the landlord's eviction notices")."""
    if any(c.dep_ == "poss" and c.tag_ in ("NN", "NNS") and lemmas[c.i] not in PUBLIC_OWNERS for c in token.children):
        return False
    words = [token, *(c for c in token.children if c.dep_ in MODIFIER_DEPS)]
    words += [g for c in words[1:] for g in c.children if g.dep_ in MODIFIER_DEPS]  # "fuel price rises"
    words += [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
              if o.dep_ == "pobj"]  # "a lack of electricity"
    if any(_among(lemmas[t.i], PROTESTED) for t in words):
        return True
    return any(_among(lemmas[t.i], PRICE_MOVES) for t in words) and any(
        _among(lemmas[t.i], PUBLIC_GOODS) for t in words)


def _sided(head: Token, political: Sequence[int]) -> bool:
    """A political side owns the event or it moves "from" one: "Russia's summer retreat from Kharkiv",
    "Washington's tariffs" (not a place in a compound: "a Costa Rica wellness retreat")."""
    return any((c.dep_ == "poss" and _in_phrase(c, political)) or (c.dep_ == "prep" and c.lower_ == "from" and any(
        _in_phrase(o, political) for o in c.children)) for c in head.children)


def _police_talks(head: Token, pol_sources: Sequence[int], political: Sequence[int], lemmas: Sequence[str]) -> bool:
    """Talks whose only political side is the police, or a "hostage negotiation" with no political side: police
    work or a metaphor ("police negotiated with the gunman for two hours", "bedtime hostage negotiations")."""
    others = [i for i, mark in enumerate(political) if mark >= STRONG and lemmas[i] not in POLICE]
    if others:
        return False
    return (bool(pol_sources) and all(lemmas[i] in POLICE for i in pol_sources)) or any(
        c.dep_ in MODIFIER_DEPS and lemmas[c.i] == HOSTAGE for c in head.children)


def _remembered(head: Token, lemmas: Sequence[str]) -> str | None:
    """The event is what an anniversary or a commemoration is "of", or told in a clause about that event ("the
    anniversary of the genocide, in which 800,000 people were killed"); the memory's noun, or None."""
    event = head.head if head.dep_ in ("relcl", "acl") else head
    if event.dep_ == "pobj" and event.head.lower_ == "of" and lemmas[event.head.head.i] in MEMORIES:
        return event.head.head.lower_
    if event.dep_ == "pobj" and event.head.lower_ == "since":
        held = event.head.head  # "to mark 30 years since the genocide" (the parse hangs "since" on either)
        verb = held.head if lemmas[held.i] in SPANS_OF_TIME else held
        if lemmas[verb.i] in MARKING_VERBS:
            return "anniversary"
    return None


def _weapon_kind(head: Token, lemmas: Sequence[str]) -> bool:
    """"weapons of mass destruction", "weapons of war": a kind of weapon, whether the span is the whole name or
    its last words."""
    if lemmas[head.i] in WEAPON_KINDS and head.dep_ == "pobj" and head.head.lower_ == "of":
        head = head.head.head
        if lemmas[head.i] != "weapon":
            return False
    elif not (lemmas[head.i] == "weapon" and any(
            p.dep_ == "prep" and p.lower_ == "of" and any(lemmas[o.i] in WEAPON_KINDS for o in p.children)
            for p in head.children)):
        return False
    # ... given up: what a disarmament verb takes, however far ("dismantling its programmes to develop weapons of
    # mass destruction"); stationed, stockpiled or used they stay the threat they are
    return any(lemmas[a.i] in DISARM_VERBS for k, a in enumerate(head.ancestors) if k < 4)


def _era(head: Token, lemmas: Sequence[str]) -> str | None:
    """An era word modifying the event or where it happened ("a third-century clash", "a coup in ancient Rome",
    "colonial-era atrocities"), or a year naming the event ("the 2014 offensive"): history, or fiction."""
    doc = head.doc
    if any(doc[j].lower_ == "war" and doc[j - 1].lower_ == "world" for j in range(max(1, head.i - 4), head.i)):
        return "World War"  # "a World War I German warship found off Scotland" (however it is parsed)
    places = [o for p in head.children if p.dep_ == "prep" and p.lower_ in ("in", "of", "during")
              for o in p.children if o.dep_ == "pobj"]
    for m in (m for t in (head, *places) for m in t.children if m.dep_ in MODIFIER_DEPS | {"nummod"}):
        if m.lower_ in ERAS:
            return m.lower_
        if any(t.lower_ == "war" and t.i > 0 and t.doc[t.i - 1].lower_ == "world" for t in m.subtree):
            return "World War"  # "the World War II bomber"
        if lemmas[m.i] == "era" and (era := next((c.lower_ for c in m.children if c.lower_ in ERAS), None)):
            return f"{era} era"  # "colonial-era atrocities"
        ordinal = next((c.lower_ for c in m.children if CENTURY.match(c.lower_)), None)
        if lemmas[m.i] == "century" and ordinal is not None:
            return f"{ordinal} century"
        if m.head.i == head.i and head.tag_ == "NN" and YEAR.match(m.text):
            return m.text  # "the 2014 offensive" (not "2000 airstrikes": a count before a plural)
    return None


def _circumstance_of_business(head: Token, lemmas: Sequence[str], political: Sequence[int]) -> bool:
    """A trade measure named only as the circumstance ("after", "amid", "thanks to" ...) of what firms, prices
    or shoppers do: the story is the market's, told by its business pages."""
    if not (_among(lemmas[head.i], TRADE_MEASURES) and head.dep_ == "pobj") or _sided(head, political):
        return False  # ("after Washington's tariffs": the measure's side is named, its event reported)
    prep = head.head
    if prep.lower_ not in CIRCUMSTANCE_PREPS:
        prep = prep.head if prep.dep_ in ("pcomp", "prep", "amod") else prep  # "thanks to", "due to", "because of"
        if prep.lower_ not in CIRCUMSTANCE_PREPS:
            return False
    verb = prep.head
    return verb.tag_.startswith("VB") and any(
        c.dep_ in ("nsubj", "nsubjpass") and _among(lemmas[c.i], BUSINESS_PEOPLE) and not political[c.i]
        for c in verb.children)


def _arrested(head: Token) -> list[Token]:
    """Who an arrest takes: its object, passive subject or "of"-phrase, or the noun a headline's compound
    "arrest" modifies ("Police Arrest Man Who ...", parsed as one noun phrase)."""
    if head.dep_ == "compound" and head.head.i != head.i:
        return [head.head]
    return _objects(head, ("of",))


def _own_forces(token: Token, political: Sequence[int], lemmas: Sequence[str]) -> bool:
    """Troops, police or commanders that no other state's word qualifies ("ordered troops", "ordered its army";
    not "ordered French troops", "ordered foreign forces" to leave, a demand on another party)."""
    doc = token.doc
    return _among(lemmas[token.i], OWN_FORCES) and not any(
        (political[i] and doc[i].lower_ not in PRONOUNS) or lemmas[i] in FOREIGN for i in _expand(token)[1:])


def _business_rivalry(doc: Doc, start: int, end: int, arguments: Sequence[int], pol_args: Sequence[int],
                      political: Sequence[int], lemmas: Sequence[str]) -> str | None:
    """A campaign word of the trigger (RIVALRY_WORDS) that a kind of commerce qualifies ("an advertising
    offensive"), or whose parties are firms, rivals or their shares with no other party named: every common noun
    among its arguments is one, and no political word but a firm's owner ("the Chinese carmaker's stock")."""
    word = next((doc[i] for i in range(start, end) if lemmas[i] in RIVALRY_WORDS), None)
    if word is None:
        return None
    if (kind := next((lemmas[c.i] for c in word.children if c.dep_ in MODIFIER_DEPS
                      and (lemmas[c.i] in COMMERCE_KINDS or c.lower_ in COMMERCE_KINDS)), None)) is not None:
        return f"a {kind} {word.lower_}"
    nouns = [doc[i] for i in arguments if doc[i].tag_ in ("NN", "NNS")
             and doc[i].dep_ not in ("compound", "amod")]
    if not nouns or not all(_among(lemmas[t.i], RIVALS) for t in nouns) or any(
            political[i] >= STRONG and not _owner_of_firm(doc[i], lemmas) for i in pol_args):
        return None
    return f"a {word.lower_} between firms"


def _court_acts(head: Token, lemmas: Sequence[str]) -> bool:
    """The verb's subject (or its passive agent) is a court or a judge ("the Supreme Court", "the
    Constitutional Council")."""
    subjects = [c for c in head.children if c.dep_ == "nsubj"]
    subjects += [o for a in head.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    return any(lemmas[t.i] in COURTS or (lemmas[t.i] == "council" and any(
        lemmas[c.i] in COURT_COUNCILS for c in t.children if c.dep_ in ("amod", "compound"))) for t in subjects)


def _strong_in_phrase(token: Token, political: Sequence[int]) -> bool:
    return any(political[i] >= STRONG for i in _expand(token))


def _executed_thing(head: Token, political: Sequence[int], lemmas: Sequence[str]) -> str | None:
    """What is executed (the object, the passive subject, the "of"-object) when it is no person: no political
    or victim mark, no name, no count of people, no word of PEOPLE."""
    for obj in _objects(head, ("of",)):
        person = (political[obj.i] or obj.tag_ in PROPER or _is(obj, lemmas, PEOPLE)
                  or any(c.dep_ == "nummod" for c in obj.children)
                  or (lemmas[obj.i] in COUNTS and any(  # "executed hundreds of Yazidi men"
                      p.dep_ == "prep" and p.lower_ == "of" for p in obj.children)))
        if not person:
            return obj.lower_
    return None


def _money_fund(head: Token, lemmas: Sequence[str]) -> str | None:
    """The fund is a kind of money held ("public funds", "a pension fund") or what a crime takes ("embezzling
    funds")."""
    kind = next((c.lower_ for c in head.children if c.dep_ in MODIFIER_DEPS and lemmas[c.i] in FUND_KINDS), None)
    if kind is not None:
        return f"{kind} funds"
    if head.dep_ in ("dobj", "nsubjpass") and lemmas[head.head.i] in CRIMES:
        return f"the funds of a crime ({lemmas[head.head.i]})"
    return None


def _way(head: Token) -> list[Token]:
    """The "way" a verb makes ("battled its way into the finals"), whose prepositions say where to."""
    return [c for c in head.children if c.dep_ == "dobj" and c.lower_ == "way"]


def _resignation(start: int, end: int, lemmas: Sequence[str]) -> bool:
    """The trigger is a resignation: "resigned", "his resignation", "step down"."""
    words = [lemmas[i] for i in range(start, end)]
    return bool(set(words) & RESIGN_WORDS) or words[:2] == ["step", "down"]


def _headline_verb_before_object(doc: Doc, start: int, lemmas: Sequence[str]) -> bool:
    """A headline's verb the tagger read as a noun: "Greece and Turkey Sign Declaration on ..." (no article
    before it, the document signed right after it, as only a headline drops the article of either)."""
    return start + 1 < len(doc) and lemmas[start + 1] in SIGNED_DOCUMENTS and (
        start == 0 or doc[start - 1].tag_ not in ("DT", "PRP$", "POS", "JJ"))


def _verb_after_name(doc: Doc, start: int) -> bool:
    """A headline's verb in -s the tagger read as a noun, between a name and its object: "Kim Jong Un Hosts
    Russian Defence Minister In Pyongyang" (not "Fox News hosts said")."""
    return 0 < start < len(doc) - 1 and doc[start].lower_.endswith("s") and doc[start - 1].tag_ in PROPER \
        and doc[start + 1].tag_ in ("NNP", "NNPS", "JJ", "DT", "CD", "PRP$", "NNS")  # ("Thailand hosts talks")


def _captives_freed(head: Token, lemmas: Sequence[str], political: Sequence[int]) -> bool:
    """The trigger frees people whom a participle names as captured ("the schoolgirls abducted from Chibok
    were released", "freed the kidnapped workers"), or is that participle ("fishermen arrested for straying
    into Sri Lankan waters were freed"), and a state or an armed group is named in the release's own clause
    (not only by who reports it: "a man imprisoned for 30 years was freed ..., Governor Cuomo said" is a court's
    matter)."""
    if lemmas[head.i] in CAPTURES and head.dep_ in ("acl", "amod", "relcl"):
        release = _freeing_verb(head.head, lemmas)
        return release is not None and _names_a_side(release, political)
    if lemmas[head.i] not in RELEASES:
        return False
    freed = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    freed += [o for t in freed for p in t.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
    return _names_a_side(head, political) and any(
        lemmas[m.i] in CAPTURES for t in freed if not _is_animal(t, lemmas)
        for m in t.children if m.dep_ in ("acl", "amod", "relcl"))


def _freeing_verb(noun: Token, lemmas: Sequence[str]) -> Token | None:
    """The release that frees the noun (its object or passive subject, or their "of"-phrase: "82 of the girls")."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i != noun.head.i:
        noun = noun.head.head
    if noun.dep_ in ("dobj", "nsubjpass") and lemmas[noun.head.i] in RELEASES:
        return noun.head
    return None


def _names_a_side(clause: Token, political: Sequence[int]) -> bool:
    """A state or another strong political mark within the clause's own words."""
    return any(political[t.i] >= STRONG for t in clause.subtree)


def _subjunctive_clause(head: Token) -> bool:
    """The clause after "insisted (that)" asks for an act: its verb bare, with no auxiliary or modal ("insisted
    that Baghdad give inspectors access"); "insisted that the talks were going well" claims a fact. "Insist on"
    is a demand."""
    if any(c.dep_ == "prep" and c.lower_ == "on" for c in head.children):
        return True
    clause = next((c for c in head.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return False
    auxiliaries = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if auxiliaries:  # only the bare passive "be" asks: "insisted that China be brought into future talks"
        return len(auxiliaries) == 1 and auxiliaries[0].dep_ == "auxpass" and auxiliaries[0].lower_ == "be"
    # (a bare verb after a singular subject, which the tagger reads as a present: "that Baghdad give")
    return clause.tag_ == "VB" or (clause.tag_ == "VBP" and any(
        c.dep_ == "nsubj" and c.tag_ in ("NN", "NNP") for c in clause.children))


def _blamed_cause(head: Token, political: Sequence[int], lemmas: Sequence[str]) -> str | None:
    """What "blame" takes when it is a thing, not a party: its object a common noun no political or person word
    qualifies ("blaming overloading", "blamed the weather")."""
    for obj in (c for c in head.children if c.dep_ == "dobj"):
        if obj.tag_ in ("NN", "NNS") and not _in_phrase(obj, political) and not _among(lemmas[obj.i], PERSON_AGENTS):
            return obj.lower_
    return None


def _election_story(doc: Doc, lemmas: Sequence[str]) -> bool:
    """The sentence tells an election's campaign or count and nothing of force, protest or fraud (see
    ELECTION_SETTINGS)."""
    words = {lemmas[t.i] for t in doc} | {t.lower_ for t in doc}
    return bool(words & ELECTION_SETTINGS) and not words & (ELECTION_TROUBLE | WAR_SETTINGS)


def _contested_prize(doc: Doc, head: Token, lemmas: Sequence[str]) -> str | None:
    """What a battle or a fight is for, when that is an election's or a game's prize and the sentence names
    the election or the game (see CONTEST_PRIZES)."""
    prize = next((lemmas[o.i] for p in head.children if p.dep_ == "prep" and p.lower_ == "for"
                  for o in p.children if o.dep_ == "pobj" and _among(lemmas[o.i], CONTEST_PRIZES)), None)
    if prize is None or any(lemmas[t.i] in WAR_SETTINGS for t in doc):
        return None
    named = any(lemmas[t.i] in CONTEST_SETTINGS or t.lower_ in CONTEST_SETTINGS for t in doc) or any(
        t.lower_ == "round" and t.i >= 2 and doc[t.i - 1].text == "-" and doc[t.i - 2].lower_ in ROUNDS for t in doc)
    return prize if named else None


def _space_probe(head: Token, lemmas: Sequence[str]) -> bool:
    """The probe is a spacecraft: a space word modifies it ("the lunar probe", "a NASA probe"), or it lands,
    orbits, returns or reaches somewhere; never a probe "of", "into" or "on" something (an inquiry)."""
    if any(c.dep_ == "prep" and c.lower_ in ("of", "into", "on", "over") for c in head.children):
        return False
    if any((c.dep_ in MODIFIER_DEPS or c.dep_ == "poss") and c.lower_ in SPACE_WORDS for c in head.children):
        return True
    return head.dep_ == "nsubj" and lemmas[head.head.i] in SPACE_MOTIONS


def _journey(head: Token, political: Sequence[int], lemmas: Sequence[str]) -> bool:
    """The return is someone's journey, not a concession (see TRAVELLERS): nothing is returned (no object; for
    the noun, no "of"), it is not to talks, base or office, and who returns is a leader or no political actor."""
    verb = head.pos_ == "VERB" or head.tag_.startswith("VB")
    if any(c.dep_ in ("dobj", "nsubjpass") if verb else (c.dep_ == "prep" and c.lower_ == "of") for c in head.children):
        return False
    if any(_among(lemmas[o.i], PEACE_RETURNS) for o in _objects(head, ("to",))):
        return False
    subjects = [c for c in head.children if c.dep_ == "nsubj"] if verb else [
        c for c in head.children if c.dep_ == "poss"]
    # (who returns: a leader or a spacecraft, or no political actor anywhere in the phrase: "the US chargé
    # d'affaires" is an envoy, "President Boris Yeltsin" a leader)
    return all(any(lemmas[t.i] in TRAVELLERS or t.lower_ in TRAVELLERS for t in c.subtree)
               or not any(political[t.i] for t in c.subtree) for c in subjects)


def _struck_thing(head: Token, lemmas: Sequence[str]) -> str | None:
    """What "strike" takes is no target: a tone or a deal, or a law a court strikes down."""
    down = any(c.dep_ == "prt" and c.lower_ == "down" for c in head.children)
    for obj in (c for c in head.children if c.dep_ in ("dobj", "nsubjpass")):
        if lemmas[obj.i] in STRUCK_THINGS or obj.lower_ in STRUCK_THINGS:  # (the lemma of "understanding")
            return f"a {obj.lower_}"
        if down and lemmas[obj.i] in STRUCK_DOWN:
            return f"down a {obj.lower_}"
    return None


def _relief_purpose(head: Token, lemmas: Sequence[str]) -> str | None:
    """The trigger's purpose clause ("to help fight wildfires", "to help with flood relief") names a disaster
    or relief work: the deployment is help, not a show of force ("to turn Seoul into a sea of fire" is none)."""
    for clause in head.children:
        if clause.dep_ in ("advcl", "xcomp") and lemmas[clause.i] in RELIEF_VERBS and any(
                t.lower_ == "to" and t.dep_ == "aux" for t in clause.children):
            found = next((lemmas[t.i] for t in clause.subtree
                          if (t.tag_.startswith("NN") or t.tag_ in ("VBN", "JJ"))  # "from flooded districts"
                          and (lemmas[t.i] in NATURAL_CAUSES or lemmas[t.i] in HELPERS or lemmas[t.i] in MINES)),
                         None)
            if found is not None:
                return found
    return None


def _goal_domain(head: Token, lemmas: Sequence[str]) -> str | None:
    """The object of the trigger's infinitive complement is a topic of another domain ("pledged to cut carbon
    emissions", "promised to build housing")."""
    for comp in head.children:
        if comp.dep_ == "xcomp":
            for obj in comp.children:
                if obj.dep_ == "dobj" and (found := _domain_of(obj, lemmas)) in OTHER_TOPICS:
                    return found
    return None


def _legal_charge(head: Token, lemmas: Sequence[str], political: Sequence[int]) -> str | None:
    """The trigger names what a court tries a private person for: "convicted a former officer in the killing
    of a neighbour", "charged with assault", "pleaded guilty to attacking"; not a state or an armed actor tried
    ("the court convicted Turkey of destroying homes", "soldiers convicted of killing protesters")."""
    token = head
    if token.dep_ == "dobj" and token.head.dep_ == "pcomp":
        token = token.head  # "convicted a trader of selling counterfeit medicines": the gerund is the charge
    if token.dep_ == "compound" and lemmas[token.head.i] in LEGAL_WORDS and not any(
            political[i] and not any(g.lower_ in FORMER for g in token.doc[i].children)
            for p in token.head.children if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children for i in _expand(o)):
        return lemmas[token.head.i]  # "upheld the murder conviction of a former town mayor"
    for _ in range(3):  # the trigger, or the noun it modifies, hangs from the preposition of a legal word
        if token.dep_ == "relcl" and token.head.i != token.i:
            token = token.head  # "for the murder of his former partner, whom he shot dead": told of the charge
            continue
        if token.dep_ in ("pobj", "pcomp") and token.head.dep_ == "prep" and token.head.lower_ in CHARGE_PREPS:
            holder = token.head.head
            words = [holder, holder.head]
            if holder.head.dep_ == "prep":  # "jails man for 40 years over the murder of a taxi driver"
                words.append(holder.head.head)
            for word in words:
                if lemmas[word.i] in LEGAL_WORDS:
                    tried = [c for w in (word, holder) for c in w.children
                             if c.dep_ in ("dobj", "nsubjpass", "appos", "nsubj") and political[c.i]
                             and lemmas[c.i] not in COURTS]  # (the court that convicts is no party tried)
                    private = all(any(g.lower_ in FORMER for g in c.children) for c in tried)
                    return lemmas[word.i] if private else None
            return None
        if token.dep_ not in ("compound", "amod", "nmod") or token.head.i == token.i:
            return None
        token = token.head
    return None


def _private_commentary(head: Token, political: Sequence[int], lemmas: Sequence[str],
                        headline: bool = False) -> str | None:
    """The trigger lies in what a private person's commentary is about: a verb of mockery or criticism above it
    has a person's full name for subject that no mark covers ("Dana Reyes rips the minister over his threat
    to invade", "Olu Adeyemi takes aim at the president's plan to send troops"). A comedian's or a celebrity's
    take on an event is no event; a private witness's report ("a shopkeeper said soldiers shelled the
    market") still is, and so is a leader's named by surname alone ("Erdogan slams Israel over strikes")."""
    for verb in head.ancestors:
        if lemmas[verb.i] not in COMMENTARY and not (
                lemmas[verb.i] in TAKE_VERBS and any(_is(c, lemmas, TAKEN_SHOTS) for c in verb.children)):
            continue
        for subject in (c for c in verb.children if c.dep_ == "nsubj" and c.i != head.i):  # ("truck bombs ripped
            name = [subject, *(c for c in subject.children if c.dep_ == "compound")]  # through" is no critic's)
            # a person's full name ("Dana Reyes"); news names leaders by surname ("Erdogan slams ...")
            if len(name) >= 2 and subject.tag_ in PROPER | PLURAL_NOUNS and not any(political[t.i] for t in name):
                return lemmas[verb.i]
            if lemmas[subject.i] in PRIVATE_CROWDS and not political[subject.i]:
                return lemmas[verb.i]  # "celebrities react to ...", "late-night hosts mock ..."
    # A Title Case headline the parser misreads ("Dana Reyes Mocks Senator's Threat ...": the verb tagged a
    # name): a full name opening it, then a verb of commentary, or an opinion had ("Jimmy Kimmel Has A Brutal
    # Theory About ..."), before the trigger. Only in a headline: a lede's "Masoud Pezeshkian has a question for
    # Washington after Israel struck ..." reports the strike.
    if headline and head.i > 2 and all(head.doc[i].tag_ in PROPER and not political[i] for i in (0, 1)) and (
            lemmas[2] in COMMENTARY or (lemmas[2] in HAVE_VERBS and any(
                _is(head.doc[k], lemmas, OPINIONS) for k in range(3, min(head.i, 7))))):
        return lemmas[2]
    return None


def _own_member(head: Token, political: Sequence[int], lemmas: Sequence[str]) -> str | None:
    """Who the trigger punishes (its object or passive subject; a headline's "Officers Punished") is a member
    of a service named by no state or group beyond the service's own words ("military officers", "two police
    deputies"; not "Russian officers")."""
    patients = _objects(head)
    if head.tag_ == "VBN" and not any(c.dep_ == "aux" for c in head.children):
        patients += [c for c in head.children if c.dep_ == "nsubj"]  # headline ellipsis of "were"
    for patient in patients:
        member = next((w for w in (lemmas[patient.i], patient.lower_) if w in PERSONNEL), None)
        if member is not None and not any(political[i] and lemmas[i] not in SERVICE_WORDS
                                          for i in _expand(patient) if i != patient.i):
            return member
    return None


def _crime_word(doc: Doc, lemmas: Sequence[str]) -> str | None:
    """A word of ordinary crime in the sentence (see CRIMES)."""
    return next((lemmas[t.i] for t in doc if lemmas[t.i] in CRIMES or t.lower_ in CRIMES), None)


def _agency_domain(doc: Doc, pol_sources: Sequence[int], political: Sequence[int],
                   lemmas: Sequence[str]) -> str | None:
    """Every political agent of the act is an authority of another domain ("health officials declared a state
    of emergency", "the transport ministry restricted ..."): its measure is that domain's, not repression."""
    agents = [i for i in pol_sources if doc[i].tag_.startswith("NN") and political[i] >= STRONG]
    domains = [next((lemmas[c.i] for c in doc[i].children if c.dep_ in ("compound", "amod")
                     and lemmas[c.i] in AGENCY_DOMAINS), None) for i in agents]
    return domains[0] if agents and all(domains) else None


def _private_marks(doc: Doc, political: Sequence[int], lemmas: Sequence[str]) -> Sequence[int]:
    """The marks without agent nouns that are a private person's given name ("Rebel Wilson": a person noun
    that is no title, first in a proper name none of whose other words is political), nor states that are an
    athlete's nationality ("Iran's wrestlers"), nor whose relative someone is ("the mayor's nephew"), nor the
    pronouns that stage one marked after them ("the
    Ukrainian boxer attacked his opponent"), nor an army or a troop of other people ("an army of volunteers",
    "a scout troop"), nor a verb whose lemma is an agent noun ("the storm forced thousands to flee")."""
    cleared = {i for i, mark in enumerate(political) if mark >= STRONG and
               (_given_name(doc[i], political, lemmas) or _nationality_of_athlete(doc[i], lemmas)
                or _kin_of(doc[i], lemmas) or _host_of_others(doc[i], political, lemmas)
                or (doc[i].tag_.startswith("VB") and lemmas[i] in GENERIC_AGENTS))}  # "forced staff to": a verb
    if not cleared:
        return political
    out = list(political)
    last_cleared = False  # the nearest political word before is one of the cleared
    for i, mark in enumerate(political):
        if i in cleared:
            out[i], last_cleared = 0, True
        elif mark >= STRONG and doc[i].lower_ in PRONOUNS:
            out[i] = 0 if last_cleared else mark
        elif mark >= STRONG:
            last_cleared = False
    return out


def _without_owners_of_firms(doc: Doc, political: Sequence[int], lemmas: Sequence[str]) -> Sequence[int]:
    """In a sentence of ordinary crime, a state word that only says whose a firm or its customers are ("stolen
    from a Vietnamese retailer", "a Dutch company's customers") is no political party to the act."""
    owners = [i for i, mark in enumerate(political) if mark and doc[i].dep_ in ("amod", "compound", "poss")
              and doc[i].head.i != i and lemmas[doc[i].head.i] in PRIVATE_ORGS]
    if not owners:
        return political
    out = list(political)
    for i in owners:
        out[i] = 0
    return out


def _animal_subject(head: Token, political: Sequence[int], lemmas: Sequence[str]) -> str | None:
    """The verb's subject noun (or what it is made of: "swarms of locusts") is an animal or a pest, and nothing
    political qualifies it ("an Israeli military dog attacked" is the army's act; "Turkey will allow" a state)."""
    for subject in (c for c in head.children if c.dep_ == "nsubj"):
        if any(political[i] for i in _expand(subject)):
            continue
        nouns = [subject, *(o for p in subject.children if p.dep_ == "prep" and p.lower_ == "of"
                            for o in p.children if o.dep_ == "pobj"),
                 *(c for c in subject.children if c.dep_ == "compound")]  # "a lionfish invasion threatens"
        found = next((lemmas[t.i] for t in nouns if _is_animal(t, lemmas)), None)
        if found is not None:
            return found
    return None


def _is_animal(token: Token, lemmas: Sequence[str]) -> bool:
    """An animal or a pest named by a common noun ("locusts", "a dog"; "Turkey" and "the Navy SEALs" are names)."""
    return token.tag_ in ("NN", "NNS") and _among(lemmas[token.i], ANIMALS)


def _owner_of_firm(token: Token, lemmas: Sequence[str]) -> bool:
    """A state's name or adjective (any mark but an agent noun) that only says whose the acting firm, trade or
    workers are ("Japan's wagyu producers will host", "Chinese carmakers launched", "Britain's largest rail
    operator"): no state acts. Only on the agent's side: what is done to a state's firms ("sanctioned Russian
    banks") still has the state's side."""
    while token.dep_ == "conj" and token.head.i != token.i:  # "Brazilian and Argentine exporters"
        token = token.head
    if token.dep_ not in ("poss", "amod", "compound") or token.head.i == token.i or lemmas[token.i] in GENERIC_AGENTS:
        return False
    owned = token.head
    for _ in range(2):  # "Brazilian beef exporters", "activist investor Elliott Management": along the compounds
        if _among(lemmas[owned.i], OWNED) or owned.dep_ != "compound" or owned.head.i == owned.i:
            break
        owned = owned.head
    if any(lemmas[c.i] in STATE_RUN or c.lower_ in STATE_RUN for c in owned.children):
        return False  # "Russia's state arms exporter": a state's firm acts for it
    return owned.tag_ not in PROPER and _among(lemmas[owned.i], OWNED)  # "the European Union" is no union of workers


def _host_of_others(token: Token, political: Sequence[int], lemmas: Sequence[str]) -> bool:
    """"An army of bell-ringers", "troops of fans", "a scout troop": a host of private people, no force."""
    if lemmas[token.i] not in HOSTS_OF_PEOPLE:
        return False
    if any(c.dep_ == "compound" and lemmas[c.i] in YOUTH_GROUPS for c in token.children):
        return True
    members = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
               if o.dep_ == "pobj"]
    return bool(members) and not any(political[o.i] >= STRONG or lemmas[o.i] in ARMED_PEOPLE for o in members)


def _kin_of(token: Token, lemmas: Sequence[str]) -> bool:
    return token.dep_ == "poss" and token.head.i != token.i and lemmas[token.head.i] in KIN


def _nationality_of_athlete(token: Token, lemmas: Sequence[str]) -> bool:
    """A state's word that says whose athletes, farmers or fans they are ("Polish farmers complained"); not a
    political side's ("opposition supporters rioted", "government supporters attacked the marchers")."""
    return token.dep_ in ("poss", "amod", "compound") and token.head.i != token.i \
        and lemmas[token.i] not in POLITICAL_SIDES and (
        lemmas[token.head.i] in ATHLETES or _among(lemmas[token.head.i], PRIVATE_GROUPS))


def _given_name(token: Token, political: Sequence[int], lemmas: Sequence[str]) -> bool:
    head = token.head
    return (token.dep_ == "compound" and head.i != token.i and token.tag_ in PROPER and head.tag_ in PROPER
            and token.text[:1].isupper() and lemmas[token.i] in PERSON_AGENTS and not political[head.i]
            and not any(political[c.i] for c in head.children if c.dep_ == "compound" and c.i != token.i))


def _span_head(doc: Doc, start: int, end: int) -> Token:
    """The trigger token whose head lies outside the span (the span's syntactic head)."""
    for i in range(start, end):
        token = doc[i]
        if not start <= token.head.i < end or token.head.i == i:
            return token
    return doc[start]


def _work_subject(head: Token, lemmas: Sequence[str]) -> str | None:
    """The work whose subject the trigger is ("a film about the siege", "an exhibition on the Cold War's bunkers",
    "a book on the invasion") or in whose story it happens ("In the game, players plan ambushes")."""
    token = head
    while token.head.i != token.i:
        parent = token.head
        if token.dep_ == "prep" and token.lower_ in ("on", "about") and _among(lemmas[parent.i], WORKS_ABOUT):
            return parent.lower_
        if token.dep_ in ("ccomp", "parataxis") or (token.dep_ == "conj" and parent.tag_.startswith("VB")):
            break  # another clause: "a museum on the war opened as Russia shelled Kyiv" reads the shelling
        token = parent
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "in" and prep.i < head.i:
            stories = [o for o in prep.children if o.dep_ == "pobj" and _among(lemmas[o.i], FICTION_SETTINGS)
                       and any(d.lower_ in ("the", "this", "that") for d in o.children)]
            if stories:
                return stories[0].lower_
    return None


def _other_sense(doc: Doc, start: int, end: int, head: Token, lemmas: Sequence[str]) -> str | None:
    tokens = doc[start:end]
    if end - start == 1 and head.dep_ == "amod" and lemmas[head.i] == HUMANITARIAN \
            and _among(lemmas[head.head.i], PAUSES):
        return f"the kind of a {head.head.lower_}, no aid"  # "shattering a humanitarian truce"
    if lemmas[head.i] == MEET and head.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in head.children) \
            and any(c.dep_ == "prep" and c.lower_ == "with" and not any(
                _among(lemmas[o.i], RECEPTIONS) for o in c.children) for c in head.children):
        return "a response met with, no meeting"  # "they will be met with fire and fury", "was met with tear gas"
    if lemmas[head.i] == TAKE and end - start == 3 and any(
            _among(lemmas[o.i], WON_CONTROLS) for o in doc[end - 1].children if o.dep_ == "pobj") \
            and not _armed_subject(head, lemmas):  # ("mutinous soldiers took control of parliament" seized it)
        return "control won in a vote or a market"  # "the opposition took control of parliament"
    if lemmas[head.i] == CROSS and any(c.dep_ in ("nsubj", "nsubjpass") and any(
            _among(lemmas[t.i], CROSSERS) for t in c.subtree) for c in head.children) \
            and not _armed_subject(head, lemmas):  # ("a Russian military convoy crossed into Ukraine")
        return "people or goods crossing, no incursion"  # "refugees crossed into Poland", "the convoy crossed into"
    if doc[start].lower_ in FREEING and doc[start].dep_ == "amod" and doc[start].head.i > start \
            and doc[start].head.tag_.startswith("NN") and doc[start].head.i <= end \
            and lemmas[doc[start].head.head.i] not in HANDOVERS:  # (not "the freed soldiers were brought home")
        return "people freed earlier, named by it"  # "the freed soldiers showed signs of malnutrition"
    if lemmas[head.i] == MEET and head.tag_.startswith("VB") and any(
            c.dep_ == "dobj" and _among(lemmas[c.i], MET_OPPOSITION) for c in head.children):
        return "opposition met, no meeting"  # "the rebels took Bukavu, meeting little resistance"
    if lemmas[head.i] == MEET and head.tag_.startswith("VB") and any(
            c.dep_ == "dobj" and _among(lemmas[c.i], CRAFT) for c in head.children):
        return "a flight or a ship met on arrival, no meeting"  # "police met the flight from Denver"
    if lemmas[head.i] in INVADING and any(c.dep_ == "nsubj" and _among(lemmas[c.i], PRIVATE_ORGS)
                                          for c in head.children):
        return "a firm's expansion, no invasion"  # "a Brazilian steakhouse chain invades American suburbs"
    if end - start == 1 and lemmas[head.i] == LIFT and head.tag_.startswith("VB") and (objects := [
            c for c in head.children if c.dep_ == "dobj"]) and not any(_among(lemmas[o.i], LIFTED_MEASURES)
                                                                        for o in objects):
        return f"a {objects[0].lower_} lifted, no measure"  # "officers lifted the grate", "lifted the trophy"
    if end - start == 1 and lemmas[head.i] in FIGHTING_NAMES and head.dep_ in ("compound", "amod", "nmod") \
            and head.head.i != head.i and _among(lemmas[head.head.i], WEAPONS) \
            and _transferred(head.head, lemmas):  # (not "Russian battle tanks rolled into Kyiv")
        return f"a weapon's name ('{head.lower_} {head.head.lower_}')"  # "the delivery of Leopard 2 battle tanks"
    if lemmas[head.i] == HOST and head.tag_.startswith("VB") and (hosted := _object_in(
            head, lemmas, HOSTED_RESIDENTS, None)) is not None:
        return f"{hosted} housed, no meeting hosted"  # "Qatar hosts Al Udeid, the largest US military base"
    if doc[start].lower_ == TRADING and end - start == 1 and doc[start].tag_ == "NN" \
            and doc[start].dep_ in ("pobj", "nsubj"):
        return "a market's trading, no trade between parties"  # "firmed 2 percent in Moscow trading"
    if head.dep_ == "compound" and _among(lemmas[head.head.i], WORKING_BODY_HEADS) \
            and lemmas[head.head.head.i] not in SETTING_UP and not _peace_document(head, lemmas):
        return f"a body's name ('{head.lower_} {head.head.lower_}')"  # "the opposition's coordination council"
    if _speakers_body(head, lemmas):
        return "the body a speaker speaks for, no event"  # "a spokesman for the UN peacekeeping mission said"
    if lemmas[head.i] in RECOGNISING and any(c.lower_ in STANDING_ADVERBS for c in head.children):
        return "a standing described, no act of recognition"  # "internationally recognised as part of Azerbaijan"
    if end - start == 1 and lemmas[head.i] in CAPTIVE_WORDS and head.dep_ in ("nsubjpass", "dobj", "nsubj") \
            and lemmas[head.head.i] in LETTING_GO:
        return "captives let go, no hostage-taking"  # "the hostages were handed over to the Red Cross"
    if lemmas[head.i] == BRAND and head.tag_.startswith("NN"):
        return "a brand, no branding of a party"  # "the party's brand"
    if (work := _work_subject(head, lemmas)) is not None:
        return f"what a {work} is about or plays, no event"  # "an exhibition on the Cuban missile crisis"
    # (the trigger's own head: "received Palestinian President Mahmoud Abbas" is a reception, not a name)
    if head.tag_ in PROPER and any(t.tag_ in PROPER and t.text[:1].isupper() for t in tokens) \
            and _in_name(doc, start, end):  # (a word in lower case is in no name: "forces under Mladic overran")
        return "part of a name"
    if end - start == 1 and (head.tag_ in FUNCTION_TAGS or head.dep_ == "prep"):
        return "a preposition"
    if start >= 2 and doc[start - 1].lower_ == "-" and doc[start - 2].lower_ in ANTI \
            and _among(lemmas[head.head.i], ANTI_MEASURES):
        return f"the name of a measure against it ('{doc[start - 2].lower_}-{head.lower_}')"  # "anti-terror law"

    if start >= 2 and doc[start - 2].lower_ == "let" and doc[start - 1].lower_ in ("'s", "us"):
        return "the writer's invitation to the reader"  # "Let's talk about ...", "let us discuss"
    if lemmas[head.i] == MINISTERIAL and head.dep_ == "amod" and lemmas[head.head.i] not in MINISTERIAL_MEETINGS:
        return f"a minister's {head.head.lower_}, no meeting"  # "ministerial nominees", "a ministerial post"
    if lemmas[head.i] in MEETING_WORDS and head.dep_ == "pobj" and head.head.lower_ in ("at", "during") \
            and head.head.head.tag_.startswith("VB") and lemmas[head.head.head.i] not in MEETING_WORDS \
            and not any(p.dep_ == "prep" and p.lower_ in ("with", "between") for p in head.children) \
            and not any(lemmas[c.i] in PEACE_MEETINGS for c in head.children if c.dep_ in MODIFIER_DEPS) \
            and not _joint_subject(head.head.head):  # ("Xi and Biden shook hands at a meeting in Bali")
        return "the setting of what was done there"  # "the Arab League, at an emergency meeting ..., condemned"
    if end - start == 1 and lemmas[head.i] in ASSEMBLIES and head.tag_.startswith("NN") and (
            (head.dep_ == "nsubj" and lemmas[head.head.i] in ASSEMBLY_WORDS)
            or (head.dep_ in ("dobj", "dative") and lemmas[head.head.i] in ADDRESSING)):
        return "a meeting as speaker or audience"  # "the summit called for Bazoum's release", "Tinubu told the summit"
    if lemmas[head.i] in MEETING_WORDS and (body := _own_session(head, lemmas)) is not None:
        return f"a session of the {body}, not talks"
    if lemmas[head.i] == SETTLEMENT and _settled_place(head, lemmas):
        return "a settlement that is a place, not an agreement"
    if end + 1 < len(doc) and doc[end].text in ("-", "–") and doc[end + 1].lower_ in GOERS:
        return "part of a person's noun ('rally-goers')"
    if lemmas[start] in DRILLS and start > 0 and lemmas[start - 1] in CIVIL_DRILL_KINDS:
        return f"a civil drill: a {doc[start - 1].lower_} drill"  # read off the words: the parse often errs here
    if end - start == 1 and lemmas[start] in WEATHER_NOUNS and head.tag_.startswith("NN") and (
            head.dep_ == "compound" or head.lower_ in WEATHER_NOUNS or head.lower_[:-1] in WEATHER_NOUNS):
        return f"the weather noun {head.lower_!r}"  # "a storm drain", "storm chasers", "a storm killed three"
    if head.dep_ == "compound" and head.head.i != head.i and _among(lemmas[head.head.i], ROLE_NOUNS):
        return f"part of a post's name: {head.lower_} {head.head.lower_}"  # "operations chiefs", "sanctions envoy"
    if end - start == 1 and lemmas[start] == TRADE and head.dep_ == "compound" and head.head.i != head.i \
            and _among(lemmas[head.head.i], TRADE_THINGS):
        return f"a trade's {head.head.lower_}, no trade between parties"  # "the trade surplus widened"
    if end - start == 1 and lemmas[start] == TRADE and head.tag_.startswith("NN") and head.dep_ == "nsubj" \
            and lemmas[head.head.i] in FIGURE_MOVES:
        return f"a trade figure that {head.head.lower_}"  # "two-way trade between China and Brazil rose 7 percent"
    if end - start == 1 and lemmas[start] in CREDIT_WORDS and head.dep_ == "compound" and head.head.i != head.i \
            and lemmas[head.head.i] in CREDIT_PRODUCTS:
        return f"a consumer's {head.lower_} {head.head.lower_}, no aid"  # "credit card interest rates hit a record"
    if any(lemmas[i] == OFFENSIVE and i > 0 and lemmas[i - 1] == CHARM for i in range(start, end)):
        return "an idiom: a charm offensive courts, it attacks no one"
    if end - start == 1 and lemmas[start] in VERB_ONLY and not head.tag_.startswith("VB") \
            and head.lower_ not in NOUN_FORMS_KEPT and not _headline_verb_before_object(doc, start, lemmas) \
            and not _verb_after_name(doc, start):
        return f"the noun {head.lower_!r}"
    if lemmas[head.i] == COLLISION and (prep := next((c.lower_ for c in head.children if c.dep_ == "prep"
                                                      and c.lower_ in COLLISION_PREPS), None)) is not None \
            and not any(lemmas[t.i] in ATTACK_CUES for c in head.children if c.dep_ in ("nsubj", "nsubjpass")
                        for t in c.subtree):
        return f"an impact: '{head.lower_} {prep}' something, no words against anyone"  # "the storm slammed into"
    return None


def _harmed(bearer: Token, lemmas: Sequence[str]) -> bool:
    """The noun is the subject, object or passive subject of a verb of harm (HARM_VERBS)."""
    return bearer.dep_ in ("nsubj", "nsubjpass", "dobj") and lemmas[bearer.head.i] in HARM_VERBS


def _match_score(doc: Doc, lemmas: Sequence[str]) -> bool:
    """A score ("3-1") within four tokens of a result word ("beat", "won", "a 2-0 win"), in a sentence naming a
    sport or a team; a casualty range ("killed 10-15 soldiers") is none."""
    if not SCORE.search(doc.text) or not any(_is(t, lemmas, SPORT_WORDS) for t in doc):
        return False
    for t in doc:
        if t.like_num and t.i + 2 < len(doc) and doc[t.i + 1].text in ("-", "–") and doc[t.i + 2].like_num:
            near = range(max(0, t.i - 4), min(len(doc), t.i + 7))
            if any(_is(doc[k], lemmas, RESULT_WORDS) for k in near):
                return True
        elif SCORE.fullmatch(t.text) and any(_is(doc[k], lemmas, RESULT_WORDS)
                                             for k in range(max(0, t.i - 4), min(len(doc), t.i + 5))):
            return True
    return False


def _industrial_blast(doc: Doc, lemmas: Sequence[str]) -> str | None:
    """A blast or an explosion at an industrial site, in a sentence naming no bomb, attack or armed agent."""
    if any(lemmas[t.i] in ATTACK_CUES for t in doc):
        return None
    for t in doc:
        if lemmas[t.i] in BLASTS:
            for p in t.children:
                if p.dep_ == "prep" and p.lower_ in ("at", "in"):
                    site = next((lemmas[o.i] for o in p.children if o.dep_ == "pobj" and lemmas[o.i] in SITES), None)
                    if site is not None:
                        return site
    return None


def _under_fire_in_words(doc: Doc, start: int, end: int, lemmas: Sequence[str],
                         political: Sequence[int]) -> str | None:
    """"Came under fire from critics over the budget": fire of words, by "private" critics or by a "political"
    one ("from the US over settlements": criticism); None for real fire ("the convoy came under fire near
    Kharkiv", "for several hours", "over Donetsk", "came under heavy fire from rebel positions")."""
    if not ({"under", "fire"} <= {lemmas[i] for i in range(start, end)}):
        return None
    verb = _span_head(doc, start, end)
    preps = [p for t in (verb, *verb.children) for p in t.children if p.dep_ == "prep"]
    critics = [o for p in preps if p.lower_ == "from" for o in p.children if o.dep_ == "pobj"]
    topics = [o for p in preps if p.lower_ in ("over", "for") for o in p.children if o.dep_ == "pobj"
              and o.tag_ not in PROPER and not political[o.i] and lemmas[o.i] not in TIME_WORDS
              and not any(c.dep_ == "nummod" for c in o.children)]
    if any(_strong_in_phrase(o, political) for o in critics):
        return "political" if topics else None
    if topics or any(_is(o, lemmas, CRITICS) for o in critics):
        return "private"
    return None


def _is(token: Token, lemmas: Sequence[str], words: frozenset[str]) -> bool:
    """The token's lemma or its written form is one of `words` (lists hold the form a reader knows)."""
    return lemmas[token.i] in words or token.lower_ in words


def _made_of_words(doc: Doc, start: int, end: int, head: Token, lemmas: Sequence[str],
                    political: Sequence[int]) -> bool:
    """The trigger is an attack done with words: a verbal modifier ("launched a scathing attack"), a speech its
    verb uses ("used her speech to attack"), or a speech it is made in ("attacked the West in a speech")."""
    if _under_fire_in_words(doc, start, end, lemmas, political) == "political":
        return True  # "came under fire from the US over the settlements": criticism, bound again as words
    attack = next((doc[i] for i in range(start, end) if lemmas[i] in ATTACK_WORDS), None)
    if attack is None:
        return False
    if any(c.dep_ == "amod" and c.lower_ in VERBAL_MODIFIERS for c in attack.children):
        return True
    if head.dep_ in ("xcomp", "advcl") and any(c.dep_ == "dobj" and lemmas[c.i] in SPEECH_MEDIA
                                               for c in head.head.children):
        return True
    return any(p.dep_ == "prep" and p.lower_ in SPEECH_PREPS and lemmas[o.i] in SPEECH_MEDIA
               for t in {head, attack} for p in t.children for o in p.children if o.dep_ == "pobj")


def _presence_withdrawn(head: Token, lemmas: Sequence[str], political: Sequence[int]) -> bool:
    """What the verb (its object or passive subject) or the noun ("the withdrawal of the monitors") withdraws
    is a cooperating presence (see PRESENCES)."""
    return any(_is(head.doc[i], lemmas, PRESENCES) for obj in _objects(head, ("of",)) for i in _expand(obj)) or any(
        _is(obj, lemmas, TIES) or (_body_acronym(obj) and political[obj.i])
        or (lemmas[obj.i] in BODY_HEADS and obj.tag_ in PROPER)  # "from the Economic Community of West African States"
        for p in head.children if p.dep_ == "prep" and p.lower_ == "from"
        for obj in p.children if obj.dep_ == "pobj")  # "withdrew from the treaty", "from the talks"


def _body_acronym(token: Token) -> bool:
    """An organisation's acronym: three or more capitals that are not a state's (see STATE_ACRONYMS)."""
    text = token.text
    return len(text) >= 3 and text.isupper() and text.isalpha() and text not in STATE_ACRONYMS


def _national_council(body: Token) -> bool:
    """A state's own council ("the national security council", "the National Defence Council"), not the UN's."""
    return body.lower_ in ("council", "committee") and any(c.lower_ == "national" for c in body.children)


def _own_session(head: Token, lemmas: Sequence[str]) -> str | None:
    """The meeting's subject (of "met", or of the verb holding "a meeting") is one body (OWN_BODIES) and it meets
    no one: no object, no "with"."""
    if head.tag_.startswith("VB") and lemmas[head.i] in HOLD_VERBS | MEETING_WORDS:
        # "convened a war cabinet meeting", "chaired a meeting of the national security council": the meeting held
        held = [c for c in head.children if c.dep_ == "dobj" and lemmas[c.i] in MEETING_WORDS]
        if held and (body := _own_session(held[0], lemmas)) is not None:
            return body
    if any(c.dep_ in MODIFIER_DEPS and lemmas[c.i] in OWN_BODIES for c in head.children) and not any(
            c.dep_ == "prep" and c.lower_ in ("with", "between") for c in head.children):
        return next(lemmas[c.i] for c in head.children if lemmas[c.i] in OWN_BODIES)  # "the new parliament session"
    if head.tag_.startswith("NN") and not any(c.dep_ == "prep" and c.lower_ in ("with", "between")
                                              for c in head.children):
        # "chaired a meeting of the federal cabinet", "at its next meeting" (a bank's, a board's): one body
        of = [o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
              if o.dep_ == "pobj" and (lemmas[o.i] in OWN_BODIES or _national_council(o))
              and not any(c.lower_ in JOINT for c in o.children)]
        if of and not _joint_subject(head):  # ("India and China held a meeting of the border committee")
            return lemmas[of[0].i]
        if any(c.dep_ == "poss" and c.lower_ == "its" for c in head.children) and not _joint_subject(head):
            return "body that holds it"
    verb = head.head if head.dep_ == "dobj" and lemmas[head.head.i] in HOLD_VERBS else head
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and lemmas[head.head.head.i] in MEETING_WORDS:
        verb = head.head.head  # "met in closed session"
    if any(c.dep_ in ("dobj", "dative") and c.i != head.i for c in verb.children) or any(
            c.dep_ == "prep" and c.lower_ in ("with", "between") for w in (verb, head) for c in w.children):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) != 1 or any(c.dep_ == "conj" for c in subjects[0].children):
        return None
    subject = subjects[0]
    if subject.tag_ == "NNS" or any(c.lower_ in JOINT for c in subject.children):
        return None  # "the warring parties met", "the joint military committee met": parties meet
    return next((w for w in (lemmas[subject.i], subject.lower_) if w in OWN_BODIES), None)


def _defused_thing(head: Token, lemmas: Sequence[str]) -> str | None:
    """The ordnance named within a few words after "defused", read off the words (the parse often makes the
    bomb the subject of a participle after it: "defused an unexploded 500-kg bomb found on a site")."""
    for token in head.doc[head.i + 1:head.i + 7]:
        if token.is_punct and token.text not in ("-", "–"):
            return None
        if lemmas[token.i] in ORDNANCE:
            return lemmas[token.i]
    return None


def _with_private_party(head: Token, political: Sequence[int]) -> bool:
    """The trigger (or the verb it is the object of) has a "with" party that names no political actor."""
    holders = [head] + ([head.head] if head.dep_ in ("dobj", "pobj") else [])
    holders += [c for c in head.children if c.dep_ == "dobj"]  # "negotiate a ceasefire with ..."
    parties = [o for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ == "with"
               for o in p.children if o.dep_ == "pobj"]
    return bool(parties) and not any(political[i] for o in parties for i in _expand(o))


def _permitted(head: Token, political: Sequence[int], lemmas: Sequence[str]) -> str | None:
    """The trigger is what a political actor lets another do (up a chain of complements and purpose clauses
    from "allow", "permit", "let" with a political subject and object); that subject's text, or None."""
    token = head
    for _ in range(4):
        if token.dep_ not in ("xcomp", "ccomp", "advcl", "dobj", "conj") or token.head.i == token.i:
            return None
        token = token.head
        if lemmas[token.i] in PERMITS and token.tag_.startswith("VB") and token.i < head.i:
            if any(c.dep_ == "neg" for c in token.children):
                return None  # "did not allow": a refusal
            subject = next((c for c in token.children if c.dep_ == "nsubj" and political[c.i] >= STRONG), None)
            allowed = any(c.dep_ in ("dobj", "nsubj") and c.i != (subject.i if subject else -1)
                          and political[c.i] >= STRONG and not _own_forces(c, political, lemmas)
                          for c in [*token.children, *head.children])  # (not "allowed police to fire")
            return subject.text if subject is not None and allowed else None
    return None


def _opposed(head: Token) -> bool:
    """The trigger is (within) the object of "against" or "protest at": "protest against the EU trade deal"."""
    token = head
    for _ in range(3):
        if token.dep_ not in ("pobj", "compound", "amod", "nmod") or token.head.i == token.i:
            return False
        token = token.head
        if token.dep_ == "prep" and token.lower_ == "against":
            return True
    return False


def _dateline_end(doc: Doc) -> int:
    """The first token after a dateline ("MEXICO CITY (AP) —", "GOMA, Congo (Reuters) -"), or 0: a dateline
    places the story, it is no party to it (the parser may make it the subject of the first verb)."""
    for token in doc[:DATELINE_REACH]:
        if token.text in DATELINE_DASHES and token.i > 0 and doc[token.i - 1].whitespace_:  # (not "UN-backed")
            before = doc[:token.i]
            if before[-1].text == ")" and len(before) >= 3 and before[-3].text == "(":
                return token.i + 1  # one word in brackets, an agency: "Berlin (dpa) -", "GOMA, Congo (Reuters) -"
            if before[0].text.isupper() and len(before[0].text) > 1 and all(
                    t.text.isupper() or t.is_punct or t.like_num or t.is_title for t in before) \
                    and "(" not in before.text:
                return token.i + 1  # "DHAKA —", "SAO PAULO, Brazil —" (not "RSF (Rapid Support Forces) —")
            return 0
        if not (token.text.isupper() or token.is_punct or token.like_num or token.is_title):
            return 0  # (a dateline is all names: "The Rapid Support Forces (RSF) — a paramilitary group — ...")
    return 0


def _named_partners(token: Token, political: Sequence[int]) -> bool:
    """The subject of the verb above `token` names two parties by name or people ("The US and Philippine
    navies", "Greece and Egypt"), not one state's services ("Chinese army and navy units", "two carriers")."""
    verb = token
    while verb.dep_ != "ROOT" and not verb.tag_.startswith("VB") and verb.head.i != verb.i:
        verb = verb.head
    parties = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    parties += [o for a in verb.children if a.dep_ == "agent" for o in a.children]  # "were held by the US and Japan"
    # (a state and its people's name are one party: "Russia" and "Russian", "China" and "Chinese")
    names = {t.lower_[:4] for c in parties for t in c.subtree if political[t.i] >= STRONG and t.text[:1].isupper()
             and t.lower_ not in GENERIC_AGENTS and t.lower_.rstrip("s") not in GENERIC_AGENTS}
    return len(names) >= 2


def _peace_document(head: Token, lemmas: Sequence[str]) -> bool:
    """The trigger is (or signs) a document of peace between parties: a treaty, a truce, a peace or border deal."""
    documents = [head] + [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")] if lemmas[head.i] == SIGN \
        else [head]
    return any(lemmas[d.i] in PEACE_DOCUMENTS or (_among(lemmas[d.i], SIGNED_DOCUMENTS) and any(
        lemmas[c.i] in PEACE_KINDS for c in d.children if c.dep_ in MODIFIER_DEPS)) for d in documents)


def _joint_subject(token: Token) -> bool:
    """The subject of the verb above `token` is several parties: "the joint committee of India and China held
    its first meeting"."""
    verb = token
    while verb.dep_ not in ("ROOT",) and not verb.tag_.startswith("VB") and verb.head.i != verb.i:
        verb = verb.head
    for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
        if any(t.lower_ in JOINT or t.dep_ == "conj" for t in subject.subtree):
            return True
    return False


def _settled_place(head: Token, lemmas: Sequence[str]) -> bool:
    """The settlement's modifiers, its "of"-object or the noun it modifies name settlers or building; or it is
    a plural ("its settlements") or a named one ("the settlement of Yitzhar") with no word of peace."""
    if not any(lemmas[c.i] in AGREED_SETTLEMENTS for c in head.children) and (head.tag_ == "NNS" or any(
            o.tag_ in PROPER for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children)):
        return True
    words = [c for c in head.children if c.dep_ in MODIFIER_DEPS]
    words += [o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    if head.dep_ in MODIFIER_DEPS and head.head.i != head.i:
        words.append(head.head)
    return any(lemmas[w.i] in SETTLED_PLACE_WORDS or w.lower_ in SETTLED_PLACE_WORDS for w in words)


def _in_name(doc: Doc, start: int, end: int) -> bool:
    """A proper noun chained by `compound` to another proper noun outside the span: "Taylor Swift"."""
    for i in range(start, end):
        token = doc[i]
        if token.tag_ not in PROPER:
            continue
        if token.dep_ == "compound" and not start <= token.head.i < end and token.head.tag_ in PROPER:
            return True
        if any(c.dep_ == "compound" and c.tag_ in PROPER and not start <= c.i < end for c in token.children):
            return True
    return False


def _commentator(head: Token, lemmas: Sequence[str], political: Sequence[int]) -> str | None:
    """The kind of commentator (analyst, expert, scholar) whose statement or view holds the trigger, or None:
    what commentators say is analysis and forecast, not an event a party did ("Analysts said both sides were
    trying to avoid a deadly incident")."""
    token = head
    for _ in range(MAX_ANCESTORS):
        if token.head.i == token.i:
            return None
        verb = token.head
        if token.dep_ == "ccomp" and lemmas[verb.i] in VIEW_VERBS:
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subjects and verb.dep_ in ("advcl", "xcomp", "conj"):  # "..., noting that the two sides had yet"
                subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
            if subjects and all(lemmas[c.i] in COMMENTATORS and not any(
                    political[i] and not _located(c.doc[i]) for i in _expand(c)) for c in subjects):
                # ("analysts in Islamabad" are commentators where they are; not when they report what a side did:
                # "analysts said Russian forces shelled Kharkiv overnight")
                return None if _side_did(token, head, political, lemmas) else lemmas[subjects[0].i]
        token = verb
    return None


def _peace_content(doc: Doc, start: int, end: int, lemmas: Sequence[str]) -> bool:
    """Beside the trigger, the sentence's plan or proposal is one of peace: a truce, a hostage or prisoner release
    ("accepted the latest proposal for a hostage release"), not a policy."""
    return any(lemmas[t.i] in PEACE_WORDS for t in doc if not start <= t.i < end)


def _side_did(clause: Token, head: Token, political: Sequence[int], lemmas: Sequence[str]) -> bool:
    """The clause tells an act of a political side: a past, perfect or progressive verb ("shelled", "has moved
    tanks", "are attacking ships") whose subject is political."""
    auxiliaries = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    past = (clause.tag_ == "VBD" and lemmas[clause.i] not in ("have", "be")) or (  # (not "had yet to agree")
        clause.tag_ == "VBN" and not auxiliaries.isdisjoint(("had", "has", "have"))) or (
        clause.tag_ == "VBG" and not auxiliaries.isdisjoint(("is", "are", "was", "were")))  # "are attacking ships"
    # (the act is the trigger itself or what it does: not "the military has played a role in every crisis")
    acted = head.i == clause.i or (head.head.i == clause.i and head.dep_ in ("dobj", "xcomp"))
    # (a weapon acts for a side only when the side is named: "Russian drones have struck ports", not "cheap drones
    # had lowered the threshold")
    return past and acted and any(c.dep_ == "nsubj" and (
        any(political[i] for i in _expand(c) if i != c.i) if lemmas[c.i] in WEAPON_AGENTS else _in_phrase(c, political))
        for c in clause.children)


def _climb(head: Token) -> list[Token]:
    """The trigger's head, then the words it hangs from up to its clause's predicate."""
    path = [head]
    token = head
    for _ in range(MAX_CLIMB):
        if token.dep_ not in CLIMB_DEPS or token.head.i == token.i:
            break
        token = token.head
        path.append(token)
    return path


def _arguments(doc: Doc, path: list[Token], start: int, end: int, lemmas: Sequence[str],
               noun_agent: bool = False) -> tuple[list[int], list[int], list[int]]:
    """Agent-side and target-side argument token indices of the predicates on `path`, expanded, and the
    speakers of a reported clause ("Police said a man was killed": the police did not kill him). `noun_agent`: a
    noun's "by" phrase is its agent (for conflict acts: "the boycott of the elections by the main Kurdish party";
    a cooperative noun's "by" is read as before: "a planned visit by Blinken was called off")."""
    on_path = {t.i for t in path}
    sources: list[int] = []
    targets: list[int] = []
    speakers: list[int] = []
    for k, token in enumerate(path):
        for child in token.children:
            if start <= child.i < end and child.dep_ in PREP_DEPS and child.i == end - 1 and child.lower_ == "between":
                # the pattern's last word is "between" ("direct flights between"): its objects are the parties
                targets.extend(i for obj in child.children if obj.dep_ in ("pobj", "pcomp") and obj.i >= end
                               for i in _expand(obj))
            if child.i in on_path or start <= child.i < end:
                continue
            # ("the boycott of the elections by the main Kurdish party": a noun's "by" names its agent)
            side = sources if child.dep_ in SOURCE_DEPS or (
                noun_agent and child.dep_ == "prep" and child.lower_ == "by" and token.tag_.startswith("NN")) \
                else targets
            if child.dep_ in PREP_DEPS:
                side.extend(i for obj in child.children if obj.dep_ in ("pobj", "pcomp") for i in _expand(obj))
            elif child.dep_ in ARG_DEPS:
                side.extend(_expand(child))
        if k == 0:  # "demanded that the US cancel", "accused Kyiv of ...": the content's subject is the target
            targets.extend(i for c in token.children if c.dep_ == "ccomp" for g in c.children
                           if g.dep_ in ("nsubj", "nsubjpass") for i in _expand(g))
        if token.dep_ == "acl" and k == len(path) - 1 and token.head.dep_ in ("dobj", "attr"):
            # "issued a declaration demanding ...": the one who issued it is the source
            sources.extend(i for c in token.head.head.children if c.dep_ == "nsubj" for i in _expand(c))
        if token.dep_ in ("advcl", "xcomp") and token.tag_.startswith("VB") and not _has_subject(token):
            # "summoned the ambassador to protest": the summoner protests
            sources.extend(i for c in token.head.children if c.dep_ == "nsubj" for i in _expand(c))
        if token.dep_ == "conj" and token.tag_.startswith("VB") and not _has_subject(token):
            sources.extend(i for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass") for i in _expand(c))
        if token.dep_ in ("relcl", "acl") and k == len(path) - 1:
            targets.extend(_expand(token.head))
        if token.dep_ == "ccomp" and lemmas[token.head.i] in REPORTING:
            speakers.extend(i for c in token.head.children if c.dep_ == "nsubj" for i in _expand(c))
    # whose the pattern's other words are: "Russian missiles hit energy infrastructure" (the span "missiles hit")
    sources.extend(c.i for t in doc[start:end] if t.i not in on_path for c in t.children
                   if c.dep_ in ("amod", "compound", "poss") and not start <= c.i < end and c.tag_ in PROPER_OR_ADJ)
    clause = path[-1]
    if clause.dep_ in ("ccomp", "conj") and lemmas[clause.head.i] in REPORTING:
        speakers.extend(i for c in clause.head.children if c.dep_ == "nsubj" for i in _expand(c))
    return sources, targets, speakers


def _unknown_names(doc: Doc, arguments: list[int], political: Sequence[int]) -> tuple[tuple[int, int], ...]:
    """Proper-noun names among the arguments that no mark covers ("the Kifaya movement", "Raven Saunders"):
    each the head of its chain of proper-noun compounds, as one contiguous span."""
    spans = []
    for i in dict.fromkeys(arguments):
        token = doc[i]
        if token.tag_ not in PROPER or political[i] or token.dep_ == "compound":
            continue
        chain = [i, *(c.i for c in token.children if c.dep_ == "compound" and c.tag_ in PROPER)]
        start, end = min(chain), max(chain) + 1
        if end - start == len(chain) and not any(political[k] for k in chain):
            spans.append((start, end))
    return tuple(spans)


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def _expand(token: Token) -> list[int]:
    """The argument and the words that say whose it is: modifiers, possessors, "of"-phrases, conjuncts."""
    out = [token.i]
    for child in token.children:
        if child.dep_ in EXPAND_DEPS:
            out.append(child.i)
            out.extend(g.i for g in child.children if g.dep_ in ("compound", "amod", "poss", "conj", "npadvmod"))
        elif child.dep_ == "prep" and child.lower_ in EXPAND_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    out.append(obj.i)
                    out.extend(g.i for g in obj.children if g.dep_ in ("compound", "amod", "conj", "poss"))
    return out


def _metaphor_target(trigger: Span, head: Token, lemmas: Sequence[str]) -> str | None:
    """The noun after "on" / "against" of the trigger's words (or of the verb it is the object of: "launched
    an attack on the bill") when it is a law, a policy or an idea; or after "for" when it is a cause people
    fight for in words ("told graduates to fight for facts")."""
    holders = [*trigger] + ([head.head] if head.dep_ == "dobj" else [])
    holders += [c for t in trigger for c in t.children if c.dep_ == "dobj"]  # "fighting a losing battle against"
    fought = next((lemmas[c.i] for t in trigger for c in t.children if c.dep_ == "dobj" and lemmas[c.i] in SOCIAL_ILLS),
                  None)
    if fought is None and head.dep_ in ("amod", "compound") and lemmas[head.head.i] in SOCIAL_ILLS:
        fought = lemmas[head.head.i]  # a headline parsed as one noun phrase: "a medic battling addiction"
    if fought is not None:
        return fought  # "battling addiction"
    for token in holders:
        for prep in token.children:
            if prep.dep_ != "prep":
                continue
            aims = METAPHOR_TARGETS | SOCIAL_ILLS if prep.lower_ in ("on", "against") else \
                CAUSES if prep.lower_ == "for" else None
            for obj in prep.children if aims else ():
                if obj.dep_ == "pobj" and lemmas[obj.i] in aims:
                    return lemmas[obj.i]
    return None


def _object_in(head: Token, lemmas: Sequence[str], words: frozenset[str],
               political: Sequence[int] | None) -> str | None:
    """A word of `words` that is what the trigger acts on (its direct object or passive subject, the object of
    its "on", or of the verb it is the object of: "imposed a ban on plastic bags"), or a modifier or an
    "of"-phrase of one ("the sale of vapes"), when no political actor is among them ("imports of Polish apples");
    `political` None: whoever is among them ("traded mortar fire along the Line of Control")."""
    holders = [head] + ([head.head] if head.dep_ == "dobj" else [])
    objects = [c for h in holders for c in h.children if c.dep_ in ("dobj", "nsubjpass") and c.i != head.i]
    objects += [o for t in (head, *holders) for p in t.children if p.dep_ == "prep" and p.lower_ == "on"
                for o in p.children if o.dep_ == "pobj"]
    found = None
    for obj in objects:
        phrase = _expand(obj)
        if political is not None and any(political[i] for i in phrase):
            return None
        found = found or next((lemmas[i] for i in phrase if _among(lemmas[i], words)
                               and head.doc[i].tag_ not in PROPER), None)
    return found


def _only_animals(head: Token, lemmas: Sequence[str]) -> bool:
    """Every direct object of the trigger (and each of its conjuncts) is an animal: "looted shops and livestock"
    is looting."""
    objects = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += [g for c in objects for g in c.children if g.dep_ == "conj"]
    return all(_among(lemmas[t.i], ANIMALS) for t in objects)


def _signed_alone(head: Token, lemmas: Sequence[str]) -> str | None:
    """What "sign" takes (its object or passive subject, or "into" what: "signed the bill into law") is a
    document one signs alone."""
    nouns = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    nouns += [o for p in head.children if p.dep_ == "prep" and p.lower_ == "into" for o in p.children
              if o.dep_ == "pobj"]
    return next((lemmas[n.i] for n in nouns if lemmas[n.i] in SIGNED_ALONE), None)


def _offered_words(head: Token, lemmas: Sequence[str]) -> str | None:
    """What is offered is words or a view ("offered some practical advice", "offers a glimpse of")."""
    return next((lemmas[c.i] for c in head.children if c.dep_ == "dobj" and lemmas[c.i] in OFFERED_WORDS), None)


def _captured_thing(head: Token, lemmas: Sequence[str]) -> str | None:
    """What "capture" takes is an image or a prize: its object, its passive subject, the noun it describes
    ("videos captured by pilots"), or "on" what it was captured ("captured on camera")."""
    nouns = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    nouns += [o for p in head.children if p.dep_ == "prep" and p.lower_ == "on" for o in p.children
              if o.dep_ == "pobj"]
    if head.dep_ in ("acl", "relcl", "amod"):
        nouns.append(head.head)
    # a share of what: "captured 15% of the market" is a prize, "20 percent of Ukraine's territory" is not
    nouns = [o for n in nouns for o in ([n] if lemmas[n.i] not in SHARES else
                                        [g for p in n.children if p.dep_ == "prep" and p.lower_ == "of"
                                         for g in p.children if g.dep_ == "pobj"])]
    return next((lemmas[n.i] for n in nouns if lemmas[n.i] in CAPTURED_THINGS), None)


def _ruined_life(head: Token, lemmas: Sequence[str]) -> str | None:
    """The trigger's direct object (or, passive, its subject) is a person's life or standing: "destroying
    people's lives", "a career destroyed by one review"."""
    for child in head.children:
        if child.dep_ in ("dobj", "nsubjpass") and (lemmas[child.i] in LIFE_OBJECTS or child.lower_ in LIFE_OBJECTS):
            return child.lower_
    return None


def _crime_shooting(head: Token, lemmas: Sequence[str]) -> str | None:
    """A shooting named by its setting or its scale, as crime news names one ("the mass shooting", "a school
    shooting"): crime, whoever's country it happened in."""
    if not head.tag_.startswith("NN") or lemmas[head.i] not in SHOOTING:
        return None
    named = next((lemmas[c.i] for c in head.children if c.dep_ in MODIFIER_DEPS and lemmas[c.i] in CRIME_SHOOTINGS),
                 None)
    # "a shooting outside a nightclub", "a shooting at a bar"
    return named or next((lemmas[o.i] for o in _objects(head, ("at", "outside", "in", "near", "inside"))
                          if _among(lemmas[o.i], PRIVATE_SETTINGS)), None)


def _own_domain(head: Token, start: int, end: int, lemmas: Sequence[str]) -> str | None:
    """A topic noun that makes one word with the trigger: the trigger's own noun modifier ("the state's
    opioid crisis", "wolf-killing campaign"), or the work the trigger modifies ("the shot put", "a war film").
    It names the word's sense, so a political possessor does not make it a conflict."""
    for child in head.children:
        if child.dep_ in MODIFIER_DEPS and not start <= child.i < end and child.tag_[:2] in ("NN", "JJ") \
                and (topic := _topic(child, lemmas)) is not None:
            return topic
    if (crime := _crime_shooting(head, lemmas)) is not None:
        return f"a {crime} shooting"
    doc = head.doc
    if end < len(doc) and end - start == 1 and not head.tag_.startswith("VB") \
            and (work := _topic(doc[end], lemmas, WORK_TOPICS)) is not None:
        return work  # "won silver in the shot put", whatever the parse made of "put"
    parent = head.head
    if head.dep_ in ("compound", "amod") and parent.i != head.i and not start <= parent.i < end \
            and parent.tag_.startswith("NN"):
        return _topic(parent, lemmas, WORK_TOPICS)
    return None


def _topic(token: Token, lemmas: Sequence[str], topics: frozenset[str] = COMPOUND_TOPICS) -> str | None:
    """The token's lemma or form when it is one of `topics` (the lookup lemma of "housing" is "house"); not an
    adjective or a gerund of another sense ("a final peace accord", "a power-sharing deal")."""
    if token.lower_ in OTHER_SENSE_FORMS and (token.tag_ == "JJ" or token.lower_.endswith("ing")):
        return None
    if _martial_law(token):
        return None
    return next((w for w in (lemmas[token.i], token.lower_) if _among(w, topics)), None)


def _among(word: str, words: frozenset[str]) -> bool:
    """The word, or the singular of a plural the lookup table does not know ("smartphones", "vapes"), is one of
    `words`."""
    return word in words or (len(word) > 3 and word.endswith("s") and word[:-1] in words)


RELATIVE_TAGS = frozenset({"WDT", "WP"})
ACCIDENT_VERBS = frozenset({"crash", "collide", "capsize", "sink", "derail", "overturn", "plunge", "topple"})


def _domain_word(doc: Doc, path: list[Token], start: int, end: int, lemmas: Sequence[str]) -> str | None:
    """A word of another domain among the trigger's own modifiers and arguments, or its predicate's (not those of
    a complement's verb it is a conjunct of: "pledged to cut carbon emissions and signed a border agreement", where
    the parse joins "signed" to "cut")."""
    embedded_conjunct = len(path) > 1 and path[0].dep_ == "conj" and path[1].dep_ in ("xcomp", "ccomp", "advcl")
    for token in path[:1] if embedded_conjunct else path[:2]:
        for child in token.children:
            if start <= child.i < end:
                continue
            found = _domain_of(child, lemmas) if child.dep_ in ARG_DEPS else None
            if found is None and child.dep_ == "advcl" and lemmas[child.i] in ACCIDENT_VERBS and not any(
                    lemmas[s.i] in ATTACK_CUES for s in child.children if s.dep_ == "nsubj"):
                found = lemmas[child.i]  # "was killed when the helicopter he was piloting crashed" (not a drone)
            if found is None and child.dep_ in ("nsubj", "nsubjpass") and child.tag_ in RELATIVE_TAGS \
                    and token.dep_ == "relcl":  # "the earthquake that struck southern Turkey"
                found = _domain_of(token.head, lemmas)
            if found is None and child.dep_ in PREP_DEPS and child.lower_ in CAUSE_PREPS:
                found = next((f for obj in child.children if (f := _domain_of(obj, lemmas))), None)
            if found is not None:
                return found
        if token.i not in range(start, end) and token.tag_.startswith("NN") and lemmas[token.i] in OTHER_DOMAINS \
                and not _armed_fire(token, lemmas):
            return lemmas[token.i]
    return None


def _speakers_body(head: Token, lemmas: Sequence[str]) -> bool:
    """The trigger names the body of whoever speaks for it: "a spokesman for the UN peacekeeping mission", "an
    official of the aid agency" (up to the "for" or "of" of a speaker's noun)."""
    token = head
    for _ in range(4):
        if token.dep_ == "pobj" and token.head.lower_ in ("for", "of") and token.head.head.i != token.head.i:
            return lemmas[token.head.head.i] in SPEAKER_NOUNS
        if token.dep_ not in ("compound", "amod", "nmod") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _many_held(head: Token) -> bool:
    """Whom the detention verb takes are many: a plural or a number ("1,879 people had been detained"), not "a man"."""
    held = [c for c in head.children if c.dep_ in ("nsubjpass", "dobj")]
    return any(t.tag_ in ("NNS", "NNPS") or any(n.like_num for n in t.children) for t in held)


def _armed_fire(token: Token, lemmas: Sequence[str]) -> bool:
    """The token is a weapon's or an arson's "fire" (see FIRE_SETTERS): "set fire to buses", "mortar fire"."""
    return lemmas[token.i] == FIRE and token.i > 0 and lemmas[token.i - 1] in FIRE_SETTERS


def _martial_law(token: Token) -> bool:
    """Martial law is a state's measure, not the domain of laws."""
    return token.lower_ == "law" and any(c.lower_ == "martial" for c in token.children)


def _domain_of(token: Token, lemmas: Sequence[str]) -> str | None:
    """The token's lemma, or a noun modifier's, when it is a noun of another domain ("show" the verb is not;
    "a search-and-rescue team" is a rescue)."""
    if not token.tag_.startswith("NN"):
        return None
    modifiers = [w for w in token.subtree if w.i < token.i]  # "a search-and-rescue team"
    modifiers += [w for w in token.children if w.dep_ in MODIFIER_DEPS]
    # (a name is no topic: "Turkey sent rescue teams" names no bird; an aid group is an NGO, which acts as a party:
    # "aid groups criticised the EU")
    if lemmas[token.i] in NGO_HEADS and any(lemmas[w.i] in NGO_KINDS for w in modifiers):
        return None
    found = [lemmas[w.i] for w in (token, *modifiers)
             if w.tag_.startswith("NN") and w.tag_ not in PROPER and lemmas[w.i] in OTHER_DOMAINS
             and not (lemmas[w.i] in VERB_ONLY and _verb_after_name(w.doc, w.i))  # "Thailand hosts talks"
             and not _martial_law(w) and not (lemmas[w.i] in WEATHER_NOUNS and w.lower_.endswith("ing"))
             and not _armed_fire(w, lemmas)]
    # ("the storming of the compound" is a raid, no storm)
    # a cause or a rescue outranks a topic: a "rescue team" is a rescue before it is a team
    return next((f for f in found if f in NATURAL_CAUSES or f in HELPERS), found[0] if found else None)


def _forced(head: Token, lemmas: Sequence[str]) -> bool:
    """The trigger is the object (or passive subject) of a verb by which force ends an act, and that verb's
    agent is one of the state's force: "riot police broke up the rally", "the march was halted by troops",
    "soldiers moved in to end the sit-in"; not "the army lifted the blockade" nor "ended their strike"."""
    if head.dep_ in ("amod", "compound") and head.head.dep_ in ("dobj", "nsubjpass"):
        head = head.head  # "the protest camp"
    elif head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.dep_ in ("dobj", "nsubjpass"):
        head = head.head.head  # "the encampment of student protesters"
    if head.dep_ not in ("dobj", "nsubjpass"):
        return False
    if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in head.children):
        return False  # "police officers ended their strike": their own act, a concession
    verb = head.head
    if lemmas[verb.i] not in FORCED_END_VERBS or any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children):
        return False  # "lifted the blockade", "called off the march", "broke off": its author yields
    agents = [c for c in verb.children if c.dep_ == "nsubj"]
    agents += [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if not agents and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
        agents = [c for c in verb.head.children if c.dep_ == "nsubj"]  # "moved in to break up the rally"
    words = [w for a in agents for w in (a, *(c for c in a.children if c.dep_ in ("compound", "amod", "conj")))]
    return any(lemmas[w.i] in COERCIVE_AGENTS or w.lower_ in COERCIVE_AGENTS for w in words)


def _failed(head: Token, lemmas: Sequence[str]) -> bool:
    """The trigger is the subject of a verb of failure ("the talks collapsed", "talks broke down") or the passive
    subject of one of breaking or stopping ("the truce was violated", "aid was suspended", "was called off")."""
    verb = head.head
    if verb.i == head.i:
        return False
    lemma = lemmas[verb.i]
    if head.dep_ == "nsubj":
        return lemma in FAILING or (lemma == "break" and any(c.dep_ == "prt" and c.lower_ == "down"
                                                             for c in verb.children)) or (
            lemmas[head.i] in NEGOTIATORS and lemma in WALKOUTS and any(
                c.dep_ in ("prt", "prep") and c.lower_ == "out" for c in verb.children))
        # ("opposition negotiators walked out of talks": the negotiators' talks failed)
    return head.dep_ == "nsubjpass" and (lemma in BROKEN or any(c.dep_ == "prt" and c.lower_ == "off"
                                                                for c in verb.children))  # "was called off"


def _carries_undoing(noun: Token, lemmas: Sequence[str]) -> bool:
    """An undoing verb on the noun before "of" reaches what follows: not on goods moving (FLOW_NOUNS)."""
    return lemmas[noun.i] not in FLOW_NOUNS


def _undone(head: Token, lemmas: Sequence[str]) -> bool:
    """The trigger is the object or passive subject of an undoing verb, or the subject of "ended"; or it
    modifies one ("returned the seized tanker", "lifted the sanctions regime", "will return weapons seized
    last year", "released the tanker it seized")."""
    for _ in range(2):  # "freed the kidnapped aid workers": through the compound to the object
        if head.dep_ in ("amod", "compound") and head.head.dep_ in ("amod", "compound") and head.head.i != head.i:
            head = head.head
    modifier = head.dep_ in ("amod", "compound") and head.head.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj")
    if modifier and head.head.dep_ == "pobj" and head.head.head.lower_ == "of" and head.head.head.head.dep_ in (
            "dobj", "nsubjpass") and _carries_undoing(head.head.head.head, lemmas):
        head = head.head.head  # "returned 1,200 acres of occupied land": on to the quantity the verb takes
    clause = head.dep_ in ("acl", "relcl") and head.tag_.startswith("VB") and head.head.dep_ in ("dobj", "nsubjpass")
    if modifier or clause:
        head = head.head
    verb = head.head
    if verb.i == head.i:
        return False
    lemma = lemmas[verb.i]
    if lemma in RELEASES and _among(lemmas[head.i], SUBSTANCES):
        return False  # "released sarin nerve gas": let out, not given back
    if head.dep_ in ("dobj", "nsubjpass") and lemma not in STARTING_BEFORE_OFF and any(
            c.dep_ == "prt" and c.lower_ == "off" for c in verb.children):
        return True  # "called off the march", "broke off the offensive" (not "set off a gun battle")
    if head.dep_ in ("dobj", "nsubjpass") and (lemma in UNDO_VERBS or (lemma == STRIKE and any(
            c.dep_ == "prt" and c.lower_ == "down" for c in verb.children))):
        return True  # "lifted the ban", "the court struck down the ban"
    if head.dep_ == "nsubj" and lemma in INTRANSITIVE_UNDO:
        return True
    if head.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ == "from" and lemmas[verb.head.i] in RELEASES:
        return True  # "freed Aung San Suu Kyi from house arrest", "released from detention"
    if _removed_from_list(head, lemmas):
        return True
    # "the release of the hostages", "the lifting of sanctions"
    return head.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ == "of" and lemmas[verb.head.i] in UNDO_VERBS


def _removed_from_list(head: Token, lemmas: Sequence[str]) -> bool:
    """The trigger names a list a party is taken off: "removed Cuba from its list of state sponsors of
    terrorism", "delisted from the sanctions list"."""
    token = head
    for _ in range(4):
        if token.dep_ not in ("pobj", "compound", "amod") or token.head.i == token.i:
            return False
        token = token.head
        if token.dep_ == "prep" and token.lower_ == "from" and lemmas[token.head.i] in DELISTING:
            return True
        if token.dep_ == "prep" and token.lower_ == "of":
            token = token.head  # "its list of state sponsors" -> "list"
        if lemmas[token.i] == LIST and token.dep_ == "pobj" and token.head.lower_ == "from" \
                and lemmas[token.head.head.i] in DELISTING:
            return True
    return False

