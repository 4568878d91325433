"""`python -m scoring alden INPUT [--out OUTPUT]` (docs/cli-contract.md, `alden`).

Input: `.json` (one object, or a list of objects), `.jsonl` (one object per line), or `-`
for standard input as JSON. Output: JSON, a single object for a single input object,
a list otherwise. Exit 0 when every record is valid, 1 when any record or drug carried
an error (all records are still written), 2 for a usage problem.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from scoring import output
from scoring import tabular as sio
from scoring.alden import assess
from scoring.alden_input import is_echoable

EXIT_OK = 0
EXIT_RECORD_ERRORS = 1
EXIT_USAGE = 2
STDIN_FORMAT = "json"  # contract: standard input is JSON for `alden`
# Limits (README, "Limits"): ALDEN input is read whole and each drug costs about 8 kB of
# Python objects, so without them a 3 MB array of integers took 2.2 GB and one case of
# 200,000 drugs 1.7 GB. A case lists the drugs of the weeks before the reaction (tens at
# most); a run is one unit's cases, not a registry.
MAX_INPUT_CHARS = 2**20  # 1 MiB of JSON text
MAX_CASES = 5_000
MAX_DRUGS_PER_CASE = 100


def read_input(path: str, stdin: TextIO | None) -> tuple[list[Any], bool]:
    """The records, and whether the input was one JSON object (answered with one object)."""
    fmt = sio.input_format(path, STDIN_FORMAT)
    if fmt == "csv":
        raise sio.UsageError(f"{path}: alden reads JSON (.json) or JSONL (.jsonl), not CSV")
    where = "standard input" if path == "-" else path
    text = sio.read_text(path, stdin, limit=MAX_INPUT_CHARS)
    if fmt == "jsonl":
        records = [
            sio.loads(line, f"{where} line {number}")
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
        single = False
    else:
        value = sio.loads(text, where)
        records, single = (value, False) if isinstance(value, list) else ([value], True)
    if len(records) > MAX_CASES:
        raise sio.UsageError(
            f"{where}: {len(records):,} cases; alden takes at most {MAX_CASES:,} cases a run "
            "(split the file)"
        )
    return records, single


def _check_out(out: str | None) -> None:
    if out is not None and Path(out).suffix.lower() != ".json":
        raise sio.UsageError(f"{out}: alden writes JSON (.json)")


def too_many_drugs_message(count: int) -> str:
    return (
        f"drugs: {count:,} drugs; a case takes at most {MAX_DRUGS_PER_CASE} "
        "(the drugs taken in the weeks before the reaction)"
    )


def _refused(record: Any, errors: list[dict[str, Any]]) -> dict[str, Any]:
    """The output of a record refused before ALDEN looks at it: no drug is scored."""
    record_id = record.get("id") if isinstance(record, Mapping) else None
    return {
        "id": record_id if is_echoable(record_id) else None,
        "drugs": [],
        "errors": errors,
        "warnings": [],
    }


def assess_one(record: Any) -> dict[str, Any]:
    """ALDEN for one record; text that is not valid Unicode or too many drugs is an error
    for that record (the others are still assessed)."""
    bad_text = getattr(record, "invalid_text_keys", ())
    if bad_text:
        return _refused(
            record, [{"field": key, "message": sio.invalid_text_message(key)} for key in bad_text]
        )
    drugs = record.get("drugs") if isinstance(record, Mapping) else None
    if isinstance(drugs, list) and len(drugs) > MAX_DRUGS_PER_CASE:
        return _refused(record, [{"field": "drugs", "message": too_many_drugs_message(len(drugs))}])
    return assess(record)


def assess_all(records: list[Any]) -> list[dict[str, Any]]:
    return [assess_one(record) for record in records]


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
    _check_out(out_path)
    output.refuse_same_file(input_path, out_path, stdin)
    records, single = read_input(input_path, stdin)
    results = assess_all(records)
    output.write_json(results[0] if single else results, out_path, stdout)
    return EXIT_RECORD_ERRORS if any(r["errors"] for r in results) else EXIT_OK
