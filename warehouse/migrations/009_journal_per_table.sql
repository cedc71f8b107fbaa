-- 009: the load journal records the rows a batch added to every table it fills as one map keyed by
-- table name (schemas/tables.py), so a new output table needs no journal column of its own. The
-- per-table columns stay filled for the tables that have them; rows journaled before keep NULL.
ALTER TABLE loaded_batches ADD COLUMN IF NOT EXISTS inserted MAP(VARCHAR, BIGINT);
