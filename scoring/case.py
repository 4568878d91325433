"""Severity of one case: the one-row batch (scoring.batch) plus its criterion breakdown.

There is one path: `score_case` scores the record as a batch of one row, so a case and
the same row of a cohort cannot differ, and reads each criterion's basis (the input as
given, its unit, the rule, the points) from the same columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np

from scoring import scores as registry
from scoring.batch import (
    UNIT_AGREEMENT_RELATIVE,
    BatchResult,
    Input,
    ScoreColumns,
    record_issues,
    score_records,
    units_disagree,
)
from scoring.criteria import Criterion, is_met, is_on_cutoff
from scoring.fields import CANONICAL_PAIR, FIELD_BY_NAME, LAB_PAIRS, LabPair
from scoring.models import (
    CaseInputBase,
    CaseResult,
    CriterionResult,
    Issue,
    ObservedBandResult,
    ScoreResult,
)
from scoring.words import english

# Re-exported for callers that read a case's lab pairs and checks from here.
__all__ = [
    "CANONICAL_PAIR",
    "LAB_PAIRS",
    "UNIT_AGREEMENT_RELATIVE",
    "LabPair",
    "case_result",
    "record_issues",
    "score_case",
    "units_disagree",
]


# The inputs a score or the extent reads: an error elsewhere (the assessment day, say)
# withholds everything, as the contract does.
SCORED_FIELDS = frozenset(
    {c.key for score in registry.SCORES for c in score.criteria} | {"bsa_detached_pct"}
)


def score_case(
    record: Mapping[str, Any] | CaseInputBase, *, withhold: Literal["record", "score"] = "record"
) -> CaseResult:
    """Score one case; never raises for bad input (errors are in the result).

    `withhold="record"` is the contract's rule: a record with an impossible input gets no
    score. `withhold="score"` is the app's (issue 22): an impossible input withholds only
    the scores that read it, and the extent only if it is the detachment. A glucose error
    withholds SCORTEN and leaves ABCD-10, which does not read glucose. The errors are the
    same either way.
    """
    if isinstance(record, CaseInputBase):
        record = record.as_record()
    result = case_result(score_records([record]), 0)
    if withhold == "record" or not result.errors:
        return result
    return _withhold_per_score(record, result)


def _read_as(field: str | None) -> str | None:
    """The field a criterion reads: a lab in mg/dL is its mmol/L field (`Field.canonical`)."""
    spec = FIELD_BY_NAME.get(field) if field is not None else None
    return (spec.canonical or field) if spec is not None else field


def _withhold_per_score(record: Mapping[str, Any], result: CaseResult) -> CaseResult:
    bad = {_read_as(issue.key) for issue in result.errors}
    if not bad <= SCORED_FIELDS:  # the record as a whole, or an input no score reads
        return result
    # The other inputs scored without the impossible ones: a score that reads none of
    # them is the same as with a correct value there.
    rest = {k: v for k, v in record.items() if _read_as(k) not in bad}
    without = case_result(score_records([rest]), 0)
    withheld = {score.key for field in bad if field for score in registry.feeds(field)}
    scores = {
        key: scored if key in withheld else without.scores[key]
        for key, scored in result.scores.items()
    }
    extent = None if "bsa_detached_pct" in bad else without.classification
    return result.model_copy(update={"scores": scores, "classification": extent})


def case_result(batch: BatchResult, row: int) -> CaseResult:
    """Row `row` of a batch as a case: its contract figures and each criterion's basis."""
    valid = row not in batch.errors
    day = batch.assessment_day[row]
    return CaseResult(
        id=batch.ids[row].as_py(),
        assessment_day=None if np.isnan(day) else int(day),
        classification=batch.classification[row],
        scores={
            key: _score_result(columns, batch.inputs, row, valid)
            for key, columns in batch.scores.items()
        },
        errors=[Issue(field=f, message=m, text=t) for f, m, t in batch.errors.get(row, ())],
        warnings=[Issue(field=f, message=m, text=t) for f, m, t in batch.warnings.get(row, ())],
    )


def _score_result(
    columns: ScoreColumns, inputs: dict[str, Input], row: int, valid: bool
) -> ScoreResult:
    score = columns.score
    value, low, high, missing, logistic, observed = columns.figures(row)
    table = score.logistic_by_score
    band = score.band(value) if value is not None else None
    return ScoreResult(
        key=score.key,
        name=score.name,
        score=value,
        min=low,
        max=high,
        max_possible=score.max_score,
        missing=missing,
        # An invalid record has no breakdown: nothing of it is scored.
        criteria=[_criterion_result(c, inputs[c.key], row) for c in score.criteria]
        if valid
        else [],
        mortality_logistic=logistic,
        mortality_logistic_min=table[low] if table is not None and valid else None,
        mortality_logistic_max=table[high] if table is not None and valid else None,
        mortality_observed=observed,
        band=_band_result(band) if band is not None else None,
        reference=score.reference,
        withheld=not valid,
    )


def _band_result(band: Any) -> ObservedBandResult:
    return ObservedBandResult(
        label=band.label,
        deaths=band.deaths,
        n=band.n,
        mortality=band.mortality,
        ci_low_pct=band.ci_low_pct,
        ci_high_pct=band.ci_high_pct,
    )


def _criterion_result(criterion: Criterion, item: Input, row: int) -> CriterionResult:
    """One criterion's basis; a criterion with no input is not known (None), never 0."""
    rule = {
        "key": criterion.key,
        "label": criterion.label,
        "rule": criterion.rule,
        "source": english(criterion.source),
        "unit": criterion.unit,
        "points_if_met": criterion.points,
    }
    value = float(item.value[row])
    if np.isnan(value):
        unit = FIELD_BY_NAME[criterion.key].unit
        return CriterionResult(
            **rule,
            field=criterion.key,
            input_value=None,
            input_unit=unit,
            value=None,
            met=None,
            points=None,
            on_cutoff=False,
        )
    field = item.field_at(row)
    as_given = float(item.input_value[row])
    flag = FIELD_BY_NAME[field].kind == "boolean"
    met = bool(is_met(criterion, value))
    return CriterionResult(
        **rule,
        field=field,
        input_value=bool(as_given) if flag else as_given,
        input_unit=FIELD_BY_NAME[field].unit,
        value=bool(value) if flag else value,
        met=met,
        points=criterion.points if met else 0,
        on_cutoff=bool(is_on_cutoff(criterion, value)),
    )
