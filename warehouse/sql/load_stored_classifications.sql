-- The batch's classifications that sql/load_classifications.sql left (an item stored before this load: a
-- re-classification under a new taxonomy version, an item two batches carried; an item listed in
-- classification_orphans): inserted when their item is stored and the table lacks the same (item_id,
-- taxonomy_version), also from earlier in the same transaction (which excludes the rows
-- sql/load_classifications.sql just inserted). A classification whose item is not stored
-- (a batch staged without its items file) is not loaded: the loader logs how many. Run only when some of
-- the batch's classifications are left (it reads the whole table). RETURNING as in load_classifications.sql.
INSERT INTO classifications BY NAME
SELECT s.*
FROM read_parquet($files) AS s
SEMI JOIN items AS i USING (item_id)
ANTI JOIN classifications AS c USING (item_id, taxonomy_version)
RETURNING item_id, taxonomy_version;
