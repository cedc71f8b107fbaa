-- 005: remember that a feed reuses guids for different entries. Its item ids then stay guid+link for
-- good; deciding per fetch gave an entry a second id on the day its guid stopped repeating.
ALTER TABLE feeds ADD COLUMN guid_repeats BOOLEAN DEFAULT false;
