"""Severity scoring of rows given as columns: the one path every case takes.

A cohort, a CLI chunk and a single case (`scoring.case.score_case`, a one-row batch)
are scored here. Each rule is written once and works on a value or a column: the
comparisons and on-cut-off test (scoring.criteria), extent (scoring.classification),
points and range (`points_range`, `score_range`), unit choice and agreement
(`lab_value`, `units_disagree`), missing inputs (`given_in_either_unit`), the bound
checks (scoring.bounds), the record checks (`record_issues`) and the contract object
(scoring.models.contract_record). Every score of the registry (scoring.scores) is
evaluated the same way.

Text columns (CSV) are read with Arrow kernels; columns of other Python values (JSON)
go through the field readers value by value. Messages are built only for the rows they
concern, once per distinct value. Each issue carries the CLI's English (`message`) and the
same message as data for the screen (`text`, knowledge.i18n.Text; engine.yaml).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from knowledge.i18n import Text
from scoring import bounds, classification
from scoring import scores as registry
from scoring.criteria import Criterion, PointsScore, is_met, is_on_cutoff, max_points
from scoring.fields import (
    CANONICAL_PAIR,
    DEFAULT_ASSESSMENT_DAY,
    FALSE_WORDS,
    FIELD_BY_NAME,
    FIELDS,
    LAB_PAIRS,
    NUMBER_PATTERN,
    PADDING,
    TRUE_WORDS,
    FieldError,
    LabPair,
    field_text,
    is_blank,
    is_identifier,
    not_a_boolean_message,
    not_a_boolean_text,
    not_a_number_message,
    not_a_number_text,
    not_an_identifier_message,
    not_an_identifier_text,
    not_an_integer_message,
    not_an_integer_text,
    not_finite_message,
    not_finite_text,
    quantity_text,
    read_boolean,
    read_integer,
    read_number,
    read_text,
)
from scoring.models import ScoreFigures, contract_record
from scoring.tabular import invalid_text_message, invalid_text_text
from scoring.words import english

# docs/cli-contract.md: both unit forms of one analyte only when they agree within 5 %,
# measured on the mmol/L values (relative to the larger of the two).
UNIT_AGREEMENT_RELATIVE = 0.05


class RowIssue(NamedTuple):
    """An error or a warning of one row: the field (None: the record as a whole), the CLI's
    English and the same message for the screen."""

    field: str | None
    message: str
    text: Text


def _issue(field: str | None, kind: str, **params: Any) -> RowIssue:
    """A record check's issue (engine.yaml `engine.record.<kind>`): the CLI names the field
    by its key, the screen as the screen does."""
    on_screen = {"field": field_text(field)} if field is not None else {}
    cli = {"field": field} if field is not None else {}
    return RowIssue(
        field,
        english(Text(f"engine.record.{kind}", {**params, **cli})),
        Text(f"engine.record.{kind}", {**params, **on_screen}),
    )


def _disagreement(pair: LabPair, canonical: float, alternate: float) -> RowIssue:
    converted = pair.to_canonical(alternate)
    params = {
        "alternate_value": quantity_text(f"{alternate:g}", FIELD_BY_NAME[pair.alternate].unit),
        "converted": f"{converted:.4g}",
        "canonical_value": quantity_text(f"{canonical:g}", FIELD_BY_NAME[pair.canonical].unit),
        "share": f"{UNIT_AGREEMENT_RELATIVE:.0%}",
    }
    key = "engine.record.units_disagree"
    cli = {"alternate": pair.alternate, "canonical": pair.canonical}
    screen = {"alternate": field_text(pair.alternate), "canonical": field_text(pair.canonical)}
    return RowIssue(
        pair.alternate, english(Text(key, {**params, **cli})), Text(key, {**params, **screen})
    )


def _cutoff(criterion: Criterion, field: str, value: float) -> RowIssue:
    params = {
        "value": quantity_text(f"{value:g}", FIELD_BY_NAME[field].unit),
        "note": criterion.on_cutoff_note_text,
        "rule": criterion.rule_text,
    }
    key = "engine.record.on_cutoff"
    return RowIssue(
        field,
        english(Text(key, {**params, "field": field})),
        Text(key, {**params, "field": field_text(field)}),
    )


# A value or a column of values: each rule below serves a value and a column alike.
V = TypeVar("V", float, np.ndarray)


def units_disagree(canonical: V, converted: V) -> V:
    """Both units given and more than 5 % apart (a value, or each row of two columns);
    NaN = not given."""
    with np.errstate(invalid="ignore", over="ignore"):
        both = ~np.isnan(canonical) & ~np.isnan(converted)
        return both & (
            abs(canonical - converted) > UNIT_AGREEMENT_RELATIVE * np.maximum(canonical, converted)
        )


def lab_value(pair: LabPair, canonical: V, alternate: V) -> tuple[Any, Any, Any]:
    """(value in the rule's unit, value as given, given in the other unit?) of one lab, for
    a value or a column (NaN = not given): the rule's unit wins when both are given."""
    use_canonical = ~np.isnan(canonical)
    value = np.where(use_canonical, canonical, pair.to_canonical(alternate))
    return value, np.where(use_canonical, canonical, alternate), ~use_canonical


def given_in_either_unit(key: str, given: Mapping[str, Any]) -> Any:
    """Whether a criterion's input holds a value (maybe an invalid one) in the rule's unit
    or the other; a flag or a column of flags. Not given = missing (never 0 points)."""
    pair = CANONICAL_PAIR.get(key)
    return given[key] | given[pair.alternate] if pair else given[key]


def points_range(criteria: tuple[Criterion, ...], values: Mapping[str, Any]) -> tuple[Any, Any]:
    """(points earned, points not known) from each criterion's input in the rule's unit,
    a float (booleans as 0/1) or a float64 column; NaN = not known, never 0 points."""
    low: Any = 0
    unknown: Any = 0
    for c in criteria:
        v = values[c.key]
        known = ~np.isnan(v)
        low = low + (is_met(c, v) & known) * c.points
        unknown = unknown + (~known) * c.points
    return low, unknown


def score_range(low: Any, unknown: Any, valid: Any, top: int) -> tuple[Any, Any, Any]:
    """(score, min, max): the score only when every point is known; an invalid record
    scores nothing (NaN) and ranges over 0 to `top`. Floats, for a value or a column."""
    score = np.where(valid & (unknown == 0), low, np.nan).astype(np.float64)
    minimum = np.where(valid, low, 0).astype(np.float64)
    maximum = np.where(valid, low + unknown, top).astype(np.float64)
    return score, minimum, maximum


def record_issues(
    record: Any, also_known: frozenset[str] = frozenset(), unknown_seen: set[str] | None = None
) -> tuple[list[RowIssue], list[RowIssue]]:
    """The record-level checks: (errors, warnings) for a record that is not an object, a
    key given more than once, a field the engine does not know.

    `also_known` names fields that belong to the caller (e.g. `died`): not warned about.
    With `unknown_seen` (a file's unknown fields so far, updated here), an unknown field is
    warned about on the first record that has it only (issue 13).
    """
    errors: list[RowIssue] = []
    warnings: list[RowIssue] = []
    if not isinstance(record, Mapping):
        return [_issue(None, "not_an_object")], warnings
    for key in getattr(record, "duplicate_keys", ()):
        errors.append(_issue(key, "duplicate"))
    for key in getattr(record, "invalid_text_keys", ()):  # issue 21
        errors.append(RowIssue(key, invalid_text_message(key), invalid_text_text(key)))
    if not is_identifier(record.get("id")):
        raw = record["id"]
        errors.append(RowIssue("id", not_an_identifier_message(raw), not_an_identifier_text(raw)))
    for raw_key in record:
        key = str(raw_key)
        if key in FIELD_BY_NAME or key in also_known:
            continue
        if unknown_seen is not None:
            if key in unknown_seen:
                continue
            unknown_seen.add(key)
        warnings.append(_issue(key, "unknown_field"))
    return errors, warnings


Issues = dict[int, list[RowIssue]]


@dataclass
class Column:
    """One input field read for every row."""

    values: np.ndarray  # float64 (booleans as 0/1), NaN when not known or unreadable
    given: np.ndarray  # bool: the row holds a value (maybe an invalid one)
    errors: dict[int, str] = field(default_factory=dict)  # the CLI's English
    warnings: dict[int, str] = field(default_factory=dict)
    # Each of them as an issue (with its Text for the screen): one object per distinct
    # message, shared by every row that has it (issue 21).
    issues: dict[int, RowIssue] = field(default_factory=dict)

    def error(self, row: int, issue: RowIssue) -> None:
        self.errors[row] = issue.message
        self.issues[row] = issue

    def warning(self, row: int, issue: RowIssue) -> None:
        self.warnings[row] = issue.message
        self.issues[row] = issue


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
    # One message per distinct cell text (issue 21), as for the bounds below.
    built: dict[tuple[bool, str], RowIssue] = {}

    def unreadable(row: int, finite_number: bool) -> None:
        raw = _raw_at(text, row)
        if (finite_number, raw) not in built:
            if integer:
                issue = (not_an_integer_message(name, raw), not_an_integer_text(name, raw))
            elif finite_number:
                issue = (not_finite_message(name), not_finite_text(name))
            else:
                issue = (not_a_number_message(name, raw), not_a_number_text(name, raw))
            built[finite_number, raw] = RowIssue(name, *issue)
        column.error(row, built[finite_number, raw])

    for row in np.flatnonzero(given & ~numeric).tolist():
        unreadable(row, finite_number=False)
    bad = (given & numeric & ~whole) if integer else (given & numeric & ~finite)
    for row in np.flatnonzero(bad).tolist():
        unreadable(row, finite_number=True)
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
            column.error(row, RowIssue(name, str(exc), exc.text))
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
    built: dict[str, RowIssue] = {}  # one message per distinct cell text
    for row in np.flatnonzero(given & ~is_true & ~is_false).tolist():
        raw = _raw_at(text, row)
        if raw not in built:
            message = not_a_boolean_message(name, raw)
            built[raw] = RowIssue(name, message, not_a_boolean_text(name, raw))
        column.error(row, built[raw])
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
    # The message is built once in English (the CLI's) and once as a Text (the screen's).
    kinds = (
        (impossible, bounds.error_message, bounds.error_text, column.error),
        (suspicious & ~impossible, bounds.warning_message, bounds.warning_text, column.warning),
    )
    for rows, message, text, record in kinds:
        issues: dict[tuple[float, float], RowIssue] = {}
        for row in np.flatnonzero(rows).tolist():
            key = (v[row], math.copysign(1.0, v[row]))
            if key not in issues:
                value = as_read(v[row])
                issues[key] = RowIssue(name, message(limits, value), text(limits, value))  # type: ignore[arg-type]
            record(row, issues[key])


def _add(issues: Issues, row: int, issue: RowIssue) -> None:
    issues.setdefault(row, []).append(issue)


@dataclass
class ScoreColumns:
    """One registry score for every row: floats, NaN = null."""

    score: PointsScore
    value: np.ndarray
    min: np.ndarray
    max: np.ndarray
    missing: MissingPatterns
    logistic: np.ndarray | None  # None: the score has no verified equation
    observed: np.ndarray | None  # None: the score has no observed bands

    def figures(self, i: int) -> ScoreFigures:
        return (
            _int_or_none(self.value[i]),
            int(self.min[i]),
            int(self.max[i]),
            self.missing.at(i),
            None if self.logistic is None else _float_or_none(self.logistic[i]),
            None if self.observed is None else _float_or_none(self.observed[i]),
        )

    def flat_columns(self, ints: Any, floats: Any) -> dict[str, pa.Array]:
        key = self.score.key
        columns = {
            f"{key}_score": ints(self.value),
            f"{key}_min": ints(self.min),
            f"{key}_max": ints(self.max),
            f"{key}_missing": self.missing.joined(),
        }
        if self.logistic is not None:
            columns[f"{key}_mortality_logistic"] = floats(self.logistic)
        if self.observed is not None:
            columns[f"{key}_mortality_observed"] = floats(self.observed)
        return columns


@dataclass
class BatchResult:
    """Per-row results as columns; `to_contract()` gives the contract's objects."""

    n: int
    ids: pa.Array  # text or null
    assessment_day: np.ndarray  # float64, NaN = null
    classification: np.ndarray  # object: str or None
    scores: dict[str, ScoreColumns]  # by registry key, in the registry's order
    inputs: dict[str, Input]  # each criterion input, for a case's breakdown
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
            scores={key: columns.figures(i) for key, columns in self.scores.items()},
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
                cells[row] = " | ".join(message for _, message, _ in items)
            return cells

        def ints(a: np.ndarray) -> pa.Array:
            return pa.array(a, mask=np.isnan(a)).cast(pa.int64())

        def floats(a: np.ndarray) -> pa.Array:
            return pa.array(a, mask=np.isnan(a))

        columns: dict[str, Any] = {
            "id": self.ids,
            "assessment_day": ints(self.assessment_day),
            "classification": pa.array(self.classification, type=pa.string()),
        }
        for score_columns in self.scores.values():
            columns.update(score_columns.flat_columns(ints, floats))
        columns["errors"] = pa.array(joined(self.errors), type=pa.string())
        columns["warnings"] = pa.array(joined(self.warnings), type=pa.string())
        return pa.table(columns)


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
class Input:
    """A criterion input for every row: in the rule's unit, and as given."""

    value: np.ndarray  # in the rule's unit
    input_value: np.ndarray  # as given
    field: str  # the field when given in the rule's unit
    alternate: str | None = None  # the other unit's field ...
    used_alternate: np.ndarray | None = None  # ... and the rows that gave it

    def field_at(self, row: int) -> str:
        if self.used_alternate is not None and self.used_alternate[row]:
            return self.alternate  # type: ignore[return-value]
        return self.field


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
                # A value out of bounds is kept for the unit-agreement check.
                column.values[list(parse_failed)] = np.nan
        read[spec.name] = column
    for spec in FIELDS:
        if spec.name not in read:
            continue
        col = read[spec.name]
        for row in sorted(set(col.errors) | set(col.warnings)):
            _add(errors if row in col.errors else warnings, row, col.issues[row])

    inputs = _criterion_inputs(read, errors)
    valid = np.ones(n, dtype=bool)
    valid[list(errors)] = False
    for item in inputs.values():  # an invalid record scores nothing
        item.value = np.where(valid, item.value, np.nan)

    known_scores = registry.SCORES
    for score in known_scores:
        _add_cutoff_warnings(score.criteria, inputs, warnings)

    given = {name: col.given for name, col in read.items()}
    day_col = read["assessment_day"]
    day = np.where(day_col.given, day_col.values, float(DEFAULT_ASSESSMENT_DAY))
    return BatchResult(
        n=n,
        ids=_read_ids(columns.get("id"), n),
        assessment_day=day,
        classification=classification.classify_array(inputs["bsa_detached_pct"].value),
        scores={s.key: _score_columns(s, inputs, given, valid, n) for s in known_scores},
        inputs=inputs,
        errors=errors,
        warnings=warnings,
    )


# The fields a criterion may read: every number or flag in the rule's unit (a lab in the
# other unit is read through its pair); the day and the identifier are not criteria.
_CRITERION_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in FIELDS
    if f.kind in ("number", "boolean") and f.canonical is None and f.name not in CANONICAL_PAIR
)


