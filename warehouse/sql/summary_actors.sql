-- The most mentioned actors over the summary's window, days $first to $last (the data's newest days:
-- data_range.sql), with their escalation index.
SELECT actor, sum(items) AS items, round(sum(escalation), 2) AS escalation,
       round(sum(deescalation), 2) AS deescalation, round(sum(escalation_index), 2) AS escalation_index
FROM daily_actor_index
WHERE day BETWEEN $first AND $last
GROUP BY actor
ORDER BY items DESC, actor
LIMIT 8;
