-- The most mentioned actors over the last 7 days of data, with their escalation index.
SELECT actor, sum(items) AS items, round(sum(escalation), 2) AS escalation,
       round(sum(deescalation), 2) AS deescalation, round(sum(escalation_index), 2) AS escalation_index
FROM daily_actor_index
WHERE day > (SELECT max(day) FROM daily_actor_index) - INTERVAL 7 DAY
GROUP BY actor
ORDER BY items DESC
LIMIT 8;
