"""tests/tools.py: a missing tool skips locally and fails under CI=true."""

from __future__ import annotations

import pytest

from tests.tools import missing_tool


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes"])
def test_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="chromium not installed"):
        missing_tool("chromium not installed")


@pytest.mark.parametrize("value", [None, "", "false", "0"])
def test_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.skip.Exception, match="chromium not installed"):
        missing_tool("chromium not installed")
