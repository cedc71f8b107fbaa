-- Spike test for one alert rule over [$from_epoch, $to_epoch]: the indicator's escalation weight per
-- window against the trailing baseline of $span seconds (the window itself excluded).
--
-- Why it looks like this (measured on the sample story and on simulated real volumes, see docs/alerts.md):
-- * Only "observed" windows count: a window in which no item at all arrived (all topics) is a gap (feed
--   not yet subscribed, outage), not a quiet day; quiet days with other news are zeros and do count.
-- * robust (default): centre = median, spread = 1.4826 * MAD, so a spike in the baseline (yesterday's)
--   does not mask today's and weekends do not drag the centre down. zscore: mean and population std.
-- * The spread never drops below the compound-Poisson noise of item counts, sqrt(level * weight per
--   item), nor below one item's weight: one article carries several signals, so counting signals as
--   independent would turn two extra articles into a "spike".
-- * $min_count is distinct stories (not items, not signals) in the window: five outlets re-telling one
--   article are one story (views/45_indicator_series.sql); $min_ratio the least observed/centre.
WITH series AS (
    SELECT * FROM indicator_series($kind, $key, to_timestamp($from_epoch - $span), to_timestamp($to_epoch + $w), $w,
                                   $item_cap)
),
baseline AS (
    SELECT ws, value, n_stories, n_signals, len(sources) AS n_sources,
           median(value) OVER b AS b_median,
           mad(value) OVER b AS b_mad,
           avg(value) OVER b AS b_mean,
           stddev_pop(value) OVER b AS b_std,
           count(*) OVER b AS b_windows,
           sum(value) OVER b / nullif(sum(n_stories) OVER b, 0) AS b_per_item
    FROM series
    WINDOW b AS (ORDER BY ws RANGE BETWEEN $span PRECEDING AND $w PRECEDING)
),
centred AS (
    SELECT *,
           CASE WHEN $method = 'zscore' THEN b_mean ELSE b_median END AS centre,
           coalesce(b_per_item, value / nullif(n_stories, 0), 1.0) AS per_item
    FROM baseline
    WHERE ws >= $from_epoch AND ws <= $to_epoch AND b_windows >= $min_baseline
),
scored AS (
    SELECT *,
           greatest(CASE WHEN $method = 'zscore' THEN b_std ELSE 1.4826 * b_mad END,
                    sqrt(greatest(b_median, b_mean) * per_item), per_item) AS spread
    FROM centred
)
SELECT to_timestamp(ws) AS window_start, to_timestamp(ws + $w) AS window_end,
       value AS observed, n_stories AS story_count, n_signals AS signal_count, n_sources AS source_count,
       centre AS baseline, spread, b_mean AS baseline_mean, b_median AS baseline_median,
       b_windows AS baseline_windows, (value - centre) / spread AS score
FROM scored
WHERE n_stories >= $min_count
  AND value >= $min_value
  AND (centre <= 0 OR value >= $min_ratio * centre)
  AND (value - centre) / spread >= $warning_z
ORDER BY ws;
