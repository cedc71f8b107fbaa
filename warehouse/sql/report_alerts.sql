-- Alerts whose window falls in the report window, newest first, with the items that drove them
-- (stored as JSON on the alert when it fired, so the report shows what the analyst was sent).
SELECT alert_id, rule, indicator, window_kind, window_start, window_end, severity,
       round(observed, 2) AS observed, signal_count, round(baseline_mean, 2) AS baseline_mean,
       round(baseline_std, 2) AS baseline_std, round(score, 2) AS score,
       CAST(evidence AS VARCHAR) AS evidence, CAST(drivers AS VARCHAR) AS drivers, delivery_status
FROM alerts
WHERE window_start >= $start AND window_start < $end + INTERVAL 1 DAY
ORDER BY window_start DESC, severity, rule;
