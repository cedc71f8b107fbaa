-- `escmon alerts`: newest first, with the overall delivery status, how many targets are in each state
-- (e.g. 'delivered 1, abandoned 1') and, per target still missing the alert, its error or give-up reason.
SELECT strftime(window_start, '%Y-%m-%d %H:%M') AS window, rule, indicator, severity,
       round(observed, 2) AS observed, round(baseline_mean, 2) AS baseline, round(score, 2) AS score,
       signal_count AS signals, delivery_status AS delivery, delivery_attempts AS attempts,
       (SELECT string_agg(status || ' ' || n, ', ' ORDER BY status)
        FROM (SELECT status, count(*) AS n FROM alert_deliveries AS d
              WHERE d.alert_id = alerts.alert_id AND d.target <> 'legacy' GROUP BY status)) AS targets,
       json_extract_string(evidence, '$[0].title') AS top_item, last_delivery_error AS delivery_error
FROM alerts
WHERE window_start >= $since
ORDER BY window_start DESC, rule;
