-- 012: signals, mentions and window_counts lose their primary keys. Each key's ART index was checked on
-- every insert and rewritten at every commit: in a backfill's load, these three tables' keys cost more
-- than their rows (issue 19). Nothing else needs them: a signal or mention row belongs to one
-- (item_id, taxonomy_version) classification and is loaded only with a classification that load
-- inserted (sql/load_classifications.sql returns them; sql/load_signals.sql semi-joins), and a batch's
-- window counts are loaded once, with its journal row in loaded_batches. Repeats inside a batch's files
-- are still found by the key in schemas/tables.py. DuckDB cannot drop a constraint, so each table is
-- rebuilt with the same columns in the same order and types, and its rows copied; the views name the
-- tables only and are recreated after the migrations.

CREATE TABLE signals_012 (
    item_id          VARCHAR NOT NULL,
    taxonomy_version VARCHAR NOT NULL,
    seq              INTEGER NOT NULL,
    published        TIMESTAMPTZ NOT NULL,
    signal_id        VARCHAR NOT NULL,
    category         VARCHAR NOT NULL,
    direction        VARCHAR NOT NULL,
    polarity         VARCHAR NOT NULL,        -- asserted | reported | negated | denied | hypothetical
    weight           DOUBLE NOT NULL,
    contribution     DOUBLE NOT NULL,
    matched_text     VARCHAR,
    start_char       INTEGER,
    end_char         INTEGER,
    sentence_index   INTEGER,
    evidence         VARCHAR,
    source_actor     VARCHAR,
    target_actor     VARCHAR
);
INSERT INTO signals_012 SELECT * FROM signals;
DROP TABLE signals;
ALTER TABLE signals_012 RENAME TO signals;

CREATE TABLE mentions_012 (
    item_id          VARCHAR NOT NULL,
    taxonomy_version VARCHAR NOT NULL,
    seq              INTEGER NOT NULL,
    published        TIMESTAMPTZ NOT NULL,
    actor_id         VARCHAR NOT NULL,
    actor_name       VARCHAR,
    actor_type       VARCHAR,
    affiliation      VARCHAR,
    matched_text     VARCHAR,
    start_char       INTEGER,
    end_char         INTEGER,
    sentence_index   INTEGER,
    candidate        BOOLEAN NOT NULL        -- resolved from "demonym + title", not in the taxonomy
);
INSERT INTO mentions_012 SELECT * FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_012 RENAME TO mentions;

CREATE TABLE window_counts_012 (             -- Beam event-time window aggregates, one set per batch
    batch_id     VARCHAR NOT NULL,
    window_kind  VARCHAR NOT NULL,           -- hour | day
    window_start TIMESTAMPTZ NOT NULL,
    dimension    VARCHAR NOT NULL,           -- category | actor | dyad
    key          VARCHAR NOT NULL,
    signals      BIGINT NOT NULL,
    escalation   DOUBLE NOT NULL,
    deescalation DOUBLE NOT NULL
);
INSERT INTO window_counts_012 SELECT * FROM window_counts;
DROP TABLE window_counts;
ALTER TABLE window_counts_012 RENAME TO window_counts;
