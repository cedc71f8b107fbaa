INSERT INTO classifications BY NAME
SELECT *
FROM read_parquet($files)
QUALIFY row_number() OVER (PARTITION BY item_id, taxonomy_version ORDER BY classified_at) = 1
ON CONFLICT DO NOTHING;
