"""What the terminal shows of log records: escmon's own warnings and every error; libraries' chatter only when
asked.

A cycle imports Prefect, Beam and spaCy, whose INFO lines (task states, the temporary server and its docs
pointer) and warnings ("apitools not found ...", logged on the root logger at import) used to bury the
summary. By default the terminal shows escmon's own records at WARNING and anything at ERROR; `-v` (INFO:
escmon's progress, Prefect's flow and task states, libraries' warnings) and `-vv` (DEBUG: everything), or
`ESCMON_LOG_LEVEL`, show the rest. What is held back is kept (the last few hundred records)
and printed when a command fails, so a real error never loses its context. Prefect's own API log handler,
which feeds its UI, is untouched: this only decides what reaches stderr.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import deque
from collections.abc import Mapping
from typing import TextIO

from flows.terminal_text import clean

ENV_LEVEL = "ESCMON_LOG_LEVEL"
OWN_PACKAGES = ("flows", "warehouse", "pipelines", "schemas")
HELD_RECORDS = 300
# warehouse.delivery.log_sender marks the record that prints an alert (no notify URL set) with this attribute,
# holding the alert's id: `escmon run` prints the cycle's alerts in its summary, so there the record would only
# repeat them; it is held until the summary and printed only for alerts the summary did not show.
PRINTED_ALERT = "printed_alert"


class LevelError(ValueError):
    """ESCMON_LOG_LEVEL names no logging level."""


def resolve_level(verbose: int = 0, env: Mapping[str, str] | None = None) -> int:
    """The terminal's level: WARNING, lowered one step per `-v` (INFO, then DEBUG), or ESCMON_LOG_LEVEL;
    the more talkative of the two wins, so `-v` always shows more than the default."""
    env = os.environ if env is None else env
    name = env.get(ENV_LEVEL, "").strip().upper()
    level = logging.WARNING
    if name:
        named = logging.getLevelName(name)
        if not isinstance(named, int):
            raise LevelError(f"{ENV_LEVEL}={clean(name)!r} is not a level (DEBUG, INFO, WARNING, ERROR)")
        level = named
    if verbose:
        level = min(level, logging.INFO if verbose == 1 else logging.DEBUG)
    return level


def is_own(record: logging.LogRecord) -> bool:
    return record.name.split(".", 1)[0] in OWN_PACKAGES


class ConsoleHandler(logging.Handler):
    """stderr (whichever sys.stderr is at the time, so test runners' swaps are honoured), filtered by level
    and origin, every message cleaned of terminal escapes (log text carries feed titles and names)."""

    def __init__(self, level: int, summary_prints_alerts: bool = False) -> None:
        super().__init__(logging.DEBUG)
        self.threshold = level
        self.summary_prints_alerts = summary_prints_alerts
        self.held: deque[logging.LogRecord] = deque(maxlen=HELD_RECORDS)
        self.printed_alerts: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(origin)s: %(message)s"))

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    def shows(self, record: logging.LogRecord) -> bool:
        """Errors always; escmon's own records from the chosen level. Libraries' warnings are chatter to a
        user (apitools, deprecations), shown from -v, with Prefect's INFO lines (the flow and task states,
        the temporary server); other libraries' INFO (every HTTP request to Prefect's API, Beam's type
        hints: some hundred lines a cycle) only at DEBUG."""
        if record.levelno >= logging.ERROR:
            return True
        if is_own(record) or self.threshold <= logging.DEBUG:
            return record.levelno >= self.threshold
        if self.threshold <= logging.INFO:
            return record.levelno >= (logging.INFO if record.name.split(".", 1)[0] == "prefect" else logging.WARNING)
        return False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.shows(record):
            self.held.append(record)
        elif getattr(record, PRINTED_ALERT, None) and self.summary_prints_alerts and \
                self.threshold >= logging.WARNING:
            self.printed_alerts.append(record)
        else:
            self._write(record)

    def _write(self, record: logging.LogRecord) -> None:
        # Prefect's run loggers say which flow or task run spoke, as Prefect's own console does
        run = getattr(record, "task_run_name", None) or getattr(record, "flow_run_name", None)
        record.origin = f"{record.name} {run!r}" if run else record.name
        try:
            self.stream.write(clean(self.format(record)) + "\n")
            self.stream.flush()
        except Exception:  # noqa: BLE001 - logging must never take the command down
            self.handleError(record)

    def release_alerts(self, shown: set[str]) -> None:
        """After the summary: print the alerts it did not show (owed by an earlier cycle), drop the rest."""
        for record in self.printed_alerts:
            if getattr(record, PRINTED_ALERT) not in shown:
                self._write(record)
        self.printed_alerts.clear()

    def replay_held(self, why: str) -> None:
        """After a failure: print what was held back, oldest first, so the error keeps its context."""
        self.release_alerts(set())
        if not self.held:
            return
        self.stream.write(f"--- {len(self.held)} log record(s) held back before {clean(why)} "
                          f"(shown as they happen with -v) ---\n")
        while self.held:
            self._write(self.held.popleft())


def install(level: int, summary_prints_alerts: bool = False) -> ConsoleHandler:
    """Route every log record to one ConsoleHandler on the root logger, replacing an earlier one and
    Prefect's console handler (Prefect keeps a root handler it finds installed, so import order is free)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, ConsoleHandler) or type(handler).__name__ == "PrefectConsoleHandler":
            root.removeHandler(handler)
    handler = ConsoleHandler(level, summary_prints_alerts)
    root.addHandler(handler)
    # The root level stays at the chosen one: some libraries print through handlers of their own (spaCy's
    # "[INFO] Created vocabulary"), which only the records' level keeps quiet. escmon's own INFO records are
    # made anyway, and held with Prefect's (its loggers have their own level) for a failure's context.
    root.setLevel(level)
    for name in OWN_PACKAGES:  # set directly: Prefect's logging config may reset the root level
        logging.getLogger(name).setLevel(min(level, logging.INFO))
    logging.captureWarnings(True)  # Python warnings from libraries are chatter too, shown with -v
    return handler


def installed() -> ConsoleHandler | None:
    return next((h for h in logging.getLogger().handlers if isinstance(h, ConsoleHandler)), None)


__all__ = ["ENV_LEVEL", "PRINTED_ALERT", "ConsoleHandler", "LevelError", "install", "installed",
           "resolve_level"]
