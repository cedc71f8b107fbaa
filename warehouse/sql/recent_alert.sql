-- The highest severity a rule+indicator already fired within the cooldown before a window: a new
-- window is suppressed unless its severity is higher (a cooldown never hides an escalation).
SELECT max(CASE severity WHEN 'critical' THEN 2 ELSE 1 END) AS rank
FROM alerts
WHERE rule = $rule AND indicator = $indicator
  AND window_start < $window_start
  AND window_start >= $window_start - to_seconds($cooldown_s);
