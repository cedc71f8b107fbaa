-- Build-up test for one alert rule over [$from_epoch, $to_epoch]: the indicator's level over the trailing
-- $recent_span seconds (the window itself included) against its level over the $span - $recent_span before.
--
-- Why it looks like this (see docs/alerts.md "Build-ups"):
-- * A slow rise never stands out against its own trailing baseline day by day (items naming Russia doubled
--   over 14-21 February 2022 without one day doing so), so a week's level is compared with the weeks before.
-- * Level = median of the daily values, in both periods: one spike day moves neither (the spike rules
--   report those), and with whole weeks in both periods the two medians sit at the same weekday/weekend
--   quantile, so quiet weekends neither hide nor fake a rise.
-- * The spread is the spike test's (1.4826 x MAD of the baseline days, never below the compound-Poisson
--   noise sqrt(level x weight per item) nor one item's weight); the score divides the rise by the standard
--   error of a difference of two medians, 1.2533 x spread x sqrt(1/n_recent + 1/n_baseline).
-- * Observed windows only (some item of any topic arrived), as in spike_windows.sql; at least half of
--   each period must be observed. $min_count is stories over the recent period (a story
--   counts on each day it is told).
-- * `recent` lists the days since the start of the baseline, for the alert text's start of the rise.
WITH series AS (
    SELECT * FROM indicator_series($kind, $key, to_timestamp($from_epoch - $span), to_timestamp($to_epoch + $w), $w,
                                   $item_cap)
),
levels AS (
    SELECT ws,
           median(value) OVER r AS r_level, count(*) OVER r AS r_windows,
           sum(n_stories) OVER r AS r_stories, sum(n_signals) OVER r AS r_signals,
           len(list_distinct(flatten(list(sources) OVER r))) AS r_sources,
           median(value) OVER b AS b_level, mad(value) OVER b AS b_mad, avg(value) OVER b AS b_mean,
           count(*) OVER b AS b_windows,
           sum(value) OVER b / nullif(sum(n_stories) OVER b, 0) AS b_per_item,
           sum(value) OVER r / nullif(sum(n_stories) OVER r, 0) AS r_per_item,
           list({'ws': ws, 'value': value} ORDER BY ws) OVER h AS history
    FROM series
    WINDOW r AS (ORDER BY ws RANGE BETWEEN $recent_span - $w PRECEDING AND CURRENT ROW),
           b AS (ORDER BY ws RANGE BETWEEN $span - $w PRECEDING AND $recent_span PRECEDING),
           h AS (ORDER BY ws RANGE BETWEEN $span - $w PRECEDING AND CURRENT ROW)
),
scored AS (
    SELECT *,
           greatest(1.4826 * b_mad, sqrt(greatest(b_level, b_mean) * coalesce(b_per_item, r_per_item, 1.0)),
                    coalesce(b_per_item, r_per_item, 1.0)) AS spread
    FROM levels
    WHERE ws >= $from_epoch AND ws <= $to_epoch AND b_windows >= $min_baseline AND r_windows >= $min_recent
)
SELECT to_timestamp(ws) AS window_start, to_timestamp(ws + $w) AS window_end,
       to_timestamp(ws - $recent_span + $w) AS recent_start,
       r_level AS observed, r_stories AS story_count, r_signals AS signal_count, r_sources AS source_count,
       b_level AS baseline, spread, b_mean AS baseline_mean, b_windows AS baseline_windows,
       r_windows AS recent_windows, history,
       (r_level - b_level) / (1.2533 * spread * sqrt(1.0 / r_windows + 1.0 / b_windows)) AS score
FROM scored
WHERE r_stories >= $min_count
  AND r_level >= $min_value
  AND (b_level <= 0 OR r_level >= $min_ratio * b_level)
  AND (r_level - b_level) / (1.2533 * spread * sqrt(1.0 / r_windows + 1.0 / b_windows)) >= $warning_z
ORDER BY ws;
