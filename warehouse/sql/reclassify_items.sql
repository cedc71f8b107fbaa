-- Items with no classification under taxonomy $version (published in [$start, $end)), oldest first:
-- what `escmon reclassify` runs through the Beam pipeline again after a taxonomy change. With
-- $classified_only, only items classified under another version (a cycle's baseline refresh must not
-- re-run dead-lettered items every cycle).
SELECT i.item_id, i.feed_name, i.feed_url, i.guid, i.link, i.title, i.summary, i.published,
       i.published_estimated, i.fetched_at
FROM items AS i
WHERE i.published >= $start AND i.published < $end
  AND NOT EXISTS (SELECT 1 FROM classifications AS c
                  WHERE c.item_id = i.item_id AND c.taxonomy_version = $version)
  AND (NOT $classified_only OR EXISTS (SELECT 1 FROM classifications AS c WHERE c.item_id = i.item_id))
ORDER BY i.published, i.item_id;
