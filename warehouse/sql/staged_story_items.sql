-- What story identity reads of a load's staged items that the warehouse does not hold yet, read from the batch
-- files ($items, $mentions, $signals) instead of the tables: the same columns as story_items.sql, with no story
-- yet. It lets stories be assigned on a second connection while the writer inserts these very rows
-- (warehouse/story_loader.py, `prepare_stories`); the loader then checks that the items it inserted are
-- exactly these. A batch's items have one classification each, so the taxonomy version needs no ranking; a
-- repeated (item_id, taxonomy_version, seq) counts its first row in file order, as the loader keeps (loader.py,
-- unique_rows).
WITH staged AS (
    SELECT item_id, published, title, summary, link, feed_url, feed_name
    FROM read_parquet($items)
    ANTI JOIN items USING (item_id)
),
actors AS (
    SELECT item_id, list({'start': start_char, 'end': end_char, 'affiliation': affiliation} ORDER BY seq)
           AS mentions
    FROM (FROM read_parquet($mentions, filename = true, file_row_number = true)
          QUALIFY row_number() OVER (PARTITION BY item_id, taxonomy_version, seq
                                     ORDER BY filename, file_row_number) = 1)
    WHERE affiliation IS NOT NULL AND affiliation <> ''
    GROUP BY item_id
),
counted AS (
    SELECT item_id, list({'category': category, 'direction': direction, 'contribution': contribution,
                          'seq': seq} ORDER BY seq) AS signals
    FROM (FROM read_parquet($signals, filename = true, file_row_number = true)
          QUALIFY row_number() OVER (PARTITION BY item_id, taxonomy_version, seq
                                     ORDER BY filename, file_row_number) = 1)
    WHERE contribution <> 0
    GROUP BY item_id
)
SELECT staged.item_id, staged.published, staged.title, staged.summary, staged.link, staged.feed_url,
       staged.feed_name, coalesce(actors.mentions, []) AS mentions, coalesce(counted.signals, []) AS signals,
       NULL::VARCHAR AS story_id, NULL::VARCHAR AS matched_item_id, NULL::DOUBLE AS similarity,
       NULL::VARCHAR AS copy_of, NULL::TIMESTAMPTZ AS story_first_seen
FROM staged
LEFT JOIN actors USING (item_id)
LEFT JOIN counted USING (item_id)
ORDER BY staged.published, staged.item_id;
