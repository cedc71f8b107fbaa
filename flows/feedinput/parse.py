"""Feed bytes -> `Item` rows: feedparser does the parsing, this module decides what counts as an item.

Rules that come from real feeds (DESIGN.md measured most of them):
- an empty body or an HTML page parses "cleanly" with no `version`: that is an error, not "no news";
- a malformed (bozo) feed still yields the entries before the damage: keep them, report a warning;
- some feeds repeat one guid for every entry, so the id falls back to guid+link (`make_item_id`), and
  stays there for that feed (`guid_repeats` is remembered), or an entry would change id when the repeat stops;
- dates are missing, local, or absurd: fall back to fetch time and say so (`published_estimated`);
- DOCTYPE entity declarations are stripped to plain literals before feedparser sees them. feedparser
  drops unsafe ones only when each sits on its own line, and a one-line billion-laughs then costs the
  XML parser close to a second before expat's amplification guard stops it.
"""

from __future__ import annotations

import calendar
import io
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import feedparser

from flows.feedinput.links import link_forms
from flows.plain_text import html_to_text, one_line
from schemas.records import Item, make_item_id

EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=2)
PROLOG_SCAN = 64 * 1024  # a DOCTYPE lives in the first bytes; never regex-scan a whole 5 MB body


@dataclass(frozen=True)
class ParsedFeed:
    items: list[Item]
    title: str | None
    version: str | None  # feedparser's name for the format: "rss20", "atom10", ...
    error: str | None  # fatal: no items could be parsed (not a feed, empty, unreadable)
    warning: str | None  # the feed was malformed but entries were recovered
    guid_repeats: bool = False  # this body (or an earlier one: the flag passed in) reused a guid

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_feed(body: bytes, headers: dict[str, str], *, feed_name: str, feed_url: str,
               fetched_at: datetime, guid_repeats: bool = False) -> ParsedFeed:
    """Parse one fetched body into de-duplicated Items; never raises on bad input. `guid_repeats`: the
    feed was seen reusing guids before, so its ids keep the guid+link form."""
    fetched_at = _as_utc(fetched_at)
    if not body or not body.strip():
        return ParsedFeed([], None, None, "empty body", None)
    headers = {k.lower(): v for k, v in headers.items()}
    body, headers = _to_ascii_compatible(body, headers)
    body, refusal = _defuse_doctype(body)
    if refusal:
        return ParsedFeed([], None, None, refusal, None)
    body = _valid_charrefs(body)
    # Without a content type feedparser assumes ISO-8859-1, which never fails and so never asks chardet.
    headers.setdefault("content-type", "application/xml")
    if feed_url.startswith(("http://", "https://")):
        headers.setdefault("content-location", feed_url)  # base for relative links
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=False,
                               resolve_relative_uris=False)
    return _to_parsed_feed(parsed, body, feed_name, feed_url, fetched_at, guid_repeats)


def _to_parsed_feed(parsed, body: bytes, feed_name: str, feed_url: str, fetched_at: datetime,
                    guid_repeats: bool) -> ParsedFeed:
    version = parsed.get("version") or None
    title = _plain(parsed.feed.get("title", ""), "text/plain") or None
    problem = _bozo_message(parsed)
    if not version:
        return ParsedFeed([], title, None, _not_a_feed_message(body, problem), None)
    guid_repeats = guid_repeats or repeats_guids(parsed.entries)
    items = entries_to_items(parsed.entries, feed_name, feed_url, fetched_at, guid_repeats)
    if problem and not items:
        return ParsedFeed([], title, version, f"malformed feed, no entries recovered: {problem}", None)
    warning = f"malformed feed, {len(items)} entries recovered: {problem}" if problem else None
    return ParsedFeed(items, title, version, None, warning, guid_repeats)


def _bozo_message(parsed) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}" if exc is not None else "malformed feed"


def _not_a_feed_message(body: bytes, problem: str | None) -> str:
    head = body[:2048].lower()
    if b"<html" in head or b"<!doctype html" in head:
        return "not a feed: got an HTML page"
    return "not a feed: no RSS/Atom root element" + (f" ({problem})" if problem else "")


# --- entries -> items --------------------------------------------------------------------------------


def repeats_guids(entries: list) -> bool:
    """Whether two entries of one body share a guid."""
    return any(n > 1 for n in Counter(e.get("id") for e in entries if e.get("id")).values())


def entries_to_items(entries: list, feed_name: str, feed_url: str, fetched_at: datetime,
                     guid_repeats: bool = False) -> list[Item]:
    """One Item per distinct entry; in a feed that reuses guids every id is guid+link (not only the
    repeated ones: an entry's id must not depend on which other entries share its body today)."""
    items: list[Item] = []
    seen: set[str] = set()
    for entry in entries:
        item = _entry_to_item(entry, feed_name, feed_url, fetched_at, guid_repeats)
        if item is not None and item.item_id not in seen:
            seen.add(item.item_id)
            items.append(item)
    return items


