-- How many key values occur more than once in a batch's files for one table ({key} = its primary key).
-- Almost always 0, which lets the load skip the costly de-duplicating window.
SELECT count(*)
FROM (SELECT {key} FROM read_parquet($files) GROUP BY ALL HAVING count(*) > 1);
