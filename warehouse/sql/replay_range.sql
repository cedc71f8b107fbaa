-- How many distinct items a backfill read in its range (first read wins), and the span they were published in.
WITH firsts AS (
    SELECT item_id, min(seq) AS seq
    FROM read_parquet($files)
    GROUP BY item_id
)
SELECT count(*) AS items, min(s.published) AS first_published, max(s.published) AS last_published
FROM read_parquet($files) AS s
SEMI JOIN firsts USING (item_id, seq);
