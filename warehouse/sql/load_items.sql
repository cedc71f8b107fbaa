-- New items of one staged batch; a re-load or an item already stored is a no-op (first load wins).
-- Keys are unique within the files (the loader checks), so no de-duplicating window is needed here.
INSERT INTO items BY NAME
SELECT *, $batch_id AS batch_id
FROM read_parquet($files)
ON CONFLICT DO NOTHING;
