"""`escmon run --no-prefect` in a child process that pauses inside the loader's transaction.

The loader logs each step of a batch's transaction at DEBUG on `warehouse.loader`; a logging handler is
the seam (no environment variable, no test code in the loader). When a message ends with the wanted
step, the handler creates PAUSED_FILE and waits (at most 120 s) for GO_FILE, so the test can SIGKILL the
process mid-transaction or query the warehouse while the writer holds it.

    python cycle_driver.py CONFIG STEP PAUSED_FILE GO_FILE
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from flows.cli import app

MAX_PAUSE_S = 120.0


class PauseAtStep(logging.Handler):
    def __init__(self, step: str, paused: Path, go: Path) -> None:
        super().__init__(logging.DEBUG)
        self.step, self.paused, self.go = step, paused, go

    def emit(self, record: logging.LogRecord) -> None:
        if not record.getMessage().endswith(self.step) or self.paused.exists():
            return
        self.paused.write_text(record.getMessage(), encoding="utf-8")
        deadline = time.monotonic() + MAX_PAUSE_S
        while not self.go.exists() and time.monotonic() < deadline:
            time.sleep(0.05)


def main() -> None:
    config, step, paused, go = sys.argv[1:5]
    logger = logging.getLogger("warehouse.loader")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(PauseAtStep(step, Path(paused), Path(go)))
    app(["run", "--no-prefect", "--quiet", "-c", config])


if __name__ == "__main__":
    main()
