SELECT strftime(window_start, '%Y-%m-%d %H:%M') AS window, rule, indicator, severity,
       round(observed, 2) AS observed, round(baseline_mean, 2) AS baseline, round(score, 2) AS score,
       signal_count AS signals, delivery_status AS delivery, delivery_attempts AS attempts,
       json_extract_string(evidence, '$[0].title') AS top_item
FROM alerts
WHERE window_start >= $since
ORDER BY window_start DESC, rule;
