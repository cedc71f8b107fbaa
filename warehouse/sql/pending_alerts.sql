-- Alerts still owed a delivery: new, upgraded, or failed in an earlier cycle (retried every cycle).
SELECT alert_id, rule, indicator, window_kind, window_start, window_end, observed, signal_count,
       baseline_mean, baseline_std, score, severity, evidence
FROM alerts
WHERE delivery_status IN ('pending', 'failed')
ORDER BY window_start, rule;
