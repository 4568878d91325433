"""Batch scoring and validation of large CSVs against pandas reading and writing them.

Makes synthetic cohorts (every tenth row with a missing lab, 0.1 % invalid ages, an
outcome column), then in the same run measures, each command in a fresh process as a
user runs it:
  pandas    pandas.read_csv + DataFrame.to_csv of the file (default engines)
  score     python -m scoring score FILE --out OUT.csv   (streams in chunks)
  validate  python -m scoring validate FILE              (per-score counts)
and prints the time ratio score / pandas at the first size and the peak resident memory
(ru_maxrss of the child) of each at every size. Goals (issue 14): ratio <= 1.0 at 1 M rows;
score and validate peak below 300 MiB at 10 M rows, flat while pandas grows.

    python bench/batch_scoring.py [--rows 1000000 10000000] [--repeat K] [--json]
    python bench/batch_scoring.py --quick    # small sizes, for `make test`
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

GOAL_RATIO = 1.0
GOAL_PEAK_MIB = 300
QUICK_ROWS = (20_000, 200_000)
PIECE_ROWS = 500_000  # the file is written in pieces so that making it stays small too


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
            "died": rng.choice(["yes", "no"], rows, p=[0.2, 0.8]),
        }
    ).astype(object)
    frame.loc[::10, "glucose_mg_dl"] = ""
    frame.loc[::1000, "age_years"] = "unknown"
    return frame


def write_cohort(path: Path, rows: int) -> None:
    """The same rows as make_cohort(rows) would give for one piece; written piece by piece."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for start in range(0, rows, PIECE_ROWS):
            piece = make_cohort(min(PIECE_ROWS, rows - start), seed=7 + start)
            piece["id"] = [f"p{start + i}" for i in range(len(piece))]
            piece.to_csv(handle, index=False, header=start == 0)


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


def measure(rows: int, repeat: int, folder: Path, timing: bool) -> dict[str, Any]:
    source = folder / f"cohort_{rows}.csv"
    write_cohort(source, rows)
    size_mb = source.stat().st_size / 1e6
    out = folder / "scored.csv"
    result: dict[str, Any] = {"rows": rows, "file_mb": round(size_mb, 1)}
    runs = {
        "pandas": [sys.executable, "-c", BASELINE, str(source), str(folder / "copy.csv")],
        "score": [sys.executable, "-m", "scoring", "score", str(source), "--out", str(out)],
        "validate": [sys.executable, "-m", "scoring", "validate", str(source)],
    }
    for name, command in runs.items():
        times, peaks = [], []
        for _ in range(repeat if timing else 1):
            elapsed, peak, code = timed(command)
            times.append(elapsed)
            peaks.append(peak)
        result[f"{name}_s"] = round(min(times), 2)
        result[f"{name}_peak_mib"] = round(max(peaks))
        result[f"{name}_exit"] = code
        if name == "score":
            scored = pd.read_csv(out, usecols=["scorten_score", "errors"], keep_default_na=False)
            result["score_rows_written"] = len(scored)
            result["score_rows_with_errors"] = int((scored["errors"] != "").sum())
        for leftover in (out, folder / "copy.csv"):
            leftover.unlink(missing_ok=True)
    source.unlink()
    result["ratio_score_pandas"] = round(result["score_s"] / result["pandas_s"], 2)
    return result


def run(sizes: list[int], repeat: int, folder: Path | None = None) -> list[dict[str, Any]]:
    tmp = Path(tempfile.mkdtemp(dir=folder))
    try:
        free_gb = shutil.disk_usage(tmp).free / 1e9
        need_gb = max(sizes) * 46 * 3 / 1e9  # input, scored copy and pandas' copy
        if free_gb < need_gb:
            raise SystemExit(f"needs about {need_gb:.1f} GB free in {tmp}, has {free_gb:.1f}")
        return [measure(rows, repeat, tmp, timing=i == 0) for i, rows in enumerate(sizes)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(results: list[dict[str, Any]]) -> str:
    lines = [
        "| rows | file | pandas read+write | score | validate | score / pandas |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['rows']:,} | {r['file_mb']:.0f} MB "
            f"| {r['pandas_s']:.1f} s, {r['pandas_peak_mib']} MiB "
            f"| {r['score_s']:.1f} s, {r['score_peak_mib']} MiB "
            f"| {r['validate_s']:.1f} s, {r['validate_peak_mib']} MiB "
            f"| {r['ratio_score_pandas']:.2f} |"
        )
    first = results[0]
    lines.append(
        f"\nratio score/pandas at {first['rows']:,} rows: {first['ratio_score_pandas']:.2f} "
        f"(goal <= {GOAL_RATIO}); peak score/validate at {results[-1]['rows']:,} rows: "
        f"{results[-1]['score_peak_mib']}/{results[-1]['validate_peak_mib']} MiB "
        f"(goal < {GOAL_PEAK_MIB}); score wrote {first['score_rows_written']:,} rows, "
        f"{first['score_rows_with_errors']:,} with errors (exit {first['score_exit']})"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs at the first size")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_ROWS}, one run")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the files")
    args = parser.parse_args()
    sizes = list(QUICK_ROWS) if args.quick else args.rows
    results = run(sizes, 1 if args.quick else args.repeat, args.tmp)
    print(report(results))
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
