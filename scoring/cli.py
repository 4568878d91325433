"""`python -m scoring score|alden|validate` exactly as fixed in docs/cli-contract.md.

Exit status: 0 every record valid; 1 at least one record carried an error; 2 a usage
problem (unreadable file, unknown format, malformed JSON or CSV).
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv  # writing CSV

from scoring import batch, output, stream, tabular
from scoring import scores as registry
from scoring.cohort_validation import OUTCOME_FIELD
from scoring.tabular import safe_csv_table

EXIT_OK, EXIT_RECORD_ERRORS, EXIT_USAGE = 0, 1, 2
# A reader that stopped reading (`| head -1`) ends the run as SIGPIPE ends Unix tools: quietly,
# with the status a shell reports for a process killed by that signal (128 + 13).
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE
# `validate` lists the first 1,000 record errors in its report and counts the rest
# (`errors_not_listed`): a million bad rows took 1.67 GB and a 176 MB report when every
# error was kept (issue 21). `score` writes each record's errors with the record, chunk by
# chunk, so it holds one chunk's errors at a time.
MAX_LISTED_ERRORS = 1_000


def _output_format(out: str | None) -> str:
    if out is None:
        return "jsonl"
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in tabular.FORMATS:
        raise tabular.UsageError(
            f"{out}: unknown output format '.{suffix}' (use .csv, .jsonl, .json)"
        )
    return suffix


@dataclass
class Options:
    """How a batch is read: rows per chunk and whether to show progress on stderr."""

    chunk_rows: int = stream.DEFAULT_CHUNK_ROWS
    progress: TextIO | None = None


def score_chunks(
    path: str, stdin: TextIO, options: Options, extra_field: str | None = None
) -> Iterator[tuple[int, batch.BatchResult, Any]]:
    """(records before the chunk, scored chunk, raw `extra_field` values) for INPUT, chunk
    by chunk; unknown fields are warned about once per file (on their first record)."""
    fmt = tabular.input_format(path, "jsonl")
    known = frozenset({extra_field}) if extra_field else frozenset()
    if fmt == "csv" and path != "-":
        source = stream.open_csv(path)
        done = 0
        for table in stream.csv_chunks(source, options.chunk_rows):
            extra = table.column(extra_field) if extra_field in table.column_names else None
            yield done, batch.score_table(table, known, first_of_file=done == 0), extra
            done += table.num_rows
        return
    if fmt == "json":
        chunks: Iterator[tuple[int, list[Any]]] = iter([(0, stream.read_json_array(path, stdin))])
    else:
        chunks = stream.jsonl_chunks(path, stdin, options.chunk_rows)
    seen: set[str] = set()
    for done, records in chunks:
        extra = None
        if extra_field:
            extra = [r.get(extra_field) if isinstance(r, dict) else None for r in records]
        yield done, batch.score_records(records, known, unknown_seen=seen), extra


def _write_failed(out: str, exc: BaseException) -> tabular.UsageError:
    """A clear message for a failed write (a full disk, a quota, a vanished folder)."""
    found = re.search(r"\[errno (\d+)\]", str(exc))  # Arrow: "... [errno 28] No space ..."
    reason = os.strerror(int(found.group(1))) if found else None
    reason = reason or getattr(exc, "strerror", None) or str(exc)
    return tabular.UsageError(f"{out}: cannot write ({reason})")


def run_score(
    path: str, out: str | None, stdin: TextIO, stdout: TextIO, options: Options | None = None
) -> int:
    """Score INPUT chunk by chunk, writing each chunk before reading the next.

    The output goes to a temporary file beside OUTPUT, renamed over it when the run
    succeeded (scoring.output): a run stopped by a usage problem (an unreadable file, a
    malformed record further on) leaves an earlier OUTPUT untouched and no cut-short file.
    """
    options = options or Options()
    fmt = _output_format(out)
    output.refuse_same_file(path, out, stdin)
    any_errors = False
    progress = stream.Progress(options.progress)
    sink = _Sink(fmt, out, stdout)
    try:
        for _, result, _ in score_chunks(path, stdin, options):
            sink.write(result)
            any_errors |= bool(result.errors)
            progress.add(result.n)
        sink.close()
    except BaseException:
        sink.abandon()
        raise
    progress.finish()
    return EXIT_RECORD_ERRORS if any_errors else EXIT_OK


class _Sink:
    """The output of `score`: CSV (Arrow writer), JSONL or a JSON array, opened lazily."""

    def __init__(self, fmt: str, out: str | None, stdout: TextIO) -> None:
        self.fmt, self.out, self.stdout = fmt, out, stdout
        self.opened = False
        self.csv: pacsv.CSVWriter | None = None
        self.schema: pa.Schema | None = None
        self.handle: TextIO | None = None
        self.json: stream.JsonArrayWriter | None = None
        self.file: output.AtomicOutput | None = None  # None: standard output

    def _open(self, first: pa.Table | None) -> None:
        self.opened = True
        if self.out is not None:
            self.file = output.AtomicOutput(self.out)
        if self.fmt == "csv":
            assert first is not None and self.file is not None
            self.schema = first.schema  # every chunk is cast to the first one's types
            try:
                self.csv = pacsv.CSVWriter(self.file.path, self.schema)
            except (OSError, pa.ArrowInvalid) as exc:
                raise _write_failed(str(self.out), exc) from None
            return
        self.handle = self.file.open_text() if self.file is not None else self.stdout
        if self.fmt == "json":
            self.json = stream.JsonArrayWriter(self.handle)

    def write(self, result: batch.BatchResult) -> None:
        if self.fmt == "csv":
            table = safe_csv_table(result.to_flat_table())
            if not self.opened:
                self._open(table)
            try:
                self.csv.write_table(table.cast(self.schema))  # type: ignore[union-attr]
            except (OSError, pa.ArrowInvalid) as exc:
                raise _write_failed(str(self.out), exc) from None
            return
        if not self.opened:
            self._open(None)
        try:
            if self.json is not None:
                for row in stream.result_rows(result):
                    self.json.write(row)
            else:
                tabular.write_jsonl(stream.result_rows(result), self.handle)  # type: ignore[arg-type]
        except BrokenPipeError:
            raise
        except OSError as exc:
            if self.out is None:
                raise  # standard output: main() says "cannot write the output"
            raise _write_failed(self.out, exc) from None

    def close(self) -> None:
        if not self.opened and self.fmt != "csv":
            self._open(None)  # an empty input still gives an (empty) output
        try:
            if self.csv is not None:
                self.csv.close()
            if self.json is not None:
                self.json.close()
            if self.handle is not None and self.handle is not self.stdout:
                self.handle.close()
        except BrokenPipeError:
            raise
        except (OSError, pa.ArrowInvalid) as exc:
            if self.out is None:
                raise
            raise _write_failed(self.out, exc) from None
        self.csv = self.json = self.handle = None
        if self.file is not None:
            self.file.commit()

    def abandon(self) -> None:
        """Close quietly after a failure (the failure is what gets reported) and remove
        the temporary file: an earlier OUTPUT stays as it was."""
        for closer in (self.csv, self.handle if self.handle is not self.stdout else None):
            try:
                if closer is not None:
                    closer.close()
            except (OSError, pa.ArrowInvalid):
                pass
        if self.file is not None:
            self.file.discard()


def run_validate(
    path: str, out: str | None, stdin: TextIO, stdout: TextIO, options: Options | None = None
) -> int:
    options = options or Options()
    if out is not None and Path(out).suffix.lower() != ".json":
        raise tabular.UsageError(f"{out}: validate writes JSON (.json)")
    output.refuse_same_file(path, out, stdin)
    from scoring import cohort_validation

    counts = np.zeros((cohort_validation.N_SCORES, 2), dtype=np.int64)
    left_out = {"invalid": 0, "incomplete_scorten": 0, "unknown_outcome": 0}
    errors: list[dict[str, Any]] = []
    not_listed = 0
    n = 0
    progress = stream.Progress(options.progress)
    for done, result, died_raw in score_chunks(path, stdin, options, extra_field=OUTCOME_FIELD):
        died = (
            batch.read_boolean_column(OUTCOME_FIELD, died_raw)
            if died_raw is not None
            else batch.Column(
                values=np.full(result.n, np.nan), given=np.zeros(result.n, dtype=bool)
            )
        )
        cohort, chunk_left_out = cohort_validation.select_scored(result, died)
        counts += cohort_validation.cell_counts(cohort)
        for key, value in chunk_left_out.items():
            left_out[key] += value
        listed, count = _record_errors(result, died, done, MAX_LISTED_ERRORS - len(errors))
        errors.extend(listed)
        not_listed += count - len(listed)
        n += result.n
        progress.add(result.n)
    progress.finish()
    report: dict[str, Any] = {"n": n, "n_scored": int(counts.sum())}
    try:
        figures = cohort_validation.figures_from_counts(counts)
        warnings = figures.pop("warnings")
        figures.pop("warning_texts")  # the screen's; the report carries the English
        report.update(figures)
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
        report["deaths"] = int(counts[:, 1].sum())
        errors.insert(0, {"record": None, "id": None, "field": OUTCOME_FIELD, "message": str(exc)})
        warnings = []
        failed = True
    report["left_out"] = left_out
    report["errors"] = errors
    if not_listed:  # only then, so that a report with few errors keeps its exact shape
        report["errors_not_listed"] = not_listed
    # About the recalibration (no estimate, or too few events to trust it): not record
    # errors, so they do not change the exit status.
    report["warnings"] = [{"field": "recalibrated", "message": m} for m in warnings]
    output.write_json(report, out, stdout)
    return EXIT_RECORD_ERRORS if failed or errors else EXIT_OK


def _record_errors(
    result: batch.BatchResult, died: batch.Column, first_record: int, room: int
) -> tuple[list[dict[str, Any]], int]:
    """At most `room` of the chunk's record errors, in record order, and how many it has."""
    count = sum(map(len, result.errors.values())) + len(died.errors)
    listed: list[dict[str, Any]] = []
    if room <= 0:
        return listed, count
    for row in sorted(set(result.errors) | set(died.errors)):
        issues = list(result.errors.get(row, ()))
        if row in died.errors:
            issues.append(died.issues[row])
        for field, message, _text in issues:
            if len(listed) == room:
                return listed, count
            listed.append(
                {
                    "record": first_record + row + 1,
                    "id": result.ids[row].as_py(),
                    "field": field,
                    "message": message,
                }
            )
    return listed, count


