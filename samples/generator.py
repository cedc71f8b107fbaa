"""Synthetic sample feeds: a deterministic generator of plausible crisis news.

Why it exists: the demo and the tests need feeds that tell a known story (calm, talks, slow re-tension,
a sharp spike at the end) so that the alert rules have something real to fire on, and the corpus texts
are third-party and may not be republished. Every sentence here is written by the project; the
generator only recombines templates with slots (actor, place, number, weekday).

Determinism: one seeded `random.Random` per call (never the global one), no clock, sorted output, so
the same seed always yields the same bytes. `samples/` is regenerated, never edited by hand.

It lives in the checkout, not in the installed packages: only the demo, the tests and the benchmarks need
it; `escmon samples` (flows/cli_samples.py) imports it from the checkout.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

DEFAULT_SEED = 2026
DEFAULT_DAYS = 52
PERIOD_END = date(2026, 11, 20)  # last day of the story (UTC); fixed so output never depends on "now"
SPIKE_DAYS = 3

KINDS = ("escalation", "deescalation", "neutral", "tricky", "offtopic")


# --------------------------------------------------------------------------------------------- outlets

@dataclass(frozen=True)
class Outlet:
    """A fictional news outlet; `fmt` is the feed dialect it publishes."""

    key: str
    name: str
    fmt: str  # "rss" or "atom"
    base_url: str
    description: str
    share: float  # fraction of the day's stories it carries

    @property
    def filename(self) -> str:
        return f"{self.key}.xml"

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}/feeds/{self.key}.xml"


OUTLETS: tuple[Outlet, ...] = (
    Outlet("baltic_wire", "Baltic Wire", "rss", "https://balticwire.example",
           "Security & politics news from the Baltic and Nordic region", 0.40),
    Outlet("continental_courier", "Continental Courier", "atom", "https://continentalcourier.example",
           "European affairs, diplomacy and defence", 0.35),
    Outlet("eastern_desk", "Eastern Desk", "rss", "https://easterndesk.example",
           "Reporting from Kyiv, Minsk, Warsaw and Moscow", 0.25),
)

REPORTERS = (
    "Marta Kowalczyk", "Jonas Lindqvist", "Élodie Marchand", "Oksana Hrytsenko", "Tomás Ferreira",
    "Ingrid Saar", "Dariusz Wróbel", "Hannah Brooks",
)


# ------------------------------------------------------------------------------------------ slot values

SLOTS: dict[str, tuple[str, ...]] = {
    "ru": ("Russia", "Moscow", "the Kremlin"),
    "ru_forces": ("Russian troops", "Russian forces", "Russian units", "Russian armoured units"),
    "ru_off": (
        "Foreign Minister Sergey Lavrov", "Deputy Foreign Minister Sergei Ryabkov",
        "Deputy Foreign Minister Alexander Grushko", "Kremlin spokesman Dmitry Peskov",
        "President Vladimir Putin", "Defence Minister Sergei Shoigu",
    ),
    "west": ("Washington", "the United States", "NATO", "the alliance", "the European Union"),
    "west_off": (
        "Secretary of State Antony Blinken", "Deputy Secretary of State Wendy Sherman",
        "NATO Secretary General Jens Stoltenberg", "President Joe Biden", "German Chancellor Olaf Scholz",
        "National Security Advisor Jake Sullivan", "Defense Secretary Lloyd Austin",
        "EU foreign policy chief Josep Borrell", "French President Emmanuel Macron",
    ),
    "ua": ("Ukraine", "Kyiv"),
    "ua_off": ("President Volodymyr Zelenskyy", "Foreign Minister Dmytro Kuleba",
               "Defence Minister Oleksii Reznikov"),
    "by_": ("Belarus", "Minsk"),
    "by_off": ("Belarusian leader Alexander Lukashenko", "Alyaksandr Lukashenka"),
    "ally": ("Poland", "Lithuania", "Latvia", "Estonia", "Romania", "Finland"),
    "ally_off": (
        "Polish President Andrzej Duda", "Lithuanian Foreign Minister Gabrielius Landsbergis",
        "Estonian Prime Minister Kaja Kallas", "Polish Foreign Minister Zbigniew Rau",
    ),
    "near": (
        "near the Ukrainian border", "in southern Belarus", "in occupied Crimea", "north of Kharkiv",
        "around Yelnya", "in the Bryansk region", "outside Belgorod", "in the Kursk region",
        "near Voronezh", "along Ukraine's eastern border", "close to the Polish border",
    ),
    "place_pl": ("Przemyśl", "Białystok", "Suwałki", "Rzeszów", "Gdańsk"),
    "venue": ("Geneva", "Brussels", "Vienna", "Helsinki"),
    "forum": (
        "the Strategic Stability Dialogue", "the NATO-Russia Council", "the OSCE Permanent Council",
        "a bilateral round",
    ),
    "sea": ("the Black Sea", "the Baltic Sea", "the Sea of Azov"),
    "exercise": ("Northern Rampart", "Autumn Shield", "Steppe Thunder", "Frontier Resolve"),
    "ministry": ("foreign ministry", "defence ministry", "education ministry", "energy ministry",
                 "cabinet of ministers"),
    "sector": ("state-owned banks", "energy exporters", "the defence sector", "sovereign debt",
               "technology imports"),
    "deadline": ("48 hours", "ten days", "two weeks", "the end of the month"),
    "small": ("two", "three", "four", "several"),
    "city": ("Riga", "Tallinn", "Vilnius", "Warsaw", "Helsinki", "Gdańsk", "Łódź"),
}


def _troops(rng: random.Random) -> str:
    return f"{rng.randrange(60, 180, 5) * 1000:,}"


def _btg(rng: random.Random) -> str:
    return str(rng.randint(3, 14))


def _pct(rng: random.Random) -> str:
    return f"{rng.randint(2, 19)}.{rng.randint(0, 9)}"


def _growth(rng: random.Random) -> str:
    return f"{rng.randint(1, 5)}.{rng.randint(0, 9)}"


NUMBER_SLOTS = {"troops": _troops, "btg": _btg, "pct": _pct, "growth": _growth}


class SlotFiller(dict):
    """Fills `{slot}` placeholders on demand so only the slots a template uses cost a random draw.

    A slot keeps its value for the whole story, so headline and summary name the same actor.
    `{Slot}` (capitalised) gives the same value with a capital first letter, for sentence starts.
    """

    def __init__(self, rng: random.Random, day: date):
        super().__init__()
        self.rng = rng
        self["weekday"] = f"on {day.strftime('%A')}"

    def __missing__(self, key: str) -> str:
        if key[:1].isupper():
            value = self[key[0].lower() + key[1:]]
            return value[:1].upper() + value[1:]
        if key.endswith("_short"):
            # A surname always refers back to the official the story already named in full.
            value = self[key.removesuffix("_short")].rsplit(" ", 1)[-1]
        elif key in NUMBER_SLOTS:
            value = NUMBER_SLOTS[key](self.rng)
        else:
            value = self.rng.choice(SLOTS[key])
        self[key] = value
        return value


# ------------------------------------------------------------------------------------------- templates
# Each category: (headline, summary) pairs, and extra sentences appended to some summaries.

ESCALATION: dict[str, tuple[tuple[str, str], ...]] = {
    "troop_buildup": (
        ("{Ru} masses troops {near}",
         "Satellite images show new field camps and rows of armour {near}, analysts said {weekday}."),
        ("{Ru} is massing troops and artillery {near}, officials say",
         "{West_off} said the build-up had grown to about {troops} soldiers."),
        ("Build-up of {troops} Russian troops alarms {west}",
         "{West_off} described the military build-up {near} as unprecedented since 2014."),
        ("{Ru} has deployed {btg} more battalion tactical groups {near}",
         "The reinforcements arrived by rail overnight, according to Ukrainian border officials."),
        ("{Ru_forces} deployed {near}, says {west_off_short}",
         "Tanks, rocket launchers and field hospitals were moved closer to the frontier {weekday}."),
        ("Troop buildup continues {near} despite calls for restraint",
         "{Ru_forces} kept moving towards the border, a senior Ukrainian commander told reporters."),
        ("{Ru} moves tanks and rocket artillery {near}",
         "Open-source researchers tracked long convoys of armour heading west {weekday}."),
    ),
    "invasion_threat": (
        ("{West_off} warns {ru} could invade Ukraine at any moment",
         "Intelligence assessments point to a possible offensive within weeks, {west_off_short} said."),
        ("Invasion fears grow as {ru_forces} gather {near}",
         "{Ua_off} urged citizens to stay calm but said the threat of an invasion was real."),
        ("{West} says a Russian attack on Ukraine could come within days",
         "Officials briefed allies on plans for a possible large-scale invasion."),
        ("{Ua} warns of an imminent offensive from the north",
         "{Ua_off} said {ru} had enough forces {near} to launch an attack."),
        ("{Ru} threatens military action over {west} support for {ua}",
         "{Ru_off} said {ru} would not rule out a military operation to protect its interests."),
    ),
    "sanctions": (
        ("{West} prepares new sanctions against {sector}",
         "{West_off} said the package would impose severe costs on {ru} for its aggression."),
        ("EU adopts sanctions package targeting {sector}",
         "Foreign ministers agreed the new sanctions {weekday} after hours of debate."),
        ("{West} imposes sanctions on Russian officials over border build-up",
         "Asset freezes and travel bans apply to {small} senior commanders."),
        ("{West_off} threatens sweeping sanctions and export controls on {ru}",
         "The measures would cut {ru} off from advanced chips and financial markets."),
        ("New sanctions hit {sector} as tensions with {ru} rise",
         "The Treasury said further sanctions were ready if the aggression continued."),
    ),
    "exercises": (
        ("{Ru} and {by_} begin joint military exercises {near}",
         "The {exercise} drills involve live-fire exercises and paratroopers, {by_off} said."),
        ("Snap drills: {ru} puts its southern forces on combat alert",
         "The surprise exercises include missile launches and bomber patrols over {sea}."),
        ("Russian navy stages live-fire drills in {sea}",
         "Warships and submarines took part in naval exercises {weekday}, the defence ministry said."),
        ("Military exercises near {ally} border raise alarm",
         "{Ally_off} called the {exercise} drills a rehearsal for an attack."),
    ),
    "cyber": (
        ("Cyber attack knocks out websites of Ukraine's ministries",
         "The {ministry} and several other government sites went offline after a cyberattack {weekday}."),
        ("Hackers hit Ukrainian banks and the {ministry} in a wave of cyber attacks",
         "Officials blamed groups linked to Russian military intelligence."),
        ("{Ally} reports GPS jamming and a disinformation campaign",
         "Authorities described the incidents as hybrid attacks aimed at sowing panic."),
        ("{By_} pushes migrants towards the Polish border in hybrid attack, officials say",
         "Border guards near {place_pl} reported hundreds of attempted crossings overnight."),
    ),
    "retaliation": (
        ("{Ru_off} threatens a military-technical response",
         "{Ru} will retaliate if {west} ignores its security demands, {ru_off_short} said."),
        ("{Ru} vows retaliation over new sanctions",
         "Countermeasures will follow, the foreign ministry said {weekday}."),
        ("Kremlin warns of countermeasures if alliance deploys more troops in {ally}",
         "{Ru_off} said the response would be swift and painful."),
    ),
    "ultimatum": (
        ("{Ru} issues ultimatum: security guarantees within {deadline}",
         "{Ru_off} said {ru} would take unspecified steps if {west} rejected its demands."),
        ("Kremlin ultimatum demands alliance pull back from the eastern flank",
         "The ultimatum gives {west} {deadline} to respond in writing."),
        ("{Ru} sets deadline for NATO to halt expansion",
         "{Ru_off_short} warned that patience was running out."),
    ),
    "mobilisation": (
        ("{Ru} calls up reservists in western military district",
         "Reservists were ordered to report to their units {near}, local media said."),
        ("{West} puts {troops} troops on high alert for deployment to {ally}",
         "{West_off} said the forces could move within days to reassure the eastern flank."),
        ("Alliance sends fighter jets and warships to the eastern flank",
         "Allies on the eastern flank welcomed the reinforcements {weekday}."),
    ),
    "rupture": (
        ("{Ru} expels {small} diplomats as crisis deepens",
         "The foreign ministry gave the diplomats {deadline} to leave the country."),
        ("{West} orders families of embassy staff to leave {ua}",
         "The embassy in Kyiv began evacuating non-essential staff {weekday}."),
        ("Talks collapse as {ru} delegation walks out in {venue}",
         "{West_off} said {ru} had shown no willingness to negotiate."),
        ("Russian jets violate {ally}'s airspace",
         "{Ally} summoned the Russian ambassador after the airspace violation."),
    ),
}

DEESCALATION: dict[str, tuple[tuple[str, str], ...]] = {
    "talks": (
        ("US and Russian delegations open talks in {venue}",
         "{West_off} and {ru_off} met for several hours in {forum} format {weekday}."),
        ("{Forum} resumes in {venue}",
         "Both sides described the discussions as frank and useful and agreed to meet again."),
        ("NATO-Russia Council meets in {venue} for the first time in two years",
         "Ambassadors discussed risk reduction and agreed to continue the dialogue."),
        ("{Ru_off_short} and {west_off_short} hold talks, agree to keep channels open",
         "Negotiations will continue at expert level next week, diplomats said."),
        ("Diplomacy gathers pace as envoys return to {venue}",
         "Officials said there was a serious diplomatic path to ease tensions."),
    ),
    "deescalation": (
        ("{Ru} pulls back troops from the border area",
         "The defence ministry said units {near} were returning to their permanent bases."),
        ("Russian units return to barracks after exercises",
         "Trains with armoured vehicles were seen heading east {weekday}, Ukrainian officials confirmed."),
        ("{Ru} announces partial withdrawal of forces {near}",
         "{West_off} welcomed the pullback but said it would verify it on the ground."),
        ("Tensions ease as {ru} scales down troop presence {near}",
         "{Ua_off} called the drawdown a step towards de-escalation."),
        ("Both sides pledge to de-escalate after {venue} meeting",
         "A joint statement called for restraint and reaffirmed the ceasefire in the Donbas."),
    ),
    "arms_control": (
        ("{West} offers arms-control proposals on missile deployments",
         "The offer covers reciprocal limits on intermediate-range missiles in Europe."),
        ("{Ru} signals readiness to discuss arms control",
         "{Ru_off} said limits on missile deployments and bomber flights were negotiable."),
        ("Arms control experts outline a follow-on to New START",
         "The proposal would cap warheads and restore inspections, officials in {venue} said."),
    ),
    "transparency": (
        ("Agreement on transparency: both sides to notify exercises in advance",
         "The confidence-building measures include the exchange of military data and observers."),
        ("{Ru} invites OSCE observers to watch troop movements",
         "Observers will visit units {near} under the Vienna Document, the OSCE said."),
        ("Reciprocal transparency measures agreed in {venue}",
         "Inspections of military sites will resume in the spring."),
    ),
    "hotline": (
        ("Military hotline between {west} and {ru} re-established",
         "The hotline is meant to prevent accidents between aircraft and ships in {sea}."),
        ("Defence chiefs agree on a crisis communication channel",
         "The direct line will be tested weekly, the ministries said {weekday}."),
    ),
}

NEUTRAL: tuple[tuple[str, str], ...] = (
    ("{West_off_short} speaks with {ua_off} by phone",
     "The two discussed the security situation and coordination with allies."),
    ("{West_off} visits {ally}",
     "{West_off_short} met {ally_off} and toured a logistics hub near {place_pl}."),
    ("EU foreign ministers meet in Luxembourg",
     "The agenda includes energy prices, enlargement and relations with {ru}."),
    ("{Ru_off} holds annual press conference",
     "{Ru_off_short} answered questions on trade, energy and relations with {west}."),
    ("Gas prices climb as winter approaches",
     "Traders cited low storage levels and uncertainty over supplies from {ru}."),
    ("Ukraine's economy grows {growth}% on strong harvest, statistics office says",
     "Grain exports through Black Sea ports reached a record for the season."),
    ("OSCE publishes quarterly monitoring report",
     "The report covers the period to the end of last month."),
    ("Q&A: what the talks in {venue} can and cannot deliver",
     "Our correspondents explain the positions of {ru} and {west} ahead of the next round."),
    ("{Ally_off} meets {west_off_short} in {venue}",
     "Officials said the meeting focused on energy security and defence spending."),
    ("Analysis: {west} and {ru} remain far apart on NATO enlargement",
     "The open-door policy is not up for negotiation, {west_off_short} has repeatedly said."),
)

TRICKY: tuple[tuple[str, str], ...] = (
    ("{Ru} says it has no plans to invade Ukraine",
     "{Ru_off} called Western warnings hysteria and said the troops posed no threat."),
    ("Kremlin denies reports of troop movements {near}",
     "{Ru_off_short} said the reports were false and that no units had been moved."),
    ("{West_off_short}: Russian delegation made no commitment to de-escalate",
     "Nor did it reject de-escalation, {west_off_short} told reporters after the meeting."),
    ("If talks fail, sanctions could follow, EU warns",
     "{West_off} said {west} would only consider sanctions if diplomacy broke down."),
    ("No sign of troop withdrawal, satellite analysts say",
     "Despite announcements, the camps {near} have not been dismantled."),
    ("{Ru} will not deploy missiles in Europe if NATO does the same, {ru_off_short} says",
     "The offer was conditional on a ban on new bases near Russian borders."),
    ("Ukraine sees no imminent threat of invasion, {ua_off} says",
     "Officials asked the public not to panic and to ignore rumours."),
    ("Officials rule out new sanctions for now",
     "{West_off_short} said there would be no sanctions unless {ru} escalated further."),
)

OFFTOPIC: tuple[tuple[str, str], ...] = (
    ("Baltic ports report record grain throughput",
     "Harbour operators in {city} said autumn volumes were up {pct}% on last year."),
    ("Storm disrupts ferry traffic between Tallinn and Helsinki",
     "Several crossings were cancelled and passengers were rebooked for the next morning."),
    ("Central bank holds interest rates steady",
     "Policymakers said inflation was easing faster than expected."),
    ("New rail link between Warsaw and Vilnius opens to passengers",
     "The journey now takes under four hours, the operator said."),
    ("Film festival in {city} opens with a sold-out premiere",
     "More than 120 films from 40 countries will be shown over ten days."),
    ("Heavy snow arrives early in northern Finland",
     "Road authorities urged drivers to fit winter tyres."),
    ("Tech & startups: {city} incubator raises new fund",
     "The fund will back early-stage companies in logistics and energy."),
    ("University rankings: three Baltic schools climb",
     "Researchers credited new funding for laboratory science."),
)

EXTRA_SENTENCES: dict[str, tuple[str, ...]] = {
    "escalation": (
        "{West_off_short} said the situation was dangerous and urged {ru} to de-escalate.",
        "{Ru} denies any plans to attack and blames {west} for the tensions.",
        "The alliance said it was ready to reinforce its eastern flank.",
        "{Ally_off} called for an emergency meeting of allies.",
        "Markets fell on the news and the rouble weakened.",
    ),
    "deescalation": (
        "Officials cautioned that verification would take time.",
        "{Ally_off} welcomed the step but urged vigilance.",
        "The next round is expected in {venue} later this month.",
        "Markets rallied and the rouble strengthened.",
    ),
    "neutral": (
        "No further details were released.",
        "A readout is expected later in the day.",
    ),
    "tricky": (
        "Western officials said they would judge {ru} by its actions, not its words.",
        "The statement did little to calm nerves in {ally}.",
    ),
    "offtopic": ("",),
}

# Categories weighted by story phase: what kind of escalation dominates the news at that point.
PHASE_ESCALATION_WEIGHTS: dict[str, dict[str, int]] = {
    "baseline": {"troop_buildup": 5, "invasion_threat": 2, "sanctions": 2, "exercises": 3, "cyber": 1,
                 "retaliation": 1, "ultimatum": 1, "mobilisation": 1, "rupture": 0},
    "transition": {"troop_buildup": 3, "invasion_threat": 1, "sanctions": 2, "exercises": 2, "cyber": 1,
                   "retaliation": 1, "ultimatum": 0, "mobilisation": 0, "rupture": 0},
    "deescalation": {"troop_buildup": 1, "invasion_threat": 0, "sanctions": 1, "exercises": 2, "cyber": 1,
                     "retaliation": 0, "ultimatum": 0, "mobilisation": 0, "rupture": 1},
    "retension": {"troop_buildup": 3, "invasion_threat": 1, "sanctions": 2, "exercises": 3, "cyber": 2,
                  "retaliation": 1, "ultimatum": 0, "mobilisation": 1, "rupture": 1},
    "spike": {"troop_buildup": 5, "invasion_threat": 4, "sanctions": 3, "exercises": 2, "cyber": 3,
              "retaliation": 3, "ultimatum": 2, "mobilisation": 3, "rupture": 2},
}
PHASE_DEESCALATION_WEIGHTS: dict[str, dict[str, int]] = {
    "baseline": {"talks": 3, "deescalation": 0, "arms_control": 1, "transparency": 0, "hotline": 0},
    "transition": {"talks": 4, "deescalation": 1, "arms_control": 1, "transparency": 1, "hotline": 0},
    "deescalation": {"talks": 3, "deescalation": 3, "arms_control": 2, "transparency": 2, "hotline": 1},
    "retension": {"talks": 3, "deescalation": 0, "arms_control": 1, "transparency": 1, "hotline": 0},
    "spike": {"talks": 1, "deescalation": 0, "arms_control": 0, "transparency": 0, "hotline": 1},
}


# ----------------------------------------------------------------------------------------- story arc

@dataclass(frozen=True)
class DayPlan:
    """How many stories of each kind run on one day; the arc lives entirely in these numbers."""

    day: date
    phase: str
    counts: dict[str, int]


def phase_of(index: int, days: int) -> str:
    """Map a day to its phase; boundaries scale with `days` (52 days: 10 / 4 / 21 / 14 / 3)."""
    if index >= days - SPIKE_DAYS:
        return "spike"
    pre = max(days - SPIKE_DAYS, 1)
    position = index / pre
    if position < 10 / 49:
        return "baseline"
    if position < 14 / 49:
        return "transition"
    if position < 35 / 49:
        return "deescalation"
    return "retension"


def _phase_progress(index: int, days: int, phase: str) -> float:
    """0..1 position inside the phase, used to ramp counts up through the re-tension stretch."""
    members = [i for i in range(days) if phase_of(i, days) == phase]
    if len(members) < 2:
        return 1.0
    return (index - members[0]) / (members[-1] - members[0])


def _weekday_counts(phase: str, progress: float, rng: random.Random) -> dict[str, int]:
    if phase == "baseline":
        esc, de = 3 + rng.randint(0, 1), 1
    elif phase == "transition":
        esc, de = 2, 3
    elif phase == "deescalation":
        esc, de = (1 if rng.random() < 0.3 else 0), 4
    elif phase == "retension":
        esc, de = 1 + round(3 * progress), (2 if progress < 0.5 else 1)
    else:
        esc, de = 0, 1
    return {"escalation": esc, "deescalation": de, "neutral": 3 + rng.randint(0, 1), "tricky": 1,
            "offtopic": 1}


def _weekend_counts(phase: str, counts: dict[str, int], rng: random.Random) -> dict[str, int]:
    """Weekends are quiet; in the calm stretch some carry no crisis story at all."""
    if phase == "deescalation":
        return {"escalation": 0, "deescalation": 0, "neutral": 0, "tricky": 0,
                "offtopic": 1 + rng.randint(0, 1)}
    return {"escalation": min(counts["escalation"], 1), "deescalation": 0, "neutral": 1, "tricky": 0,
            "offtopic": 1}


def plan_days(days: int = DEFAULT_DAYS, scale: int = 1, seed: int = DEFAULT_SEED) -> list[DayPlan]:
    """The story arc, day by day, ending on PERIOD_END; `scale` multiplies every count."""
    rng = random.Random(f"plan:{seed}")
    first = PERIOD_END - timedelta(days=days - 1)
    plans = []
    for index in range(days):
        day = first + timedelta(days=index)
        phase = phase_of(index, days)
        if phase == "spike":
            step = index - (days - SPIKE_DAYS)
            counts = {"escalation": 14 + 3 * step, "deescalation": 1, "neutral": 2, "tricky": 2,
                      "offtopic": 0}
        else:
            counts = _weekday_counts(phase, _phase_progress(index, days, phase), rng)
            if day.weekday() >= 5:
                counts = _weekend_counts(phase, counts, rng)
        plans.append(DayPlan(day, phase, {k: v * scale for k, v in counts.items()}))
    return plans


# -------------------------------------------------------------------------------------- story writing

@dataclass(frozen=True)
class Story:
    """One generated news item before it is bound to an outlet's feed format."""

    kind: str
    category: str
    title: str
    summary: str


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    names = [k for k, w in weights.items() if w > 0]
    return rng.choices(names, weights=[weights[k] for k in names])[0]


