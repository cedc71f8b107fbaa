"""Feed markup and text to one clean line of plain text, in time linear in the input.

Feed text is hostile input: a body under the size cap may hold a megabyte of unclosed `<script ` or `<!--`,
on which backtracking patterns (and Python 3.11's html.parser) take minutes. libxml2's HTML parser (lxml)
reads it in one pass, recovers from any markup as a browser would, and knows `>` inside attribute values.
Terminal escape sequences and control characters are not text either: they are removed before an item is
stored, so neither the warehouse nor anything printing from it carries them.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

# Elements that separate words when rendered; every other tag joins its text to its neighbours. The set the
# regex stripper used, so text (and the title+summary item ids of feeds without guid or link) stays the same.
BLOCK_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                        "table", "blockquote", "pre", "hr", "section", "article"})
DROPPED_TAGS = ("script", "style", "template", "noscript")

# ECMA-48 escape sequences, each matched without backtracking over the text after it: CSI (colours, clear
# screen), string controls (OSC hyperlinks and titles, DCS, SOS, PM, APC) up to their terminator or the end,
# and two-character escapes. 8-bit C1 forms are included.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?")
# C0 and C1 controls other than tab and newline, and DEL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_local = threading.local()


def strip_controls(value: str) -> str:
    """Drop terminal escape sequences and control characters (NUL included); tab and newline stay."""
    return _CONTROLS.sub("", _ESCAPES.sub("", value))


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


__all__ = ["html_to_text", "one_line", "strip_controls"]
