-- Names the classifier's parse found among signals' arguments that the taxonomy lacks (actor_type
-- 'unknown'), most frequent first, with an example headline: candidates to review for the taxonomy.
SELECT m.actor_name AS name,
       count(DISTINCT m.item_id) AS items,
       min(i.title) AS example
FROM current_mentions AS m
JOIN items AS i USING (item_id)
WHERE m.actor_type = 'unknown'
GROUP BY m.actor_name
ORDER BY items DESC, name
LIMIT $limit;
