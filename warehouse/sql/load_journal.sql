-- The journal row that makes a batch's re-load a no-op; written in the batch's own transaction.
-- $tables/$counts: rows inserted per table of the registry (schemas/tables.py), as parallel lists.
INSERT INTO loaded_batches (batch_id, loaded_at, items, signals, classifications, mentions, dead_letters,
                            window_counts, taxonomy_version, inserted)
SELECT $batch_id, now(), inserted['items'], inserted['signals'], inserted['classifications'],
       inserted['mentions'], inserted['dead_letters'], inserted['window_counts'], $taxonomy_version, inserted
FROM (SELECT MAP($tables::VARCHAR[], $counts::BIGINT[]) AS inserted);
