"""What one feed's fetch came to: the one result type of feed input, from the request to its items.

`fetch_feed` fills the HTTP part, the parse step adds the items (and drops the body), `ingest_feed` adds
the back-off; the cycle stages it and stores `state_row()`. One frozen value passed along, so no step
reads another's scratch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from schemas.records import Item


class FetchStatus(StrEnum):
    """A fetch's outcome; the values are the words stored in `feeds.status` and the staged feed states."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    ERROR = "error"
    SKIPPED = "skipped"  # backing off: not asked this cycle


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: FetchStatus
    http_status: int | None = None
    error: str | None = None  # a human message: "HTTP 404 Not Found", "read timeout after 15.0s"
    warning: str | None = None  # the feed was malformed but entries were recovered
    body: bytes | None = None  # the fetched bytes, until parsed
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    etag: str | None = None
    last_modified: str | None = None
    retry_after: datetime | None = None  # UTC, from a 429/503 Retry-After
    retryable: bool = False  # a transient failure (by exception type or 502/503/504), with time left to retry
    elapsed_s: float = 0.0
    attempts: int = 1
    feed_name: str = ""
    fetched_at: datetime | None = None
    items: tuple[Item, ...] = ()
    guid_repeats: bool = False  # the feed reuses guids: its item ids stay guid+link
    next_attempt_after: datetime | None = None
    new_feed: bool = False  # no successful fetch yet, on a warehouse that has fetched other feeds

    @property
    def ok(self) -> bool:
        return self.status is FetchStatus.OK

    @property
    def answered(self) -> bool:
        """The feed answered (with news or with "nothing new"): it counts as healthy this cycle."""
        return self.status in (FetchStatus.OK, FetchStatus.NOT_MODIFIED)

    def state_row(self) -> dict[str, Any]:
        return {"feed_url": self.url, "name": self.feed_name, "fetched_at": self.fetched_at,
                "status": self.status.value, "http_status": self.http_status, "error": self.error or self.warning,
                "etag": self.etag, "last_modified": self.last_modified,
                "next_attempt_after": self.next_attempt_after, "items": len(self.items),
                "guid_repeats": self.guid_repeats}


__all__ = ["FetchResult", "FetchStatus"]
