-- (alert, target) pairs still owed: the alert is owed overall and this configured target has neither
-- received it nor given up on it. `attempts` includes the pre-004 'legacy' attempts, which were made to
-- every target of the time; the caller decides from attempts and created_at whether to send or give up.
WITH targets AS (SELECT unnest($targets::VARCHAR[]) AS target)
SELECT a.alert_id, a.rule, a.indicator, a.window_kind, a.window_start, a.window_end, a.observed,
       a.signal_count, a.baseline_mean, a.baseline_std, a.score, a.severity, a.evidence, a.note, a.drivers,
       a.story_count, a.source_count,
       t.target, coalesce(d.attempts, 0) + coalesce(l.attempts, 0) AS attempts, a.created_at
FROM alerts AS a
CROSS JOIN targets AS t
LEFT JOIN alert_deliveries AS d ON d.alert_id = a.alert_id AND d.target = t.target
LEFT JOIN alert_deliveries AS l ON l.alert_id = a.alert_id AND l.target = 'legacy'
WHERE a.delivery_status IN ('pending', 'failed') AND (d.status IS NULL OR d.status = 'failed')
ORDER BY a.window_start, a.rule, t.target;
