INSERT INTO alert_backlog VALUES ($batch_id, $published_min, $published_max, now()) ON CONFLICT DO NOTHING;
