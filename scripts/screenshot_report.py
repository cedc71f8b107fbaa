"""Make docs/report.png, the README's picture of `escmon report`, from the bundled sample feeds.

It goes exactly the way tests/flows/test_report.py checks the report: a throw-away warehouse built by
`escmon run --no-prefect` from samples/*.xml, `escmon report`, then headless Chromium over the DevTools
protocol (tests/browser.py). It refuses to write a picture of a page that logged any error.

    .venv/bin/python -m scripts.screenshot_report [--out docs/report.png] [--width 1280] [--height 2400]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.browser import Chromium, PageResult, install_chromium

ROOT = Path(__file__).resolve().parents[1]
CHARTS = 4  # index, actors, dyads, categories
CHARTS_DRAWN = f"document.querySelectorAll('.js-plotly-plot svg.main-svg').length >= {CHARTS}"
PAGE_PROBE = """(() => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  return {
    plots: plots.length,
    drawn: plots.filter(p => p.querySelector('svg.main-svg')).length,
    bars: document.querySelectorAll('#chart-index .barlayer .point').length,
    lines: document.querySelectorAll('#chart-actors .scatterlayer .trace').length,
    alertMarkers: document.querySelectorAll('#chart-index .scatterlayer .trace:last-child .point').length,
    evidenceLinks: document.querySelectorAll('#alerts li a[href^="https://"]').length,
    feedRows: document.querySelectorAll('#feeds table:first-of-type tbody tr').length,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  };
})()"""


def sample_config(folder: Path) -> Path:
    """The project's escmon.toml with its sample feeds made absolute and its warehouse in `folder`."""
    text = (ROOT / "escmon.toml").read_text(encoding="utf-8")
    if 'url = "samples/' not in text:
        raise RuntimeError(f"{ROOT / 'escmon.toml'} no longer lists the sample feeds")
    text = text.replace('url = "samples/', f'url = "{ROOT / "samples"}/')
    text = text.replace('path = "data/escmon.duckdb"', f'path = "{folder / "escmon.duckdb"}"')
    config = folder / "escmon.toml"
    config.write_text(text, encoding="utf-8")
    return config


def _env(folder: Path) -> dict[str, str]:
    return {**os.environ, "PREFECT_HOME": str(folder / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def build_sample_warehouse(folder: Path, timeout_s: float = 600) -> Path:
    """Run one cycle over the sample feeds into `folder`; returns the config that points at it."""
    config = sample_config(folder)
    subprocess.run([sys.executable, "-m", "flows.cli", "run", "--no-prefect", "--quiet", "-c", str(config)],
                   cwd=ROOT, env=_env(folder), check=True, timeout=timeout_s, capture_output=True)
    return config


def write_report(config: Path, out: Path, days: int = 30, timeout_s: float = 120) -> str:
    """`escmon report` as a user runs it; returns what it printed."""
    command = [sys.executable, "-m", "flows.cli", "report", "-c", str(config), "--days", str(days),
               "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, env=_env(config.parent), check=True, timeout=timeout_s,
                          capture_output=True, text=True)
    return done.stdout


def capture(browser: Chromium, page: Path, png: Path | None = None, width: int = 1280, height: int = 900,
            crop_height: int | None = None, pdf: Path | None = None) -> PageResult:
    """Load the report, wait for the charts, probe them, optionally save a PNG (its top `crop_height` px)."""
    return browser.open(page.resolve().as_uri(), width=width, height=height, wait_for=CHARTS_DRAWN,
                        probe=PAGE_PROBE, screenshot=png, screenshot_height=crop_height, pdf=pdf)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400, help="crop the picture to this many pixels")
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args(argv)
    if install_chromium() is None:
        print("no Chromium: apt-get install -y chromium chromium-driver", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="escmon-shot-") as tmp:
        folder = Path(tmp)
        config = build_sample_warehouse(folder)
        page = folder / "report.html"
        print(write_report(config, page, args.days).strip())
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with Chromium() as browser:
            result = capture(browser, page, args.out, width=args.width, crop_height=args.height)
    if result.problems:
        args.out.unlink(missing_ok=True)
        print("the page logged problems:\n  " + "\n  ".join(result.problems), file=sys.stderr)
        return 1
    charts = f"{result.probe['drawn']}/{result.probe['plots']}"
    print(f"{args.out}: {args.width} px wide, top {args.height} px; charts drawn {charts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
