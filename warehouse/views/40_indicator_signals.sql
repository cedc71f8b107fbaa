-- The escalation signals an alert indicator counts, in [t_from, t_to): the one definition of what
-- 'index', 'category:<id>', 'actor:<id>' (the actor or anyone of its affiliation mentioned in the item)
-- and 'dyad:<SRC>-<TGT>' mean, shared by the spike test and the alert evidence.
--
-- The rows current_signals gives, read without it: that view ranks every classification of the whole
-- history (a window over all items) before a time filter can apply, so each rule cost as much as the history
-- was long. Here every table is cut to [t_from, t_to) on `published` in its own scan (DuckDB skips the row
-- groups outside the range), and each item's newest classification is ranked among its own rows only, in
-- current_classifications' order. That reads the same rows because an item's rows all carry the item's
-- `published`, in every table and every taxonomy version: pipelines/rows.py writes classification, signals
-- and mentions from the one item, and an item is classified again only from its stored row (reclassify,
-- the baseline refresh), never from a new fetch.
CREATE OR REPLACE MACRO indicator_signals(kind, key, t_from, t_to) AS TABLE
WITH in_range AS (
    SELECT s.*
    FROM signals AS s
    WHERE s.contribution > 0
      AND s.published >= t_from AND s.published < t_to
      AND (kind = 'index'
           OR (kind = 'category' AND s.category = key)
           OR (kind = 'dyad' AND s.source_actor || '-' || s.target_actor = key)
           OR (kind = 'actor' AND EXISTS (
                  SELECT 1 FROM mentions AS m
                  WHERE m.item_id = s.item_id AND m.taxonomy_version = s.taxonomy_version
                    AND m.published >= t_from AND m.published < t_to
                    AND (m.actor_id = key OR m.affiliation = key))))
),
newest AS (
    SELECT c.item_id, c.taxonomy_version
    FROM classifications AS c
    WHERE c.published >= t_from AND c.published < t_to
      AND c.item_id IN (SELECT item_id FROM in_range)
    QUALIFY row_number() OVER (PARTITION BY c.item_id ORDER BY c.classified_at DESC, c.taxonomy_version) = 1
)
SELECT s.*
FROM in_range AS s
SEMI JOIN newest USING (item_id, taxonomy_version);
