-- 010: the stories and independent outlets behind an alert, kept with it so that a delivery (read back
-- from this table, possibly cycles later) says "N stories from M sources" as the cycle's log did.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS story_count INTEGER;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS source_count INTEGER;
