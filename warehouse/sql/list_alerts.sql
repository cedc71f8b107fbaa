-- `escmon alerts`: newest first, with delivery status and the strongest piece of evidence.
SELECT strftime(window_start, '%Y-%m-%d %H:%M') AS window, rule, indicator, severity,
       round(observed, 2) AS observed, round(baseline_mean, 2) AS baseline, round(score, 2) AS score,
       signal_count AS signals, delivery_status AS delivery, delivery_attempts AS attempts,
       json_extract_string(evidence, '$[0].title') AS top_item, last_delivery_error AS delivery_error
FROM alerts
WHERE window_start >= $since
ORDER BY window_start DESC, rule;
