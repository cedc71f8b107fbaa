-- New or changed story assignments (the registered `story_assignments`); an item re-assigned because an
-- earlier item arrived late takes its new story. `published` is the item's (the alert rules cut on it).
INSERT INTO item_stories BY NAME
SELECT item_id, story_id, outlet, matched_item_id, similarity, copy_of, now() AS assigned_at, published
FROM story_assignments
ON CONFLICT (item_id) DO UPDATE SET
    story_id = excluded.story_id,
    outlet = excluded.outlet,
    matched_item_id = excluded.matched_item_id,
    similarity = excluded.similarity,
    copy_of = excluded.copy_of,
    assigned_at = excluded.assigned_at,
    published = excluded.published;
