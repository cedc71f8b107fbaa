-- Rebuild the rows of the stories named in the registered `touched_stories` from their members: a story
-- whose members all moved to an earlier story disappears. Category and actors come from each member's
-- newest classification (so `escmon reclassify` refreshes them). $since is the earliest `published` of
-- their members (the caller reads it from item_stories): every row of an item carries the item's
-- `published`, so the scans of items, classifications, signals and mentions skip the history before it
-- (a cycle's or a backfill load's stories are recent; without the cut every rebuild read every table).
DELETE FROM stories WHERE story_id IN (SELECT story_id FROM touched_stories);

INSERT INTO stories BY NAME
WITH members AS (
    SELECT s.story_id, s.item_id, s.outlet, s.copy_of, i.published, i.title
    FROM item_stories AS s
    JOIN items AS i USING (item_id)
    WHERE s.story_id IN (SELECT story_id FROM touched_stories) AND i.published >= $since
),
newest AS (
    SELECT c.item_id, c.taxonomy_version
    FROM classifications AS c
    WHERE c.published >= $since AND c.item_id IN (SELECT item_id FROM members)
    QUALIFY row_number() OVER (PARTITION BY c.item_id ORDER BY c.classified_at DESC, c.taxonomy_version) = 1
),
strongest AS (
    SELECT m.story_id, s.item_id, s.category, abs(s.contribution) AS weight
    FROM signals AS s
    JOIN newest USING (item_id, taxonomy_version)
    JOIN members AS m USING (item_id)
    WHERE s.published >= $since AND s.contribution <> 0
    QUALIFY row_number() OVER (PARTITION BY s.item_id ORDER BY abs(s.contribution) DESC, s.seq) = 1
),
top_category AS (
    SELECT story_id, category
    FROM (SELECT story_id, category, count(*) AS n, sum(weight) AS w FROM strongest GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY story_id ORDER BY n DESC, w DESC, category) = 1
),
story_actors AS (
    SELECT story_id, list(affiliation ORDER BY n DESC, affiliation) AS actors
    FROM (SELECT m.story_id, x.affiliation, count(DISTINCT x.item_id) AS n
          FROM mentions AS x
          JOIN newest USING (item_id, taxonomy_version)
          JOIN members AS m USING (item_id)
          WHERE x.published >= $since AND x.affiliation IS NOT NULL AND x.affiliation <> ''
          GROUP BY ALL)
    GROUP BY story_id
),
rolled AS (
    SELECT story_id, min(published) AS first_seen, max(published) AS last_seen,
           first(title ORDER BY published, item_id) AS headline, count(*) AS num_items,
           count(DISTINCT outlet) FILTER (WHERE copy_of IS NULL) AS num_sources,
           list(DISTINCT outlet ORDER BY outlet) AS outlets
    FROM members
    GROUP BY story_id
)
SELECT r.story_id, r.first_seen, r.last_seen, r.headline, r.num_items, r.num_sources, t.category AS top_category,
       coalesce(a.actors, []) AS actors, r.outlets
FROM rolled AS r
LEFT JOIN top_category AS t USING (story_id)
LEFT JOIN story_actors AS a USING (story_id);