def run_alden(path: str, out: str | None, stdin: TextIO, stdout: TextIO) -> int:
    from scoring import alden_io  # only for `alden`: `score` and `validate` skip the drug engine

    return alden_io.run_or_raise(path, out, stdin, stdout)


# `alden` takes no batch options; it is dispatched before this table is read.
COMMANDS: dict[str, Callable[..., int]] = {
    "score": run_score,
    "alden": run_alden,
    "validate": run_validate,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scoring",
        description="SJS/TEN decision-support engine: severity, drug causality, validation.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    helps = {
        "score": f"{', '.join(s.name for s in registry.SCORES)} and extent per case "
        "(CSV, JSONL or JSON in; JSONL or CSV out)",
        "alden": "ALDEN drug causality per case (JSON in, JSON out)",
        "validate": "SCORTEN performance on a cohort with outcomes (JSON out)",
    }
    for name, text in helps.items():
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument("input", help="input file (.csv, .jsonl, .json) or - for stdin")
        command.add_argument("--out", help="output file (default: standard output)")
        if name == "alden":
            continue
        command.add_argument(
            "--chunk-rows",
            type=_positive_int,
            default=stream.DEFAULT_CHUNK_ROWS,
            metavar="N",
            help="records read, scored and written at a time (default "
            f"{stream.DEFAULT_CHUNK_ROWS:,}); memory grows with N, not with the file",
        )
        command.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="a progress line on standard error (rows done, rows/s) for runs over a few "
            "seconds; default: on only when standard output and standard error are terminals",
        )
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _is_terminal(stream_: TextIO) -> bool:
    try:
        return stream_.isatty()
    except (AttributeError, ValueError):
        return False


