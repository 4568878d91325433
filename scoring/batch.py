"""Vectorised severity scoring for cohorts, with the rules of `scoring.case` applied to
columns (each rule function there serves a value and a column alike).

Text columns (CSV) are read with Arrow kernels; columns of other Python values (JSON)
go through the one-case readers value by value. Messages come from the same functions
as in the one-case path, called only for the rows they concern, so a row of the batch
equals `score_case` of that row (tests/scoring/test_batch.py holds them equal).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scoring import abcd10, bounds, classification, scorten
from scoring.case import (
    cutoff_message,
    disagreement_message,
    given_in_either_unit,
    lab_value,
    points_range,
    record_issues,
    score_range,
    units_disagree,
    unknown_field_message,
)
from scoring.criteria import Criterion, is_on_cutoff, max_points
from scoring.fields import (
    DEFAULT_ASSESSMENT_DAY,
    DIRECT_INPUTS,
    FALSE_WORDS,
    FIELD_BY_NAME,
    FIELDS,
    LAB_PAIRS,
    NUMBER_PATTERN,
    PADDING,
    TRUE_WORDS,
    FieldError,
    is_blank,
    not_a_boolean_message,
    not_a_number_message,
    not_an_integer_message,
    not_finite_message,
    read_boolean,
    read_integer,
    read_number,
    read_text,
)
from scoring.models import contract_record

Issues = dict[int, list[tuple[str | None, str]]]


@dataclass
class Column:
    """One input field read for every row."""

    values: np.ndarray  # float64 (booleans as 0/1), NaN when not known or unreadable
    given: np.ndarray  # bool: the row holds a value (maybe an invalid one)
    errors: dict[int, str] = field(default_factory=dict)
    warnings: dict[int, str] = field(default_factory=dict)


def _is_text_array(raw: Any) -> bool:
    return isinstance(raw, pa.Array | pa.ChunkedArray) and pa.types.is_string(raw.type)


def _as_arrow_text(raw: Any) -> pa.Array | None:
    """Arrow text when every value is text or null, else None (element-wise path)."""
    if _is_text_array(raw):
        return raw
    if isinstance(raw, pa.Array | pa.ChunkedArray):
        raw = raw.to_pylist()
    if all(v is None or type(v) is str for v in raw):
        return pa.array(list(raw), type=pa.string())
    return None


def _raw_at(raw: Any, row: int) -> Any:
    value = raw[row]
    return value.as_py() if isinstance(value, pa.Scalar) else value


def _text_given(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    trimmed = pc.utf8_trim(text, PADDING)
    blank = pc.fill_null(pc.equal(trimmed, ""), True)
    return trimmed, ~np.asarray(blank, dtype=bool)


def _read_number_column(name: str, raw: Any, integer: bool) -> Column:
    text = _as_arrow_text(raw)
    if text is None:
        return _read_elementwise(name, raw, read_integer if integer else read_number)
    trimmed, given = _text_given(text)
    looks_numeric = pc.fill_null(pc.match_substring_regex(trimmed, f"^{NUMBER_PATTERN}$"), False)
    parsed = pc.cast(pc.if_else(looks_numeric, trimmed, pa.scalar(None, pa.string())), pa.float64())
    values = np.asarray(pc.fill_null(parsed, np.nan), dtype=np.float64).copy()
    numeric = np.asarray(looks_numeric, dtype=bool)
    column = Column(values=values, given=given)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(values)
        whole = finite & (values == np.floor(values))
    for row in np.flatnonzero(given & ~numeric):
        column.errors[int(row)] = (
            not_an_integer_message(name, _raw_at(text, int(row)))
            if integer
            else not_a_number_message(name, _raw_at(text, int(row)))
        )
    bad = (given & numeric & ~whole) if integer else (given & numeric & ~finite)
    for row in np.flatnonzero(bad):
        column.errors[int(row)] = (
            not_an_integer_message(name, _raw_at(text, int(row)))
            if integer
            else not_finite_message(name)
        )
    column.values[list(column.errors)] = np.nan
    return column


def _read_elementwise(name: str, raw: Any, reader: Any) -> Column:
    items = raw.to_pylist() if isinstance(raw, pa.Array | pa.ChunkedArray) else list(raw)
    values = np.full(len(items), np.nan)
    given = np.zeros(len(items), dtype=bool)
    column = Column(values=values, given=given)
    for row, item in enumerate(items):
        given[row] = not is_blank(item)
        try:
            value = reader(name, item)
        except FieldError as exc:
            column.errors[row] = str(exc)
            continue
        if value is not None:
            values[row] = float(value)
    return column


def read_boolean_column(name: str, raw: Any) -> Column:
    text = _as_arrow_text(raw)
    if text is None:
        return _read_elementwise(name, raw, read_boolean)
    trimmed, given = _text_given(text)
    word = pc.ascii_lower(trimmed)
    is_true = np.asarray(pc.fill_null(pc.is_in(word, pa.array(sorted(TRUE_WORDS))), False))
    is_false = np.asarray(pc.fill_null(pc.is_in(word, pa.array(sorted(FALSE_WORDS))), False))
    values = np.where(is_true, 1.0, np.where(is_false, 0.0, np.nan))
    column = Column(values=values, given=given)
    for row in np.flatnonzero(given & ~is_true & ~is_false):
        column.errors[int(row)] = not_a_boolean_message(name, _raw_at(text, int(row)))
    return column


def _read_ids(raw: Any, n: int) -> pa.Array:
    """Identifiers as Arrow text, an empty cell as null (as `read_text` does)."""
    if raw is None:
        return pa.nulls(n, type=pa.string())
    text = _as_arrow_text(raw)
    if text is not None:
        return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    items = raw.to_pylist() if isinstance(raw, pa.Array | pa.ChunkedArray) else list(raw)
    return pa.array([read_text(v) for v in items], type=pa.string())


def _check_bounds(name: str, column: Column, integer: bool) -> None:
    limits = bounds.BOUNDS[name]
    v = column.values
    as_read = int if integer else float  # the one-case path checks an int day (-0 -> 0)
    impossible = bounds.impossible(limits, v)
    suspicious = bounds.suspicious(limits, v)
    # One message per distinct value (issue 21: a million rows of age -5 were 2.4x slower
    # than valid rows, most of it writing the same message); the sign tells -0 from 0.
    errors: dict[tuple[float, float], str | None] = {}
    warnings: dict[tuple[float, float], str | None] = {}
    for row in np.flatnonzero(impossible).tolist():
        key = (v[row], math.copysign(1.0, v[row]))
        if key not in errors:
            errors[key] = bounds.error_message(limits, as_read(v[row]))
        column.errors[row] = errors[key]  # type: ignore[assignment]
    for row in np.flatnonzero(suspicious & ~impossible).tolist():
        key = (v[row], math.copysign(1.0, v[row]))
        if key not in warnings:
            warnings[key] = bounds.warning_message(limits, as_read(v[row]))
        column.warnings[row] = warnings[key]  # type: ignore[assignment]


def _add(issues: Issues, row: int, name: str | None, message: str) -> None:
    issues.setdefault(row, []).append((name, message))


@dataclass
class BatchResult:
    """Per-row results as columns; `to_contract()` gives the contract's objects."""

    n: int
    ids: pa.Array  # text or null
    assessment_day: np.ndarray  # float64, NaN = null
    classification: np.ndarray  # object: str or None
    scorten_score: np.ndarray  # float64, NaN = null
    scorten_min: np.ndarray
    scorten_max: np.ndarray
    scorten_missing: MissingPatterns
    scorten_logistic: np.ndarray
    scorten_observed: np.ndarray
    abcd10_score: np.ndarray
    abcd10_min: np.ndarray
    abcd10_max: np.ndarray
    abcd10_missing: MissingPatterns
    errors: Issues
    warnings: Issues

    @property
    def valid(self) -> np.ndarray:
        ok = np.ones(self.n, dtype=bool)
        ok[list(self.errors)] = False
        return ok

    def row(self, i: int) -> dict[str, Any]:
        return contract_record(
            id=self.ids[i].as_py(),
            assessment_day=_int_or_none(self.assessment_day[i]),
            classification=self.classification[i],
            scorten=(
                _int_or_none(self.scorten_score[i]),
                int(self.scorten_min[i]),
                int(self.scorten_max[i]),
                self.scorten_missing.at(i),
                _float_or_none(self.scorten_logistic[i]),
            ),
            scorten_observed=_float_or_none(self.scorten_observed[i]),
            abcd10=(
                _int_or_none(self.abcd10_score[i]),
                int(self.abcd10_min[i]),
                int(self.abcd10_max[i]),
                self.abcd10_missing.at(i),
                None,  # no verified ABCD-10 logistic (scoring.abcd10): always null
            ),
            errors=self.errors.get(i, ()),
            warnings=self.warnings.get(i, ()),
        )

    def to_contract(self) -> list[dict[str, Any]]:
        return [self.row(i) for i in range(self.n)]

    def to_flat_table(self) -> pa.Table:
        """Flattened columns for CSV (text columns are made spreadsheet-safe on write)."""

        def joined(issues: Issues) -> np.ndarray:
            cells = np.full(self.n, "", dtype=object)
            for row, items in issues.items():
                cells[row] = " | ".join(m for _, m in items)
            return cells

        def ints(a: np.ndarray) -> pa.Array:
            return pa.array(a, mask=np.isnan(a)).cast(pa.int64())

        def floats(a: np.ndarray) -> pa.Array:
            return pa.array(a, mask=np.isnan(a))

        return pa.table(
            {
                "id": self.ids,
                "assessment_day": ints(self.assessment_day),
                "classification": pa.array(self.classification, type=pa.string()),
                "scorten_score": ints(self.scorten_score),
                "scorten_min": ints(self.scorten_min),
                "scorten_max": ints(self.scorten_max),
                "scorten_missing": self.scorten_missing.joined(),
                "scorten_mortality_logistic": floats(self.scorten_logistic),
                "scorten_mortality_observed": floats(self.scorten_observed),
                "abcd10_score": ints(self.abcd10_score),
                "abcd10_min": ints(self.abcd10_min),
                "abcd10_max": ints(self.abcd10_max),
                "abcd10_missing": self.abcd10_missing.joined(),
                "errors": pa.array(joined(self.errors), type=pa.string()),
                "warnings": pa.array(joined(self.warnings), type=pa.string()),
            }
        )


