"""Feed input: fetch a feed (fetch.py), parse its bytes into items (parse.py), read feed lists (opml.py),
decide when to try a failing feed again (backoff.py), and run all feeds of a cycle (ingest.py)."""
