"""Quick mode of bench/load_test.py: concurrent browser sessions, zero errors.

The quick mode cannot fail from slowness alone (a fixed count of changes per session, waits
sized for a busy two-core machine); the timings are `make bench`'s and the README's.
"""

from __future__ import annotations

import pytest

from bench.load_test import QUICK_CHANGES, QUICK_SESSIONS
from tests.e2e.conftest import run_json_script


@pytest.mark.e2e
def test_load_quick_sessions_without_error() -> None:
    # Tabs of one context: Streamlit sessions (one websocket each) at half the browser
    # cost; separate contexts are the full run's default (README figures) and
    # tests/e2e/test_isolation.py's.
    report = run_json_script(
        ["bench/load_test.py", "--quick", "--shared-context", "--json"], timeout=1800
    )
    assert report["errors"] == 0, report["error_samples"]
    assert report["sessions"] == QUICK_SESSIONS
    assert report["sessions_with_changes"] == QUICK_SESSIONS  # every session got through
    assert report["changes"] == QUICK_SESSIONS * QUICK_CHANGES  # each change on screen
    assert report["p50_ms"] is not None
