"""When to try a failing feed again: a pure function, so the policy is testable without clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

RETRY_AFTER_CAP_S = 7 * 86400  # a server may ask for a pause, not for us to forget the feed


def next_attempt_after(consecutive_failures: int, last_attempt: datetime, retry_after: datetime | None,
                       base_s: float = 300, cap_s: float = 86400,
                       retry_after_cap_s: float = RETRY_AFTER_CAP_S) -> datetime:
    """Earliest time to fetch again: base * 2^(failures-1) capped at `cap_s`; Retry-After wins when later.

    No failures means no back-off (the schedule decides), unless the server asked for a pause.
    Naive datetimes are taken as UTC; the result is UTC.
    """
    last_attempt = _utc(last_attempt)
    delay_s = 0.0
    if consecutive_failures > 0:
        exponent = min(consecutive_failures - 1, 62)  # 2**62 s already dwarfs any cap
        delay_s = min(float(cap_s), base_s * (2.0 ** exponent))
    earliest = last_attempt + timedelta(seconds=delay_s)
    if retry_after is not None:
        asked = min(_utc(retry_after), last_attempt + timedelta(seconds=retry_after_cap_s))
        earliest = max(earliest, asked)
    return earliest


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


__all__ = ["next_attempt_after"]
