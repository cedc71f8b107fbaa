-- Every observed window of an indicator scored against its trailing baseline of `span` seconds (the window
-- itself excluded): the value, its stories, signals and sources, the baseline's centre and spread. The spike
-- test (sql/spike_windows.sql) gates these; the sequential test (method = 'cusum', warehouse/alerts.py)
-- accumulates them.
--
-- Why it looks like this (measured on the sample story and on simulated real volumes, see docs/alerts.md):
-- * Only "observed" windows count: a window in which no item at all arrived (all topics) is a gap (feed
--   not yet subscribed, outage), not a quiet day; quiet days with other news are zeros and do count.
-- * robust (default): centre = median, spread = 1.4826 * MAD, so a spike in the baseline (yesterday's)
--   does not mask today's and weekends do not drag the centre down. zscore: mean and population std.
-- * The spread never drops below the compound-Poisson noise of story counts, sqrt(level * weight per
--   story), nor below one story's weight: one article carries several signals, so counting signals as
--   independent would turn two extra articles into a "spike".
CREATE OR REPLACE MACRO window_scores(kind, key, t_from, t_to, w, item_cap, span, method) AS TABLE
WITH baseline AS (
    SELECT ws, value, n_stories, n_signals, sources, len(sources) AS n_sources,
           median(value) OVER b AS b_median,
           mad(value) OVER b AS b_mad,
           avg(value) OVER b AS b_mean,
           stddev_pop(value) OVER b AS b_std,
           count(*) OVER b AS b_windows,
           sum(value) OVER b / nullif(sum(n_stories) OVER b, 0) AS b_per_item
    FROM indicator_series(kind, key, t_from - to_seconds(span), t_to, w, item_cap)
    WINDOW b AS (ORDER BY ws RANGE BETWEEN span PRECEDING AND w PRECEDING)
),
centred AS (
    SELECT *,
           CASE WHEN method = 'zscore' THEN b_mean ELSE b_median END AS centre,
           coalesce(b_per_item, value / nullif(n_stories, 0), 1.0) AS per_item
    FROM baseline
    WHERE ws >= epoch(t_from)
)
SELECT *,
       greatest(CASE WHEN method = 'zscore' THEN b_std ELSE 1.4826 * b_mad END,
                sqrt(greatest(b_median, b_mean) * per_item), per_item) AS spread
FROM centred;