def _options(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> Options:
    show = args.progress
    if show is None:
        show = _is_terminal(stdout) and _is_terminal(stderr)
    return Options(chunk_rows=args.chunk_rows, progress=stderr if show else None)


def _silence_stdout(stdout: TextIO) -> None:
    """After a closed pipe, point the real stdout at /dev/null so that Python's own flush at
    exit does not print a second BrokenPipeError (the Python documentation's recipe)."""
    if stdout is not sys.stdout:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None, stdin: TextIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:  # fmt: skip
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    try:
        if args.command == "alden":
            code = run_alden(args.input, args.out, stdin, stdout)
        else:
            options = _options(args, stdout, stderr)
            code = COMMANDS[args.command](args.input, args.out, stdin, stdout, options)
        stdout.flush()  # a closed pipe or a full disk shows here, not at exit
        return code
    except BrokenPipeError:
        _silence_stdout(stdout)
        return EXIT_BROKEN_PIPE
    except tabular.UsageError as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    except OSError as exc:  # writing standard output failed: a full disk, a quota...
        if exc.errno == errno.EPIPE:
            _silence_stdout(stdout)
            return EXIT_BROKEN_PIPE
        reason = exc.strerror or str(exc)
        stderr.write(f"error: cannot write the output ({reason})\n")
        return EXIT_USAGE
    except Exception as exc:  # never a traceback for a user: say what failed, exit non-zero
        stderr.write(f"error: internal error ({type(exc).__name__}: {exc}); please report it\n")
        return EXIT_USAGE
