"""What parsing in worker processes (flows/feedinput/parse_pool.py, issue 15 item 1) costs against parsing in
the fetch thread: the pool's start-up once per cycle, and the extra time per feed (the body sent to a worker,
the items sent back). Prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench_parse_pool.py [--rounds 20]

Bodies: the three sample feeds (75-123 KB, 130-250 entries) and a one-entry feed (the fixed cost alone).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.feedinput.parse import parse_feed  # noqa: E402
from flows.feedinput.parse_pool import ParsePool  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TINY = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><guid>1</guid>"
        b"<title>One entry</title></item></channel></rss>")


def _kwargs(name: str) -> dict:
    return {"feed_name": name, "feed_url": f"http://127.0.0.1/{name}.xml", "fetched_at": datetime.now(UTC),
            "guid_repeats": False}


def _per_feed_ms(parse, body: bytes, name: str, rounds: int) -> float:
    parse(body, {}, **_kwargs(name))  # warm
    started = time.perf_counter()
    for _ in range(rounds):
        parse(body, {}, **_kwargs(name))
    return (time.perf_counter() - started) / rounds * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    bodies = {p.stem: p.read_bytes() for p in sorted(SAMPLES.glob("*.xml"))} | {"one_entry": TINY}
    started = time.perf_counter()
    pool = ParsePool(1)
    pool.parse(TINY, {}, **_kwargs("first"), deadline=time.monotonic() + 60)
    print(f"pool start + first parse: {(time.perf_counter() - started) * 1000:.0f} ms (once per cycle)")
    try:
        def in_pool(body, headers, **kw):
            return pool.parse(body, headers, **kw, deadline=time.monotonic() + 60)

        print(f"{'feed':<22}{'KB':>6}{'thread ms':>11}{'worker ms':>11}{'extra ms':>10}{'ratio':>7}")
        for name, body in bodies.items():
            thread = _per_feed_ms(parse_feed, body, name, args.rounds)
            worker = _per_feed_ms(in_pool, body, name, args.rounds)
            print(f"{name:<22}{len(body) / 1024:>6.0f}{thread:>11.1f}{worker:>11.1f}{worker - thread:>10.1f}"
                  f"{worker / thread:>7.2f}")
    finally:
        pool.close()


if __name__ == "__main__":
    main()
