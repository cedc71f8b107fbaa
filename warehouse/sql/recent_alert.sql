-- The latest alert of a rule+indicator inside the cooldown before a window (for suppression).
SELECT severity, window_start
FROM alerts
WHERE rule = $rule AND indicator = $indicator
  AND window_start < $window_start
  AND window_start >= $window_start - to_seconds($cooldown_s)
ORDER BY window_start DESC
LIMIT 1;
