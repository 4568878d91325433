"""Severity of one case: read and check the inputs, then SCORTEN, ABCD-10 and extent.

This is the one-case path, written for reading; `scoring.batch` scores columns. Each
clinical rule is written once and serves both: the comparisons and on-cut-off test
(scoring.criteria), extent (scoring.classification), points and range (`points_range`,
`score_range`), unit choice and agreement (`lab_value`, `units_disagree`), missing inputs
(`given_in_either_unit`), the bound checks (scoring.bounds), the record checks
(`record_issues`) and the contract object (scoring.models.contract_record). The property
tests (tests/scoring/test_properties.py) still hold the two paths equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np

from scoring import abcd10, bounds, classification, scorten
from scoring.criteria import Criterion, is_met, is_on_cutoff, max_points
from scoring.fields import (
    CANONICAL_PAIR,
    DEFAULT_ASSESSMENT_DAY,
    DIRECT_INPUTS,
    FIELD_BY_NAME,
    FIELDS,
    LAB_PAIRS,
    FieldError,
    LabPair,
    is_blank,
    is_identifier,
    not_an_identifier_message,
    read_boolean,
    read_integer,
    read_number,
    read_text,
)
from scoring.models import (
    CaseInputBase,
    CaseResult,
    CriterionResult,
    Issue,
    ObservedBandResult,
    ScoreResult,
)
from scoring.tabular import invalid_text_message

# docs/cli-contract.md: both unit forms of one analyte only when they agree within 5 %,
# measured on the mmol/L values (relative to the larger of the two).
UNIT_AGREEMENT_RELATIVE = 0.05
# The lab pairs and the single-unit inputs are the registry's (re-exported for callers).
__all__ = ["CANONICAL_PAIR", "DIRECT_INPUTS", "LAB_PAIRS", "LabPair", "score_case"]


def not_an_object_message() -> str:
    return "record is not an object of field names and values."


def duplicate_message(key: str) -> str:
    return f"{key}: given more than once."


def unknown_field_message(key: str) -> str:
    return f"{key}: unknown field, ignored."


def disagreement_message(pair: LabPair, canonical: float, alternate: float) -> str:
    converted = pair.to_canonical(alternate)
    return (
        f"{pair.alternate}: {alternate:g} {FIELD_BY_NAME[pair.alternate].unit} "
        f"(= {converted:.4g} mmol/L) disagrees with {pair.canonical} {canonical:g} mmol/L "
        f"by more than {UNIT_AGREEMENT_RELATIVE:.0%}; give one unit or correct one value."
    )


# A value or a column of values: each rule below serves the one-case path and the batch.
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
) -> tuple[list[tuple[str | None, str]], list[tuple[str | None, str]]]:
    """The record-level checks: (errors, warnings) for a record that is not an object, a
    key given more than once, a field the engine does not know.

    `also_known` names fields that belong to the caller (e.g. `died`): not warned about.
    With `unknown_seen` (a file's unknown fields so far, updated here), an unknown field is
    warned about on the first record that has it only (issue 13).
    """
    errors: list[tuple[str | None, str]] = []
    warnings: list[tuple[str | None, str]] = []
    if not isinstance(record, Mapping):
        return [(None, not_an_object_message())], warnings
    for key in getattr(record, "duplicate_keys", ()):
        errors.append((key, duplicate_message(key)))
    for key in getattr(record, "invalid_text_keys", ()):  # issue 21
        errors.append((key, invalid_text_message(key)))
    if not is_identifier(record.get("id")):
        errors.append(("id", not_an_identifier_message(record["id"])))
    for raw_key in record:
        key = str(raw_key)
        if key in FIELD_BY_NAME or key in also_known:
            continue
        if unknown_seen is not None:
            if key in unknown_seen:
                continue
            unknown_seen.add(key)
        warnings.append((key, unknown_field_message(key)))
    return errors, warnings


def cutoff_message(criterion: Criterion, field: str, value: float) -> str:
    unit = FIELD_BY_NAME[field].unit
    shown = f"{value:g} {unit}".rstrip()
    return f"{field}: {shown} is {criterion.on_cutoff_note} (rule: {criterion.rule})."


@dataclass
class _Known:
    """A criterion input as the record gave it, and in the rule's unit."""

    field: str
    input_value: float | bool
    value: float | bool


def _read(record: Mapping[str, Any], errors: list[Issue], warnings: list[Issue]) -> dict:
    """Field values (None when not known or invalid); `given` lists fields with a value."""
    values: dict[str, Any] = {"given": set()}
    for spec in FIELDS:
        raw = record.get(spec.name)
        if not is_blank(raw):
            values["given"].add(spec.name)
        try:
            if spec.kind == "text":
                values[spec.name] = read_text(raw)
                continue
            if spec.kind == "boolean":
                values[spec.name] = read_boolean(spec.name, raw)
                continue
            reader = read_integer if spec.kind == "integer" else read_number
            value = reader(spec.name, raw)
        except FieldError as exc:
            errors.append(Issue(field=spec.name, message=str(exc)))
            values[spec.name] = None
            continue
        values[spec.name] = value
        if value is None:
            continue
        limits = bounds.BOUNDS[spec.name]
        message = bounds.error_message(limits, value)
        if message:
            errors.append(Issue(field=spec.name, message=message))
            if spec.kind == "integer":
                values[spec.name] = None  # an invalid day is not echoed back
            continue
        message = bounds.warning_message(limits, value)
        if message:
            warnings.append(Issue(field=spec.name, message=message))
    return values


def _nan(value: float | None) -> float:
    return np.nan if value is None else value


def _known_inputs(values: dict, errors: list[Issue]) -> dict[str, _Known]:
    known: dict[str, _Known] = {}
    for name in DIRECT_INPUTS:
        if values.get(name) is not None:
            known[name] = _Known(name, values[name], values[name])
    for pair in LAB_PAIRS:
        canonical, alternate = _nan(values.get(pair.canonical)), _nan(values.get(pair.alternate))
        if units_disagree(canonical, pair.to_canonical(alternate)):
            message = disagreement_message(pair, canonical, alternate)
            errors.append(Issue(field=pair.alternate, message=message))
        value, as_given, used_alternate = lab_value(pair, canonical, alternate)
        if not np.isnan(value):
            field = pair.alternate if used_alternate else pair.canonical
            known[pair.canonical] = _Known(field, float(as_given), float(value))
    return known


def _criterion_result(criterion: Criterion, known: _Known | None) -> CriterionResult:
    """One criterion's basis; a criterion with no input is not known (None), never 0."""
    met = is_met(criterion, known.value) if known else None
    field = known.field if known else criterion.key
    return CriterionResult(
        key=criterion.key,
        label=criterion.label,
        rule=criterion.rule,
        source=criterion.source,
        field=field,
        input_value=known.input_value if known else None,
        input_unit=FIELD_BY_NAME[field].unit,
        value=known.value if known else None,
        unit=criterion.unit,
        points_if_met=criterion.points,
        met=met,
        points=None if met is None else (criterion.points if met else 0),
        on_cutoff=is_on_cutoff(criterion, known.value) if known else False,
    )


def _empty_score(name: str, criteria: tuple[Criterion, ...], missing: list[str], ref: str):
    """An invalid record: no score; its range is `score_range`'s for an invalid row."""
    top = max_points(criteria)
    _, low, high = score_range(0, 0, False, top)
    return ScoreResult(
        name=name,
        score=None,
        min=int(low),
        max=int(high),
        max_possible=top,
        missing=missing,
        criteria=[],
        reference=ref,
    )


def _points_score(
    name: str, criteria: tuple[Criterion, ...], known: dict[str, _Known], reference: str
) -> tuple[ScoreResult, list[CriterionResult]]:
    results = [_criterion_result(c, known.get(c.key)) for c in criteria]
    values = {c.key: float(known[c.key].value) if c.key in known else np.nan for c in criteria}
    score, low, high = score_range(*points_range(criteria, values), True, max_points(criteria))
    missing = [r.key for r in results if r.points is None]
    return (
        ScoreResult(
            name=name,
            score=None if np.isnan(score) else int(score),
            min=int(low),
            max=int(high),
            max_possible=max_points(criteria),
            missing=missing,
            criteria=results,
            reference=reference,
        ),
        results,
    )


def _with_scorten_mortality(result: ScoreResult) -> ScoreResult:
    band = scorten.observed_band(result.score) if result.score is not None else None
    return result.model_copy(
        update={
            "mortality_logistic": scorten.LOGISTIC_BY_SCORE[result.score]
            if result.score is not None
            else None,
            "mortality_logistic_min": scorten.LOGISTIC_BY_SCORE[result.min],
            "mortality_logistic_max": scorten.LOGISTIC_BY_SCORE[result.max],
            "mortality_observed": band.mortality if band else None,
            "band": ObservedBandResult(
                label=band.label,
                deaths=band.deaths,
                n=band.n,
                mortality=band.mortality,
                ci_low_pct=band.ci_low_pct,
                ci_high_pct=band.ci_high_pct,
            )
            if band
            else None,
        }
    )


def _missing(criteria: tuple[Criterion, ...], given: set[str]) -> list[str]:
    """Criteria with no value in either unit (an invalid value is an error, not missing)."""
    flags = {spec.name: spec.name in given for spec in FIELDS}
    return [c.key for c in criteria if not given_in_either_unit(c.key, flags)]


def score_case(record: Mapping[str, Any] | CaseInputBase) -> CaseResult:
    """Score one case; never raises for bad input (errors are in the result)."""
    if isinstance(record, CaseInputBase):
        record = record.as_record()
    record_errors, record_warnings = record_issues(record)
    errors = [Issue(field=f, message=m) for f, m in record_errors]
    warnings = [Issue(field=f, message=m) for f, m in record_warnings]
    if not isinstance(record, Mapping):
        record = {}

    values = _read(record, errors, warnings)
    known = _known_inputs(values, errors)
    given = values["given"]
    day = values["assessment_day"]
    if day is None and "assessment_day" not in given:
        day = DEFAULT_ASSESSMENT_DAY

    if errors:
        return CaseResult(
            id=values["id"],
            assessment_day=day,
            classification=None,
            scorten=_empty_score(
                "SCORTEN",
                scorten.CRITERIA,
                _missing(scorten.CRITERIA, given),
                scorten.REFERENCE,
            ),
            abcd10=_empty_score(
                "ABCD-10",
                abcd10.CRITERIA,
                _missing(abcd10.CRITERIA, given),
                abcd10.REFERENCE,
            ),
            errors=errors,
            warnings=warnings,
        )

    scorten_result, scorten_rows = _points_score(
        "SCORTEN", scorten.CRITERIA, known, scorten.REFERENCE
    )
    abcd10_result, abcd10_rows = _points_score("ABCD-10", abcd10.CRITERIA, known, abcd10.REFERENCE)
    for criteria, rows in ((scorten.CRITERIA, scorten_rows), (abcd10.CRITERIA, abcd10_rows)):
        for criterion, row in zip(criteria, rows, strict=True):
            if row.on_cutoff and criterion.on_cutoff_note:
                message = cutoff_message(criterion, row.field, float(cast(float, row.input_value)))
                warnings.append(Issue(field=row.field, message=message))

    bsa = known.get("bsa_detached_pct")
    return CaseResult(
        id=values["id"],
        assessment_day=day,
        classification=classification.classify(float(bsa.value) if bsa else None),
        scorten=_with_scorten_mortality(scorten_result),
        abcd10=abcd10_result,
        errors=[],
        warnings=warnings,
    )
