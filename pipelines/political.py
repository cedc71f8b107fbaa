"""Which tokens of a sentence are political or armed actors: what a signal must be bound to to count.

Stage one marks them without a parse, from what it already has: the taxonomy's actor mentions (every state
by name, capital or demonym, international bodies, officials) and generic agents that name no one in
particular but are political or armed by their word alone (government, army, police, rebels, protesters).
A personal pronoun counts when a political token came before it in its sentence or in the one before
("They fired on the crowd"). A sentence with a directional signal and no political token is not parsed:
its signals are evidence with weight 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# Lemmas (stage one's lower-cased lookup lemmas) of agents that are political or armed by the word alone.
GENERIC_AGENTS = frozenset({
    "government", "govt", "ministry", "minister", "army", "military", "troop", "soldier", "police",
    "policeman", "rebel", "militant", "insurgent", "protester", "protestor", "demonstrator", "official",
    "authority", "regime", "parliament", "congress", "senate", "lawmaker", "legislator", "president",
    "premier", "chancellor", "diplomat", "embassy", "ambassador", "envoy", "navy", "militia", "guerrilla",
    "guerilla", "separatist", "junta", "opposition", "coalition", "alliance", "cabinet", "administration",
    "commander", "officer", "terrorist", "jihadist", "warplane", "warship", "missile", "artillery", "kremlin",
    "pentagon", "dictator", "paratrooper", "sniper", "gunman", "gunmen", "combatant", "occupier", "invader",
    "peacekeeper", "mercenary", "spy", "regiment", "battalion", "brigade", "platoon", "drone", "bomber",
    "submarine", "mp", "senator", "governor", "mayor", "bloc", "delegation", "negotiator", "mediator",
    "leader", "hostage", "civilian", "refugee", "activist", "dissident", "rebellion", "uprising",
    "insurgency", "statesman", "superpower", "nato", "un", "court", "judge", "judiciary", "tribunal",
    # CAMEO codes a labour strike as protest: workers and unions act politically when they strike.
    "worker", "union", "striker", "state", "hacker",
})
# Upper-case words (acronyms and names of armed groups) read on the token's lower-cased text.
NAMED_GROUPS = frozenset({
    "taliban", "hamas", "hezbollah", "hizbollah", "isis", "isil", "daesh", "houthi", "houthis", "al-qaeda",
    "qaeda", "al-shabaab", "shabaab", "boko", "pkk", "farc", "wagner", "ypg", "sdf", "idf", "irgc", "nato",
    "un", "eu", "osce", "iaea", "asean", "au", "ecowas", "opec", "who", "icc", "icj", "imf", "kgb", "fsb",
    "cia", "fbi", "mossad", "jihad", "janjaweed", "rsf", "m23", "anc", "plo", "ira", "eta", "hts",
})
# Conflict nouns that bind a signal by themselves: a sanction, a truce or an invasion has political
# parties even when the sentence does not name them ("the ceasefire collapsed").
SELF_BINDING = frozenset({
    "sanction", "ceasefire", "cease-fire", "truce", "treaty", "invasion", "airstrike", "embargo",
    "negotiation", "coup", "nuclear", "diplomatic", "annexation", "war", "warfare", "armistice", "disarmament",
    "militarily",
    "geopolitical", "bilateral", "summit", "occupation", "martial", "blockade", "hostilities", "referendum",
})
# Word forms (not lemmas) that bind themselves: the plural noun is the diplomatic event ("talks resumed"),
# the singular or the verb is not ("talk to a teenager").
SELF_BINDING_FORMS = frozenset({"talks", "negotiations"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "his", "her", "their", "its", "our", "them", "him",
                      "us", "i"})


class PoliticalWords:
    """The three word sets as string hashes of one vocabulary: marking costs a set test per token."""

    def __init__(self, add: Callable[[str], int]) -> None:
        self.agents = frozenset(add(w) for w in GENERIC_AGENTS | SELF_BINDING)
        self.groups = frozenset(add(w) for w in NAMED_GROUPS | SELF_BINDING_FORMS)
        self.pronouns = frozenset(add(w) for w in PRONOUNS)

    def marks(self, norms: Sequence[int], lowers: Sequence[int], actor_spans: Sequence[tuple[int, int]],
              after_political: bool) -> list[bool]:
        """Political tokens of one sentence. `actor_spans`: sentence-relative [start, end) of actor mentions;
        `after_political`: the sentence before held a political token (pronouns may refer to it)."""
        agents, groups, pronouns = self.agents, self.groups, self.pronouns
        out = [norm in agents or lower in groups for norm, lower in zip(norms, lowers, strict=True)]
        for start, end in actor_spans:
            for i in range(start, end):
                out[i] = True
        seen = after_political
        for i, lower in enumerate(lowers):
            if out[i]:
                seen = True
            elif seen and lower in pronouns:
                out[i] = True
        return out
