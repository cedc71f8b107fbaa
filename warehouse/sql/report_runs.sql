-- The latest monitoring cycles, so a reader sees whether the monitor itself is running.
SELECT run_id, started_at, finished_at, status, feeds_ok, feeds_failed, items_new, items_loaded,
       signals_loaded, dead_letters, alerts_fired
FROM runs
ORDER BY started_at DESC
LIMIT $limit;
