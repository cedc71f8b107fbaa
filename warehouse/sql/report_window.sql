-- The newest day with data: the report counts back from it, not from "now", so an archive or the
-- sample data (which ends on a fixed day) still shows its history. Items whose date was estimated
-- at fetch time are ignored here, or one undated item would move the window to today.
SELECT (coalesce(max(published) FILTER (WHERE NOT published_estimated), max(published)) AT TIME ZONE 'UTC')::DATE AS newest_day,
       (min(published) AT TIME ZONE 'UTC')::DATE AS oldest_day,
       count(*) AS items
FROM items;
