-- One alert per (rule, indicator, window). A later evaluation of the same window only replaces it
-- when its severity is higher, and then it is delivered again, once, as an upgrade: its age for
-- `[notify] max_age_hours` counts from the upgrade (created_at moves), not from the first warning.
INSERT INTO alerts (alert_id, rule, indicator, window_kind, window_start, window_end, observed, signal_count,
                    baseline_mean, baseline_std, score, severity, evidence, note, drivers, story_count, source_count,
                    created_at, batch_id,
                    delivery_status, delivery_attempts)
VALUES ($alert_id, $rule, $indicator, $window_kind, $window_start, $window_end, $observed, $signal_count,
        $baseline_mean, $baseline_std, $score, $severity, $evidence, $note, $drivers, $story_count,
        $source_count, now(), $batch_id, 'pending', 0)
ON CONFLICT (alert_id) DO UPDATE SET
    observed = excluded.observed, signal_count = excluded.signal_count, score = excluded.score,
    baseline_mean = excluded.baseline_mean, baseline_std = excluded.baseline_std,
    severity = excluded.severity, evidence = excluded.evidence, note = excluded.note, drivers = excluded.drivers,
    story_count = excluded.story_count, source_count = excluded.source_count,
    batch_id = excluded.batch_id,
    created_at = excluded.created_at,
    delivery_status = 'pending', delivery_attempts = 0, delivered_at = NULL, last_delivery_error = NULL
WHERE alerts.severity = 'warning' AND excluded.severity = 'critical';
