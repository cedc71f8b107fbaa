"""Which tokens of a sentence are political or armed actors: what a signal must be bound to to count.

Stage one marks them without a parse, from what it already has: the taxonomy's actor mentions (every state
by name, capital or demonym, international bodies, officials) and generic agents that name no one in
particular but are political or armed by their word alone (government, army, police, rebels, protesters).
A personal pronoun counts when a political token came before it in its sentence or in the one before
("They fired on the crowd"). A sentence with a directional signal and no political token is not parsed:
its signals are evidence with weight 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

# Lemmas (stage one's lower-cased lookup lemmas) of agents that are political or armed by the word alone.
GENERIC_AGENTS = frozenset({
    "government", "govt", "ministry", "minister", "army", "military", "troop", "soldier", "police",
    "policeman", "rebel", "militant", "insurgent", "protester", "protestor", "demonstrator", "official",
    "authority", "regime", "parliament", "congress", "senate", "lawmaker", "legislator", "president",
    "premier", "chancellor", "diplomat", "embassy", "ambassador", "envoy", "navy", "militia", "guerrilla",
    "guerilla", "separatist", "junta", "opposition", "rioter", "coalition", "alliance", "cabinet", "administration",
    "commander", "officer", "terrorist", "jihadist", "warplane", "warship", "missile", "artillery", "kremlin",
    "pentagon", "dictator", "paratrooper", "sniper", "gunman", "gunmen", "combatant", "occupier", "invader",
    "peacekeeper", "mercenary", "spy", "regiment", "battalion", "brigade", "platoon", "drone", "bomber",
    "submarine", "mp", "senator", "governor", "mayor", "bloc", "delegation", "negotiator", "mediator",
    "leader", "rebellion", "uprising",
    "insurgency", "statesman", "superpower", "nato", "un", "court", "judiciary", "tribunal",
    # CAMEO codes a labour strike as protest: workers and unions act politically when they strike.
    "state", "force", "militiaman", "militiamen", "serviceman", "servicemen", "gendarme", "gendarmerie",
    "guardsman", "policemen", "trooper", "loyalist", "secessionist", "extremist", "islamist", "fundamentalist",
    "nationalist", "hardliner",
    # ethnic and religious communities, which CAMEO codes as actors in their own right
    "secretary", "secretary-general", "amnesty", "ngo", "watchdog", "kurd", "sunni", "shiite", "shia", "tamil",
    "tutsi", "hutu", "pashtun", "uighur", "uyghur", "rohingya", "bandit", "prosecutor", "commission",
    "serb", "croat", "albanian", "kurdish", "baloch", "fulani", "tuareg",
    # the parties of communal conflict that ACLED codes: clan and tribal elders, a jirga
    "elder", "tribe", "jirga", "warlord",
    "politician", "mujahideen", "mujahedeen",
})
# Generic agents that name one person and are never a title: as the first word of a proper name ("Rebel
# Wilson") they are a given name, whereas titles ("President Ruto", "Senator Cruz") head the name of an official.
PERSON_AGENTS = frozenset({
    "rebel", "militant", "insurgent", "protester", "protestor", "demonstrator", "soldier", "terrorist", "jihadist",
    "sniper", "gunman", "spy", "mercenary", "dictator", "separatist", "loyalist", "extremist", "islamist",
    "guerrilla", "guerilla", "combatant", "occupier", "invader", "peacekeeper", "paratrooper", "trooper",
    "militiaman", "serviceman", "guardsman", "secessionist"})
# People who served or live with those who serve: an agent noun right before one of these says what kind of
# private person it is ("a Navy veteran", "an army wife"), not who acts.
PRIVATE_PERSONS = frozenset({"veteran", "vet", "retiree", "widow", "widower", "spouse", "wife", "husband"})
# Kinds of leader or official that are no state's: "business leaders", "industry officials", "church leaders".
PRIVATE_KINDS = frozenset({"business", "industry", "company", "corporate", "tech", "church", "faith", "religious",
                           "community", "civic", "student", "youth", "school", "club", "team",
                           "fashion", "film", "music", "sport", "sports", "hospital", "university", "bank"})
# Dishes and foods named after a people: the state word before one names a recipe ("Russian dressing").
DISHES = frozenset({"dressing", "dress", "fry", "fries", "toast", "salad", "cuisine", "dish", "recipe", "cheese",
                    "pastry", "dumpling", "dessert", "breakfast", "bread", "yogurt", "yoghurt", "delight", "food",
                    "restaurant", "takeout", "roast", "stew", "curry", "coffee", "tea", "wine", "vodka",
                    "whisky", "beer", "sausage", "meatball", "pancake", "omelette", "omelet", "kebab", "noodle",
                    "noodles"})
# Courts of private disputes and courts that are places to play: "small claims court", "a tennis court".
PRIVATE_COURTS = frozenset({"claim", "claims", "family", "divorce", "traffic", "probate", "bankruptcy", "juvenile",
                            "tennis", "basketball", "squash", "food", "volleyball", "badminton", "house"})
# What a drone is for when it is a gadget ("a drone delivery service", "drone footage"), and the words that make
# "turkey" the bird ("a wild turkey", "the Thanksgiving turkey"); compared by lower-cased lemma.
GADGET_USES = frozenset({"delivery", "footage", "video", "show", "racing", "race", "photography", "photo", "light",
                         "camera", "company", "startup", "hobbyist", "enthusiast", "pilot"})
BIRD_WORDS = frozenset({"wild", "roast", "thanksgiving", "smoked", "smoke", "fried", "fry", "stuff", "pet"})
LEADING_AGENTS = frozenset({"leader", "official", "chief", "head", "executive", "president", "chairman",
                            "commander", "officer", "authority"})
# Animals: killing, hunting or attacking them is no conflict between people (pipelines/binding.py), nor is an
# army of them an armed force ("a squirrel army"), nor is pardoning or freeing them cooperation, whoever does it
# ("the president's son killed an elephant", "pardoned two turkeys").
ANIMALS = frozenset({
    "wolf", "bee", "fish", "bird", "whale", "deer", "shark", "bear", "elephant", "rhino", "wildlife", "animal",
    "species", "cattle", "livestock", "poultry", "dog", "horse", "goat", "lion", "tiger", "leopard", "giraffe",
    "boar", "monkey", "gorilla", "crocodile", "snake", "dolphin", "cow", "pig", "sheep", "cat", "puppy", "jaguar",
    "puma", "cougar", "hippo", "rat", "pigeon", "kangaroo", "koala", "alligator", "bull", "camel", "turkey",
    "turtle", "tortoise", "seal", "otter", "penguin", "orangutan", "chimpanzee", "panda", "eagle", "owl", "parrot",
    "locust", "lanternfly", "beetle", "mosquito", "ant", "termite", "aphid", "moth", "caterpillar", "grasshopper",
    "jellyfish", "insect", "pest", "rodent", "weed", "algae", "lionfish", "carp", "crayfish", "starfish", "snail",
    "slug", "mussel", "python", "boa", "stingray", "urchin", "seaweed", "hyacinth", "knotweed", "swan", "goose",
    "geese", "duck", "duckling", "gull", "seagull", "bacteria", "bacterium", "microbe", "germ",
    "crow", "raccoon", "squirrel", "coyote", "fox", "moose", "emu", "ostrich", "peacock", "rooster", "chicken", "hen",
    "llama", "alpaca", "donkey", "mouse", "mice", "hornet", "wasp", "spider", "frog", "toad", "lizard", "iguana",
    "octopus", "squid", "crab", "lobster", "beaver", "badger", "hedgehog", "buffalo", "bison", "zebra", "hyena",
    "baboon", "macaque", "magpie", "raven", "hawk", "falcon", "vulture", "orca"})
# What an "army" of fans, ants or robots is ("the BeyHive, Beyoncé's fan army"), and bodies of the arts and letters
# a state word names ("the Swedish Academy", "the Vienna Philharmonic" is a name already).
MOCK_ARMIES = frozenset({"fan", "ant", "robot", "dog", "toy", "clone", "lego", "zombie", "terracotta", "bee", "bot",
                         "troll", "volunteer"}) | ANIMALS
CULTURAL_BODIES = frozenset({"academy", "orchestra", "museum", "zoo", "theatre", "theater", "library", "opera",
                             "ballet", "philharmonic", "choir", "gallery"})
# A strong mark cleared by the word beside it: (the marked word, or None for any; the neighbour; where the neighbour
# stands, -1 before, +1 after).
CLEARED_BESIDE = (
    (None, PRIVATE_PERSONS, 1),  # "a Navy veteran": the agent names the person's kind
    (("court",), PRIVATE_COURTS, -1),  # "small claims court", "a tennis court": no state's court in a crisis
    (("union",), ("student", "credit"), -1),  # "a student union", "a credit union": a building, a bank
    (LEADING_AGENTS | {w + "s" for w in LEADING_AGENTS}, PRIVATE_KINDS, -1),  # "business leaders"
    (None, DISHES, 1),  # "Russian dressing", "French fries": a dish, no state
    (("drone",), GADGET_USES, 1),  # "a drone delivery service", "drone footage": a gadget's
    (("turkey",), BIRD_WORDS, -1),  # "an aggressive wild turkey", "the Thanksgiving turkey": the bird
    (("army", "armies"), MOCK_ARMIES, -1),  # "Beyoncé's fan army", "a robot dog army": no armed force
    (None, CULTURAL_BODIES, 1),  # "the Swedish Academy praised her prose": the state word names an academy
)
# Those who served, once they have left ("a former officer", "the ex-soldier"): private persons. Former leaders
# ("the former president") are still political actors, as CAMEO codes them.
FORMER = frozenset({"former", "ex", "retired", "retire"})  # norms: "retired" -> "retire"
SERVICE_PEOPLE = frozenset({"officer", "soldier", "policeman", "policemen", "trooper", "serviceman", "servicemen",
                            "guardsman", "paratrooper", "sniper", "gendarme", "militiaman", "police"})
FORMER_REACH = 3  # "the former Dallas police officer"
# Agents of the state's force (lemmas): what they end ("police broke up the rally", "troops halted the march")
# is ended by force, which is repression, not a concession by those who protested.
COERCIVE_AGENTS = frozenset({
    "police", "policeman", "policemen", "officer", "army", "military", "troop", "soldier", "force", "forces",
    "authority", "authorities", "regime", "junta", "gendarme", "guardsman", "paratrooper", "militia", "security",
    "riot"})
# Names of armed groups and acronyms of bodies, matched as written (upper-case too): "WHO" is the
# organisation, "who" and the headline's "Who" are not; "US" is a state, "us" is not.
NAMED_GROUPS = frozenset({
    "Taliban", "Hamas", "Hezbollah", "Hizbollah", "ISIS", "ISIL", "Daesh", "Houthi", "Houthis", "al-Qaeda",
    "Qaeda", "al-Shabaab", "Shabaab", "Boko", "PKK", "FARC", "Wagner", "YPG", "SDF", "IDF", "IRGC", "NATO",
    "UN", "EU", "OSCE", "IAEA", "ASEAN", "AU", "ECOWAS", "OPEC", "WHO", "ICC", "ICJ", "IMF", "KGB", "FSB",
    "CIA", "FBI", "Mossad", "USAID", "UNICEF", "UNHCR", "WFP", "OCHA", "UNRWA", "Janjaweed", "RSF", "M23", "ANC",
    "PLO", "IRA", "ETA", "HTS", "US", "UK", "USSR", "Koreas",
    # peacekeeping missions and forces
    "MONUSCO", "MINUSMA", "MINUSCA", "UNIFIL", "UNMISS", "UNAMID", "UNAMA", "KFOR", "AMISOM", "ATMIS", "SADC",
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
# ("heavy shelling was reported", "a grenade was thrown into a market"; "a chlorine gas attack killed dozens": chlorine
# is no signal, an attack with it is)
SELF_BINDING_FORMS = frozenset({"talks", "negotiations", "shelling", "shellings", "chlorine", "grenade", "grenades",
                                "fighting"})
# Agents that are armed only in the plural: "fighters" are militants, "a fighter" may be a boxer.
PLURAL_AGENTS = frozenset({"fighters", "forces"})
# ... and states in the plural, only as written in lower case: "several countries recognised" (not "nations":
# "the Six Nations", "rugby nations", "tier-one nations" are sport's)
LOWER_CASE_PLURAL_AGENTS = frozenset({"countries"})
# People who act politically when they protest or strike but are, as the ones acted upon, the victims of
# crime as often as of conflict ("killed seven workers"): they bind a signal as its agent only, like the
# self-binding nouns, which bind only when the event names no one else.
WEAK = frozenset({"worker", "union", "civilian", "refugee", "hostage", "activist", "dissident", "student",
                  "prisoner", "detainee", "captive"})
# Third-person pronouns only: "we" and "our" in news are mostly the quoted speaker, who is no referent.
PRONOUNS = frozenset({"he", "she", "they", "it", "his", "her", "their", "its", "them", "him"})
# "he" and "she" by gender ("m", "f"): a private person named after the political word is who a pronoun of
# their gender refers to ("Police say a man robbed a bank. He was arrested at the window": the man was
# arrested, not the police); a possessed one is not ("visited a factory with his daughter. He threatened ...").
PRONOUN_GENDERS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
# Political agents that are bodies, not persons: a "he" or a "she" after one of them is someone else.
BODIES = frozenset({"police", "army", "military", "government", "ministry", "authority", "regime", "parliament",
                    "congress", "senate", "court", "navy", "cabinet", "administration", "embassy", "junta", "coalition",
                    "alliance", "commission", "militia", "judiciary", "tribunal", "kremlin", "pentagon", "gendarmerie"})
MALE_REFERENTS = frozenset({"man", "boy", "father", "son", "husband", "grandfather", "grandpa", "dad"})
FEMALE_REFERENTS = frozenset({"woman", "girl", "mother", "daughter", "wife", "grandmother", "grandma", "mom", "mum"})
PRIVATE_REFERENTS = MALE_REFERENTS | FEMALE_REFERENTS | frozenset({
    "teen", "teenager", "suspect", "driver", "motorist", "person", "resident", "robber", "thief", "burglar",
    "shoplifter", "passenger", "customer", "neighbour", "neighbor", "toddler", "child", "student", "pupil",
    "homeowner", "tourist", "hiker", "cyclist", "pedestrian", "shopper", "employee", "worker", "owner", "fan",
    "baby"})
POSSESSIVES = frozenset({"his", "her", "their", "its", "my", "our", "your"})


# Words (as written, lower-cased: "filmed" is no film) that make a sentence, or a whole story when its
# headline or lede holds one, one of entertainment or sport: a "meeting", a "shot" or an "attack" in it is
# a sketch, a game or a review, even when a head of state is its subject ("Late-night comedian spoofs the
# president's summit"). None of them occurs in wire news about a crisis; words that do ("trailer", "reboot")
# count only in pairs.
ENTERTAINMENT = frozenset({
    "comedian", "sitcom", "album", "rapper", "singer", "songwriter", "actress", "oscar", "oscars",
    "emmy", "emmys", "grammy", "grammys", "netflix", "hollywood", "celebrity", "nba", "nfl", "mlb", "nhl",
    "olympian", "quarterback", "film", "movie", "comedy", "box-office", "superstar", "popstar",
    "broadway", "youtuber", "influencer", "rom-com", "biopic", "primetime", "olympics",
    "olympic", "ufc", "soccer", "meme", "joke", "spoof", "standup", "stand-up", "ncaa", "basketball", "baseball",
    "championships", "playoffs", "burlesque", "supercut", "co-host",
    # comedy's forms: a summit or a war in a sketch is the sketch's
    "snl", "monologue", "sketch", "parody", "parodies", "roast", "skewers", "lampoons", "impersonation",
    "impersonator", "premiere", "skit", "prank", "supermodel", "sequel", "paparazzi",
    # sport's own words: "Germany beat Sweden with a late free kick" is a match
    "free-kick", "hat-trick", "touchdown", "midfielder", "goalkeeper", "semifinal", "semi-final", "quarterfinal",
    "quarter-final", "semifinals", "semi-finals", "quarterfinals", "quarter-finals",
    "fifa", "uefa", "wimbledon", "tennis", "golf", "snooker", "darts", "wickets", "atp", "wta",
    "pga", "nascar", "motogp", "tiebreak", "tie-break",
    "peloton", "equaliser", "equalizer", "half-time", "halftime", "fly-half", "scrum-half",
    "umpire", "umpires", "run-out", "innings", "batsman", "batsmen", "bowler", "bowlers", "kabaddi", "slalom",
    "full-back", "centre-back", "goalscorer", "scoreline", "pre-match", "post-match", "springboks", "wallabies",
    "socceroos", "bundesliga", "laliga", "concacaf", "conmebol", "goalless", "wicket",
    "buzzer-beater",
    # screen works and their listings: a war in a miniseries is the work's (not "documentary": "a documentary
    # maker was killed by Russian forces")
    "docuseries", "miniseries", "imdb", "playlist", "blooper",
    # a screen work's making ("a terror thriller"); not "trailer" (a trailer bomb), "reboot" (a reboot of ties),
    # "finale" or "blockbuster"
    "thriller", "prequel", "spinoff", "spin-off", "showrunner", "screenplay", "screenwriter",
    # round nineteen: golf's and cycling's words, a league's punishment, anime
    "golfer", "golfers", "bogey", "birdie", "bogey-free", "giro", "relegation", "anime", "manga",
    # round twenty-three: football's positions, the stage's and the catwalk's, games consoles
    "right-back", "left-back", "winger", "centre-forward", "playmaker", "ballet", "ballerina", "choreographer",
    "catwalk", "couture", "gamers", "videogame", "playstation", "xbox", "nintendo", "esports", "eurovision",
    "sprinter", "gymnast", "medallist", "medalist", "jockey", "racecourse", "wrestlemania", "podcaster"})
# Not sports or venues named alone ("cricket", "rugby", "F1", "T20", "Wembley"): "a blast near a cricket
# stadium", "a missile strike hit a rugby club" are news of a crisis.
# Two-word cues: "the talk show host", "the late-night host".
ENTERTAINMENT_PAIRS = frozenset({("show", "host"), ("talk", "show"), ("late", "show"), ("football", "league"),
                                 ("on", "penalties"),
                                 ("football", "club"), ("point", "deduction"), ("points", "deduction"),
                                 ("daily", "show"), ("tonight", "show"), ("night", "live"), ("pop", "star"),
                                 ("reality", "star"), ("tv", "star"), ("movie", "star"), ("rock", "star"),
                                 ("red", "carpet"), ("box", "office"), ("met", "gala"), ("free", "kick"),
                                 ("stoppage", "time"), ("world", "cup"), ("super", "bowl"), ("grand", "prix"),
                                 ("grand", "slam"), ("premier", "league"), ("champions", "league"),
                                 ("formula", "one"), ("copa", "america"), ("penalty", "area"),
                                 ("tour", "de"), ("asian", "games"), ("commonwealth", "games"), ("davis", "cup"),
                                 ("ryder", "cup"), ("nations", "league"), ("africa", "cup"), ("test", "match"),
                                 ("barmy", "army"), ("euro", "qualifier"), ("african", "cup"), ("nations", "cup"),
                                 ("first", "pitch"), ("home", "opener"), ("pace", "attack"),
                                 ("pitch", "invasion"), ("championship", "record"),
                                 ("cast", "member"), ("cast", "members"),
                                 ("break", "points"), ("set", "point"), ("match", "point"), ("top", "seed"),
                                 ("fashion", "week"), ("video", "game"),
                                 ("video", "games"), ("game", "publisher"), ("transfer", "window"), ("la", "liga"),
                                 ("world", "series"), ("stanley", "cup"),
                                 ("series", "order"), ("star", "wars"), ("final", "season"), ("movie", "trailer"),
                                 ("film", "trailer"), ("official", "trailer"), ("new", "trailer"),
                                 ("teaser", "trailer"), ("season", "trailer"),
                                 # the hosts of satire and late-night shows, by full name ("Michael Fallon" and
                                 # "Maher al-Assad" are no comedians)
                                 ("stephen", "colbert"), ("jimmy", "kimmel"), ("jimmy", "fallon"),
                                 ("james", "corden"), ("bill", "maher"), ("david", "letterman"), ("trevor", "noah"),
                                 ("seth", "meyers"), ("john", "oliver"), ("samantha", "bee"),
                                 ("jon", "stewart"), ("jay", "leno"), ("hasan", "minhaj"), ("conan", "o'brien")})
# Words of a match that, two of them together and no word of harm, make a sentence sport's ("Three first-choice
# defenders are doubtful for Friday's qualifier at Wembley, the head coach said"): alone, "a blast near the
# stadium" or "the coach of the national team was arrested" may be a crisis's. Words politics uses too ("a policy
# goal", "the death penalty", "election victory", "the final round of talks") count half.
SPORT_CUES = frozenset({"header", "substitute", "qualifier", "qualifiers", "stadium", "coach", "championship",
                        "tournament", "fixture", "fixtures", "midfield", "scored", "scorer", "semi", "innings",
                        "wicket", "opener", "rematch", "teammates", "teammate"})
HALF_SPORT_CUES = frozenset({"goal", "goals", "penalty", "penalties", "victory", "win", "wins", "draw", "final",
                             "finals", "season", "league", "cup", "match", "matches", "supporters", "title",
                             "defeat", "friendly", "striker", "strikers", "defender", "defenders", "squad"})
SPORT_CUES_NEEDED = 2
# ... nor of a state's force or a political side: "Security forces fired tear gas at opposition supporters gathered at
# a stadium", "The Taliban banned women from the cricket tournament", "Protesters stormed the stadium".
HARM_CUES = frozenset({"killed", "killing", "kills", "kill", "dead", "died", "wounded", "bomb", "bombs", "bomber",
                       "blast", "explosion", "missile", "missiles", "rocket", "rockets", "shelling", "shelled",
                       "airstrike", "airstrikes", "gunman", "gunmen", "militant", "militants", "militia", "militias",
                       "troops", "soldier", "soldiers", "army", "rebels", "ceasefire", "invasion", "sanctions",
                       "police", "tear", "arrested", "detained", "banned", "stormed", "executed", "taliban",
                       "government", "opposition", "authorities", "regime", "junta", "protesters", "protest",
                       "campaign", "election", "forces", "fighters"})
PAIR_REACH = 3  # the second word may follow within this many tokens ("The 'Daily Show' host")
# "Late-night" is television only before a show's word ("late-night hosts", "late-night TV"); "a late-night
# meeting", "late-night talks" and "late-night raids" are wire news.
LATE_NIGHT_SHOWS = frozenset({"host", "hosts", "show", "shows", "comedian", "comedians", "comic", "comics",
                              "monologue", "monologues", "sketch", "comedy", "joke", "jokes", "writers", "laughs",
                              "spoof", "parody", "satire", "satirist", "satirists", "snark", "'s", "’s"})
# A sentence that opens by naming its subject as one of these ("The actor said ...", "The Oscar-winning
# singer ...", "The host reimagined ...") is about a performer: the lede of an entertainment story.
PERFORMERS = frozenset({"actor", "actress", "star", "host", "model", "comic", "comedian", "musician", "singer",
                        "rapper", "filmmaker", "chef", "artist", "supermodel", "songwriter", "dancer", "influencer"})
PERFORMER_REACH = 4  # the determiner, up to three modifiers, the noun
# "The host country", "the host nation": hosts of a summit, not of a show.
HOSTED = frozenset({"country", "nation", "city", "government", "state", "team", "family"})
# Auxiliaries after a performer's noun that open what is done to the performer ("The artist was detained").
UNDERGOING = frozenset({"was", "were", "is", "are", "has", "have", "had", "will", "faces", "faced"})
# Words right before "host" that make it a show's host: a show's title in quotes ("the 'Jimmy Kimmel Live'
# host"), a medium or a genre ("the Fox News host", "a radio host", "the game show host").
SHOW_HOST = "host"
BEFORE_SHOW_HOST = frozenset({'"', "”", "'", "’", "show", "tv", "television", "radio", "podcast", "news",
                              "talk", "chat", "game", "youtube", "cnn", "msnbc", "hbo", "bbc"})

# Armed people of no named side: "armed men", "an armed gang" (the noun after "armed" is marked).
ARMED_PEOPLE = frozenset({"man", "men", "group", "gang", "assailant", "attacker", "individual", "settler", "youth",
                          "herder", "villager"})  # "armed settlers attacked the village"
# Political words that may only be where something happens ("... in court"): an opening pronoun beside one alone
# is no political actor.
VENUES = frozenset({"court", "judiciary", "tribunal", "parliament", "congress"})
# Words that may stand before a text's opening pronoun: a quote mark, a conjunction ("But she criticised ...").
OPENERS = frozenset({'"', "'", "“", "‘", "but", "and", "so", "yet", "then", "now", "still"})
OPENING_REACH = 3
# The sides of a conflict, counted: "each side blamed the other", "warring factions" (not "both sides" or "the two
# sides", which contract talks, lawsuits and finals have as often).
SIDE_COUNTS = frozenset({"each", "either", "neither", "warring", "opposing"})
# ... which are the parties' sides where the sentence names a political actor too ("Armenia and Azerbaijan ...
# both sides agreed", "the two sides exchanged prisoners, the ICRC said"), or where they act on each other over a
# conflict's own word ("both sides accused each other of violating the truce"; not "both sides blamed each other
# after the merger talks collapsed").
SIDE_PAIRS = frozenset({"both", "two"})
# Attacks that the word before makes military, which bind themselves as the self-binding nouns do ("an air strike
# on a school killed 50", "air raids on the capital"): "strike", "raid" or "attack" alone may be labour's, crime's.
ARMED_ATTACKS_AFTER = {"air": frozenset({"strike", "strikes", "raid", "raids", "attack", "attacks", "bombardment",
                                         "bombardments", "campaign", "offensive"})}
# Nouns that the word before makes political: "the ruling party", "rights groups" (CAMEO's NGOs).
KINDS_AFTER = {
    "ruling": frozenset({"party", "parties", "coalition", "family", "elite", "council"}),
    "governing": frozenset({"party", "parties", "coalition", "council"}),
    "rights": frozenset({"group", "groups", "organisation", "organisations", "organization", "organizations",
                         "campaigner", "campaigners", "activist", "activists", "defender", "defenders"}),
    "advocacy": frozenset({"group", "groups", "organisation", "organization"}),
    "freedom": frozenset({"group", "groups", "organisation", "organisations", "organization", "organizations",
                          "watchdog", "watchdogs"}),  # "press freedom groups"
    "pro-democracy": frozenset({"group", "groups", "campaigner", "campaigners", "movement"}),
    "border": frozenset({"guard", "guards", "service", "services", "agency", "force", "forces", "unit", "units"}),
    "coast": frozenset({"guard", "guards"}),
    # humanitarian organisations, CAMEO's NGOs: "aid groups criticised the EU", "relief agencies warned"
    **dict.fromkeys(("aid", "relief", "humanitarian"), frozenset({
        "group", "groups", "agency", "agencies", "organisation", "organisations", "organization", "organizations"})),
}
# Names of historic wars, as written: "a World War Two shell", "a Cold War spy" name a period, not a conflict's party.
HISTORIC_WARS = frozenset({"World", "Cold"})

NONE, WEAK_MARK, STRONG_MARK = 0, 1, 2


class PoliticalWords:
    """The word sets as string hashes of one vocabulary: marking costs a set test per token."""

    def __init__(self, add: Callable[[str], int], demonyms: Iterable[str] = ()) -> None:
        """`demonyms`: the taxonomy's state words ("Palestinian"), political in the plural too ("Palestinians":
        the lookup lemmas leave such plurals alone), and only as written with a capital."""
        words = GENERIC_AGENTS
        self.agents = frozenset(add(w) for w in words | {w + "s" for w in words})
        # state words as written, capitalised: "turkeys" and "china" (the plates) are no states
        states = {d for d in demonyms if d[:1].isupper()}
        # (no plural of a name in -y: "Wild Turkeys Invade ..." in a Title Case headline are birds)
        state_forms = {form for d in states for form in (d, d.upper()) + (() if d.endswith("y") else (
            d + "s", d.upper() + "S"))}
        self.entertainment = frozenset(add(w) for w in ENTERTAINMENT | {w + "s" for w in ENTERTAINMENT})
        self.sport_cues = frozenset(add(w) for w in SPORT_CUES)
        self.half_sport_cues = frozenset(add(w) for w in HALF_SPORT_CUES)
        self.harm_cues = frozenset(add(w) for w in HARM_CUES)
        self.pair_firsts = frozenset(add(a) for a, _ in ENTERTAINMENT_PAIRS)
        self.entertainment_pairs = frozenset((add(a), add(b)) for a, b in ENTERTAINMENT_PAIRS)
        self.show_host = add(SHOW_HOST)
        self.late, self.night = add("late"), add("night")
        self.late_night_shows = frozenset(add(w) for w in LATE_NIGHT_SHOWS)
        self.quotes = frozenset(add(w) for w in ('"', "'", "“", "”", "‘", "’"))
        self.determiners = frozenset(add(w) for w in ("the", "a", "an"))
        self.performers = frozenset(add(w) for w in PERFORMERS)
        self.hosted = frozenset(add(w) for w in HOSTED)
        self.undergoing = frozenset(add(w) for w in UNDERGOING)
        self.before_show_host = frozenset(add(w) for w in BEFORE_SHOW_HOST)
        # the tokeniser splits "rom-com" into "rom", "-", "com": a hyphenated cue is read as those three tokens
        # ("stand-up" is a comedy, "stand up to" is not)
        hyphenated = [w.split("-", 1) for w in ENTERTAINMENT if "-" in w]
        self.hyphen = add("-")
        self.hyphen_firsts = frozenset(add(a) for a, _ in hyphenated)
        self.hyphenated = frozenset((add(a), add(b)) for a, b in hyphenated)
        weak = WEAK | SELF_BINDING
        self.weak = frozenset(add(w) for w in weak | {w + "s" for w in weak})
        self.groups = frozenset(add(w) for w in NAMED_GROUPS | {w.upper() for w in NAMED_GROUPS} | state_forms)
        self.forms = frozenset(add(w) for w in PLURAL_AGENTS)
        self.lower_case_forms = frozenset(add(w) for w in LOWER_CASE_PLURAL_AGENTS)
        self.weak_forms = frozenset(add(w) for w in SELF_BINDING_FORMS)
        self.pronouns = frozenset(add(w) for w in PRONOUNS)
        self.pronoun_genders = {add(w): g for w, g in PRONOUN_GENDERS.items()}
        self.bodies = frozenset(add(w) for w in BODIES)
        self.referent_genders = {add(w): frozenset("m" if w in MALE_REFERENTS else "f" if w in FEMALE_REFERENTS
                                                   else "mf") for w in PRIVATE_REFERENTS}
        self.possessives = frozenset(add(w) for w in POSSESSIVES)
        def keyed(words: Iterable[str] | None) -> frozenset[int] | None:
            return None if words is None else frozenset(add(w) for w in words)

        self.cleared_beside = tuple((keyed(marked), keyed(neighbours), offset)
                                    for marked, neighbours, offset in CLEARED_BESIDE)
        self.armed = add("armed")
        self.openers = frozenset(add(w) for w in OPENERS)
        self.opening_pronouns = frozenset(add(w) for w in ("they", "he", "she"))
        self.venues = frozenset(add(w) for w in VENUES)
        self.side_counts = frozenset(add(w) for w in SIDE_COUNTS)
        self.side_pairs = frozenset(add(w) for w in SIDE_PAIRS)
        self.reciprocals = frozenset({(add("each"), add("other")), (add("one"), add("another"))})
        self.self_binding = frozenset(add(w) for w in SELF_BINDING | {w + "s" for w in SELF_BINDING})
        self.sides = frozenset(add(w) for w in ("side", "faction"))
        self.armed_people = frozenset(add(w) for w in ARMED_PEOPLE)
        self.kinds_after = {add(word): frozenset(add(n) for n in nouns) for word, nouns in KINDS_AFTER.items()}
        self.attacks_after = {add(word): frozenset(add(n) for n in nouns)
                              for word, nouns in ARMED_ATTACKS_AFTER.items()}
        self.not_political_rights = frozenset(add(w) for w in ("animal", "gun", "consumer", "patient", "tenant"))
        self.war_name = add("War")
        self.historic_wars = frozenset(add(w) for w in HISTORIC_WARS)
        self.former = frozenset(add(w) for w in FORMER)
        self.service_people = frozenset(add(w) for w in SERVICE_PEOPLE)

    def _reciprocal(self, lowers: Sequence[int]) -> bool:
        """"each other" or "one another" among the words."""
        return any((a, b) in self.reciprocals for a, b in zip(lowers, lowers[1:], strict=False))

    def entertainment_story(self, lowers: Sequence[int]) -> bool:
        """The sentence (its lower-cased words) is one of entertainment or sport (see ENTERTAINMENT)."""
        if not self.entertainment.isdisjoint(lowers):
            return True
        if not self.hyphen_firsts.isdisjoint(lowers) and any(
                (lowers[k], lowers[k + 2]) in self.hyphenated and lowers[k + 1] == self.hyphen
                for k in range(len(lowers) - 2)):
            return True
        if self._performer_subject(lowers) or self._late_night_show(lowers) or self._match_report(lowers):
            return True
        if self.show_host in lowers and any(lowers[k] == self.show_host and lowers[k - 1] in self.before_show_host
                                            for k in range(1, len(lowers))):
            return True
        if self.pair_firsts.isdisjoint(lowers):
            return False
        pairs = self.entertainment_pairs
        return any((a, b) in pairs for k, a in enumerate(lowers) for b in lowers[k + 1:k + PAIR_REACH])

    def _match_report(self, lowers: Sequence[int]) -> bool:
        """Two words of a match (see SPORT_CUES) and none of harm."""
        words = set(lowers)
        score = len(self.sport_cues & words) + len(self.half_sport_cues & words) / 2
        return score >= SPORT_CUES_NEEDED and self.harm_cues.isdisjoint(words)

    def _late_night_show(self, lowers: Sequence[int]) -> bool:
        """"late-night" or "late night" before a show's word (see LATE_NIGHT_SHOWS)."""
        if self.late not in lowers:
            return False
        for k, word in enumerate(lowers):
            if word != self.late:
                continue
            j = k + 2 if k + 2 < len(lowers) and lowers[k + 1] == self.hyphen else k + 1
            if j < len(lowers) and lowers[j] == self.night:
                after = [w for w in lowers[j + 1:j + 3] if w not in self.quotes][:1]
                if after and after[0] in self.late_night_shows:
                    return True
        return False

    def _performer_subject(self, lowers: Sequence[int]) -> bool:
        """The sentence opens with a determiner and, within PERFORMER_REACH words, a performer's noun (not
        "the host country")."""
        if not lowers:
            return False
        if lowers[0] not in self.determiners:
            return False
        for k in range(1, min(len(lowers), PERFORMER_REACH + 1)):
            if lowers[k] in self.performers:
                return self._performer_acts(lowers, k)
        return False

    def _performer_acts(self, lowers: Sequence[int], k: int) -> bool:
        """The performer's noun at `k` names a performer who acts: not "the host country", and not "the artist was
        jailed" (what is done to a performer may be repression)."""
        after = lowers[k + 1] if k + 1 < len(lowers) else None
        return not ((lowers[k] == self.show_host and after in self.hosted) or after in self.undergoing)

    def _clear_kinds_of_person(self, out: list[int], norms: Sequence[int]) -> None:
        """A strong mark the word beside it makes private (CLEARED_BESIDE: "a Navy veteran", "business leaders",
        "Russian dressing"); one who served, after "former", is a private person ("the former Dallas police
        officer")."""
        for marked, neighbours, offset in self.cleared_beside:  # (see CLEARED_BESIDE)
            if neighbours.isdisjoint(norms):
                continue
            for i in range(max(0, -offset), len(norms) - max(0, offset)):
                if out[i] == STRONG_MARK and norms[i + offset] in neighbours and (marked is None or norms[i] in marked):
                    out[i] = NONE
        if self.former.isdisjoint(norms):
            return
        for i, norm in enumerate(norms):
            if norm not in self.former:
                continue
            for j in range(i + 1, min(len(norms), i + 1 + FORMER_REACH)):
                if out[j] == STRONG_MARK and norms[j] in self.service_people:
                    out[j] = NONE
                elif out[j] == STRONG_MARK:
                    break

    def marks(self, norms: Sequence[int], lowers: Sequence[int], orths: Sequence[int],
              in_actor: Sequence[bool], after_political: bool, names: Sequence[bool] = (),
              after_persons: frozenset[str] = frozenset(), opening: bool = False) -> list[int]:
        """Marks of the tokens of one sentence: STRONG_MARK for actors and agents, WEAK_MARK for victims and
        self-binding nouns, NONE. `in_actor[i]`: token i is part of an actor mention;
        `after_political`: the sentence before ended with a political referent (pronouns may refer to it);
        `after_persons`: the genders ("m", "f") of private persons named after it (see `person_last`), whom a
        "he" or a "she" then refers to instead;
        `names[i]`: token i is a capitalised word that is no actor ("Oprah", "Noah"), after which a pronoun
        refers to that person, not to the political actor before it. `opening`: the sentence opens the text, so a
        "he", "she" or "they" among its first words has no antecedent here; beside a political actor that is no
        venue ("They agreed to meet in Brasilia with Brazilian officials"; not "... in court") it may be a
        political actor (weak: it binds as the agent)."""
        agents, weak, groups, forms, pronouns = self.agents, self.weak, self.groups, self.forms, self.pronouns
        weak_forms = self.weak_forms
        lower_case_forms = self.lower_case_forms
        out = [STRONG_MARK if actor or norm in agents or orth in groups or lower in forms
               or orth in lower_case_forms else
               WEAK_MARK if norm in weak or lower in weak_forms else NONE
               for norm, lower, orth, actor in zip(norms, lowers, orths, in_actor, strict=True)]
        self._clear_kinds_of_person(out, norms)
        if not self.side_counts.isdisjoint(lowers):
            for i in range(1, len(lowers)):
                if lowers[i - 1] in self.side_counts and norms[i] in self.sides:
                    out[i] = WEAK_MARK  # "each side blamed the other"
        if not self.side_pairs.isdisjoint(lowers) and (STRONG_MARK in out or (
                self._reciprocal(lowers) and not self.self_binding.isdisjoint(norms))):
            for i in range(1, len(lowers)):
                if lowers[i - 1] in self.side_pairs and norms[i] in self.sides:
                    out[i] = WEAK_MARK
        if self.armed in lowers:
            for i in range(1, len(lowers)):
                if lowers[i - 1] == self.armed and norms[i] in self.armed_people:
                    out[i] = STRONG_MARK
        if not self.kinds_after.keys().isdisjoint(lowers):
            for i in range(1, len(lowers)):
                if norms[i] in self.kinds_after.get(lowers[i - 1], ()) and not (
                        i > 1 and lowers[i - 2] in self.not_political_rights):  # ("animal rights groups")
                    out[i] = STRONG_MARK
        if not self.attacks_after.keys().isdisjoint(lowers):
            for i in range(1, len(lowers)):
                if lowers[i] in self.attacks_after.get(lowers[i - 1], ()) and out[i] == NONE:
                    out[i] = WEAK_MARK  # "an air strike on a school"
        if self.war_name in orths:
            for i in range(1, len(orths)):
                if orths[i] == self.war_name and orths[i - 1] in self.historic_wars:
                    out[i] = NONE
        if opening:
            first = next((i for i in range(min(len(lowers), OPENING_REACH)) if lowers[i] not in self.openers), None)
            if first is not None and lowers[first] in self.opening_pronouns and out[first] == NONE \
                    and any(mark == STRONG_MARK and norm not in self.venues
                            for mark, norm in zip(out, norms, strict=True)):
                # (a political actor in it, not only a venue: not "She slammed her ex-husband", "... in court")
                out[first] = WEAK_MARK
        seen = after_political  # the nearest referent before is political
        persons = set(after_persons) if after_political else set()  # ... but for pronouns of these genders
        genders = self.pronoun_genders
        body = False  # the nearest political word is a body or a plural, which no "he" or "she" refers to
        for i, lower in enumerate(lowers):
            if out[i] == STRONG_MARK:
                seen = True
                persons.clear()
                body = not in_actor[i] and (norms[i] in self.bodies or lower != norms[i])
            elif names and names[i]:
                seen = False
            elif (found := self._referent(lowers, i)) is not None:
                persons |= found
            elif seen and lower in pronouns and genders.get(lower) not in persons \
                    and not (body and lower in genders):  # "Police said he shot his wife": he is no police
                out[i] = STRONG_MARK
        return out

    def _referent(self, lowers: Sequence[int], i: int) -> frozenset[str] | None:
        """The genders token i may be referred to by, when it is a private person no possessive precedes."""
        found = self.referent_genders.get(lowers[i])
        return None if found is None or (i > 0 and lowers[i - 1] in self.possessives) else found

    def person_last(self, lowers: Sequence[int], marks: Sequence[int]) -> frozenset[str]:
        """The genders of private persons ("a man", "the suspect") named after the sentence's last political
        word: the "he" (or "she") of the next sentence is that person."""
        last = max((i for i, mark in enumerate(marks) if mark == STRONG_MARK), default=-1)
        return frozenset(g for i in range(last + 1, len(lowers)) for g in (self._referent(lowers, i) or ()))