def _pick_template(rng: random.Random, kind: str, phase: str) -> tuple[str, tuple[str, str]]:
    if kind == "escalation":
        category = _weighted(rng, PHASE_ESCALATION_WEIGHTS[phase])
        return category, rng.choice(ESCALATION[category])
    if kind == "deescalation":
        category = _weighted(rng, PHASE_DEESCALATION_WEIGHTS[phase])
        return category, rng.choice(DEESCALATION[category])
    pool = {"neutral": NEUTRAL, "tricky": TRICKY, "offtopic": OFFTOPIC}[kind]
    return kind, rng.choice(pool)


# Stand-alone follow-up sentences: a spike story often reports two moves at once.
SPIKE_FOLLOW_UPS: tuple[tuple[str, str], ...] = (
    ("ultimatum", "Separately, {ru} issued an ultimatum demanding written guarantees within {deadline}."),
    ("cyber", "Hackers meanwhile knocked the {ministry} website offline in {ua}."),
    ("troop_buildup", "{Ru_forces} continued to mass {near}, satellite pictures showed."),
    ("mobilisation", "The alliance put its rapid response force on high alert."),
    ("sanctions", "{West} is preparing further sanctions, officials said."),
    ("retaliation", "{Ru_off} threatened retaliation against any new deployments in {ally}."),
    ("mobilisation", "Reservists were called up in the western military district, local media reported."),
    ("invasion_threat", "{West_off} warned that an invasion could begin within days."),
    ("exercises", "Russian bombers flew over {sea} during snap exercises."),
    ("rupture", "Several embassies in Kyiv began evacuating staff."),
)


