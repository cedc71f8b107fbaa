-- 006: what an alert says beyond its numbers, kept with it so every delivery and listing repeats it: which
-- earlier alert a cooldown upgrade supersedes, and how long a build-up has lasted and how far it rose.
ALTER TABLE alerts ADD COLUMN note VARCHAR;
