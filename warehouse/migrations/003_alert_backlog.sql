-- 003: the event-time ranges whose alert windows still have to be evaluated. A batch's range is queued
-- in the transaction that commits its items and removed only after the rules ran over it, so a cycle
-- that dies (or finds the warehouse held) between load and alerts loses no alert: the next one runs them.
CREATE TABLE alert_backlog (
    batch_id      VARCHAR PRIMARY KEY,
    published_min TIMESTAMPTZ NOT NULL,
    published_max TIMESTAMPTZ NOT NULL,
    queued_at     TIMESTAMPTZ NOT NULL
);
