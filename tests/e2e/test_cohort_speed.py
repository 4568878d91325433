"""Issue 22, Cohort page speed in Chromium: the browser benchmark's quick mode, for
correctness only (the demo's 400 rows read, no exception, no traceback), never a
wall-clock limit: the machine is shared; the figures are bench/browser_cohort.py's, in the
README."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import run_json_script

pytestmark = pytest.mark.e2e


def test_cohort_benchmark_quick_mode_runs_and_reports_its_ratios() -> None:
    report = run_json_script(["bench/browser_cohort.py", "--quick", "--json"])
    assert report["errors"] == 0, report["problems"]
    # Every figure is there (values not judged: a shared machine).
    for figure in ("cold", "warm", "figures", "charts"):
        assert report[f"cohort_{figure}"]["p50_ms"] > 0, figure
        assert report[f"{figure}_ratio"] > 0, figure
    assert report["floor_input"]["p50_ms"] > 0
