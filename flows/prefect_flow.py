"""The monitoring cycle as a Prefect flow: one task per step, so the UI shows where a cycle failed.

Task inputs are live objects (settings, the run report), so caching is off: every cycle must do its work.
Network retries happen per feed inside the fetch step (a task retry would re-fetch every feed).
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, runtime, task
from prefect.cache_policies import NO_CACHE

from flows import cycle
from flows.config import Settings, load_settings

FLOW_NAME = "escmon-cycle"

read_state_task = task(cycle.read_state, name="read-feed-state", cache_policy=NO_CACHE)
fetch_task = task(cycle.fetch, name="fetch-feeds", cache_policy=NO_CACHE, timeout_seconds=3600)
stage_task = task(cycle.stage, name="stage-items", cache_policy=NO_CACHE)
classify_task = task(cycle.classify_pending, name="classify-beam", cache_policy=NO_CACHE)
load_task = task(cycle.load, name="load-warehouse", cache_policy=NO_CACHE)
alert_task = task(cycle.alert, name="evaluate-alerts", cache_policy=NO_CACHE)
deliver_task = task(cycle.deliver, name="deliver-alerts", cache_policy=NO_CACHE, timeout_seconds=600)
finish_task = task(cycle.finish, name="record-run", cache_policy=NO_CACHE)


def run_steps(settings: Settings) -> cycle.CycleReport:
    """The same order as cycle.run_cycle, each step a Prefect task; a failing step is recorded in `runs`."""
    with cycle.cycle_lock(settings):
        report = cycle.new_report(settings)
        report.flow_run_id = str(runtime.flow_run.id) if runtime.flow_run.id else None
        with cycle.recorded_failure(settings, report):
            return _steps(settings, report)


def _steps(settings: Settings, report: cycle.CycleReport) -> cycle.CycleReport:
    logger = get_run_logger()
    states = read_state_task(settings, report)
    outcomes = fetch_task(settings, states, report)
    logger.info("fetched %d feeds: %d ok, %d failed, %d items", len(outcomes), report.feeds_ok,
                report.feeds_failed, report.items_fetched)
    stage_task(settings, outcomes, report)
    classify_task(settings, report)
    if load_task(settings, report):
        alert_task(settings, report)
        deliver_task(settings, report)
        finish_task(settings, report, "completed")
    else:
        logger.warning("warehouse busy: load deferred to the next cycle (%s)", report.errors[-1:])
        finish_task(settings, report, "deferred")
    logger.info("cycle %s %s: %d new items, %d signals, %d alerts", report.run_id, report.status,
                report.items_new, report.signals_loaded, len(report.alerts))
    return report


@flow(name=FLOW_NAME, log_prints=True)
def monitoring_cycle(config_path: str | None = None) -> dict:
    """One monitoring cycle; returns the run record (what lands in `runs`)."""
    settings = load_settings(Path(config_path) if config_path else None)
    report = run_steps(settings)
    return {k: (str(v) if not isinstance(v, int | float | str | type(None)) else v)
            for k, v in report.record().items()}


@flow(name=FLOW_NAME, log_prints=True, validate_parameters=False)
def run_cycle_flow(settings: Settings) -> cycle.CycleReport:
    """`escmon run`: the same flow, given settings already loaded, returning the report for printing."""
    return run_steps(settings)