def _second_escalation(rng: random.Random, first: str) -> str:
    """Pick a follow-up sentence about a different kind of move than the headline's."""
    return rng.choice([text for category, text in SPIKE_FOLLOW_UPS if category != first])


def write_story(rng: random.Random, kind: str, phase: str, day: date) -> Story:
    """Fill one template; summaries run one to three sentences."""
    category, (title_t, summary_t) = _pick_template(rng, kind, phase)
    slots = SlotFiller(rng, day)
    parts = [summary_t]
    if kind == "escalation" and phase == "spike" and rng.random() < 0.6:
        parts.append(_second_escalation(rng, category))
    elif rng.random() < 0.45:
        extra = rng.choice(EXTRA_SENTENCES[kind])
        if extra:
            parts.append(extra)
    title = title_t.format_map(slots)
    summary = " ".join(p.format_map(slots) for p in parts)
    return Story(kind, category, title[:1].upper() + title[1:], summary)


# ---------------------------------------------------------------------------------- items for feeds

@dataclass(frozen=True)
class SampleItem:
    """A story placed in one outlet at one time; `published` is None for the undated fallback cases."""

    outlet: str
    seq: int
    story: Story
    published: datetime | None
    link: str
    guid: str
    author: str
    html: bool


HOUR_WEIGHTS = (1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 9, 9, 9, 9, 9, 8, 8, 7, 6, 5, 4, 3, 2, 1)


