"""`python -m scoring score|alden|validate` exactly as fixed in shared/contract.md.

Exit status: 0 every record valid; 1 at least one record carried an error; 2 a usage
problem (unreadable file, unknown format, malformed JSON or CSV).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv  # writing CSV

from scoring import batch
from scoring import io as sio

EXIT_OK, EXIT_RECORD_ERRORS, EXIT_USAGE = 0, 1, 2
OUTCOME_FIELD = "died"


def read_csv_table(path: str) -> pa.Table:
    """A CSV file as text columns; only an empty cell means "not known"."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = sio.csv_header(handle)
    except UnicodeDecodeError:
        raise sio.UsageError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise sio.UsageError(f"{path}: cannot read ({exc.strerror})") from None
    except ValueError as exc:
        raise sio.UsageError(f"{path}: malformed CSV ({exc})") from None
    if not header:
        raise sio.UsageError(f"{path}: malformed CSV (no header line)")
    duplicated = sio.duplicated_column(header)
    if duplicated:
        raise sio.UsageError(f"{path}: malformed CSV (column given twice: {duplicated})")
    try:
        return sio.read_text_columns(path, header)
    except (pa.ArrowInvalid, OSError) as exc:
        raise sio.UsageError(f"{path}: malformed CSV ({exc})") from None


def _neutralise(column: pa.Array) -> pa.Array:
    risky = pc.fill_null(pc.match_substring_regex(column, r"^[=+\-@\t\r]"), False)
    return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)


def safe_csv_table(table: pa.Table) -> pa.Table:
    """Every text cell that a spreadsheet would run as a formula gets a leading quote."""
    for i, name in enumerate(table.column_names):
        if pa.types.is_string(table.schema.field(i).type):
            table = table.set_column(i, name, _neutralise(table.column(name)))
    return table


def _output_format(out: str | None) -> str:
    if out is None:
        return "jsonl"
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in sio.FORMATS:
        raise sio.UsageError(f"{out}: unknown output format '.{suffix}' (use .csv, .jsonl, .json)")
    return suffix


def _open_out(out: str | None, stdout: TextIO) -> TextIO:
    if out is None:
        return stdout
    try:
        return open(out, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise sio.UsageError(f"{out}: cannot write ({exc.strerror})") from None


def score_input(path: str, stdin: TextIO, extra_field: str | None = None) -> tuple[Any, Any]:
    """Score every record of INPUT; also return the raw values of `extra_field` (`died`)."""
    fmt = sio.input_format(path, "jsonl")
    known = frozenset({extra_field}) if extra_field else frozenset()
    if fmt == "csv" and path != "-":
        table = read_csv_table(path)
        extra = table.column(extra_field) if extra_field in table.column_names else None
        return batch.score_table(table, known), extra
    records = sio.read_records(path, "jsonl", stdin)
    extra = None
    if extra_field:
        extra = [r.get(extra_field) if isinstance(r, dict) else None for r in records]
    return batch.score_records(records, known), extra


def run_score(path: str, out: str | None, stdin: TextIO, stdout: TextIO) -> int:
    fmt = _output_format(out)
    result, _ = score_input(path, stdin)
    if fmt == "csv":
        try:
            pacsv.write_csv(safe_csv_table(result.to_flat_table()), out)
        except (OSError, pa.ArrowInvalid) as exc:
            raise sio.UsageError(f"{out}: cannot write ({exc})") from None
    else:
        handle = _open_out(out, stdout)
        try:
            if fmt == "json":
                sio.write_json(result.to_contract(), handle)
            else:
                sio.write_jsonl((result.row(i) for i in range(result.n)), handle)
        finally:
            if handle is not stdout:
                handle.close()
    return EXIT_RECORD_ERRORS if result.errors else EXIT_OK


def run_validate(path: str, out: str | None, stdin: TextIO, stdout: TextIO) -> int:
    if out is not None and Path(out).suffix.lower() != ".json":
        raise sio.UsageError(f"{out}: validate writes JSON (.json)")
    result, died_raw = score_input(path, stdin, extra_field=OUTCOME_FIELD)
    died = (
        batch.read_boolean_column(OUTCOME_FIELD, died_raw)
        if died_raw is not None
        else batch.Column(values=np.full(result.n, np.nan), given=np.zeros(result.n, dtype=bool))
    )
    from scoring import validate as cohort_validation  # scikit-learn: only when validating

    cohort, left_out = cohort_validation.select_scored(result, died)
    errors = _record_errors(result, died)
    report: dict[str, Any] = {"n": result.n, "n_scored": int(cohort.died.size)}
    try:
        report.update(cohort_validation.figures(cohort))
        failed = False
    except ValueError as exc:
        report.update(
            dict.fromkeys(
                (
                    "deaths",
                    "observed_mortality",
                    "expected_mortality",
                    "o_e_ratio",
                    "auroc",
                    "brier",
                    "by_score",
                    "recalibrated",
                ),
                None,
            )
        )
        report["deaths"] = int(cohort.died.sum())
        errors.insert(0, {"record": None, "id": None, "field": OUTCOME_FIELD, "message": str(exc)})
        failed = True
    report["left_out"] = left_out
    report["errors"] = errors
    handle = _open_out(out, stdout)
    try:
        sio.write_json(report, handle)
    finally:
        if handle is not stdout:
            handle.close()
    return EXIT_RECORD_ERRORS if failed or errors else EXIT_OK


def _record_errors(result: batch.BatchResult, died: batch.Column) -> list[dict[str, Any]]:
    rows = sorted(set(result.errors) | set(died.errors))
    listed = []
    for row in rows:
        issues = list(result.errors.get(row, ()))
        if row in died.errors:
            issues.append((OUTCOME_FIELD, died.errors[row]))
        for field, message in issues:
            listed.append(
                {
                    "record": row + 1,
                    "id": result.ids[row].as_py(),
                    "field": field,
                    "message": message,
                }
            )
    return listed


def run_alden(path: str, out: str | None, stdin: TextIO, stdout: TextIO) -> int:
    from scoring import alden_io  # the culprit-drug engine is optional at import time

    return alden_io.run_or_raise(path, out, stdin, stdout)


COMMANDS = {"score": run_score, "alden": run_alden, "validate": run_validate}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scoring",
        description="SJS/TEN decision-support engine: severity, drug causality, validation.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    helps = {
        "score": "SCORTEN, ABCD-10 and extent per case (CSV, JSONL or JSON in; JSONL or CSV out)",
        "alden": "ALDEN drug causality per case (JSON in, JSON out)",
        "validate": "SCORTEN performance on a cohort with outcomes (JSON out)",
    }
    for name, text in helps.items():
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument("input", help="input file (.csv, .jsonl, .json) or - for stdin")
        command.add_argument("--out", help="output file (default: standard output)")
    return parser


def main(argv: list[str] | None = None, stdin: TextIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:  # fmt: skip
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    try:
        return COMMANDS[args.command](args.input, args.out, stdin, stdout)
    except sio.UsageError as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    except Exception as exc:  # never a traceback for a user: say what failed, exit non-zero
        stderr.write(f"error: internal error ({type(exc).__name__}: {exc}); please report it\n")
        return EXIT_USAGE
