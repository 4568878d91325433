"""Severity of one case: read and check the inputs, then SCORTEN, ABCD-10 and extent.

This is the one-case path, written for reading; `scoring.batch` is its vectorised twin
and a property test holds them equal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scoring import abcd10, bounds, classification, scorten, units
from scoring.criteria import Criterion, is_met, is_on_cutoff
from scoring.fields import (
    DEFAULT_ASSESSMENT_DAY,
    FIELD_BY_NAME,
    FIELDS,
    FieldError,
    is_blank,
    read_boolean,
    read_integer,
    read_number,
    read_text,
)
from scoring.models import (
    CaseInput,
    CaseResult,
    CriterionResult,
    Issue,
    ObservedBandResult,
    ScoreResult,
)

# shared/contract.md: both unit forms of one analyte only when they agree within 5 %,
# measured on the mmol/L values (relative to the larger of the two).
UNIT_AGREEMENT_RELATIVE = 0.05


@dataclass(frozen=True)
class LabPair:
    canonical: str  # field in the rule's unit (mmol/L)
    alternate: str  # the same analyte in mg/dL
    to_canonical: Callable[[Any], Any]
    from_canonical: Callable[[Any], Any]


LAB_PAIRS: tuple[LabPair, ...] = (
    LabPair(
        "urea_mmol_l",
        "bun_mg_dl",
        units.bun_mg_dl_to_urea_mmol_l,
        units.urea_mmol_l_to_bun_mg_dl,
    ),
    LabPair(
        "glucose_mmol_l",
        "glucose_mg_dl",
        units.glucose_mg_dl_to_mmol_l,
        units.glucose_mmol_l_to_mg_dl,
    ),
)
CANONICAL_PAIR = {pair.canonical: pair for pair in LAB_PAIRS}
# Criterion inputs taken as given (one unit only); the labs above come in two.
DIRECT_INPUTS: tuple[str, ...] = (
    "age_years",
    "heart_rate_bpm",
    "malignancy",
    "bsa_detached_pct",
    "bicarbonate_mmol_l",
    "dialysis_before_admission",
)


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


def units_disagree(canonical: float, converted: float) -> bool:
    return abs(canonical - converted) > UNIT_AGREEMENT_RELATIVE * max(canonical, converted)


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


def _known_inputs(values: dict, errors: list[Issue]) -> dict[str, _Known]:
    known: dict[str, _Known] = {}
    for name in DIRECT_INPUTS:
        if values.get(name) is not None:
            known[name] = _Known(name, values[name], values[name])
    for pair in LAB_PAIRS:
        canonical, alternate = values.get(pair.canonical), values.get(pair.alternate)
        if canonical is not None and alternate is not None:
            if units_disagree(canonical, pair.to_canonical(alternate)):
                errors.append(
                    Issue(
                        field=pair.alternate,
                        message=disagreement_message(pair, canonical, alternate),
                    )
                )
            known[pair.canonical] = _Known(pair.canonical, canonical, canonical)
        elif canonical is not None:
            known[pair.canonical] = _Known(pair.canonical, canonical, canonical)
        elif alternate is not None:
            known[pair.canonical] = _Known(pair.alternate, alternate, pair.to_canonical(alternate))
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
    top = sum(c.points for c in criteria)
    return ScoreResult(
        name=name,
        score=None,
        min=0,
        max=top,
        max_possible=top,
        missing=missing,
        criteria=[],
        reference=ref,
    )


def _points_score(
    name: str, criteria: tuple[Criterion, ...], known: dict[str, _Known], reference: str
) -> tuple[ScoreResult, list[CriterionResult]]:
    results = [_criterion_result(c, known.get(c.key)) for c in criteria]
    low = sum(r.points for r in results if r.points is not None)
    high = low + sum(r.points_if_met for r in results if r.points is None)
    missing = [r.key for r in results if r.points is None]
    score = low if not missing else None
    top = sum(c.points for c in criteria)
    return (
        ScoreResult(
            name=name,
            score=score,
            min=low,
            max=high,
            max_possible=top,
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
    missing = []
    for c in criteria:
        pair = CANONICAL_PAIR.get(c.key)
        if c.key not in given and not (pair and pair.alternate in given):
            missing.append(c.key)
    return missing


def score_case(record: Mapping[str, Any] | CaseInput) -> CaseResult:
    """Score one case; never raises for bad input (errors are in the result)."""
    if isinstance(record, CaseInput):
        record = record.as_record()
    errors: list[Issue] = []
    warnings: list[Issue] = []
    if not isinstance(record, Mapping):
        errors.append(Issue(field=None, message=not_an_object_message()))
        record = {}
    for key in getattr(record, "duplicate_keys", ()):
        errors.append(Issue(field=key, message=duplicate_message(key)))
    for key in record:
        if str(key) not in FIELD_BY_NAME:
            warnings.append(Issue(field=str(key), message=unknown_field_message(str(key))))

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
                message = cutoff_message(criterion, row.field, float(row.input_value))
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
