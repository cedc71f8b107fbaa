-- The classifications of the items this load inserted (`new_items`, registered by the loader): a new item
-- has none stored, so no check against the table is needed (it has no key: migration 013). Those of items
-- stored before go through sql/load_stored_classifications.sql. RETURNING gives the keys inserted: the
-- loader registers them as `new_classifications`, and only their signals and mentions are loaded.
INSERT INTO classifications BY NAME
SELECT s.*
FROM read_parquet($files) AS s
SEMI JOIN new_items AS n USING (item_id)
RETURNING item_id, taxonomy_version;
