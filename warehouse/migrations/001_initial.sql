-- 001: the first schema. Every key is deterministic so any load can be repeated without duplicates.

CREATE TABLE feeds (
    feed_url             VARCHAR PRIMARY KEY,
    name                 VARCHAR NOT NULL,
    last_fetch_at        TIMESTAMPTZ,
    last_success_at      TIMESTAMPTZ,
    status               VARCHAR,          -- ok | not_modified | error
    http_status          INTEGER,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error           VARCHAR,
    etag                 VARCHAR,          -- saved only in the transaction that commits the feed's items
    last_modified        VARCHAR,
    next_attempt_after   TIMESTAMPTZ,      -- back-off after repeated failures or Retry-After
    items_seen           BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE items (
    item_id             VARCHAR PRIMARY KEY,   -- sha256(feed, guid | guid+link | link | title+summary)
    feed_name           VARCHAR NOT NULL,
    feed_url            VARCHAR NOT NULL,
    guid                VARCHAR,
    link                VARCHAR,
    title               VARCHAR,
    summary             VARCHAR,
    published           TIMESTAMPTZ NOT NULL,
    published_estimated BOOLEAN NOT NULL,
    fetched_at          TIMESTAMPTZ NOT NULL,
    batch_id            VARCHAR NOT NULL
);

CREATE TABLE taxonomy_versions (
    version      VARCHAR PRIMARY KEY,
    path         VARCHAR,
    n_actors     INTEGER,
    n_categories INTEGER,
    first_seen   TIMESTAMPTZ NOT NULL
);

CREATE TABLE classifications (
    item_id            VARCHAR NOT NULL,
    taxonomy_version   VARCHAR NOT NULL,
    published          TIMESTAMPTZ NOT NULL,
    label              VARCHAR NOT NULL,      -- escalation | de-escalation | neutral
    score              DOUBLE NOT NULL,       -- signed: > 0 escalates, < 0 de-escalates
    escalation_score   DOUBLE NOT NULL,
    deescalation_score DOUBLE NOT NULL,
    n_signals          INTEGER NOT NULL,
    n_actors           INTEGER NOT NULL,
    classified_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (item_id, taxonomy_version)
);

CREATE TABLE signals (
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
    target_actor     VARCHAR,
    PRIMARY KEY (item_id, taxonomy_version, seq)
);

CREATE TABLE mentions (
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
    candidate        BOOLEAN NOT NULL,       -- resolved from "demonym + title", not in the taxonomy
    PRIMARY KEY (item_id, taxonomy_version, seq)
);

CREATE TABLE window_counts (                 -- Beam event-time window aggregates, one set per batch
    batch_id     VARCHAR NOT NULL,
    window_kind  VARCHAR NOT NULL,           -- hour | day
    window_start TIMESTAMPTZ NOT NULL,
    dimension    VARCHAR NOT NULL,           -- category | actor | dyad
    key          VARCHAR NOT NULL,
    signals      BIGINT NOT NULL,
    escalation   DOUBLE NOT NULL,
    deescalation DOUBLE NOT NULL,
    PRIMARY KEY (batch_id, window_kind, window_start, dimension, key)
);

CREATE TABLE alerts (
    alert_id            VARCHAR PRIMARY KEY,   -- sha256(rule, indicator, window_start): fires once
    rule                VARCHAR NOT NULL,
    indicator           VARCHAR NOT NULL,
    window_kind         VARCHAR NOT NULL,
    window_start        TIMESTAMPTZ NOT NULL,
    window_end          TIMESTAMPTZ NOT NULL,
    observed            DOUBLE NOT NULL,
    signal_count        BIGINT NOT NULL,
    baseline_mean       DOUBLE,
    baseline_std        DOUBLE,
    score               DOUBLE,
    severity            VARCHAR NOT NULL,      -- warning | critical
    evidence            JSON,                  -- items that drove it: title, link, evidence sentence
    created_at          TIMESTAMPTZ NOT NULL,
    batch_id            VARCHAR,
    delivery_status     VARCHAR NOT NULL,      -- pending | delivered | failed | logged
    delivery_attempts   INTEGER NOT NULL DEFAULT 0,
    delivered_at        TIMESTAMPTZ,
    last_delivery_error VARCHAR
);

CREATE TABLE runs (
    run_id           VARCHAR PRIMARY KEY,
    started_at       TIMESTAMPTZ NOT NULL,
    finished_at      TIMESTAMPTZ,
    status           VARCHAR NOT NULL,       -- running | completed | deferred | failed
    feeds_ok         INTEGER,
    feeds_failed     INTEGER,
    items_fetched    INTEGER,
    items_new        INTEGER,
    items_loaded     INTEGER,
    signals_loaded   INTEGER,
    dead_letters     INTEGER,
    alerts_fired     INTEGER,
    errors           JSON,
    flow_run_id      VARCHAR
);

CREATE TABLE dead_letters (
    item_id   VARCHAR NOT NULL,
    stage     VARCHAR NOT NULL,              -- classify | parse | ...
    error     VARCHAR NOT NULL,
    payload   VARCHAR,
    failed_at TIMESTAMPTZ NOT NULL,
    batch_id  VARCHAR NOT NULL,
    PRIMARY KEY (item_id, stage, batch_id)
);

CREATE TABLE loaded_batches (                -- which staged batches are committed (idempotent re-loads)
    batch_id  VARCHAR PRIMARY KEY,
    loaded_at TIMESTAMPTZ NOT NULL,
    items     INTEGER NOT NULL,
    signals   INTEGER NOT NULL
);
