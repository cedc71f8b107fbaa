-- An alert indicator's series over [t_from, t_to), one row per observed window of w seconds: the value
-- (escalation weight, each item counting at most item_cap), its items and signals. The one series the spike
-- and build-up tests read. A window counts as observed when some item of any topic arrived in it: a window
-- with no item at all is a gap (a feed not yet subscribed, an outage), not a quiet day.
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
per_window AS (
    SELECT ws, sum(weight) AS value, sum(n_signals) AS n_signals, count(*) AS n_items
    FROM per_item
    GROUP BY ws
),
observed AS (
    SELECT DISTINCT (floor(epoch(published) / w) * w)::BIGINT AS ws
    FROM items
    WHERE published >= t_from AND published < t_to
)
SELECT o.ws, coalesce(p.value, 0) AS value, coalesce(p.n_items, 0) AS n_items,
       coalesce(p.n_signals, 0) AS n_signals
FROM observed AS o
LEFT JOIN per_window AS p USING (ws);
