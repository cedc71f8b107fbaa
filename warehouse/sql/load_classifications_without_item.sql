-- How many of a batch's classifications have no stored item (a batch staged without its items file): the
-- loader skips them and says so.
SELECT count(*) FROM read_parquet($files) ANTI JOIN items USING (item_id);
