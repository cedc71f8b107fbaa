-- What drove an alert: the categories and actors among the indicator's escalation signals whose weight per
-- window rose most in the alert's period [$start, $end) against the baseline [$base_start, $start) before it.
-- Per window, so a seven-day period and a 28-day baseline compare like with like; the rule's own category or
-- actor is left out (an alert on Russia is not news that Russia rose). Actors are those mentioned in the
-- items that carry the signals (taxonomy actors only).
WITH sig AS (
    SELECT s.item_id, s.taxonomy_version, s.category, s.contribution, s.published >= $start AS recent
    FROM indicator_signals($kind, $key, $base_start, $end) AS s
),
actor_items AS (  -- of the signals' items only: a mention shares its signal's `published` (one classification)
    SELECT DISTINCT item_id, taxonomy_version, actor_id, actor_name
    FROM mentions
    WHERE actor_type IS DISTINCT FROM 'unknown'
      AND published >= $base_start AND published < $end
      AND item_id IN (SELECT item_id FROM sig)
),
tagged AS (
    SELECT 'category' AS dimension, category AS id, category AS name, item_id, contribution, recent FROM sig
    UNION ALL
    SELECT 'actor', a.actor_id, a.actor_name, s.item_id, s.contribution, s.recent
    FROM sig AS s
    JOIN actor_items AS a USING (item_id, taxonomy_version)
),
per_item AS (  -- one item adds at most $item_cap to each category or actor, as in the indicator's series
    SELECT dimension, id, any_value(name) AS name, recent, item_id, least(sum(contribution), $item_cap) AS weight
    FROM tagged
    WHERE NOT (dimension = $kind AND id = $key)
    GROUP BY dimension, id, item_id, recent
),
per_story AS (  -- and one story (however many outlets told it) its strongest item's weight
    SELECT p.dimension, p.id, any_value(p.name) AS name, p.recent, max(p.weight) AS weight
    FROM per_item AS p
    LEFT JOIN item_stories AS st ON st.item_id = p.item_id AND st.published >= $base_start AND st.published < $end
    GROUP BY p.dimension, p.id, p.recent, coalesce(st.story_id, p.item_id)
),
levels AS (
    SELECT dimension, id, any_value(name) AS name,
           coalesce(sum(weight) FILTER (WHERE recent), 0) / $recent_windows AS now,
           coalesce(sum(weight) FILTER (WHERE NOT recent), 0) / $base_windows AS before
    FROM per_story
    GROUP BY dimension, id
)
SELECT dimension, id, coalesce(name, id) AS name, round(now, 2) AS now, round(before, 2) AS before
FROM levels
WHERE now > before
QUALIFY row_number() OVER (PARTITION BY dimension ORDER BY now - before DESC, id) <= $limit
ORDER BY dimension DESC, now - before DESC, id;
