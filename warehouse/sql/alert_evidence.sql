-- The items that drove an alert, one row per item (an article with five signals is still one piece of
-- evidence): the items with the most escalation weight for the indicator in the window, each with its
-- strongest signal's sentence.
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
)
SELECT i.title, i.link, i.feed_name, p.published, p.category, p.matched_text, p.evidence,
       round(p.item_weight, 3) AS contribution, p.item_signals AS signals
FROM per_item AS p
JOIN items AS i USING (item_id)
ORDER BY p.item_weight DESC, p.published, i.title
LIMIT $limit;
