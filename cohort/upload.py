"""An uploaded cohort file (bytes) -> scored cohort, row report and safe CSV download.

The Cohort page's twin of `python -m scoring validate`: the same batch scorer, the same
selection of scored records (`scoring.cohort_validation.select_scored`) and the same outcome field.
A file that cannot be read as a whole raises `UploadError` and yields nothing: the caller
keeps no partial state. A bad *row* never stops the file; it is listed with its reason.
"""

from __future__ import annotations

import csv
import ctypes
import ctypes.util
import functools
import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from knowledge.i18n import Lang, Text
from scoring import batch, stream
from scoring import tabular as sio
from scoring.cohort_validation import OUTCOME_FIELD, CohortArrays, select_scored
from scoring.fields import FIELD_BY_NAME, field_text
from scoring.screen_labels import with_key
from scoring.tabular import safe_csv_table
from scoring.words import joined

# 5 MB: a cohort of MAX_ROWS rows with the contract's 13 columns takes about 1.5 MB (about
# 75 bytes a row); the margin allows long ids and extra columns, and anything bigger is
# not a unit's cohort file. Checked before parsing so a huge file costs nothing.
# Streamlit's file_uploader takes its limit in whole megabytes and the browser counts a
# megabyte as 1,000,000 bytes: one constant, in MB, feeds the widget, this check and
# `server.maxUploadSize` (.streamlit/config.toml; tests/ui/test_config.py holds them equal).
MAX_UPLOAD_MB = 5
BYTES_PER_MB = 1_000_000
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * BYTES_PER_MB
# 20,000 rows: SCORTEN validation cohorts hold tens to a few hundred patients each (a
# 64-study meta-analysis: Torres-Navarro 2020, doi:10.1111/jdv.16137), so this is
# far above any real unit or registry extract while keeping the page responsive.
MAX_ROWS = 20_000
# The command line's column cap (scoring.stream.MAX_COLUMNS): a 600,000-column header took
# 8 s and 300 MB before a raw message (issue 21).
MAX_COLUMNS = stream.MAX_COLUMNS
# Lines, empty ones included: five per row allows blank lines and cells with line breaks,
# while 4.9 MB of blank lines (five million of them) is refused before any parsing.
MAX_LINES = 5 * MAX_ROWS

STATUS_SCORED = "scored"
# Why a row is left out: the download's `left_out_reason` (data for other programs, so in
# English whatever the screen's language), and the same reason for the screen.
REASON_INVALID = "invalid value"
REASON_INCOMPLETE = "incomplete SCORTEN"
REASON_UNKNOWN_OUTCOME = "outcome (died) not known"
REASON_RAGGED = "wrong number of cells"
REASON_TEXTS: dict[str, Text] = {
    REASON_INVALID: Text("upload.reason_invalid"),
    REASON_INCOMPLETE: Text("upload.reason_incomplete"),
    REASON_UNKNOWN_OUTCOME: Text("upload.reason_unknown_outcome"),
    REASON_RAGGED: Text("upload.reason_ragged"),
}
# How the row report counts (said on the page, "cohort.row_counting_note"): `row` is the
# data record's number (the header is not a row, as `validate` counts); `line` is the
# spreadsheet line, the header being line 1. A cell with a line break inside quotes stays
# one spreadsheet line.
HEADER_LINE = 1


def _english(text: Text) -> str:
    return text.render("en")


class UploadError(ValueError):
    """The file as a whole cannot be used (too big, not CSV, no outcome column...):
    `str(exc)` in English, `text` the same message for the screen in any language."""

    def __init__(self, text: Text) -> None:
        super().__init__(_english(text))
        self.text = text


def _t(kind: str, **params: Any) -> Text:
    return Text(f"upload.{kind}", params)


def too_big_text(size: int) -> Text:
    return _t("too_big", size=size / BYTES_PER_MB, limit=MAX_UPLOAD_MB)


def too_many_columns_text(columns: int) -> Text:
    return _t("too_many_columns", columns=columns, limit=MAX_COLUMNS)


def too_many_lines_text(lines: int) -> Text:
    return _t("too_many_lines", lines=lines, limit=MAX_LINES, rows=MAX_ROWS)


def too_many_rows_text(rows: int) -> Text:
    return _t("too_many_rows", rows=rows, limit=MAX_ROWS)


def unclosed_quote_text(line: int) -> Text:
    return _t("unclosed_quote", line=line)


