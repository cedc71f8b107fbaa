"""A whole monitoring cycle over many loopback feeds: fetch, parse, stage, Beam classification, load, alerts.

Serves N generated RSS feeds from a real HTTP server on 127.0.0.1 (in a child process, so it does not
compete for this process's GIL), runs one cycle without Prefect, then a second cycle (conditional GETs,
nothing new). Prints wall times and items per second.

    .venv/bin/python benchmarks/bench_cycle.py [--feeds 2000] [--entries 10]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_ingest import make_feed  # noqa: E402
from flows.config import load_settings  # noqa: E402
from flows.cycle import run_cycle  # noqa: E402
from tests.httpserver import FeedServer, Route  # noqa: E402


def serve(n_feeds: int, entries: int, ready: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    with FeedServer(lifetime_s=3600) as server:
        for i in range(n_feeds):
            server.add(f"/feed/{i}.xml", Route(body=make_feed(entries, i), etag=f'"v1-{i}"'))
        ready.put(server.port)
        stop.wait(3600)


def write_config(folder: Path, port: int, n_feeds: int, concurrency: int) -> Path:
    lines = ['[warehouse]', 'path = "data/escmon.duckdb"', '', '[fetch]', f'concurrency = {concurrency}', '']
    for i in range(n_feeds):
        lines += ['[[feeds]]', f'name = "feed {i}"', f'url = "http://127.0.0.1:{port}/feed/{i}.xml"', '']
    lines += ['[[alerts.rules]]', 'name = "index-daily"', 'indicator = "index"']
    path = folder / "escmon.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    ready: multiprocessing.Queue = multiprocessing.Queue()
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(args.feeds, args.entries, ready, stop), daemon=True)
    server.start()
    try:
        port = ready.get(timeout=120)
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(write_config(Path(tmp), port, args.feeds, args.concurrency))
            t0 = time.perf_counter()
            first = run_cycle(settings)
            t1 = time.perf_counter() - t0
            print(f"cycle 1: {first.status}, feeds ok {first.feeds_ok} failed {first.feeds_failed}, "
                  f"items {first.items_loaded}, signals {first.signals_loaded}, {t1:.1f}s, "
                  f"{first.items_loaded / t1:.0f} items/s", flush=True)
            t0 = time.perf_counter()
            second = run_cycle(settings)
            t2 = time.perf_counter() - t0
            print(f"cycle 2 (conditional GET): {second.status}, new items {second.items_new}, {t2:.1f}s")
            print(f"feeds={args.feeds} items={first.items_loaded} cycle_s={t1:.1f} items_per_s="
                  f"{first.items_loaded / t1:.0f} second_cycle_s={t2:.1f}")
    finally:
        stop.set()
        server.join(timeout=10)


if __name__ == "__main__":
    main()
