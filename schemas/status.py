"""The status words the code compares, as str-valued enums: stored values stay the same words, so a
warehouse written by an earlier release reads and compares exactly as before, and a misspelt status is a
NameError instead of a comparison that is silently never true."""

from __future__ import annotations

from enum import StrEnum


class RunStatus(StrEnum):
    """A row of the `runs` table: a monitoring cycle, or a replay marked as what it was."""

    RUNNING = "running"  # written before any work; still running at the next cycle means crashed
    CRASHED = "crashed"
    COMPLETED = "completed"
    DEGRADED = "degraded"  # completed, but a feed outage, a failed batch or a skipped rule must not look quiet
    DEFERRED = "deferred"  # another process held the warehouse: the load waits for the next cycle
    FAILED = "failed"
    BACKFILL = "backfill"  # `escmon backfill` finished
    RECLASSIFY = "reclassify"  # `escmon reclassify` finished


class DeliveryStatus(StrEnum):
    """An alert's delivery to one target (alert_deliveries) and overall (alerts.delivery_status)."""

    PENDING = "pending"
    DELIVERED = "delivered"
    LOGGED = "logged"  # no notify URL: printing was the delivery
    FAILED = "failed"  # retried next cycle
    ABANDONED = "abandoned"  # given up: too many attempts or too old
    DEFERRED = "deferred"  # not tried in this call (no time left); counted, never stored


class Severity(StrEnum):
    WARNING = "warning"
    CRITICAL = "critical"
