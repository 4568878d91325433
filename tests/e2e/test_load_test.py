"""Quick mode of bench/load_test.py: 20 concurrent browser sessions, zero errors."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import run_json_script


@pytest.mark.e2e
def test_load_quick_twenty_sessions_without_error() -> None:
    # Tabs of one context: 20 Streamlit sessions (one websocket each) at half the browser
    # cost; separate contexts are the full run's default (README figures) and
    # tests/e2e/test_isolation.py's.
    report = run_json_script(["bench/load_test.py", "--quick", "--shared-context", "--json"])
    assert report["errors"] == 0, report["error_samples"]
    assert report["sessions"] == 20
    assert report["sessions_with_changes"] == 20  # every session got its changes through
    assert report["changes"] >= 20 and report["p50_ms"] is not None
