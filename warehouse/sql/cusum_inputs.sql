-- The sequential (CUSUM) test's input for one rule: every observed window from $from_epoch to $to_epoch with
-- its trailing baseline's centre and spread (views/46_window_scores.sql); warehouse/alerts.py accumulates.
SELECT ws, to_timestamp(ws) AS window_start, to_timestamp(ws + $w) AS window_end, value, n_stories, n_signals,
       sources, centre, spread, b_mean
FROM window_scores($kind, $key, to_timestamp($from_epoch), to_timestamp($to_epoch + $w), $w, $item_cap, $span,
                   'robust')
WHERE ws <= $to_epoch AND b_windows >= $min_baseline
ORDER BY ws;