NOT_UTF8_TEXT = _t("not_utf8")
UTF16_TEXT = _t("utf16")
NO_ROWS_TEXT = _t("no_rows")
# The English of the three, as `str(UploadError)` gives them.
NOT_UTF8_MESSAGE = _english(NOT_UTF8_TEXT)
UTF16_MESSAGE = _english(UTF16_TEXT)
NO_ROWS_MESSAGE = _english(NO_ROWS_TEXT)


@dataclass(frozen=True)
class Records:
    """Where each data record sits in the file, and which records are ragged."""

    text: str  # what Arrow reads: ragged records blanked so they cannot stop the file
    lines: list[int] | None  # spreadsheet line of each data record; None if unsure
    ragged: dict[int, Text] = field(default_factory=dict)  # record index -> detail


def _scan_records(text: str, header: list[str]) -> Records:
    """Find ragged records (a cell count other than the header's) and each record's line.

    A ragged record's cells cannot be trusted (one missing comma shifts every later
    value), so the record is blanked and reported, and the rest of the file is scored.
    Only its id is kept when `id` is the first column (nothing can shift before it).
    """
    records = _strict_records(text)
    if records is None:  # the csv module's strict mode refused the file (a stray quote)
        try:
            records = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error:
            return Records(text=text, lines=None)  # Arrow will say what is wrong
    lines: list[int] = []
    kept: list[list[str]] = []
    ragged: dict[int, Text] = {}
    width = len(header)
    keep_id = header[0] == "id"
    for line, record in enumerate(records[1:], start=HEADER_LINE + 1):
        if not record:  # an empty line: Arrow skips it, a spreadsheet still counts it
            continue
        if len(record) != width:
            ragged[len(kept)] = _t("detail_ragged", line=line, cells=len(record), width=width)
            record = [record[0] if keep_id else "", *([""] * (width - 1))]
        lines.append(line)
        kept.append(record)
    if not ragged:
        return Records(text=text, lines=lines)
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(kept)
    return Records(text=out.getvalue(), lines=lines, ragged=ragged)


def _strict_records(text: str) -> list[list[str]] | None:
    """The records, read strictly; UploadError for a quote never closed (the rest of the
    file would become one cell); None for another quoting fault, left to the lenient
    reading (a quote inside an unquoted cell, like `5"`, is read as given)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    start = 1
    try:
        for record in reader:
            records.append(record)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise UploadError(unclosed_quote_text(start)) from None
        return None
    return records


def read_csv_bytes(data: bytes) -> pa.Table:
    """CSV bytes as text columns; only an empty cell means "not known"."""
    return read_records(data)[0]


def read_records(data: bytes) -> tuple[pa.Table, Records]:
    """CSV bytes as text columns, and where each record sits; only an empty cell means
    "not known". Same reading rules as `python -m scoring` (scoring.tabular.read_text_columns),
    except that a ragged row is reported instead of refusing the whole file.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(too_big_text(len(data)))
    if b"\x00" in data:
        raise UploadError(UTF16_TEXT)
    lines = max(data.count(b"\n"), data.count(b"\r"))
    if lines > MAX_LINES:
        raise UploadError(too_many_lines_text(lines))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(NOT_UTF8_TEXT) from None
    try:
        header = sio.csv_header(io.StringIO(text, newline=""))
    except ValueError as exc:
        raise UploadError(_t("malformed", detail=str(exc))) from None
    if not any(name.strip() for name in header):
        raise UploadError(_t("no_header"))
    if len(header) > MAX_COLUMNS:
        raise UploadError(too_many_columns_text(len(header)))
    duplicated = sio.duplicated_column(header)
    if duplicated:
        raise UploadError(_t("duplicated_column", column=duplicated))
    if OUTCOME_FIELD not in header:
        raise UploadError(_t("no_outcome_column", field=OUTCOME_FIELD))
    records = _scan_records(text, header)
    # The CLI's reader and conversion; the whole file (at most 5 MB) in one Arrow block, so
    # that no record (one 4 MB cell) can straddle two blocks. A last line without its line
    # break (a header alone) is completed: Arrow reads it as an empty block otherwise.
    body = records.text.encode("utf-8")
    if not body.endswith((b"\n", b"\r")):
        body += b"\n"
    try:
        table = sio.read_text_columns(io.BytesIO(body), header, block_size=len(body) + 1)
    except (pa.ArrowInvalid, OSError) as exc:
        raise UploadError(_t("malformed", detail=str(exc))) from None
    finally:
        del body
    if table.num_rows > MAX_ROWS:
        raise UploadError(too_many_rows_text(table.num_rows))
    if table.num_rows == 0:
        raise UploadError(NO_ROWS_TEXT)
    if records.lines is not None and len(records.lines) != table.num_rows:
        # The csv module and Arrow split this file differently: no line numbers rather
        # than wrong ones (ragged rows were only blanked if the two agreed on the rest).
        records = Records(text=records.text, lines=None, ragged=records.ragged)
    return table, records


