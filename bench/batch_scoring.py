"""Batch scoring of a large CSV against pandas reading and writing the same file.

Makes a synthetic CSV (default 1,000,000 rows; every tenth row with a missing lab, a
few invalid values), then in the same run times:
  baseline  pandas.read_csv + DataFrame.to_csv of that file (default engines)
  engine    python -m scoring score FILE --out OUT.csv (a fresh process, as a user runs it)
and prints the ratio engine / baseline and the engine's peak memory (ru_maxrss of the
child). Goal (issue 3 and 7): ratio <= 1.5.

    python bench/batch_scoring.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

GOAL_RATIO = 1.5


def make_cohort(rows: int, seed: int = 7) -> pd.DataFrame:
    """Plausible adult admissions; about 10 % with glucose unknown, 0.1 % invalid age."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "id": [f"p{i}" for i in range(rows)],
            "age_years": rng.integers(18, 95, rows),
            "heart_rate_bpm": rng.integers(50, 160, rows),
            "malignancy": rng.choice(["yes", "no"], rows, p=[0.15, 0.85]),
            "bsa_detached_pct": rng.integers(1, 90, rows),
            "bun_mg_dl": np.round(rng.gamma(4.0, 6.0, rows) + 3, 1),
            "bicarbonate_mmol_l": np.round(rng.normal(23, 4, rows).clip(5, 40), 1),
            "glucose_mg_dl": np.round(rng.gamma(9.0, 15.0, rows) + 40, 0),
            "dialysis_before_admission": rng.choice(["yes", "no"], rows, p=[0.02, 0.98]),
        }
    ).astype(object)
    frame.loc[::10, "glucose_mg_dl"] = ""
    frame.loc[::1000, "age_years"] = "unknown"
    return frame


# A wrapper process runs the command so that its RUSAGE_CHILDREN peak is that command's alone.
PEAK_WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall time of a command, its peak resident memory in MiB, and its exit status."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, *command], check=False, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    return elapsed, int(done.stdout.strip() or 0) / 1024, done.returncode


BASELINE = """
import sys, pandas as pd
frame = pd.read_csv(sys.argv[1])
frame.to_csv(sys.argv[2], index=False)
"""


def run(rows: int, repeat: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "cohort.csv"
        make_cohort(rows).to_csv(source, index=False)
        size_mb = source.stat().st_size / 1e6
        print(f"input: {rows:,} rows, {size_mb:.1f} MB")
        baseline_times, engine_times, baseline_peaks, engine_peaks = [], [], [], []
        out = f"{tmp}/scored.csv"
        for _ in range(repeat):
            t, peak, _ = timed([sys.executable, "-c", BASELINE, str(source), f"{tmp}/copy.csv"])
            baseline_times.append(t)
            baseline_peaks.append(peak)
            t, peak, code = timed(
                [sys.executable, "-m", "scoring", "score", str(source), "--out", out]
            )
            engine_times.append(t)
            engine_peaks.append(peak)
        scored = pd.read_csv(out, usecols=["scorten_score", "errors"], keep_default_na=False)
        baseline, engine = min(baseline_times), min(engine_times)
        ratio = engine / baseline
        print(
            f"engine exit status {code}; rows written {len(scored):,}; "
            f"rows with errors {(scored['errors'] != '').sum():,}"
        )
        print(
            f"baseline pandas read+write: {baseline:.2f} s (best of {repeat}), "
            f"peak {max(baseline_peaks):.0f} MiB"
        )
        print(
            f"python -m scoring score:    {engine:.2f} s (best of {repeat}), "
            f"peak {max(engine_peaks):.0f} MiB"
        )
        print(f"ratio engine/baseline:      {ratio:.2f} (goal <= {GOAL_RATIO})")
        return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    run(args.rows, args.repeat)


if __name__ == "__main__":
    main()
