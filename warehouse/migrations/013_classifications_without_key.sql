-- 013: classifications lose their primary key, for the reason signals and mentions lost theirs (012): its
-- ART index over (item_id, taxonomy_version) was checked on every insert and rewritten at every
-- checkpoint, about half of a 1M-item backfill's insert time (issue 19). The loader keeps the guarantee
-- itself: a classification of an item the same load inserted goes in unchecked (a new item has none),
-- and only those of items stored before are checked against the table (sql/load_classifications.sql,
-- sql/load_stored_classifications.sql). Repeats inside a batch's files are still found by the key in
-- schemas/tables.py. DuckDB cannot drop a constraint, so the table is rebuilt with the same columns in
-- the same order and types, and its rows copied; the views are recreated after the migrations.

CREATE TABLE classifications_013 (
    item_id            VARCHAR NOT NULL,
    taxonomy_version   VARCHAR NOT NULL,
    published          TIMESTAMPTZ NOT NULL,
    label              VARCHAR NOT NULL,      -- escalation | de-escalation | neutral
    score              DOUBLE NOT NULL,       -- signed: > 0 escalates, < 0 de-escalates
    escalation_score   DOUBLE NOT NULL,
    deescalation_score DOUBLE NOT NULL,
    n_signals          INTEGER NOT NULL,
    n_actors           INTEGER NOT NULL,
    classified_at      TIMESTAMPTZ NOT NULL
);
INSERT INTO classifications_013 SELECT * FROM classifications;
DROP TABLE classifications;
ALTER TABLE classifications_013 RENAME TO classifications;
