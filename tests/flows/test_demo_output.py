"""What `make demo` shows (issue 20): its cycle, run as the user types it (`escmon run`, a Prefect flow run on
a temporary server) on the demo's own config, in an 80-column terminal. The summary is not buried in library
chatter, which `-v` brings back (tests/flows/test_cycle.py, test_escmon_run_as_a_prefect_flow)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from rich.cells import cell_len

from tests.cycle_helpers import REPO, demo_config

# Lines libraries used to print around the summary: Prefect's INFO lines and docs pointer, Beam's apitools
# warning, setuptools' editable-install banner, Python warnings.
LIBRARY_CHATTER = ("apitools not found", "bigquery", "Task run", "Flow run", "Beginning flow run", "Finished in state",
                   "Starting temporary server", "docs.prefect.io", "Editable installation", "Warning:", "INFO")


def escmon_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ESCMON_"))}
    return env | {"PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                  "COLUMNS": "80", "PYTHONUNBUFFERED": "1"}


def demo_query() -> str:
    """The query `make demo` runs after the cycle (the Makefile's DEMO_QUERY, continuation lines joined)."""
    text = (REPO / "Makefile").read_text(encoding="utf-8").split("DEMO_QUERY :=", 1)[1]
    lines = []
    for line in text.splitlines():
        lines.append(line.rstrip("\\").strip())
        if not line.endswith("\\"):
            break
    return " ".join(lines)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`make demo`'s three commands: the cycle, the index query, the alerts."""
    folder = tmp_path_factory.mktemp("demo")
    config = demo_config(folder)
    procs = [subprocess.run([sys.executable, "-m", "flows.cli", *args, "--config", str(config)],
                            env=escmon_env(folder), capture_output=True, text=True, timeout=300, cwd=folder)
             for args in (["run"], ["sql", demo_query()], ["alerts"])]
    for proc in procs:
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return config, procs[0], "".join(proc.stdout for proc in procs)


@pytest.mark.slow
def test_the_demo_prints_its_summary_and_no_library_chatter(demo):
    _, proc, _ = demo
    assert "completed" in proc.stdout and "alert(s) fired" in proc.stdout
    for text in LIBRARY_CHATTER:
        assert text not in proc.stdout and text not in proc.stderr, (text, proc.stderr[:2000])
    assert "ALERT [" not in proc.stderr, "the summary prints the alerts: the log line would only repeat them"
    assert proc.stderr == "", proc.stderr[:2000]


def table_rows(text: str, title: str) -> list[list[str]]:
    """The body rows of the Rich table printed under `title`, as lists of cell texts."""
    lines = text.split(title, 1)[1].splitlines()
    body = lines[lines.index(next(line for line in lines if line.startswith("┡"))) + 1:]
    rows = []
    for line in body:
        if not line.startswith("│"):
            break
        rows.append([c.strip() for c in line.strip("│").split("│")])
    return rows


@pytest.mark.slow
def test_the_main_actors_are_the_crisis_actors_of_the_samples_last_week(demo):
    """Two undated items, stamped with the fetch time, used to end "the last 7 days of data" today, twelve days
    after the samples end, leaving a table of LTU, POL and LVA with one item each."""
    _, proc, _ = demo
    title = "main actors, 2026-11-14 to 2026-11-20"
    assert title in proc.stdout, proc.stdout[-3000:]
    rows = table_rows(proc.stdout, title)
    actors = [row[0] for row in rows]
    assert actors[0] == "RUS" and {"RUS", "UKR", "USA", "NATO"} <= set(actors[:5]), rows
    assert all(int(row[1]) >= 5 for row in rows), rows
    assert "2 undated item(s) (stamped with their fetch time) do not move this window." in proc.stdout


def readme_demo_block() -> list[str]:
    """The demo's output as the README's "What the demo shows" quotes it."""
    section = (REPO / "README.md").read_text(encoding="utf-8").split("### What the demo shows", 1)[1]
    return section.split("```\n", 2)[1].splitlines()


def quoted_in_order(quote: list[str], printed: list[str]) -> list[str]:
    """The quoted lines not found, in order, among the printed ones: `...` skips printed lines, `…` stands
    for any text within a line; lines are compared without the spaces at their ends."""
    at, missing = 0, []
    for line in quote:
        if line == "...":
            continue
        pattern = re.compile(".*".join(re.escape(part) for part in line.strip().split("…")))
        hit = next((i for i in range(at, len(printed)) if pattern.fullmatch(printed[i].strip())), None)
        if hit is None:
            missing.append(line)
        else:
            at = hit + 1
    return missing


@pytest.mark.slow
def test_the_readme_quotes_what_the_demo_prints(demo):
    _, _, printed = demo
    quote = readme_demo_block()
    assert len(quote) > 40 and "..." in quote
    assert quoted_in_order(quote, printed.splitlines()) == [], printed
    assert all(cell_len(line) <= 80 for line in printed.splitlines())


def test_the_readme_check_finds_a_line_out_of_place():
    printed = ["escmon cycle 20261120T000000Z: completed", "a", "b"]
    assert quoted_in_order(["escmon cycle …: completed", "...", "b"], printed) == []
    assert quoted_in_order(["b", "a"], printed) == ["a"]
