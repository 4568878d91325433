"""Quick mode of bench/batch_scoring.py: score and validate run, in bounded memory.

The full run (1 M and 10 M rows, time ratio against pandas) is `make bench`; its figures
are in the README. Here only what a shared two-core machine cannot blur is asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MIB = 300  # issue 14's bound at 10 M rows, far above what 200,000 rows need


def test_batch_scoring_quick() -> None:
    done = subprocess.run(
        [sys.executable, "bench/batch_scoring.py", "--quick", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    small, large = json.loads(done.stdout.strip().splitlines()[-1])
    for result in (small, large):
        assert result["score_exit"] == 1  # 0.1 % invalid ages: record errors, all written
        assert result["validate_exit"] == 1
        assert result["score_rows_written"] == result["rows"]
        assert result["score_rows_with_errors"] == result["rows"] // 1000
        assert result["score_peak_mib"] < PEAK_LIMIT_MIB
        assert result["validate_peak_mib"] < PEAK_LIMIT_MIB
    # Ten times the rows, nearly the same memory: the chunk, not the file, sets the peak.
    assert large["score_peak_mib"] - small["score_peak_mib"] < 60
    assert large["validate_peak_mib"] - small["validate_peak_mib"] < 60
