-- Spike test for one alert rule: the indicator's escalation weight per window (zeros included, so quiet
-- windows count in the baseline) against the trailing baseline; z uses a floor on the spread so a flat
-- baseline cannot turn one signal into a huge score. Only windows with a full baseline are tested.
WITH sig AS (
    SELECT s.item_id, s.published, s.contribution
    FROM current_signals AS s
    WHERE s.contribution > 0
      AND ($kind = 'index'
           OR ($kind = 'category' AND s.category = $key)
           OR ($kind = 'dyad' AND s.source_actor || '-' || s.target_actor = $key)
           OR ($kind = 'actor' AND EXISTS (
                  SELECT 1 FROM mentions AS m
                  WHERE m.item_id = s.item_id AND m.taxonomy_version = s.taxonomy_version
                    AND (m.actor_id = $key OR m.affiliation = $key))))
),
per_window AS (
    SELECT (floor(epoch(published) / $w) * $w)::BIGINT AS ws, sum(contribution) AS value, count(*) AS n
    FROM sig
    GROUP BY 1
),
bounds AS (
    SELECT (floor(epoch(min(published)) / $w) * $w)::BIGINT AS first_ws FROM items
),
series AS (
    SELECT r.ws, coalesce(p.value, 0) AS value, coalesce(p.n, 0) AS n
    FROM bounds, range(bounds.first_ws, $to_epoch + 1, $w) AS r(ws)
    LEFT JOIN per_window AS p ON p.ws = r.ws
),
scored AS (
    SELECT ws, value, n,
           avg(value) OVER b AS baseline_mean,
           stddev_pop(value) OVER b AS baseline_std,
           count(*) OVER b AS baseline_n
    FROM series
    WINDOW b AS (ORDER BY ws ROWS BETWEEN $baseline PRECEDING AND 1 PRECEDING)
)
SELECT to_timestamp(ws) AS window_start,
       to_timestamp(ws + $w) AS window_end,
       value AS observed, n AS signal_count, baseline_mean, baseline_std,
       (value - baseline_mean) / greatest(baseline_std, sqrt(baseline_mean), 1.0) AS score
FROM scored
WHERE ws >= $from_epoch AND ws <= $to_epoch
  AND baseline_n >= $baseline
  AND n >= $min_count
  AND value >= $min_value
  AND (value - baseline_mean) / greatest(baseline_std, sqrt(baseline_mean), 1.0) >= $warning_z
ORDER BY ws;
