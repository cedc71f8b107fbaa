-- When the last monitoring cycle completed (the dead-man check), and how many runs exist at all.
SELECT max(finished_at) FILTER (WHERE status = 'completed') AS last_completed, count(*) AS runs
FROM runs;
