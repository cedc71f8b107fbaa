-- New items of one staged batch; a re-load or a repeated item is a no-op.
INSERT INTO items BY NAME
SELECT *, $batch_id AS batch_id
FROM read_parquet($files)
QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY fetched_at) = 1
ON CONFLICT DO NOTHING;
