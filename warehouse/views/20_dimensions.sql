-- The index broken down by signal category, by actor (items that mention the actor or one of its
-- officials) and by dyad (source -> target of a signal where the sentence shows both).
CREATE OR REPLACE VIEW daily_category_index AS
SELECT (published AT TIME ZONE 'UTC')::DATE AS day, category, direction,
       count(*) AS signals,
       count(*) FILTER (WHERE contribution <> 0) AS counted_signals,
       round(sum(contribution), 3) AS contribution
FROM current_signals
GROUP BY ALL
ORDER BY day, category;

CREATE OR REPLACE VIEW hourly_category_index AS
SELECT date_trunc('hour', published AT TIME ZONE 'UTC') AS hour, category, direction,
       count(*) AS signals, round(sum(contribution), 3) AS contribution
FROM current_signals
GROUP BY ALL
ORDER BY hour, category;

CREATE OR REPLACE VIEW daily_actor_index AS
WITH actor_items AS (
    SELECT DISTINCT item_id, taxonomy_version, affiliation AS actor
    FROM current_mentions
    WHERE affiliation IS NOT NULL
)
SELECT (c.published AT TIME ZONE 'UTC')::DATE AS day, a.actor,
       count(*) AS items,
       round(sum(c.escalation_score), 3) AS escalation,
       round(sum(c.deescalation_score), 3) AS deescalation,
       round(sum(c.score), 3) AS escalation_index,
       round(count(*) FILTER (WHERE c.label = 'escalation')
             / nullif(count(*) FILTER (WHERE c.label <> 'neutral'), 0), 3) AS escalation_share
FROM actor_items AS a
JOIN current_classifications AS c USING (item_id, taxonomy_version)
GROUP BY ALL
ORDER BY day, actor;

CREATE OR REPLACE VIEW hourly_actor_index AS
WITH actor_items AS (
    SELECT DISTINCT item_id, taxonomy_version, affiliation AS actor
    FROM current_mentions
    WHERE affiliation IS NOT NULL
)
SELECT date_trunc('hour', c.published AT TIME ZONE 'UTC') AS hour, a.actor, count(*) AS items,
       round(sum(c.score), 3) AS escalation_index
FROM actor_items AS a
JOIN current_classifications AS c USING (item_id, taxonomy_version)
GROUP BY ALL
ORDER BY hour, actor;

CREATE OR REPLACE VIEW daily_dyad_index AS
SELECT (published AT TIME ZONE 'UTC')::DATE AS day, source_actor || '-' || target_actor AS dyad,
       source_actor, target_actor,
       count(*) AS signals,
       round(coalesce(sum(contribution) FILTER (WHERE contribution > 0), 0), 3) AS escalation,
       round(coalesce(-sum(contribution) FILTER (WHERE contribution < 0), 0), 3) AS deescalation,
       round(sum(contribution), 3) AS escalation_index
FROM current_signals
WHERE source_actor IS NOT NULL AND target_actor IS NOT NULL
GROUP BY ALL
ORDER BY day, dyad;

CREATE OR REPLACE VIEW hourly_dyad_index AS
SELECT date_trunc('hour', published AT TIME ZONE 'UTC') AS hour, source_actor || '-' || target_actor AS dyad,
       count(*) AS signals, round(sum(contribution), 3) AS escalation_index
FROM current_signals
WHERE source_actor IS NOT NULL AND target_actor IS NOT NULL
GROUP BY ALL
ORDER BY hour, dyad;
