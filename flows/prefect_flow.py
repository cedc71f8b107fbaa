"""The monitoring cycle as a Prefect flow: one task per step, so the UI shows where a cycle failed.

Task inputs are live objects (settings, the run report), so caching is off: every cycle must do its work.
Network retries happen per feed inside the fetch step (a task retry would re-fetch every feed).
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, runtime, task
from prefect.cache_policies import NO_CACHE

from flows import cycle
from flows.config import load_settings
from schemas.settings import Settings

FLOW_NAME = "escmon-cycle"

TASKS = cycle.Steps(
    read_state=task(cycle.read_state, name="read-feed-state", cache_policy=NO_CACHE),
    fetch=task(cycle.fetch, name="fetch-feeds", cache_policy=NO_CACHE, timeout_seconds=3600),
    stage=task(cycle.stage, name="stage-items", cache_policy=NO_CACHE),
    classify=task(cycle.classify_pending, name="classify-beam", cache_policy=NO_CACHE),
    load=task(cycle.load, name="load-warehouse", cache_policy=NO_CACHE),
    alert=task(cycle.alert, name="evaluate-alerts", cache_policy=NO_CACHE),
    deliver=task(cycle.deliver, name="deliver-alerts", cache_policy=NO_CACHE, timeout_seconds=600),
    finish=task(cycle.finish, name="record-run", cache_policy=NO_CACHE),
)


def run_steps(settings: Settings, lock_wait_s: float = cycle.DEFAULT_LOCK_WAIT_S) -> cycle.CycleReport:
    """The same order as cycle.run_cycle, each step a Prefect task; a failing step is recorded in `runs`."""
    with cycle.cycle_lock(settings, lock_wait_s):
        report = cycle.new_report(settings)
        report.flow_run_id = str(runtime.flow_run.id) if runtime.flow_run.id else None
        with cycle.recorded_failure(settings, report):
            return cycle.run_steps(settings, report, TASKS)


@flow(name=FLOW_NAME, log_prints=True)
def monitoring_cycle(config_path: str | None = None) -> dict:
    """One monitoring cycle; returns the run record (what lands in `runs`)."""
    settings = load_settings(Path(config_path) if config_path else None)
    report = run_steps(settings)
    return {k: (str(v) if not isinstance(v, int | float | str | type(None)) else v)
            for k, v in report.record().items()}


@flow(name=FLOW_NAME, log_prints=True, validate_parameters=False)
def run_cycle_flow(settings: Settings, lock_wait_s: float = cycle.DEFAULT_LOCK_WAIT_S) -> cycle.CycleReport:
    """`escmon run`: the same flow, given settings already loaded, returning the report for printing."""
    return run_steps(settings, lock_wait_s)