def _time_of_day(rng: random.Random, day: date) -> datetime:
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(0, 60, 5),
                    tzinfo=UTC)


def slugify(text: str) -> str:
    """ASCII URL slug: feeds in the wild strip accents from paths, keep them in titles."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:70]


def _pick_outlet(rng: random.Random) -> Outlet:
    return rng.choices(OUTLETS, weights=[o.share for o in OUTLETS])[0]


def _bind(outlet: Outlet, seq: int, story: Story, published: datetime | None,
          rng: random.Random) -> SampleItem:
    stamp = published or datetime(PERIOD_END.year, PERIOD_END.month, PERIOD_END.day, tzinfo=UTC)
    path = f"{stamp:%Y/%m/%d}/{slugify(story.title)}-{seq}"
    if outlet.key == "baltic_wire":
        link = f"{outlet.base_url}/{path}"
        guid = link
    elif outlet.key == "eastern_desk":
        link = f"{outlet.base_url}/news/{path}?utm_source=rss&utm_medium=feed"
        guid = f"ed-{seq:06d}"
    else:
        link = f"{outlet.base_url}/europe/{path}"
        guid = f"tag:continentalcourier.example,{stamp:%Y-%m-%d}:/news/{seq}"
    return SampleItem(outlet.key, seq, story, published, link, guid, rng.choice(REPORTERS),
                      html=rng.random() < 0.18)


def _quirk_items(seed: int) -> list[SampleItem]:
    """Real-world oddities the ingester must survive: undated notes and a guid reused by a live blog."""
    rng = random.Random(f"quirks:{seed}")
    wire, desk = OUTLETS[0], OUTLETS[2]
    undated = [
        Story("offtopic", "offtopic", "Editor's note: how we cover the border crisis",
              "Our desk in Riga & Vilnius explains how we verify reports from the region."),
        Story("offtopic", "offtopic", "Corrections & clarifications",
              "An earlier version of a story misspelled the name of a Polish minister."),
    ]
    items = [_bind(wire, 900000 + i, s, None, rng) for i, s in enumerate(undated)]
    live_updates = [
        ("Live: the border crisis, day by day",
         "Follow our live coverage from Kyiv, Minsk and Warsaw."),
        ("Live: the border crisis, latest updates",
         "Our reporters in Przemyśl and Kharkiv bring the latest developments."),
    ]
    for i, (title, summary) in enumerate(live_updates):
        day = PERIOD_END - timedelta(days=1 - i)
        published = datetime(day.year, day.month, day.day, 6, 30, tzinfo=UTC)
        link = f"{desk.base_url}/live/border-crisis?update={i + 1}&src=rss"
        items.append(SampleItem(desk.key, 910000 + i, Story("neutral", "live", title, summary), published,
                                link, "ed-live-border-crisis", "Live desk", html=False))
    return items


def build_sample_items(seed: int = DEFAULT_SEED, days: int = DEFAULT_DAYS,
                       scale: int = 1) -> list[SampleItem]:
    """Every item of every outlet for the whole arc, in a stable order."""
    rng = random.Random(f"items:{seed}")
    items: list[SampleItem] = []
    seq = 1000
    for plan in plan_days(days, scale, seed):
        for kind in KINDS:
            for _ in range(plan.counts[kind]):
                story = write_story(rng, kind, plan.phase, plan.day)
                outlet = _pick_outlet(rng)
                items.append(_bind(outlet, seq, story, _time_of_day(rng, plan.day), rng))
                seq += 1
    items.extend(_quirk_items(seed))
    return items


# ----------------------------------------------------------------------------------------- rendering

def _x(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _html_summary(item: SampleItem) -> str:
    """Some outlets ship HTML descriptions; the classifier must see the text, not the tags."""
    sentences = re.split(r"(?<=[.!?])\s+", item.story.summary)
    lead = f"<p><strong>{_x(sentences[0])}</strong></p>"
    rest = "".join(f"<p>{_x(s)}</p>" for s in sentences[1:])
    more = f'<p><a href="{_x(item.link)}">Read more &amp; comment</a></p>'
    return lead + rest + more


def _eastern_offset(moment: datetime) -> timezone:
    """Kyiv time: UTC+3 in summer, UTC+2 after the last Sunday of October."""
    summer_end = datetime(moment.year, 10, 31, 1, tzinfo=UTC)
    while summer_end.weekday() != 6:
        summer_end -= timedelta(days=1)
    return timezone(timedelta(hours=3 if moment < summer_end else 2))


def _rss_date(outlet: Outlet, moment: datetime) -> str:
    if outlet.key == "eastern_desk":
        return format_datetime(moment.astimezone(_eastern_offset(moment)))
    return format_datetime(moment, usegmt=True)


def _sorted_for_feed(items: Iterable[SampleItem]) -> list[SampleItem]:
    """Newest first like real feeds; undated notes pinned on top; ties broken by sequence number."""
    floor = datetime.max.replace(tzinfo=UTC)
    return sorted(items, key=lambda i: (i.published or floor, i.seq), reverse=True)


def _rss_item(outlet: Outlet, item: SampleItem) -> str:
    permalink = "true" if item.guid.startswith("http") else "false"
    lines = ["    <item>", f"      <title>{_x(item.story.title)}</title>",
             f"      <link>{_x(item.link)}</link>",
             f'      <guid isPermaLink="{permalink}">{_x(item.guid)}</guid>']
    if item.published is not None:
        lines.append(f"      <pubDate>{_rss_date(outlet, item.published)}</pubDate>")
    lines.append(f"      <dc:creator>{_x(item.author)}</dc:creator>")
    lines.append(f"      <category>{_x(item.story.category.replace('_', ' '))}</category>")
    if item.html and outlet.key == "eastern_desk":
        lines.append(f"      <description><![CDATA[{_html_summary(item)}]]></description>")
    elif item.html:
        lines.append(f"      <description>{_x(_html_summary(item))}</description>")
    else:
        lines.append(f"      <description>{_x(item.story.summary)}</description>")
    lines.append("    </item>")
    return "\n".join(lines)


def _channel_updated(items: list[SampleItem]) -> datetime:
    dated = [i.published for i in items if i.published is not None]
    return max(dated) if dated else datetime(PERIOD_END.year, PERIOD_END.month, PERIOD_END.day, tzinfo=UTC)


def render_rss(outlet: Outlet, items: Iterable[SampleItem]) -> Iterator[str]:
    """RSS 2.0 text in chunks, so a `--scale 1000` feed never sits in memory as one string."""
    ordered = _sorted_for_feed(items)
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/">\n  <channel>\n'
           f"    <title>{_x(outlet.name)}</title>\n    <link>{outlet.base_url}/</link>\n"
           f"    <description>{_x(outlet.description)}</description>\n    <language>en</language>\n"
           f"    <lastBuildDate>{_rss_date(outlet, _channel_updated(ordered))}</lastBuildDate>\n"
           f'    <atom:link href="{outlet.feed_url}" rel="self" type="application/rss+xml"/>\n')
    for item in ordered:
        yield _rss_item(outlet, item) + "\n"
    yield "  </channel>\n</rss>\n"


def _atom_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _atom_entry(item: SampleItem) -> str:
    published = item.published or _atom_date_fallback()
    # Some entries are updated a while after publication, as corrections and new details come in.
    later = published + timedelta(minutes=(item.seq * 37) % 180 if item.seq % 4 == 0 else 0)
    updated = min(later, published.replace(hour=23, minute=59, second=59))
    summary = (f'    <summary type="html">{_x(_html_summary(item))}</summary>' if item.html
               else f'    <summary type="text">{_x(item.story.summary)}</summary>')
    return "\n".join([
        "  <entry>", f'    <title type="text">{_x(item.story.title)}</title>',
        f'    <link rel="alternate" type="text/html" href="{_x(item.link)}"/>',
        f"    <id>{_x(item.guid)}</id>", f"    <published>{_atom_date(published)}</published>",
        f"    <updated>{_atom_date(updated)}</updated>",
        f"    <author><name>{_x(item.author)}</name></author>",
        f'    <category term="{_x(item.story.category)}"/>', summary, "  </entry>",
    ])


def _atom_date_fallback() -> datetime:
    return datetime(PERIOD_END.year, PERIOD_END.month, PERIOD_END.day, tzinfo=UTC)


def render_atom(outlet: Outlet, items: Iterable[SampleItem]) -> Iterator[str]:
    """Atom 1.0 text in chunks."""
    ordered = _sorted_for_feed(items)
    yield ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
           f"  <title>{_x(outlet.name)}</title>\n  <subtitle>{_x(outlet.description)}</subtitle>\n"
           f'  <link rel="alternate" type="text/html" href="{outlet.base_url}/"/>\n'
           f'  <link rel="self" type="application/atom+xml" href="{outlet.feed_url}"/>\n'
           f"  <id>{outlet.base_url}/</id>\n  <updated>{_atom_date(_channel_updated(ordered))}</updated>\n"
           f"  <author><name>{_x(outlet.name)} newsroom</name></author>\n")
    for item in ordered:
        yield _atom_entry(item) + "\n"
    yield "</feed>\n"


def render_feed(outlet: Outlet, items: Iterable[SampleItem]) -> Iterator[str]:
    mine = [i for i in items if i.outlet == outlet.key]
    return render_atom(outlet, mine) if outlet.fmt == "atom" else render_rss(outlet, mine)


def write_samples(out_dir: Path, seed: int = DEFAULT_SEED, days: int = DEFAULT_DAYS,
                  scale: int = 1) -> list[Path]:
    """Write one feed file per outlet; returns the paths in outlet order."""
    if days < SPIKE_DAYS + 2:
        raise ValueError(f"days must be at least {SPIKE_DAYS + 2}")
    if scale < 1:
        raise ValueError("scale must be at least 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    items = build_sample_items(seed, days, scale)
    paths = []
    for outlet in OUTLETS:
        path = out_dir / outlet.filename
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(render_feed(outlet, items))
        paths.append(path)
    return paths


# ----------------------------------------------------------------------------- benchmark item stream

BENCH_KIND_WEIGHTS = {"escalation": 35, "deescalation": 25, "neutral": 22, "tricky": 8, "offtopic": 10}
BENCH_PHASE_FOR_KIND = {"escalation": "spike", "deescalation": "deescalation", "neutral": "baseline",
                        "tricky": "baseline", "offtopic": "baseline"}


def generate_labelled_items(count: int, seed: int = DEFAULT_SEED, days: int = 365) -> Iterator[dict]:
    """Like `generate_items`, plus the generator's own `kind` and `category` (for accuracy checks)."""
    rng = random.Random(f"bench:{seed}")
    kinds = list(BENCH_KIND_WEIGHTS)
    kind_weights = list(BENCH_KIND_WEIGHTS.values())
    end = datetime(PERIOD_END.year, PERIOD_END.month, PERIOD_END.day, 23, 59, tzinfo=UTC)
    span = days * 86400
    for index in range(count):
        published = end - timedelta(seconds=rng.randrange(span))
        kind = rng.choices(kinds, weights=kind_weights)[0]
        story = write_story(rng, kind, BENCH_PHASE_FOR_KIND[kind], published.date())
        outlet = OUTLETS[index % len(OUTLETS)]
        link = f"{outlet.base_url}/bench/{seed}/{index}"
        yield {"title": story.title, "summary": story.summary, "link": link,
               "guid": f"bench-{seed}-{index}", "published": published.isoformat(), "source": outlet.name,
               "kind": story.kind, "category": story.category}


def generate_items(count: int, seed: int = DEFAULT_SEED) -> Iterator[dict]:
    """`count` JSON-ready items (title, summary, link, guid, published ISO-8601 UTC, source)."""
    for row in generate_labelled_items(count, seed):
        del row["kind"], row["category"]
        yield row


def write_items_jsonl(path: Path, count: int, seed: int = DEFAULT_SEED) -> int:
    """Write `count` benchmark items as JSON Lines; returns the number written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in generate_items(count, seed):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    return written