@dataclass(frozen=True)
class RowReport:
    """One row that was left out of the figures, and why."""

    row: int  # 1-based record number, as `validate` reports it (the header is not a row)
    id: str | None
    reason: str  # REASON_*: the download's words, in English
    detail: str  # in English, each field by its key, as `validate` words it
    line: int | None = None  # spreadsheet line, the header being line 1 (HEADER_LINE)
    # The detail for the screen, sentence by sentence: each `Text` names its fields as the
    # screen does, in any language (shared between rows with the same message).
    texts: tuple[Text, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class ScoredUpload:
    n: int
    result: batch.BatchResult
    died: batch.Column
    died_text: list[str]  # the outcome cells as given (for the download)
    cohort: CohortArrays
    left_out: dict[str, int]
    ignored_columns: list[str]  # columns that are neither contract fields nor `died`
    report: list[RowReport]
    lines: list[int] | None = None  # spreadsheet line of each record (None if unknown)

    @property
    def warnings(self) -> int:
        """Rows carrying at least one warning (scored all the same)."""
        return len(self.result.warnings)

    def line(self, row_index: int) -> int | None:
        return self.lines[row_index] if self.lines is not None else None


def _row_reports(
    result: batch.BatchResult,
    died: batch.Column,
    ragged: dict[int, Text],
    lines: list[int] | None,
) -> list[RowReport]:
    """Rows left out of the figures: a ragged row first, then the precedence of
    `select_scored` (invalid, incomplete SCORTEN, outcome not known)."""
    invalid = ~result.valid
    invalid[list(died.errors)] = True
    incomplete = np.isnan(result.scores["scorten"].value)
    unknown = np.isnan(died.values)
    reports = []
    is_ragged = np.zeros(result.n, dtype=bool)
    is_ragged[list(ragged)] = True
    missing_texts: dict[tuple[str, ...], Text] = {}  # one Text per set of missing fields
    outcome_empty = _t("detail_outcome_empty", field=OUTCOME_FIELD)
    for row in np.flatnonzero(is_ragged | invalid | incomplete | unknown).tolist():
        contract = result.row(row)  # the public per-row view: id, missing, errors
        texts: tuple[Text, ...]
        if row in ragged:
            reason, texts = REASON_RAGGED, (ragged[row],)
            detail = _english(ragged[row])
        elif invalid[row]:
            issues = [
                *result.errors.get(row, ()),
                *([died.issues[row]] if row in died.errors else []),
            ]
            reason, texts = REASON_INVALID, tuple(issue.text for issue in issues)
            detail = " ".join(issue.message for issue in issues)
        elif incomplete[row]:
            missing = tuple(contract["scorten"]["missing"])
            if missing not in missing_texts:
                fields = joined([field_text(name) for name in missing], key="upload.list")
                missing_texts[missing] = _t("detail_missing", fields=fields)
            reason, texts = REASON_INCOMPLETE, (missing_texts[missing],)
            detail = f"missing: {', '.join(missing)}."
        else:
            reason, texts = REASON_UNKNOWN_OUTCOME, (outcome_empty,)
            detail = _english(outcome_empty)
        line = lines[row] if lines is not None else None
        reports.append(
            RowReport(
                row=row + 1,
                id=contract["id"],
                reason=reason,
                detail=detail,
                line=line,
                texts=texts,
            )
        )
    return reports


def _left_out(
    left_out: dict[str, int], result: batch.BatchResult, died: batch.Column, ragged: list[int]
) -> dict[str, int]:
    """`select_scored` counted each blanked ragged row under some reason (the same
    precedence: invalid, incomplete, unknown outcome): count it as ragged instead."""
    if not ragged:
        return left_out
    counts = dict(left_out)
    for row in ragged:
        if not result.valid[row] or row in died.errors:
            counts["invalid"] -= 1
        elif np.isnan(result.scores["scorten"].value[row]):
            counts["incomplete_scorten"] -= 1
        else:
            counts["unknown_outcome"] -= 1
    counts["ragged"] = len(ragged)
    return counts


def release_memory() -> None:
    """Give back to the system what scoring an upload used and no longer needs.

    Arrow's allocator (mimalloc) and glibc's malloc keep freed memory for reuse, so that
    40 uploads in one session raised the server from 342 to 497 MB, still held after
    "Clear cohort" (issue 21; bench/hostile_memory.py measures it). Both are asked to
    return their free pages; malloc_trim exists only with glibc, and is skipped elsewhere.
    """
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Any:
    """glibc's malloc_trim, or None (loaded once: finding the C library runs ldconfig)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def score_upload(data: bytes) -> ScoredUpload:
    """Score every row of an uploaded cohort; UploadError if the file cannot be used.
    The memory used on the way is released when done (`release_memory`)."""
    try:
        return _score_upload(data)
    finally:
        release_memory()


def _score_upload(data: bytes) -> ScoredUpload:
    table, records = read_records(data)
    ignored = [c for c in table.column_names if c not in FIELD_BY_NAME and c != OUTCOME_FIELD]
    # Extra columns are named once for the file, not repeated as a warning on every row.
    result = batch.score_table(table, also_known=frozenset({OUTCOME_FIELD, *ignored}))
    died_raw = table.column(OUTCOME_FIELD)
    died = batch.read_boolean_column(OUTCOME_FIELD, died_raw)
    cohort, left_out = select_scored(result, died)
    report = _row_reports(result, died, records.ragged, records.lines)
    return ScoredUpload(
        n=result.n,
        result=result,
        died=died,
        died_text=died_raw.to_pylist(),
        cohort=cohort,
        left_out=_left_out(left_out, result, died, sorted(records.ragged)),
        ignored_columns=ignored,
        report=report,
        lines=records.lines,
    )


class _OnScreen:
    """Texts in one language, each field named by its label and its key ("Age (age_years)",
    "나이 (age_years)": the user sees the key as a column of the file), each distinct Text
    rendered once (rows share their messages' Texts)."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.done: dict[int, str] = {}

    def __call__(self, text: Text) -> str:
        shown = self.done.get(id(text))
        if shown is None:
            shown = self.done[id(text)] = with_key(text).render(self.lang)
        return shown


def report_rows(upload: ScoredUpload, *, lang: Lang | None = None) -> list[dict[str, Any]]:
    """The row report as table rows: in `lang` as the screen words it (each field by its
    label and key); without a language, in English as `validate` words it (fields by key)."""
    if lang is None:
        return [
            {"row": r.row, "line": r.line, "id": r.id, "reason": r.reason, "detail": r.detail}
            for r in upload.report
        ]
    shown = _OnScreen(lang)
    return [
        {
            "row": r.row,
            "line": r.line,
            "id": r.id,
            "reason": shown(REASON_TEXTS[r.reason]),
            "detail": " ".join(shown(text) for text in r.texts),
        }
        for r in upload.report
    ]


def warning_rows(upload: ScoredUpload, *, lang: Lang | None = None) -> list[dict[str, Any]]:
    """Scored rows that carry a warning, one line per warning (shown on the page): in
    `lang` as the screen words it (each field by its label and key); without a language,
    in English as `validate` words it. `field` is the column's key either way."""
    shown = _OnScreen(lang) if lang is not None else None
    return [
        {
            "row": row + 1,
            "line": upload.line(row),
            "id": upload.result.row(row)["id"],
            "field": name,
            "warning": shown(text) if shown is not None else message,
        }
        for row in sorted(upload.result.warnings)
        for name, message, text in upload.result.warnings[row]
    ]


def scored_csv(upload: ScoredUpload) -> bytes:
    """The scored cohort as CSV: flattened results, the outcome as given, and whether and
    why each row is in the figures. Text cells are neutralised against formula injection."""
    reasons = {r.row - 1: r.reason for r in upload.report}
    table = upload.result.to_flat_table()
    table = table.append_column(OUTCOME_FIELD, pa.array(upload.died_text, type=pa.string()))
    table = table.append_column(
        "in_validation", pa.array([i not in reasons for i in range(upload.n)], type=pa.bool_())
    )
    table = table.append_column(
        "left_out_reason",
        pa.array([reasons.get(i, "") for i in range(upload.n)], type=pa.string()),
    )
    sink = io.BytesIO()
    pacsv.write_csv(safe_csv_table(table), sink)
    del table
    release_memory()
    return sink.getvalue()