def _int_or_none(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


def _float_or_none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


@dataclass(frozen=True)
class MissingPatterns:
    """Missing keys per row as a bit code into a small table (most rows share a pattern)."""

    code: np.ndarray  # int64 per row
    keys: tuple[str, ...]  # bit i = keys[i] missing

    def at(self, row: int) -> list[str]:
        code = int(self.code[row])
        return [key for bit, key in enumerate(self.keys) if code >> bit & 1]

    def joined(self) -> pa.Array:
        patterns, inverse = np.unique(self.code, return_inverse=True)
        texts = pa.array(
            [";".join(k for b, k in enumerate(self.keys) if int(p) >> b & 1) for p in patterns],
            type=pa.string(),
        )
        return texts.take(pa.array(inverse.reshape(-1)))


def _missing_patterns(
    criteria: tuple[Criterion, ...], given_by_key: dict[str, np.ndarray], n: int
) -> MissingPatterns:
    code = np.zeros(n, dtype=np.int64)
    for bit, c in enumerate(criteria):
        code |= (~given_by_key[c.key]).astype(np.int64) << bit
    return MissingPatterns(code, tuple(c.key for c in criteria))


@dataclass
class _Input:
    value: np.ndarray  # in the rule's unit
    input_value: np.ndarray  # as given
    field: str  # the field when given in the rule's unit
    alternate: str | None = None  # the other unit's field ...
    used_alternate: np.ndarray | None = None  # ... and the rows that gave it

    def field_at(self, row: int) -> str:
        if self.used_alternate is not None and self.used_alternate[row]:
            return self.alternate  # type: ignore[return-value]
        return self.field


def _points(
    criteria: tuple[Criterion, ...], inputs: dict[str, _Input], valid: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    low, unknown = points_range(criteria, {c.key: inputs[c.key].value for c in criteria})
    return score_range(low, unknown, valid, max_points(criteria))


def score_columns(
    columns: Mapping[str, Any],
    n: int,
    row_errors: Issues | None = None,
    row_warnings: Issues | None = None,
) -> BatchResult:
    """Score `n` rows given as columns (Arrow text arrays or sequences of Python values).

    `row_errors`/`row_warnings` carry record-level issues found while reading (not an
    object, duplicated or unknown fields); they come first, as in the one-case path.
    """
    errors: Issues = {k: list(v) for k, v in (row_errors or {}).items()}
    warnings: Issues = {k: list(v) for k, v in (row_warnings or {}).items()}
    read: dict[str, Column] = {}
    for spec in FIELDS:
        if spec.kind == "text":
            continue
        raw = columns.get(spec.name)
        if raw is None:
            read[spec.name] = Column(np.full(n, np.nan), np.zeros(n, dtype=bool))
            continue
        if spec.kind == "boolean":
            column = read_boolean_column(spec.name, raw)
        else:
            column = _read_number_column(spec.name, raw, integer=spec.kind == "integer")
            parse_failed = set(column.errors)
            _check_bounds(spec.name, column, integer=spec.kind == "integer")
            if spec.kind == "integer":
                column.values[list(column.errors)] = np.nan  # an invalid day is not echoed
            else:
                # A value out of bounds is kept for the unit-agreement check, as in case.py.
                column.values[list(parse_failed)] = np.nan
        read[spec.name] = column
    for spec in FIELDS:
        if spec.name not in read:
            continue
        col = read[spec.name]
        for row in sorted(set(col.errors) | set(col.warnings)):
            if row in col.errors:
                _add(errors, row, spec.name, col.errors[row])
            else:
                _add(warnings, row, spec.name, col.warnings[row])

    inputs: dict[str, _Input] = {}
    for name in DIRECT_INPUTS:
        v = read[name].values
        inputs[name] = _Input(v, v, name)
    for pair in LAB_PAIRS:
        canonical, alternate = read[pair.canonical].values, read[pair.alternate].values
        disagree = units_disagree(canonical, pair.to_canonical(alternate))
        for row in np.flatnonzero(disagree).tolist():
            message = disagreement_message(pair, float(canonical[row]), float(alternate[row]))
            _add(errors, row, pair.alternate, message)
        value, as_given, used_alternate = lab_value(pair, canonical, alternate)
        inputs[pair.canonical] = _Input(
            value=value,
            input_value=as_given,
            field=pair.canonical,
            alternate=pair.alternate,
            used_alternate=used_alternate,
        )

    valid = np.ones(n, dtype=bool)
    valid[list(errors)] = False
    for key, item in inputs.items():  # an invalid record scores nothing
        item.value = np.where(valid, item.value, np.nan)
        inputs[key] = item

    for criteria in (scorten.CRITERIA, abcd10.CRITERIA):
        for c in criteria:
            if not c.on_cutoff_note:
                continue
            item = inputs[c.key]
            with np.errstate(invalid="ignore"):
                hit = is_on_cutoff(c, item.value)
            for row in np.flatnonzero(hit).tolist():
                name = item.field_at(int(row))
                message = cutoff_message(c, name, float(item.input_value[row]))
                _add(warnings, int(row), name, message)

    given = {name: col.given for name, col in read.items()}
    given_by_key = {
        c.key: given_in_either_unit(c.key, given) for c in scorten.CRITERIA + abcd10.CRITERIA
    }

    s_score, s_min, s_max = _points(scorten.CRITERIA, inputs, valid)
    a_score, a_min, a_max = _points(abcd10.CRITERIA, inputs, valid)
    complete = ~np.isnan(s_score)
    index = np.where(complete, s_score, 0).astype(np.int64)
    logistic = np.where(complete, np.array(scorten.LOGISTIC_BY_SCORE)[index], np.nan)
    observed = np.where(complete, np.array(scorten.OBSERVED_BY_SCORE)[index], np.nan)

    day_col = read["assessment_day"]
    day = np.where(day_col.given, day_col.values, float(DEFAULT_ASSESSMENT_DAY))

    bsa = inputs["bsa_detached_pct"].value
    return BatchResult(
        n=n,
        ids=_read_ids(columns.get("id"), n),
        assessment_day=day,
        classification=classification.classify_array(bsa),
        scorten_score=s_score,
        scorten_min=s_min,
        scorten_max=s_max,
        scorten_missing=_missing_patterns(scorten.CRITERIA, given_by_key, n),
        scorten_logistic=logistic,
        scorten_observed=observed,
        abcd10_score=a_score,
        abcd10_min=a_min,
        abcd10_max=a_max,
        abcd10_missing=_missing_patterns(abcd10.CRITERIA, given_by_key, n),
        errors=errors,
        warnings=warnings,
    )


def score_records(
    records: Sequence[Any],
    also_known: frozenset[str] = frozenset(),
    unknown_seen: set[str] | None = None,
) -> BatchResult:
    """Score decoded records (dicts from JSON or CSV rows) as one batch.

    `also_known` names fields that belong to the caller (e.g. `died`): not warned about.
    With `unknown_seen` (the file's unknown fields so far, updated here), an unknown field
    is warned about on the first record that has it only: a file with 1,000 extra columns
    must not repeat 1,000 warnings on every row (issue 13).
    """
    n = len(records)
    row_errors: Issues = {}
    row_warnings: Issues = {}
    columns: dict[str, list[Any]] = {spec.name: [None] * n for spec in FIELDS}
    for row, record in enumerate(records):
        errors, warnings = record_issues(record, also_known, unknown_seen)
        if errors:
            row_errors[row] = errors
        if warnings:
            row_warnings[row] = warnings
        if isinstance(record, Mapping):
            for key, value in record.items():
                if str(key) in FIELD_BY_NAME:
                    columns[str(key)][row] = value
    return score_columns(columns, n, row_errors, row_warnings)


def score_table(
    table: pa.Table, also_known: frozenset[str] = frozenset(), first_of_file: bool = True
) -> BatchResult:
    """Score an Arrow table of text columns (a CSV read as text).

    Unknown columns are warned about once per file, on its first record (issue 13): only
    when `first_of_file` (this table starts the file) and it has a row.
    """
    n = table.num_rows
    unknown = [
        name for name in table.column_names if name not in FIELD_BY_NAME and name not in also_known
    ]
    row_warnings: Issues = {}
    if unknown and first_of_file and n:
        row_warnings = {0: [(name, unknown_field_message(name)) for name in unknown]}
    columns = {name: table.column(name) for name in table.column_names if name in FIELD_BY_NAME}
    return score_columns(columns, n, None, row_warnings)
