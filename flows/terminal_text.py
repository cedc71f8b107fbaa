"""The one sanitiser for text from outside (feed titles and names, OPML names, HTTP reasons, SQL results,
alert texts, error messages) on its way to a terminal.

Such text must neither drive the terminal (escape sequences: clear screen, colours, OSC 8 links) nor be read
by Rich as markup (`[/x]` raised MarkupError after a completed cycle; `[link=...]` made a clickable link).
`clean` is the rule; `markup` and `cell` are the same text in the two forms Rich takes.
"""

from __future__ import annotations

import re

from rich.markup import escape
from rich.text import Text

from schemas.text import strip_controls

# Bidirectional embeddings, overrides and isolates: they reorder what a terminal shows ("Trojan source").
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """`value` as text a terminal shows literally: no escape sequences, control or bidi-override characters."""
    return _BIDI.sub("", strip_controls("" if value is None else str(value)))


def markup(value: object) -> str:
    """Cleaned text to interpolate into a Rich markup string: its brackets print as brackets."""
    return escape(clean(value))


def cell(value: object) -> Text:
    """Cleaned text as a Rich Text (a table cell or header), which Rich never reads as markup."""
    return Text(clean(value))


__all__ = ["cell", "clean", "markup"]
