"""Server processes a test starts on 127.0.0.1 and always stops: a `dask.distributed` cluster of a scheduler
and worker processes, and an S3-compatible server (moto). Each is bounded in time: startup waits at most
`startup_s`, and a watchdog kills the processes after `lifetime_s` so a forgotten one cannot outlive the run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


class OwnedProcesses:
    """Child processes in their own process groups, stopped together (TERM, then KILL after a grace)."""

    def __init__(self, lifetime_s: float) -> None:
        self._procs: list[subprocess.Popen] = []
        self._watchdog = threading.Timer(lifetime_s, self.stop)
        self._watchdog.daemon = True
        self._watchdog.start()

    def start(self, args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
        with log.open("ab") as out:
            proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                    env={**os.environ, **(env or {})}, cwd=log.parent)
        self._procs.append(proc)
        return proc

    def stop(self) -> None:
        self._watchdog.cancel()
        for proc in self._procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in self._procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker_env() -> dict[str, str]:
    """What a worker image holds: escmon importable (here: the checkout on PYTHONPATH) and its dependencies."""
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


@contextmanager
def dask_cluster(folder: Path, workers: int = 2, startup_s: float = 60.0, lifetime_s: float = 600.0,
                 env: dict[str, str] | None = None) -> Iterator[str]:
    """`dask scheduler` and `workers` single-threaded `dask worker` processes on 127.0.0.1; yields the
    scheduler's address once every worker has joined."""
    from distributed import Client

    folder.mkdir(parents=True, exist_ok=True)
    procs = OwnedProcesses(lifetime_s)
    address = f"tcp://127.0.0.1:{free_port()}"
    dask = [sys.executable, "-m", "dask"]
    try:
        procs.start([*dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                     "--no-dashboard", "--no-show"], folder / "scheduler.log", env)
        for i in range(workers):
            procs.start([*dask, "worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                         "--no-dashboard", "--name", f"w{i}", "--local-directory", str(folder / f"w{i}")],
                        folder / f"worker{i}.log", {**_worker_env(), **(env or {})})
        with Client(address, timeout=startup_s) as client:
            client.wait_for_workers(workers, timeout=startup_s)
        yield address
    finally:
        procs.stop()


@contextmanager
def s3_server(folder: Path, startup_s: float = 30.0, lifetime_s: float = 600.0) -> Iterator[str]:
    """moto's S3-compatible server on 127.0.0.1; yields its endpoint URL once it answers."""
    import urllib.request

    folder.mkdir(parents=True, exist_ok=True)
    procs = OwnedProcesses(lifetime_s)
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        procs.start([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], folder / "moto.log")
        deadline = time.monotonic() + startup_s
        while True:
            try:
                with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"moto did not answer on {endpoint} within {startup_s}s") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        procs.stop()