def _entry_to_item(entry, feed_name: str, feed_url: str, fetched_at: datetime, guid_repeats: bool) -> Item | None:
    guid = (entry.get("id") or "").strip() or None
    link, former = link_forms(entry.get("link"))
    title = _plain(entry.get("title", ""), _detail_type(entry, "title_detail"))
    summary = _summary(entry)
    if not (guid or link or title or summary):
        return None  # nothing to identify or classify
    published, estimated = entry_published(entry, fetched_at)
    item_id = make_item_id(feed_name, guid, link, title, summary, guid_repeats=guid_repeats)
    return Item(item_id=item_id, feed_name=feed_name, feed_url=feed_url, guid=guid, link=link, title=title,
                summary=summary, published=published, published_estimated=estimated, fetched_at=fetched_at,
                former_link=former)


def _summary(entry) -> str:
    """The entry's summary, else its first content block (Atom feeds often carry only content)."""
    if entry.get("summary"):
        return _plain(entry["summary"], _detail_type(entry, "summary_detail"))
    for block in entry.get("content") or []:
        if block.get("value"):
            return _plain(block["value"], block.get("type", "text/html"))
    return ""


def _detail_type(entry, key: str) -> str:
    detail = entry.get(key) or {}
    return detail.get("type", "text/html")


def entry_published(entry, fetched_at: datetime) -> tuple[datetime, bool]:
    """(published, estimated): the first plausible of published/updated/created, else fetch time."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get: FeedParserDict.get would alias a missing updated_parsed to published_parsed, with a warning
        when = _struct_to_utc(dict.get(entry, key))
        if when is not None and EARLIEST_PLAUSIBLE <= when <= fetched_at + FUTURE_TOLERANCE:
            return when, False
    return fetched_at, True


def _struct_to_utc(value: time.struct_time | None) -> datetime | None:
    """feedparser normalises dates to UTC struct_time; absurd fields are treated as no date."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _as_utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


# --- text and links ----------------------------------------------------------------------------------


def _plain(value: str, content_type: str) -> str:
    if not value:
        return ""
    if content_type == "text/plain":  # already text: a literal "<" here is not a tag
        return one_line(value)
    return html_to_text(value)


# --- hostile prologs ---------------------------------------------------------------------------------

_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+[^\s\[>]+"
    rb"(?:\s+(?:SYSTEM|PUBLIC)(?:\s*(?:\"[^\"]*\"|'[^']*'))+)?\s*"
    rb"(?:\[(?P<subset>(?:[^\]\"']|\"[^\"]*\"|'[^']*')*)\])?\s*>")
_ENTITY_DECL = re.compile(rb"<!ENTITY(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_SAFE_ENTITY = re.compile(rb"<!ENTITY\s+[\w.:-]+\s+(?:\"(?:&#\w+;|[^&\"%<])*\"|'(?:&#\w+;|[^&'%<])*')\s*>")


def _defuse_doctype(body: bytes) -> tuple[bytes, str | None]:
    """Keep only literal entity declarations (no references, no SYSTEM/PUBLIC, no parameter entities).

    Returns (body, refusal); a DOCTYPE we cannot delimit is refused rather than handed to a parser.
    """
    start = body.find(b"<!DOCTYPE", 0, PROLOG_SCAN)
    if start < 0:
        return body, None
    match = _DOCTYPE.match(body, start)
    if match is None:
        return body, "refused: malformed DOCTYPE declaration"
    subset = match.group("subset")
    if subset is None or (b"<!ENTITY" not in subset and b"%" not in subset):
        return body, None
    safe = [decl for decl in _ENTITY_DECL.findall(subset) if _SAFE_ENTITY.fullmatch(decl)]
    new_subset = b"\n" + b"\n".join(safe) + b"\n"  # one per line: the form feedparser re-checks
    return body[:match.start("subset")] + new_subset + body[match.end("subset"):], None


_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")
_REPLACEMENT_REF = b"&#xFFFD;"


def _valid_charrefs(body: bytes) -> bytes:
    """Character references to no character (a surrogate, past U+10FFFF) become U+FFFD: feedparser's lenient
    parser raises on them (OverflowError, ValueError, UnicodeEncodeError), losing the whole feed."""
    return _CHARREF.sub(_checked_charref, body)


def _checked_charref(match: re.Match[bytes]) -> bytes:
    hex_digits, digits = match.groups()
    code = int(hex_digits, 16) if hex_digits is not None else int(digits)
    return match.group(0) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else _REPLACEMENT_REF


_UTF16_SNIFF = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16",
                b"<\x00?\x00": "utf-16-le", b"\x00<\x00?": "utf-16-be"}
_XML_ENCODING = re.compile(r"""(<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")


def _to_ascii_compatible(body: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    """UTF-16 bodies become UTF-8 so the prolog check above can read them; other bodies pass as is."""
    codec = _UTF16_SNIFF.get(body[:2]) or _UTF16_SNIFF.get(body[:4])
    if codec is None:
        return body, headers
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return body, headers
    text = _XML_ENCODING.sub(r"\1\2utf-8\2", text.lstrip("\ufeff"), count=1)
    headers = dict(headers)
    ctype = headers.get("content-type", "application/xml").split(";", 1)[0]
    headers["content-type"] = f"{ctype}; charset=utf-8"
    return text.encode("utf-8"), headers


__all__ = ["ParsedFeed", "entries_to_items", "entry_published", "parse_feed"]
