-- 004: delivery state per (alert, notify target), so one receiver that is down neither makes the healthy
-- ones receive duplicates nor hides which receiver failed, and retries stop at a bound ('abandoned').
-- `target` names a notify URL without its secrets (scheme, plain host and a sha256 prefix of the whole
-- URL; see warehouse/alerts.py delivery_target): tokens and passwords never reach the warehouse.
-- The alerts.delivery_* columns stay as the alert's overall status, recomputed from these rows.
CREATE TABLE alert_deliveries (
    alert_id         VARCHAR NOT NULL,
    target           VARCHAR NOT NULL,       -- 'json://host:port#1a2b3c4d5e6f', 'slack#...', 'log', 'legacy'
    status           VARCHAR NOT NULL,       -- delivered | logged | failed | abandoned
    attempts         INTEGER NOT NULL DEFAULT 0,
    first_attempt_at TIMESTAMPTZ,
    last_attempt_at  TIMESTAMPTZ,
    last_error       VARCHAR,                -- for 'abandoned': why it was given up
    delivered_at     TIMESTAMPTZ,
    PRIMARY KEY (alert_id, target)
);

-- Back-fill: before 004 an alert's one status stood for all its targets, which were not recorded, so it
-- becomes one 'legacy' row. Its attempts count towards every target's bound; the first attempt ran in
-- the cycle that created the alert. Delivered, logged and replayed alerts are not owed, so never resent.
INSERT INTO alert_deliveries
SELECT alert_id, 'legacy', delivery_status, delivery_attempts, created_at, delivered_at, last_delivery_error,
       delivered_at
FROM alerts
WHERE delivery_attempts > 0;
