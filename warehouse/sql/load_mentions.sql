-- The mentions of the classifications this load inserted (`new_classifications`, registered by the loader):
-- those of an item already classified under the same taxonomy version were loaded with it. The table has
-- no key to check (migration 012); repeats inside the batch's files were removed before (loader.unique_rows).
INSERT INTO mentions BY NAME
SELECT m.*
FROM read_parquet($files) AS m
SEMI JOIN new_classifications AS n USING (item_id, taxonomy_version);
