-- What a rule+indicator already fired within the cooldown before a window: the highest severity, and the
-- latest alert (its day, severity and value). A new window stays quiet unless its severity is higher or its
-- value is at least upgrade_ratio x the latest alert's (a cooldown never hides an escalation).
WITH recent AS (
    SELECT CASE severity WHEN 'critical' THEN 2 ELSE 1 END AS rank, severity, observed, window_start
    FROM alerts
    WHERE rule = $rule AND indicator = $indicator
      AND window_start < $window_start
      AND window_start >= $window_start - to_seconds($cooldown_s)
)
SELECT (SELECT max(rank) FROM recent) AS max_rank, severity, observed, window_start
FROM recent
ORDER BY window_start DESC
LIMIT 1;
