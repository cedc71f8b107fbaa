-- Stories seen in the $days days up to the newest dated item (not up to now: a replayed or paused monitor
-- still lists its latest news; undated items carry their fetch time), newest first, with at least
-- $min_sources independent sources.
SELECT first_seen, last_seen, num_items AS items, num_sources AS sources, top_category AS category, headline,
       outlets, actors, story_id
FROM stories
WHERE last_seen >= (SELECT coalesce(max(published) FILTER (WHERE NOT published_estimated), max(published))
                    FROM items) - to_days(CAST($days AS INTEGER))
  AND num_sources >= $min_sources
ORDER BY first_seen DESC, story_id
LIMIT $limit;
