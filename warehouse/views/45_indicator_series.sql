-- An alert indicator's series over [t_from, t_to), one row per observed window of w seconds: the value
-- (escalation weight, each story counting once, by its strongest item capped at item_cap), its stories,
-- signals and independent sources. The one series the spike and build-up tests read. A window counts as
-- observed when some item of any topic arrived in it: a window with no item at all is a gap (a feed not yet
-- subscribed, an outage), not a quiet day.
-- A story (warehouse/stories.py) is one event however many outlets carried it: five outlets re-telling one
-- article add one story's weight, not five. Its sources are the outlets with a text of their own (a copy of
-- another outlet's text adds none); an item not yet given a story counts alone, its feed as its outlet.
-- Items and their stories are read in [t_from, t_to) only (an item's signals and its item_stories row carry
-- its `published`, see indicator_signals), so the cost follows the range, not the history.
CREATE OR REPLACE MACRO indicator_series(kind, key, t_from, t_to, w, item_cap) AS TABLE
WITH sig AS (
    SELECT s.item_id, (floor(epoch(s.published) / w) * w)::BIGINT AS ws, s.contribution
    FROM indicator_signals(kind, key, t_from, t_to) AS s
),
per_item AS (
    SELECT ws, item_id, least(sum(contribution), item_cap) AS weight, count(*) AS n_signals
    FROM sig
    GROUP BY ws, item_id
),
told AS (
    SELECT p.*, coalesce(st.story_id, p.item_id) AS story_id,
           CASE WHEN st.copy_of IS NULL THEN coalesce(st.outlet, i.feed_name) END AS source
    FROM per_item AS p
    JOIN items AS i ON i.item_id = p.item_id AND i.published >= t_from AND i.published < t_to
    LEFT JOIN item_stories AS st ON st.item_id = p.item_id AND st.published >= t_from AND st.published < t_to
),
per_story AS (
    SELECT ws, story_id, max(weight) AS weight, sum(n_signals) AS n_signals
    FROM told
    GROUP BY ws, story_id
),
per_window AS (
    SELECT ws, sum(weight) AS value, sum(n_signals) AS n_signals, count(*) AS n_stories
    FROM per_story
    GROUP BY ws
),
window_sources AS (
    SELECT ws, list(DISTINCT source) FILTER (WHERE source IS NOT NULL) AS sources
    FROM told
    GROUP BY ws
),
observed AS (
    SELECT DISTINCT (floor(epoch(published) / w) * w)::BIGINT AS ws
    FROM items
    WHERE published >= t_from AND published < t_to
)
SELECT o.ws, coalesce(p.value, 0) AS value, coalesce(p.n_stories, 0) AS n_stories,
       coalesce(p.n_signals, 0) AS n_signals, coalesce(s.sources, []::VARCHAR[]) AS sources
FROM observed AS o
LEFT JOIN per_window AS p USING (ws)
LEFT JOIN window_sources AS s USING (ws);
