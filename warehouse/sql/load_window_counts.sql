-- Beam's window counts: one row per (window, dimension, key) by construction (CombinePerKey). A retried
-- bundle on a distributed runner may write a row twice, so keep one copy instead of summing copies.
INSERT INTO window_counts BY NAME
SELECT $batch_id AS batch_id, window_kind, window_start, dimension, key, signals, escalation, deescalation
FROM read_parquet($files)
QUALIFY row_number() OVER (PARTITION BY window_kind, window_start, dimension, key) = 1
ON CONFLICT DO NOTHING;
