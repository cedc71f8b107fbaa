-- The first item (by published, item_id) that has no story yet, and how many have none: where the loader
-- starts clustering again. Everything from there on is (re-)assigned, so batch order never matters.
SELECT min((i.published, i.item_id)) AS first_pending, count(*) AS pending
FROM items AS i
ANTI JOIN item_stories AS s USING (item_id);
