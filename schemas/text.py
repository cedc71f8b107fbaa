"""What characters stored and printed text may hold: no terminal escape sequences, no control characters.

Feed text is hostile input. A title holding `ESC [2J` or an OSC 8 hyperlink clears or rewrites the terminal of
whoever prints it, and NUL breaks tools reading the warehouse. Every layer that stores or prints outside text
uses this one rule, so it sits at the bottom of the layers.
"""

from __future__ import annotations

import re

# ECMA-48 escape sequences, each matched without backtracking over the text after it: CSI (colours, clear
# screen), string controls (OSC hyperlinks and titles, DCS, SOS, PM, APC) up to their terminator or the end,
# and two-character escapes. 8-bit C1 forms are included.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?")
# C0 and C1 controls other than tab and newline, and DEL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(value: str) -> str:
    """Drop terminal escape sequences and control characters (NUL included); tab and newline stay."""
    return _CONTROLS.sub("", _ESCAPES.sub("", value))


__all__ = ["strip_controls"]
