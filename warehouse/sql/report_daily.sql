-- The overall escalation index per day of the report window.
SELECT day, items, escalation_signals, deescalation_signals, escalation, deescalation,
       escalation_index, escalation_share
FROM daily_escalation_index
WHERE day BETWEEN $start AND $end
ORDER BY day;
