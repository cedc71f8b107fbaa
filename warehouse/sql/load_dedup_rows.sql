-- One row per key value, the first in file order: DuckDB keeps an arbitrary one of two equal keys
-- inside one upsert, so a batch with repeated keys is rewritten before it is loaded.
COPY (
    SELECT * EXCLUDE (filename, file_row_number)
    FROM read_parquet($files, filename = true, file_row_number = true)
    QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY filename, file_row_number) = 1
) TO $out (FORMAT parquet);
