INSERT INTO taxonomy_versions (version, path, n_actors, n_categories, first_seen)
VALUES (?, ?, ?, ?, now())
ON CONFLICT DO NOTHING;
