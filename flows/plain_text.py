"""Feed markup and text to one clean line of plain text, in time linear in the input.

Feed text is hostile input: a body under the size cap may hold a megabyte of unclosed `<script ` or `<!--`,
on which backtracking patterns (and Python 3.11's html.parser) take minutes. libxml2's HTML parser (lxml)
reads it in one pass, recovers from any markup as a browser would, and knows `>` inside attribute values.
Terminal escape sequences and control characters are not text either: they are removed (schemas/text.py)
before an item is stored, so neither the warehouse nor anything printing from it carries them.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from schemas.text import strip_controls

# Elements that separate words when rendered; every other tag joins its text to its neighbours. The set the
# regex stripper used, so text (and the title+summary item ids of feeds without guid or link) stays the same.
BLOCK_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                        "table", "blockquote", "pre", "hr", "section", "article"})
DROPPED_TAGS = ("script", "style")

_SPACES = re.compile(r"\s+")
_local = threading.local()


def one_line(value: str) -> str:
    """Plain text as one clean line: controls removed, runs of white space made one space."""
    return _SPACES.sub(" ", strip_controls(value)).strip()


def html_to_text(value: str) -> str:
    """Markup to one line of plain text: blocks become spaces, inline tags vanish, entities are decoded, and
    script, style and comments are dropped, closed or not."""
    if not value or not value.strip():
        return ""
    # Bytes with the encoding fixed: a str holding an XML declaration is refused by lxml, and a <meta charset>
    # in the fragment must not re-decode it.
    root = etree.fromstring(value.encode("utf-8", "replace"), _parser())
    if root is None:
        return ""
    etree.strip_elements(root, *DROPPED_TAGS, with_tail=False)
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        block = element.tag in BLOCK_TAGS
        if event == "start":
            if block:
                parts.append(" ")
            if element.text:
                parts.append(element.text)
        else:
            if block:
                parts.append(" ")
            if element.tail and element is not root:
                parts.append(element.tail)
    return one_line("".join(parts))


def _parser() -> etree.HTMLParser:
    """One parser per thread: feeds are parsed on a pool, and an lxml parser is not for concurrent use."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.HTMLParser(
            encoding="utf-8", recover=True, no_network=True, remove_comments=True, remove_pis=True,
            default_doctype=False)
    return parser


__all__ = ["html_to_text", "one_line"]
