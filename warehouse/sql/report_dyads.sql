-- The index per day for the source -> target pairs with the most signals over the report window.
WITH window_rows AS (
    SELECT * FROM daily_dyad_index WHERE day BETWEEN $start AND $end
),
top_dyads AS (
    SELECT dyad, sum(signals) AS total_signals
    FROM window_rows
    GROUP BY dyad
    ORDER BY total_signals DESC, dyad
    LIMIT $top
)
SELECT w.day, w.dyad, w.signals, w.escalation, w.deescalation, w.escalation_index, t.total_signals
FROM window_rows AS w
JOIN top_dyads AS t USING (dyad)
ORDER BY t.total_signals DESC, w.dyad, w.day;
