-- The index per day for the actors mentioned in the most items over the report window.
WITH window_rows AS (
    SELECT * FROM daily_actor_index WHERE day BETWEEN $start AND $end
),
top_actors AS (
    SELECT actor, sum(items) AS total_items
    FROM window_rows
    GROUP BY actor
    ORDER BY total_items DESC, actor
    LIMIT $top
)
SELECT w.day, w.actor, w.items, w.escalation, w.deescalation, w.escalation_index, t.total_items
FROM window_rows AS w
JOIN top_actors AS t USING (actor)
ORDER BY t.total_items DESC, w.actor, w.day;
