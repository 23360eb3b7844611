"""A pytest plugin: in CI (the CI variable set, as `.ci/run` and CI services do) a skipped test fails.

A skip in CI means a test that did not run while the build says green (a missing `dot` or Chromium,
a world that stopped loading). Outside CI a skip is allowed and its reason says what to install.
Slow tests are deselected without `--slow`, not skipped, so they do not count as skips.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, None, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not (report.skipped and in_ci()) or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"skipped in CI (CI={os.environ.get('CI')}), which counts as a failure: {reason}"
