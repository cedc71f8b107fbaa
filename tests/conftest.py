"""Session-wide fixtures: one real Prefect server per test session, and `escmon serve` processes.

Prefect's temporary per-process server never schedules, so tests of `escmon serve` need a real
`prefect server start` (15-40 s to come up here): started once, on a free loopback port, with its own
PREFECT_HOME, and stopped (whole process group) when the session ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PREFECT_SERVER_TIMEOUT_S = 150.0


@dataclass(frozen=True)
class PrefectServer:
    api_url: str
    home: Path


def prefect_test_env(home: Path) -> dict[str, str]:
    """The environment every Prefect-using subprocess of the tests gets."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="INFO", PYTHONUNBUFFERED="1")
    return env


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    from flows.serve import start_local_server, wait_healthy

    home = tmp_path_factory.mktemp("prefect_home")
    child, api_url = start_local_server(prefect_test_env(home), home / "server.log")
    try:
        wait_healthy(api_url, PREFECT_SERVER_TIMEOUT_S, child)
        yield PrefectServer(api_url, home)
    finally:
        child.stop(grace_s=15)


@dataclass
class ServeProcess:
    """One `escmon serve` subprocess; every descendant carries `marker` in its environment."""

    proc: subprocess.Popen
    marker: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def marked_pids(marker: str) -> list[int]:
    """Live processes whose environment holds ESCMON_TEST_MARKER=<marker> (zombies excluded)."""
    needle = f"ESCMON_TEST_MARKER={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0") and \
                    " Z " not in (entry / "stat").read_text():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture()
def escmon_serve(tmp_path: Path) -> Iterator[Callable[..., ServeProcess]]:
    """Start `escmon serve ARGS` (own session); teardown kills whatever a failed test left behind."""
    started: list[ServeProcess] = []

    def start(args: list[str], api_url: str | None, home: Path,
              extra_env: dict | None = None) -> ServeProcess:
        marker = uuid.uuid4().hex
        env = prefect_test_env(home) | (extra_env or {}) | {"ESCMON_TEST_MARKER": marker}
        if api_url:
            env["PREFECT_API_URL"] = api_url
        log = tmp_path / f"serve-{len(started)}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", *args], env=env,
                                    stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        started.append(ServeProcess(proc, marker, log))
        return started[-1]

    yield start
    for sp in started:
        if sp.proc.poll() is None:
            os.killpg(sp.proc.pid, signal.SIGKILL)
            sp.proc.wait(10)
        for pid in marked_pids(sp.marker):
            os.kill(pid, signal.SIGKILL)
