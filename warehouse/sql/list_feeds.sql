SELECT name, status, http_status, consecutive_failures AS fails, items_seen,
       strftime(last_fetch_at, '%Y-%m-%d %H:%M') AS last_fetch, health, last_error, feed_url
FROM feed_health;
