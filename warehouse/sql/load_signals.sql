INSERT INTO signals BY NAME
SELECT *
FROM read_parquet($files)
QUALIFY row_number() OVER (PARTITION BY item_id, taxonomy_version, seq) = 1
ON CONFLICT DO NOTHING;
