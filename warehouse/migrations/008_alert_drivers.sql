-- 008: which categories and actors drove an alert's rise against its baseline (JSON list), kept with the
-- alert so that every delivery and listing explains it the same way.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS drivers VARCHAR;
