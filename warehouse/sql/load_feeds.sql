-- Feed health and conditional-GET state, committed with the items the fetch produced, so an ETag is
-- never saved for items that were not stored. Only a newer fetch updates a feed: re-loading a batch
-- (after a crash between commit and clean-up) cannot count the same failure twice.
INSERT INTO feeds (feed_url, name, last_fetch_at, last_success_at, status, http_status,
                   consecutive_failures, last_error, etag, last_modified, next_attempt_after, guid_repeats)
SELECT f.feed_url, f.name, f.fetched_at,
       CASE WHEN f.status IN ('ok', 'not_modified') THEN f.fetched_at END,
       f.status, f.http_status,
       CASE WHEN f.status = 'error' THEN 1 ELSE 0 END,
       f.error, f.etag, f.last_modified, f.next_attempt_after, coalesce(f.guid_repeats, false)
FROM staged_feed_states AS f
QUALIFY row_number() OVER (PARTITION BY f.feed_url ORDER BY f.fetched_at DESC) = 1
ON CONFLICT (feed_url) DO UPDATE SET
    name = excluded.name,
    last_fetch_at = excluded.last_fetch_at,
    last_success_at = coalesce(excluded.last_success_at, feeds.last_success_at),
    -- a feed skipped while it backs off keeps its status, failure count and error: it is not healthy
    status = CASE WHEN excluded.status = 'skipped' THEN feeds.status ELSE excluded.status END,
    http_status = CASE WHEN excluded.status = 'skipped' THEN feeds.http_status ELSE excluded.http_status END,
    consecutive_failures = CASE WHEN excluded.status = 'error' THEN feeds.consecutive_failures + 1
                                WHEN excluded.status = 'skipped' THEN feeds.consecutive_failures
                                ELSE 0 END,
    last_error = CASE WHEN excluded.status = 'skipped' THEN feeds.last_error ELSE excluded.last_error END,
    etag = CASE WHEN excluded.status = 'error' THEN feeds.etag ELSE coalesce(excluded.etag, feeds.etag) END,
    last_modified = CASE WHEN excluded.status = 'error' THEN feeds.last_modified
                         ELSE coalesce(excluded.last_modified, feeds.last_modified) END,
    next_attempt_after = excluded.next_attempt_after,
    guid_repeats = feeds.guid_repeats OR excluded.guid_repeats  -- sticky: ids must not change back
WHERE feeds.last_fetch_at IS NULL OR excluded.last_fetch_at > feeds.last_fetch_at;
