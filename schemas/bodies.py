"""International bodies news names beside states: regional and specialised intergovernmental organisations,
the UN's agencies and courts, and the humanitarian and rights organisations CAMEO codes as actors (its IGO and
NGO sectors). Their events are bound to a political actor like those of states: "The Arab League voiced full
solidarity with Syria", "Human Rights Watch accused the troops of ...".

The taxonomy's own actors come first (a body it lists keeps its entry); these fill in the rest, as
schemas/states.py does for states. Only full names and acronyms no other name shares: not "ICC" (cricket's
council too), "AU", "WHO", "GCC" (a compiler) or a bare "Red Cross" (every national society, and its blood
drives); and no economic bodies (the IMF, the World Bank, the WTO), whose forecasts and
loans are markets' news.
"""

from __future__ import annotations

from functools import lru_cache

from schemas.taxonomy import Actor

IGO, ORGANISATION = "igo", "organisation"  # the taxonomy's actor types

# (id, type, name, aliases): the id is also the affiliation (the body speaks for itself).
BODIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("ARAB_LEAGUE", IGO, "Arab League", ("Arab League", "League of Arab States")),
    ("AFRICAN_UNION", IGO, "African Union", ("African Union", "Organisation of African Unity",
                                             "Organization of African Unity", "OAU")),
    ("OAS", IGO, "Organization of American States", ("Organization of American States",
                                                     "Organisation of American States", "OAS")),
    ("GCC", IGO, "Gulf Cooperation Council", ("Gulf Cooperation Council", "Gulf Co-operation Council")),
    ("OIC", IGO, "Organisation of Islamic Cooperation", ("Organisation of Islamic Cooperation",
                                                         "Organization of Islamic Cooperation",
                                                         "Organisation of the Islamic Conference",
                                                         "Organization of the Islamic Conference")),
    ("ECOWAS", IGO, "Economic Community of West African States", ("Economic Community of West African States",
                                                                  "ECOWAS")),
    ("SADC", IGO, "Southern African Development Community", ("Southern African Development Community", "SADC")),
    ("IGAD", IGO, "Intergovernmental Authority on Development", ("Intergovernmental Authority on Development",
                                                                 "IGAD")),
    ("ASEAN", IGO, "Association of Southeast Asian Nations", ("Association of Southeast Asian Nations", "ASEAN")),
    ("COE", IGO, "Council of Europe", ("Council of Europe",)),
    ("EP", IGO, "European Parliament", ("European Parliament",)),
    ("IAEA", IGO, "International Atomic Energy Agency", ("International Atomic Energy Agency", "IAEA")),
    ("ICC_COURT", IGO, "International Criminal Court", ("International Criminal Court",)),
    ("ICJ", IGO, "International Court of Justice", ("International Court of Justice", "World Court")),
    ("UNHCR", IGO, "UN refugee agency", ("UNHCR", "UN refugee agency", "U.N. refugee agency",
                                         "UN High Commissioner for Refugees")),
    ("WFP", IGO, "World Food Programme", ("World Food Programme", "World Food Program", "WFP")),
    ("UNICEF", IGO, "UNICEF", ("UNICEF",)),
    ("UNRWA", IGO, "UNRWA", ("UNRWA",)),
    ("OCHA", IGO, "UN humanitarian office", ("OCHA",)),
    ("UNHRC", IGO, "UN Human Rights Council", ("UN Human Rights Council", "Human Rights Council")),
    ("HRW", ORGANISATION, "Human Rights Watch", ("Human Rights Watch",)),
    ("AMNESTY", ORGANISATION, "Amnesty International", ("Amnesty International",)),
    ("ICRC", ORGANISATION, "International Committee of the Red Cross", ("International Committee of the Red Cross",
                                                               "ICRC")),
    ("MSF", ORGANISATION, "Medecins Sans Frontieres", ("Medecins Sans Frontieres", "Médecins Sans Frontières",
                                              "Doctors Without Borders", "MSF")),
    ("CRISIS_GROUP", ORGANISATION, "International Crisis Group", ("International Crisis Group",)),
    ("RSF_PRESS", ORGANISATION, "Reporters Without Borders", ("Reporters Without Borders",)),
)


@lru_cache(maxsize=1)
def international_bodies() -> tuple[Actor, ...]:
    """The bodies as actors of the taxonomy's kind."""
    return tuple(Actor(body_id, name, kind, body_id, aliases) for body_id, kind, name, aliases in BODIES)
