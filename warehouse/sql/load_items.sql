-- New items of one staged batch; a re-load or an item already stored is a no-op (first load wins).
-- Keys are unique within the files (the loader checks), so no de-duplicating window is needed here.
-- RETURNING gives the items this statement inserted, conflicts excluded: the loader registers them as
-- `new_items`, whose classifications sql/load_classifications.sql inserts without a check.
INSERT INTO items BY NAME
SELECT *, $batch_id AS batch_id
FROM read_parquet($files)
ON CONFLICT DO NOTHING
RETURNING item_id;
