-- Record one (alert, target) outcome: an attempt ($attempted) that delivered or failed, or giving up
-- ('abandoned', with the reason in last_error) with or without a last attempt. Other targets are untouched.
INSERT INTO alert_deliveries (alert_id, target, status, attempts, first_attempt_at, last_attempt_at,
                              last_error, delivered_at)
VALUES ($alert_id, $target, $status, CASE WHEN $attempted THEN 1 ELSE 0 END,
        CASE WHEN $attempted THEN $at END, CASE WHEN $attempted THEN $at END, $error,
        CASE WHEN $status IN ('delivered', 'logged') THEN $at END)
ON CONFLICT (alert_id, target) DO UPDATE SET
    status = excluded.status,
    attempts = alert_deliveries.attempts + excluded.attempts,
    first_attempt_at = coalesce(alert_deliveries.first_attempt_at, excluded.first_attempt_at),
    last_attempt_at = coalesce(excluded.last_attempt_at, alert_deliveries.last_attempt_at),
    last_error = excluded.last_error,
    delivered_at = excluded.delivered_at;
