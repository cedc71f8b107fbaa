-- The alert's overall delivery columns, derived from its rows for the configured targets: delivered
-- (or logged) once every target has it; failed while a target failed and may be retried; abandoned once
-- every target still missing it was given up; pending otherwise (a target not attempted yet).
-- delivery_attempts = the most attempts any target needed (pre-004 'legacy' attempts included);
-- last_delivery_error: the error or give-up reason of each target that lacks the alert, prefixed with the
-- target's name when several are configured.
UPDATE alerts
SET delivery_status = s.status,
    delivery_attempts = s.attempts,
    delivered_at = CASE WHEN s.status IN ('delivered', 'logged') THEN s.delivered_at END,
    last_delivery_error = s.errors
FROM (
    SELECT CASE WHEN count(*) FILTER (WHERE d.status = 'logged') = count(*) THEN 'logged'
                WHEN count(*) FILTER (WHERE d.status IN ('delivered', 'logged')) = count(*) THEN 'delivered'
                WHEN count(*) FILTER (WHERE d.status = 'failed') > 0 THEN 'failed'
                WHEN count(*) FILTER (WHERE d.status IN ('delivered', 'logged', 'abandoned')) = count(*)
                    THEN 'abandoned'
                ELSE 'pending' END AS status,
           coalesce(max(d.attempts), 0)
               + coalesce((SELECT attempts FROM alert_deliveries
                           WHERE alert_id = $alert_id AND target = 'legacy'), 0) AS attempts,
           max(d.delivered_at) AS delivered_at,
           string_agg(CASE WHEN n_targets > 1 THEN t.target || ': ' ELSE '' END
                      || coalesce(d.last_error, d.status, 'not attempted yet'), '; ' ORDER BY t.target)
               FILTER (WHERE d.status IS NULL OR d.status NOT IN ('delivered', 'logged')) AS errors
    FROM (SELECT unnest($targets::VARCHAR[]) AS target, len($targets::VARCHAR[]) AS n_targets) AS t
    LEFT JOIN alert_deliveries AS d ON d.alert_id = $alert_id AND d.target = t.target
) AS s
WHERE alerts.alert_id = $alert_id;
