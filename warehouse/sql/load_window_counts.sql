-- Beam's window counts: one row per (window, dimension, key) by construction (CombinePerKey). A retried
-- bundle on a distributed runner may write a row twice, so keep one copy instead of summing copies.
-- The table has no key (migration 012): a batch's counts are loaded once, because a batch that inserted
-- them is journaled in loaded_batches in the same transaction, and one journaled already adds none.
INSERT INTO window_counts BY NAME
SELECT $batch_id AS batch_id, window_kind, window_start, dimension, key, signals, escalation, deescalation
FROM read_parquet($files)
WHERE NOT EXISTS (SELECT 1 FROM loaded_batches WHERE batch_id = $batch_id)
QUALIFY row_number() OVER (PARTITION BY window_kind, window_start, dimension, key) = 1;
