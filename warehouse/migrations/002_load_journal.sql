-- 002: the load journal records what each committed batch added to every table, not only items and
-- signals, so `loaded_batches` answers "which batch brought these rows" for every fact table.
-- Rows written before this migration keep NULL: their per-table counts were never measured.
ALTER TABLE loaded_batches ADD COLUMN classifications BIGINT;
ALTER TABLE loaded_batches ADD COLUMN mentions BIGINT;
ALTER TABLE loaded_batches ADD COLUMN dead_letters BIGINT;
ALTER TABLE loaded_batches ADD COLUMN window_counts BIGINT;
ALTER TABLE loaded_batches ADD COLUMN taxonomy_version VARCHAR;
