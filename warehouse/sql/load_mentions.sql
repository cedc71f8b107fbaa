-- Rows keyed by item, taxonomy version (and seq): re-classifying the same item is a no-op.
INSERT INTO mentions BY NAME
SELECT *
FROM read_parquet($files)
ON CONFLICT DO NOTHING;
