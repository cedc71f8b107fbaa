-- Escalation and de-escalation signals per category over the report window; "counted" are the
-- asserted or reported ones (negated, denied and hypothetical signals weigh 0 in the index).
SELECT category, direction,
       sum(signals) AS signals,
       sum(counted_signals) AS counted_signals,
       round(sum(contribution), 2) AS contribution
FROM daily_category_index
WHERE day BETWEEN $start AND $end
  AND direction IN ('escalation', 'de-escalation')
GROUP BY category, direction
ORDER BY direction DESC, signals DESC, category;
