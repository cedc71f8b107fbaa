-- Beam's per-window partial counts, summed per key (GROUP BY makes the rows unique by construction).
INSERT INTO window_counts BY NAME
SELECT $batch_id AS batch_id, window_kind, window_start, dimension, key,
       sum(signals) AS signals, sum(escalation) AS escalation, sum(deescalation) AS deescalation
FROM read_parquet($files)
GROUP BY ALL
ON CONFLICT DO NOTHING;
