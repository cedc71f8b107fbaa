-- A cycle's row in `runs`; written at the end of the cycle (or by the next one for a crashed cycle).
INSERT INTO runs (run_id, started_at, finished_at, status, feeds_ok, feeds_failed, items_fetched, items_new,
                  items_loaded, signals_loaded, dead_letters, alerts_fired, errors, flow_run_id)
VALUES ($run_id, $started_at, $finished_at, $status, $feeds_ok, $feeds_failed, $items_fetched, $items_new,
        $items_loaded, $signals_loaded, $dead_letters, $alerts_fired, $errors, $flow_run_id)
ON CONFLICT (run_id) DO UPDATE SET
    finished_at = excluded.finished_at, status = excluded.status, feeds_ok = excluded.feeds_ok,
    feeds_failed = excluded.feeds_failed, items_fetched = excluded.items_fetched, items_new = excluded.items_new,
    items_loaded = excluded.items_loaded, signals_loaded = excluded.signals_loaded,
    dead_letters = excluded.dead_letters, alerts_fired = excluded.alerts_fired, errors = excluded.errors;
