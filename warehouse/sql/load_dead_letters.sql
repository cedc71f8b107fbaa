INSERT INTO dead_letters BY NAME
SELECT *, $batch_id AS batch_id
FROM read_parquet($files)
QUALIFY row_number() OVER (PARTITION BY item_id, stage) = 1
ON CONFLICT DO NOTHING;
