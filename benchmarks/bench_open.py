"""How often one cycle migrates the warehouse and recreates its views, and what that costs.

Runs two cycles on the bundled sample feeds (the demo's config, the warehouse in a temp folder): the
first loads the samples, the second finds nothing new. Counts the calls to `warehouse.db.migrate` (each
one checks the schema version and recreates every view) and the seconds spent in them, per cycle.
The last line is the machine-readable summary.

    python benchmarks/bench_open.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import warehouse.db  # noqa: E402
from flows.config import load_settings  # noqa: E402
from flows.cycle import run_cycle  # noqa: E402
from tests.cycle_helpers import demo_config  # noqa: E402

_calls: list[float] = []
_migrate = warehouse.db.migrate


def _counted_migrate(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
    """warehouse.db.migrate, timed."""
    t0 = time.perf_counter()
    try:
        return _migrate(*args, **kwargs)
    finally:
        _calls.append(time.perf_counter() - t0)


def main() -> None:
    warehouse.db.migrate = _counted_migrate
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(demo_config(Path(tmp)))
        for n in (1, 2):
            _calls.clear()
            t0 = time.perf_counter()
            report = run_cycle(settings)
            cycle_s = time.perf_counter() - t0
            print(f"cycle {n}: {report.status}, items loaded {report.items_loaded}, {cycle_s:.1f}s; "
                  f"migrate calls {len(_calls)}, {sum(_calls) * 1000:.0f} ms in them")
            summary.append(f"cycle{n}_migrations={len(_calls)} cycle{n}_migrate_ms={sum(_calls) * 1000:.0f}")
    print(" ".join(summary))


if __name__ == "__main__":
    main()
