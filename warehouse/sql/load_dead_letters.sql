-- Items the pipeline could not classify, kept with the error so they can be inspected and retried.
INSERT INTO dead_letters BY NAME
SELECT *, $batch_id AS batch_id
FROM read_parquet($files)
ON CONFLICT DO NOTHING;