def _criterion_inputs(read: dict[str, Column], errors: Issues) -> dict[str, Input]:
    """Each criterion input in the rule's unit; two units of one lab must agree."""
    inputs: dict[str, Input] = {}
    for name in _CRITERION_FIELDS:
        v = read[name].values
        inputs[name] = Input(v, v, name)
    for pair in LAB_PAIRS:
        canonical, alternate = read[pair.canonical].values, read[pair.alternate].values
        disagree = units_disagree(canonical, pair.to_canonical(alternate))
        for row in np.flatnonzero(disagree).tolist():
            _add(errors, row, _disagreement(pair, float(canonical[row]), float(alternate[row])))
        value, as_given, used_alternate = lab_value(pair, canonical, alternate)
        inputs[pair.canonical] = Input(
            value=value,
            input_value=as_given,
            field=pair.canonical,
            alternate=pair.alternate,
            used_alternate=used_alternate,
        )
    return inputs


def _add_cutoff_warnings(
    criteria: tuple[Criterion, ...], inputs: dict[str, Input], warnings: Issues
) -> None:
    for c in criteria:
        if not c.on_cutoff_note:
            continue
        item = inputs[c.key]
        with np.errstate(invalid="ignore"):
            hit = is_on_cutoff(c, item.value)
        built: dict[tuple[str, float], RowIssue] = {}  # once per field and value (issue 21)
        for row in np.flatnonzero(hit).tolist():
            key = (item.field_at(row), float(item.input_value[row]))
            if key not in built:
                built[key] = _cutoff(c, *key)
            _add(warnings, row, built[key])


