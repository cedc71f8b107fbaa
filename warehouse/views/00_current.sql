-- The classification of each item under the newest taxonomy version it was classified with, and its
-- signals and mentions: trends stay comparable after a re-classification adds a second version.
CREATE OR REPLACE VIEW current_classifications AS
SELECT *
FROM classifications
QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY classified_at DESC, taxonomy_version) = 1;

CREATE OR REPLACE VIEW current_signals AS
SELECT s.*
FROM signals AS s
JOIN current_classifications AS c USING (item_id, taxonomy_version);

CREATE OR REPLACE VIEW current_mentions AS
SELECT m.*
FROM mentions AS m
JOIN current_classifications AS c USING (item_id, taxonomy_version);
