-- A backfill's new items, in the order they are staged: the spooled items ($files, as read, `seq` the
-- read order) de-duplicated by id (the first read wins), without those the warehouse already holds (the
-- `candidate_items` of sql/known_items.sql, whose text the caller inserts below), sorted by (published,
-- item_id) as the story clustering reads them. DuckDB sorts out of core under its memory limit, so a
-- backfill of millions of items never holds them in Python. Written to $out; the columns are ITEM_SCHEMA's.
COPY (
    WITH firsts AS (
        SELECT item_id, min(seq) AS seq
        FROM read_parquet($files)
        GROUP BY item_id
    ),
    unique_items AS (
        SELECT s.*
        FROM read_parquet($files) AS s
        SEMI JOIN firsts USING (item_id, seq)
    ),
    candidate_items AS (
        SELECT item_id, feed_url, guid, link, former_link FROM unique_items
    ),
    known AS (
        {known}
    )
    SELECT {columns}
    FROM unique_items
    ANTI JOIN known USING (item_id)
    ORDER BY published, item_id
) TO $out (FORMAT parquet);
