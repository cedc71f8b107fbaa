"""No two cycles overlap: per warehouse (the cycle lock) and per Prefect deployment (limit 1, cancel new)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from flows.config import load_settings
from tests.conftest import prefect_test_env
from tests.cycle_helpers import write_config
from tests.flows.test_serve import serve_sample_feeds, snapshot_rows, stop_and_check_nothing_left, wait_for
from tests.httpserver import FeedServer

TERMINAL = {"COMPLETED", "CANCELLED", "FAILED", "CRASHED"}


def test_two_cycles_started_together_run_one_after_the_other(tmp_path: Path) -> None:
    with FeedServer() as feeds:
        config = write_config(tmp_path, serve_sample_feeds(feeds, delay_s=2.0))  # < read_timeout (3 s)
        env = prefect_test_env(tmp_path / "ph")
        cmd = [sys.executable, "-m", "flows.cli", "run", "--no-prefect", "--quiet", "-c", str(config)]
        procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                 for _ in range(2)]
        outs = [p.communicate(timeout=180)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs

    con = duckdb.connect(str(load_settings(config).warehouse.path), read_only=True)
    try:
        runs = con.execute("SELECT started_at, finished_at, status, items_new FROM runs "
                           "ORDER BY started_at").fetchall()
    finally:
        con.close()
    assert [r[2] for r in runs] == ["completed", "completed"]
    (_, first_end, _, first_new), (second_start, _, _, second_new) = runs
    assert first_end <= second_start, f"cycles overlapped: {runs}"
    assert first_new > 300 and second_new == 0, "the second cycle saw everything the first committed"


def _deployment_id(api_url: str, name: str) -> str | None:
    resp = httpx.get(f"{api_url}/deployments/name/escmon-cycle/{name}", timeout=5)
    return resp.json()["id"] if resp.status_code == 200 else None


def _start_run(api_url: str, deployment_id: str) -> str:
    """Prefect's server answers 503 while its SQLite database is busy (seen under load): retry briefly."""
    for _ in range(10):
        resp = httpx.post(f"{api_url}/deployments/{deployment_id}/create_flow_run", json={}, timeout=10)
        if resp.status_code != 503:
            break
        time.sleep(1.0)
    resp.raise_for_status()
    return resp.json()["id"]


def _states(api_url: str, run_ids: list[str]) -> dict[str, str]:
    out = {}
    for rid in run_ids:
        resp = httpx.get(f"{api_url}/flow_runs/{rid}", timeout=5)
        resp.raise_for_status()
        out[rid] = resp.json()["state_type"]
    return out


@pytest.mark.slow
def test_a_run_started_while_one_is_running_is_cancelled_not_overlapped(tmp_path, prefect_server,
                                                                        escmon_serve) -> None:
    api = prefect_server.api_url
    with FeedServer(lifetime_s=240) as feeds:
        config = write_config(tmp_path, serve_sample_feeds(feeds, delay_s=2.0))
        # a schedule that never fires during the test: only the two runs started below exist
        sp = escmon_serve(["--cron", "0 0 1 1 *", "--name", "limit-test", "-c", str(config)], api,
                          prefect_server.home, {"PREFECT_RUNNER_POLL_FREQUENCY": "2"})
        dep = wait_for(lambda: _deployment_id(api, "limit-test"), 90, "the deployment", sp)
        wait_for(lambda: "serving deployment" in sp.output(), 30, "the runner", sp)
        first = _start_run(api, dep)
        wait_for(lambda: _states(api, [first])[first] == "RUNNING", 60, "the first run to run", sp, 0.2)
        second = _start_run(api, dep)  # the first one is fetching its slow feeds now
        states = wait_for(lambda: (s := _states(api, [first, second])) and set(s.values()) <= TERMINAL and s,
                          120, "both runs to finish", sp)
        runs = snapshot_rows(load_settings(config).warehouse.snapshot_path,
                             "SELECT flow_run_id, status FROM runs")
        stop_and_check_nothing_left(sp)

    assert states == {first: "COMPLETED", second: "CANCELLED"}, sp.output()[-3000:]
    assert runs == [(first, "completed")], "only the first run did a cycle"
    tasks = httpx.post(f"{api}/task_runs/filter", json={"flow_runs": {"id": {"any_": [second]}}}, timeout=5)
    assert tasks.status_code == 200 and tasks.json() == [], "the cancelled run ran no step"
    assert httpx.get(f"{api}/flow_runs/{second}", timeout=5).json()["run_count"] == 0
