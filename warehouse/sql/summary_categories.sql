-- Signals that the batches of one run brought in, by category (for the cycle summary).
SELECT s.category, s.direction, count(*) AS signals,
       count(*) FILTER (WHERE s.contribution <> 0) AS counted,
       round(sum(s.contribution), 2) AS weight
FROM signals AS s
JOIN items AS i USING (item_id)
WHERE i.batch_id <= $run_id
  AND i.batch_id >= coalesce((SELECT max(r.run_id) FROM runs AS r WHERE r.run_id < $run_id), '')
GROUP BY ALL
ORDER BY signals DESC
LIMIT 15;
