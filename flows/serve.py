"""`escmon serve`: run the monitoring cycle on its schedule against a real Prefect server, unattended.

Prefect's temporary per-process server never schedules, so serving needs `prefect server start`: the one
named by PREFECT_API_URL, or else one this process starts on a free loopback port and stops on exit.

The serving process is a small supervisor with two children, each in its own process group:
  - the Prefect server (only when we started it),
  - the runner (`python -m flows.serve ...`, i.e. `serve_runner`), which registers the deployment with a
    concurrency limit of one (a run that would overlap the running one is cancelled, visibly) and starts
    each cycle as its own subprocess.
On SIGTERM/SIGINT/SIGHUP the supervisor stops the runner (which cancels its running cycle), then the
server, and finally any descendant left behind: on Linux it is a child subreaper, so processes orphaned
by the runner re-parent to it instead of escaping. `docker stop` or a service manager therefore leaves
nothing running. A cycle that crashed is a failed/crashed flow run in Prefect and a row in `runs`; the
next scheduled cycle proceeds as usual (`cycle_lock` also keeps cycles from overlapping on one warehouse).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from schemas.settings import Settings, cron_is_valid

DEPLOYMENT_NAME = "escmon-serve"
SERVER_START_TIMEOUT_S = 120.0  # measured 15-40 s on 2 busy cores
STOP_GRACE_S = 20.0
PR_SET_CHILD_SUBREAPER = 36
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class ServeError(RuntimeError):
    """The server or the runner could not be started or died; the message says which and why."""


@dataclass(frozen=True)
class Schedule:
    interval_seconds: int | None = None
    cron: str | None = None

    def describe(self) -> str:
        return f"every {self.interval_seconds} s" if self.interval_seconds else f"cron '{self.cron}'"

    def args(self) -> list[str]:
        if self.interval_seconds:
            return ["--interval", str(self.interval_seconds)]
        return ["--cron", str(self.cron)]


def resolve_schedule(settings: Settings, interval: int | None = None, cron: str | None = None) -> Schedule:
    """`--interval` / `--cron` override `[schedule]`; exactly one of the two is used."""
    if interval is not None and cron is not None:
        raise ValueError("give --interval or --cron, not both")
    if interval is not None:
        if interval < 1:
            raise ValueError(f"--interval must be >= 1 second, got {interval}")
        return Schedule(interval_seconds=interval)
    if cron is not None:
        if not cron_is_valid(cron):
            raise ValueError(f"--cron expects a cron string Prefect accepts (minute hour day-of-month month "
                             f"day-of-week, e.g. '*/15 * * * *'), got {cron!r}")
        return Schedule(cron=cron)
    return Schedule(settings.schedule.interval_seconds, settings.schedule.cron)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- child processes

class Child:
    """A subprocess in its own process group, so stopping it also stops whatever it started."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str], log_path: Path | None = None,
                 quiet: bool = False) -> None:
        """Output goes to `log_path`, else nowhere when `quiet`, else to our own stdout/stderr."""
        self.name = name
        self._log = open(log_path, "ab") if log_path else None  # noqa: SIM115 - closed in stop()
        out = self._log or (subprocess.DEVNULL if quiet else None)
        self.proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT if out else None,
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def poll(self) -> int | None:
        return self.proc.poll()

    def stop(self, grace_s: float = STOP_GRACE_S) -> int | None:
        """SIGTERM the group, wait up to `grace_s`, then SIGKILL the group; returns the exit code."""
        try:
            if self.proc.poll() is None:
                _signal_group(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(grace_s)
                except subprocess.TimeoutExpired:
                    _signal_group(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(5)
            _signal_group(self.proc.pid, signal.SIGKILL)  # stragglers still in the group
            return self.proc.returncode
        finally:
            if self._log:
                self._log.close()


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def become_subreaper() -> bool:
    """Orphaned descendants re-parent to us (Linux), so shutdown can find and stop them."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def child_pids(parent: int | None = None) -> list[int]:
    """Direct children of `parent` (default: this process), read from /proc."""
    parent = parent or os.getpid()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # the name may contain spaces and parentheses
        if int(fields[1]) == parent:
            pids.append(int(entry.name))
    return pids


def reap_orphans(grace_s: float = 5.0) -> list[int]:
    """Stop every remaining child (orphans adopted as subreaper) and collect their exit status."""
    pids = child_pids()
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while child_pids() and time.monotonic() < deadline:
        _reap_zombies()
        time.sleep(0.1)
    for pid in child_pids():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    time.sleep(0.1)
    _reap_zombies()
    return pids


def _reap_zombies() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


# ---------------------------------------------------------------- the Prefect server

def wait_healthy(api_url: str, timeout_s: float, child: Child | None = None,
                 stop: threading.Event | None = None) -> bool:
    """Poll `<api>/health` until it answers; False when told to stop first; fail when the server died."""
    deadline = time.monotonic() + timeout_s
    last = "no answer"
    while time.monotonic() < deadline:
        if stop is not None and stop.is_set():
            return False
        if child is not None and child.poll() is not None:
            raise ServeError(f"prefect server exited with code {child.poll()} before it was healthy")
        try:
            resp = httpx.get(f"{api_url.rstrip('/')}/health", timeout=2.0)
            if resp.status_code == 200:
                return True
            last = f"HTTP {resp.status_code}"
        except httpx.HTTPError as exc:
            last = type(exc).__name__
        time.sleep(0.5)
    raise ServeError(f"Prefect API {api_url} not healthy after {timeout_s:.0f}s ({last})")


def start_local_server(env: dict[str, str], log_path: Path | None,
                       port: int | None = None) -> tuple[Child, str]:
    """`prefect server start` on a free loopback port; returns the process and its API URL."""
    port = port or free_port()
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    env = {**env, "PREFECT_SERVER_ANALYTICS_ENABLED": env.get("PREFECT_SERVER_ANALYTICS_ENABLED", "false")}
    env.pop("PREFECT_API_URL", None)
    return Child("prefect server", cmd, env, log_path, quiet=True), f"http://127.0.0.1:{port}/api"


def runner_env(env: dict[str, str], api_url: str, schedule: Schedule) -> dict[str, str]:
    """The runner talks to `api_url`; with short intervals it polls more often than Prefect's 10 s."""
    out = {**env, "PREFECT_API_URL": api_url}
    if schedule.interval_seconds and "PREFECT_RUNNER_POLL_FREQUENCY" not in env:
        out["PREFECT_RUNNER_POLL_FREQUENCY"] = str(max(1, min(10, schedule.interval_seconds // 3)))
    return out


def runner_command(config_path: Path, schedule: Schedule, name: str) -> list[str]:
    return [sys.executable, "-m", "flows.serve", "--config", str(config_path), "--name", name,
            *schedule.args()]


# ---------------------------------------------------------------- the supervisor

class StopFlag:
    """Set by SIGTERM/SIGINT/SIGHUP; the supervisor loop then shuts everything down in order."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signal: int | None = None
        self._previous: dict[int, object] = {}

    def install(self) -> None:
        for sig in STOP_SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)

    def restore(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    def _handle(self, signum: int, _frame: object) -> None:
        self.signal = signum
        self.event.set()


def serve(settings: Settings, schedule: Schedule, *, api_url: str | None = None, name: str = DEPLOYMENT_NAME,
          log_dir: Path | None = None, say: Callable[[str], None] = print,
          server_timeout_s: float = SERVER_START_TIMEOUT_S) -> int:
    """Serve until a stop signal (exit 0) or until the runner dies (its exit code, at least 1)."""
    env = dict(os.environ)
    api_url = api_url or env.get("PREFECT_API_URL") or None
    stop = StopFlag()
    stop.install()
    become_subreaper()
    server: Child | None = None
    runner: Child | None = None
    try:
        if api_url is None:
            log_path = (log_dir / "prefect-server.log") if log_dir else None
            server, api_url = start_local_server(env, log_path)
            say(f"starting a local Prefect server at {api_url} (pid {server.pid})")
        if not wait_healthy(api_url, server_timeout_s, server, stop.event):
            return 0  # stopped while the server was starting
        runner = Child("runner", runner_command(settings.source, schedule, name),
                       runner_env(env, api_url, schedule))
        say(f"serving deployment escmon-cycle/{name} {schedule.describe()} against {api_url} "
            f"(runner pid {runner.pid}); SIGTERM or Ctrl-C stops it")
        return _supervise(runner, server, stop)
    finally:
        if runner is not None:
            runner.stop()
        reap_orphans()
        if server is not None:
            server.stop()
        stop.restore()
        say("stopped")


def _supervise(runner: Child, server: Child | None, stop: StopFlag) -> int:
    while not stop.event.wait(0.5):
        code = runner.poll()
        if code is not None:
            raise ServeError(f"the Prefect runner exited with code {code}")
        if server is not None and server.poll() is not None:
            raise ServeError(f"the Prefect server exited with code {server.poll()}")
    return 0


# ---------------------------------------------------------------- the runner process

def serve_runner(config_path: Path, schedule: Schedule, name: str = DEPLOYMENT_NAME) -> None:
    """Register the deployment (limit 1, overlapping runs cancelled) and poll for its scheduled runs."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.types.entrypoint import EntrypointType

    # start-up: Prefect (about 2.4 s) is imported by the serving process only, not by `escmon serve --help`
    from flows.prefect_flow import monitoring_cycle

    monitoring_cycle.serve(
        name=name,
        interval=schedule.interval_seconds,
        cron=schedule.cron,
        global_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
        parameters={"config_path": str(config_path)},
        description="One escmon monitoring cycle: fetch, stage, classify (Beam), load, alert, deliver.",
        pause_on_shutdown=True,
        print_starting_message=False,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def _runner_main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m flows.serve", description="The escmon serve runner.")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--name", default=DEPLOYMENT_NAME)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--interval", type=int)
    group.add_argument("--cron")
    args = parser.parse_args(argv)
    serve_runner(args.config, Schedule(args.interval, args.cron), args.name)


if __name__ == "__main__":
    _runner_main()
