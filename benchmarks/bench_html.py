"""Text extraction on hostile feed text: seconds per size for unclosed `<script `, `<!--` and attributes, and
`parse_feed` on 5 MB bodies that force feedparser's recovering parser. Prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench_html.py [--sizes 40 80 160 1280] [--old] [--feed-mb 5]

`--old` also times the backtracking patterns `html_to_text` used before issue 15 (quadratic: keep the sizes
small, 160 KB took 12.6 s). Time grows linearly with the new extractor: compare the seconds per MB column.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.feedinput.parse import parse_feed  # noqa: E402
from flows.plain_text import html_to_text  # noqa: E402

UNITS = {"script": "<script ", "comment": "<!--", "attribute": '<a href="'}
_OLD_DROP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_OLD_ANY_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def old_html_to_text(value: str) -> str:
    """The regex stripper replaced in issue 15 (block-tag pass left out: it is not the slow part)."""
    return " ".join(html.unescape(_OLD_ANY_TAG.sub("", _OLD_DROP.sub(" ", value))).split())


def timed(fn, value) -> float:
    t0 = time.perf_counter()
    fn(value)
    return time.perf_counter() - t0


def bench_text(sizes_kb: list[int], old: bool) -> None:
    print(f"{'input':10} {'KB':>6} {'html_to_text s':>15} {'s per MB':>9}" + (f" {'old regex s':>12}" if old else ""))
    for name, unit in UNITS.items():
        for kb in sizes_kb:
            value = unit * (kb * 1024 // len(unit))
            new_s = timed(html_to_text, value)
            line = f"{name:10} {kb:6} {new_s:15.4f} {new_s / (kb / 1024):9.3f}"
            if old:
                line += f" {timed(old_html_to_text, value):12.2f}"
            print(line, flush=True)


def bench_feeds(mb: float) -> None:
    """Whole bodies through parse_feed: escaped markup (strict XML parser) and raw markup (recovering parser)."""
    n = int(mb * 1024 * 1024)
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title><item><title>x</title>'
    tail = "</item></channel></rss>"
    bodies = {
        "escaped <script": f"<description>{'&lt;script ' * (n // 12)}</description>",
        "CDATA <!--": f"<description><![CDATA[{'<!--' * (n // 4)}]]></description>",
        "raw <script (bozo)": f"<description>{'<script ' * (n // 8)}</description>",
        'raw <a href=" (bozo)': "<description>" + '<a href="' * (n // 9) + "</description>",
        "many entries": "</item>" + "<item><title>a</title><description>b</description></item>" * (n // 56) + "<item>",
    }
    print(f"parse_feed on {mb:g} MB bodies")
    for name, middle in bodies.items():
        body = (head + middle + tail).encode()
        t0 = time.perf_counter()
        parsed = parse_feed(body, {}, feed_name="bench", feed_url="http://127.0.0.1/bench.xml",
                            fetched_at=datetime.now(UTC))
        seconds = time.perf_counter() - t0
        print(f"  {name:22} {len(body) / 1e6:5.2f} MB {seconds:7.2f} s  items={len(parsed.items)}"
              f"  {'malformed' if parsed.warning else 'well-formed'}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[40, 80, 160, 1280], help="KB of each hostile input")
    ap.add_argument("--old", action="store_true", help="also time the old regex stripper (quadratic)")
    ap.add_argument("--feed-mb", type=float, default=5.0, help="size of the parse_feed bodies; 0 to skip")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (the machine is shared)")
    bench_text(args.sizes, args.old)
    if args.feed_mb:
        bench_feeds(args.feed_mb)


if __name__ == "__main__":
    main()
