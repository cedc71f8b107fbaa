"""A test that needs a tool the machine lacks: skipped on a laptop, a failure in CI.

CI runs `make test`, which installs Chromium, docker-compose and hadolint when it can. If that install
breaks, a plain `pytest.skip` would leave CI green without ever rendering the report or checking the
compose file (issue 15, item 12). Under `CI=true` (what GitHub, GitLab and most runners set) the missing
tool is a failure instead, with the same message.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

CI_TRUE = {"1", "true", "yes", "on"}


def in_ci() -> bool:
    """Whether this run is CI's: $CI set to a true value."""
    return os.environ.get("CI", "").strip().lower() in CI_TRUE


def missing_tool(reason: str) -> NoReturn:
    """Skip the calling test (or fixture) locally; fail it under CI=true, naming what is missing."""
    if in_ci():
        pytest.fail(f"CI=true and a required tool is missing: {reason}", pytrace=False)
    pytest.skip(reason)
