-- Record one delivery attempt; a failure keeps the alert owed (status 'failed') for the next cycle.
UPDATE alerts
SET delivery_status = $status,
    delivery_attempts = delivery_attempts + 1,
    delivered_at = CASE WHEN $ok THEN now() END,
    last_delivery_error = $error
WHERE alert_id = $alert_id;
