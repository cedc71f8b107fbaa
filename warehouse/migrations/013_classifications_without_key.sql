-- 013: classifications lose their primary key, for the reason signals and mentions lost theirs (012): its
-- ART index over (item_id, taxonomy_version) was checked on every insert and rewritten at every
-- checkpoint, about half of a 1M-item backfill's insert time (issue 19). The loader keeps the guarantee
-- itself: a classification of an item the same load inserted goes in unchecked, since a classification is
-- stored only when its item is (sql/load_stored_classifications.sql semi-joins items); the others are
-- checked against the table. Repeats inside a batch's files are still found by the key in schemas/tables.py.
-- A warehouse loaded before may hold classifications whose item it lacks (a batch staged without its items
-- file): those items are listed in classification_orphans, and a load sends their classifications through
-- the checked statement, so that the item's arrival adds no second classification. DuckDB cannot drop a
-- constraint, so the table is rebuilt with the same columns in the same order and types, and its rows copied;
-- the views are recreated after the migrations.

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

CREATE TABLE classification_orphans (item_id VARCHAR PRIMARY KEY);
INSERT INTO classification_orphans
SELECT DISTINCT item_id FROM classifications ANTI JOIN items USING (item_id);
