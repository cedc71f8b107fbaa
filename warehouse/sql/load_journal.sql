-- The journal row that makes a batch's re-load a no-op; written in the batch's own transaction.
INSERT INTO loaded_batches (batch_id, loaded_at, items, signals, classifications, mentions, dead_letters,
                            window_counts, taxonomy_version)
VALUES ($batch_id, now(), $items, $signals, $classifications, $mentions, $dead_letters, $window_counts,
        $taxonomy_version);
