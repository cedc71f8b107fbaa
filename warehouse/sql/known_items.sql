-- Which candidate items (registered as candidate_items) the warehouse already holds: by id, or as the
-- same entry (guid and link) of the same feed URL under another id. Item ids hash the feed's display
-- name, so renaming a feed, or an OPML export retitling it, would otherwise bring its whole feed back
-- as new items and double its windows. Only entries with a link match this way, on guid and link: two
-- entries of a feed that reuses one guid and gives no link are told apart only by their text (their id).
-- An item stored by escmon 0.1 carries the link in that release's canonical form (`former_link` when it
-- differs from today's), and its id hashed that form: matching it keeps such items from coming back.
SELECT c.item_id
FROM candidate_items AS c
JOIN items AS i USING (item_id)
UNION
SELECT c.item_id
FROM candidate_items AS c
JOIN items AS i
  ON i.feed_url = c.feed_url
 AND coalesce(i.guid, '') = coalesce(c.guid, '')
 AND coalesce(i.link, '') IN (coalesce(c.link, ''), coalesce(c.former_link, c.link, ''))
WHERE c.link IS NOT NULL;
