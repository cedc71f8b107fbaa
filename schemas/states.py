"""Every state's names, from pycountry (ISO 3166-1), so that an event between states the corpus never
named ("Chad", "Peru", "Viet Nam") is bound to a political actor too.

The taxonomy's own actors and demonyms come first; these fill in the rest. Names that are also common
first names or words are left out, because without a name recogniser "Michael Jordan" would be a state.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

# ISO names that are ambiguous in running English text (people, places in other states, common words).
AMBIGUOUS = frozenset({"Jordan", "Chad", "Jersey", "Guernsey", "Georgia", "Turkey", "Man", "Dominica",
                       "Norfolk Island", "Christmas Island", "Heard Island and McDonald Islands"})


@lru_cache(maxsize=1)
def state_names() -> dict[str, tuple[str, str]]:
    """Name as written -> (ISO alpha-3, short name) for every country in ISO 3166-1."""
    out: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        short = getattr(country, "common_name", None) or country.name
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name and name not in AMBIGUOUS and "," not in name:
                out.setdefault(name, (country.alpha_3, short))
    # States of the archives' years (ISO 3166-3): "Yugoslavia", "Zaire", "Czechoslovakia", "USSR".
    for country in pycountry.historic_countries:
        name = country.name.split(",")[0].strip()
        if name not in AMBIGUOUS and " Island" not in name:
            out.setdefault(name, (country.alpha_3, name))
    return out
