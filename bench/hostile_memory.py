"""Memory and time with hostile inputs (issue 21): bad rows and repeated cohort uploads.

In the same run, each command in a fresh process as a user runs it:
  validate good / bad   python -m scoring validate FILE.csv on ROWS valid rows, and on ROWS
                        rows that all carry an error (age -5): peak resident memory of each
                        (ru_maxrss of the child) and the bad / good ratio
  score good / bad      python -m scoring score FILE.csv --out OUT.csv on the same files:
                        peak memory and the CPU-time ratio bad / good (goal: within 2x)
  uploads               one process scoring UPLOADS cohort uploads (cohort.upload, as the
                        Cohort page does) of a ~1.5 MB file: resident memory before, peak,
                        and after the last upload
Goals: bad-row validate peak within 50 MiB of valid-row validate; uploads leave less than
50 MiB behind.

    python bench/hostile_memory.py [--rows 1000000] [--uploads 40] [--json]
    python bench/hostile_memory.py --quick    # fewer rows and uploads, for `make test`
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUICK_ROWS, QUICK_UPLOADS = 100_000, 5
HEADER = "id,age_years,heart_rate_bpm,malignancy,bsa_detached_pct,urea_mmol_l,"
HEADER += "bicarbonate_mmol_l,glucose_mmol_l,died\n"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def write_cohort(path: Path, rows: int, age: str, id_prefix: str = "p") -> None:
    """`rows` complete records; `age` -5 makes every one of them an error."""
    piece = 100_000
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for start in range(0, rows, piece):
            out.write(
                "".join(
                    f"{id_prefix}{i},{age},{90 + i % 60},{_yes(i % 7 == 0)},{i % 80 + 1},"
                    f"{4 + i % 20},{15 + i % 12},{5 + i % 15},{_yes(i % 5 == 0)}\n"
                    for i in range(start, min(start + piece, rows))
                )
            )


def measure(args: list[str]) -> dict[str, Any]:
    """Exit status, peak RSS (MiB) and CPU seconds of `python -m scoring ARGS`."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scoring", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    return {
        "exit": os.waitstatus_to_exitcode(status),
        "peak_mib": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
    }


UPLOAD_CHILD = """
import sys, gc
from pathlib import Path
sys.path.insert(0, {root!r})
from cohort.upload import score_upload, scored_csv

def rss(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
data = Path({path!r}).read_bytes()
scored_csv(score_upload(data))  # imports and first-use allocations are not measured
gc.collect()
before = rss("VmRSS:")
for _ in range({uploads}):
    upload = score_upload(data)
    scored_csv(upload)
    del upload  # "Clear cohort"
gc.collect()
print(before, rss("VmHWM:"), rss("VmRSS:"))
"""


def measure_uploads(folder: Path, uploads: int) -> dict[str, Any]:
    path = folder / "upload.csv"
    # About 1.5 MB (long ids), under the page's limits of 5 MB and 20,000 rows.
    write_cohort(path, 18_000, "50", id_prefix="registry-extract-2026-patient-")
    code = UPLOAD_CHILD.format(root=str(ROOT), path=str(path), uploads=uploads)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=900
    )
    before, peak, after = (float(x) for x in done.stdout.split())
    return {
        "uploads": uploads,
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "rss_before_mib": round(before, 1),
        "rss_peak_mib": round(peak, 1),
        "rss_after_mib": round(after, 1),
        "kept_mib": round(after - before, 1),
    }


def run(rows: int, uploads: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        good, bad = folder / "good.csv", folder / "bad.csv"
        write_cohort(good, rows, "50")
        write_cohort(bad, rows, "-5")
        result: dict[str, Any] = {"rows": rows}
        for name, path in (("good", good), ("bad", bad)):
            result[f"validate_{name}"] = measure(["validate", str(path)])
            out = folder / f"{name}_out.csv"
            result[f"score_{name}"] = measure(["score", str(path), "--out", str(out)])
            out.unlink(missing_ok=True)
        result["validate_bad_minus_good_mib"] = round(
            result["validate_bad"]["peak_mib"] - result["validate_good"]["peak_mib"], 1
        )
        result["score_cpu_ratio_bad_good"] = round(
            result["score_bad"]["cpu_s"] / max(result["score_good"]["cpu_s"], 1e-9), 2
        )
        result["uploads"] = measure_uploads(folder, uploads)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--uploads", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="fewer rows and uploads")
    parser.add_argument("--json", action="store_true", help="one JSON line at the end")
    args = parser.parse_args()
    rows, uploads = (QUICK_ROWS, QUICK_UPLOADS) if args.quick else (args.rows, args.uploads)
    result = run(rows, uploads)
    for name in ("validate_good", "validate_bad", "score_good", "score_bad"):
        r = result[name]
        print(f"{name:15} {rows:>10,} rows  exit {r['exit']}  peak {r['peak_mib']:7.1f} MiB"
              f"  cpu {r['cpu_s']:7.2f} s")  # fmt: skip
    print(f"validate peak, bad rows - good rows: {result['validate_bad_minus_good_mib']} MiB")
    print(f"score CPU time, bad rows / good rows: {result['score_cpu_ratio_bad_good']}x")
    u = result["uploads"]
    print(f"{u['uploads']} cohort uploads of {u['file_mb']} MB: RSS {u['rss_before_mib']} MiB "
          f"before, peak {u['rss_peak_mib']} MiB, {u['rss_after_mib']} MiB after "
          f"({u['kept_mib']:+} MiB kept)")  # fmt: skip
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
