-- Feed health as the report shows it: failing feeds first.
SELECT name, feed_url, health, status, http_status, consecutive_failures, last_error,
       last_success_at, last_fetch_at, items_seen
FROM feed_health;
