-- items_seen is recomputed, not incremented, so a repeated load cannot inflate it.
UPDATE feeds SET items_seen = c.n
FROM (SELECT feed_url, count(*) AS n FROM items GROUP BY feed_url) AS c
WHERE feeds.feed_url = c.feed_url;
