-- `escmon feeds`: the columns in the order a narrow terminal gives them up (flows/cli.py keeps name, status,
-- health and the last error first).
SELECT name, status, health, consecutive_failures AS fails, items_seen AS items,
       strftime(last_fetch_at, '%Y-%m-%d %H:%M') AS last_fetch, http_status AS http, last_error, feed_url
FROM feed_health;
