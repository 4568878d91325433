"""Quick mode of bench/case_rerun.py: every rerun follows the input, no exception (no timing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_case_rerun_quick() -> None:
    done = subprocess.run(
        [sys.executable, "bench/case_rerun.py", "--quick", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["errors"] == 0, report["problems"]
    assert report["runs"] == 20
    # Timings are measured, never asserted here (a busy CI machine blurs them): the
    # figures are `make bench`'s and the README's.
    assert report["baseline_p50_ms"] > 0 and report["case_p50_ms"] > 0
