-- Signals per story: what each story (one event, however many outlets carried it) says, by category, with
-- the items and independent sources behind it. Read through current_signals (newest taxonomy version).
CREATE OR REPLACE VIEW story_signals AS
SELECT st.story_id, st.headline, st.first_seen, st.last_seen, s.category, s.direction,
       count(*) AS signals,
       count(DISTINCT s.item_id) AS items,
       count(DISTINCT ist.outlet) FILTER (WHERE ist.copy_of IS NULL) AS sources,
       round(sum(s.contribution), 3) AS contribution,
       round(max(s.contribution), 3) AS strongest
FROM current_signals AS s
JOIN item_stories AS ist USING (item_id)
JOIN stories AS st USING (story_id)
GROUP BY ALL
ORDER BY st.first_seen, st.story_id, abs(sum(s.contribution)) DESC, s.category;
