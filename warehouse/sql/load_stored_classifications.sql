-- The classifications of items stored before this load (a re-classification under a new taxonomy version,
-- an item staged by two batches): inserted unless the table holds the same (item_id, taxonomy_version),
-- also from earlier in the same transaction. Run only when some of the batch's classifications are not of
-- `new_items` (it reads the whole table). RETURNING as in sql/load_classifications.sql.
INSERT INTO classifications BY NAME
SELECT s.*
FROM read_parquet($files) AS s
ANTI JOIN new_items AS n USING (item_id)
ANTI JOIN classifications AS c USING (item_id, taxonomy_version)
RETURNING item_id, taxonomy_version;
