"""An article's link in one form, so that trivial differences (tracking parameters, a fragment, host case,
a default port, `/a/../b`, percent-encoding case) give one link and so one item id.

`canonical_link` is url-normalize (RFC 3986 normalisation) after dropping tracking parameters and the
fragment. `former_link` is the form escmon 0.1 stored: it lower-cased user info, kept `:80` and `/a/../b`
and rewrote `%20` as `+` (issue 15, item 11). Items stored under it are still recognised
(warehouse/sql/known_items.sql), so re-reading a feed never brings them back under a second id.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote_plus, urlencode, urlsplit, urlunsplit

from url_normalize import url_normalize

# C0 and C1 controls and DEL: part of no URL; stored raw they would reach every terminal printing the link
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ref"})


def canonical_link(link: str | None) -> str | None:
    """The article's link, canonical; None unless it is an absolute http(s) URL (feedparser copies a
    permalink guid such as "urn:x:1" into `link`)."""
    link = _CONTROLS.sub(_percent_encoded, link) if link else link
    parts = _web_parts(link)
    if parts is None:
        return None
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _tracking(pair.split("=", 1)[0]))
    bare = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    try:
        return url_normalize(bare) or former_link(link)
    except (ValueError, UnicodeError):  # a host IDNA cannot encode, a port that is no number
        return former_link(link)


def former_link(link: str | None) -> str | None:
    """The link as escmon 0.1 canonicalised it (kept to find the items it stored; do not "fix" it)."""
    parts = _web_parts(link)
    if parts is None:
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)]
    path = parts.path or ("/" if parts.netloc else "")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query, doseq=True), ""))


def link_forms(link: str | None) -> tuple[str | None, str | None]:
    """(canonical link, the 0.1 form when it differs, else None): what an Item carries."""
    canonical, former = canonical_link(link), former_link(link)
    return canonical, (former if former != canonical else None)


def _percent_encoded(match: re.Match[str]) -> str:
    return quote(match.group(0), safe="")


def _web_parts(link: str | None):
    if not link or not link.strip():
        return None
    parts = urlsplit(link.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return parts


def _tracking(name: str) -> bool:
    name = unquote_plus(name).lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS


__all__ = ["canonical_link", "former_link", "link_forms"]
