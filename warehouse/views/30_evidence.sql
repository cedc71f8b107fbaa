-- The strongest signals with the sentence that shows them and where to read the item.
CREATE OR REPLACE VIEW top_signals AS
SELECT s.published, s.category, s.direction, s.polarity, s.contribution, s.matched_text, s.evidence,
       s.source_actor, s.target_actor, i.title, i.link, i.feed_name, s.item_id
FROM current_signals AS s
JOIN items AS i USING (item_id)
WHERE s.contribution <> 0
ORDER BY s.published DESC, abs(s.contribution) DESC;

CREATE OR REPLACE VIEW feed_health AS
SELECT name, feed_url, status, http_status, consecutive_failures, last_error,
       last_fetch_at, last_success_at, next_attempt_after, items_seen,
       CASE WHEN consecutive_failures >= 3 THEN 'failing'
            WHEN status = 'error' THEN 'degraded'
            ELSE 'healthy' END AS health
FROM feeds
ORDER BY consecutive_failures DESC, name;
