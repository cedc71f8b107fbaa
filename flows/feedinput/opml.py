"""Read a feed list from OPML, the format every feed reader exports.

Parsed with expat directly, with DTDs refused outright: an OPML file may come from anywhere, and
ElementTree would expand internal entities (billion laughs) without a limit we control.

For the same reason a list names web feeds only: `file://` URLs and plain paths would let a third party's
file make escmon read local files. Such entries are not dropped in silence: they come back as `skipped`,
each with its reason, for the run and `escmon feeds` to report. Schemes are case-insensitive
(`HTTP://` is a web feed) and are written in lower case.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from xml.parsers import expat

from schemas.text import strip_controls


class OpmlError(ValueError):
    """The OPML file is missing, not well-formed XML, not OPML, or declares a DTD."""


WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class FeedSpec:
    name: str
    url: str


@dataclass(frozen=True)
class SkippedEntry:
    """An outline the list names but escmon will not fetch, and why."""

    name: str
    url: str
    reason: str

    def __str__(self) -> str:
        return f"OPML entry {self.name!r} ({self.url}) skipped: {self.reason}"


@dataclass(frozen=True)
class OpmlFeeds:
    feeds: list[FeedSpec]  # web feeds, in document order, URLs unique, names unique
    skipped: list[SkippedEntry]


class _OutlineCollector:
    """expat callbacks: every <outline> with an xmlUrl, at any depth, becomes a FeedSpec."""

    def __init__(self) -> None:
        self.root: str | None = None
        self.feeds: list[FeedSpec] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if self.root is None:
            self.root = tag
        if tag != "outline":
            return
        url = (attrs.get("xmlUrl") or attrs.get("xmlurl") or "").strip()
        if url:
            # a title of control characters alone names nothing: the feed is then named by its URL
            name = " ".join(strip_controls(attrs.get("title") or attrs.get("text") or "").split()) or url
            self.feeds.append(FeedSpec(name=name, url=url))


def _refuse_doctype(*_args: object) -> None:
    raise OpmlError("DOCTYPE declarations are not allowed in OPML (entity expansion risk)")


def _make_parser(collector: _OutlineCollector) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.StartElementHandler = collector.start
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def parse_opml(data: bytes, source: str = "<bytes>") -> OpmlFeeds:
    collector = _OutlineCollector()
    try:
        _make_parser(collector).Parse(data, True)
    except expat.ExpatError as exc:
        raise OpmlError(f"{source}: not well-formed XML: {exc}") from exc
    if collector.root != "opml":
        raise OpmlError(f"{source}: root element is <{collector.root}>, expected <opml>")
    web: list[FeedSpec] = []
    skipped: list[SkippedEntry] = []
    for spec in collector.feeds:
        url, reason = web_feed_url(spec.url)
        if url is None:
            skipped.append(SkippedEntry(spec.name, spec.url, reason))
        else:
            web.append(FeedSpec(spec.name, url))
    return OpmlFeeds(_unique(web), skipped)


def web_feed_url(url: str) -> tuple[str | None, str]:
    """(the URL with its scheme in lower case, "") for a web feed; (None, why not) for anything else."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in WEB_SCHEMES and parts.netloc:
        return urlunsplit((scheme, *parts[1:])), ""
    if scheme in WEB_SCHEMES:
        return None, "the URL names no host"
    if scheme == "file":
        return None, "file:// URLs are not read from an OPML list (a shared list must not read local files)"
    if len(scheme) <= 1:  # "" = a plain path, "c" = a Windows drive letter
        return None, "a local path, not a web feed (an OPML list may name http(s) feeds only)"
    return None, f"unsupported URL scheme {scheme!r} (http and https only)"


def read_opml(path: Path) -> OpmlFeeds:
    """Feeds listed in `path`, in document order; a URL listed twice is kept once, names made unique."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise OpmlError(f"cannot read OPML file {path}: {exc.strerror or exc}") from exc
    return parse_opml(data, str(path))


def _unique(feeds: list[FeedSpec]) -> list[FeedSpec]:
    """Names key item ids and reports, so two feeds must not share one; URLs are de-duplicated."""
    seen_urls: set[str] = set()
    taken: set[str] = set()
    result: list[FeedSpec] = []
    for feed in feeds:
        if feed.url in seen_urls:
            continue
        seen_urls.add(feed.url)
        name = feed.name
        if name in taken:
            name = f"{name} [{urlsplit(feed.url).netloc or feed.url}]"
        n = 2
        base = name
        while name in taken:
            name, n = f"{base} #{n}", n + 1
        taken.add(name)
        result.append(FeedSpec(name=name, url=feed.url))
    return result


__all__ = ["FeedSpec", "OpmlError", "OpmlFeeds", "SkippedEntry", "parse_opml", "read_opml", "web_feed_url"]
