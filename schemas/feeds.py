"""Feed state: read from the warehouse before a fetch (conditional GET, back-off), written back after it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FeedState:
    """What the warehouse remembers of a feed between cycles."""

    etag: str | None = None
    last_modified: str | None = None
    consecutive_failures: int = 0
    next_attempt_after: datetime | None = None
    guid_repeats: bool = False  # once seen reusing guids, its item ids stay guid+link
    last_success_at: datetime | None = None  # None: never fetched successfully (a new feed's first items)
