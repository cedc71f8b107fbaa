-- What story identity reads of every item published since $since (the open window before the first item
-- without a story, and everything after), and of the earlier members that stand for a near-copy inside it
-- (a re-post keeps the item it repeats in the window: warehouse/stories.py; such a member is at most
-- SPAN_HOURS older than its copy, hence $held_since): text, outlet fields, actor offsets and counted signals
-- under the item's newest taxonomy version, and its story so far. Filtered on `published` first, so a load
-- reads the window, not the history (the current_* views would rank every classification).
WITH held AS (
    SELECT DISTINCT matched_item_id AS item_id
    FROM item_stories
    WHERE published >= $since AND similarity >= $copy AND matched_item_id IS NOT NULL
),
scope AS (
    SELECT item_id, published, title, summary, link, feed_url, feed_name
    FROM items
    WHERE published >= $held_since AND (published >= $since OR item_id IN (SELECT item_id FROM held))
),
newest AS (
    SELECT item_id, taxonomy_version
    FROM classifications
    SEMI JOIN scope USING (item_id)
    WHERE published >= $held_since
    QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY classified_at DESC, taxonomy_version) = 1
),
actors AS (
    SELECT m.item_id, list({'start': m.start_char, 'end': m.end_char, 'affiliation': m.affiliation}
                           ORDER BY m.seq) AS mentions
    FROM mentions AS m
    JOIN newest USING (item_id, taxonomy_version)
    WHERE m.published >= $held_since AND m.affiliation IS NOT NULL AND m.affiliation <> ''
    GROUP BY m.item_id
),
counted AS (
    SELECT s.item_id, list({'category': s.category, 'direction': s.direction, 'contribution': s.contribution,
                            'seq': s.seq} ORDER BY s.seq) AS signals
    FROM signals AS s
    JOIN newest USING (item_id, taxonomy_version)
    WHERE s.published >= $held_since AND s.contribution <> 0
    GROUP BY s.item_id
)
SELECT scope.item_id, scope.published, scope.title, scope.summary, scope.link, scope.feed_url, scope.feed_name,
       coalesce(actors.mentions, []) AS mentions, coalesce(counted.signals, []) AS signals,
       st.story_id, st.matched_item_id, st.similarity, st.copy_of, stories.first_seen AS story_first_seen
FROM scope
LEFT JOIN actors USING (item_id)
LEFT JOIN counted USING (item_id)
LEFT JOIN item_stories AS st USING (item_id)
LEFT JOIN stories ON stories.story_id = st.story_id
ORDER BY scope.published, scope.item_id;
