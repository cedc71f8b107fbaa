-- Escalation index per day and per hour: escalation weight minus de-escalation weight, with counts and
-- the share of escalation among directional signals. Negated, denied or hypothetical signals weigh 0.
CREATE OR REPLACE VIEW daily_escalation_index AS
WITH items_per_day AS (
    SELECT (published AT TIME ZONE 'UTC')::DATE AS day, count(*) AS items,
           count(*) FILTER (WHERE label = 'escalation') AS escalation_items,
           count(*) FILTER (WHERE label = 'de-escalation') AS deescalation_items
    FROM current_classifications
    GROUP BY 1
),
signals_per_day AS (
    SELECT (published AT TIME ZONE 'UTC')::DATE AS day,
           count(*) FILTER (WHERE contribution > 0) AS escalation_signals,
           count(*) FILTER (WHERE contribution < 0) AS deescalation_signals,
           coalesce(sum(contribution) FILTER (WHERE contribution > 0), 0) AS escalation,
           coalesce(-sum(contribution) FILTER (WHERE contribution < 0), 0) AS deescalation
    FROM current_signals
    GROUP BY 1
)
SELECT i.day, i.items, i.escalation_items, i.deescalation_items,
       coalesce(s.escalation_signals, 0) AS escalation_signals,
       coalesce(s.deescalation_signals, 0) AS deescalation_signals,
       round(coalesce(s.escalation, 0), 3) AS escalation,
       round(coalesce(s.deescalation, 0), 3) AS deescalation,
       round(coalesce(s.escalation, 0) - coalesce(s.deescalation, 0), 3) AS escalation_index,
       round(coalesce(s.escalation_signals, 0)
             / nullif(coalesce(s.escalation_signals, 0) + coalesce(s.deescalation_signals, 0), 0), 3)
           AS escalation_share
FROM items_per_day AS i
LEFT JOIN signals_per_day AS s USING (day)
ORDER BY i.day;

CREATE OR REPLACE VIEW hourly_escalation_index AS
SELECT date_trunc('hour', published AT TIME ZONE 'UTC') AS hour,
       count(*) FILTER (WHERE contribution > 0) AS escalation_signals,
       count(*) FILTER (WHERE contribution < 0) AS deescalation_signals,
       round(coalesce(sum(contribution) FILTER (WHERE contribution > 0), 0), 3) AS escalation,
       round(coalesce(-sum(contribution) FILTER (WHERE contribution < 0), 0), 3) AS deescalation,
       round(sum(contribution), 3) AS escalation_index
FROM current_signals
GROUP BY 1
ORDER BY 1;
