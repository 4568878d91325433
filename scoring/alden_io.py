"""`python -m scoring alden INPUT [--out OUTPUT]` (docs/cli-contract.md, `alden`).

Input: `.json` (one object, or a list of objects), `.jsonl` (one object per line), or `-`
for standard input as JSON. Output: JSON, a single object for a single input object,
a list otherwise. Exit 0 when every record is valid, 1 when any record or drug carried
an error (all records are still written), 2 for a usage problem.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from scoring import tabular as sio
from scoring.alden import assess

EXIT_OK = 0
EXIT_RECORD_ERRORS = 1
EXIT_USAGE = 2
STDIN_FORMAT = "json"  # contract: standard input is JSON for `alden`


def read_input(path: str, stdin: TextIO | None) -> tuple[list[Any], bool]:
    """The records, and whether the input was one JSON object (answered with one object)."""
    fmt = sio.input_format(path, STDIN_FORMAT)
    if fmt == "csv":
        raise sio.UsageError(f"{path}: alden reads JSON (.json) or JSONL (.jsonl), not CSV")
    if fmt == "jsonl":
        return sio.read_records(path, STDIN_FORMAT, stdin), False
    where = "standard input" if path == "-" else path
    value = sio.loads(sio.read_text(path, stdin), where)
    if isinstance(value, list):
        return value, False
    return [value], True


def _open_out(out: str | None, stdout: TextIO) -> TextIO:
    if out is None:
        return stdout
    if Path(out).suffix.lower() != ".json":
        raise sio.UsageError(f"{out}: alden writes JSON (.json)")
    try:
        return open(out, "w", encoding="utf-8")
    except OSError as exc:
        raise sio.UsageError(f"{out}: cannot write ({exc.strerror})") from None


def assess_all(records: list[Any]) -> list[dict[str, Any]]:
    return [assess(record) for record in records]


def run(input_path: str, out_path: str | None, stdin: TextIO | None, stdout: TextIO) -> int:
    """Run the `alden` command; returns the exit status (never raises on bad input)."""
    try:
        return run_or_raise(input_path, out_path, stdin, stdout)
    except sio.UsageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE


def run_or_raise(
    input_path: str, out_path: str | None, stdin: TextIO | None, stdout: TextIO
) -> int:
    """As `run`, but a usage problem raises `UsageError` for the caller to report."""
    records, single = read_input(input_path, stdin)
    handle = _open_out(out_path, stdout)
    results = assess_all(records)
    try:
        sio.write_json(results[0] if single else results, handle)
    finally:
        if handle is not stdout:
            handle.close()
    return EXIT_RECORD_ERRORS if any(r["errors"] for r in results) else EXIT_OK