def _score_columns(
    score: PointsScore,
    inputs: dict[str, Input],
    given: dict[str, np.ndarray],
    valid: np.ndarray,
    n: int,
) -> ScoreColumns:
    criteria = score.criteria
    low, unknown = points_range(criteria, {c.key: inputs[c.key].value for c in criteria})
    value, minimum, maximum = score_range(low, unknown, valid, max_points(criteria))
    complete = ~np.isnan(value)
    index = np.where(complete, value, 0).astype(np.int64)

    def look_up(table: tuple[float, ...] | None) -> np.ndarray | None:
        if table is None:
            return None
        return np.where(complete, np.array(table)[index], np.nan)

    given_by_key = {c.key: given_in_either_unit(c.key, given) for c in criteria}
    return ScoreColumns(
        score=score,
        value=value,
        min=minimum,
        max=maximum,
        missing=_missing_patterns(criteria, given_by_key, n),
        logistic=look_up(score.logistic_by_score),
        observed=look_up(score.observed_by_score),
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
    # Only the fields some record has: an absent column is read as "not known" at once.
    columns: dict[str, list[Any]] = {}
    for row, record in enumerate(records):
        errors, warnings = record_issues(record, also_known, unknown_seen)
        if errors:
            row_errors[row] = errors
        if warnings:
            row_warnings[row] = warnings
        if isinstance(record, Mapping):
            for key, value in record.items():
                if str(key) in FIELD_BY_NAME:
                    columns.setdefault(str(key), [None] * n)[row] = value
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
        row_warnings = {0: [_issue(name, "unknown_field") for name in unknown]}
    columns = {name: table.column(name) for name in table.column_names if name in FIELD_BY_NAME}
    return score_columns(columns, n, None, row_warnings)
