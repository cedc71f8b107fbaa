"""Read a feed list from OPML, the format every feed reader exports.

Parsed with expat directly, with DTDs refused outright: an OPML file may come from anywhere, and
ElementTree would expand internal entities (billion laughs) without a limit we control.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.parsers import expat


class OpmlError(ValueError):
    """The OPML file is missing, not well-formed XML, not OPML, or declares a DTD."""


@dataclass(frozen=True)
class FeedSpec:
    name: str
    url: str


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
            name = (attrs.get("title") or attrs.get("text") or "").strip() or url
            self.feeds.append(FeedSpec(name=" ".join(name.split()), url=url))


def _refuse_doctype(*_args: object) -> None:
    raise OpmlError("DOCTYPE declarations are not allowed in OPML (entity expansion risk)")


def _make_parser(collector: _OutlineCollector) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.StartElementHandler = collector.start
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def parse_opml(data: bytes, source: str = "<bytes>") -> list[FeedSpec]:
    collector = _OutlineCollector()
    try:
        _make_parser(collector).Parse(data, True)
    except expat.ExpatError as exc:
        raise OpmlError(f"{source}: not well-formed XML: {exc}") from exc
    if collector.root != "opml":
        raise OpmlError(f"{source}: root element is <{collector.root}>, expected <opml>")
    return _unique(collector.feeds)


def read_opml(path: Path) -> list[FeedSpec]:
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


__all__ = ["FeedSpec", "OpmlError", "parse_opml", "read_opml"]
