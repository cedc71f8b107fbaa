-- Alerts still owed a delivery to some target: new, upgraded, or failed and not yet given up.
SELECT alert_id, rule, indicator, window_kind, window_start, window_end, observed, signal_count,
       baseline_mean, baseline_std, score, severity, evidence, note, drivers,
       story_count, source_count
FROM alerts
WHERE delivery_status IN ('pending', 'failed')
ORDER BY window_start, rule;
