-- The items that drove an alert: the strongest escalation signals of the indicator in its window.
SELECT i.title, i.link, i.feed_name, s.published, s.category, s.matched_text, s.evidence,
       round(s.contribution, 3) AS contribution
FROM current_signals AS s
JOIN items AS i USING (item_id)
WHERE s.contribution > 0
  AND s.published >= $start AND s.published < $end
  AND ($kind = 'index'
       OR ($kind = 'category' AND s.category = $key)
       OR ($kind = 'dyad' AND s.source_actor || '-' || s.target_actor = $key)
       OR ($kind = 'actor' AND EXISTS (
              SELECT 1 FROM mentions AS m
              WHERE m.item_id = s.item_id AND m.taxonomy_version = s.taxonomy_version
                AND (m.actor_id = $key OR m.affiliation = $key))))
QUALIFY row_number() OVER (PARTITION BY s.item_id ORDER BY s.contribution DESC) = 1
ORDER BY s.contribution DESC, s.published
LIMIT 5;
