-- 006: stories (issue 17). One event reported by several outlets, or re-posted by one, is one story; the
-- loader assigns each new item its story in the transaction that commits it (warehouse/story_loader.py,
-- rule in warehouse/stories.py). Items loaded before this migration get theirs at the next load or with
-- `escmon warehouse stories`.

CREATE TABLE item_stories (
    item_id         VARCHAR PRIMARY KEY,
    story_id        VARCHAR NOT NULL,     -- the item_id of the story's first item (published, item_id)
    outlet          VARCHAR NOT NULL,     -- the source it counts for: the link's site, else the feed's
    matched_item_id VARCHAR,              -- the earlier member it matched (NULL: it opened the story)
    similarity      DOUBLE,               -- headline-and-lede similarity to that member
    copy_of         VARCHAR,              -- another outlet's item whose text it repeats: then no new source
    assigned_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE stories (
    story_id     VARCHAR PRIMARY KEY,
    first_seen   TIMESTAMPTZ NOT NULL,
    last_seen    TIMESTAMPTZ NOT NULL,
    headline     VARCHAR,                 -- the first item's title
    num_items    INTEGER NOT NULL,
    num_sources  INTEGER NOT NULL,        -- outlets with an item of their own (not a copy of another's text)
    top_category VARCHAR,                 -- the most frequent strongest-signal category of its items
    actors       VARCHAR[],               -- affiliations mentioned, most items first
    outlets      VARCHAR[]                -- every outlet that carried it, copies included
);
