-- The data's own range, which every "latest" window counts back from (the cycle summary, the report), not
-- "now": an archive or the sample data (which ends on a fixed day) still shows its newest days. Items the
-- feed gave no date (published_estimated: stamped with the fetch time) do not move it, or one undated
-- item would move the window to today; they stay in the warehouse and count where their stamp falls.
SELECT (coalesce(max(published) FILTER (WHERE NOT published_estimated), max(published)) AT TIME ZONE 'UTC')::DATE AS newest_day,
       (min(published) AT TIME ZONE 'UTC')::DATE AS oldest_day,
       count(*) AS items,
       count(*) FILTER (WHERE published_estimated) AS undated_items
FROM items;
