-- Rows keyed by item and taxonomy version: re-classifying the same item is a no-op. RETURNING gives the
-- keys this statement inserted, conflicts excluded (also with rows inserted earlier in the transaction):
-- the loader registers them as `new_classifications`, and only their signals and mentions are loaded.
INSERT INTO classifications BY NAME
SELECT *
FROM read_parquet($files)
ON CONFLICT DO NOTHING
RETURNING item_id, taxonomy_version;
