-- The classifications of the items this load inserted (`new_items`, registered by the loader): a new item
-- has none stored (a classification is stored only with its item, and the items migration 013 found
-- without one are listed in classification_orphans), so no check against the table is needed (it has no
-- key: migration 013). The others go through sql/load_stored_classifications.sql. RETURNING gives the keys
-- inserted: the loader registers them as `new_classifications`, and only their signals and mentions load.
INSERT INTO classifications BY NAME
SELECT s.*
FROM read_parquet($files) AS s
SEMI JOIN new_items AS n USING (item_id)
ANTI JOIN classification_orphans AS o USING (item_id)
RETURNING item_id, taxonomy_version;
