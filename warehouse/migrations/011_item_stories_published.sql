-- 011: an item's story row carries the item's `published`, so that the alert rules join the stories of their
-- range only: joined on item_id alone, every rule and every alert's evidence read every item's story.
ALTER TABLE item_stories ADD COLUMN IF NOT EXISTS published TIMESTAMPTZ;
UPDATE item_stories SET published = i.published FROM items AS i WHERE i.item_id = item_stories.item_id;
