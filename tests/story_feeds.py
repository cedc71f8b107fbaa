"""Feeds for the story tests (issue 17): one event in five outlets' words, one outlet's re-posts, ten events
sharing Russia and talks, and a next-day follow-up; served from 127.0.0.1. Every headline written here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

from tests.httpserver import FeedServer, Route

T0 = datetime(2026, 11, 12, 6, tzinfo=UTC)

AIRSPACE = [  # one event, five outlets, each in its own words
    ("nordwatch", 0.0, "Belarus shuts its airspace to flights from Lithuania",
     "Minsk closed its airspace to all Lithuanian aircraft on Thursday, the Belarusian transport ministry said."),
    ("amberpost", 0.5, "Minsk bans Lithuanian aircraft from Belarusian airspace",
     "Belarus barred Lithuanian planes from its airspace from Thursday, its transport ministry announced."),
    ("vistulatimes", 1.0, "Belarus closes airspace to Lithuanian planes amid border row",
     "The Belarusian transport ministry said Lithuanian aircraft may no longer cross Belarus, citing the "
     "border dispute."),
    ("danubeherald", 1.5, "Lithuanian flights banned from Belarus airspace",
     "Lithuanian aircraft can no longer fly over Belarus after Minsk closed its airspace on Thursday."),
    ("balticledger", 2.0, "Airspace closure: Belarus bars Lithuanian flights",
     "The transport ministry of Belarus closed the country's airspace to Lithuanian flights on Thursday."),
]
REPOSTS = [  # one article of one outlet, posted three times under new guids
    ("amberpost", 3.0, "Latvia recalls its ambassador from Minsk",
     "Riga recalled its ambassador from Belarus for consultations after the border incident, the foreign "
     "ministry said."),
    ("amberpost", 5.0, "Latvia recalls its ambassador from Minsk",
     "Riga recalled its ambassador from Belarus for consultations after the border incident, the foreign "
     "ministry said."),
    ("amberpost", 9.0, "UPDATE: Latvia recalls its ambassador from Minsk",
     "Riga recalled its ambassador from Belarus for consultations after the border incident, the foreign "
     "ministry said on Thursday."),
]
RUSSIA_TALKS = [  # ten events that share Russia, talks and the same shape of headline
    ("Russia and Ukraine hold talks on prisoner exchanges in Istanbul",
     "Delegations from Moscow and Kyiv met in Istanbul to discuss the return of captured soldiers."),
    ("Russia says talks with Japan on fishing quotas have stalled",
     "Moscow and Tokyo failed to agree on catch limits around the Kuril Islands."),
    ("Russia and China hold talks on gas pipeline financing",
     "Russian and Chinese officials discussed who would pay for the Power of Siberia 2 pipeline."),
    ("Russia rejects talks with Estonia on border treaty",
     "The Russian foreign ministry said it saw no reason to ratify the border agreement with Tallinn."),
    ("Russian and Turkish officials hold talks on Black Sea shipping",
     "Moscow and Ankara discussed safe passage for grain ships through the Bosphorus."),
    ("Russia says talks with Kazakhstan on oil transit went well",
     "Moscow and Astana agreed to keep oil flowing through the Caspian pipeline."),
    ("Russia and India hold talks on fertiliser deliveries",
     "Moscow and New Delhi discussed long-term contracts for Russian fertiliser."),
    ("Russia warns Finland that talks on Arctic cooperation are off",
     "Moscow suspended its participation in the Arctic Council projects it ran with Helsinki."),
    ("Russia and Iran hold talks on rail corridor construction",
     "Russian and Iranian ministers discussed the unfinished Rasht-Astara railway."),
    ("Russia and Serbia hold talks on arms purchases",
     "Belgrade and Moscow discussed the delivery of air defence systems to Serbia."),
]
TALK_OUTLETS = ("nordwatch", "vistulatimes", "danubeherald", "balticledger")
FOLLOW_UP = ("vistulatimes", 30.0, "Belarus keeps airspace closed to Lithuanian flights for a second day",
             "Lithuanian aircraft were still barred from Belarusian airspace on Friday, the transport ministry "
             "in Minsk said.")


def entry(outlet: str, hours: float, title: str, summary: str, n: int) -> dict:
    when = T0 + timedelta(hours=hours)
    return {"outlet": outlet, "published": when, "title": title, "summary": summary,
            "link": f"https://www.{outlet}.example/news/{when:%Y/%m/%d}/{n}", "guid": f"{outlet}-{n}"}


def all_entries() -> list[dict]:
    out = [entry(o, h, t, s, n) for n, (o, h, t, s) in enumerate(AIRSPACE + REPOSTS)]
    out += [entry(TALK_OUTLETS[k % 4], 4.0 + k * 0.25, t, s, 100 + k) for k, (t, s) in enumerate(RUSSIA_TALKS)]
    return out


def rss(outlet: str, entries: list[dict]) -> bytes:
    items = "".join(
        f"<item><title>{escape(e['title'])}</title><link>{escape(e['link'])}</link>"
        f"<guid isPermaLink=\"false\">{escape(e['guid'])}</guid>"
        f"<pubDate>{format_datetime(e['published'], usegmt=True)}</pubDate>"
        f"<description>{escape(e['summary'])}</description></item>" for e in entries)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{outlet}</title>'
            f"<link>https://www.{outlet}.example/</link><description>news</description>{items}"
            f"</channel></rss>").encode()


def serve(server: FeedServer, entries: list[dict]) -> dict[str, str]:
    """One feed per outlet holding `entries`; returns {feed name: url}."""
    feeds = {}
    for outlet in sorted({e["outlet"] for e in entries}):
        feeds[outlet.title()] = server.add(f"/{outlet}.xml",
                                           Route(body=rss(outlet, [e for e in entries if e["outlet"] == outlet])))
    return feeds
