-- The report's stories: those told in its window, most independent sources first (what several outlets
-- carried is what an analyst reads first), each with its first item's link and the outlets that carried it.
SELECT s.story_id, s.first_seen, s.last_seen, s.headline, s.num_items AS items, s.num_sources AS sources,
       s.top_category AS category, s.outlets, i.link
FROM stories AS s
LEFT JOIN items AS i ON i.item_id = s.story_id
WHERE s.last_seen >= $start AND s.first_seen < $end + INTERVAL 1 DAY
ORDER BY s.num_sources DESC, s.num_items DESC, s.first_seen DESC, s.story_id
LIMIT $limit;
