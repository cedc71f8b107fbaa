-- The stories that drove an alert, one row per story (five outlets carrying one event, or an article with
-- five signals, are one piece of evidence): the stories with the strongest escalation item for the
-- indicator in the window, each shown by that item (title, link, strongest signal's sentence), with the
-- story's items, independent sources and outlets (the whole story's, as `stories` holds them).
-- Items and stories are cut to the window on `published` (a story holding an item of the window spans it),
-- so the cost follows the window, not the history.
WITH sig AS (
    SELECT s.item_id, s.published, s.category, s.matched_text, s.evidence, s.contribution
    FROM indicator_signals($kind, $key, $start, $end) AS s
),
per_item AS (
    SELECT item_id, sum(contribution) AS item_weight, count(*) AS item_signals,
           arg_max(category, contribution) AS category, arg_max(matched_text, contribution) AS matched_text,
           arg_max(evidence, contribution) AS evidence, min(published) AS published
    FROM sig
    GROUP BY item_id
),
per_story AS (
    SELECT coalesce(st.story_id, p.item_id) AS story_id,
           arg_max(p.item_id, (p.item_weight, p.item_id)) AS item_id,
           max(p.item_weight) AS weight,
           sum(p.item_signals) AS signals
    FROM per_item AS p
    LEFT JOIN item_stories AS st ON st.item_id = p.item_id AND st.published >= $start AND st.published < $end
    GROUP BY 1
)
SELECT i.title, i.link, i.feed_name, p.published, p.category, p.matched_text, p.evidence,
       round(s.weight, 3) AS contribution, s.signals, s.story_id,
       coalesce(t.num_items, 1) AS items, coalesce(t.num_sources, 1) AS sources, t.outlets
FROM per_story AS s
JOIN per_item AS p USING (item_id)
JOIN items AS i ON i.item_id = s.item_id AND i.published >= $start AND i.published < $end
LEFT JOIN stories AS t ON t.story_id = s.story_id AND t.last_seen >= $start AND t.first_seen < $end
ORDER BY s.weight DESC, p.published, i.title
LIMIT $limit;
