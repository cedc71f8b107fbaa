-- What story identity reads of every item published since $since (the open window before the first item
-- without a story, and everything after): text, outlet fields, actor offsets and counted signals under
-- the item's newest taxonomy version, and its story so far. Filtered on `published` first, so a load reads
-- the window, not the history (the current_* views would rank every classification).
WITH scope AS (
    SELECT item_id, published, title, summary, link, feed_url, feed_name
    FROM items
    WHERE published >= $since
),
newest AS (
    SELECT item_id, taxonomy_version
    FROM classifications
    WHERE published >= $since
    QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY classified_at DESC, taxonomy_version) = 1
),
actors AS (
    SELECT m.item_id, list({'start': m.start_char, 'end': m.end_char, 'affiliation': m.affiliation}
                           ORDER BY m.seq) AS mentions
    FROM mentions AS m
    JOIN newest USING (item_id, taxonomy_version)
    WHERE m.published >= $since AND m.affiliation IS NOT NULL AND m.affiliation <> ''
    GROUP BY m.item_id
),
counted AS (
    SELECT s.item_id, list({'category': s.category, 'direction': s.direction, 'contribution': s.contribution,
                            'seq': s.seq} ORDER BY s.seq) AS signals
    FROM signals AS s
    JOIN newest USING (item_id, taxonomy_version)
    WHERE s.published >= $since AND s.contribution <> 0
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
