"""A helper process dies with its parent (issue 15, item 8): real processes, real SIGKILLs.

`escmon run` starts Prefect's temporary server; killed with SIGKILL (no atexit runs) it left the server
running. flows/parent_watch.py stops it; checked on a stand-in helper and on a real `escmon run`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from flows.parent_watch import started_at
from tests.conftest import marked_pids, prefect_test_env
from tests.cycle_helpers import sample_file_feeds, write_config

REPO = Path(__file__).resolve().parents[2]
PARENT = textwrap.dedent("""
    import subprocess, sys, time
    from flows.parent_watch import watch_children
    watchdog = watch_children()
    helper = subprocess.Popen([sys.executable, "-c", "import sys, time; time.sleep(float(sys.argv[1]))",
                               sys.argv[1]])
    print(helper.pid, watchdog.pid, flush=True)
    time.sleep(float(sys.argv[2]))
""")


def gone(pid: int) -> bool:
    return started_at(pid) is None


def wait_for(predicate: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def start_parent(helper_s: float, parent_s: float = 120) -> tuple[subprocess.Popen, int, int]:
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(helper_s), str(parent_s)], stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO)
    helper, watchdog = map(int, parent.stdout.readline().split())
    return parent, helper, watchdog


def test_the_helper_is_stopped_when_its_parent_is_killed() -> None:
    parent, helper, watchdog = start_parent(120)
    try:
        assert not gone(helper) and not gone(watchdog)
        time.sleep(0.5)  # the watchdog's first look at the parent's children (every 0.2 s)
        parent.kill()  # SIGKILL: no atexit, no finally
        parent.wait(10)
        assert wait_for(lambda: gone(helper), 10), "the helper outlived its killed parent"
        assert wait_for(lambda: gone(watchdog), 5), "the watchdog stays behind"
    finally:
        for pid in (helper, watchdog):
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()


def test_the_watchdog_leaves_with_a_parent_that_exits_normally() -> None:
    parent, helper, watchdog = start_parent(0.2, parent_s=1.0)
    try:
        assert parent.wait(10) == 0
        assert wait_for(lambda: gone(watchdog), 5) and gone(helper)
    finally:
        if parent.poll() is None:
            parent.kill()


def test_a_killed_escmon_run_leaves_no_prefect_server(tmp_path: Path) -> None:
    """SIGKILL `escmon run` once Prefect's temporary server is up: the server is gone within seconds."""
    config = write_config(tmp_path, sample_file_feeds())
    marker = uuid.uuid4().hex  # every descendant of this escmon carries it in its environment
    env = prefect_test_env(tmp_path / "prefect") | {"ESCMON_TEST_MARKER": marker, "PYTHONPATH": str(REPO)}
    run = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "-c", str(config)], env=env, cwd=tmp_path,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def servers() -> list[int]:
        return [pid for pid in marked_pids(marker)
                if b"uvicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()]

    try:
        assert wait_for(lambda: bool(servers()) or run.poll() is not None, 120), "no temporary server started"
        time.sleep(1.0)  # the watchdog's look at escmon's children (every 0.2 s)
        assert run.poll() is None and servers(), "escmon run ended before it could be killed"
        run.kill()
        run.wait(10)
        assert wait_for(lambda: not servers(), 15), "the temporary Prefect server outlived `escmon run`"
    finally:
        if run.poll() is None:
            run.kill()
        for pid in marked_pids(marker):
            os.kill(pid, signal.SIGKILL)
