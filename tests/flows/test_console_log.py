"""What the terminal shows of log records (flows/console_log.py): escmon's warnings and every error by
default, libraries' chatter from -v, and what was held back replayed after a failure."""

from __future__ import annotations

import logging

import pytest

from flows.console_log import ConsoleHandler, LevelError, resolve_level


def record(name: str, level: int, msg: str = "m", **extra: object) -> logging.LogRecord:
    rec = logging.LogRecord(name, level, __file__, 1, msg, None, None)
    rec.__dict__.update(extra)
    return rec


@pytest.mark.parametrize(("verbose", "env", "level"), [
    (0, {}, logging.WARNING), (1, {}, logging.INFO), (2, {}, logging.DEBUG), (5, {}, logging.DEBUG),
    (0, {"ESCMON_LOG_LEVEL": "info"}, logging.INFO), (0, {"ESCMON_LOG_LEVEL": "ERROR"}, logging.ERROR),
    (1, {"ESCMON_LOG_LEVEL": "ERROR"}, logging.INFO), (1, {"ESCMON_LOG_LEVEL": "DEBUG"}, logging.DEBUG)])
def test_the_level_comes_from_v_or_the_environment_whichever_says_more(verbose, env, level):
    assert resolve_level(verbose, env) == level


def test_an_unknown_level_name_is_refused():
    with pytest.raises(LevelError, match="ESCMON_LOG_LEVEL"):
        resolve_level(0, {"ESCMON_LOG_LEVEL": "loud"})


def test_by_default_only_escmon_warnings_and_any_error_are_shown():
    h = ConsoleHandler(logging.WARNING)
    assert h.shows(record("flows.cycle", logging.WARNING))
    assert not h.shows(record("flows.cycle", logging.INFO))
    assert not h.shows(record("root", logging.WARNING, "apitools not found, and bigquery ..."))
    assert not h.shows(record("prefect.task_runs", logging.INFO, task_run_name="fetch-feeds-1"))
    assert not h.shows(record("py.warnings", logging.WARNING))
    assert h.shows(record("prefect.flow_runs", logging.ERROR)) and h.shows(record("root", logging.CRITICAL))


def test_v_adds_prefect_progress_and_library_warnings_and_vv_everything():
    info, debug = ConsoleHandler(logging.INFO), ConsoleHandler(logging.DEBUG)
    assert info.shows(record("prefect.task_runs", logging.INFO)) and info.shows(record("root", logging.WARNING))
    assert info.shows(record("warehouse.db", logging.INFO))
    assert not info.shows(record("httpx", logging.INFO)) and not info.shows(record("apache_beam.x", logging.INFO))
    assert debug.shows(record("httpx", logging.INFO)) and debug.shows(record("apache_beam.x", logging.DEBUG))


def test_held_records_are_replayed_after_a_failure_and_text_is_cleaned(capsys):
    h = ConsoleHandler(logging.WARNING)
    h.handle(record("root", logging.WARNING, "apitools not found \x1b[2J"))
    h.handle(record("flows.cycle", logging.WARNING, "feed \x1b]8;;http://evil\x07x"))
    out = capsys.readouterr().err
    assert "apitools" not in out and "feed ]8;;http://evilx" not in out and "\x1b" not in out and "feed" in out
    h.replay_held("the failure")
    out = capsys.readouterr().err
    assert "1 log record(s) held back before the failure" in out and "WARNING root: apitools not found" in out
    assert "\x1b" not in out


def test_printed_alerts_wait_for_the_summary_and_only_those_it_did_not_show_follow(capsys):
    h = ConsoleHandler(logging.WARNING, summary_prints_alerts=True)
    for alert_id in ("a1", "a2"):
        h.handle(record("warehouse.delivery", logging.WARNING, f"ALERT {alert_id}", printed_alert=alert_id))
    assert capsys.readouterr().err == ""
    h.release_alerts({"a1"})
    out = capsys.readouterr().err
    assert "ALERT a2" in out and "ALERT a1" not in out
    verbose = ConsoleHandler(logging.INFO, summary_prints_alerts=True)
    verbose.handle(record("warehouse.delivery", logging.WARNING, "ALERT a3", printed_alert="a3"))
    assert "ALERT a3" in capsys.readouterr().err


def test_a_library_printing_through_its_own_handler_stays_quiet_by_default():
    """spaCy prints "[INFO] Created vocabulary" through a handler of its own: only the level stops it."""
    import io

    from flows.console_log import install

    root, before = logging.getLogger(), (logging.getLogger().level, list(logging.getLogger().handlers))
    stream = io.StringIO()
    library = logging.getLogger("some_library_with_a_handler")
    library.addHandler(logging.StreamHandler(stream))
    try:
        install(logging.WARNING)
        library.info("Created vocabulary")
        logging.getLogger("flows.cycle").info("held for a failure")
        assert stream.getvalue() == ""
        install(logging.INFO)
        library.info("Created vocabulary")
        assert "Created vocabulary" in stream.getvalue()
    finally:
        library.handlers.clear()
        for h in list(root.handlers):
            root.removeHandler(h)
        for h in before[1]:
            root.addHandler(h)
        root.setLevel(before[0])
