"""Stop a process's children when it dies, even by SIGKILL, when no atexit hook runs.

Prefect's temporary API server is a child of `escmon run`, stopped by an atexit hook; a killed `escmon run`
left it running (about 190 MB, its port held). `watch_children()` starts this module as a small process
(stdlib only) that keeps a list of its parent's children (Linux /proc, every 0.2 s) and, once the parent is
gone, sends each of them SIGTERM, then SIGKILL after a grace period. Each child is known by its pid and
start time, so a recycled pid is never signalled. Children started less than a poll before the kill may be
missed. Without /proc (not Linux) the watchdog exits at once.

    python -m flows.parent_watch <parent pid>
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

POLL_S = 0.2
GRACE_S = 5.0
PROC = Path("/proc")


def watch_children() -> subprocess.Popen:
    """Start the watchdog of this process's children (call it before starting them)."""
    return subprocess.Popen([sys.executable, "-m", "flows.parent_watch", str(os.getpid())],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # a Ctrl-C or group kill aimed at escmon spares it


def _stat(pid: int) -> list[str] | None:
    """stat(5) fields from the state on (index 0 = field 3), or None when gone or a zombie."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return None if fields[0] == "Z" else fields


def started_at(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (None: gone, a zombie, or no /proc)."""
    fields = _stat(pid)
    return fields[19] if fields else None  # field 22


def children(parent: int) -> dict[int, str]:
    """The parent's live children: pid -> start time."""
    found: dict[int, str] = {}
    for entry in PROC.glob(f"{parent}/task/*/children"):
        try:
            pids = [int(p) for p in entry.read_text().split()]
        except OSError:
            continue
        for pid in pids:
            if (start := started_at(pid)) is not None:
                found[pid] = start
    return found


def stop(kids: dict[int, str], grace_s: float = GRACE_S) -> None:
    """SIGTERM each, then SIGKILL those still running (the same process: same start time) after `grace_s`."""
    for sig, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, 0.0)):
        left = {pid: start for pid, start in kids.items() if started_at(pid) == start}
        for pid in left:
            try:
                os.kill(pid, sig)
            except (ProcessLookupError, PermissionError):
                continue
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and any(started_at(pid) == start for pid, start in left.items()):
            time.sleep(POLL_S)


def main(argv: list[str]) -> int:
    parent = int(argv[0])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # outlive a Ctrl-C so the children are stopped regardless
    if not PROC.is_dir():
        return 0
    me = os.getpid()
    kids: dict[int, str] = {}
    while os.getppid() == parent:  # once the parent dies, this process is handed to init or a subreaper
        kids = {pid: start for pid, start in children(parent).items() if pid != me}
        time.sleep(POLL_S)
    stop(kids)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
