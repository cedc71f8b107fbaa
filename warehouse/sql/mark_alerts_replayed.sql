-- Alerts fired by a backfill or re-classification describe the past: record them without delivering,
-- so the next live cycle does not page anyone about last month. Upgrades already owed stay owed.
UPDATE alerts
SET delivery_status = 'replayed'
WHERE alert_id IN (SELECT unnest($ids)) AND delivery_status = 'pending' AND delivery_attempts = 0;
