-- Spike test for one alert rule over [$from_epoch, $to_epoch]: the indicator's escalation weight per
-- window against the trailing baseline of $span seconds (views/46_window_scores.sql says how it is scored).
-- $min_count is distinct stories (not items, not signals) in the window: five outlets re-telling one
-- article are one story (views/45_indicator_series.sql); $min_ratio the least observed/centre; at least
-- $min_baseline baseline windows must have been observed.
SELECT to_timestamp(ws) AS window_start, to_timestamp(ws + $w) AS window_end,
       value AS observed, n_stories AS story_count, n_signals AS signal_count, n_sources AS source_count,
       centre AS baseline, spread, b_mean AS baseline_mean, b_median AS baseline_median,
       b_windows AS baseline_windows, (value - centre) / spread AS score
FROM window_scores($kind, $key, to_timestamp($from_epoch), to_timestamp($to_epoch + $w), $w, $item_cap, $span,
                   $method)
WHERE ws <= $to_epoch
  AND b_windows >= $min_baseline
  AND n_stories >= $min_count
  AND value >= $min_value
  AND (centre <= 0 OR value >= $min_ratio * centre)
  AND (value - centre) / spread >= $warning_z
ORDER BY ws;
