-- The escalation signals an alert indicator counts, in [t_from, t_to): the one definition of what
-- 'index', 'category:<id>', 'actor:<id>' (the actor or anyone of its affiliation mentioned in the item)
-- and 'dyad:<SRC>-<TGT>' mean, shared by the spike test and the alert evidence.
CREATE OR REPLACE MACRO indicator_signals(kind, key, t_from, t_to) AS TABLE
SELECT s.*
FROM current_signals AS s
WHERE s.contribution > 0
  AND s.published >= t_from AND s.published < t_to
  AND (kind = 'index'
       OR (kind = 'category' AND s.category = key)
       OR (kind = 'dyad' AND s.source_actor || '-' || s.target_actor = key)
       OR (kind = 'actor' AND EXISTS (
              SELECT 1 FROM mentions AS m
              WHERE m.item_id = s.item_id AND m.taxonomy_version = s.taxonomy_version
                AND (m.actor_id = key OR m.affiliation = key))));
