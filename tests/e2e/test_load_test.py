"""Quick mode of bench/load_test.py: 20 concurrent browser sessions, zero errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.e2e
def test_load_quick_twenty_sessions_without_error() -> None:
    done = subprocess.run(
        # Tabs of one context: 20 Streamlit sessions (one websocket each) at half the
        # browser cost; separate contexts are the full run's default (README figures) and
        # tests/e2e/test_isolation.py's.
        [sys.executable, "bench/load_test.py", "--quick", "--shared-context", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr[-3000:]
    report = json.loads(lines[-1])
    assert report["errors"] == 0, report["error_samples"]
    assert done.returncode == 0, done.stderr[-3000:]
    assert report["sessions"] == 20
    assert report["sessions_with_changes"] == 20  # every session got its changes through
    assert report["changes"] >= 20 and report["p50_ms"] is not None
